/**
 * Ranked (caterpillar) bar chart: every group member's value, best first by the indicator's
 * polarity, the focal council highlighted by colour AND by a bold, marked label, 95% intervals as
 * whiskers where a numerator and denominator exist, and the group median (dashed) and England
 * (solid) as reference lines.
 *
 * Value labels sit in a column of their own past the end of the axis, right-aligned, so no
 * whisker, reference line or other label can cross them; they carry no unit, which is said once,
 * on the axis and above the column. The reference lines' labels sit above the frame, one per
 * line, anchored away from the frame's edges. rankedBarPanel is the chart as the explorer's first
 * panel (panel.ts), in its frame with its table and CSV.
 */
import * as Plot from "npm:@observablehq/plot";
import type {ComparatorResult, IndicatorInfo, MemberResult} from "../lib/comparator.js";
import {csvFilename, toCsv} from "../lib/csv.js";
import {statusText} from "../lib/domain/status.js";
import {formatBreakdown, formatPeriod, formatValue} from "../lib/format.js";
import {ownMetadata} from "./about-view.js";
import {valueCell, valueHeader} from "./cells.js";
import {chartFrame, dataTable} from "./chart-frame.js";
import {verdictStyle} from "./palette.js";
import type {PanelContext} from "./panel.js";

export const FOCAL_MARK = "◆";

/** The unit as the axis and the value column say it: "%" reads as "Per cent". */
export function axisUnit(unit: string): string {
  return unit === "%" ? "Per cent" : unit.charAt(0).toUpperCase() + unit.slice(1);
}

/** Rough width of a label in pixels at a font size (Plot measures nothing before the chart is on the page). */
function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}

