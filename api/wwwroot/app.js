// Ward monitor: nurse dashboard. Plain ES module, no build step.
// Data: REST for units/board snapshots, SignalR (/hubs/monitoring) for live events.
import { $, el, showError, clearError, hasError, installErrorBanner, getJson, setConnState, retryForever, token, requireSignIn } from "./common.js";
import { RANK, priorityOf, byPriority, alarmText, ackText, disseminationText, ackButton as ackButtonFor, NEWS2_OVERDUE } from "./alarms.js";
import { news2Badge } from "./news2.js";
import { VITALS, vitalCell, refreshStaleness } from "./vitals.js";
import { loadSystemAlarms, applySystemAlarm } from "./system-alarms.js";

const RETRY_MS = 5_000;
const STORAGE_KEY = "wardmonitor.unit";
const byBed = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" }).compare;

const state = {
  unitId: null,
  beds: new Map(),   // bed -> { bed, patientId, vitals }
  alarms: new Map(), // alarmId -> ALARM (never "resolved")
  tiles: new Map(),  // bed -> <article>
  connection: null,
  boardSeq: 0,       // id of the newest board request; older answers are ignored
  buffer: null,      // events received while a board read is in flight
  lastEventRefresh: 0, // throttles board re-reads caused by unknown beds
};

// ---------- units ----------
async function loadUnits() {
  try {
    const units = await getJson("/api/v1/units");
    clearError("units");
    return Array.isArray(units) ? units : [];
  } catch (e) {
    showError("units", e.message);
    await new Promise((r) => setTimeout(r, RETRY_MS));
    return loadUnits();
  }
}

function pickInitialUnit(units) {
  const fromUrl = new URLSearchParams(location.search).get("unit");
  if (fromUrl) return fromUrl; // an explicit link wins, even for a unit not listed
  let stored = null;
  try { stored = localStorage.getItem(STORAGE_KEY); } catch { /* storage disabled */ }
  const known = units.map((u) => u.unitId);
  return known.includes(stored) ? stored : known[0] ?? null;
}

function fillUnitSelect(units, selected) {
  const select = $("unit-select");
  const ids = units.map((u) => u.unitId);
  if (selected && !ids.includes(selected)) units = [...units, { unitId: selected }];
  select.replaceChildren(...units.map((u) =>
    el("option", { value: u.unitId }, u.beds != null ? `${u.unitId} (${u.beds} beds)` : u.unitId)));
  select.value = selected ?? "";
  select.disabled = units.length === 0;
}

function onUnitChosen(unitId) {
  try { localStorage.setItem(STORAGE_KEY, unitId); } catch { /* storage disabled: choice not remembered */ }
  const url = new URL(location.href);
  if (url.searchParams.has("unit")) { // keep a shared link pointing at what is shown
    url.searchParams.set("unit", unitId);
    history.replaceState(null, "", url);
  }
  switchUnit(unitId);
}

function switchUnit(unitId) {
  state.unitId = unitId;
  $("analytics-link").href = `/analytics.html?unit=${encodeURIComponent(unitId)}`;
  [state.beds, state.alarms, state.tiles].forEach((m) => m.clear());
  state.buffer = null; // drop events buffered for the previous unit
  $("board").replaceChildren();
  clearError("board");
  render();
  loadBoard(); // show data even if the hub is down
  startConnection(unitId);
}

// ---------- board snapshot ----------
async function loadBoard() {
  const unitId = state.unitId;
  const seq = ++state.boardSeq;
  state.buffer ??= [];
  try {
    const board = await getJson(`/api/v1/units/${encodeURIComponent(unitId)}/board`);
    if (seq !== state.boardSeq || unitId !== state.unitId) return; // superseded
    applyBoard(board);
    clearError("board");
  } catch (e) {
    if (seq !== state.boardSeq || unitId !== state.unitId) return;
    showError("board", e.message); // pollIfNeeded() retries
  }
  // Replay events that arrived during the read: they are newer than the snapshot
  // because JoinUnit completes before each post-connect read starts.
  const pending = state.buffer ?? [];
  state.buffer = null;
  pending.forEach(([kind, payload]) => applyEvent(kind, payload));
  render();
}

function applyBoard(board) {
  [state.beds, state.alarms].forEach((m) => m.clear());
  for (const b of board?.beds ?? []) {
    state.beds.set(String(b.bed), { bed: String(b.bed), patientId: b.patientId, vitals: { ...b.vitals }, news2: b.news2 ?? null });
    for (const a of b.alarms ?? []) applyAlarm({ bed: b.bed, ...a });
  }
}

// ---------- live events ----------
function onEvent(kind, payload) {
  if (!payload || payload.unitId !== state.unitId) return; // late event from a previous unit
  if (state.buffer) state.buffer.push([kind, payload]);
  else {
    applyEvent(kind, payload);
    render();
    // Observations falling overdue (or caught up) changes the bed's NEWS2 summary: read it with its frequency.
    if (kind === "alarm" && payload.code === NEWS2_OVERDUE) loadBoard();
  }
}

