// The patient's alarm limits, editable: each field shows the limit in force (the patient's own
// over the unit's), the patient's own marked. Under each vital's row come its deeper tiers
// (desaturation, extreme brady- and tachycardia, asystole, apnoea…), which an admin can add, change
// and remove. Saving sends only what differs from the unit, so a field left as the unit has it keeps
// following the unit; a cleared field goes back to the unit's. A side's deeper tiers are sent as a
// whole list when it differs from the unit's. The server checks the whole set before it changes
// anything; its complaints appear beside the field they name (`hr.low`, `spo2.lowTiers[0].limit`).
import { $, el, clearError, showError, getJson, sendJson } from "./common.js";
import { ALARM_LABELS } from "./alarms.js";

const NAMES = { hr: "Heart rate", spo2: "SpO₂", rr: "Resp. rate", sbp: "Systolic BP", dbp: "Diastolic BP", map: "Mean BP", temp: "Temperature" };
const PRIORITIES = ["high", "medium", "low"];
const FIELDS = [ // name, header, kind
  ["low", "Low", "number"], ["lowPriority", "Low priority", "priority"],
  ["high", "High", "number"], ["highPriority", "High priority", "priority"],
  ["conditionDelaySeconds", "Delay (s)", "number"], ["hysteresis", "Hysteresis", "number"],
];
const TIER_FIELDS = [ // name, label, kind; the limit and priority sit in the low or high columns
  ["code", "code", "text"], ["limit", "limit", "number"], ["priority", "priority", "priority"],
  ["conditionDelaySeconds", "delay (s)", "number"], ["hysteresis", "hysteresis", "number"],
];
const SIDES = ["low", "high"];
const listOf = (side) => `${side}Tiers`;

let current = null; // { patientId, unit: {code: rule}, effective: {code: rule} }

export async function loadLimits(patientId, unitId) {
  try {
    const [effective, unit, me] = await Promise.all([
      getJson(`/api/v1/patients/${encodeURIComponent(patientId)}/limits`),
      getJson(`/api/v1/units/${encodeURIComponent(unitId)}/limits`),
      getJson("/api/v1/me"),
    ]);
    current = { patientId, unit, effective };
    render(effective);
    // Limits are changed by admins of the unit; others see them, read-only.
    const mayEdit = me.roles.includes("admin") && (me.units.includes("*") || me.units.includes(unitId));
    $("limits-fields").disabled = !mayEdit;
    $("limits-actions").hidden = !mayEdit;
    $("limits-readonly").hidden = mayEdit;
    clearError("limits");
  } catch (e) {
    showError("limits", `Alarm limits: ${e.message}`);
  }
}

// Pulse rate has no limits of its own (it follows hr), so it has no row even if an old rule shows it.
const vitals = () => Object.keys(current.effective).filter((code) => code !== "pr");
const fieldId = (code, name) => `limit-${code}-${name}`;
const tierId = (code, side, index, name) => `limit-${code}-${listOf(side)}-${index}-${name}`;
const same = (a, b) => (a ?? null) === (b ?? null);
const blank = (raw) => raw == null || String(raw).trim() === "";
const parsed = (kind, raw) => blank(raw) ? null : kind === "number" ? Number(raw) : String(raw).trim();
const unitTier = (code, side, index) => current.unit[code]?.[listOf(side)]?.[index];

// One control; `shown` is what it holds now, `unitValue` the unit's (its placeholder, and what "own" is measured against).
function control(id, key, label, kind, shown, unitValue, extra = {}) {
  const own = !blank(shown) && !same(parsed(kind, shown), unitValue);
  const node = kind === "priority"
    ? el("select", { id, name: key, "aria-label": label },
        ...PRIORITIES.map((p) => Object.assign(el("option", { value: p }, p), { selected: p === shown })))
    : el("input", { id, name: key, type: kind === "number" ? "number" : "text", step: kind === "number" ? "any" : null,
        inputmode: kind === "number" ? "decimal" : null, "aria-label": label, placeholder: String(unitValue ?? extra.placeholder ?? "none"),
        value: shown ?? "", class: extra.class ?? null, autocomplete: "off", spellcheck: "false" });
  return el("td", { "data-own": own ? "true" : null }, node);
}

