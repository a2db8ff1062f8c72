// /reset-password?token=… — choose a new password from the emailed link.
import { api } from "../api.js";
import { auth, signedOut } from "../auth.js";
import { busy, field, h, say } from "../dom.js";
import { isPasswordError, matchProblem, passwordProblem, strengthMeter } from "../password.js";

export const title = "Choose a new password";

export function render(root, { query }) {
  const token = query.get("token") ?? "";
  const password = field({ label: "New password", testid: "reset-password", type: "password", autocomplete: "new-password", required: true, hint: "At least 8 characters." });
  const confirm = field({ label: "Repeat new password", testid: "reset-confirm", type: "password", autocomplete: "new-password", required: true });
  const submit = h("button", { type: "submit", class: "btn btn-primary btn-wide", testid: "reset-submit" }, "Save new password");
  const message = h("p", { class: "form-message", testid: "reset-message", role: "status", "aria-live": "polite" });
  const loginLink = h("a", { href: "/login", class: "btn", testid: "reset-login-link", hidden: true }, "Go to sign in");
  password.wrap.append(strengthMeter(password.input));
  const form = h("form", { testid: "reset-form", novalidate: true, class: "stack" }, password.wrap, confirm.wrap, submit);
  const heading = h("h1", {}, "Choose a new password");

  function invalid() {
    heading.textContent = "This reset link has expired or was already used";
    say(message, "Reset links work once, for one hour. Ask for a new one from the sign-in page (“Forgot password?”).", "invalid");
    form.hidden = true;
    loginLink.textContent = "Ask for a new link";
    loginLink.hidden = false;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(message, "");
    const problems = [
      [password, passwordProblem(password.input.value)],
      [confirm, matchProblem(password.input.value, confirm.input.value)],
    ];
    for (const [f, problem] of problems) f.setError(problem);
    const first = problems.find(([, problem]) => problem);
    if (first) return first[0].input.focus();
    try {
      await busy(submit, "Saving…", () => api("/auth/reset-password", { method: "POST", body: { token, new_password: password.input.value }, auth: false }));
      // Every session ended on the server, this browser's included: sign the open tabs out too.
      if (auth.signedIn) signedOut("password-reset");
      history.replaceState(null, "", "/reset-password"); // the token is spent; keep it out of history
      heading.textContent = "Your password is changed";
      say(message, "Sign in with your new password. For safety, every device was signed out.", "success");
      form.hidden = true;
      loginLink.hidden = false;
      loginLink.focus();
    } catch (e) {
      if (e.code === "invalid_token") invalid();
      else if (isPasswordError(e)) {
        password.setError(e.message);
        password.input.focus();
      } else say(message, e.message, "error");
    }
  });

  root.append(h("div", { class: "view view-narrow" },
    h("section", { class: "card" }, heading, form, message, loginLink)));
  if (!token) invalid();
}
