// /product/{id} — price history chart (30 d / 90 d / all), alert settings and the check log.
import { api } from "../api.js";
import { priceChart, toPoints } from "../chart.js";
import { busy, field, h, nextId, say } from "../dom.js";
import { ago, change, price, shortDate, stock, store, when } from "../format.js";

export const title = "Product";

const DAY = 86_400_000;
const ranges = [["30", "30 days", 30], ["90", "90 days", 90], ["all", "All", Infinity]];

export async function render(root, { params }) {
  const [id] = params;
  const view = h("div", { class: "view" }, h("a", { href: "/", class: "back-link" }, "← All products"));
  const loading = h("div", { class: "card skeleton-card", testid: "detail-loading", "aria-busy": "true" },
    h("h1", { class: "visually-hidden" }, "Loading product"), h("div", { class: "skeleton skeleton-title" }), h("div", { class: "skeleton skeleton-chart" }));
  view.append(loading);
  root.append(view);

  let product;
  try {
    product = await api(`/products/${id}`);
  } catch (e) {
    loading.replaceWith(h("section", { class: "card empty", testid: "detail-not-found", role: "alert" },
      h("h1", {}, e.status === 404 ? "Product not found" : "This product could not be loaded"),
      h("p", {}, e.status === 404 ? "It may have been deleted, or it belongs to another account." : e.message),
      h("a", { href: "/", class: "btn" }, "Back to your products")));
    return;
  }
  document.title = `${product.title ?? "Product"} · Mantis`;
  const detail = h("div", { class: "detail", testid: "product-detail", "data-product-id": product.id });
  loading.replaceWith(detail);
  draw();

  function draw() {
    const focused = document.activeElement?.dataset?.testid;
    detail.replaceChildren(summary(product, refresh), priceChoiceCard(product, chosen), chartCard(product), alertCard(product), checkLog(product));
    if (focused) detail.querySelector(`[data-testid="${focused}"]`)?.focus();
  }

  // The user picked a price or went back to automatic: show the product as the server now has it.
  async function chosen(updated, message) {
    product = updated ?? await api(`/products/${id}`);
    draw();
    say(detail.querySelector('[data-testid="price-choice-status"]'), message, "done");
  }

  async function refresh(button, status) {
    say(status, "Reading the page again…", "working");
    try {
      await busy(button, "Checking…", () => api(`/products/${id}/refresh`, { method: "POST", body: {} }));
      product = await api(`/products/${id}`);
      draw();
      say(detail.querySelector('[data-testid="detail-status"]'), "Checked just now.", "done");
    } catch (e) {
      // The last good price stays; the failed check shows up in the log after a reload of the data.
      product = (await api(`/products/${id}`).catch(() => null)) ?? product;
      draw();
      say(detail.querySelector('[data-testid="detail-status"]'), `Check failed: ${e.message}`, "error");
    }
  }
}

function summary(product, onRefresh) {
  const delta = change(product.current_price, product.previous_price, product.currency);
  const info = stock(product.stock_status);
  const status = h("p", { class: "form-message", testid: "detail-status", role: "status", "aria-live": "polite" });
  const button = h("button", { type: "button", class: "btn", testid: "detail-refresh" }, "↻ Refresh now");
  button.addEventListener("click", () => onRefresh(button, status));
  const img = product.image_url?.startsWith("https://")
    ? h("img", { src: product.image_url, alt: "", class: "detail-image", width: 96, height: 96, referrerpolicy: "no-referrer" }) : null;
  img?.addEventListener("error", () => img.remove(), { once: true });
  return h("section", { class: "card detail-head" },
    img,
    h("div", { class: "detail-info" },
      h("h1", { testid: "detail-title" }, product.title || store(product.url)),
      h("p", { class: "product-meta" },
        h("a", { href: product.url, target: "_blank", rel: "noopener noreferrer", testid: "detail-store" }, `${store(product.url)} ↗`),
        h("span", { class: `stock stock-${info.state}` }, info.text),
        h("span", {}, `Checked ${ago(product.last_checked)}`),
        product.next_check_at ? h("span", {}, `Next check ${ago(product.next_check_at)}`) : null),
      product.last_error ? h("p", { class: "product-error" }, `Last check failed: ${product.last_error}`) : null),
    h("div", { class: "detail-prices" },
      h("span", { class: "product-price big", testid: "detail-price", "data-price": product.current_price ?? "", "data-currency": product.currency ?? "" },
        price(product.current_price, product.currency)),
      h("span", { class: `change change-${delta.direction}`, "data-direction": delta.direction }, delta.text),
      h("span", { class: "product-lowest" }, `Lowest ${price(product.lowest_price, product.currency)}`,
        product.lowest_price_at ? ` on ${shortDate(new Date(product.lowest_price_at))}` : ""),
      button, status));
}