function vitalRow(code, rule) {
  const name = NAMES[code] ?? code;
  const adders = SIDES.filter((side) => !blank(rule[side]) || current.unit[code]?.[side] != null).map((side) => {
    const add = el("button", { type: "button", class: "tier-button", "aria-label": `Add ${name} ${side} tier` }, `+ ${side} tier`);
    add.addEventListener("click", () => changeTiers(code, side, (list) => list.push({ priority: "high" })));
    return add;
  });
  // Tiers the unit has and this patient does not: their absence is the patient's own too.
  const dropped = SIDES.flatMap((side) => (current.unit[code]?.[listOf(side)] ?? []).map((t) => t.code)
    .filter((c) => !(rule[listOf(side)] ?? []).some((t) => t.code === c)));
  return el("tr", { "data-code": code, class: "vital-row" },
    el("th", { scope: "row" }, name),
    ...FIELDS.map(([field, header, kind]) => control(fieldId(code, field), `${code}.${field}`, `${name} ${header.toLowerCase()}`, kind, rule[field], current.unit[code]?.[field])),
    el("td", { class: "tier-actions", "data-own": dropped.length ? "true" : null }, ...adders,
      dropped.length ? el("span", { class: "tier-note" }, `unit's ${dropped.join(", ")} removed`) : null),
    el("td", { class: "field-errors", id: `limit-${code}-errors` }));
}

// `rule`: the vital's rule as shown, whose delay and hysteresis a new tier left blank takes.
function tierRow(code, side, index, tier, rule) {
  const name = `${NAMES[code] ?? code} ${side} tier ${index + 1}`;
  const unit = unitTier(code, side, index) ?? {};
  const cell = ([field, label, kind], extra) =>
    control(tierId(code, side, index, field), `${code}.${listOf(side)}[${index}].${field}`, `${name} ${label}`, kind, tier[field], unit[field], extra);
  const [codeField, limit, priority, delay, hysteresis] = TIER_FIELDS;
  const ruleValue = (field) => blank(rule[field]) ? current.unit[code]?.[field] : rule[field];
  const codeCell = cell(codeField, { class: "tier-code", placeholder: "automatic" });
  codeCell.prepend(el("span", { class: "tier-label" }, `${ALARM_LABELS[tier.code] ?? "Deeper tier"} · ${side === "low" ? "below" : "above"}`));
  const remove = el("button", { type: "button", class: "tier-button", "aria-label": `Remove ${name}` }, "Remove");
  remove.addEventListener("click", () => changeTiers(code, side, (list) => list.splice(index, 1)));
  const empty = () => el("td");
  return el("tr", { "data-code": code, "data-side": side, "data-tier": String(index), class: "tier-row" },
    codeCell,
    ...(side === "low" ? [cell(limit, { placeholder: "required" }), cell(priority), empty(), empty()]
      : [empty(), empty(), cell(limit, { placeholder: "required" }), cell(priority)]),
    cell(delay, { placeholder: ruleValue("conditionDelaySeconds") }), cell(hysteresis, { placeholder: ruleValue("hysteresis") }),
    el("td", { class: "tier-actions" }, remove),
    el("td", { class: "field-errors", id: tierId(code, side, index, "errors") }));
}

// `rules`: per vital, the ordinary fields and both tier lists, as numbers from the server or as typed.
function render(rules) {
  $("limits-body").replaceChildren(...vitals().flatMap((code) => [
    vitalRow(code, rules[code]),
    ...SIDES.flatMap((side) => (rules[code][listOf(side)] ?? []).map((tier, index) => tierRow(code, side, index, tier, rules[code]))),
  ]));
  $("limits-status").textContent = "";
}

// The form as typed (raw text), in the shape render() takes.
function typed() {
  const rules = {};
  for (const code of vitals()) {
    const rule = rules[code] = {};
    for (const [field] of FIELDS) rule[field] = $(fieldId(code, field)).value;
    for (const side of SIDES) {
      const rows = document.querySelectorAll(`#limits-body tr.tier-row[data-code="${code}"][data-side="${side}"]`);
      rule[listOf(side)] = [...rows].map((row) => Object.fromEntries(TIER_FIELDS.map(([field]) =>
        [field, $(tierId(code, side, Number(row.dataset.tier), field)).value])));
    }
  }
  return rules;
}

