// "/" — paste a URL to track, and the list of tracked products with refresh, delete and target price.
import { api } from "../api.js";
import { sparkline, toPoints } from "../chart.js";
import { busy, confirmDialog, field, h, say } from "../dom.js";
import { productRow } from "../product-row.js";

export const title = "Your products";

const histories = new Map(); // product id + last check → points, so re-renders do not refetch

export async function render(root, { announce, signal }) {
  let products = [];
  const url = field({ label: "Product page address", testid: "track-url", type: "url", inputmode: "url",
    placeholder: "https://shop.example/product/…", autocomplete: "off", required: true });
  const trackButton = h("button", { type: "submit", class: "btn btn-primary", testid: "track-submit" }, "Track price");
  const trackStatus = h("p", { class: "form-message", testid: "track-status", role: "status", "aria-live": "polite" });
  const trackForm = h("form", { class: "track-form", testid: "track-form", novalidate: true },
    h("div", { class: "track-row" }, url.wrap, trackButton), trackStatus);
  const refreshAll = h("button", { type: "button", class: "btn", testid: "refresh-all", disabled: true }, "↻ Refresh all");
  const refreshStatus = h("p", { class: "form-message", testid: "refresh-all-status", role: "status", "aria-live": "polite" });
  const list = h("ul", { class: "products", testid: "product-list", "aria-label": "Tracked products" });
  const body = h("div", { class: "list-body", "aria-live": "off" }, skeleton());

  root.append(h("div", { class: "view" },
    h("div", { class: "view-head" }, h("h1", {}, "Your products"), refreshAll),
    h("section", { class: "card" }, trackForm),
    refreshStatus, body));

  // Sparklines are drawn when their row scrolls into view: one history request per visible product.
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) if (entry.isIntersecting) { observer.unobserve(entry.target); drawSpark(entry.target); }
  }, { rootMargin: "200px" });
  signal.addEventListener("abort", () => observer.disconnect());

  async function drawSpark(el) {
    const product = products.find((p) => p.id === el.dataset.productId);
    if (!product) return;
    const key = `${product.id}@${product.last_checked}`;
    if (!histories.has(key)) {
      try { histories.set(key, toPoints((await api(`/products/${product.id}`)).history)); } catch { return; }
    }
    el.replaceChildren(sparkline(histories.get(key)));
  }

  const handlers = { onRefresh: refreshOne, onDelete: remove, onTarget: saveTarget };

  function row(product) {
    const li = productRow(product, handlers);
    observer.observe(li.querySelector('[data-testid="product-sparkline"]'));
    return li;
  }

  function showList() {
    refreshAll.disabled = products.length === 0;
    if (products.length === 0) {
      body.replaceChildren(h("div", { class: "card empty", testid: "products-empty" },
        h("h2", {}, "No products yet"),
        h("p", { class: "muted" }, "Paste the address of a product page above. Mantis reads its price now, checks it again regularly, and emails you when it falls.")));
    } else {
      list.replaceChildren(...products.map(row));
      body.replaceChildren(list);
    }
  }

  // Replaces one row in place, keeping keyboard focus on the same control of the new row.
  function updateRow(product) {
    products = products.map((p) => (p.id === product.id ? product : p));
    const old = list.querySelector(`[data-product-id="${product.id}"]`);
    if (!old) return showList();
    const focused = old.contains(document.activeElement) ? document.activeElement.dataset.testid : null;
    const fresh = row(product);
    old.replaceWith(fresh);
    if (focused) fresh.querySelector(`[data-testid="${focused}"]`)?.focus();
  }

  async function load() {
    try {
      products = await api("/products");
      showList();
    } catch (e) {
      body.replaceChildren(h("div", { class: "card empty", testid: "products-error", role: "alert" },
        h("h2", {}, "Your products could not be loaded"), h("p", {}, e.message),
        h("button", { type: "button", class: "btn", on: { click: load } }, "Try again")));
    }
  }

  trackForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = url.input.value.trim();
    const problem = !value ? "Paste a product page's address." : !/^https?:\/\/\S+\.\S+/i.test(value) ? "That needs to be a web address starting with https://" : null;
    url.setError(problem);
    if (problem) return url.input.focus();
    say(trackStatus, "Reading the page… this can take a few seconds.", "working");
    try {
      const product = await busy(trackButton, "Reading…", () => api("/products/fetch", { method: "POST", body: { url: value } }));
      const known = products.some((p) => p.id === product.id);
      products = [product, ...products.filter((p) => p.id !== product.id)];
      showList();
      say(trackStatus, known ? `You already track “${product.title ?? value}”. Its price is up to date.` : `Now tracking “${product.title ?? value}”.`, known ? "exists" : "added");
      url.input.value = "";
    } catch (e) {
      say(trackStatus, e.message, "error");
      url.input.focus();
    }
  });

  async function refreshOne(product, button) {
    const li = button.closest("li");
    li.setAttribute("aria-busy", "true");
    try {
      updateRow(await busy(button, "Checking…", () => api(`/products/${product.id}/refresh`, { method: "POST", body: {} })));
      announce(`Checked “${product.title ?? "product"}”.`);
    } catch (e) {
      // The server keeps the last good price; reload the row so its error and check time are current.
      const fresh = await api(`/products/${product.id}`).catch(() => null);
      if (fresh) updateRow(fresh);
      const errorLine = list.querySelector(`[data-product-id="${product.id}"] [data-testid="product-error"]`);
      if (errorLine) { errorLine.hidden = false; errorLine.textContent = `Check failed: ${e.message}`; }
    } finally {
      li.removeAttribute("aria-busy");
      // The disabled button may have dropped focus while the row was replaced; put it back on the new one.
      if (!document.activeElement || document.activeElement === document.body || li.contains(document.activeElement)) {
        list.querySelector(`[data-product-id="${product.id}"] [data-testid="product-refresh"]`)?.focus();
      }
    }
  }

  async function remove(product) {
    const ok = await confirmDialog({ testid: "delete-dialog", title: "Stop tracking this product?",
      body: `“${product.title ?? product.url}” and its price history will be deleted. This cannot be undone.`,
      confirmLabel: "Delete", confirmTestid: "delete-confirm", cancelTestid: "delete-cancel" });
    const li = list.querySelector(`[data-product-id="${product.id}"]`);
    if (!ok) return li?.querySelector('[data-testid="product-delete"]')?.focus();
    try {
      await api(`/products/${product.id}`, { method: "DELETE" });
      // Focus moves to the next row's title, or the URL field when the list is now empty.
      const next = li?.nextElementSibling ?? li?.previousElementSibling;
      products = products.filter((p) => p.id !== product.id);
      showList();
      (next ? list.querySelector(`[data-product-id="${next.dataset.productId}"] a`) : url.input)?.focus();
      announce(`Deleted “${product.title ?? "product"}”.`);
    } catch (e) {
      announce(e.message);
    }
  }

  async function saveTarget(product, value, message) {
    if (value && !/^\d+(\.\d{1,2})?$/.test(value)) return say(message, "Enter a price such as 39.90, or leave empty for no target.", "error");
    try {
      const updated = await api(`/products/${product.id}`, { method: "PATCH", body: { target_price: value || null } });
      products = products.map((p) => (p.id === product.id ? updated : p));
      say(message, value ? "Target saved. We will email you when the price reaches it." : "Target removed.", "saved");
    } catch (e) {
      say(message, e.message, "error");
    }
  }

  // Refresh all runs on the server in the background; poll the list to show how far it got.
  refreshAll.addEventListener("click", () => busy(refreshAll, "Refreshing…", async () => {
    const before = new Map(products.map((p) => [p.id, `${p.last_checked}|${p.next_check_at}`]));
    try {
      const { queued } = await api("/products/refresh", { method: "POST", body: {} });
      const total = queued ?? products.length;
      say(refreshStatus, `Checking ${total} products…`, "working");
      for (let round = 0; round < 15 && !signal.aborted; round++) {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const latest = await api("/products");
        const done = latest.filter((p) => before.get(p.id) !== `${p.last_checked}|${p.next_check_at}`).length;
        for (const p of latest) if (!list.querySelector(`[data-product-id="${p.id}"]`)?.contains(document.activeElement)) updateRow(p);
        say(refreshStatus, `Checked ${Math.min(done, total)} of ${total}…`, "working");
        if (done >= total) return say(refreshStatus, `All ${total} products checked.`, "done");
      }
      say(refreshStatus, "Some checks are still running; the list will show them when you come back.", "done");
    } catch (e) {
      say(refreshStatus, e.message, "error");
    }
  }));

  await load();
}

function skeleton() {
  const rows = [1, 2, 3].map(() => h("li", { class: "product skeleton-row" },
    h("div", { class: "skeleton product-image" }), h("div", { class: "skeleton skeleton-text" })));
  return h("ul", { class: "products", testid: "products-loading", "aria-busy": "true", "aria-label": "Loading products" }, rows);
}
