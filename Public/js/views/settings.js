// /settings — account, password, alerts, sessions, downloading your data, and deleting the account.
import { api, apiFile } from "../api.js";
import { auth, logout, setUser, signedOut } from "../auth.js";
import { desktop } from "../desktop.js";
import { busy, field, h, nextId, say } from "../dom.js";
import { ago, device, when } from "../format.js";
import { isPasswordError, matchProblem, passwordProblem, strengthMeter } from "../password.js";
import { connectCard, disconnectCard } from "./desktop-server.js";

export const title = "Settings";

const card = (heading, ...children) => h("section", { class: "card" }, h("h2", {}, heading), ...children);

export async function render(root) {
  const user = auth.user;
  const view = h("div", { class: "view view-medium" }, h("h1", {}, "Settings"), account(user), alerts(user));
  root.append(view);
  // Local mode has one built-in user and no passwords or sessions.
  if (auth.localMode) {
    view.append(yourData());
    // Inside the desktop app, the local data's Settings can switch the window to a Mantis server.
    if (desktop.active) view.append(connectCard());
    return;
  }
  const sessionsCard = sessions();
  view.append(password(() => sessionsCard.reload()), sessionsCard.el, yourData());
  if (desktop.active) view.append(disconnectCard());
  view.append(danger());
  await sessionsCard.reload();
}

function account(user) {
  const verified = user.is_verified;
  return card("Account",
    h("dl", { class: "facts" },
      h("dt", {}, "Email"), h("dd", { testid: "settings-email" }, user.email),
      h("dt", {}, "Status"), h("dd", { testid: "settings-verified", "data-state": verified ? "verified" : "unverified" },
        verified ? "✓ Verified" : "Not verified yet: open the link we emailed you"),
      h("dt", {}, "Member since"), h("dd", {}, when(user.created_at))));
}

function alerts(user) {
  const id = nextId("alerts");
  const toggle = h("input", { type: "checkbox", id, testid: "alerts-toggle", checked: user.alerts_enabled !== false });
  const message = h("p", { class: "form-message", testid: "alerts-message", role: "status", "aria-live": "polite" });
  toggle.addEventListener("change", async () => {
    const wanted = toggle.checked;
    try {
      setUser(await api("/auth/me", { method: "PATCH", body: { alerts_enabled: wanted } }));
      say(message, wanted ? "Price alerts are on." : "Price alerts are off. Account emails still arrive.", "saved");
    } catch (e) {
      toggle.checked = !wanted; // show what the server still has
      say(message, e.message, "error");
    }
  });
  return card("Email alerts",
    h("div", { class: "check-field" }, toggle, h("label", { for: id }, "Email me when a price reaches my target or drops")),
    message);
}

function password(onChanged) {
  const current = field({ label: "Current password", testid: "password-current", type: "password", autocomplete: "current-password" });
  const next = field({ label: "New password", testid: "password-new", type: "password", autocomplete: "new-password", hint: "At least 8 characters." });
  const confirm = field({ label: "Repeat new password", testid: "password-confirm", type: "password", autocomplete: "new-password" });
  const submit = h("button", { type: "submit", class: "btn btn-primary", testid: "password-submit" }, "Change password");
  const message = h("p", { class: "form-message", testid: "password-message", role: "status", "aria-live": "polite" });
  next.wrap.append(strengthMeter(next.input));
  // A hidden username lets password managers file the new password under the right account.
  const username = h("input", { type: "email", autocomplete: "username", value: auth.user?.email ?? "", class: "visually-hidden", tabindex: -1, "aria-hidden": "true", readonly: true });
  const form = h("form", { class: "stack", testid: "password-form", novalidate: true }, username, current.wrap, next.wrap, confirm.wrap, submit, message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(message, "");
    const problems = [
      [current, current.input.value ? null : "Enter your current password."],
      [next, passwordProblem(next.input.value)],
      [confirm, matchProblem(next.input.value, confirm.input.value)],
    ];
    for (const [f, problem] of problems) f.setError(problem);
    const first = problems.find(([, problem]) => problem);
    if (first) return first[0].input.focus();
    try {
      await busy(submit, "Saving…", () => api("/auth/change-password", { method: "POST",
        body: { current_password: current.input.value, new_password: next.input.value } }));
      form.reset();
      say(message, "Password changed. Your other sessions were signed out.", "success");
      onChanged();
    } catch (e) {
      if (isPasswordError(e)) {
        next.setError(e.message);
        next.input.focus();
        return;
      }
      say(message, e.code === "wrong_password" ? "Current password is wrong." : e.message, "error");
      if (e.code === "wrong_password") current.input.focus();
    }
  });
  return card("Change password", form);
}