function applyEvent(kind, payload) {
  if (payload.unitId !== state.unitId) return;
  (kind === "alarm" ? applyAlarm : applyVitals)(payload);
}

function applyVitals({ bed, patientId, vitals, news2 }) {
  const known = state.beds.get(String(bed));
  if (!known || (patientId && known.patientId !== patientId)) { refreshForUnknownBed(); return; }
  if (news2) known.news2 = news2;
  for (const [code, v] of Object.entries(vitals ?? {})) {
    const old = known.vitals[code];
    if (!old || !v || !(Date.parse(v.at) < Date.parse(old.at))) known.vitals[code] = v; // never go back in time
  }
}

// A bed or admission we do not know yet: re-read the board, at most every few
// seconds so a backend that never lists the bed cannot cause a request storm.
function refreshForUnknownBed() {
  if (state.buffer || Date.now() - state.lastEventRefresh < RETRY_MS) return;
  state.lastEventRefresh = Date.now();
  loadBoard();
}

function applyAlarm(alarm) {
  if (alarm.state === "resolved") state.alarms.delete(alarm.alarmId);
  else state.alarms.set(alarm.alarmId, alarm);
}

// ---------- SignalR ----------
function startConnection(unitId) {
  state.connection?.stop().catch(() => {});
  const signalR = window.signalR;
  if (!signalR) return showError("hub", "Live updates unavailable: the SignalR client failed to load.");
  if (!token()) return requireSignIn("Not signed in.");
  const conn = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/monitoring", { accessTokenFactory: token })
    .withAutomaticReconnect(retryForever)
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  state.connection = conn;
  const current = () => state.connection === conn; // ignore callbacks of a replaced connection

  conn.on("vitals", (p) => current() && onEvent("vitals", p));
  conn.on("alarm", (p) => current() && onEvent("alarm", p));
  conn.on("system-alarm", (p) => current() && applySystemAlarm(p));
  conn.onreconnecting(() => current() && setConnState("reconnecting"));
  conn.onreconnected(() => current() && joinAndRefresh(conn, unitId));
  conn.onclose(() => { if (current()) { setConnState("disconnected"); retryStart(conn, unitId); } });
  setConnState("disconnected");
  firstStart(conn, unitId);
}

async function firstStart(conn, unitId) {
  try { await conn.start(); } catch (e) {
    if (state.connection !== conn) return;
    if (e?.statusCode === 401) return requireSignIn("Not signed in, or the sign-in has expired.");
    showError("hub", `Live connection failed: ${e.message || e}. Retrying…`);
    return retryStart(conn, unitId);
  }
  if (state.connection === conn) joinAndRefresh(conn, unitId);
}

const retryStart = (conn, unitId) => setTimeout(() => {
  if (state.connection === conn && conn.state === "Disconnected") firstStart(conn, unitId);
}, RETRY_MS);

// Called after every (re)connect: join the unit group, then re-read the board
// so that nothing raised while we were not in the group is missed.
async function joinAndRefresh(conn, unitId) {
  try { await conn.invoke("JoinUnit", unitId); } catch (e) {
    if (state.connection !== conn) return;
    if (String(e?.message).includes("Forbidden")) { state.connection = null; conn.stop().catch(() => {}); return showError("hub", `Unit ${unitId} is not among your units.`); }
    showError("hub", `Could not join unit ${unitId}: ${e.message || e}. Retrying…`);
    return conn.stop().catch(() => {}); // onclose schedules a fresh start
  }
  if (state.connection !== conn) return;
  clearError("hub");
  setConnState("connected");
  loadBoard();
  loadSystemAlarms();
}

// ---------- rendering ----------
// Open alarms: active ones, and acknowledged ones whose condition still holds (shown, not flashing).
const openAlarms = () => [...state.alarms.values()].filter((a) => a.state === "active" || a.state === "acknowledged");

// One click, from the tile or the list; the answer shows at once, before its push arrives.
const ackButton = (alarm) => alarm.state !== "active" ? null : ackButtonFor(alarm, `on bed ${alarm.bed ?? "?"}`, () => state.connection,
  (now) => { applyAlarm({ ...state.alarms.get(now.alarmId), ...now }); render(); });

function alarmsByBed() {
  const map = new Map();
  for (const a of openAlarms()) {
    const key = String(a.bed ?? [...state.beds.values()].find((b) => b.patientId === a.patientId)?.bed);
    map.set(key, [...(map.get(key) ?? []), a]);
  }
  return map;
}

