/**
 * Spine chart (Fingertips area profiles): many indicators for one council at once. Each row is
 * scaled to its comparator group's range and oriented so that better is always to the right
 * (worst, lower quartile, median, upper quartile, best), with England and the council marked.
 * For an indicator with no judgement the row runs from the lowest value (left) to the highest.
 */
import * as Plot from "npm:@observablehq/plot";
import type {Judgement} from "./council-data.js";
import {JUDGEMENT_ICONS, JUDGEMENT_WORDS} from "./tiles.js";

export interface SpineRow {
  id: string;
  label: string;
  /** The value as shown ("84.2%"). */
  valueText: string;
  value: number | null;
  england: number | null;
  /** Polarity-aware ends of the group's range: worst and best (no judgement: lowest and highest). */
  worst: number | null;
  best: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  judgement: Judgement;
}

export interface SpinePosition {
  /** 0 = the left end (worst, or lowest), 1 = the right end (best, or highest). */
  worst: number;
  q1: number;
  median: number;
  q3: number;
  best: number;
  value: number | null;
  england: number | null;
  /** True when England lies outside the group's range, so the row was stretched to show it. */
  englandOutside: boolean;
}

/**
 * Positions on a 0-1 scale. The scale runs from the worse to the better end of the group's range,
 * stretched to include England when it lies outside; with low-is-good indicators "worst" is the
 * highest value, so the mapping reverses on its own.
 */
export function spinePositions(row: SpineRow): SpinePosition | null {
  if (row.worst === null || row.best === null || row.q1 === null || row.q3 === null || row.median === null) return null;
  const ascending = row.best >= row.worst;
  let left = row.worst;
  let right = row.best;
  let englandOutside = false;
  if (row.england !== null) {
    if (ascending ? row.england < left : row.england > left) (left = row.england), (englandOutside = true);
    if (ascending ? row.england > right : row.england < right) (right = row.england), (englandOutside = true);
  }
  const span = right - left;
  const at = (v: number) => (span === 0 ? 0.5 : (v - left) / span + 0); // + 0 turns -0 into 0
  // Quartiles are named by value (q1 < q3); on a reversed row the lower quartile is the better one.
  const [qWorse, qBetter] = ascending ? [row.q1, row.q3] : [row.q3, row.q1];
  return {
    worst: at(row.worst), q1: at(qWorse), median: at(row.median), q3: at(qBetter), best: at(row.best),
    value: row.value === null ? null : at(row.value), england: row.england === null ? null : at(row.england), englandOutside
  };
}

const JUDGEMENT_FILL: Record<Judgement, string> = {
  better: "var(--better)",
  similar: "#f2c500",
  worse: "var(--worse)",
  no_judgement: "#4a77b4",
  not_compared: "#ffffff"
};

export function spineChart(rows: SpineRow[], {width = 900}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const placed = rows.map((row) => ({row, p: spinePositions(row)}));
  const bands = placed.flatMap(({row, p}) => p ? [
    {label: row.label, x1: p.worst, x2: p.q1, fill: "#d9dde3"},
    {label: row.label, x1: p.q1, x2: p.q3, fill: "#9aa5b1"},
    {label: row.label, x1: p.q3, x2: p.best, fill: "#d9dde3"}
  ] : []);
  const medians = placed.filter(({p}) => p).map(({row, p}) => ({label: row.label, x: p!.median}));
  const englands = placed.filter(({p}) => p && p.england !== null).map(({row, p}) => ({label: row.label, x: p!.england!}));
  const councils = placed.filter(({p}) => p && p.value !== null).map(({row, p}) => ({label: row.label, x: p!.value!, judgement: row.judgement, text: row.valueText}));
  const noRange = placed.filter(({p}) => !p).map(({row}) => ({label: row.label, text: row.value === null ? "No value" : "Too few values in the group"}));
  const chart = Plot.plot({
    width,
    height: 36 * rows.length + 56,
    marginLeft: 230,
    marginRight: 185,
    marginTop: 36,
    marginBottom: 20,
    style: {fontSize: "12px", overflow: "visible"},
    x: {domain: [0, 1], axis: null},
    y: {domain: rows.map((r) => r.label), label: null, tickSize: 0, padding: 0.3},
    marks: [
      Plot.text(["← Worse"], {x: 0, frameAnchor: "top", dy: -26, textAnchor: "start", fontWeight: 600, fontSize: 11}),
      Plot.text(["Better →"], {x: 1, frameAnchor: "top", dy: -26, textAnchor: "end", fontWeight: 600, fontSize: 11}),
      Plot.barX(bands, {x1: "x1", x2: "x2", y: "label", fill: "fill"}),
      Plot.tickX(medians, {x: "x", y: "label", stroke: "#222", strokeWidth: 2}),
      Plot.dot(englands, {x: "x", y: "label", symbol: "diamond", r: 6, fill: "none", stroke: "var(--benchmark)", strokeWidth: 2}),
      Plot.dot(councils, {x: "x", y: "label", r: 7, fill: (d: {judgement: Judgement}) => JUDGEMENT_FILL[d.judgement], stroke: "#111", strokeWidth: 1.5}),
      Plot.text(councils, {x: 1, y: "label", dx: 14, textAnchor: "start", text: (d: {judgement: Judgement; text: string}) => `${d.text}  ${JUDGEMENT_ICONS[d.judgement]} ${JUDGEMENT_WORDS[d.judgement]}`}),
      Plot.text(noRange, {x: 0.5, y: "label", text: "text", fill: "var(--muted)"})
    ]
  });
  return withoutInnerAriaLabels(chart);
}

/**
 * Plot labels its mark groups (aria-label="bar" on a <g> with no role), which axe reports as a
 * prohibited attribute. The chart frame gives the whole figure a name and a generated
 * description, so the inner labels add nothing for a screen reader.
 */
export function withoutInnerAriaLabels<T extends Element>(chart: T): T {
  const svg = chart.tagName.toLowerCase() === "svg" ? chart : chart.querySelector("svg");
  for (const node of svg?.querySelectorAll("g[aria-label]") ?? []) node.removeAttribute("aria-label");
  return chart;
}
