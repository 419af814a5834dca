// Practice page: the running clock, a draft kept in localStorage on every keystroke (a reload or a lost
// connection keeps the answer), and Ctrl+Enter to submit. The server saves the answer before grading it.
(function () {
  "use strict";
  var section = document.querySelector(".question");
  var box = document.getElementById("answer");
  var form = document.getElementById("answer-form");
  if (!section || !box || !form) return;
  var key = "coach-draft:" + section.dataset.id;
  var status = document.getElementById("draft-status");
  var started = form.querySelector("input[name=started]");
  var shown = Date.now();
  try {
    var kept = localStorage.getItem(key);
    var since = localStorage.getItem(key + ":started");
    if (kept && !box.value) {
      box.value = kept;
      status.textContent = "Your unsent answer was restored.";
      if (since && !isNaN(Date.parse(since))) {  // the clock goes on from the first showing
        started.value = since;
        shown = Date.parse(since);
      }
    }
  } catch (e) { /* storage off: the answer still goes to the server on submit */ }
  box.addEventListener("input", function () {
    try {
      localStorage.setItem(key, box.value);
      if (!localStorage.getItem(key + ":started")) localStorage.setItem(key + ":started", started.value);
      status.textContent = "Draft kept in this browser.";
    } catch (e) {}
  });
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit(); }
  });
  var clock = document.getElementById("clock");
  var budget = parseInt(clock.dataset.budget, 10);
  function tick() {
    var seconds = Math.floor((Date.now() - shown) / 1000);
    clock.textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    clock.classList.toggle("over", seconds > budget);
  }
  tick();
  setInterval(tick, 1000);
  box.focus();
})();
