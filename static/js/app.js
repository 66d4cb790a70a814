// Progressive enhancements: live character counters on narrative fields, confirm dialogs.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("textarea[data-limit]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("data-limit"), 10);
    var counter = document.querySelector('[data-counter-for="' + area.id + '"]');
    if (!counter) return;
    var base = counter.textContent;
    var update = function () {
      var n = area.value.replace(/[\r\n]/g, "").length;
      counter.textContent = base + " (" + n + "/" + limit + ")";
      counter.classList.toggle("over-limit", n > limit);
    };
    area.addEventListener("input", update);
    update();
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
});
