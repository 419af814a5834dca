// Shared by the practice page and the pitch drill: the text kept in this browser on every keystroke (a reload or
// a lost connection keeps it), the clock going on from the first showing, and Ctrl+Enter to submit. The server
// saves the text before grading it; this copy is only for what was never sent.
window.coachDraft = (function () {
  "use strict";
  function mmss(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }
  function submitOnCtrlEnter(box, form) {
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); form.requestSubmit(); }
    });
  }
  // Restores the unsent text under `key` and keeps it as it is typed; returns when the question was first shown.
  function keep(box, form, key, messages) {
    var status = document.getElementById("draft-status");
    var started = form.querySelector("input[name=started]");
    var shown = Date.now();
    try {
      var kept = localStorage.getItem(key);
      var since = localStorage.getItem(key + ":started");
      if (kept && !box.value) {
        box.value = kept;
        status.textContent = messages.restored;
        if (since && !isNaN(Date.parse(since))) {  // the clock goes on from the first showing
          started.value = since;
          shown = Date.parse(since);
        }
      }
    } catch (e) { /* storage off: the text still goes to the server on submit */ }
    box.addEventListener("input", function () {
      try {
        localStorage.setItem(key, box.value);
        if (!localStorage.getItem(key + ":started")) localStorage.setItem(key + ":started", started.value);
        if (messages.kept) status.textContent = messages.kept;
      } catch (e) {}
    });
    submitOnCtrlEnter(box, form);
    return shown;
  }
  // A running m:ss clock from `shown`, marked over its budget in seconds.
  function runClock(clock, shown) {
    var budget = parseInt(clock.dataset.budget, 10);
    function tick() {
      var seconds = (Date.now() - shown) / 1000;
      clock.textContent = mmss(seconds);
      clock.classList.toggle("over", seconds > budget);
    }
    tick();
    setInterval(tick, 1000);
    return budget;
  }
  return { keep: keep, mmss: mmss, runClock: runClock, submitOnCtrlEnter: submitOnCtrlEnter };
})();
