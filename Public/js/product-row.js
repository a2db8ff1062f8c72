// One product in the tracker's list. Built from a product as GET /products returns it; the handlers
// (refresh, delete, save target) come from the tracker view, which owns the list.
import { h } from "./dom.js";
import { ago, change, price, stock, store, when } from "./format.js";

function image(product) {
  const letter = (product.title ?? store(product.url) ?? "?").trim().charAt(0).toUpperCase();
  const placeholder = () => h("div", { class: "product-image placeholder", testid: "product-image", "aria-hidden": "true" }, letter);
  // The CSP allows https images only; anything else would just be blocked, so show the letter instead.
  if (!product.image_url?.startsWith("https://")) return placeholder();
  const img = h("img", { class: "product-image", testid: "product-image", src: product.image_url, alt: "",
    loading: "lazy", decoding: "async", referrerpolicy: "no-referrer", width: 64, height: 64 });
  img.addEventListener("error", () => img.replaceWith(placeholder()), { once: true });
  return img;
}

export function productRow(product, { onRefresh, onDelete, onTarget }) {
  const currency = product.currency;
  const delta = change(product.current_price, product.previous_price, currency);
  const stockInfo = stock(product.stock_status);
  const title = product.title || store(product.url);
  const titleId = `title-${product.id}`;

  const targetInput = h("input", { id: `target-${product.id}`, testid: "product-target-input", inputmode: "decimal",
    autocomplete: "off", placeholder: "none", value: product.target_price ?? "", class: "input-small" });
  const targetMessage = h("p", { class: "row-message", testid: "product-target-message", role: "status", "aria-live": "polite" });
  const targetForm = h("form", { class: "target-form", testid: "product-target-form", novalidate: true },
    h("label", { for: targetInput.id }, "Alert me at", h("span", { class: "visually-hidden" }, ` (target price for ${title})`)),
    targetInput,
    h("button", { type: "submit", class: "btn btn-small", testid: "product-target-save" }, "Save",
      h("span", { class: "visually-hidden" }, ` target price for ${title}`)));
  targetForm.addEventListener("submit", (event) => {
    event.preventDefault();
    onTarget(product, targetInput.value.trim().replace(",", "."), targetMessage);
  });

  const refresh = h("button", { type: "button", class: "btn btn-small", testid: "product-refresh", "aria-describedby": titleId,
    on: { click: (event) => onRefresh(product, event.currentTarget) } }, "↻ Refresh");
  const remove = h("button", { type: "button", class: "btn btn-small btn-danger-quiet", testid: "product-delete", "aria-describedby": titleId,
    on: { click: () => onDelete(product) } }, "Delete");

  const spark = h("div", { class: "product-spark", testid: "product-sparkline", "data-product-id": product.id });

  return h("li", { class: "product", testid: "product-row", "data-product-id": product.id, "data-needs-attention": String(Boolean(product.needs_attention)), "aria-labelledby": titleId },
    image(product),
    h("div", { class: "product-main" },
      h("a", { href: `/product/${product.id}`, class: "product-title", id: titleId, testid: "product-title" }, title),
      h("p", { class: "product-meta" },
        h("span", { testid: "product-store" }, store(product.url)),
        h("span", { class: `stock stock-${stockInfo.state}`, testid: "product-stock" }, stockInfo.text),
        h("span", {}, "Checked ",
          h("time", { datetime: product.last_checked ?? "", title: when(product.last_checked), testid: "product-checked" }, ago(product.last_checked)))),
      product.needs_attention ? h("p", { class: "product-error", testid: "product-needs-attention" },
        h("a", { href: `/product/${product.id}` }, "Needs your eye: the price you chose is no longer on the page")) : null,
      h("p", { class: "product-error", testid: "product-error", role: "status", hidden: !product.last_error },
        product.last_error ? `Last check failed: ${product.last_error}` : "")),
    h("div", { class: "product-prices" },
      h("span", { class: "product-price", testid: "product-price", "data-price": product.current_price ?? "", "data-currency": currency ?? "" },
        h("span", { class: "visually-hidden" }, "Price "), price(product.current_price, currency)),
      h("span", { class: `change change-${delta.direction}`, testid: "product-change", "data-direction": delta.direction },
        h("span", { class: "visually-hidden" }, "Change since last check: "), delta.text),
      h("span", { class: "product-lowest", testid: "product-lowest", "data-price": product.lowest_price ?? "" },
        "Lowest ", price(product.lowest_price, currency))),
    spark,
    h("div", { class: "product-actions" }, targetForm, h("div", { class: "row-buttons" }, refresh, remove), targetMessage));
}
