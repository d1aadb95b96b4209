import { el } from "./common.js";

// NEWS2 with its band colour (RCP 2017 clinical response); without all seven parameters there is
// no band, and the score is marked incomplete rather than shown as reassuring.
const BAND_LABELS = { zero: "", low: "low", "low-medium": "low–medium", medium: "medium", high: "high" };
export function news2Badge(news2) {
  // The board lists each parameter; a bed with none scored yet has no NEWS2 to show, not a 0.
  if (!news2 || news2.parameters?.every((p) => p.status !== "scored")) return el("span", { class: "news2", "data-news2-band": "none", title: "NEWS2: no vitals yet" }, "NEWS2 —");
  const band = news2.complete && news2.band ? news2.band : "incomplete";
  const label = band === "incomplete" ? "incomplete" : BAND_LABELS[band] ?? band;
  return el("span", { class: "news2", "data-news2-band": band, "data-news2-score": String(news2.score),
    title: news2.complete ? `NEWS2 ${news2.score}, ${label} clinical risk` : `NEWS2 ${news2.score} from the parameters present; not all seven are in` },
    el("span", { class: "news2-label" }, "NEWS2"), el("b", {}, String(news2.score)), label ? el("span", { class: "news2-band" }, label) : null);
}