const sourceNames = {
  "json-ld": "the page's product data (JSON-LD)",
  microdata: "the page's product markup (microdata)",
  "product:price:amount": "the page's price tag (product:price)",
  "product:sale_price:amount": "the page's sale price tag",
  "og:price:amount": "the page's price tag (og:price)",
  "embedded-state": "the shop's page data",
  "visible-text": "the text on the page",
};
const sourceName = (source) => sourceNames[source] ?? `the shop's price markup (${source})`;

// "Which of these is the price?": shown by itself when Mantis is unsure or the user's chosen price is no
// longer on the page, and on request ("Wrong price?"). A pick becomes the product's price rule.
function priceChoiceCard(product, onChosen) {
  const status = h("p", { class: "form-message", testid: "price-choice-status", role: "status", "aria-live": "polite" });
  const list = h("div", { testid: "candidate-list" });
  const card = h("section", { class: "card", testid: "price-choice", "data-state": product.needs_attention ? "needs-attention" : product.price_rule ? "rule" : "automatic" });
  const open = h("button", { type: "button", class: "btn btn-small", testid: "price-wrong" }, "Wrong price?");
  open.addEventListener("click", () => load(true));
  const parts = [h("h2", {}, "Price on the page")];
  if (product.needs_attention) {
    parts.push(h("p", { class: "product-error", testid: "needs-attention", role: "alert" },
      "Needs your eye: the price you chose is no longer on the page, so Mantis shows its own reading. Which of these is the price?"));
  } else if (product.price_rule) {
    parts.push(h("p", { testid: "price-rule" }, `Mantis reads the price you chose, from ${sourceName(product.price_rule.source)}.`));
  } else {
    parts.push(h("p", { class: "muted" }, "Mantis picks the price by itself."));
  }
  const buttons = [open];
  if (product.price_rule) {
    const automatic = h("button", { type: "button", class: "btn btn-small", testid: "price-rule-delete" }, "Let Mantis choose again");
    automatic.addEventListener("click", async () => {
      try {
        await busy(automatic, "Saving…", () => api(`/products/${product.id}/price-rule`, { method: "DELETE" }));
        await onChosen(null, "Mantis chooses the price again from the next check on.");
      } catch (e) { say(status, e.message, "error"); }
    });
    buttons.push(automatic);
  }
  parts.push(h("div", { class: "row-buttons" }, buttons), list, status);
  card.append(...parts);

  async function load(asked) {
    let answer;
    try {
      answer = await api(`/products/${product.id}/candidates`);
    } catch (e) { return say(status, e.message, "error"); }
    if (!asked && !answer.uncertain && !product.needs_attention) return;
    const candidates = answer.candidates ?? [];
    if (candidates.length === 0) {
      list.replaceChildren(h("p", { class: "muted", testid: "candidate-empty" }, "Mantis found no prices on the page at its latest check."));
      return;
    }
    const rows = candidates.map((c) => {
      const pick = h("button", { type: "button", class: "btn btn-small", testid: "candidate-pick" }, "This is the price",
        h("span", { class: "visually-hidden" }, `: ${price(c.amount, c.currency ?? product.currency)}`));
      pick.addEventListener("click", async () => {
        try {
          const updated = await busy(pick, "Saving…", () => api(`/products/${product.id}/price-rule`,
            { method: "PUT", body: { source: c.source, locator: c.locator } }));
          await onChosen(updated, "Saved: Mantis reads this price from now on.");
        } catch (e) { say(status, e.message, "error"); }
      });
      return h("li", { class: "candidate", testid: "candidate", "data-price": c.amount, "data-source": c.source, "data-chosen": String(c.chosen) },
        h("span", { class: "product-price", testid: "candidate-price" }, price(c.amount, c.currency ?? product.currency)),
        h("span", { class: "muted" }, ` from ${sourceName(c.source)}`, c.text ? ` — “${c.text}”` : "", c.chosen ? " (Mantis's choice)" : ""),
        pick);
    });
    list.replaceChildren(h("h3", {}, "Which of these is the price?"), h("ol", { class: "candidates" }, rows));
    if (asked) list.querySelector("button")?.focus();
  }
  load(false);
  return card;
}

