// Auth state. The access token lives in this module's memory only; the refresh token is an HttpOnly
// cookie the server sets when asked (X-Mantis-Refresh-Cookie), so no script can read or leak it.
// The server revokes a session when a rotated refresh token is replayed, so tabs must never refresh at
// the same moment: refreshes are serialised with a Web Lock, and a fresh access token is shared with the
// other tabs over a BroadcastChannel (memory to memory, never storage).
// Inside the desktop app (desktop.js) there is no cookie: the refresh token travels in the JSON body, as the API
// offers it to other clients, and is kept by the native side (keyring) through its script-message bridge.
import { api, ApiError, setAuthHooks } from "./api.js";
import { clearRefreshToken, desktop, getRefreshToken, saveRefreshToken } from "./desktop.js";

const channel = "BroadcastChannel" in self ? new BroadcastChannel("mantis-auth") : null;
const listeners = new Set();
let access = null; // { token, expiresAt, receivedAt }
let user = null;
let localMode = false; // MANTIS_MODE=local: no tokens, every request is the built-in user
let timer = null;
let inflight = null;
let restored = false; // restore() has run; before that, restore() loads the user itself
let unsaved = null; // desktop only: a refresh token the native side could not keep, held for this run alone

export const auth = {
  get user() { return user; },
  get signedIn() { return user !== null; },
  get localMode() { return localMode; },
  justRegistered: false,
};

/** fn(reason) runs whenever the user signs in or out or their profile changes. */
export function onAuthChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit(reason) {
  for (const fn of listeners) fn(reason);
}

function post(message) {
  channel?.postMessage(message);
}

function adopt(token, expiresIn, receivedAt = Date.now()) {
  access = { token, expiresAt: receivedAt + expiresIn * 1000, receivedAt };
  clearTimeout(timer);
  // Renew a minute early (or at 80 % of a short lifetime); the jitter spreads tabs that adopted together.
  const lifetime = expiresIn * 1000;
  const lead = Math.min(60_000, lifetime * 0.2) + Math.random() * 5_000;
  timer = setTimeout(() => refresh(), Math.max(5_000, access.expiresAt - Date.now() - lead));
}

function forgetLocally() {
  clearTimeout(timer);
  access = null;
  user = null;
}

function share() {
  post({ type: "token", token: access.token, expiresAt: access.expiresAt, receivedAt: access.receivedAt });
}

/** Renews the access token once for this tab, however many callers ask at the same time. */
export function refresh() {
  inflight ??= lockedRefresh().finally(() => { inflight = null; });
  return inflight;
}

async function lockedRefresh() {
  const askedAt = Date.now();
  const run = async () => {
    // Another tab refreshed while we waited for the lock: its token arrived over the channel.
    if (access && access.receivedAt >= askedAt && access.expiresAt - Date.now() > 30_000) return true;
    try {
      const tokens = await exchange("/auth/refresh");
      adopt(tokens.access_token, tokens.expires_in);
      share();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        const wasSignedIn = user !== null;
        forgetLocally();
        // The server refused the stored token: it is of no use any more.
        if (desktop.active && error.code !== "no_session") await forgetRefreshToken();
        if (wasSignedIn) emit("expired");
      }
      return false; // a network error keeps the session; the next request tries again
    }
  };
  return withLock(run);
}

// Web Locks serialise refreshes across tabs. If the lock is not granted in time (a stuck tab, or an
// environment that never grants it), go ahead alone rather than leave the app hanging.
async function withLock(fn) {
  if (!navigator.locks) return fn();
  try {
    return await navigator.locks.request("mantis-refresh", { signal: AbortSignal.timeout(10_000) }, fn);
  } catch (error) {
    if (error?.name === "AbortError" || error?.name === "TimeoutError") return fn();
    throw error;
  }
}

setAuthHooks({ token: () => access?.token ?? null, refresh });

channel?.addEventListener("message", async ({ data }) => {
  if (data?.type === "token") {
    if (access && access.receivedAt >= data.receivedAt) return;
    adopt(data.token, (data.expiresAt - data.receivedAt) / 1000, data.receivedAt);
    // A sign-in in another tab signs this one in too (once this tab has finished starting up).
    if (!user && restored) await loadUser("signed-in").catch(() => {});
  } else if (data?.type === "need-token" && access) {
    share();
  } else if (data?.type === "logout" && user) {
    forgetLocally();
    emit("signed-out-elsewhere");
  } else if (data?.type === "verified" && user?.is_verified === false) {
    await loadUser("verified").catch(() => {});
  }
});

