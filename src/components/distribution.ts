/**
 * Distribution strip: every group member's value as a tick on one axis, the interquartile range
 * as a band, the group median dashed and England solid; the focal council's tick is bold, pink
 * and labelled ◆, so it is found by shape and text as well as colour.
 */
import * as Plot from "npm:@observablehq/plot";
import type {ComparatorResult, IndicatorInfo, MemberResult} from "../lib/comparator.js";
import {csvFilename, toCsv} from "../lib/csv.js";
import {formatBreakdown, formatPeriod, formatValue} from "../lib/format.js";
import {ENGLAND_CODE} from "../lib/domain/areas.js";
import {csvNumber, valueCell, valueHeader} from "./cells.js";
import {chartFrame, dataTable} from "./chart-frame.js";
import {ownMetadata} from "./about-view.js";
import type {PanelContext} from "./panel.js";
import {BAND_COLOUR, BENCHMARK_COLOUR, FOCAL_COLOUR, MEMBER_COLOUR, legend} from "./palette.js";
import {FOCAL_MARK} from "./ranked-bar.js";

/** One plotted mark: a member's tick or a reference (quartile, median, England). */
export interface DistributionRow {
  mark: "member" | "lower quartile" | "group median" | "upper quartile" | "England";
  area_code: string;
  name: string;
  value: number;
  is_focal: boolean;
  /** Which quarter of the group the value falls in (members only): 1 = lowest values. */
  quarter: number | null;
}

/** The rows the strip plots, in the order the table and CSV show them: members low to high, then references. */
export function distributionRows(result: ComparatorResult): DistributionRow[] {
  const {q1, median, q3} = result.stats;
  const quarter = (v: number) => (q1 === null || median === null || q3 === null ? null : v < q1 ? 1 : v < median ? 2 : v <= q3 ? 3 : 4);
  const members: DistributionRow[] = result.members
    .filter((m): m is MemberResult & {value: number} => m.value !== null)
    .sort((a, b) => a.value - b.value || a.name.localeCompare(b.name))
    .map((m) => ({mark: "member", area_code: m.area_code, name: m.name, value: m.value, is_focal: m.is_focal, quarter: quarter(m.value)}));
  const references: DistributionRow[] = [];
  const reference = (mark: DistributionRow["mark"], value: number | null, area_code = "", name = "Comparator group") => {
    if (value !== null) references.push({mark, area_code, name, value, is_focal: false, quarter: null});
  };
  reference("lower quartile", q1);
  reference("group median", median);
  reference("upper quartile", q3);
  reference("England", result.england, ENGLAND_CODE, "England");
  return [...members, ...references];
}

export function distributionStrip(result: ComparatorResult, indicator: IndicatorInfo, {width = 720}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const rows = distributionRows(result);
  const members = rows.filter((r) => r.mark === "member");
  const others = members.filter((r) => !r.is_focal);
  const focal = members.filter((r) => r.is_focal);
  const {q1, q3} = result.stats;
  const band = q1 !== null && q3 !== null ? [{x1: q1, x2: q3}] : [];
  const references = rows.filter((r) => r.mark === "group median" || r.mark === "England");
  const label = (r: DistributionRow) => (r.mark === "England" ? `England ${formatValue(r.value, indicator.unit)}` : `Median ${formatValue(r.value, indicator.unit)}`);
  const values = rows.map((r) => r.value);
  const middle = (Math.min(...values) + Math.max(...values)) / 2;
  const chart = Plot.plot({
    width,
    height: 170,
    marginLeft: 20,
    marginRight: 30,
    marginTop: 44,
    marginBottom: 36,
    x: {label: indicator.unit === "%" ? "Per cent" : indicator.unit, grid: false, nice: true, zero: indicator.value_type !== "score" && indicator.value_type !== "mean"},
    y: {axis: null, domain: [0, 1]},
    marks: [
      Plot.rectX(band, {x1: "x1", x2: "x2", y1: 0.35, y2: 0.95, fill: BAND_COLOUR, title: () => `Interquartile range ${formatValue(q1, indicator.unit)} to ${formatValue(q3, indicator.unit)}`}),
      Plot.ruleX(others, {x: "value", y1: 0.45, y2: 0.85, stroke: MEMBER_COLOUR, strokeWidth: 2, title: (r: DistributionRow) => `${r.name}: ${formatValue(r.value, indicator.unit)}`}),
      Plot.ruleX(references.filter((r) => r.mark !== "England"), {x: "value", y1: 0.3, y2: 1, stroke: BENCHMARK_COLOUR, strokeWidth: 1.5, strokeDasharray: "4,3"}),
      Plot.ruleX(references.filter((r) => r.mark === "England"), {x: "value", y1: 0.3, y2: 1, stroke: BENCHMARK_COLOUR, strokeWidth: 1.5}),
      Plot.text(references, {x: "value", y: 1, text: label, dy: -6, fontSize: 11, lineAnchor: "bottom", textAnchor: "middle"}),
      Plot.ruleX(focal, {x: "value", y1: 0.3, y2: 1, stroke: FOCAL_COLOUR, strokeWidth: 4}),
      Plot.text(focal, {
        x: "value", y: 0.12, text: (r: DistributionRow) => `${FOCAL_MARK} ${r.name} ${formatValue(r.value, indicator.unit)}`,
        textAnchor: focal[0] && focal[0].value > middle ? "end" : "start", fontWeight: "bold", fontSize: 12, fill: FOCAL_COLOUR, className: "focal-label"
      })
    ]
  });
  // Reference labels one above the other, so England and the median never overwrite each other.
  const labelGroups = chart.querySelectorAll("g[aria-label='text']");
  labelGroups[0]?.querySelectorAll("text").forEach((text, i) => text.setAttribute("transform", `${text.getAttribute("transform") ?? ""} translate(0, ${-i * 13})`));
  // The focal label runs away from the middle of the strip, unless that would take it past an edge.
  const focalText = chart.querySelector("g.focal-label text");
  if (focalText && focal[0]) {
    const at = (chart as unknown as {scale(name: "x"): {apply(value: number): number}}).scale("x").apply(focal[0].value);
    const length = (focalText.textContent ?? "").length * 12 * 0.62;
    const fitsRight = at + length <= width - 4;
    const fitsLeft = at - length >= 4;
    const preferEnd = focal[0].value > middle;
    focalText.setAttribute("text-anchor", preferEnd ? (fitsLeft ? "end" : fitsRight ? "start" : "middle") : (fitsRight ? "start" : fitsLeft ? "end" : "middle"));
  }
  chart.setAttribute("data-focal", focal[0]?.area_code ?? result.focal?.area_code ?? "");
  return chart;
}

