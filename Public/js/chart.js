// SVG price charts: a tiny sparkline for the list and an accessible chart for the product page.
// Points are [{ date: Date, value: Number, price: String, currency }], oldest first.
import { h, nextId, s } from "./dom.js";
import { price, shortDate, when } from "./format.js";

export function toPoints(history) {
  return (history ?? [])
    .map((p) => ({ date: new Date(p.checked_at), value: Number(p.price), price: p.price, currency: p.currency }))
    .filter((p) => Number.isFinite(p.value) && !Number.isNaN(p.date.getTime()))
    .sort((a, b) => a.date - b.date);
}

function scale([d0, d1], [r0, r1]) {
  const span = d1 - d0 || 1;
  return (x) => r0 + ((x - d0) / span) * (r1 - r0);
}

/** The list's sparkline: decorative (the numbers sit next to it), so hidden from screen readers. */
export function sparkline(points, { width = 120, height = 36 } = {}) {
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, class: "sparkline", "aria-hidden": "true", focusable: "false" });
  if (points.length < 2) {
    svg.append(s("line", { x1: 2, x2: width - 2, y1: height / 2, y2: height / 2, class: "spark-empty" }));
    return svg;
  }
  const values = points.map((p) => p.value);
  const x = scale([points[0].date, points.at(-1).date], [2, width - 2]);
  const y = scale([Math.min(...values), Math.max(...values)], [height - 4, 4]);
  const d = points.map((p, i) => `${i ? "L" : "M"}${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`).join("");
  const last = points.at(-1);
  svg.append(s("path", { d, class: "spark-line" }), s("circle", { cx: x(last.date), cy: y(last.value), r: 2.5, class: "spark-dot" }));
  return svg;
}

// Round tick steps (1, 2, 2.5, 5 × 10^n), so axis labels read like prices people write.
function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((step) => step >= raw);
}

/**
 * The product page's chart. Only one point is in the tab order; arrow keys, Home and End move between
 * points (a roving tabindex), and hovering anywhere shows the nearest point's value.
 */
export function priceChart(points, { currency, summaryId }) {
  const W = 640, H = 280, left = 72, right = 20, top = 20, bottom = 40;
  const wrap = h("div", { class: "chart" });
  const tooltip = h("div", { class: "chart-tooltip", testid: "chart-tooltip", hidden: true, "aria-hidden": "true" });
  const titleId = nextId("chart-title");
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart-svg", testid: "price-chart", role: "group",
    "aria-labelledby": titleId, "aria-describedby": summaryId });
  svg.append(s("title", { id: titleId }, `Price history in ${currency ?? "the shop's currency"}`));

  const values = points.map((p) => p.value);
  let lo = Math.min(...values), hi = Math.max(...values);
  if (lo === hi) { lo -= Math.max(1, lo * 0.05); hi += Math.max(1, hi * 0.05); }
  const step = niceStep((hi - lo) / 4);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  let t0 = points[0].date.getTime(), t1 = points.at(-1).date.getTime();
  if (t0 === t1) { t0 -= 43_200_000; t1 += 43_200_000; }
  const x = scale([t0, t1], [left, W - right]);
  const y = scale([lo, hi], [H - bottom, top]);

  const axes = s("g", { class: "chart-axes", "aria-hidden": "true" });
  for (let v = lo; v <= hi + step / 2; v += step) {
    axes.append(s("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), class: "grid" }),
      s("text", { x: left - 8, y: y(v) + 4, "text-anchor": "end" }, price(v, currency)));
  }
  for (let i = 0; i < 4; i++) {
    const t = t0 + ((t1 - t0) * i) / 3;
    axes.append(s("text", { x: x(t), y: H - bottom + 22, "text-anchor": ["start", "middle", "middle", "end"][i] }, shortDate(new Date(t))));
  }
  axes.append(s("line", { x1: left, x2: left, y1: top, y2: H - bottom, class: "axis" }),
    s("line", { x1: left, x2: W - right, y1: H - bottom, y2: H - bottom, class: "axis" }));
  const d = points.map((p, i) => `${i ? "L" : "M"}${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`).join("");
  svg.append(axes, s("path", { d: `${d}L${x(t1)},${H - bottom}L${x(t0)},${H - bottom}Z`, class: "chart-area", "aria-hidden": "true" }),
    s("path", { d, class: "chart-line", "aria-hidden": "true" }));

  // The lowest price in range, marked with a ring and a label (not colour alone).
  const lowest = points.reduce((a, b) => (b.value < a.value ? b : a));
  const lx = x(lowest.date), ly = y(lowest.value);
  svg.append(s("g", { testid: "chart-lowest", class: "chart-lowest", "aria-hidden": "true" },
    s("circle", { cx: lx, cy: ly, r: 8 }),
    s("text", { x: Math.min(Math.max(lx, left + 40), W - right - 40), y: ly > (top + H - bottom) / 2 ? ly - 14 : ly + 24, "text-anchor": "middle" },
      `Lowest ${price(lowest.price, lowest.currency ?? currency)}`)));

  const dots = points.map((p, i) => s("circle", {
    cx: x(p.date), cy: y(p.value), r: 4, class: "chart-point", testid: "chart-point", tabindex: i === points.length - 1 ? 0 : -1,
    role: "img", "aria-label": `${price(p.price, p.currency ?? currency)} on ${when(p.date.toISOString())}`,
    "data-price": p.price, "data-date": p.date.toISOString(),
  }));
  svg.append(s("g", { class: "chart-points" }, dots));

  function show(i) {
    const p = points[i];
    dots.forEach((dot, j) => dot.classList.toggle("active", j === i));
    tooltip.textContent = `${price(p.price, p.currency ?? currency)} · ${when(p.date.toISOString())}`;
    // Positions in % of the viewBox, so the tooltip follows the responsive SVG (CSSOM is CSP-safe).
    tooltip.style.left = `${(x(p.date) / W) * 100}%`;
    tooltip.style.top = `${(y(p.value) / H) * 100}%`;
    tooltip.classList.toggle("flip", x(p.date) > W * 0.7);
    tooltip.hidden = false;
  }
  const hide = () => { tooltip.hidden = true; dots.forEach((dot) => dot.classList.remove("active")); };

  dots.forEach((dot, i) => {
    dot.addEventListener("focus", () => show(i));
    dot.addEventListener("blur", hide);
  });
  svg.addEventListener("keydown", (event) => {
    const i = dots.indexOf(event.target);
    if (i < 0) return;
    const next = { ArrowLeft: i - 1, ArrowRight: i + 1, ArrowDown: i - 1, ArrowUp: i + 1, Home: 0, End: dots.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const j = Math.max(0, Math.min(dots.length - 1, next));
    dots[i].tabIndex = -1;
    dots[j].tabIndex = 0;
    dots[j].focus();
  });
  svg.addEventListener("pointermove", (event) => {
    const box = svg.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * W;
    let best = 0;
    points.forEach((p, i) => { if (Math.abs(x(p.date) - px) < Math.abs(x(points[best].date) - px)) best = i; });
    show(best);
  });
  svg.addEventListener("pointerleave", () => { if (!svg.contains(document.activeElement)) hide(); });

  wrap.append(svg, tooltip);
  return wrap;
}
