// Practice page: the running clock, the draft kept in this browser (draft.js) and Ctrl+Enter to submit.
(function () {
  "use strict";
  var section = document.querySelector(".question");
  var box = document.getElementById("answer");
  var form = document.getElementById("answer-form");
  if (!section || !box || !form) return;
  var shown = window.coachDraft.keep(box, form, "coach-draft:" + section.dataset.id, {
    restored: "Your unsent answer was restored.", kept: "Draft kept in this browser."
  });
  window.coachDraft.runClock(document.getElementById("clock"), shown);
  box.focus();
})();
