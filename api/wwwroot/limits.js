// The patient's alarm limits, editable: each field shows the limit in force (the patient's own
// over the unit's), the patient's own marked. Saving sends only what differs from the unit, so a
// field left as the unit has it keeps following the unit; a cleared field goes back to the unit's.
// The server checks the whole set before it changes anything; its complaints appear beside the field.
import { $, el, clearError, showError, getJson, sendJson } from "./common.js";

const NAMES = { hr: "Heart rate", pr: "Pulse rate", spo2: "SpO₂", rr: "Resp. rate", sbp: "Systolic BP", dbp: "Diastolic BP", map: "Mean BP", temp: "Temperature" };
const PRIORITIES = ["high", "medium", "low"];
const FIELDS = [ // name, header, kind
  ["low", "Low", "number"], ["lowPriority", "Low priority", "priority"],
  ["high", "High", "number"], ["highPriority", "High priority", "priority"],
  ["conditionDelaySeconds", "Delay (s)", "number"], ["hysteresis", "Hysteresis", "number"],
];

let current = null; // { patientId, unit: {code: rule}, effective: {code: rule} }

export async function loadLimits(patientId, unitId) {
  try {
    const [effective, unit, me] = await Promise.all([
      getJson(`/api/v1/patients/${encodeURIComponent(patientId)}/limits`),
      getJson(`/api/v1/units/${encodeURIComponent(unitId)}/limits`),
      getJson("/api/v1/me"),
    ]);
    current = { patientId, unit, effective };
    render();
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

const fieldId = (code, name) => `limit-${code}-${name}`;
const same = (a, b) => (a ?? null) === (b ?? null);

function input(code, [name, header, kind]) {
  const value = current.effective[code]?.[name];
  const own = !same(value, current.unit[code]?.[name]);
  const label = `${NAMES[code] ?? code} ${header.toLowerCase()}`;
  const control = kind === "priority"
    ? el("select", { id: fieldId(code, name), name: `${code}.${name}`, "aria-label": label },
        ...PRIORITIES.map((p) => Object.assign(el("option", { value: p }, p), { selected: p === value })))
    : el("input", { id: fieldId(code, name), name: `${code}.${name}`, type: "number", step: "any", inputmode: "decimal",
        "aria-label": label, placeholder: String(current.unit[code]?.[name] ?? "none"), value: value ?? "" });
  return el("td", { "data-own": own ? "true" : null }, control);
}

function render() {
  const codes = Object.keys(current.effective);
  $("limits-body").replaceChildren(...codes.map((code) => el("tr", { "data-code": code },
    el("th", { scope: "row" }, NAMES[code] ?? code),
    ...FIELDS.map((f) => input(code, f)),
    el("td", { class: "field-errors", id: `limit-${code}-errors` }))));
  $("limits-status").textContent = "";
}

// What the form asks for, as overrides of the unit: only the fields that differ from it.
function overrides() {
  const body = {};
  for (const code of Object.keys(current.effective)) {
    for (const [name, , kind] of FIELDS) {
      const raw = $(fieldId(code, name)).value.trim();
      if (raw === "") continue; // back to the unit's
      const value = kind === "number" ? Number(raw) : raw;
      if (!same(value, current.unit[code]?.[name])) (body[code] ??= {})[name] = kind === "number" && !Number.isFinite(value) ? raw : value;
    }
  }
  return body;
}

function showFieldErrors(errors) {
  for (const [key, messages] of Object.entries(errors)) {
    const [code, name] = key.split(".");
    const target = $(fieldId(code, name));
    target?.setAttribute("aria-invalid", "true");
    const cell = $(`limit-${code}-errors`);
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
    render();
    $("limits-status").textContent = "Saved.";
  } catch (e) {
    $("limits-status").textContent = e.problem?.errors ? "Not saved: correct the marked fields. Nothing was changed." : "";
    if (e.problem?.errors) showFieldErrors(e.problem.errors);
    else showError("limits", `Alarm limits not saved: ${e.message}`);
  }
}

export function installLimitsEditor() {
  $("limits-form").addEventListener("submit", save);
  $("limits-reset").addEventListener("click", () => current && render());
}