export function rankedBar(result: ComparatorResult, indicator: IndicatorInfo, {width = 720}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const data = result.members.filter((m) => m.value !== null);
  const label = (m: MemberResult) => (m.is_focal ? `${FOCAL_MARK} ${m.short_name}` : m.short_name);
  const order = data.map(label);
  const withCi = data.filter((m) => m.ci95);
  const valueText = (m: MemberResult) => valueCell(m.value, indicator.unit);
  const references: {label: string; value: number; dashed: boolean}[] = [];
  if (result.stats.median !== null) references.push({label: `Group median ${valueCell(result.stats.median, indicator.unit)}`, value: result.stats.median, dashed: true});
  if (result.england !== null) references.push({label: `England ${valueCell(result.england, indicator.unit)}`, value: result.england, dashed: false});
  // Margins from the labels: the council names on the left (at most 40% of the width), the value column on the right.
  const marginLeft = Math.min(Math.max(60, ...order.map((t) => textWidth(t, 11) + 12)), Math.round(width * 0.4));
  const column = Math.max(...data.map((m) => textWidth(valueText(m), 10)), textWidth("Value", 10));
  const marginRight = Math.ceil(column + 16);
  const marginTop = 20 + 14 * references.length;
  const height = Math.max(160, 22 * data.length + marginTop + 40);
  const chart = Plot.plot({
    width,
    height,
    marginLeft,
    marginRight,
    marginTop,
    x: {label: axisUnit(indicator.unit), grid: true, nice: true, zero: indicator.value_type !== "score"},
    y: {domain: order, label: null, tickSize: 0},
    marks: [
      Plot.barX(data, {
        x: "value",
        y: label,
        fill: (m: MemberResult) => (m.is_focal ? "var(--focal)" : "#9bb0c4"),
        title: (m: MemberResult) => `${m.name}: ${formatValue(m.value, indicator.unit)} (rank ${m.rank})`
      }),
      Plot.ruleY(withCi, {y: label, x1: (m: MemberResult) => m.ci95!.lower, x2: (m: MemberResult) => m.ci95!.upper, stroke: "#333", strokeWidth: 1.2}),
      // Plot's strokeDasharray is a constant, not a channel: the dashed median and the solid England line are two marks.
      Plot.ruleX(references.filter((r) => r.dashed), {x: "value", stroke: "var(--benchmark)", strokeDasharray: "4,3", strokeWidth: 1.5}),
      Plot.ruleX(references.filter((r) => !r.dashed), {x: "value", stroke: "var(--benchmark)", strokeWidth: 1.5}),
      // One reference label per line above the frame, the first (the median) highest.
      Plot.text(references, {x: "value", frameAnchor: "top", text: "label", fontSize: 11, lineAnchor: "bottom", textAnchor: "middle", className: "reference-labels"}),
      // The value column, past the end of the axis.
      Plot.text(data, {y: label, frameAnchor: "right", dx: marginRight - 4, text: valueText, textAnchor: "end", fontSize: 10, fill: "currentColor", className: "value-labels"}),
      Plot.text([indicator.unit === "%" ? "%" : "Value"], {frameAnchor: "top-right", dx: marginRight - 4, dy: -4, text: (d: string) => d, textAnchor: "end", lineAnchor: "bottom", fontSize: 10, fontWeight: "bold", className: "value-header"})
    ]
  });
  // Colour is not the only cue: the focal council's label and value are bold and marked.
  for (const text of chart.querySelectorAll("g[aria-label='y-axis tick label'] text")) {
    if (text.textContent?.startsWith(FOCAL_MARK)) {
      text.setAttribute("font-weight", "bold");
      text.setAttribute("data-focal", "true");
    }
  }
  // Reference labels: one line each above the frame (the last reference nearest it), centred on
  // their line unless that would run past the frame's edge, where they are anchored inside it.
  const x = (chart as unknown as {scale(name: "x"): {apply(value: number): number}}).scale("x");
  chart.querySelectorAll("g.reference-labels text").forEach((text, i) => {
    const reference = references[i];
    const at = x.apply(reference.value);
    const half = textWidth(reference.label, 11) / 2;
    const anchor = at - half < marginLeft ? "start" : at + half > width - marginRight ? "end" : "middle";
    text.setAttribute("transform", `${text.getAttribute("transform") ?? ""} translate(0, ${-(references.length - 1 - i) * 14 - 4})`);
    text.setAttribute("text-anchor", anchor);
    text.setAttribute("data-reference-label", "");
  });
  chart.querySelectorAll("g.value-labels text").forEach((text, i) => {
    text.setAttribute("data-value-label", "");
    text.setAttribute("font-variant-numeric", "tabular-nums");
    if (data[i]?.is_focal) text.setAttribute("font-weight", "bold");
  });
  chart.querySelector("g.value-header text")?.setAttribute("data-value-header", "");
  chart.setAttribute("data-unit", indicator.unit);
  const focal = result.focal;
  chart.setAttribute("data-focal", focal?.area_code ?? "");
  chart.setAttribute("data-focal-rank", focal?.rank === null || focal?.rank === undefined ? "" : String(focal.rank));
  return chart;
}

/** A text alternative for the ranked bar chart, generated from the data. */
export function rankedBarDescription(result: ComparatorResult, indicator: IndicatorInfo, focalName: string): string {
  const data = result.members.filter((m) => m.value !== null);
  if (!data.length) return `No values are published for this selection.`;
  const best = data[0];
  const worst = data[data.length - 1];
  const missing = result.members.filter((m) => m.value === null);
  const order = indicator.polarity === "no_judgement" ? "highest to lowest" : "best to worst";
  return [
    `Bar chart of ${indicator.title} for ${data.length} councils, ordered ${order}.`,
    `${best.name} is first at ${formatValue(best.value, indicator.unit)}; ${worst.name} is last at ${formatValue(worst.value, indicator.unit)}.`,
    result.sentence,
    missing.length ? `No value for ${missing.map((m) => `${m.name} (${statusText(m.status)})`).join(", ")}.` : "",
    focalName ? "" : ""
  ].filter(Boolean).join(" ");
}

