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
    // Horizontal bars (spec.horizontal) keep long category names, such as enterprises, all readable:
    // one row per category, first at the top, the chart as tall as its rows need.
    var horizontal = !!spec.horizontal;
    if (!el.style.height) {
      var height = horizontal ? Math.max(240, 96 + 34 * spec.categories.length) : 320;
      el.style.height = (el.getAttribute("data-chart-height") || height) + "px";
    }
    var categoryAxis = { type: "category", data: spec.categories };
    var valueAxis = { type: "value", name: spec.unit || "" };
    if (horizontal) {
      categoryAxis.inverse = true;
      categoryAxis.axisLabel = { interval: 0, width: Math.min(180, Math.round(el.clientWidth * 0.45)), overflow: "truncate" };
    }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      // richText tooltips render inside the canvas: no HTML style attributes for the CSP to block.
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 16, right: 16, top: 64, bottom: 16, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
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
