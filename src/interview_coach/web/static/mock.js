// Mock-interview step: the answer's and the interview's clocks (run at the server's test speed, 1 normally),
// the nudges the server listed, and the draft sent to the server as you type (a reload shows it again).
// The browser keeps a copy too, only for when the server cannot be reached. The page also checks in every 30 s,
// so the server can tell a closed tab (the clock stops) from a long think (it runs on).
(function () {
  "use strict";
  var section = document.querySelector(".mock-step");
  var box = document.getElementById("answer");
  var form = document.getElementById("mock-form");
  if (!section || !box || !form) return;
  var url = "/api/mock/sessions/" + section.dataset.session + "/draft";
  var step = section.dataset.step;
  var key = "coach-mock-draft:" + section.dataset.session + ":" + step;
  var status = document.getElementById("draft-status");
  var clock = document.getElementById("answer-clock");
  var whole = document.getElementById("interview-clock");
  var nudge = document.getElementById("nudge");
  var speed = parseFloat(clock.dataset.speed) || 1;
  var spent0 = parseFloat(clock.dataset.spent) || 0;
  var used = parseFloat(whole.dataset.used) || 0;
  var budget = parseInt(clock.dataset.budget, 10);
  var shown = Date.now();
  var sent = box.value, timer = null;

  function save(keepalive, beat) {
    if (box.value === sent && !beat) return;
    var text = box.value;
    fetch(url, {
      method: "PUT", keepalive: !!keepalive, headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ step: step, answer: text })
    }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      sent = text;
      if (!beat || text) status.textContent = "Draft saved on the server.";
    }).catch(function () { status.textContent = "Draft kept in this browser (the server did not answer)."; });
  }
  try {
    var kept = localStorage.getItem(key);
    if (kept && kept !== box.value && kept.length > box.value.length) {
      box.value = kept;
      status.textContent = "Your unsent answer was restored.";
      save(false);
    }
  } catch (e) {}
  box.addEventListener("input", function () {
    try { localStorage.setItem(key, box.value); } catch (e) {}
    clearTimeout(timer);
    timer = setTimeout(function () { save(false); }, 500);
  });
  window.addEventListener("pagehide", function () { save(true); });
  // A check-in every 30 s of interview time: the server counts a longer silence as a pause (tab closed).
  setInterval(function () { save(false, true); }, Math.max(250, 30000 / speed));
  form.addEventListener("submit", function () {
    clearTimeout(timer);
    try { localStorage.removeItem(key); } catch (e) {}
  });
  window.coachDraft.submitOnCtrlEnter(box, form);
  var mmss = window.coachDraft.mmss;
  function tick() {
    var spent = spent0 + (Date.now() - shown) / 1000 * speed;
    clock.textContent = mmss(spent);
    whole.textContent = mmss(used + spent);
    clock.classList.toggle("over", spent > budget);
    var text = "";
    for (var n = 1; nudge.dataset["at" + n] !== undefined; n++) {
      if (spent >= parseFloat(nudge.dataset["at" + n])) text = nudge.dataset["text" + n];
    }
    nudge.textContent = text;
  }
  tick();
  setInterval(tick, Math.max(50, 1000 / speed));
  box.focus();
  box.setSelectionRange(box.value.length, box.value.length);
})();
