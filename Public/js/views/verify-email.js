// /verify-email?token=… — the link from the verification email. Works signed in or not.
import { api } from "../api.js";
import { announceVerified, auth } from "../auth.js";
import { h, say } from "../dom.js";

export const title = "Verify email";

export async function render(root, { query }) {
  const token = query.get("token") ?? "";
  const status = h("p", { class: "status-line", testid: "verify-email-status", role: "status", "aria-live": "polite" });
  const heading = h("h1", {}, "Verifying your email…");
  const onward = h("a", { class: "btn btn-primary", testid: "verify-email-continue", hidden: true });
  root.append(h("div", { class: "view view-narrow" }, h("section", { class: "card center" }, heading, status, onward)));

  const showOnward = () => {
    onward.href = auth.signedIn ? "/" : "/login";
    onward.textContent = auth.signedIn ? "Go to your products" : "Sign in";
    onward.hidden = false;
  };

  if (query.get("verified") === "1") {
    heading.textContent = "Your email is verified";
    say(status, "Thank you. Mantis can now track prices for you and email you when they fall.", "success");
    return showOnward();
  }
  if (!token) {
    heading.textContent = "This link is incomplete";
    say(status, "The link has no token. Open the link from the email again, or ask for a new one after signing in.", "invalid");
    return showOnward();
  }
  say(status, "One moment, checking the link.", "pending");
  try {
    await api("/auth/verify-email", { method: "POST", body: { token }, auth: false });
    heading.textContent = "Your email is verified";
    say(status, "Thank you. Mantis can now track prices for you and email you when they fall.", "success");
    // Drop the one-time token from the address bar, so a reload says "verified" instead of "used".
    history.replaceState(null, "", "/verify-email?verified=1");
    announceVerified(); // other tabs showing "check your email" move on
  } catch (e) {
    if (e.code === "invalid_token") {
      heading.textContent = "This link has expired or was already used";
      say(status, "Verification links work once, for 24 hours, and only the newest one counts. Sign in and ask for a new link.", "invalid");
    } else {
      heading.textContent = "We could not verify your email";
      say(status, e.message, "error");
    }
  }
  showOnward();
}
