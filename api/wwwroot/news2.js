import { el } from "./common.js";

// NEWS2 with its band colour (RCP 2017 clinical response); without all seven parameters there is
// no band, and the score is marked incomplete rather than shown as reassuring. Observations that
// are overdue (a parameter of the last complete score gone stale) are never reassuring either: the
// badge loses its band colour and says "obs overdue" with the RCP minimum monitoring frequency.
const BAND_LABELS = { zero: "", low: "low", "low-medium": "low–medium", medium: "medium", high: "high" };
const FREQUENCY_LABELS = { "12-hourly": "12-hourly", "4-6-hourly": "4–6-hourly", hourly: "hourly", continuous: "continuous" };
export const frequencyLabel = (frequency) => FREQUENCY_LABELS[frequency] ?? frequency;

export function news2Badge(news2) {
  // The board lists each parameter; a bed with none scored yet has no NEWS2 to show, not a 0.
  if (!news2 || (!news2.overdue && news2.parameters?.every((p) => p.status !== "scored"))) return el("span", { class: "news2", "data-news2-band": "none", title: "NEWS2: no vitals yet" }, "NEWS2 —");
  const band = news2.complete && news2.band ? news2.band : "incomplete";
  const label = band === "incomplete" ? "incomplete" : BAND_LABELS[band] ?? band;
  const frequency = news2.monitoringFrequency ? frequencyLabel(news2.monitoringFrequency) : null;
  const title = [
    news2.complete ? `NEWS2 ${news2.score}, ${label} clinical risk` : `NEWS2 ${news2.score} from the parameters present; not all seven are in`,
    news2.overdue ? `observations overdue${frequency ? `: observe at least ${frequency}` : ""}` : frequency ? `minimum monitoring ${frequency}` : null,
  ].filter(Boolean).join("; ");
  return el("span", { class: "news2", "data-news2-band": band, "data-news2-score": String(news2.score),
    "data-news2-overdue": news2.overdue ? "true" : null, "data-monitoring-frequency": news2.monitoringFrequency ?? null, title },
    el("span", { class: "news2-label" }, "NEWS2"), el("b", {}, String(news2.score)), label ? el("span", { class: "news2-band" }, label) : null,
    news2.overdue ? el("span", { class: "news2-overdue" }, frequency ? `obs overdue · ${frequency}` : "obs overdue")
      : frequency ? el("span", { class: "news2-frequency" }, frequency) : null);
}
