// Any path the app does not know.
import { h } from "../dom.js";

export const title = "Page not found";

export function render(root) {
  root.append(h("div", { class: "view view-narrow" },
    h("section", { class: "card center", testid: "not-found" },
      h("h1", {}, "Page not found"),
      h("p", { class: "muted" }, "This address does not lead anywhere in Mantis."),
      h("a", { href: "/", class: "btn btn-primary" }, "Go to your products"))));
}
