/* patentnav charts: draws every div.echart from the JSON option beside it with the vendored
   ECharts (/ui/static/echarts.min.js). SVG renderer, so chart text stays text in the page. */
(function () {
  "use strict";

  function esc(value) {
    return String(value).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function fixed(value, digits) {
    return value === null || value === undefined ? "—" : Number(value).toFixed(digits);
  }

  // Tooltips that JSON cannot express, by the container's data-kind.
  var tooltips = {
    checks: function (payload) {
      return function (params) {
        var d = params.data && payload.details[params.data.check];
        if (!d) return "";
        return [
          "<strong>" + esc(d.region) + " " + esc(d.year) + " 年</strong>",
          esc(d.metric) + " (" + esc(d.measure) + ")",
          "目标: " + esc(d.target),
          "实际: " + esc(d.actual) + ", 增长 " + esc(d.growth),
          "结论: " + esc(d.verdict_zh),
          esc(d.reason)
        ].join("<br>");
      };
    },
    gaps: function (payload) {
      return function (params) {
        var first = Array.isArray(params) ? params[0] : params;
        var d = first && payload.details[first.dataIndex];
        if (!d) return "";
        var rta = "RTA " + fixed(d.rta, 2);
        if (d.low !== null && d.low !== undefined && d.high !== null && d.high !== undefined) {
          rta += " (区间 " + fixed(d.low, 2) + " – " + fixed(d.high, 2) + ")";
        }
        var lines = [
          "<strong>" + esc(d.name) + "</strong>",
          "状态: " + esc(d.status),
          "本地区专利: " + (d.patents === null ? "—" : d.patents) + " 件",
          "对标地区专利: " + (d.benchmark === null ? "—" : d.benchmark) + " 件",
          rta
        ];
        if (d.action) lines.push("建议: " + esc(d.action));
        return lines.join("<br>");
      };
    }
  };

  function draw(el) {
    var data = document.getElementById(el.id + "-data");
    if (!data || typeof echarts === "undefined") return;
    var payload = JSON.parse(data.textContent);
    var option = payload.option;
    var make = tooltips[el.dataset.kind];
    if (make && option.tooltip) option.tooltip.formatter = make(payload);
    var chart = echarts.init(el, null, { renderer: "svg", locale: "ZH" });
    chart.on("finished", function () { el.dataset.rendered = "true"; });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.querySelectorAll("div.echart").forEach(draw);
})();
