// Team mode: every form posted and every fetch sent from these pages carries the session's CSRF token.
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (!meta) return;
  var token = meta.getAttribute("content");
  function stamp(form) {
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    if (form.querySelector('input[name="csrf_token"]')) return;
    var input = document.createElement("input");
    input.type = "hidden"; input.name = "csrf_token"; input.value = token;
    form.appendChild(input);
  }
  document.addEventListener("submit", function (event) { stamp(event.target); }, true);
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form"), stamp);
  });
  var send = window.fetch;
  if (!send) return;
  window.fetch = function (resource, init) {
    init = init || {};
    var method = (init.method || "GET").toUpperCase();
    var url = new URL(typeof resource === "string" ? resource : resource.url, window.location.href);
    if (method !== "GET" && method !== "HEAD" && url.origin === window.location.origin) {
      var headers = new Headers(init.headers || {});
      headers.set("X-CSRF-Token", token);
      init.headers = headers;
    }
    return send.call(this, resource, init);
  };
})();
