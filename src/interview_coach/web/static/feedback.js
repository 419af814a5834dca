// Feedback page: rate from the keyboard as in the terminal (Enter accepts the suggestion; a Again, h Hard,
// g Good, e Easy).
(function () {
  "use strict";
  var form = document.querySelector("form.rating");
  if (!form) return;
  var keys = { a: "1", h: "2", g: "3", e: "4" };
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var value = event.key === "Enter" ? "" : keys[event.key.toLowerCase()];
    if (value === undefined) return;
    var button = form.querySelector('button[name=rating][value="' + value + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });
})();
