// The API client: JSON in and out, and one kind of error the views can show as is.
// Auth state plugs in through setAuthHooks so this module never imports auth.js (no import cycle).

export class ApiError extends Error {
  constructor(message, { status = 0, code = "unknown", retryAfter = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

let hooks = { token: () => null, refresh: async () => false };

/** auth.js installs how to read the access token and how to renew it after a 401. */
export function setAuthHooks(next) {
  hooks = next;
}

// Some server reasons are written for API users; these read better in the app.
const friendlier = {
  invalid_credentials: "Wrong email or password.",
  email_taken: "An account with this email already exists. Sign in instead, or reset your password.",
  wrong_password: "That password is not right.",
  email_not_verified: "Please verify your email address first.",
  not_found: "We could not find that. It may have been deleted.",
};

function fallbackMessage(status) {
  if (status === 0) return "Mantis cannot be reached. Check your connection and try again.";
  if (status === 401) return "Please sign in again.";
  if (status === 404) return friendlier.not_found;
  if (status === 413) return "That is too large to send.";
  if (status === 429) return "Too many attempts. Please wait a moment and try again.";
  if (status >= 500) return "Something went wrong on the server. Please try again in a moment.";
  return "Something went wrong. Please try again.";
}

/**
 * Calls the API. Options: method, body (sent as JSON), auth (send the bearer token and, after a 401,
 * renew it once and retry), cookie (ask the server to set/read/clear the HttpOnly refresh cookie).
 * Resolves to the decoded JSON (null for 204); rejects with ApiError carrying a sentence for people.
 */
export async function api(path, { method = "GET", body, auth = true, cookie = false, retried = false } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (cookie) headers["X-Mantis-Refresh-Cookie"] = "1";
  const token = auth ? hooks.token() : null;
  if (token) headers.Authorization = `Bearer ${token}`;

  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(fallbackMessage(0), { code: "network" });
  }

  // One renewal and one retry: a token that expired in flight should not sign anyone out.
  if (response.status === 401 && auth && token && !retried && (await hooks.refresh())) {
    return api(path, { method, body, auth, cookie, retried: true });
  }
  if (response.status === 204) return null;

  let data = null;
  try {
    data = await response.json();
  } catch {
    // A proxy's HTML error page or an empty body: fall through to a generic message.
  }
  if (response.ok) return data;
  throw errorFrom(response, data);
}

/**
 * Fetches a file the API offers as an attachment, with the bearer token (renewed once after a 401), e.g.
 * `GET /auth/me/export`. Resolves to { blob, filename } (the name from Content-Disposition, else `fallbackName`).
 */
export async function apiFile(path, { fallbackName = "download", retried = false } = {}) {
  const token = hooks.token();
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  let response;
  try {
    response = await fetch(path, { headers, credentials: "same-origin" });
  } catch {
    throw new ApiError(fallbackMessage(0), { code: "network" });
  }
  if (response.status === 401 && token && !retried && (await hooks.refresh())) {
    return apiFile(path, { fallbackName, retried: true });
  }
  if (!response.ok) {
    let data = null;
    try {
      data = await response.json();
    } catch {
      // Not JSON: the generic message below.
    }
    throw errorFrom(response, data);
  }
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  return { blob: await response.blob(), filename };
}

/** The ApiError for a failed response and its decoded `{error, reason, code}` body (or null). */
function errorFrom(response, data) {
  const code = data?.code ?? `http_${response.status}`;
  const retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
  const reason = typeof data?.reason === "string" && data.reason ? data.reason : null;
  const message = friendlier[code] ?? reason ?? fallbackMessage(response.status);
  return new ApiError(message, {
    status: response.status,
    code,
    retryAfter: Number.isFinite(retryAfter) ? retryAfter : null,
  });
}
