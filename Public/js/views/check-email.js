// "Check your email": shown right after sign-up and, instead of the tracker, to every unverified user.
import { api } from "../api.js";
import { auth, reloadUser } from "../auth.js";
import { busy, h, say } from "../dom.js";

export const title = "Check your email";

export function render(root, { signal }) {
  const email = auth.user?.email ?? "your address";
  const fresh = auth.justRegistered;
  auth.justRegistered = false;
  const message = h("p", { class: "form-message", testid: "resend-message", role: "status", "aria-live": "polite" });
  const resend = h("button", { type: "button", class: "btn", testid: "resend-verification" }, "Send the link again");
  const recheck = h("button", { type: "button", class: "btn btn-primary", testid: "verify-recheck" }, "I have verified, continue");
  let countdown;
  signal.addEventListener("abort", () => clearInterval(countdown));

  // The server allows one resend a minute; count down kindly instead of showing an error.
  function wait(seconds) {
    clearInterval(countdown);
    resend.disabled = true;
    const tick = () => {
      if (seconds <= 0) {
        clearInterval(countdown);
        resend.disabled = false;
        return say(message, "You can ask for another link now.", "sent");
      }
      say(message, `We just sent one. You can ask again in ${seconds} seconds.`, "rate-limited");
      seconds--;
    };
    tick();
    countdown = setInterval(tick, 1000);
  }

  resend.addEventListener("click", async () => {
    try {
      await busy(resend, "Sending…", () => api("/auth/resend-verification", { method: "POST", body: {} }));
      say(message, `A new link is on its way to ${email}. Earlier links no longer work.`, "sent");
    } catch (e) {
      if (e.code === "rate_limited") wait(e.retryAfter ?? 60);
      else say(message, e.message, "error");
    }
  });

  recheck.addEventListener("click", async () => {
    try {
      // Reason "verified" makes the router show the tracker if the address is now verified.
      const user = await busy(recheck, "Checking…", () => reloadUser("verified"));
      if (!user.is_verified) say(message, "Not verified yet. Open the link in the email we sent, then try again.", "error");
    } catch (e) {
      say(message, e.message, "error");
    }
  });

  root.append(h("div", { class: "view view-narrow" },
    h("section", { class: "card center", testid: "verify-prompt" },
      h("div", { class: "envelope", "aria-hidden": "true" }, "✉"),
      h("h1", {}, fresh ? "Account created. Check your email" : "Check your email"),
      h("p", {}, "We sent a verification link to ", h("strong", { testid: "verify-prompt-email" }, email),
        ". Open it to start tracking prices. The link works for 24 hours."),
      h("p", { class: "muted" }, "Nothing there? Look in your spam folder, or send the link again."),
      h("div", { class: "actions center" }, recheck, resend),
      message)));
}