/** A text alternative for the strip, generated from the data. */
export function distributionDescription(result: ComparatorResult, indicator: IndicatorInfo, focalName: string): string {
  const rows = distributionRows(result);
  const members = rows.filter((r) => r.mark === "member");
  if (!members.length) return "No values are published for this selection.";
  const focal = members.find((r) => r.is_focal);
  const {q1, median, q3} = result.stats;
  const quarterWords = ["", "the lowest quarter", "the second quarter", "the third quarter", "the highest quarter"];
  return [
    `Strip of ${members.length} values of ${indicator.title}, from ${formatValue(members[0].value, indicator.unit)} (${members[0].name}) to ${formatValue(members[members.length - 1].value, indicator.unit)} (${members[members.length - 1].name}).`,
    median !== null ? `The group median is ${formatValue(median, indicator.unit)} and the middle half of the group lies between ${formatValue(q1, indicator.unit)} and ${formatValue(q3, indicator.unit)}.` : "",
    result.england !== null ? `England is ${formatValue(result.england, indicator.unit)}.` : "",
    focal ? `${focalName} is at ${formatValue(focal.value, indicator.unit)}${focal.quarter ? `, in ${quarterWords[focal.quarter]} of the group's values` : ""}.` : `${focalName} has no value.`
  ].filter(Boolean).join(" ");
}


const MARK_LABELS: Record<DistributionRow["mark"], string> = {
  member: "Council", "lower quartile": "Group lower quartile", "group median": "Group median", "upper quartile": "Group upper quartile", England: "England"
};

export function distributionPanel(context: PanelContext): HTMLElement {
  const {result, indicator, group, focal, selection} = context;
  const rows = distributionRows(result);
  const quarter = (r: DistributionRow) => (r.quarter === null ? "" : ["", "lowest", "second", "third", "highest"][r.quarter]);
  const csv = toCsv(rows, [
    {label: "Mark", value: (r) => MARK_LABELS[r.mark]},
    {label: "Area code", value: (r) => r.area_code},
    {label: "Area", value: (r) => r.name},
    {label: "Value", value: (r) => csvNumber(r.value)},
    {label: "Quarter of the group", value: quarter},
    {label: "Focal", value: (r) => r.is_focal}
  ], context.csvMetadata([["Chart", "Distribution strip: members' values, interquartile band, group median and England"]]));
  const table = dataTable(rows, [
    {label: "Mark", value: (r) => MARK_LABELS[r.mark]},
    {label: "Area", value: (r) => (r.is_focal ? `◆ ${r.name}` : r.name)},
    {label: valueHeader(indicator.unit), value: (r) => valueCell(r.value, indicator.unit), numeric: true},
    {label: "Quarter of the group", value: quarter}
  ], (r) => r.is_focal);
  const missing = result.members.filter((m) => m.value === null);
  return chartFrame({
    id: "distribution",
    title: `${indicator.title}: where ${focal.name} sits in its group`,
    subtitle: `${formatPeriod(selection.period)} · ${formatBreakdown(selection.breakdown)} · ${indicator.unit} · each tick is one council`,
    ...ownMetadata(context, {period: selection.period}),
    chart: distributionStrip(result, indicator, {width: context.width}),
    legend: legend([
      {swatch: "▮", colour: FOCAL_COLOUR, label: `◆ ${focal.name} (bold tick)`},
      {swatch: "|", colour: MEMBER_COLOUR, label: "Other group members"},
      {swatch: "■", colour: BAND_COLOUR, label: "Middle half of the group (interquartile range)"},
      {swatch: "┆", label: "Group median (dashed)"},
      {swatch: "│", label: "England (solid)"}
    ]),
    description: distributionDescription(result, indicator, focal.name),
    table,
    csv: {text: csv, filename: csvFilename(indicator.indicator_id, selection.period, selection.focal, group.group_id, "distribution")},
    sample: context.sample,
    notes: missing.length ? [`Not plotted (no value): ${missing.map((m) => m.name).join(", ")}.`] : []
  });
}
