// The desktop app (mantis-desktop) shows this web app in a WebKitGTK window and offers a few native
// script-message handlers to it. In a browser there are none and nothing here does anything.
//
// Inside the desktop app the refresh token never goes to web storage or a cookie: the native side keeps it in
// the Secret Service keyring (or a file only the user can read), handed over with getRefreshToken,
// saveRefreshToken and clearRefreshToken. It answers those only for pages of the server the app is connected to.

const handlers = globalThis.webkit?.messageHandlers;

function handler(name) {
  return handlers?.[name] ?? null;
}

export const desktop = {
  /** Running inside the desktop app. */
  get active() { return handler("getRefreshToken") !== null; },
};

/** The stored refresh token, or null (none stored, or this page may not have it). */
export async function getRefreshToken() {
  try {
    const token = await handler("getRefreshToken")?.postMessage(null);
    return typeof token === "string" && token ? token : null;
  } catch {
    return null;
  }
}

/** Hands a new refresh token to the native side; rejects if it could not be kept. */
export async function saveRefreshToken(token) {
  await handler("saveRefreshToken").postMessage(token);
}

/** Forgets the stored refresh token (signing out); never rejects. */
export async function clearRefreshToken() {
  try {
    await handler("clearRefreshToken")?.postMessage(null);
  } catch {
    // Nothing stored, or this page may not clear it: either way there is nothing to sign out with.
  }
}

/** Connects the app to a Mantis server (from the local app's Settings); resolves to its origin. */
export function connectServer(url) {
  return handler("connectServer").postMessage(url);
}

/** Back to the local data: the window loads the local app again. */
export function disconnectServer() {
  return handler("disconnectServer").postMessage(null);
}
