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

  function cellTooltip(d) {
    if (!d) return "";
    var rta = "RTA " + fixed(d.rta, 2);
    if (d.low !== null && d.low !== undefined && d.high !== null && d.high !== undefined) {
      rta += " (区间 " + fixed(d.low, 2) + " – " + fixed(d.high, 2) + ")";
    }
    var lines = [
      "<strong>" + esc(d.region) + " · " + esc(d.node) + "</strong>",
      "状态: " + esc(d.status),
      "本地区专利: " + (d.patents === null ? "—" : d.patents) + " 件",
      "对标地区专利: " + (d.benchmark === null ? "—" : d.benchmark) + " 件",
      rta
    ];
    if (d.action) lines.push("建议: " + esc(d.action));
    lines.push('<span style="color:#888">点击查看该地区</span>');
    return lines.join("<br>");
  }
  tooltips.heatmap = function (payload) {
    return function (params) { return cellTooltip(payload.details[params.dataIndex]); };
  };
  tooltips.map = function () {
    return function (params) {
      return params.data ? cellTooltip(params.data.detail) : esc(params.name) + "<br>无数据";
    };
  };

  // A click on a bar, a cell, a province or an axis label opens its detail page.
  function linkClicks(chart, payload) {
    chart.on("click", function (p) {
      var url = (p.data && p.data.url) ||
        (p.componentType === "series" && payload.urls && payload.urls[p.dataIndex]) ||
        (payload.label_links && payload.label_links[p.value]);
      if (url) window.location.href = url;
    });
  }

  function start(el, payload, chart) {
    var option = payload.option;
    var make = tooltips[el.dataset.kind];
    if (make && option.tooltip) option.tooltip.formatter = make(payload);
    chart.on("finished", function () { el.dataset.rendered = "true"; });
    chart.setOption(option);
    linkClicks(chart, payload);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // The map's node select (data-chart names the map) swaps the provinces' colours.
  function nodeSelect(el, payload, chart) {
    var select = document.querySelector('select[data-chart="' + el.id + '"]');
    if (!select) return;
    select.addEventListener("change", function () {
      var i = select.selectedIndex;
      el.dataset.node = payload.nodes[i].key;
      chart.setOption({ series: [{ name: payload.nodes[i].name, data: payload.by_node[i] }] });
    });
  }

  function draw(el) {
    var data = document.getElementById(el.id + "-data");
    if (!data || typeof echarts === "undefined") return;
    var payload = JSON.parse(data.textContent);
    var chart = echarts.init(el, null, { renderer: "svg", locale: "ZH" });
    if (el.dataset.kind !== "map") { start(el, payload, chart); return; }
    fetch(payload.geo).then(function (r) { return r.json(); }).then(function (geo) {
      echarts.registerMap("china", geo);
      if (payload.nodes.length) el.dataset.node = payload.nodes[payload.first].key;
      start(el, payload, chart);
      nodeSelect(el, payload, chart);
    });
  }

  document.querySelectorAll("div.echart").forEach(draw);

  // Sections filled after the page shows (the gap page's province view: 31 analyses).
  document.querySelectorAll("section[data-src]").forEach(function (section) {
    fetch(section.dataset.src).then(function (r) { return r.text(); }).then(function (html) {
      section.innerHTML = html;
      section.querySelectorAll("div.echart").forEach(draw);
      section.dataset.loaded = "true";
    });
  });
})();
