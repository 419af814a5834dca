// Pitch drill: the timer against the budget, the words typed as seconds spoken (at the drill's words a
// minute), the draft kept in this browser (draft.js) and Ctrl+Enter to submit.
(function () {
  "use strict";
  var section = document.querySelector(".pitch-drill");
  var box = document.getElementById("pitch");
  var form = document.getElementById("pitch-form");
  if (!section || !box || !form) return;
  var key = "coach-pitch:" + section.dataset.project + ":" + section.dataset.which;
  var shown = window.coachDraft.keep(box, form, key, { restored: "Your unsent pitch was restored." });
  var budget = window.coachDraft.runClock(document.getElementById("pitch-clock"), shown);
  var words = document.getElementById("pitch-words");
  var wpm = parseInt(words.dataset.wpm, 10);
  function count() {
    var n = box.value.trim() ? box.value.trim().split(/\s+/).length : 0;
    var spoken = Math.round(n * 60 / wpm);
    words.textContent = n + " words ≈ " + spoken + " s spoken";
    words.classList.toggle("over", spoken > budget);
  }
  box.addEventListener("input", count);
  count();
  box.focus();
})();
