// On-call view: escalated alarms across units, newest first, acknowledged in one tap.
// Data: GET /api/v1/alarms/escalated for the list (at start and after every reconnect), the hub's
// JoinOnCall for new escalations, and JoinPatient for each listed patient so that an alarm
// acknowledged or resolved elsewhere leaves the list at once.
import { $, el, showError, clearError, installErrorBanner, getJson, connectHub } from "./common.js";
import { RANK, alarmText, ackButton } from "./alarms.js";
import { setUpAlerts } from "./oncall-push.js";

const RETRY_MS = 5_000;
const state = { alarms: new Map(), patients: new Set(), connection: null };

// An escalated alarm waits for on-call while it is active; acknowledged or resolved, it leaves.
function apply(alarm) {
  if (!alarm?.alarmId) return;
  if (alarm.state === "active" && (alarm.escalated || state.alarms.has(alarm.alarmId))) {
    state.alarms.set(alarm.alarmId, { ...state.alarms.get(alarm.alarmId), ...alarm, escalatedAt: state.alarms.get(alarm.alarmId)?.escalatedAt ?? Date.now() });
    followPatient(alarm.patientId);
  } else {
    state.alarms.delete(alarm.alarmId);
  }
}

async function followPatient(patientId) {
  const conn = state.connection;
  if (!patientId || state.patients.has(patientId) || conn?.state !== "Connected") return;
  state.patients.add(patientId);
  try { await conn.invoke("JoinPatient", patientId); } catch { state.patients.delete(patientId); }
}

async function loadList() {
  try {
    const list = await getJson("/api/v1/alarms/escalated");
    state.alarms.clear();
    list.forEach((a, i) => apply({ ...a, escalatedAt: Date.now() - i }));
    clearError("list");
  } catch (e) {
    showError("list", e.message || String(e));
  }
  render();
}

function render() {
  const list = [...state.alarms.values()].sort((a, b) => b.escalatedAt - a.escalatedAt || (RANK[b.priority] ?? 0) - (RANK[a.priority] ?? 0));
  $("escalation-count").textContent = String(list.length);
  $("escalations-empty").hidden = list.length > 0;
  $("escalations").replaceChildren(...list.map((a) => {
    const button = ackButton(a, `on ${a.unitId} bed ${a.bed}`, () => state.connection, (now) => { apply(now); render(); });
    const raised = Date.parse(a.raisedAt);
    return el("li", { class: "alarm escalation", "data-alarm-id": a.alarmId, "data-priority": a.priority, "data-level": String(a.escalationLevel ?? 1) },
      el("span", { class: "alarm-bed" }, `${a.unitId} · bed ${a.bed}`),
      el("span", { class: "alarm-code", title: a.code }, alarmText(a)),
      el("span", { class: "alarm-prio" }, `${a.priority}, level ${a.escalationLevel ?? 1}`),
      Number.isFinite(raised) ? el("time", { datetime: a.raisedAt }, `raised ${new Date(raised).toLocaleTimeString()}`) : null,
      button);
  }));
}

// After every (re)connect: join on-call, then re-read the list so nothing escalated meanwhile is missed.
function connect() {
  state.connection = connectHub(
    {
      escalation: (a) => { apply({ ...a, escalated: true }); render(); },
      alarm: (a) => { if (state.alarms.has(a?.alarmId)) { apply(a); render(); } },
    },
    async (conn) => { await conn.invoke("JoinOnCall"); state.patients.clear(); },
    loadList,
    "join on-call");
}

installErrorBanner();
setInterval(() => { if ($("connection-state").dataset.state !== "connected") loadList(); }, RETRY_MS);
render();
connect();
setUpAlerts();