function changeTiers(code, side, change) {
  const rules = typed();
  change(rules[code][listOf(side)]);
  render(rules);
}

// A number field sent as typed when it is not one, so that the server names it.
const sendable = (kind, raw) => { const value = parsed(kind, raw); return kind === "number" && !Number.isFinite(value) ? String(raw).trim() : value; };

// One side's tiers as they would be sent: a cleared field takes the unit's tier at the same depth (or,
// without one, the server's default).
function tiersToSend(code, side, rows) {
  return rows.map((row, index) => {
    const unit = unitTier(code, side, index) ?? {};
    const tier = {};
    for (const [field, , kind] of TIER_FIELDS) {
      const value = blank(row[field]) ? unit[field] : sendable(kind, row[field]);
      if (value != null) tier[field] = value;
    }
    return tier;
  });
}

const sameTiers = (a, b) => a.length === b.length && a.every((tier, i) => TIER_FIELDS.every(([field]) => same(tier[field], b[i][field])));

// What the form asks for, as overrides of the unit: only the fields (and tier lists) that differ from it.
function overrides() {
  const body = {};
  const form = typed();
  for (const code of vitals()) {
    for (const [field, , kind] of FIELDS) {
      const raw = form[code][field];
      if (blank(raw)) continue; // back to the unit's
      const value = sendable(kind, raw);
      if (!same(value, current.unit[code]?.[field])) (body[code] ??= {})[field] = value;
    }
    for (const side of SIDES) {
      const tiers = tiersToSend(code, side, form[code][listOf(side)]);
      if (!sameTiers(tiers, current.unit[code]?.[listOf(side)] ?? [])) (body[code] ??= {})[listOf(side)] = tiers;
    }
  }
  return body;
}

// `spo2.low` → the field of the vital's row; `spo2.lowTiers[0].limit` → the field of that tier's row.
function targetOf(key) {
  const tier = /^([a-z0-9]+)\.(low|high)Tiers\[(\d+)\](?:\.(\w+))?$/.exec(key);
  if (tier) {
    const [, code, side, index, field] = tier;
    return { input: field ? $(tierId(code, side, Number(index), field)) : null, cell: $(tierId(code, side, Number(index), "errors")) ?? $(`limit-${code}-errors`) };
  }
  const [code, field] = key.split(".");
  return { input: field ? $(fieldId(code, field)) : null, cell: $(`limit-${code}-errors`) };
}

function showFieldErrors(errors) {
  for (const [key, messages] of Object.entries(errors)) {
    const { input, cell } = targetOf(key);
    input?.setAttribute("aria-invalid", "true");
    if (cell) cell.append(el("p", { class: "field-error", "data-field": key }, messages.join(" ")));
    else showError(`limits-${key}`, `${key}: ${messages.join(" ")}`);
  }
}

async function save(event) {
  event.preventDefault();
  if (!current) return;
  for (const bad of document.querySelectorAll("#limits-form [aria-invalid]")) bad.removeAttribute("aria-invalid");
  for (const cell of document.querySelectorAll("#limits-form .field-errors")) cell.replaceChildren();
  $("limits-status").textContent = "Saving…";
  try {
    current.effective = await sendJson("PUT", `/api/v1/patients/${encodeURIComponent(current.patientId)}/limits`, overrides());
    render(current.effective);
    $("limits-status").textContent = "Saved.";
  } catch (e) {
    $("limits-status").textContent = e.problem?.errors ? "Not saved: correct the marked fields. Nothing was changed." : "";
    if (e.problem?.errors) showFieldErrors(e.problem.errors);
    else showError("limits", `Alarm limits not saved: ${e.message}`);
  }
}

export function installLimitsEditor() {
  $("limits-form").addEventListener("submit", save);
  $("limits-reset").addEventListener("click", () => current && render(current.effective));
}
