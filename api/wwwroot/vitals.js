// A bed's vitals as a tile shows them, and the greying of values too old to be current.
import { el } from "./common.js";

const STALE_MS = 30_000;
const UNIT_LABELS = { Cel: "°C", "mm[Hg]": "mmHg", "{beats}/min": "/min", "{breaths}/min": "/min" };

export const VITALS = [ // what a tile shows, in order; BP combines sbp/dbp
  { label: "HR", codes: ["hr"], unit: "/min" },
  { label: "SpO₂", codes: ["spo2"], unit: "%" },
  { label: "RR", codes: ["rr"], unit: "/min" },
  { label: "BP", codes: ["sbp", "dbp"], unit: "mmHg" },
  { label: "Temp", codes: ["temp"], unit: "°C" },
];

function formatValue(code, v) {
  if (v?.value == null || v.value === "") return "—";
  const n = Number(v.value);
  if (!Number.isFinite(n)) return String(v.value);
  return code === "temp" ? n.toFixed(1) : String(Math.round(n));
}

export function vitalCell(spec, vitals) {
  const values = spec.codes.flatMap((code, i) => {
    const v = vitals[code];
    const span = el("span", { class: "value", "data-vital": code, "data-at": v?.at }, formatValue(code, v));
    return i ? ["/", span] : [span];
  });
  const raw = vitals[spec.codes[0]]?.unit, unit = UNIT_LABELS[raw] ?? (raw || spec.unit);
  return el("div", { class: "vital" },
    el("dt", {}, spec.label),
    el("dd", {}, ...values, el("span", { class: "unit" }, unit), el("span", { class: "stale-tag", hidden: "" }, "stale")));
}

// Greys out values whose timestamp is older than STALE_MS (or missing), so an old
// reading is never presented as current. Runs after each render and every second.
export function refreshStaleness() {
  const now = Date.now();
  for (const cell of document.querySelectorAll("#board .vital")) {
    let anyStale = false;
    for (const v of cell.querySelectorAll("[data-vital]")) {
      const hasValue = v.textContent !== "—";
      const at = Date.parse(v.dataset.at ?? "");
      const stale = hasValue && !(now - at <= STALE_MS);
      v.classList.toggle("stale", stale);
      v.toggleAttribute("data-stale", stale);
      anyStale ||= stale;
    }
    cell.classList.toggle("stale", anyStale);
    cell.querySelector(".stale-tag").hidden = !anyStale;
  }
}