async function loadUser(reason) {
  user = await api("/auth/me");
  emit(reason);
  return user;
}

/** Asks the open tabs for a token before spending a refresh; resolves true if one answered quickly. */
function borrowToken() {
  if (!channel) return Promise.resolve(false);
  post({ type: "need-token" });
  return new Promise((resolve) => setTimeout(() => resolve(access !== null), 150));
}

/** On page load: restore the session from another tab or the refresh cookie; detect local mode. */
export async function restore() {
  try { return await findSession(); } finally { restored = true; }
}

async function findSession() {
  if ((await borrowToken()) || (await refresh())) {
    try { user = await api("/auth/me"); return user; } catch { forgetLocally(); return null; }
  }
  try {
    // No session. In local mode the API answers without a token: that is the built-in user.
    user = await api("/auth/me", { auth: false });
    localMode = true;
    return user;
  } catch {
    return null;
  }
}

/**
 * POSTs to an endpoint that answers with tokens (login, register, refresh). In a browser the refresh token
 * travels in the HttpOnly cookie; in the desktop app it travels in the body and the new one goes to the keyring.
 */
async function exchange(path, body) {
  if (!desktop.active) return api(path, { method: "POST", body: body ?? {}, auth: false, cookie: true });
  if (body === undefined) {
    const refreshToken = unsaved ?? (await getRefreshToken());
    // Nothing stored: no session, as a browser without the cookie would hear from the server.
    if (!refreshToken) throw new ApiError("Please sign in again.", { status: 401, code: "no_session" });
    body = { refresh_token: refreshToken };
  }
  const tokens = await api(path, { method: "POST", body, auth: false });
  if (tokens?.refresh_token) {
    try {
      await saveRefreshToken(tokens.refresh_token);
      unsaved = null;
    } catch {
      // Still signed in for as long as the app runs; the next start asks to sign in again.
      unsaved = tokens.refresh_token;
    }
  }
  return tokens;
}

async function forgetRefreshToken() {
  unsaved = null;
  await clearRefreshToken();
}

async function signIn(path, email, password) {
  const tokens = await exchange(path, { email, password });
  adopt(tokens.access_token, tokens.expires_in);
  share();
  user = tokens.user ?? (await api("/auth/me"));
  emit("signed-in");
  return user;
}

export const login = (email, password) => signIn("/auth/login", email, password);

export async function register(email, password) {
  auth.justRegistered = true;
  try { return await signIn("/auth/register", email, password); } catch (e) { auth.justRegistered = false; throw e; }
}

/** Ends this session on the server (which clears the cookie) and signs the other tabs out too. */
export async function logout() {
  const end = desktop.active ? endDesktopSession : () => api("/auth/logout", { method: "POST", body: {}, auth: false, cookie: true });
  // Inside the lock, so a refresh in another tab cannot rotate the cookie under our feet.
  try { await withLock(end); } catch { /* still sign out here */ }
  signedOut("signed-out");
}

// The desktop app's logout: the stored token ends the session on the server, then leaves the keyring.
async function endDesktopSession() {
  const refreshToken = unsaved ?? (await getRefreshToken());
  try {
    if (refreshToken) await api("/auth/logout", { method: "POST", body: { refresh_token: refreshToken }, auth: false });
  } finally {
    await forgetRefreshToken();
  }
}

/** The session is already gone on the server (sign out everywhere, account deleted, password reset). */
export function signedOut(reason = "signed-out") {
  forgetLocally();
  if (desktop.active) forgetRefreshToken();
  post({ type: "logout" });
  emit(reason);
}

/** Re-reads /auth/me; reason "verified" re-renders the current view, "profile" only the header. */
export async function reloadUser(reason = "profile") {
  return loadUser(reason);
}

export function setUser(profile) {
  user = profile;
  emit("profile");
}

/** After /verify-email succeeds: tabs showing "check your email" move on. */
export function announceVerified() {
  post({ type: "verified" });
  if (user?.is_verified === false) loadUser("verified").catch(() => {});
}
