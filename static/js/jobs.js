// Follows a background job: polls its status URL, moves the progress bar, reloads when done.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-job-status-url]").forEach(function (box) {
    var url = box.getAttribute("data-job-status-url");
    var bar = box.querySelector("[data-job-progress]");
    var msg = box.querySelector("[data-job-message]");
    if (bar) bar.style.width = (bar.getAttribute("data-progress") || 0) + "%";
    var tick = function () {
      fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
        if (bar) bar.style.width = (data.progress || 0) + "%";
        if (msg && data.message) msg.textContent = data.message;
        if (data.status === "finished" || data.status === "failed") { window.location.reload(); }
        else { setTimeout(tick, 1000); }
      }).catch(function () { setTimeout(tick, 3000); });
    };
    setTimeout(tick, 800);
  });
});
