// Building DOM without innerHTML, so product titles, reasons and URLs from the server are always text.

const SVG_NS = "http://www.w3.org/2000/svg";

function build(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "testid") el.dataset.testid = value;
    else if (key === "on") for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "text") el.textContent = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** h("button", { class: "btn", testid: "x", on: { click } }, "Label") */
export const h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);

export const s = (tag, attrs, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children);

let uid = 0;
export const nextId = (prefix) => `${prefix}-${++uid}`;

/**
 * A labelled input with its inline error, linked by aria-describedby so screen readers read both.
 * Returns { wrap, input, error, setError(text) }.
 */
export function field({ label, testid, hint, ...inputAttrs }) {
  const id = nextId(testid ?? "field");
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const input = h("input", { id, testid, "aria-describedby": [hintId, errorId].filter(Boolean).join(" "), ...inputAttrs });
  const error = h("p", { id: errorId, class: "field-error", testid: "field-error" });
  const wrap = h("div", { class: "field" },
    h("label", { for: id }, label),
    input,
    hint ? h("p", { id: hintId, class: "hint" }, hint) : null,
    error);
  const setError = (text) => {
    error.textContent = text ?? "";
    input.toggleAttribute("aria-invalid", Boolean(text));
  };
  return { wrap, input, error, setError };
}

/** Sets a status element's text and data-state (the state is for tests and styling, never colour alone). */
export function say(el, text, state = "") {
  el.textContent = text ?? "";
  if (state) el.dataset.state = state;
  else delete el.dataset.state;
}

/** Disables a button while a promise runs and shows a busy label; restores it afterwards. */
export async function busy(button, label, work) {
  const original = button.textContent;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  button.textContent = label;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
    button.textContent = original;
  }
}

/** A modal <dialog> asking to confirm; resolves true or false. Escape and Cancel both say no. */
export function confirmDialog({ testid, title, body, confirmLabel, confirmTestid, cancelTestid }) {
  return new Promise((resolve) => {
    const titleId = nextId("dialog-title");
    const dialog = h("dialog", { testid, class: "dialog", "aria-labelledby": titleId },
      h("h2", { id: titleId }, title),
      h("p", {}, body),
      h("form", { method: "dialog", class: "dialog-actions" },
        h("button", { value: "cancel", class: "btn", testid: cancelTestid, autofocus: true }, "Cancel"),
        h("button", { value: "ok", class: "btn btn-danger", testid: confirmTestid }, confirmLabel)));
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "ok");
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