/**
 * The ranked bar as an explorer panel: the chart in its frame, with the table and CSV of exactly
 * the members plotted, and the members with no value named in the notes and the CSV header.
 */
export function rankedBarPanel(context: PanelContext): HTMLElement {
  const {result, indicator, group, focal, selection} = context;
  const chart = rankedBar(result, indicator, {width: context.width});
  // Exactly what is plotted: the members with a value. The rest are named in the notes and the CSV header.
  const rows = result.members.filter((m) => m.value !== null);
  const missing = result.members.filter((m) => m.value === null);
  const csv = toCsv(rows, [
    {label: "Rank", value: (m) => m.rank},
    {label: "Area code", value: (m) => m.area_code},
    {label: "Area", value: (m) => m.name},
    {label: "Value", value: (m) => m.value},
    {label: "Numerator", value: (m) => m.numerator},
    {label: "Denominator", value: (m) => m.denominator},
    {label: "Lower 95% CI", value: (m) => (m.ci95 ? round(m.ci95.lower) : null)},
    {label: "Upper 95% CI", value: (m) => (m.ci95 ? round(m.ci95.upper) : null)},
    {label: "Status", value: (m) => m.status},
    {label: "Compared with England (99.8%)", value: (m) => m.vs_england},
    {label: "Compared with group median (95%)", value: (m) => m.vs_median},
    {label: "Focal", value: (m) => m.is_focal}
  ], context.csvMetadata([
    ["Group median", String(result.stats.median ?? "")],
    ["England value", String(result.england ?? "")],
    ["Not plotted (no value)", missing.map((m) => `${m.name} (${m.area_code}): ${statusText(m.status)}`).join("; ")]
  ]));
  const table = dataTable(rows, [
    {label: "Rank", value: (m) => (m.rank === null ? "–" : String(m.rank)), numeric: true},
    {label: "Council", value: (m) => (m.is_focal ? `${FOCAL_MARK} ${m.name}` : m.name)},
    {label: valueHeader(indicator.unit), value: (m) => (m.value === null ? statusText(m.status) : valueCell(m.value, indicator.unit)), numeric: true},
    {label: "95% interval", value: (m) => (m.ci95 ? `${formatValue(m.ci95.lower, indicator.unit)} – ${formatValue(m.ci95.upper, indicator.unit)}` : "–"), numeric: true},
    {label: "Numerator", value: (m) => (m.numerator === null ? "–" : m.numerator.toLocaleString("en-GB")), numeric: true},
    {label: "Denominator", value: (m) => (m.denominator === null ? "–" : m.denominator.toLocaleString("en-GB")), numeric: true},
    {label: "v England (99.8%)", value: (m) => `${verdictStyle(m.vs_england).glyph} ${m.vs_england}`}
  ], (m) => m.is_focal);
  return chartFrame({
    id: "ranked-bar",
    title: `${indicator.title}: ${focal.name} and its comparators`,
    subtitle: `${formatPeriod(selection.period)} · ${formatBreakdown(selection.breakdown)} · ${indicator.unit} · ranked best to worst${indicator.polarity === "no_judgement" ? " (highest first; no judgement)" : ""}`,
    ...ownMetadata(context, {period: selection.period}),
    sentence: result.sentence,
    chart, description: rankedBarDescription(result, indicator, focal.name), table,
    csv: {text: csv, filename: csvFilename(indicator.indicator_id, selection.period, selection.focal, group.group_id)},
    sample: context.sample,
    notes: [
      `Whiskers show 95% confidence intervals where the publisher gives a numerator and denominator; the verdict against England uses 99.8% limits. Values (${indicator.unit === "%" ? "per cent" : indicator.unit}) are in the column at the right.`,
      ...(missing.length ? [`Not plotted (no value): ${missing.map((m) => `${m.name} (${statusText(m.status)})`).join(", ")}.`] : [])
    ]
  });
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
