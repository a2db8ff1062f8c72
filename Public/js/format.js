// Formatting for people: prices, changes, dates and stores. Prices stay decimal strings until shown.

const currencyFormats = new Map();

function currencyFormat(currency) {
  if (!currencyFormats.has(currency)) {
    let format = null;
    try {
      // Only ISO codes work here; shops sometimes give a symbol such as "zł", handled below.
      if (/^[A-Z]{3}$/.test(currency ?? "")) format = new Intl.NumberFormat(undefined, { style: "currency", currency });
    } catch { /* unknown code */ }
    currencyFormats.set(currency, format);
  }
  return currencyFormats.get(currency);
}

export function price(amount, currency) {
  if (amount === null || amount === undefined || amount === "") return "—";
  const number = Number(amount);
  if (!Number.isFinite(number)) return String(amount);
  const format = currencyFormat(currency);
  if (format) return format.format(number);
  const plain = number.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency ? `${plain} ${currency}` : plain;
}

/** The change from previous to current: { direction: up|down|same|none, text } with arrow and sign. */
export function change(current, previous, currency) {
  if (current == null || previous == null) return { direction: "none", text: "No earlier price" };
  const now = Number(current);
  const before = Number(previous);
  // Compare in cents so 0.1 + 0.2 style float noise never shows as a change.
  const diffCents = Math.round(now * 100) - Math.round(before * 100);
  if (diffCents === 0) return { direction: "same", text: "No change" };
  const amount = price(Math.abs(diffCents) / 100, currency);
  const percent = before ? ` (${((Math.abs(diffCents) / 100 / before) * 100).toFixed(1)}%)` : "";
  return diffCents > 0
    ? { direction: "up", text: `▲ +${amount}${percent}` }
    : { direction: "down", text: `▼ −${amount}${percent}` };
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const steps = [
  ["year", 31_536_000], ["month", 2_592_000], ["week", 604_800], ["day", 86_400], ["hour", 3_600], ["minute", 60],
];

export function ago(iso) {
  if (!iso) return "never";
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });

export const when = (iso) => (iso ? dateTime.format(new Date(iso)) : "—");
export const shortDate = (date) => dateOnly.format(date);

export function store(url) {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

export function stock(status) {
  if (status === "InStock") return { state: "in", text: "In stock" };
  if (status === "OutOfStock") return { state: "out", text: "Out of stock" };
  return { state: "unknown", text: "Stock unknown" };
}

/** A short, readable name for a session's browser from its User-Agent. */
export function device(userAgent) {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Firefox\//.test(userAgent) ? "Firefox"
    : /Chrom(e|ium)\//.test(userAgent) ? "Chrome" : /Safari\//.test(userAgent) ? "Safari"
    : /curl|python|Go-http/i.test(userAgent) ? "Script" : "Browser";
  const os = /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS"
    : /Windows/.test(userAgent) ? "Windows" : /Mac OS X/.test(userAgent) ? "macOS"
    : /Linux/.test(userAgent) ? "Linux" : "";
  return os ? `${browser} on ${os}` : browser;
}
