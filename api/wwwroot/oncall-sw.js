// The on-call view's service worker (scope /oncall). A pushed escalation becomes a notification that rings and
// stays until answered, with an "Acknowledge" action. The page's sign-in (a token in sessionStorage) cannot be
// read here, and is not given here: the push payload carries a capability that acknowledges this one alarm as the
// person it was pushed to, for a short time (docs/security.md#acknowledging-from-a-notification).
"use strict";

const PAGE = "/oncall.html";
const ACKNOWLEDGE = "acknowledge";
const ICON = "/icons/oncall-192.png";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let payload = null;
  try { payload = event.data ? event.data.json() : null; } catch { payload = null; }
  event.waitUntil(showEscalation(payload));
});

self.addEventListener("notificationclick", (event) => {
  event.waitUntil(onNotificationClick(event.notification, event.action));
});

const where = (p) => `${p.unitId} · bed ${p.bed}`;

/** Shows an escalation; anything else pushed still shows something (a push must be visible). */
async function showEscalation(p) {
  if (!p || p.type !== "escalation" || typeof p.alarmId !== "string") {
    return self.registration.showNotification("On call", { body: "Something needs you: open the on-call view.", tag: "oncall", icon: ICON });
  }
  const value = p.value != null ? ` ${p.value}` : "";
  const raised = Date.parse(p.raisedAt);
  const at = Number.isFinite(raised) ? `, raised ${new Date(raised).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}` : "";
  return self.registration.showNotification(`Escalated: ${p.code}${value} · ${where(p)}`, {
    body: `${p.priority} priority, level ${p.escalationLevel}${at}. Nobody on the unit has acknowledged it.`,
    tag: `alarm:${p.alarmId}`,
    renotify: true,
    requireInteraction: true,
    vibrate: [400, 200, 400, 200, 800],
    timestamp: Number.isFinite(raised) ? raised : Date.now(),
    icon: ICON,
    data: { alarmId: p.alarmId, unitId: p.unitId, bed: p.bed, code: p.code, acknowledge: p.acknowledge, acknowledgeUntil: p.acknowledgeUntil },
    actions: [{ action: ACKNOWLEDGE, title: "Acknowledge" }],
  });
}

/** The notification's click: "Acknowledge" acknowledges the alarm; a tap elsewhere opens the on-call view. */
async function onNotificationClick(notification, action) {
  const d = notification.data || {};
  notification.close();
  if (action !== ACKNOWLEDGE || !d.alarmId || !d.acknowledge) return openPage();
  const outcome = await acknowledge(d);
  return self.registration.showNotification(outcome.ok ? `Acknowledged: ${d.code} · ${where(d)}` : `Not acknowledged: ${d.code} · ${where(d)}`, {
    body: outcome.message,
    tag: `alarm:${d.alarmId}`,
    requireInteraction: !outcome.ok,
    silent: outcome.ok,
    icon: ICON,
    data: { alarmId: d.alarmId, acknowledged: outcome.ok },
  });
}

/** Acknowledges with the notification's capability; says what happened in words for the notification. */
async function acknowledge(d) {
  let res;
  try {
    res = await fetch(`/api/v1/alarms/${encodeURIComponent(d.alarmId)}/acknowledge`, {
      method: "POST",
      headers: { Authorization: `PushAck ${d.acknowledge}`, Accept: "application/json" },
      credentials: "omit",
      cache: "no-store",
    });
  } catch {
    return { ok: false, message: "The server could not be reached. Open the on-call view to acknowledge." };
  }
  if (res.ok) {
    const alarm = await res.json().catch(() => null);
    return { ok: true, message: alarm?.acknowledgedBy ? `Acknowledged by ${alarm.acknowledgedBy}.` : "Acknowledged." };
  }
  if (res.status === 404) return { ok: false, message: "The alarm is no longer open (it may have resolved)." };
  if (res.status === 401) return { ok: false, message: "This notification's acknowledgement has expired. Open the on-call view and sign in to acknowledge." };
  if (res.status === 403) return { ok: false, message: "You may no longer acknowledge this alarm (the patient may have moved). Open the on-call view." };
  return { ok: false, message: `The server answered ${res.status}. Open the on-call view to acknowledge.` };
}

async function openPage() {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((w) => new URL(w.url).pathname === PAGE);
  return open ? open.focus() : self.clients.openWindow(PAGE);
}
