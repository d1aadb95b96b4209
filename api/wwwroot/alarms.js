// Alarms as both pages show them: ordering, wording, and the one-click Acknowledge button.
import { el, showError, clearError, postJson } from "./common.js";
import { frequencyLabel } from "./news2.js";

export const RANK = { high: 3, medium: 2, low: 1 };
export const priorityOf = (alarms) => alarms.reduce((best, a) => (RANK[a.priority] ?? 0) > (RANK[best] ?? 0) ? a.priority : best, "none");
const newestFirst = (a, b) => (Date.parse(b.raisedAt) || 0) - (Date.parse(a.raisedAt) || 0);
const activeFirst = (a, b) => (b.state === "active") - (a.state === "active");
/** Active before acknowledged, then the highest priority, then the newest. */
export const byPriority = (a, b) => activeFirst(a, b) || (RANK[b.priority] ?? 0) - (RANK[a.priority] ?? 0) || newestFirst(a, b);

/** Words for the alarm codes a clinician should not have to decode; other codes show as they are (`hr-high`). */
export const ALARM_LABELS = {
  "spo2-desat": "Desaturation",
  "hr-extreme-low": "Extreme bradycardia",
  "hr-extreme-high": "Extreme tachycardia",
  asystole: "Asystole",
  apnoea: "Apnoea",
  "device-clock": "Device clock wrong",
  "news2-overdue": "NEWS2 observations overdue",
};
export const NEWS2_OVERDUE = "news2-overdue";
export const alarmLabel = (code) => ALARM_LABELS[code] ?? code;
// device-clock's value is how far ahead the device's clock runs, in seconds; news2-overdue's is the
// last score, and its detail the RCP monitoring frequency, which is what the nurse needs.
const valueText = (a) => a.code === "device-clock" && a.value != null ? ` (${a.value} s ahead)`
  : a.code === NEWS2_OVERDUE ? (a.detail ? ` · ${frequencyLabel(a.detail)}` : "")
  : a.value != null ? ` ${a.value}` : "";
export const alarmText = (a) => `${alarmLabel(a.code)}${valueText(a)}`;
/** The alarm manager's status word (IHE PCD-05) as the list shows it. */
const DISSEMINATION_WORDS = { received: "sent", delivered: "delivered", read: "read", accepted: "accepted",
  rejected: "declined", undeliverable: "not delivered", cancelled: "cancelled" };
/**
 * What the alarm manager last reported, and how long after the alarm was raised: "paged Dr Berg, read 12 s"
 * ("with the alarm manager" while nobody is paged yet); null without a report.
 */
export const disseminationText = (a) => {
  const d = a.dissemination;
  if (!d) return null;
  const seconds = Math.max(0, Math.round(((Date.parse(d.at) || 0) - (Date.parse(a.raisedAt) || 0)) / 1000));
  if (d.status === "received") return `with the alarm manager, ${seconds} s`;
  return `paged ${d.recipient ?? "on-call"}, ${DISSEMINATION_WORDS[d.status] ?? d.status} ${seconds} s`;
};
export const ackText = (a) => `acknowledged${a.acknowledgedBy ? ` by ${a.acknowledgedBy}` : ""}`;

/** Acknowledges through the hub when live (answering the alarm as it now is), else over REST. */
const acknowledgeAlarm = (connection, alarmId) => connection?.state === "Connected"
  ? connection.invoke("Acknowledge", alarmId)
  : postJson(`/api/v1/alarms/${encodeURIComponent(alarmId)}/acknowledge`, {});

/**
 * One click acknowledges the alarm over the page's current connection (`connectionOf()`); the alarm
 * as it now is goes to `onAcknowledged`. A failure shows in the banner and the button can be used again.
 */
export function ackButton(alarm, where, connectionOf, onAcknowledged) {
  const button = el("button", { type: "button", class: "ack", "data-ack": alarm.alarmId,
    "aria-label": `Acknowledge ${alarmText(alarm)} ${where}` }, "Acknowledge");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const now = await acknowledgeAlarm(connectionOf(), alarm.alarmId);
      clearError(`ack:${alarm.alarmId}`);
      if (now?.alarmId) onAcknowledged(now);
    } catch (e) {
      showError(`ack:${alarm.alarmId}`, `Could not acknowledge ${alarm.alarmId}: ${e.message || e}`);
      button.disabled = false;
    }
  });
  return button;
}