function sessions() {
  const list = h("ul", { class: "sessions", testid: "sessions-list", "aria-busy": "true" },
    h("li", { class: "session skeleton-row" }, h("div", { class: "skeleton skeleton-text" })));
  const message = h("p", { class: "form-message", testid: "sessions-message", role: "status", "aria-live": "polite" });
  const everywhere = h("button", { type: "button", class: "btn", testid: "logout-all" }, "Sign out everywhere");
  everywhere.addEventListener("click", async () => {
    try {
      await busy(everywhere, "Signing out…", () => api("/auth/logout-all", { method: "POST", body: {} }));
      signedOut("signed-out-all"); // this session ended too; the router shows the sign-in page
    } catch (e) {
      say(message, e.message, "error");
    }
  });

  async function end(session, button) {
    if (session.current) return logout();
    try {
      await busy(button, "Signing out…", () => api(`/auth/sessions/${session.id}`, { method: "DELETE" }));
      say(message, `Signed out ${device(session.user_agent)}.`, "done");
      await reload();
      list.querySelector("button")?.focus();
    } catch (e) {
      say(message, e.message, "error");
    }
  }

  async function reload() {
    try {
      const all = await api("/auth/sessions");
      // This browser first, then the most recently used.
      all.sort((a, b) => (b.current - a.current) || String(b.last_used_at).localeCompare(String(a.last_used_at)));
      list.replaceChildren(...all.map((session) => {
        const button = h("button", { type: "button", class: "btn btn-small", testid: "session-signout" },
          session.current ? "Sign out this browser" : "Sign out this session");
        button.addEventListener("click", () => end(session, button));
        return h("li", { class: "session", testid: "session-row", "data-session-id": session.id, "data-current": String(Boolean(session.current)) },
          h("div", {},
            h("p", { class: "session-device" }, device(session.user_agent),
              session.current ? h("span", { class: "badge" }, "This browser") : null),
            h("p", { class: "muted small" }, [session.ip, `signed in ${when(session.created_at)}`, `active ${ago(session.last_used_at)}`].filter(Boolean).join(" · "))),
          button);
      }));
    } catch (e) {
      say(message, e.message, "error");
    } finally {
      list.removeAttribute("aria-busy");
    }
  }

  const el = card("Active sessions",
    h("p", { class: "muted" }, "Every browser or app signed in to your account. Sign out any you do not recognise."),
    list, message, h("div", { class: "actions" }, everywhere));
  return { el, reload };
}

// The same file `mantis export` writes. The token travels in a header, so a plain link cannot fetch it: the
// file is fetched, then saved from a blob URL.
function yourData() {
  const button = h("button", { type: "button", class: "btn", testid: "download-data" }, "Download my data");
  const message = h("p", { class: "form-message", testid: "download-data-message", role: "status", "aria-live": "polite" });
  button.addEventListener("click", async () => {
    say(message, "");
    try {
      const { blob, filename } = await busy(button, "Preparing…", () => apiFile("/auth/me/export", { fallbackName: "mantis-export.json" }));
      const url = URL.createObjectURL(blob);
      const link = h("a", { href: url, download: filename, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      // Revoked later, not at once: some browsers read the blob after click() has returned.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      say(message, `Saved ${filename}.`, "done");
    } catch (e) {
      say(message, e.message, "error");
    }
  });
  return card("Your data",
    h("p", { class: "muted" }, "Your tracked products with their whole price history and check log, and your settings, as one JSON file. "
      + "No password and no sessions are in it. Another Mantis reads it with mantis import."),
    h("div", { class: "actions" }, button), message);
}

function danger() {
  const open = h("button", { type: "button", class: "btn btn-danger", testid: "delete-account" }, "Delete account…");
  open.addEventListener("click", () => deleteDialog(open));
  return h("section", { class: "card card-danger" }, h("h2", {}, "Delete account"),
    h("p", {}, "Deletes your account, your tracked products and their price history. This cannot be undone."), open);
}

function deleteDialog(opener) {
  const titleId = nextId("delete-title");
  const pw = field({ label: "Your password", testid: "delete-account-password", type: "password", autocomplete: "current-password" });
  const error = h("p", { class: "form-error", testid: "delete-account-error", role: "alert" });
  const confirm = h("button", { type: "submit", class: "btn btn-danger", testid: "delete-account-confirm" }, "Delete my account");
  const cancel = h("button", { type: "button", class: "btn", testid: "delete-account-cancel" }, "Cancel");
  const form = h("form", { class: "stack", testid: "delete-account-form", novalidate: true },
    h("p", {}, "Enter your password to confirm. Everything is deleted at once."), pw.wrap, error,
    h("div", { class: "dialog-actions" }, cancel, confirm));
  const dialog = h("dialog", { class: "dialog", testid: "delete-account-dialog", "aria-labelledby": titleId },
    h("h2", { id: titleId }, "Delete your account?"), form);
  cancel.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => { dialog.remove(); if (opener.isConnected) opener.focus(); });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(error, "");
    if (!pw.input.value) return pw.setError("Enter your password."), pw.input.focus();
    try {
      await busy(confirm, "Deleting…", () => api("/auth/me", { method: "DELETE", body: { password: pw.input.value } }));
      dialog.close();
      signedOut("account-deleted");
    } catch (e) {
      say(error, e.code === "wrong_password" ? "That password is not right." : e.message, "error");
      pw.input.select();
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  pw.input.focus();
}
