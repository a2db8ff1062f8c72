// The router: maps the app's paths to view modules, guards them by sign-in state, and keeps the header,
// focus and document title in step. Views export render(root, ctx) and use ctx.signal to clean up.
import { auth, logout, onAuthChange, restore } from "./auth.js";

const routes = [
  { path: /^\/$/, view: "tracker", guard: "verified", title: "Your products" },
  { path: /^\/login$/, view: "login", guard: "guest", title: "Sign in" },
  { path: /^\/verify-email$/, view: "verify-email", guard: "any", title: "Verify email" },
  { path: /^\/reset-password$/, view: "reset-password", guard: "any", title: "Choose a new password" },
  { path: /^\/settings$/, view: "settings", guard: "user", title: "Settings" },
  { path: /^\/product\/([0-9a-fA-F-]{36})$/, view: "product", guard: "verified", title: "Product" },
];

const root = document.getElementById("app");
const nav = document.querySelector('[data-testid="nav"]');
const toast = document.querySelector('[data-testid="global-status"]');
let current = null; // { route, controller }
let renderCount = 0;
let toastTimer;

/** A message for everyone, read by screen readers, fading after a while; no layout shift (fixed). */
export function announce(text) {
  clearTimeout(toastTimer);
  toast.textContent = text;
  toast.classList.toggle("toast-visible", Boolean(text));
  toastTimer = setTimeout(() => toast.classList.remove("toast-visible"), 6000);
}

export function navigate(to, { replace = false } = {}) {
  if (to !== location.pathname + location.search) history[replace ? "replaceState" : "pushState"](null, "", to);
  render();
}

// A safe place to return to after sign-in: a path on this site, never "//evil.example".
function nextPath(query) {
  const next = query.get("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

function updateNav() {
  const user = auth.user;
  nav.hidden = !user;
  nav.querySelector('[data-testid="nav-user"]').textContent = user?.email ?? "";
  // Local mode has no accounts: nothing to sign out of.
  nav.querySelector('[data-testid="nav-logout"]').hidden = auth.localMode;
  for (const link of nav.querySelectorAll("a")) {
    if (link.getAttribute("href") === location.pathname) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function render() {
  const ticket = ++renderCount;
  const query = new URLSearchParams(location.search);
  const route = routes.find((r) => r.path.test(location.pathname));
  let view = route?.view ?? "not-found";
  const user = auth.user;

  if (route?.guard === "guest" && user) return navigate(nextPath(query), { replace: true });
  if ((route?.guard === "user" || route?.guard === "verified") && !user) {
    const next = location.pathname === "/" ? "" : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return navigate(`/login${next}`, { replace: true });
  }
  // Unverified users see the prompt in place of the tracker, at the same address.
  if (route?.guard === "verified" && user && user.is_verified === false) view = "check-email";

  const module = await import(`./views/${view}.js`);
  if (ticket !== renderCount) return; // a newer navigation won while the module loaded

  current?.controller.abort();
  const controller = new AbortController();
  current = { route, controller };
  const params = route ? location.pathname.match(route.path).slice(1) : [];
  root.replaceChildren();
  root.dataset.view = view;
  root.removeAttribute("aria-busy");
  updateNav();
  document.title = `${module.title ?? route?.title ?? "Not found"} · Mantis`;
  await module.render(root, { params, query, navigate, announce, signal: controller.signal });
  if (ticket !== renderCount) return;
  // Move focus to the new view's heading so keyboard and screen-reader users start at the top.
  const heading = root.querySelector("h1");
  if (heading && !root.contains(document.activeElement)) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}

// Same-origin links navigate in place; modified clicks, downloads and new-tab links behave normally.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href]");
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (link.target || link.hasAttribute("download") || link.origin !== location.origin) return;
  event.preventDefault();
  navigate(link.pathname + link.search);
});

window.addEventListener("popstate", render);

const logoutButton = nav.querySelector('[data-testid="nav-logout"]');
logoutButton.addEventListener("click", async () => {
  logoutButton.disabled = true;
  await logout();
  logoutButton.disabled = false;
});

const farewell = {
  "signed-out": "You are signed out.",
  "signed-out-elsewhere": "You were signed out in another tab.",
  "signed-out-all": "You are signed out on every device.",
  "account-deleted": "Your account and all its data were deleted.",
  expired: "Your session has ended. Please sign in again.",
};

onAuthChange((reason) => {
  if (farewell[reason]) announce(farewell[reason]);
  updateNav();
  // A profile edit keeps the view; sign-in, sign-out and verification re-check the guards. Pages that
  // finish a flow from an email link manage their own state.
  if (reason !== "profile" && current?.route?.guard !== "any") render();
});

await restore();
render();
