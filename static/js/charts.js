// ECharts from JSON data blocks: <div data-chart="key" data-chart-source="id"> reads
// <script type="application/json" id="id">{"key": {type, stacked, unit, categories, series}}</script>.
// No inline script, so the strict CSP (script-src 'self') holds.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof echarts === "undefined") return;
  var charts = [];
  document.querySelectorAll("[data-chart][data-chart-source]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-chart-source"));
    if (!source) return;
    var spec;
    try {
      spec = JSON.parse(source.textContent)[el.getAttribute("data-chart")];
    } catch (e) {
      return;
    }
    if (!spec) return;
    if (!el.style.height) el.style.height = (el.getAttribute("data-chart-height") || "320") + "px";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      // richText tooltips render inside the canvas: no HTML style attributes for the CSP to block.
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 16, right: 16, top: 64, bottom: 16, containLabel: true },
      xAxis: { type: "category", data: spec.categories },
      yAxis: { type: "value", name: spec.unit || "" },
      series: spec.series.map(function (s) {
        return {
          name: s.name, type: spec.type || "bar", data: s.data,
          stack: spec.stacked ? "total" : undefined,
          emphasis: { focus: "series" }
        };
      })
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
});
