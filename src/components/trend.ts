/**
 * Trend: the focal council against England and the comparator group's median, with the group's
 * interquartile range as a band. Series breaks from the catalogue are drawn as a labelled
 * vertical rule; periods where the focal council has no value (suppressed or not published)
 * leave a gap in its line and are marked "no value" on the axis, never joined across.
 */
import * as Plot from "npm:@observablehq/plot";
import type {IndicatorInfo} from "../lib/comparator.js";
import {ensureIndicatorFacts, trendSql} from "../lib/comparator.js";
import {csvFilename, toCsv} from "../lib/csv.js";
import {formatBreakdown, formatPeriod, formatValue} from "../lib/format.js";
import {csvNumber, valueCell} from "./cells.js";
import {chartFrame, dataTable} from "./chart-frame.js";
import {ownMetadata} from "./about-view.js";
import {statusText} from "../lib/domain/status.js";
import type {PanelContext} from "./panel.js";
import {BAND_COLOUR, BENCHMARK_COLOUR, FOCAL_COLOUR, legend} from "./palette.js";
import {FOCAL_MARK} from "./ranked-bar.js";

export interface TrendRow {
  period: string;
  focal: number | null;
  /** ok, suppressed, not_available..., or "missing" when the publisher has no row for the council. */
  focal_status: string;
  focal_numerator: number | null;
  focal_denominator: number | null;
  england: number | null;
  group_median: number | null;
  group_q1: number | null;
  group_q3: number | null;
  reporting: number;
  /** The catalogue's series-break note when the series breaks at this period. */
  series_break: string | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Shape trendSql's rows, and attach the catalogue's series breaks. */
export function trendRows(rows: Record<string, unknown>[], seriesBreaks: {period: string; note: string}[]): TrendRow[] {
  const breaks = new Map<string, string[]>();
  for (const b of seriesBreaks) breaks.set(b.period, [...(breaks.get(b.period) ?? []), b.note]);
  return rows.map((row) => ({
    period: String(row.period),
    focal: num(row.focal),
    focal_status: row.focal === null || row.focal === undefined ? String(row.focal_status ?? "missing") : String(row.focal_status ?? "ok"),
    focal_numerator: num(row.focal_numerator),
    focal_denominator: num(row.focal_denominator),
    england: num(row.england),
    group_median: num(row.group_median),
    group_q1: num(row.group_q1),
    group_q3: num(row.group_q3),
    reporting: Number(row.reporting ?? 0),
    series_break: breaks.get(String(row.period))?.join(" ") ?? null
  }));
}

export function trendChart(rows: TrendRow[], indicator: IndicatorInfo, {focalName, width = 720}: {focalName: string; width?: number}): SVGSVGElement | HTMLElement {
  const periods = rows.map((r) => r.period);
  const band = rows.filter((r) => r.group_q1 !== null && r.group_q3 !== null);
  const gaps = rows.filter((r) => r.focal === null);
  const breaks = rows.filter((r) => r.series_break && periods.indexOf(r.period) > 0);
  const values = rows.flatMap((r) => [r.focal, r.england, r.group_q1, r.group_q3, r.group_median]).filter((v): v is number => v !== null);
  const step = (width - 80) / Math.max(1, periods.length - 1);
  const chart = Plot.plot({
    width,
    height: 320,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 36,
    marginBottom: 48,
    x: {type: "point", domain: periods, label: null, padding: 0.3, tickFormat: formatPeriod},
    y: {label: indicator.unit === "%" ? "Per cent" : indicator.unit, grid: true, nice: true, zero: values.length > 0 && indicator.value_type !== "score" && indicator.value_type !== "mean" && Math.min(...values) >= 0 && Math.min(...values) < Math.max(...values) / 3},
    marks: [
      Plot.areaY(band, {x: "period", y1: "group_q1", y2: "group_q3", fill: BAND_COLOUR, curve: "linear"}),
      // Series breaks: a rule half a step before the period the new series starts in.
      Plot.ruleX(breaks, {x: "period", dx: -step / 2, stroke: "#6b6b6b", strokeDasharray: "2,3", strokeWidth: 1.5}),
      Plot.text(breaks, {x: "period", dx: -step / 2, frameAnchor: "top", dy: -14, text: () => "Series break", fontSize: 11, fill: "#444", textAnchor: "middle"}),
      Plot.lineY(rows, {x: "period", y: "group_median", stroke: BENCHMARK_COLOUR, strokeDasharray: "5,4", strokeWidth: 1.5}),
      Plot.lineY(rows, {x: "period", y: "england", stroke: BENCHMARK_COLOUR, strokeWidth: 2}),
      Plot.dot(rows.filter((r) => r.england !== null), {x: "period", y: "england", fill: BENCHMARK_COLOUR, symbol: "square", r: 3}),
      // Plot leaves a gap where y is null, so the line is never joined across a missing value.
      Plot.lineY(rows, {x: "period", y: "focal", stroke: FOCAL_COLOUR, strokeWidth: 3}),
      Plot.dot(rows.filter((r) => r.focal !== null), {
        x: "period", y: "focal", fill: FOCAL_COLOUR, symbol: "diamond", r: 5,
        title: (r: TrendRow) => `${focalName}, ${formatPeriod(r.period)}: ${formatValue(r.focal, indicator.unit)}`
      }),
      Plot.text(gaps, {x: "period", frameAnchor: "bottom", dy: -6, text: () => "no value", fontSize: 10, fill: FOCAL_COLOUR, fontStyle: "italic"})
    ]
  });
  chart.setAttribute("data-periods", String(periods.length));
  chart.setAttribute("data-gaps", gaps.map((g) => g.period).join(" "));
  chart.setAttribute("data-series-breaks", breaks.map((b) => b.period).join(" "));
  return chart;
}

export function trendDescription(rows: TrendRow[], indicator: IndicatorInfo, focalName: string, groupLabel: string): string {
  if (!rows.length) return "No values are published for this indicator.";
  const withValue = rows.filter((r) => r.focal !== null);
  const first = withValue[0];
  const last = withValue[withValue.length - 1];
  const parts = [`Line chart of ${indicator.title} from ${formatPeriod(rows[0].period)} to ${formatPeriod(rows[rows.length - 1].period)} for ${focalName}, England and the median of ${groupLabel}.`];
  if (first && last && first !== last) parts.push(`${focalName} went from ${formatValue(first.focal, indicator.unit)} in ${formatPeriod(first.period)} to ${formatValue(last.focal, indicator.unit)} in ${formatPeriod(last.period)}.`);
  else if (last) parts.push(`${focalName} has one value: ${formatValue(last.focal, indicator.unit)} in ${formatPeriod(last.period)}.`);
  const latest = rows[rows.length - 1];
  if (latest.england !== null) parts.push(`England was ${formatValue(latest.england, indicator.unit)} in ${formatPeriod(latest.period)}${latest.group_median !== null ? ` and the group median ${formatValue(latest.group_median, indicator.unit)}` : ""}.`);
  const gaps = rows.filter((r) => r.focal === null);
  if (gaps.length) parts.push(`No value for ${focalName} in ${gaps.map((g) => `${formatPeriod(g.period)} (${statusText(g.focal_status)})`).join(", ")}.`);
  const breaks = rows.filter((r) => r.series_break);
  if (breaks.length) parts.push(`Series break: ${breaks.map((b) => `${formatPeriod(b.period)}: ${b.series_break}`).join(" ")}`);
  return parts.join(" ");
}

export async function trendPanel(context: PanelContext): Promise<HTMLElement> {
  const {db, indicator, group, focal, selection} = context;
  const from = await ensureIndicatorFacts(db, selection.indicator, selection.breakdown);
  const raw = await db.query(trendSql({focal: selection.focal, group: selection.group, indicator: selection.indicator, breakdown: selection.breakdown}, from));
  const rows = trendRows(raw, indicator.series_breaks ?? []);
  const csv = toCsv(rows, [
    {label: "Period", value: (r) => r.period},
    {label: `${focal.name} (${selection.focal})`, value: (r) => r.focal},
    {label: `${focal.name} status`, value: (r) => r.focal_status},
    {label: `${focal.name} numerator`, value: (r) => r.focal_numerator},
    {label: `${focal.name} denominator`, value: (r) => r.focal_denominator},
    {label: "England", value: (r) => r.england},
    {label: "Group median", value: (r) => csvNumber(r.group_median)},
    {label: "Group lower quartile", value: (r) => csvNumber(r.group_q1)},
    {label: "Group upper quartile", value: (r) => csvNumber(r.group_q3)},
    {label: "Group members reporting", value: (r) => r.reporting},
    {label: "Series break", value: (r) => r.series_break}
  ], context.csvMetadata([["Chart", "Trend: focal council, England, group median and interquartile range by period"]]));
  const table = dataTable(rows, [
    {label: "Period", value: (r) => formatPeriod(r.period)},
    {label: `◆ ${focal.name}`, value: (r) => (r.focal === null ? statusText(r.focal_status) : valueCell(r.focal, indicator.unit)), numeric: true},
    {label: "England", value: (r) => valueCell(r.england, indicator.unit), numeric: true},
    {label: "Group median", value: (r) => valueCell(r.group_median, indicator.unit), numeric: true},
    {label: "Group interquartile range", value: (r) => (r.group_q1 === null ? "–" : `${valueCell(r.group_q1, indicator.unit)} – ${valueCell(r.group_q3, indicator.unit)}`), numeric: true},
    {label: "Members reporting", value: (r) => String(r.reporting), numeric: true},
    {label: "Series break", value: (r) => r.series_break ?? ""}
  ]);
  const gaps = rows.filter((r) => r.focal === null);
  const notes: string[] = [];
  if (gaps.length) notes.push(`Gaps in ${focal.name}'s line are periods with no value: ${gaps.map((g) => `${formatPeriod(g.period)} (${statusText(g.focal_status)})`).join(", ")}. The line is not joined across them.`);
  if (rows.some((r) => r.series_break)) notes.push("A dotted vertical rule marks a series break: values either side are not directly comparable.");
  notes.push("The group median and interquartile range in each period are of the members with a value in that period.");
  return chartFrame({
    id: "trend",
    title: `${indicator.title}: ${focal.name} over time`,
    subtitle: `${formatBreakdown(selection.breakdown)} · ${indicator.unit} · ${focal.name} against England and the group median`,
    ...ownMetadata(context),
    chart: trendChart(rows, indicator, {focalName: focal.name, width: context.width}),
    legend: legend([
      {swatch: "◆━", colour: FOCAL_COLOUR, label: `${FOCAL_MARK} ${focal.name}`},
      {swatch: "■━", label: "England"},
      {swatch: "╌╌", label: "Group median"},
      {swatch: "■", colour: BAND_COLOUR, label: "Group interquartile range"},
      {swatch: "┊", label: "Series break"}
    ]),
    description: trendDescription(rows, indicator, focal.name, group.label),
    table,
    csv: {text: csv, filename: csvFilename(indicator.indicator_id, "trend", selection.focal, group.group_id)},
    sample: indicator.sample_periods.length > 0 || group.sample,
    notes
  });
}
