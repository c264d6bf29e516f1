/**
 * Workforce profile. Two charts:
 * - turnover and vacancy rates for the focal council against its group's median and
 *   interquartile range and England (Skills for Care LA data download);
 * - the occupational therapists' employment profile (employment status, years in the sector,
 *   age) for the areas Skills for Care's table covers: 15 South East areas, two of them NHS
 *   footprints rather than councils, labelled as such (seed 000, Table A1).
 */
import * as Plot from "npm:@observablehq/plot";
import {areaValuesSql, benchmarkSummarySql} from "../lib/comparator.js";
import {csvFilename, toCsv} from "../lib/csv.js";
import {formatBreakdown, formatPeriod, formatValue} from "../lib/format.js";
import type {IndicatorOption} from "../lib/selection.js";
import {csvNumber, valueCell} from "./cells.js";
import {chartFrame, dataTable} from "./chart-frame.js";
import {ownMetadata} from "./about-view.js";
import {statusText} from "../lib/domain/status.js";
import type {PanelContext} from "./panel.js";
import {BAND_COLOUR, BENCHMARK_COLOUR, CATEGORY_COLOURS, FOCAL_COLOUR, legend, textOn} from "./palette.js";
import {FOCAL_MARK} from "./ranked-bar.js";

// ---- turnover and vacancy ---------------------------------------------------------------------

export const WORKFORCE_PROFILE_INDICATORS = ["workforce-turnover-rate", "workforce-vacancy-rate"];

