// The desktop app's server connection, on the Settings page (and a way back from the sign-in page). Shown only
// inside the desktop app (desktop.active); a browser never sees any of it.
import { logout } from "../auth.js";
import { busy, field, h, say } from "../dom.js";
import { connectServer, disconnectServer } from "../desktop.js";

const card = (heading, ...children) => h("section", { class: "card", testid: "desktop-server" }, h("h2", {}, heading), ...children);

/** Local app: "Connect to a server". The window then shows that server's web app. */
export function connectCard() {
  const url = field({ label: "Server address", testid: "server-url", type: "url", inputmode: "url", autocomplete: "url",
    placeholder: "https://mantis.example.com", required: true });
  const submit = h("button", { type: "submit", class: "btn btn-primary", testid: "server-connect" }, "Connect");
  const message = h("p", { class: "form-message", testid: "server-message", role: "status", "aria-live": "polite" });
  const form = h("form", { class: "stack", testid: "server-form", novalidate: true }, url.wrap, submit, message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    say(message, "");
    const address = url.input.value.trim();
    url.setError(address ? null : "Enter your Mantis server's address.");
    if (!address) return url.input.focus();
    try {
      const origin = await busy(submit, "Connecting…", () => connectServer(address));
      say(message, `Opening ${origin}…`, "connected");
    } catch (e) {
      say(message, e?.message || "Mantis could not connect to that server.", "error");
      url.input.focus();
    }
  });
  return card("Connect to a server",
    h("p", { class: "muted" }, "Show your Mantis home server in this window and sign in to it. "
      + "Your local data stays on this computer as it is: Disconnect comes back to it."),
    form);
}

/** Connected server: "Disconnect" signs this app out of the server and returns to the local data. */
export function disconnectCard() {
  return card("Desktop app",
    h("p", { class: "muted" }, `This window shows ${location.origin}. Disconnect signs the app out of this server `
      + "and goes back to your local data."),
    h("div", { class: "actions" }, disconnectButton()));
}

/** The button itself, also under the sign-in form. */
export function disconnectButton({ signOut = true, label = "Disconnect" } = {}) {
  const button = h("button", { type: "button", class: "btn", testid: "server-disconnect" }, label);
  button.addEventListener("click", () => busy(button, "Disconnecting…", async () => {
    // End the session on the server first: the token leaves the keyring and no session is left behind.
    if (signOut) await logout().catch(() => {});
    await disconnectServer();
  }));
  return button;
}
