// Pitch drill: the timer against the budget, the words typed as seconds spoken (at the drill's words a
// minute), a draft kept in this browser over a reload, and Ctrl+Enter to submit. The server saves the pitch
// before grading it.
(function () {
  "use strict";
  var section = document.querySelector(".pitch-drill");
  var box = document.getElementById("pitch");
  var form = document.getElementById("pitch-form");
  if (!section || !box || !form) return;
  var key = "coach-pitch:" + section.dataset.project + ":" + section.dataset.which;
  var clock = document.getElementById("pitch-clock");
  var words = document.getElementById("pitch-words");
  var budget = parseInt(clock.dataset.budget, 10);
  var wpm = parseInt(words.dataset.wpm, 10);
  var status = document.getElementById("draft-status");
  var started = form.querySelector("input[name=started]");
  var shown = Date.now();
  try {
    var kept = localStorage.getItem(key);
    var since = localStorage.getItem(key + ":started");
    if (kept && !box.value) {
      box.value = kept;
      status.textContent = "Your unsent pitch was restored.";
      if (since && !isNaN(Date.parse(since))) { started.value = since; shown = Date.parse(since); }
    }
  } catch (e) {}
  function count() {
    var n = box.value.trim() ? box.value.trim().split(/\s+/).length : 0;
    var spoken = Math.round(n * 60 / wpm);
    words.textContent = n + " words ≈ " + spoken + " s spoken";
    words.classList.toggle("over", spoken > budget);
  }
  box.addEventListener("input", function () {
    count();
    try {
      localStorage.setItem(key, box.value);
      if (!localStorage.getItem(key + ":started")) localStorage.setItem(key + ":started", started.value);
    } catch (e) {}
  });
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit(); }
  });
  function tick() {
    var seconds = Math.floor((Date.now() - shown) / 1000);
    clock.textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    clock.classList.toggle("over", seconds > budget);
  }
  count();
  tick();
  setInterval(tick, 1000);
  box.focus();
})();