function chartCard(product) {
  const all = toPoints(product.history);
  const summaryId = nextId("chart-summary");
  const area = h("div", { class: "chart-area-wrap" });
  const summaryText = h("p", { id: summaryId, class: "muted", testid: "chart-summary" });
  const table = h("tbody");
  const buttons = ranges.map(([key, label, days]) => {
    const button = h("button", { type: "button", class: "btn btn-small", testid: `range-${key}`, "aria-pressed": "false" }, label);
    button.addEventListener("click", () => show(key, days));
    return button;
  });

  function show(key, days) {
    buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.testid === `range-${key}`)));
    const points = days === Infinity ? all : all.filter((p) => p.date >= Date.now() - days * DAY);
    const label = days === Infinity ? "All time" : `Last ${days} days`;
    const fmt = (p) => price(p.price, p.currency ?? product.currency);
    if (points.length === 0) {
      area.replaceChildren(h("p", { class: "chart-empty", testid: "chart-empty" }, `No prices recorded in this range yet.`));
      summaryText.textContent = `${label}: no prices recorded.`;
    } else {
      area.replaceChildren(priceChart(points, { currency: product.currency, summaryId }));
      const low = points.reduce((a, b) => (b.value < a.value ? b : a));
      const high = points.reduce((a, b) => (b.value > a.value ? b : a));
      summaryText.textContent = `${label}: ${points.length} prices. Lowest ${fmt(low)} on ${when(low.date.toISOString())}, ` +
        `highest ${fmt(high)} on ${when(high.date.toISOString())}, latest ${fmt(points.at(-1))}.`;
    }
    table.replaceChildren(...[...points].reverse().map((p) =>
      h("tr", {}, h("td", {}, when(p.date.toISOString())), h("td", { class: "num" }, fmt(p)))));
  }
  show("90", 90);

  return h("section", { class: "card" },
    h("div", { class: "card-head" }, h("h2", {}, "Price history"),
      h("div", { class: "segmented", role: "group", "aria-label": "Range" }, buttons)),
    area, summaryText,
    h("details", {}, h("summary", {}, "Show as a table"),
      h("table", { class: "table", testid: "history-table" },
        h("caption", { class: "visually-hidden" }, "Prices by date, newest first"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Checked"), h("th", { scope: "col", class: "num" }, "Price"))),
        table)));
}

function alertCard(product) {
  const target = field({ label: `Target price (${product.currency ?? "shop currency"})`, testid: "alert-target", inputmode: "decimal",
    value: product.target_price ?? "", autocomplete: "off", hint: "Email me when the price is at or below this. Empty: no target." });
  const drop = field({ label: "Price drop (%)", testid: "alert-drop", type: "number", min: 1, max: 99, step: 1,
    value: product.alert_on_drop_percent ? Math.round(Number(product.alert_on_drop_percent)) : "", hint: "Email me when it falls by this much. Empty: off." });
  const message = h("p", { class: "form-message", testid: "alert-message", role: "status", "aria-live": "polite" });
  const save = h("button", { type: "submit", class: "btn btn-primary", testid: "alert-save" }, "Save alerts");
  const form = h("form", { class: "alert-form", testid: "alert-form", novalidate: true },
    h("div", { class: "field-row" }, target.wrap, drop.wrap), save, message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const t = target.input.value.trim().replace(",", ".");
    const d = drop.input.value.trim();
    target.setError(t && !/^\d+(\.\d{1,2})?$/.test(t) ? "Enter a price such as 39.90." : null);
    drop.setError(d && !(Number(d) >= 1 && Number(d) <= 99) ? "Enter a whole percent from 1 to 99." : null);
    if (form.querySelector("[aria-invalid]")) return form.querySelector("[aria-invalid]").focus();
    try {
      await busy(save, "Saving…", () => api(`/products/${product.id}`, { method: "PATCH",
        body: { target_price: t || null, alert_on_drop_percent: d ? Number(d) : null } }));
      say(message, "Alerts saved.", "saved");
    } catch (e) {
      say(message, e.message, "error");
    }
  });
  return h("section", { class: "card" }, h("h2", {}, "Alerts"), form);
}

function checkedText(check) {
  if (check.price_source === "rule") return "Price read (your choice)";
  if (check.price_source === "rule_unmatched") return "Price read by Mantis: your choice was not on the page";
  return "Price read";
}

function checkLog(product) {
  const checks = product.checks ?? [];
  const rows = checks.map((c) => h("li", { class: `check ${c.succeeded ? "ok" : "failed"}`, testid: "check-row", "data-succeeded": String(c.succeeded) },
    h("span", { class: "check-mark", "aria-hidden": "true" }, c.succeeded ? "✓" : "✕"),
    h("span", { class: "check-result", "data-price-source": c.price_source ?? "" }, c.succeeded ? checkedText(c) : `Failed: ${c.reason ?? "no reason given"}`),
    h("time", { datetime: c.checked_at, class: "muted" }, when(c.checked_at))));
  return h("section", { class: "card" }, h("h2", {}, "Check log"),
    checks.length ? h("ol", { class: "check-log", testid: "check-log" }, rows)
      : h("p", { class: "muted", testid: "check-log" }, "No checks yet."));
}