export interface ProfileRow {
  indicator: IndicatorOption;
  period: string;
  breakdown: string;
  focal: number | null;
  focal_status: string;
  group_median: number | null;
  group_q1: number | null;
  group_q3: number | null;
  england: number | null;
  reporting: number;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const polarityWords = (indicator: IndicatorOption) =>
  indicator.polarity === "low_is_good" ? "lower is better" : indicator.polarity === "high_is_good" ? "higher is better" : "no judgement";

/** The period and breakdown to show for each indicator: the explorer's where published, else the latest and the total. */
export function profileRequests(indicators: IndicatorOption[], period: string, breakdown: string): {indicator: string; period: string; breakdown: string}[] {
  return indicators.filter((i) => i.periods.length).map((i) => {
    const p = i.periods.includes(period) ? period : i.periods[i.periods.length - 1];
    const breakdowns = i.breakdowns[p] ?? ["total"];
    return {indicator: i.indicator_id, period: p, breakdown: breakdowns.includes(breakdown) ? breakdown : breakdowns.includes("total") ? "total" : breakdowns[0]};
  });
}

export function workforceProfileChart(rows: ProfileRow[], {focalName, width = 720}: {focalName: string; width?: number}): SVGSVGElement | HTMLElement {
  const label = (r: ProfileRow) => `${r.indicator.short_title} (${polarityWords(r.indicator)})`;
  const order = rows.map(label);
  const unit = rows[0]?.indicator.unit ?? "%";
  const references = rows.flatMap((r) => [
    ...(r.group_median !== null ? [{row: r, kind: "Group median", value: r.group_median}] : []),
    ...(r.england !== null ? [{row: r, kind: "England", value: r.england}] : [])
  ]);
  type Reference = (typeof references)[number];
  const chart = Plot.plot({
    width,
    height: 70 + 70 * rows.length,
    marginLeft: 250,
    marginRight: 150,
    marginTop: 20,
    x: {label: unit === "%" ? "Per cent" : unit, grid: true, nice: true, zero: true},
    y: {domain: order, label: null, tickSize: 0},
    marks: [
      Plot.barX(rows.filter((r) => r.group_q1 !== null), {y: label, x1: "group_q1", x2: "group_q3", fill: BAND_COLOUR, insetTop: 14, insetBottom: 14}),
      Plot.tickX(references.filter((r) => r.kind === "Group median"), {y: (r: Reference) => label(r.row), x: "value", stroke: BENCHMARK_COLOUR, strokeWidth: 2, strokeDasharray: "4,3"}),
      Plot.tickX(references.filter((r) => r.kind === "England"), {y: (r: Reference) => label(r.row), x: "value", stroke: BENCHMARK_COLOUR, strokeWidth: 3}),
      Plot.text(references.filter((r) => r.kind === "England"), {y: (r: Reference) => label(r.row), x: "value", text: (r: Reference) => `England ${formatValue(r.value, r.row.indicator.unit)}`, dy: -22, fontSize: 10, stroke: "var(--theme-background, white)", strokeWidth: 3, paintOrder: "stroke"}),
      Plot.text(references.filter((r) => r.kind === "Group median"), {y: (r: Reference) => label(r.row), x: "value", text: (r: Reference) => `Median ${formatValue(r.value, r.row.indicator.unit)}`, dy: 22, fontSize: 10, stroke: "var(--theme-background, white)", strokeWidth: 3, paintOrder: "stroke"}),
      Plot.dot(rows.filter((r) => r.focal !== null), {y: label, x: "focal", r: 8, symbol: "diamond", fill: FOCAL_COLOUR, stroke: "white"}),
      // A halo in the page's background colour keeps the focal label readable where it crosses a benchmark tick.
      Plot.text(rows.filter((r) => r.focal !== null), {
        y: label, x: "focal", text: (r: ProfileRow) => `${FOCAL_MARK} ${focalName} ${formatValue(r.focal, r.indicator.unit)}`,
        dx: 12, textAnchor: "start", fontWeight: "bold", fontSize: 11, fill: FOCAL_COLOUR, stroke: "var(--theme-background, white)", strokeWidth: 4, paintOrder: "stroke"
      })
    ]
  });
  return chart;
}

export function workforceProfileDescription(rows: ProfileRow[], focalName: string, groupLabel: string): string {
  return rows.map((r) => {
    const parts = [`${r.indicator.title} (${formatPeriod(r.period)}, ${formatBreakdown(r.breakdown)}, ${polarityWords(r.indicator)}):`];
    parts.push(r.focal === null ? `${focalName} has no value (${statusText(r.focal_status)});` : `${focalName} ${formatValue(r.focal, r.indicator.unit)};`);
    parts.push(`median of ${groupLabel} ${formatValue(r.group_median, r.indicator.unit)}, middle half ${formatValue(r.group_q1, r.indicator.unit)} to ${formatValue(r.group_q3, r.indicator.unit)};`);
    parts.push(`England ${formatValue(r.england, r.indicator.unit)}.`);
    return parts.join(" ");
  }).join(" ");
}

export async function workforceProfilePanel(context: PanelContext): Promise<HTMLElement | null> {
  const {group, focal, selection} = context;
  const indicators = WORKFORCE_PROFILE_INDICATORS.map((id) => context.options.indicators.find((i) => i.indicator_id === id)).filter((i): i is IndicatorOption => !!i && i.periods.length > 0);
  if (!indicators.length) return null;
  const requests = profileRequests(indicators, selection.period, selection.breakdown);
  const raw = await context.db.query(benchmarkSummarySql(selection.focal, selection.group, requests));
  const rows: ProfileRow[] = requests.map((request) => {
    const row = raw.find((r) => r.indicator_id === request.indicator) ?? {};
    return {
      indicator: indicators.find((i) => i.indicator_id === request.indicator)!, period: request.period, breakdown: request.breakdown,
      focal: num(row.focal), focal_status: row.focal === null || row.focal === undefined ? String(row.focal_status ?? "missing") : "ok",
      group_median: num(row.group_median), group_q1: num(row.group_q1), group_q3: num(row.group_q3), england: num(row.england), reporting: Number(row.reporting ?? 0)
    };
  });
  // The turnover and vacancy definitions are in the notes; the group only when no "About this view" names it.
  const shared = ownMetadata(context);
  const csv = toCsv(rows, [
    {label: "Indicator", value: (r) => r.indicator.title},
    {label: "Indicator id", value: (r) => r.indicator.indicator_id},
    {label: "Polarity", value: (r) => r.indicator.polarity},
    {label: "Period", value: (r) => r.period},
    {label: "Breakdown", value: (r) => r.breakdown},
    {label: `${focal.name} (${selection.focal})`, value: (r) => r.focal},
    {label: "Group median", value: (r) => csvNumber(r.group_median)},
    {label: "Group lower quartile", value: (r) => csvNumber(r.group_q1)},
    {label: "Group upper quartile", value: (r) => csvNumber(r.group_q3)},
    {label: "England", value: (r) => r.england},
    {label: "Group members reporting", value: (r) => r.reporting}
  ], context.csvMetadata([["Chart", "Workforce profile: turnover and vacancy for the focal council, the group median and interquartile range, and England"]]));
  const table = dataTable(rows, [
    {label: "Indicator", value: (r) => `${r.indicator.short_title} (${polarityWords(r.indicator)})`},
    {label: "Period", value: (r) => formatPeriod(r.period)},
    {label: `◆ ${focal.name}`, value: (r) => (r.focal === null ? statusText(r.focal_status) : valueCell(r.focal, r.indicator.unit)), numeric: true},
    {label: "Group median", value: (r) => valueCell(r.group_median, r.indicator.unit), numeric: true},
    {label: "Group interquartile range", value: (r) => (r.group_q1 === null ? "–" : `${valueCell(r.group_q1, r.indicator.unit)} – ${valueCell(r.group_q3, r.indicator.unit)}`), numeric: true},
    {label: "England", value: (r) => valueCell(r.england, r.indicator.unit), numeric: true}
  ]);
  const shifted = rows.filter((r) => r.period !== selection.period || r.breakdown !== selection.breakdown);
  return chartFrame({
    id: "workforce-profile",
    title: `${rows.map((r) => r.indicator.short_title).join(" and ")}: ${focal.name} against its group and England`,
    subtitle: `${[...new Set(rows.map((r) => formatPeriod(r.period)))].join(", ")} · ${[...new Set(rows.map((r) => formatBreakdown(r.breakdown)))].join(", ")} · ${rows[0].indicator.unit}`,
    group: shared.group, memberNames: shared.memberNames,
    chart: workforceProfileChart(rows, {focalName: focal.name, width: Math.max(context.width, 520)}), // labelled rows need room: on a phone it is drawn at 520 px and scaled to fit
    legend: legend([
      {swatch: "◆", colour: FOCAL_COLOUR, label: focal.name},
      {swatch: "┃", label: "England (solid)"},
      {swatch: "┆", label: "Group median (dashed)"},
      {swatch: "■", colour: BAND_COLOUR, label: "Middle half of the group"}
    ]),
    description: workforceProfileDescription(rows, focal.name, group.label),
    table,
    csv: {text: csv, filename: csvFilename("workforce-profile", selection.period, selection.focal, group.group_id)},
    sample: context.sample,
    notes: [
      ...rows.map((r) => `${r.indicator.title}: ${r.indicator.definition} Source: ${r.indicator.source}.`),
      ...(shifted.length ? [`Shown for the latest period or the total where the explorer's selection is not published: ${shifted.map((r) => `${r.indicator.short_title} ${formatPeriod(r.period)}, ${formatBreakdown(r.breakdown)}`).join("; ")}.`] : [])
    ]
  });
}

// ---- occupational therapists' employment profile -----------------------------------------------

/** The OT profile's stacks, as the shares of Table A1 group (loaders' OT_PROFILE_GROUPS; checked in test/components.test.ts). */
export const OT_PROFILE_STACKS: {group: string; label: string; indicators: string[]}[] = [
  {group: "employment_status", label: "Employment status", indicators: ["workforce-ot-permanent-pct", "workforce-ot-temporary-pct", "workforce-ot-indirect-pct"]},
  {group: "years_in_sector", label: "Years in the sector", indicators: ["workforce-ot-sector-10-plus-pct", "workforce-ot-sector-3-to-9-pct", "workforce-ot-sector-under-3-pct"]},
  {group: "age", label: "Age", indicators: ["workforce-ot-age-under-25-pct", "workforce-ot-age-25-to-54-pct", "workforce-ot-age-55-plus-pct"]}
];

/** Each category its own colour across the three profiles, so the legend is never ambiguous. */
export function otColour(indicatorId: string): string {
  const stack = OT_PROFILE_STACKS.findIndex((s) => s.indicators.includes(indicatorId));
  const index = stack < 0 ? -1 : OT_PROFILE_STACKS[stack].indicators.indexOf(indicatorId);
  return stack < 0 ? "#999" : CATEGORY_COLOURS[(stack * 3 + index) % CATEGORY_COLOURS.length];
}

export interface OtSegment {
  area_code: string;
  area: string;
  /** "Berkshire West (NHS footprint)" for the footprints. */
  area_label: string;
  is_nhs_footprint: boolean;
  is_focal: boolean;
  stack: string;
  category: string;
  indicator_id: string;
  published: number;
  stacked_share: number;
}

/** A category's label from the catalogue's short title: "OTs agency/indirect" → "Agency/indirect". */
export function otCategoryLabel(indicator: IndicatorOption | undefined, id: string): string {
  const text = (indicator?.short_title ?? id).replace(/^OTs\s+/, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function otAreaLabel(name: string, type: string): string {
  return type === "nhs_footprint" ? `${name} (NHS footprint)` : name;
}

/** Segments per area and stack; each stack's published shares are scaled to add up to 100 (the table gives them as published). */
export function otSegments(rows: Record<string, unknown>[], indicators: Map<string, IndicatorOption>, focal: string): {segments: OtSegment[]; gaps: {area: string; stack: string}[]} {
  const areas = new Map<string, {name: string; type: string}>();
  for (const row of rows) areas.set(String(row.area_code), {name: String(row.name), type: String(row.type)});
  const value = new Map(rows.map((r) => [`${r.area_code}\u0000${r.indicator_id}`, r.value === null || r.value === undefined ? null : Number(r.value)]));
  const segments: OtSegment[] = [];
  const gaps: {area: string; stack: string}[] = [];
  for (const [code, area] of areas) {
    for (const stack of OT_PROFILE_STACKS) {
      const parts = stack.indicators.map((id) => ({id, value: value.get(`${code}\u0000${id}`) ?? null}));
      const total = parts.reduce((sum, p) => sum + (p.value ?? 0), 0);
      if (!(total > 0)) {
        gaps.push({area: otAreaLabel(area.name, area.type), stack: stack.label});
        continue;
      }
      for (const part of parts) {
        if (part.value === null) continue;
        segments.push({
          area_code: code, area: area.name, area_label: otAreaLabel(area.name, area.type), is_nhs_footprint: area.type === "nhs_footprint", is_focal: code === focal,
          stack: stack.label, category: otCategoryLabel(indicators.get(part.id), part.id), indicator_id: part.id, published: part.value, stacked_share: (part.value / total) * 100
        });
      }
    }
  }
  return {segments, gaps};
}

export function otProfileChart(segments: OtSegment[], {width = 720}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const label = (s: {area_label: string; is_focal: boolean}) => (s.is_focal ? `${FOCAL_MARK} ${s.area_label}` : s.area_label);
  const areas = [...new Map(segments.map((s) => [s.area_code, s])).values()].sort((a, b) => a.area_label.localeCompare(b.area_label)).map(label);
  const categories = [...new Set(segments.map((s) => `${s.stack}: ${s.category}`))];
  const colourOf = new Map<string, string>();
  for (const segment of segments) colourOf.set(`${segment.stack}: ${segment.category}`, otColour(segment.indicator_id));
  const key = (s: OtSegment) => `${s.stack}: ${s.category}`;
  const stack = {x: "stacked_share", y: label, fx: "stack", z: key, order: categories} as const;
  const chart = Plot.plot({
    width: Math.max(width, 720),
    height: 70 + 24 * areas.length,
    marginLeft: 220,
    marginRight: 10,
    marginTop: 36,
    x: {domain: [0, 100], label: "Share of OT filled posts (%)", ticks: [0, 50, 100]},
    y: {domain: areas, label: null, tickSize: 0},
    fx: {domain: OT_PROFILE_STACKS.map((s) => s.label), label: null, padding: 0.08},
    color: {domain: categories, range: categories.map((c) => colourOf.get(c) ?? "#999")},
    marks: [
      Plot.barX(segments, {...stack, fill: key, stroke: "white", strokeWidth: 0.5, title: (s: OtSegment) => `${s.area_label}, ${s.stack}: ${s.category} ${s.published}% as published`}),
      // Labels go through the same stack as the bars; only segments wide enough get text.
      Plot.text(segments, Plot.stackX({...stack, text: (s: OtSegment) => (s.stacked_share >= 12 ? `${Math.round(s.published)}` : ""), fill: (s: OtSegment) => textOn(colourOf.get(key(s)) ?? "#999"), fontSize: 10}))
    ]
  });
  for (const text of chart.querySelectorAll("text")) if (text.textContent?.startsWith(FOCAL_MARK)) text.setAttribute("font-weight", "bold");
  chart.setAttribute("data-focal", segments.find((s) => s.is_focal)?.area_code ?? "");
  chart.setAttribute("data-areas", String(areas.length));
  return chart;
}

export async function otProfilePanel(context: PanelContext): Promise<HTMLElement | null> {
  const {focal, selection} = context;
  const indicators = new Map(context.options.indicators.map((i) => [i.indicator_id, i]));
  const ids = OT_PROFILE_STACKS.flatMap((s) => s.indicators);
  const first = indicators.get(ids[0]);
  if (!first || !first.periods.length) return null;
  const period = first.periods[first.periods.length - 1];
  const rows = await context.db.query(areaValuesSql(ids, period));
  const {segments, gaps} = otSegments(rows, indicators, selection.focal);
  const ordered = [...segments].sort((a, b) => a.area_label.localeCompare(b.area_label) || OT_PROFILE_STACKS.findIndex((s) => s.label === a.stack) - OT_PROFILE_STACKS.findIndex((s) => s.label === b.stack));
  const csv = toCsv(ordered, [
    {label: "Area code", value: (s) => s.area_code},
    {label: "Area", value: (s) => s.area_label},
    {label: "NHS footprint", value: (s) => s.is_nhs_footprint},
    {label: "Profile", value: (s) => s.stack},
    {label: "Category", value: (s) => s.category},
    {label: "Indicator id", value: (s) => s.indicator_id},
    {label: "Published share (%)", value: (s) => s.published},
    {label: "Share of the bar (%)", value: (s) => csvNumber(s.stacked_share)}
  ], [
    ["Chart", "Occupational therapists' employment profile: employment status, years in the sector and age"],
    ["Period", period],
    ["Source", first.source],
    ["Source URL", first.source_url],
    ["Caveats", first.caveats],
    ["Focal council", `${focal.name} (${selection.focal})`],
    ["Share of the bar", "the published share over the sum of its profile's published shares, times 100"],
    ["Snapshot", context.options.snapshot.generated_at]
  ]);
  const table = dataTable(ordered, [
    {label: "Area", value: (s) => (s.is_focal ? `◆ ${s.area_label}` : s.area_label)},
    {label: "Profile", value: (s) => s.stack},
    {label: "Category", value: (s) => s.category},
    {label: "Published share (%)", value: (s) => String(s.published), numeric: true}
  ], (s) => s.is_focal);
  const areaCount = new Set(segments.map((s) => s.area_code)).size;
  const footprints = [...new Set(segments.filter((s) => s.is_nhs_footprint).map((s) => s.area))];
  const focalIn = segments.some((s) => s.is_focal);
  const latest = (stackLabel: string) => segments.filter((s) => s.is_focal && s.stack === stackLabel).map((s) => `${s.category} ${s.published}%`).join(", ");
  const description = [
    `Three sets of 100% stacked bars for ${areaCount} areas (${footprints.length} of them NHS footprints: ${footprints.join(", ")}), ${formatPeriod(period)}: ${OT_PROFILE_STACKS.map((s) => s.label.toLowerCase()).join(", ")} of occupational therapists.`,
    focalIn ? `${focal.name}: ${OT_PROFILE_STACKS.map((s) => `${s.label.toLowerCase()} ${latest(s.label) || "no data"}`).join("; ")}.` : `${focal.name} is not among the areas this table covers.`
  ].join(" ");
  const chart = otProfileChart(segments, {width: Math.max(context.width, 520)}); // labelled rows need room: on a phone it is drawn at 520 px and scaled to fit
  return chartFrame({
    id: "ot-profile",
    title: `Occupational therapists' employment profile, ${formatPeriod(period)}: ${OT_PROFILE_STACKS.map((s) => s.label.toLowerCase()).join(", ")}`,
    subtitle: `${areaCount} South East areas covered by the published table · share of occupational therapist filled posts (%), all sectors`,
    chart,
    legend: legend(OT_PROFILE_STACKS.flatMap((stack) => stack.indicators.map((id) => ({swatch: "■", colour: otColour(id), label: `${stack.label}: ${otCategoryLabel(indicators.get(id), id)}`})))),
    description,
    table,
    csv: {text: csv, filename: csvFilename("ot-employment-profile", period)},
    sample: first.sample_periods.includes(period),
    notes: [
      `Source: ${first.source}.`,
      `NHS footprints (${footprints.join(", ")}) are not councils and overlap councils shown separately: labelled "(NHS footprint)".`,
      "Bars are scaled to 100% within each profile because published shares are rounded (some add up to more or less than 100); segments run left to right in the order of the key and are labelled with the published share where there is room.",
      ...(focalIn ? [] : [`${focal.name} is not covered by this table.`]),
      ...(gaps.length ? [`No data: ${gaps.map((g) => `${g.area} (${g.stack.toLowerCase()})`).join(", ")}.`] : []),
      first.caveats
    ]
  });
}

