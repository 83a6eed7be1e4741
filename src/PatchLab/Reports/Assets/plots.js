// Draws every <figure class="plot"> of the page as SVG from the JSON in its script element: line charts (linear or
// logarithmic axes, optionally stepped) and bar charts (bars per category, one per series). Marks each figure
// data-drawn="true" and the body data-plots-drawn with the count.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var WIDTH = 760, HEIGHT = 360;
  var MARGIN = { left: 72, top: 14, bottom: 52 };
  var COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

  function el(name, attributes, parent, text) {
    var e = document.createElementNS(NS, name);
    for (var key in attributes) e.setAttribute(key, attributes[key]);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  function format(v) {
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e7 || a < 1e-3)) return v.toExponential(1);
    return Number(v.toPrecision(4)).toLocaleString("en-US");
  }

  // Round steps (1, 2, 5 times a power of ten) covering [lo, hi] with about n intervals.
  function linearTicks(lo, hi, n) {
    if (!(hi > lo)) hi = lo + 1;
    var raw = (hi - lo) / n;
    var magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * magnitude; }).find(function (s) { return s >= raw; });
    var ticks = [];
    for (var v = Math.floor(lo / step) * step; v < hi + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
    return ticks;
  }

  // A scale from data to pixels over [from, to], with its ticks; logarithmic axes tick at powers of ten.
  function scale(axis, values, from, to, includeZero) {
    var lo, hi, ticks;
    values = values.filter(isFinite);
    if (axis.log) {
      values = values.filter(function (v) { return v > 0; });
      if (values.length === 0) values = [1];
      lo = Math.floor(Math.log10(Math.min.apply(null, values)));
      hi = Math.ceil(Math.log10(Math.max.apply(null, values)));
      if (hi === lo) hi = lo + 1;
      ticks = [];
      for (var p = lo; p <= hi; p++) ticks.push(Math.pow(10, p));
      return {
        ticks: ticks,
        valid: function (v) { return v > 0; },
        map: function (v) { return from + (Math.log10(v) - lo) / (hi - lo) * (to - from); }
      };
    }
    if (values.length === 0) values = [0, 1];
    var min = Math.min.apply(null, values), max = Math.max.apply(null, values);
    if (includeZero) { min = Math.min(min, 0); max = Math.max(max, 0); }
    ticks = linearTicks(min, max, 5);
    lo = ticks[0];
    hi = ticks[ticks.length - 1];
    return {
      ticks: ticks,
      valid: function (v) { return isFinite(v); },
      map: function (v) { return from + (v - lo) / (hi - lo) * (to - from); }
    };
  }

  function frame(figure) {
    var svg = el("svg", { viewBox: "0 0 " + WIDTH + " " + HEIGHT, role: "img" });
    figure.appendChild(svg);
    return svg;
  }

  function axes(svg, spec, yScale, left, right, top, bottom) {
    yScale.ticks.forEach(function (t) {
      var y = yScale.map(t);
      el("line", { x1: left, x2: right, y1: y, y2: y, "class": "grid" }, svg);
      el("text", { x: left - 6, y: y + 4, "text-anchor": "end" }, svg, format(t));
    });
    el("line", { x1: left, x2: left, y1: top, y2: bottom, "class": "axis" }, svg);
    el("line", { x1: left, x2: right, y1: bottom, y2: bottom, "class": "axis" }, svg);
    el("text", { x: 14, y: (top + bottom) / 2, "text-anchor": "middle", transform: "rotate(-90 14 " + (top + bottom) / 2 + ")" },
      svg, spec.y.label);
  }

  // Room on the right for a legend of these names, at about 7 pixels a character.
  function rightMargin(names) {
    return 48 + 7 * Math.max.apply(null, names.map(function (n) { return n.length; }).concat([0]));
  }

  function legend(svg, names, x, y, line) {
    names.forEach(function (name, i) {
      var colour = COLOURS[i % COLOURS.length], row = y + i * 18;
      if (line) el("line", { x1: x, x2: x + 18, y1: row, y2: row, stroke: colour, "stroke-width": 2.5 }, svg);
      else el("rect", { x: x + 4, y: row - 6, width: 12, height: 12, fill: colour }, svg);
      el("text", { x: x + 24, y: row + 4 }, svg, name);
    });
  }

  function drawLine(figure, spec) {
    var svg = frame(figure);
    var names = spec.series.map(function (s) { return s.name; });
    var left = MARGIN.left, right = WIDTH - rightMargin(names), top = MARGIN.top, bottom = HEIGHT - MARGIN.bottom;
    var xs = [], ys = [];
    spec.series.forEach(function (s) {
      s.points = s.points.map(function (p) { return [Number(p[0]), Number(p[1])]; });
      s.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); });
    });
    var x = scale(spec.x, xs, left, right, false);
    var y = scale(spec.y, ys, bottom, top, true);
    axes(svg, spec, y, left, right, top, bottom);
    x.ticks.forEach(function (t) {
      var px = x.map(t);
      el("line", { x1: px, x2: px, y1: bottom, y2: bottom + 5, "class": "axis" }, svg);
      el("text", { x: px, y: bottom + 18, "text-anchor": "middle" }, svg, format(t));
    });
    el("text", { x: (left + right) / 2, y: HEIGHT - 10, "text-anchor": "middle" }, svg, spec.x.label);
    spec.series.forEach(function (s, i) {
      var colour = COLOURS[i % COLOURS.length];
      var points = s.points.filter(function (p) { return isFinite(p[0]) && isFinite(p[1]) && x.valid(p[0]) && y.valid(p[1]); });
      if (points.length === 0) return;
      var d = "";
      points.forEach(function (p, j) {
        var px = x.map(p[0]), py = y.map(p[1]);
        if (j === 0) d += "M" + px + " " + py;
        else if (spec.stepped) d += "H" + px + "V" + py;
        else d += "L" + px + " " + py;
      });
      el("path", { d: d, fill: "none", stroke: colour, "stroke-width": 2 }, svg);
      if (points.length <= 60) {
        points.forEach(function (p) {
          var dot = el("circle", { cx: x.map(p[0]), cy: y.map(p[1]), r: 3.5, fill: colour }, svg);
          el("title", {}, dot, s.name + ": " + format(p[0]) + ", " + format(p[1]));
        });
      }
    });
    if (!xs.some(isFinite)) el("text", { x: (left + right) / 2, y: (top + bottom) / 2, "text-anchor": "middle" }, svg, "no data");
    legend(svg, names, right + 16, top + 8, true);
  }

  function drawBars(figure, spec) {
    var svg = frame(figure);
    var names = spec.series.map(function (s) { return s.name; });
    var left = MARGIN.left, right = WIDTH - (names.length > 1 ? rightMargin(names) : 20);
    var top = MARGIN.top, bottom = HEIGHT - MARGIN.bottom;
    var values = [];
    spec.series.forEach(function (s) {
      s.values = s.values.map(Number);
      values = values.concat(s.values);
    });
    var y = scale(spec.y, values, bottom, top, true);
    axes(svg, spec, y, left, right, top, bottom);
    var group = (right - left) / Math.max(spec.categories.length, 1);
    var bar = group * 0.8 / Math.max(spec.series.length, 1);
    spec.categories.forEach(function (category, c) {
      var start = left + c * group + group * 0.1;
      el("text", { x: left + (c + 0.5) * group, y: bottom + 18, "text-anchor": "middle" }, svg, category);
      spec.series.forEach(function (s, i) {
        var v = s.values[c];
        if (!isFinite(v)) {
          el("text", { x: start + (i + 0.5) * bar, y: y.map(0) - 4, "text-anchor": "middle" }, svg, "n/a");
          return;
        }
        var top0 = y.map(Math.max(v, 0)), base = y.map(Math.min(v, 0));
        var rect = el("rect", {
          x: start + i * bar, y: top0, width: Math.max(bar - 2, 1), height: Math.max(base - top0, 0.5),
          fill: COLOURS[i % COLOURS.length]
        }, svg);
        el("title", {}, rect, s.name + ", " + category + ": " + format(v));
        if (bar >= 26) el("text", { x: start + (i + 0.5) * bar, y: top0 - 4, "text-anchor": "middle" }, svg, format(v));
      });
    });
    if (names.length > 1) legend(svg, names, right + 16, top + 8, false);
  }

  var drawn = 0;
  document.querySelectorAll("figure.plot").forEach(function (figure) {
    var spec = JSON.parse(figure.querySelector("script").textContent);
    if (spec.kind === "line") drawLine(figure, spec);
    else if (spec.kind === "bars") drawBars(figure, spec);
    else throw new Error("unknown plot kind " + spec.kind);
    figure.dataset.drawn = "true";
    drawn++;
  });
  document.body.dataset.plotsDrawn = String(drawn);
})();
