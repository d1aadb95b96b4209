// "Alerts on this phone": the on-call view's service worker and its push subscription. Escalations in the
// person's units then ring the phone even with the page closed, until their sign-in expires (the page renews the
// subscription with each sign-in). Without push keys on the server, or a browser that cannot, the page says so
// and shows escalations while it is open, as before.
import { $, getJson, sendJson, showError, clearError } from "./common.js";

const WORKER = "/oncall-sw.js";
const SCOPE = "/oncall";

/** Shows the alerts' state: `state` for tests and styles, `text` for the person. */
function show(state, text) {
  const status = $("alerts-state");
  status.dataset.state = state;
  status.textContent = text;
  $("alerts-on").hidden = state !== "available";
  $("alerts-off").hidden = state !== "on";
}

const base64Url = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const bytesOf = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

async function save(subscription) {
  const answer = await sendJson("POST", "/api/v1/push/subscriptions", subscription.toJSON());
  const until = answer?.expiresAt ? new Date(answer.expiresAt).toLocaleString() : "your sign-in expires";
  show("on", `On: escalations in ${answer?.units?.join(", ") ?? "your units"} ring this phone until ${until}.`);
}

async function subscribe(registration, publicKey) {
  $("alerts-on").disabled = true;
  try {
    if (await Notification.requestPermission() !== "granted") {
      show("blocked", "Notifications are not allowed for this site; allow them in the browser's settings to have this phone ring.");
      return;
    }
    await navigator.serviceWorker.ready; // a push subscription needs the worker active, not only registered
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytesOf(publicKey) });
    await save(subscription);
    clearError("alerts");
  } catch (e) {
    showError("alerts", `Could not turn alerts on: ${e.message || e}`);
  } finally {
    $("alerts-on").disabled = false;
  }
}

async function unsubscribe(registration) {
  const subscription = await registration.pushManager.getSubscription();
  try {
    if (subscription) {
      await sendJson("DELETE", "/api/v1/push/subscriptions", { endpoint: subscription.endpoint }).catch((e) => { if (e.problem?.status !== 404) throw e; });
      await subscription.unsubscribe();
    }
    clearError("alerts");
    show("available", "Off: this phone does not ring for escalations.");
  } catch (e) {
    showError("alerts", `Could not turn alerts off: ${e.message || e}`);
  }
}

/** Registers the service worker, then offers, renews or explains the push subscription. */
export async function setUpAlerts() {
  if (!("serviceWorker" in navigator)) {
    show("unsupported", "This browser cannot ring for escalations with the page closed; keep this page open.");
    return;
  }
  let registration;
  try {
    registration = await navigator.serviceWorker.register(WORKER, { scope: SCOPE });
  } catch (e) {
    show("unsupported", `Alerts are unavailable: the service worker could not be registered (${e.message || e}). Keep this page open.`);
    return;
  }
  $("alerts").dataset.worker = "registered";
  if (!("PushManager" in window) || !("Notification" in window)) {
    show("unsupported", "This browser cannot ring for escalations with the page closed; keep this page open (on iPhone, add it to the home screen first).");
    return;
  }
  let config;
  try {
    config = await getJson("/api/v1/push/public-key");
  } catch (e) {
    show("error", `Could not ask whether this server pushes to phones: ${e.message || e}`);
    return;
  }
  if (!config.enabled) {
    show("server-off", "Off on this server: it has no push keys, so phones do not ring. Keep this page open to see escalations.");
    return;
  }
  $("alerts-on").onclick = () => subscribe(registration, config.publicKey);
  $("alerts-off").onclick = () => unsubscribe(registration);
  if (Notification.permission === "denied") {
    show("blocked", "Notifications are blocked for this site; allow them in the browser's settings to have this phone ring.");
    return;
  }
  const existing = await registration.pushManager.getSubscription();
  const sameKey = existing?.options?.applicationServerKey && base64Url(existing.options.applicationServerKey) === config.publicKey.replace(/=+$/, "");
  if (existing && !sameKey) await existing.unsubscribe(); // the server's keys changed: subscribe again
  if (existing && sameKey && Notification.permission === "granted") {
    try { await save(existing); } catch (e) { show("error", `Could not renew this phone's alerts: ${e.message || e}`); }
    return;
  }
  show("available", "Off: this phone does not ring for escalations.");
}
