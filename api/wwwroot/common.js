// What the central station and the on-call view share: DOM building, the error banner, JSON over
// HTTP, the connection badge and a hub connection that reconnects by itself.

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

export function installErrorBanner() {
  $("error-dismiss").addEventListener("click", () => { errors.clear(); renderErrors(); });
  window.addEventListener("unhandledrejection", (e) => showError("unexpected", String(e.reason?.message ?? e.reason)));
}

// ---------- HTTP ----------
export async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store", signal: AbortSignal.timeout(10_000) })
    .catch((e) => { throw new Error(`GET ${url} failed: ${e.message || "network error"}`); });
  if (!res.ok) throw new Error(`GET ${url} failed: ${res.status} ${res.statusText}`.trim());
  return res.json().catch(() => { throw new Error(`GET ${url}: response is not valid JSON`); });
}

export const postJson = (url, body) => sendJson("POST", url, body);

/** Sends JSON; on a refusal the error carries the server's problem details as `problem`. */
export async function sendJson(method, url, body) {
  const res = await fetch(url, { method, headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) })
    .catch((e) => { throw new Error(`${method} ${url} failed: ${e.message || "network error"}`); });
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
  const conn = new signalR.HubConnectionBuilder().withUrl("/hubs/monitoring").withAutomaticReconnect(retryForever)
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