function renderTile(bed, alarms) {
  const active = alarms.filter((a) => a.state === "active");
  const priority = priorityOf(alarms);
  const tile = state.tiles.get(bed.bed) ?? el("article", { class: "tile" });
  state.tiles.set(bed.bed, tile);
  tile.dataset.bed = bed.bed;
  tile.dataset.patient = bed.patientId ?? "";
  tile.dataset.alarmPriority = priority;
  tile.dataset.alarmState = active.length ? "active" : alarms.length ? "acknowledged" : "none";
  const alarmDesc = alarms.length ? `, ${priority} priority alarm: ${alarms.map(alarmText).join(", ")}` : "";
  tile.setAttribute("aria-label", `Bed ${bed.bed}, patient ${bed.patientId ?? "unknown"}${alarmDesc}`);
  // replaceChildren (unlike el) would turn a null child into the text "null"
  tile.replaceChildren(...[
    el("header", { class: "tile-head" },
      el("span", { class: "bed" }, `Bed ${bed.bed}`),
      bed.patientId
        ? el("a", { class: "patient", href: `/patient.html?patient=${encodeURIComponent(bed.patientId)}`, title: "Trends and alarm history" }, bed.patientId)
        : el("span", { class: "patient" }, "—"),
      news2Badge(bed.news2)),
    alarms.length ? el("ul", { class: "tile-alarms" },
      ...alarms.map((a) => el("li", { "data-priority": a.priority, "data-alarm-id": a.alarmId, "data-state": a.state },
        el("span", { title: a.code }, alarmText(a)), a.state === "active" ? ackButton(a) : el("span", { class: "acked" }, ackText(a))))) : null,
    el("dl", { class: "vitals" }, ...VITALS.map((spec) => vitalCell(spec, bed.vitals ?? {})))].filter(Boolean));
  return tile;
}

function renderBoard() {
  const alarms = alarmsByBed();
  const rows = [...state.beds.values()].map((bed) => {
    const list = (alarms.get(bed.bed) ?? []).sort(byPriority);
    const active = list.filter((a) => a.state === "active");
    return { bed, list, rank: RANK[priorityOf(active)] ?? 0, ackedRank: RANK[priorityOf(list)] ?? 0 };
  });
  // Beds with active alarms first (highest priority first), then acknowledged ones, then by bed.
  rows.sort((a, b) => b.rank - a.rank || b.ackedRank - a.ackedRank || byBed(a.bed.bed, b.bed.bed));
  for (const bed of state.tiles.keys()) if (!state.beds.has(bed)) state.tiles.delete(bed);
  // replaceChildren moves existing nodes, so tiles are reused rather than recreated
  $("board").replaceChildren(...rows.map((r) => renderTile(r.bed, r.list)));
  const empty = $("board-empty");
  empty.hidden = rows.length > 0;
  empty.textContent = state.unitId ? (state.buffer ? "Loading…" : "No beds in this unit.") : "No unit selected.";
}

function renderAlarmList() {
  const list = openAlarms().sort(byPriority);
  $("alarm-count").textContent = String(list.filter((a) => a.state === "active").length);
  $("alarm-list").replaceChildren(...list.map((a) => {
    const at = Date.parse(a.raisedAt);
    return el("li", { class: "alarm", "data-alarm-id": a.alarmId, "data-priority": a.priority, "data-state": a.state },
      el("span", { class: "alarm-bed" }, `Bed ${a.bed ?? "?"}`),
      el("span", { class: "alarm-code", title: a.code }, alarmText(a)),
      el("span", { class: "alarm-prio" }, a.priority),
      Number.isFinite(at) ? el("time", { datetime: a.raisedAt }, new Date(at).toLocaleTimeString()) : null,
      a.dissemination ? el("span", { class: "alarm-paged", "data-status": a.dissemination.status }, disseminationText(a)) : null,
      a.state === "active" ? ackButton(a) : el("span", { class: "acked" }, ackText(a)));
  }));
}

const render = () => { renderBoard(); renderAlarmList(); refreshStaleness(); };

// Without live events (hub down, or not joined yet) or after a failed read, the
// board is re-read periodically so new alarms still reach the screen.
function pollIfNeeded() {
  const live = $("connection-state").dataset.state === "connected";
  if (state.unitId && !state.buffer && (!live || hasError("board"))) loadBoard();
  if (!live) loadSystemAlarms();
}

// ---------- start-up ----------
async function main() {
  installErrorBanner();
  $("unit-select").addEventListener("change", (e) => onUnitChosen(e.target.value));
  setInterval(refreshStaleness, 1000);
  setInterval(pollIfNeeded, RETRY_MS);
  // Alarm analytics are for nurse leads and admins: only they see the link.
  getJson("/api/v1/me").then((me) => { $("analytics-link").hidden = !me.roles.some((r) => r === "nurse-lead" || r === "admin"); }, () => {});
  loadSystemAlarms();
  const units = await loadUnits();
  const unitId = pickInitialUnit(units);
  fillUnitSelect(units, unitId);
  if (unitId) switchUnit(unitId);
  else render();
}

main();
