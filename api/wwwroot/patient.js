// Patient detail: trends of each vital over a chosen range (the stored history, then live
// readings as they come), the NEWS2 band, the alarm limits and the patient's alarm history.
import { $, el, showError, clearError, installErrorBanner, getJson, connectHub } from "./common.js";
import { news2Badge } from "./news2.js";
import { loadLimits, installLimitsEditor } from "./limits.js";
import { alarmText, NEWS2_OVERDUE } from "./alarms.js";

const TRENDS = [ // one chart each; BP draws systolic and diastolic together
  { title: "Heart rate (/min)", codes: ["hr"] },
  { title: "SpO₂ (%)", codes: ["spo2"] },
  { title: "Respiration rate (/min)", codes: ["rr"] },
  { title: "Blood pressure (mmHg)", codes: ["sbp", "dbp"] },
  { title: "Temperature (°C)", codes: ["temp"] },
];
const COLOURS = ["#4fc3f7", "#ffb74d"];
const GAP_SECONDS = 60; // with every reading or every minute; a long range's points are further apart

const patientId = new URLSearchParams(location.search).get("patient");
const state = { hours: 1, gapSeconds: GAP_SECONDS, charts: new Map(), series: new Map(), alarms: new Map(), connection: null };

// Per code, the points [seconds, value] of the range, oldest first.
const seriesOf = (code) => state.series.get(code) ?? state.series.set(code, []).get(code);

// The range: the last n hours, or the whole current stay (admission to discharge, or to now), as the API lists it.
async function range() {
  if (state.hours !== "stay") { const to = new Date(); return { from: new Date(to - state.hours * 3600_000), to }; }
  const [stay] = await getJson(`/api/v1/patients/${encodeURIComponent(patientId)}/stays`); // newest first
  if (!stay) throw new Error("No stay of this patient is recorded.");
  return { from: new Date(stay.admittedAt), to: stay.dischargedAt ? new Date(stay.dischargedAt) : new Date() };
}

async function loadTrends() {
  try {
    const { from, to } = await range();
    $("charts").dataset.from = from.toISOString();
    await Promise.all(TRENDS.flatMap((t) => t.codes).map(async (code) => {
      const answer = await getJson(`/api/v1/patients/${encodeURIComponent(patientId)}/vitals?code=${code}&from=${from.toISOString()}&to=${to.toISOString()}`);
      // Up to two hours every reading; beyond, the server answers from its minute trends (their means),
      // one point per minutesPerPoint minutes (ten for 7 days): a gap is only a gap past a point's span.
      const rows = answer.resolution === "minute" ? answer.minutes : answer.readings;
      state.gapSeconds = Math.max(GAP_SECONDS, 60 * (answer.minutesPerPoint ?? 1));
      // Live points already shown stay, even if the history has not stored them yet (it writes behind).
      const stored = new Map(rows.map((r) => [Date.parse(r.at) / 1000, r.value]));
      for (const [x, value] of seriesOf(code)) if (x >= from / 1000 && !stored.has(x)) stored.set(x, value);
      state.series.set(code, [...stored].sort((a, b) => a[0] - b[0]));
    }));
    clearError("trends");
  } catch (e) {
    showError("trends", e.message);
  }
  drawAll();
}

function drawAll() {
  for (const trend of TRENDS) draw(trend);
}

// Every chart's place is there from the start (its height kept by the stylesheet), so that a chart
// drawn later never moves what is below it: a nurse's click on the limits' Save lands where she aimed.
function chartBox(trend) {
  let box = state.charts.get(trend.title);
  if (!box) {
    box = el("figure", { class: "chart", "data-codes": trend.codes.join(",") }, el("figcaption", {}, trend.title));
    $("charts").append(box);
    state.charts.set(trend.title, box);
  }
  return box;
}

