// Alarm analytics of a unit over a period, for its nurse leads and admins. Plain ES module, no build step.
// Data: GET /api/v1/units/{id}/alarm-analytics (figures defined in docs/alarm-analytics.md) and its .csv export.
import { $, el, showError, clearError, installErrorBanner, getJson, token, requireSignIn } from "./common.js";

const STORAGE_KEY = "wardmonitor.unit";
const HOUR = 3_600_000;
const COLOURS = { high: "#e0201b", medium: "#ffd200", low: "#00c8e6" };
const PRIORITIES = ["high", "medium", "low"];
const state = { unitId: null, period: null, seq: 0 };

// ---------- formatting: what the screen shows; each figure also keeps the API's number in data-value ----------
const count = (n) => (n ?? 0).toLocaleString("en");
const share = (x) => (x == null ? "—" : `${(x * 100).toFixed(1)} %`);
const perDay = (x) => (x == null ? "—" : x.toFixed(2));
const seconds = (s) => (s == null ? "—" : s < 120 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);
const dateTime = (iso) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });

// ---------- the period: last 24 h, last 7 days, or whole local days chosen ----------
function periodFromControls() {
  const kind = $("period").value;
  if (kind !== "custom") {
    const to = new Date();
    return { from: new Date(to - (kind === "24h" ? 24 : 7 * 24) * HOUR), to };
  }
  const from = $("custom-from").valueAsDate, to = $("custom-to").valueAsDate;
  if (!from || !to) return null;
  // Whole local days, 'to' included: from its midnight to the next.
  const localMidnight = (d, plusDays) => new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + plusDays);
  return { from: localMidnight(from, 0), to: localMidnight(to, 1) };
}

const query = (p) => `from=${encodeURIComponent(p.from.toISOString())}&to=${encodeURIComponent(p.to.toISOString())}`;
const analyticsUrl = (unitId, p, csv) => `/api/v1/units/${encodeURIComponent(unitId)}/alarm-analytics${csv ? ".csv" : ""}?${query(p)}`;

// A refusal shows the server's own words (problem details name the field at fault).
async function fetchChecked(url, accept) {
  const res = await fetch(url, { headers: { Accept: accept, Authorization: `Bearer ${token()}` }, cache: "no-store", signal: AbortSignal.timeout(30_000) })
    .catch((e) => { throw new Error(`GET ${url} failed: ${e.message || "network error"}`); });
  if (res.status === 401) { requireSignIn("Not signed in, or the sign-in has expired."); throw new Error("Not signed in."); }
  if (res.status === 403) throw new Error("Alarm analytics of this unit are for its nurse leads and admins; your sign-in is not one of them.");
  if (!res.ok) {
    const problem = await res.json().catch(() => null);
    const fields = problem?.errors ? Object.values(problem.errors).flat().join(" ") : "";
    throw new Error(fields || problem?.detail || `${res.status} ${res.statusText}`.trim());
  }
  return res;
}

// ---------- reading and showing ----------
async function load() {
  const period = periodFromControls();
  if (!state.unitId || !period) return;
  state.period = period;
  const seq = ++state.seq;
  $("export").disabled = true;
  document.querySelector("main").setAttribute("aria-busy", "true");
  try {
    const analytics = await (await fetchChecked(analyticsUrl(state.unitId, period, false), "application/json")).json();
    if (seq !== state.seq) return; // a newer choice was made meanwhile
    clearError("analytics");
    render(analytics);
    $("export").disabled = false;
  } catch (e) {
    if (seq === state.seq) showError("analytics", e.message);
  } finally {
    if (seq === state.seq) document.querySelector("main").setAttribute("aria-busy", "false");
  }
}

function render(a) {
  $("period-shown").textContent = `${a.unitId}: ${dateTime(a.from)} to ${dateTime(a.to)} · ${a.bedDays.toFixed(1)} bed-days`;
  $("period-shown").dataset.from = a.from;
  $("period-shown").dataset.to = a.to;
  $("window-shown").textContent = String(a.selfResolvedSeconds);
  const t = a.totals;
  const figure = (name, label, value, text) =>
    el("div", { "data-figure": name, "data-value": value == null ? "" : String(value) }, el("dt", {}, label), el("dd", {}, text));
  $("headline").replaceChildren(
    figure("raised", "Alarms raised", t.raised, count(t.raised)),
    figure("alarmsPerBedDay", "Alarms per bed-day", a.alarmsPerBedDay, perDay(a.alarmsPerBedDay)),
    figure("selfResolvedShare", "Self-resolved", t.selfResolvedShare, share(t.selfResolvedShare)),
    figure("acknowledgeP50Seconds", "Time to acknowledge, median", t.acknowledgeP50Seconds, seconds(t.acknowledgeP50Seconds)),
    figure("acknowledgeP90Seconds", "Time to acknowledge, 90th percentile", t.acknowledgeP90Seconds, seconds(t.acknowledgeP90Seconds)),
    figure("escalations", "Escalations", t.escalations, count(t.escalations)),
    figure("reAlarms", "Re-alarms", t.reAlarms, count(t.reAlarms)));
  renderTop("top-conditions", "Condition", a.topConditions, (c) => c.code);
  renderTop("top-beds", "Bed", a.topBeds, (b) => `Bed ${b.bed}`, (b) => b.alarmsPerBedDay);
  renderTop("by-priority", "Priority", a.byPriority, (p) => p.priority);
  drawDaily(a.days);
  drawAcknowledge(a.days);
}

