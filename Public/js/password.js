// Client-side password checks that mirror the server's rules (8+ characters, at most 72 UTF-8 bytes,
// bcrypt's limit), plus a strength hint. The server stays the judge; this only saves a round trip.
import { h } from "./dom.js";

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailProblem(value) {
  if (!value.trim()) return "Enter your email address.";
  if (!EMAIL.test(value.trim())) return "That does not look like an email address (name@example.com).";
  return null;
}

export function passwordProblem(value) {
  if (!value) return "Enter a password.";
  if ([...value].length < 8) return "Use at least 8 characters.";
  if (new TextEncoder().encode(value).length > 72) return "That is too long: at most 72 bytes (fewer letters with accents or emoji).";
  return null;
}

/** Whether a server error is about the new password (too short, too long, too common): shown on its field. */
export const isPasswordError = (e) => typeof e?.code === "string" && e.code.startsWith("password_");

export const matchProblem = (password, confirm) => (password === confirm ? null : "The passwords do not match.");

/** A rough score: length matters most, then variety; common patterns lose points. */
export function strength(value) {
  if (!value) return { state: "empty", text: "" };
  let score = 0;
  if (value.length >= 8) score++;
  if (value.length >= 12) score++;
  if (value.length >= 16) score++;
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
  if (kinds >= 3) score++;
  if (/^(.)\1+$/.test(value) || /password|12345|qwerty|letmein/i.test(value)) score = 0;
  if (score <= 1) return { state: "weak", text: "Weak: a longer passphrase of a few words is stronger." };
  if (score === 2) return { state: "fair", text: "Fair: a few more characters would make it strong." };
  return { state: "strong", text: "Strong password." };
}

/** A meter plus text (never colour alone) that follows the given input. */
export function strengthMeter(input) {
  const bar = h("span", { class: "meter-bar" });
  const label = h("span", { class: "meter-text" });
  const meter = h("div", { class: "meter", testid: "password-strength", "data-state": "empty", "aria-live": "polite" },
    h("span", { class: "meter-track", "aria-hidden": "true" }, bar), label);
  input.addEventListener("input", () => {
    const { state, text } = strength(input.value);
    meter.dataset.state = state;
    label.textContent = text;
  });
  return meter;
}
