// What-if replay: a proposal of limits replayed over a unit's stored history (docs/alarm-replay.md).
import { $, el, getJson, postJson, installErrorBanner, showError, clearError, token, requireSignIn } from "./common.js";

const vitals = ["hr", "spo2", "rr", "sbp", "map", "temp"];
let rules = {};       // the unit's limits in force, as GET .../limits gives them
let replay = null;    // the replay shown

const unit = () => $("unit").value;
const local = (date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
const instant = (value) => new Date(value).toISOString();
const when = (iso) => new Date(iso).toLocaleString();

/** One row per tier of each side of each vital: the ordinary limit, then its deeper tiers. */
function tiersOf(vital, rule) {
  const rows = [];
  for (const side of ["low", "high"]) {
    if (rule[side] != null) rows.push({ vital, side, tier: -1, code: `${vital}-${side}`, priority: rule[`${side}Priority`], limit: rule[side], delay: rule.conditionDelaySeconds });
    (rule[`${side}Tiers`] ?? []).forEach((t, i) => rows.push({ vital, side, tier: i, code: t.code, priority: t.priority, limit: t.limit, delay: t.conditionDelaySeconds }));
  }
  return rows;
}

function renderLimits() {
  const body = $("limits");
  body.replaceChildren();
  for (const vital of vitals.filter((v) => rules[v])) {
    const rows = tiersOf(vital, rules[vital]);
    rows.forEach((row, i) => {
      const input = (field, value, step) => el("input", { type: "number", step, value: value ?? "", "data-vital": vital, "data-side": row.side, "data-tier": row.tier, "data-field": field, "aria-label": `${row.code} ${field}` });
      body.append(el("tr", {},
        i === 0 ? el("th", { scope: "row", rowspan: rows.length }, vital) : "",
        el("td", {}, row.code), el("td", {}, row.priority),
        el("td", {}, input("limit", row.limit, "any")), el("td", {}, input("delay", row.delay, "1")),
        i === 0 ? el("td", { rowspan: rows.length }, el("input", { type: "number", step: "any", value: rules[vital].hysteresis, "data-vital": vital, "data-field": "hysteresis", "aria-label": `${vital} hysteresis` })) : ""));
    });
  }
}

/** The limits that differ from those in force, as PUT .../limits takes them: a side's tiers are sent whole. */
function proposal() {
  const limits = {};
  const changed = (input, was) => input.value !== "" && Number(input.value) !== was;
  for (const input of document.querySelectorAll("#limits input")) {
    const { vital, side, field } = input.dataset;
    const tier = Number(input.dataset.tier);
    const rule = rules[vital];
    const body = (limits[vital] ??= {});
    if (field === "hysteresis") { if (changed(input, rule.hysteresis)) body.hysteresis = Number(input.value); continue; }
    if (tier < 0) {
      if (field === "limit" && changed(input, rule[side])) body[side] = Number(input.value);
      if (field === "delay" && changed(input, rule.conditionDelaySeconds)) body.conditionDelaySeconds = Number(input.value);
      continue;
    }
    const was = rule[`${side}Tiers`][tier];
    if (changed(input, field === "limit" ? was.limit : was.conditionDelaySeconds)) {
      const tiers = (body[`${side}Tiers`] ??= rule[`${side}Tiers`].map((t) => ({ ...t })));
      tiers[tier][field === "limit" ? "limit" : "conditionDelaySeconds"] = Number(input.value);
    }
  }
  return Object.fromEntries(Object.entries(limits).filter(([, body]) => Object.keys(body).length > 0));
}

function renderOutcome() {
  const { outcome, applied } = replay;
  $("outcome").hidden = false;
  const t = outcome.totals;
  $("stored").textContent = t.stored; $("proposed").textContent = t.proposed; $("same").textContent = outcome.match.same;
  $("lost").textContent = t.lost; $("delayed").textContent = t.delayed;
  $("flag").hidden = !outcome.flagged;
  $("flag").textContent = outcome.flagged
    ? `Flagged: the proposal loses ${t.lost} and delays ${t.delayed} of today's high-priority alarms (more than ${outcome.flagDelaySeconds} s counts). Applying it needs a reason, which is audited.`
    : "";
  $("conditions").replaceChildren(...outcome.conditions.map((c) =>
    el("tr", { "data-priority": c.priority }, el("td", {}, c.code), el("td", {}, c.priority), el("td", {}, String(c.stored)), el("td", {}, String(c.proposed)),
      el("td", {}, c.proposed === c.stored ? "=" : `${c.proposed > c.stored ? "+" : ""}${c.proposed - c.stored}`))));
  $("changes").replaceChildren(...(outcome.highPriorityChanges.length === 0
    ? [el("tr", {}, el("td", { colspan: 5 }, "None: every high-priority alarm of today is raised at the same moment."))]
    : outcome.highPriorityChanges.map((c) => el("tr", { "data-outcome": c.outcome, "data-flagged": String(c.outcome === "lost" || c.delaySeconds > outcome.flagDelaySeconds) },
      el("td", {}, c.bed), el("td", {}, c.code), el("td", {}, when(c.storedAt)), el("td", {}, c.proposedAt ? when(c.proposedAt) : "—"),
      el("td", {}, c.outcome === "lost" ? "lost" : `delayed ${c.delaySeconds} s`)))));
  $("applied").textContent = applied ? `Applied by ${applied.by} at ${when(applied.at)}${applied.reason ? `: ${applied.reason}` : ""}` : "";
  $("apply-button").disabled = Boolean(applied);
}

async function follow(replayId) {
  for (;;) {
    replay = await getJson(`/api/v1/units/${encodeURIComponent(unit())}/alarm-replays/${replayId}`);
    const p = replay.progress;
    $("progress").textContent = replay.status === "done" ? `Done: ${p.patients} patients, ${p.batchesRead.toLocaleString()} batches in ${p.seconds} s`
      : replay.status === "failed" ? `Failed: ${replay.error}` : `${replay.status}: ${p.patientsDone} of ${p.patients ?? "?"} patients, ${p.batchesRead.toLocaleString()} batches`;
    if (replay.status === "done") { renderOutcome(); return; }
    if (replay.status === "failed") return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function problemText(error) {
  const fields = error.problem?.errors ? Object.entries(error.problem.errors).map(([field, messages]) => `${field}: ${messages.join(" ")}`) : [];
  return fields.length > 0 ? fields.join("; ") : error.message;
}

async function run(event) {
  event.preventDefault();
  clearError("replay");
  $("outcome").hidden = true;
  $("run").disabled = true;
  try {
    const queued = await postJson(`/api/v1/units/${encodeURIComponent(unit())}/alarm-replays`,
      { from: instant($("from").value), to: instant($("to").value), flagDelaySeconds: Number($("flag-delay").value), limits: proposal() });
    await follow(queued.replayId);
  } catch (error) {
    showError("replay", `Replay: ${problemText(error)}`);
  } finally {
    $("run").disabled = false;
  }
}

async function apply(event) {
  event.preventDefault();
  clearError("apply");
  const reason = $("reason").value.trim();
  try {
    replay = await postJson(`/api/v1/units/${encodeURIComponent(unit())}/alarm-replays/${replay.replayId}/apply`, reason ? { reason } : {});
    renderOutcome();
    await loadLimits();
  } catch (error) {
    showError("apply", `Apply: ${problemText(error)}`);
  }
}

async function loadLimits() {
  rules = await getJson(`/api/v1/units/${encodeURIComponent(unit())}/limits`);
  renderLimits();
}

async function start() {
  installErrorBanner();
  if (!token()) { requireSignIn("Not signed in."); return; }
  const now = new Date();
  $("to").value = local(now);
  $("from").value = local(new Date(now.getTime() - 7 * 24 * 3600_000 + 60_000));
  const units = await getJson("/api/v1/units");
  const wanted = new URLSearchParams(location.search).get("unit");
  const ids = units.map((u) => u.unitId);
  if (wanted && !ids.includes(wanted)) ids.unshift(wanted);
  $("unit").replaceChildren(...ids.map((id) => el("option", { value: id }, id)));
  if (wanted) $("unit").value = wanted;
  $("unit").addEventListener("change", () => { $("outcome").hidden = true; loadLimits().catch((e) => showError("limits", e.message)); });
  $("proposal").addEventListener("submit", run);
  $("apply").addEventListener("submit", apply);
  await loadLimits();
}

start().catch((error) => showError("start", error.message));