function draw(trend) {
  const points = trend.codes.map(seriesOf);
  // uPlot wants one x array shared by every series: the union of times, gaps as null. Where no
  // reading came for over a minute, a null breaks the line: a gap is shown as a gap, not drawn over.
  const times = [...new Set(points.flat().map(([x]) => x))].sort((a, b) => a - b);
  const xs = times.flatMap((x, i) => i > 0 && x - times[i - 1] > state.gapSeconds ? [times[i - 1] + 1, x] : [x]);
  const data = [xs, ...points.map((list) => { const m = new Map(list); return xs.map((x) => m.get(x) ?? null); })];
  const box = chartBox(trend);
  box.dataset.points = String(points.reduce((n, list) => n + list.length, 0));
  box.querySelector(".uplot")?.remove();
  if (!window.uPlot) return showError("chart", "Charts unavailable: the chart library failed to load.");
  new window.uPlot({
    width: Math.min(560, box.clientWidth || 560), height: 180,
    scales: { x: { time: true } },
    axes: [{ stroke: "#c9d1d9" }, { stroke: "#c9d1d9" }],
    series: [{}, ...trend.codes.map((code, i) => ({ label: code, stroke: COLOURS[i], width: 2, spanGaps: false }))],
  }, data, box);
}

// A live reading inside the range joins its chart at once.
function onVitals(update) {
  if (update?.patientId !== patientId) return;
  if (update.news2) $("news2").replaceWith(Object.assign(news2Badge(update.news2), { id: "news2" }));
  for (const trend of TRENDS) {
    let changed = false;
    for (const code of trend.codes) {
      const v = update.vitals?.[code];
      const x = v ? Date.parse(v.at) / 1000 : NaN;
      const list = seriesOf(code);
      if (Number.isFinite(x) && !list.some(([t]) => t === x)) { list.push([x, v.value]); list.sort((a, b) => a[0] - b[0]); changed = true; }
    }
    if (changed) draw(trend);
  }
}

async function loadPatient() {
  try {
    const patient = await getJson(`/api/v1/patients/${encodeURIComponent(patientId)}`);
    $("patient-title").textContent = `${patient.patientId} · ${patient.unitId} bed ${patient.bed}`;
    $("back-link").href = `/?unit=${encodeURIComponent(patient.unitId)}`;
    $("news2").replaceWith(Object.assign(news2Badge(patient.news2), { id: "news2" }));
    if (!state.limitsLoaded) { state.limitsLoaded = true; loadLimits(patientId, patient.unitId); }
    // The history is written behind: an alarm just pushed may not be stored yet, so it stays.
    const stored = await getJson(`/api/v1/patients/${encodeURIComponent(patientId)}/alarms`);
    for (const a of stored) merge(a);
    renderAlarms();
    clearError("patient");
  } catch (e) {
    showError("patient", e.message);
  }
}

// An alarm only moves forward (active, acknowledged, resolved): whichever of the stored and the
// pushed picture is further along wins.
const STAGE = { active: 0, acknowledged: 1, resolved: 2 };
function merge(alarm) {
  const known = state.alarms.get(alarm.alarmId);
  if (!known || STAGE[alarm.state] >= STAGE[known.state]) state.alarms.set(alarm.alarmId, alarm);
}

function onAlarm(alarm) {
  if (alarm?.patientId !== patientId) return;
  merge(alarm);
  renderAlarms();
  if (alarm.code === NEWS2_OVERDUE) loadPatient(); // the NEWS2 badge shows overdue and the monitoring frequency
}

function renderAlarms() {
  const alarms = [...state.alarms.values()].sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt));
  $("history-empty").hidden = alarms.length > 0;
  $("alarm-history").replaceChildren(...alarms.map((a) => el("li", { class: "alarm", "data-alarm-id": a.alarmId, "data-priority": a.priority, "data-state": a.state },
    el("span", { class: "alarm-code", title: a.code }, alarmText(a)),
    el("span", { class: "alarm-prio" }, `${a.priority}, ${a.state}${a.acknowledgedBy ? ` by ${a.acknowledgedBy}` : ""}`),
    el("time", { datetime: a.raisedAt }, new Date(a.raisedAt).toLocaleString()))));
}

// After every (re)connect: follow the patient, then re-read, so nothing that came meanwhile is missed.
function connect() {
  state.connection = connectHub(
    { vitals: onVitals, alarm: onAlarm },
    (conn) => conn.invoke("JoinPatient", patientId),
    () => Promise.all([loadPatient(), loadTrends()]),
    `follow ${patientId}`);
}

installErrorBanner();
for (const trend of TRENDS) chartBox(trend);
installLimitsEditor();
$("range").addEventListener("change", (e) => { state.hours = e.target.value === "stay" ? "stay" : Number(e.target.value); loadTrends(); });
if (!patientId) showError("patient", "No patient chosen: open this page from a bed on the central station.");
else connect();
