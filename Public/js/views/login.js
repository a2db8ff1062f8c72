// Sign in and create account on one view with tabs, plus "forgot password".
import { api } from "../api.js";
import { login, register } from "../auth.js";
import { desktop } from "../desktop.js";
import { busy, field, h, say } from "../dom.js";
import { emailProblem, isPasswordError, matchProblem, passwordProblem, strengthMeter } from "../password.js";
import { disconnectButton } from "./desktop-server.js";

export const title = "Sign in";

/** Validates on blur and on submit; returns the first invalid input so submit can focus it. */
function validator(checks) {
  for (const [f, check] of checks) f.input.addEventListener("blur", () => f.input.value && f.setError(check()));
  return () => {
    let first = null;
    for (const [f, check] of checks) {
      const problem = check();
      f.setError(problem);
      if (problem && !first) first = f.input;
    }
    first?.focus();
    return first === null;
  };
}

function loginForm() {
  const email = field({ label: "Email", testid: "login-email", type: "email", autocomplete: "username", required: true });
  const password = field({ label: "Password", testid: "login-password", type: "password", autocomplete: "current-password", required: true });
  const error = h("p", { class: "form-error", testid: "login-error", role: "alert" });
  const submit = h("button", { type: "submit", class: "btn btn-primary btn-wide", testid: "login-submit" }, "Sign in");
  const valid = validator([
    [email, () => emailProblem(email.input.value)],
    [password, () => (password.input.value ? null : "Enter your password.")],
  ]);
  const form = h("form", { testid: "login-form", novalidate: true, class: "stack" }, email.wrap, password.wrap, error, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(error, "");
    if (!valid()) return;
    try {
      await busy(submit, "Signing in…", () => login(email.input.value.trim(), password.input.value));
    } catch (e) {
      say(error, e.message, "error");
      password.input.select();
    }
  });
  return { form, focus: () => email.input.focus(), email };
}

function registerForm() {
  const email = field({ label: "Email", testid: "register-email", type: "email", autocomplete: "email", required: true });
  const password = field({ label: "Password", testid: "register-password", type: "password", autocomplete: "new-password", required: true, hint: "At least 8 characters. A few words make a strong passphrase." });
  const confirm = field({ label: "Repeat password", testid: "register-confirm", type: "password", autocomplete: "new-password", required: true });
  const error = h("p", { class: "form-error", testid: "register-error", role: "alert" });
  const submit = h("button", { type: "submit", class: "btn btn-primary btn-wide", testid: "register-submit" }, "Create account");
  password.wrap.append(strengthMeter(password.input));
  const valid = validator([
    [email, () => emailProblem(email.input.value)],
    [password, () => passwordProblem(password.input.value)],
    [confirm, () => matchProblem(password.input.value, confirm.input.value)],
  ]);
  const form = h("form", { testid: "register-form", novalidate: true, class: "stack" }, email.wrap, password.wrap, confirm.wrap, error, submit);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(error, "");
    if (!valid()) return;
    try {
      // On success auth emits "signed-in" and the router shows "check your email".
      await busy(submit, "Creating account…", () => register(email.input.value.trim(), password.input.value));
    } catch (e) {
      // The server's reason for a refused password (e.g. password_too_common) goes under the password field.
      if (isPasswordError(e)) {
        password.setError(e.message);
        password.input.focus();
      } else {
        say(error, e.message, "error");
      }
    }
  });
  return { form, focus: () => email.input.focus(), email };
}

function forgotForm(onBack) {
  const email = field({ label: "Email", testid: "forgot-email", type: "email", autocomplete: "email", required: true });
  const message = h("p", { class: "form-message", testid: "forgot-message", role: "status" });
  const submit = h("button", { type: "submit", class: "btn btn-primary btn-wide", testid: "forgot-submit" }, "Send reset link");
  const back = h("button", { type: "button", class: "btn btn-link", testid: "forgot-back", on: { click: onBack } }, "Back to sign in");
  const form = h("form", { testid: "forgot-form", novalidate: true, class: "stack" },
    h("p", { class: "muted" }, "Enter your account's email and we will send you a link to choose a new password."),
    email.wrap, message, submit, back);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(message, "");
    const problem = emailProblem(email.input.value);
    email.setError(problem);
    if (problem) return email.input.focus();
    try {
      await busy(submit, "Sending…", () => api("/auth/request-password-reset", { method: "POST", body: { email: email.input.value.trim() }, auth: false }));
      // Neutral on purpose: the server does not reveal whether the account exists, nor do we.
      say(message, `If an account exists for ${email.input.value.trim()}, a reset link is on its way. It works for one hour.`, "sent");
    } catch (e) {
      say(message, e.message, "error");
    }
  });
  return { form, focus: () => email.input.focus(), email };
}

export function render(root, { query }) {
  const panels = { login: loginForm(), register: registerForm() };
  const forgot = forgotForm(() => show("login"));
  const tabs = {};
  const tablist = h("div", { role: "tablist", class: "tabs", "aria-label": "Account" });
  const heading = h("h1", {}, "Welcome to Mantis");
  const body = h("div", { class: "tab-panel", role: "tabpanel" });

  function show(name, { focus = true } = {}) {
    const active = name === "forgot" ? "login" : name;
    for (const [key, tab] of Object.entries(tabs)) {
      tab.setAttribute("aria-selected", String(key === active));
      tab.tabIndex = key === active ? 0 : -1;
    }
    body.setAttribute("aria-labelledby", tabs[active].id);
    const panel = name === "forgot" ? forgot : panels[name];
    // Carry a typed email across, so switching tabs never loses it.
    const typed = [panels.login, panels.register, forgot].map((p) => p.email.input.value).find(Boolean);
    if (typed && !panel.email.input.value) panel.email.input.value = typed;
    body.replaceChildren(panel.form, name === "login" ? forgotLink : "");
    if (focus) panel.focus();
  }

  const forgotLink = h("button", { type: "button", class: "btn btn-link", testid: "forgot-link", on: { click: () => show("forgot") } }, "Forgot password?");
  for (const [name, label] of [["login", "Sign in"], ["register", "Create account"]]) {
    tabs[name] = h("button", { type: "button", role: "tab", id: `tab-${name}`, testid: `tab-${name}`, on: { click: () => show(name) } }, label);
    tablist.append(tabs[name]);
  }
  // Arrow keys move between tabs, as in any tab list.
  tablist.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    const next = tabs.login.getAttribute("aria-selected") === "true" ? "register" : "login";
    show(next, { focus: false });
    tabs[next].focus();
  });

  root.append(h("div", { class: "view view-narrow" },
    heading,
    h("p", { class: "muted lead" }, "Track prices from any shop and hear when they fall."),
    h("div", { class: "card" }, tablist, body),
    // Inside the desktop app, a server that will not let you in is not a dead end.
    desktop.active ? h("p", { class: "actions" }, disconnectButton({ signOut: false, label: "Back to local data" })) : null));
  show(query.get("tab") === "register" ? "register" : "login", { focus: false });
}
