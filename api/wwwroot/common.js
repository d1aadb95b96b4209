// What the pages share: DOM building, the error banner, sign-in, JSON over HTTP, the connection
// badge and a hub connection that reconnects by itself.

export const $ = (id) => document.getElementById(id);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) node.setAttribute(k, v);
  node.append(...children.filter((c) => c != null));
  return node;
}

// ---------- errors: one banner, one line per problem (keyed, so a retry replaces its own line) ----------
const errors = new Map();
export const showError = (key, message) => { errors.set(key, message); renderErrors(); };
export const clearError = (key) => { if (errors.delete(key)) renderErrors(); };
export const hasError = (key) => errors.has(key);
function renderErrors() {
  $("error-list").replaceChildren(...[...errors.values()].map((m) => el("li", {}, m)));
  $("error-banner").hidden = errors.size === 0;
}

/** The banner every page shows its problems in, right under the top bar. */
export function installErrorBanner() {
  const dismiss = el("button", { type: "button", id: "error-dismiss", class: "banner-dismiss", "aria-label": "Dismiss errors" }, "Dismiss");
  const banner = el("div", { id: "error-banner", class: "banner", role: "alert" }, el("ul", { id: "error-list" }), dismiss);
  banner.hidden = true;
  const header = document.querySelector("header");
  if (header) header.after(banner); else document.body.prepend(banner);
  dismiss.addEventListener("click", () => { errors.clear(); renderErrors(); });
  window.addEventListener("unhandledrejection", (e) => showError("unexpected", String(e.reason?.message ?? e.reason)));
}

// ---------- sign-in: a bearer token, kept for this tab only ----------
// The sign-in link carries the token in its fragment (#token=…), which never reaches a server or a log;
// it is moved to sessionStorage and taken off the address at once.
const TOKEN_KEY = "monitoring.token";
(function takeTokenFromLink() {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get("token");
  if (!fromLink) return;
  sessionStorage.setItem(TOKEN_KEY, fromLink);
  history.replaceState(null, "", location.pathname + location.search);
})();
export const token = () => sessionStorage.getItem(TOKEN_KEY);
const authorization = () => (token() ? { Authorization: `Bearer ${token()}` } : {});

/** Asks for a token when there is none or the server refused it (401). */
export function requireSignIn(reason) {
  if ($("sign-in")) return;
  const input = el("input", { id: "sign-in-token", type: "password", autocomplete: "off", "aria-label": "Access token", placeholder: "paste your access token" });
  const form = el("form", { id: "sign-in", class: "sign-in" },
    el("p", {}, reason, " Open the sign-in link you were given, or paste a token (", el("code", {}, "deploy/token.sh"), " makes one locally)."),
    input, el("button", { type: "submit" }, "Sign in"));
  form.addEventListener("submit", (e) => { e.preventDefault(); sessionStorage.setItem(TOKEN_KEY, input.value.trim()); location.reload(); });
  document.body.prepend(form);
}

async function checked(res, what) {
  if (res.status === 401) { requireSignIn("Not signed in, or the sign-in has expired."); throw new Error(`${what}: not signed in`); }
  if (res.status === 403) throw new Error(`${what}: not allowed for your sign-in`);
  return res;
}

// ---------- HTTP ----------
export async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: "application/json", ...authorization() }, cache: "no-store", signal: AbortSignal.timeout(10_000) })
    .catch((e) => { throw new Error(`GET ${url} failed: ${e.message || "network error"}`); })
    .then((r) => checked(r, `GET ${url}`));
  if (!res.ok) throw new Error(`GET ${url} failed: ${res.status} ${res.statusText}`.trim());
  return res.json().catch(() => { throw new Error(`GET ${url}: response is not valid JSON`); });
}

export const postJson = (url, body) => sendJson("POST", url, body);

/** Sends JSON; on a refusal the error carries the server's problem details as `problem`. */
export async function sendJson(method, url, body) {
  const res = await fetch(url, { method, headers: { "Content-Type": "application/json", Accept: "application/json", ...authorization() }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) })
    .catch((e) => { throw new Error(`${method} ${url} failed: ${e.message || "network error"}`); });
  if (res.status === 401) { requireSignIn("Not signed in, or the sign-in has expired."); throw new Error(`${method} ${url}: not signed in`); }
  if (!res.ok) {
    const problem = await res.json().catch(() => null);
    throw Object.assign(new Error(problem?.detail ?? problem?.title ?? `${res.status} ${res.statusText}`.trim()), { problem });
  }
  return res.json().catch(() => null);
}

// ---------- SignalR ----------
export function setConnState(kind) {
  const badge = $("connection-state");
  badge.dataset.state = kind;
  badge.textContent = { connected: "Live", reconnecting: "Reconnecting…", disconnected: "Disconnected" }[kind];
}

export const retryForever = { nextRetryDelayInMilliseconds: (ctx) => [0, 1000, 2000, 5000][ctx.previousRetryCount] ?? 5000 };

const RETRY_MS = 5_000;

/**
 * A live connection to the hub that never gives up: `handlers` maps events to functions, and after
 * every (re)connect `join(connection)` joins its groups; then `refresh()` re-reads what may have
 * been missed meanwhile. Returns the connection (not yet started when this returns).
 */
export function connectHub(handlers, join, refresh, what) {
  const signalR = window.signalR;
  if (!signalR) { showError("hub", "Live updates unavailable: the SignalR client failed to load."); return null; }
  if (!token()) { requireSignIn("Not signed in."); return null; }
  const conn = new signalR.HubConnectionBuilder().withUrl("/hubs/monitoring", { accessTokenFactory: token }).withAutomaticReconnect(retryForever)
    .configureLogging(signalR.LogLevel.Warning).build();
  for (const [event, handler] of Object.entries(handlers)) conn.on(event, handler);
  const joinAndRefresh = async () => {
    try { await join(conn); } catch (e) {
      showError("hub", `Could not ${what}: ${e.message || e}. Retrying…`);
      return conn.stop().catch(() => {}); // onclose starts again
    }
    clearError("hub");
    setConnState("connected");
    await refresh();
  };
  const start = async () => {
    try { await conn.start(); } catch (e) {
      if (e?.statusCode === 401) { requireSignIn("Not signed in, or the sign-in has expired."); return; }
      showError("hub", `Live connection failed: ${e.message || e}. Retrying…`);
      setTimeout(start, RETRY_MS);
      return;
    }
    await joinAndRefresh();
  };
  conn.onreconnecting(() => setConnState("reconnecting"));
  conn.onreconnected(joinAndRefresh);
  conn.onclose(() => { setConnState("disconnected"); setTimeout(start, RETRY_MS); });
  start();
  return conn;
}
