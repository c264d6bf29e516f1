/**
 * Spine chart (Fingertips area profiles): many indicators for one council at once. Each row is
 * scaled to its comparator group's range and oriented so that better is always to the right
 * (worst, lower quartile, median, upper quartile, best), with England and the council marked.
 * For an indicator with no judgement the row runs from the lowest value (left) to the highest.
 *
 * The council's value and judgement sit in a column of their own past the right end, so no mark
 * crosses them; a unit other than % is said once, in the row's label. On a narrow screen (below
 * 600 px) each row's label goes on a line of its own above its bar, so the chart fits a phone.
 */
import * as Plot from "npm:@observablehq/plot";
import {JUDGEMENT_WORDS, type Judgement} from "../lib/domain/status.js";
import {JUDGEMENT_ICONS} from "./tiles.js";

export interface SpineRow {
  id: string;
  label: string;
  /** The unit, when the value text does not carry it ("per 100,000"): added to the row's label once. */
  unit?: string;
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
  "not compared": "#ffffff"
};

/** The row's label, with its unit when the value text does not carry one and the label does not say it. */
export function spineLabel(row: SpineRow): string {
  const unit = row.unit?.trim();
  // "per 100,000 adults" is said by a label that says "per 100,000".
  const said = (text: string) => text.toLowerCase().includes(unit!.toLowerCase().split(" ").slice(0, 2).join(" "));
  if (!unit || unit === "%" || said(row.valueText) || said(row.label)) return row.label;
  return `${row.label} (${unit})`;
}

/** Below this width each row's label is drawn above its bar instead of beside it. */
export const SPINE_NARROW = 600;

export function spineChart(rows: SpineRow[], {width = 900}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const narrow = width < SPINE_NARROW;
  const labelOf = new Map(rows.map((row) => [row.id, spineLabel(row)]));
  const key = (row: SpineRow) => labelOf.get(row.id)!;
  const placed = rows.map((row) => ({row, p: spinePositions(row)}));
  const bands = placed.flatMap(({row, p}) => p ? [
    {label: key(row), x1: p.worst, x2: p.q1, fill: "#d9dde3"},
    {label: key(row), x1: p.q1, x2: p.q3, fill: "#9aa5b1"},
    {label: key(row), x1: p.q3, x2: p.best, fill: "#d9dde3"}
  ] : []);
  const medians = placed.filter(({p}) => p).map(({row, p}) => ({label: key(row), x: p!.median}));
  const englands = placed.filter(({p}) => p && p.england !== null).map(({row, p}) => ({label: key(row), x: p!.england!}));
  const councils = placed.filter(({p}) => p && p.value !== null).map(({row, p}) => ({label: key(row), x: p!.value!, judgement: row.judgement, text: row.valueText}));
  const noRange = placed.filter(({p}) => !p).map(({row}) => ({label: key(row), text: row.value === null ? "No value" : "Too few values in the group"}));
  const valueText = (d: {judgement: Judgement; text: string}) => `${d.text}  ${JUDGEMENT_ICONS[d.judgement]} ${JUDGEMENT_WORDS[d.judgement]}`;
  // The value column: wide enough for the longest "84.2%  ▲ Better" (about 0.58 of the font size a character).
  const fontSize = narrow ? 11 : 12;
  const column = Math.ceil(Math.max(80, ...councils.map((d) => valueText(d).length * fontSize * 0.58)) + 16);
  const rowHeight = narrow ? 52 : 36;
  const chart = Plot.plot({
    width,
    height: rowHeight * rows.length + 56,
    marginLeft: narrow ? 6 : 230,
    marginRight: narrow ? Math.min(column, Math.round(width * 0.5)) : Math.max(185, column),
    marginTop: 36,
    marginBottom: 20,
    style: {fontSize: "12px", overflow: "visible"},
    x: {domain: [0, 1], axis: null},
    y: {domain: rows.map(key), label: null, tickSize: 0, padding: narrow ? 0.6 : 0.3, axis: narrow ? null : "left"},
    marks: [
      Plot.text(["← Worse"], {x: 0, frameAnchor: "top", dy: -26, textAnchor: "start", fontWeight: 600, fontSize: 11}),
      Plot.text(["Better →"], {x: 1, frameAnchor: "top", dy: -26, textAnchor: "end", fontWeight: 600, fontSize: 11}),
      // Narrow: the row's label on its own line above the bar, from the left edge.
      ...(narrow ? [Plot.text(rows, {y: key, frameAnchor: "left", text: key, textAnchor: "start", lineAnchor: "bottom", dy: -14, fontSize: 11, fontWeight: 600, className: "row-labels"})] : []),
      Plot.barX(bands, {x1: "x1", x2: "x2", y: "label", fill: "fill"}),
      Plot.tickX(medians, {x: "x", y: "label", stroke: "#222", strokeWidth: 2}),
      Plot.dot(englands, {x: "x", y: "label", symbol: "diamond", r: 6, fill: "none", stroke: "var(--benchmark)", strokeWidth: 2}),
      Plot.dot(councils, {x: "x", y: "label", r: 7, fill: (d: {judgement: Judgement}) => JUDGEMENT_FILL[d.judgement], stroke: "#111", strokeWidth: 1.5}),
      Plot.text(councils, {x: 1, y: "label", dx: 14, textAnchor: "start", text: valueText, fontSize, className: "value-labels"}),
      Plot.text(noRange, {x: 0.5, y: "label", text: "text", fill: "var(--muted)"})
    ]
  });
  chart.setAttribute("data-layout", narrow ? "narrow" : "wide");
  for (const text of chart.querySelectorAll("g.value-labels text")) text.setAttribute("data-value-label", "");
  for (const text of chart.querySelectorAll("g.row-labels text")) text.setAttribute("data-row-label", "");
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
