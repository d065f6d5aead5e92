// Invitations from a file: refresh the progress line while they are sent in the background.
(function () {
  "use strict";
  var line = document.querySelector("[data-progress-url]");
  if (!line) return;
  var bar = document.querySelector("[data-progress-bar]");
  var url = line.getAttribute("data-progress-url");

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (progress) {
        if (!progress) return;
        line.textContent = progress.text;
        if (bar) { bar.max = progress.total; bar.value = progress.done; }
        if (progress.status === "sending") {
          window.setTimeout(poll, 2000);
        } else {
          window.location.reload(); // the outcome of each row
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
