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
  // Member filters cut short on a big consortium: a search box above the select asks the server for
  // matching names (at most 20) and offers them in the select; the first option ("all") stays.
  document.querySelectorAll("select[data-lookup]").forEach(function (select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control form-control-sm mb-1";
    box.placeholder = select.getAttribute("data-lookup-placeholder") || "";
    box.setAttribute("aria-label", box.placeholder);
    select.parentNode.insertBefore(box, select);
    var timer = null;
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = select.getAttribute("data-lookup") + "&q=" + encodeURIComponent(box.value);
        fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (rows) {
            var keep = select.value;
            while (select.options.length > 1) select.remove(1);
            rows.forEach(function (row) {
              var opt = document.createElement("option");
              opt.value = row.id;
              opt.textContent = row.name;
              if (String(row.id) === keep) opt.selected = true;
              select.appendChild(opt);
            });
          });
      }, 250);
    });
  });
});
