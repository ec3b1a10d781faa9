// Progress charts: each <figure class="chart" data-chart="{...}"> is drawn with Chart.js (served from
// /static/vendor). The figure's table holds the same numbers, so nothing is lost without scripts or the library.
"use strict";
(function () {
  if (typeof window.Chart !== "function") { return; }
  var GOOD = "#2f7d32", LINE = "#1f6feb", MARK = "#a15c07";

  function draw(figure) {
    var spec = JSON.parse(figure.dataset.chart);
    var canvas = figure.querySelector("canvas");
    var points = spec.points;
    var labels = points.map(function (p) { return p.date; });
    var datasets = [{
      label: spec.short,
      data: points.map(function (p) { return p.value; }),
      borderColor: LINE,
      backgroundColor: points.map(function (p) { return p.important ? GOOD : LINE; }),
      pointStyle: points.map(function (p) { return p.important ? "star" : "circle"; }),
      pointRadius: points.map(function (p) { return p.important ? 9 : 4; }),
      pointBorderColor: points.map(function (p) { return p.important ? GOOD : LINE; }),
      pointBorderWidth: 2,
      tension: 0.2
    }];
    if (spec.threshold !== null) {
      datasets.push({
        label: "Clinically important",
        data: points.map(function () { return spec.threshold; }),
        borderColor: MARK, borderDash: [6, 4], borderWidth: 2, pointRadius: 0,
        fill: spec.lower_is_better ? "start" : "end", backgroundColor: "rgba(47, 125, 50, 0.08)"
      });
    }
    var y = { min: spec.min, max: spec.max, ticks: { precision: 0 } };
    if (spec.levels) {
      y.reverse = true;  // "none" at the top: moving up the chart is moving up toward the back
      y.ticks = { stepSize: 1, callback: function (value) { return spec.levels[value] || ""; } };
    }
    figure.classList.add("drawn");
    return new window.Chart(canvas, {
      type: "line",
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { y: y, x: { ticks: { maxRotation: 0, autoSkip: true } } },
        plugins: {
          legend: { display: spec.threshold !== null, labels: { usePointStyle: true } },
          tooltip: { callbacks: { label: function (item) {
            var p = points[item.dataIndex];
            if (item.datasetIndex === 1) { return "Clinically important: " + spec.threshold + spec.unit; }
            var text = spec.levels ? p.label : p.value + spec.unit;
            return p.important ? text + (spec.levels ? " (moved up)" : " (clinically important)") : text;
          } } }
        }
      }
    });
  }

  document.querySelectorAll("figure.chart[data-chart]").forEach(draw);
})();