function renderTop(id, what, rows, name, perBedDay) {
  const most = Math.max(1, ...rows.map((r) => r.figures.raised));
  const head = el("tr", {}, el("th", { scope: "col" }, what), el("th", { scope: "col" }, "Alarms"),
    perBedDay ? el("th", { scope: "col" }, "Per bed-day") : null,
    el("th", { scope: "col" }, "Self-resolved"), el("th", { scope: "col" }, "Acknowledge, median"));
  const body = rows.map((r) => {
    const bar = el("span", { class: "bar" });
    bar.style.width = `${(100 * r.figures.raised) / most}%`; // CSSOM, allowed by the page's CSP
    return el("tr", { "data-key": name(r), "data-priority": r.priority },
      el("th", { scope: "row" }, name(r), bar),
      el("td", { class: "number", "data-value": String(r.figures.raised) }, count(r.figures.raised)),
      perBedDay ? el("td", { class: "number" }, perDay(perBedDay(r))) : null,
      el("td", { class: "number", "data-value": r.figures.selfResolvedShare == null ? "" : String(r.figures.selfResolvedShare) }, share(r.figures.selfResolvedShare)),
      el("td", { class: "number" }, seconds(r.figures.acknowledgeP50Seconds)));
  });
  $(id).replaceChildren(el("thead", {}, head), el("tbody", {}, ...(body.length ? body : [el("tr", {}, el("td", { colspan: "5" }, "No alarms in this period."))])));
}

// ---------- charts (uPlot): one x per day of the period, from its start ----------
function chart(id, series, data) {
  const box = $(id);
  box.querySelector(".uplot")?.remove();
  box.dataset.points = String(data[0].length);
  if (!window.uPlot) return showError("chart", "Charts unavailable: the chart library failed to load.");
  new window.uPlot({
    width: Math.max(320, Math.min(900, (box.clientWidth || 640) - 16)), height: 260,
    scales: { x: { time: true } },
    axes: [{ stroke: "#c9d1d9", font: "16px system-ui" }, { stroke: "#c9d1d9", font: "16px system-ui" }],
    series: [{}, ...series],
  }, data, box);
}

const xs = (days) => days.map((d) => Date.parse(d.start) / 1000);

function drawDaily(days) {
  chart("chart-daily",
    PRIORITIES.map((p) => ({ label: p, stroke: COLOURS[p], width: 3, points: { size: 8 } })),
    [xs(days), ...PRIORITIES.map((p) => days.map((d) => d[p]))]);
}

function drawAcknowledge(days) {
  chart("chart-acknowledge",
    [{ label: "median (s)", stroke: "#7cb7ff", width: 3, points: { size: 8 } }, { label: "90th percentile (s)", stroke: "#ff9f43", width: 3, points: { size: 8 } }],
    [xs(days), days.map((d) => d.figures.acknowledgeP50Seconds), days.map((d) => d.figures.acknowledgeP90Seconds)]);
}

// ---------- export: the same period as CSV, downloaded as a file ----------
async function exportCsv() {
  if (!state.unitId || !state.period) return;
  try {
    const res = await fetchChecked(analyticsUrl(state.unitId, state.period, true), "text/csv");
    const name = /filename="?([^";]+)"?/.exec(res.headers.get("Content-Disposition") ?? "")?.[1] ?? `alarm-analytics-${state.unitId}.csv`;
    const url = URL.createObjectURL(await res.blob());
    const link = el("a", { href: url, download: name, hidden: "" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    clearError("export");
  } catch (e) {
    showError("export", `Export failed: ${e.message}`);
  }
}

// ---------- units: those the caller may see ----------
async function loadUnits() {
  try {
    const units = await getJson("/api/v1/units");
    clearError("units");
    return Array.isArray(units) ? units : [];
  } catch (e) {
    showError("units", e.message);
    return [];
  }
}

function chooseUnit(unitId) {
  state.unitId = unitId;
  try { localStorage.setItem(STORAGE_KEY, unitId); } catch { /* storage disabled */ }
  $("back-link").href = `/?unit=${encodeURIComponent(unitId)}`;
  $("replay-link").href = `/replay.html?unit=${encodeURIComponent(unitId)}`;
  const url = new URL(location.href);
  url.searchParams.set("unit", unitId);
  history.replaceState(null, "", url);
  load();
}

async function main() {
  installErrorBanner();
  if (!token()) { requireSignIn("Not signed in."); return; }
  // A replay of proposed limits is for admins: only they see the link.
  getJson("/api/v1/me").then((me) => { $("replay-link").hidden = !me.roles.includes("admin"); }, () => {});
  const today = new Date();
  $("custom-to").valueAsDate = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate()));
  $("custom-from").valueAsDate = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate() - 6));
  $("period").addEventListener("change", (e) => { $("custom-period").hidden = e.target.value !== "custom"; if (e.target.value !== "custom") load(); });
  $("custom-period").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  $("unit-select").addEventListener("change", (e) => chooseUnit(e.target.value));
  $("export").addEventListener("click", exportCsv);

  const units = await loadUnits();
  const ids = units.map((u) => u.unitId);
  let stored = null;
  try { stored = localStorage.getItem(STORAGE_KEY); } catch { /* storage disabled */ }
  const fromUrl = new URLSearchParams(location.search).get("unit");
  const chosen = fromUrl ?? (ids.includes(stored) ? stored : ids[0] ?? null);
  const shown = chosen && !ids.includes(chosen) ? [...ids, chosen] : ids;
  $("unit-select").replaceChildren(...shown.map((id) => el("option", { value: id }, id)));
  $("unit-select").disabled = shown.length === 0;
  if (chosen) { $("unit-select").value = chosen; chooseUnit(chosen); }
  else showError("units", "No unit to show: your sign-in lists none.");
}

main();
