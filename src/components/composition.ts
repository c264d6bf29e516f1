/**
 * 100% stacked bars over time for the make-up of safeguarding enquiries (type, location and
 * source of risk, action taken and risk outcome, Making Safeguarding Personal): the focal council
 * and England, one bar per year. The composition shown is a control of its own, kept in the URL
 * (`composition=`), checked against the list below before use.
 */
import * as Plot from "npm:@observablehq/plot";
import type {QueryRunner} from "../lib/comparator.js";
import {compositionSql} from "../lib/comparator.js";
import {ENGLAND_CODE} from "../lib/domain/areas.js";
import {csvFilename, toCsv} from "../lib/csv.js";
import {formatPeriod} from "../lib/format.js";
import type {IndicatorOption} from "../lib/selection.js";
import {readUrlState, writeUrlState} from "../lib/url-state.js";
import {csvNumber} from "./cells.js";
import {chartFrame, dataTable} from "./chart-frame.js";
import type {PanelContext} from "./panel.js";
import {CATEGORY_COLOURS, legend, textOn} from "./palette.js";
import {FOCAL_MARK} from "./ranked-bar.js";

export interface Composition {
  id: string;
  /** The breakdown dimension, e.g. `type_of_risk` in `type_of_risk=Neglect and Acts of Omission`. */
  dimension: string;
  /** The share indicator in the catalogue whose breakdowns make up the composition. */
  indicator_id: string;
  label: string;
  /** Why the stack is what it is, where that needs saying. */
  note?: string;
}

/** The compositions of the Safeguarding Adults Collection, in the order SAC's tables give them. */
export const SAFEGUARDING_COMPOSITIONS: Composition[] = [
  {id: "type_of_risk", dimension: "type_of_risk", indicator_id: "sac_concluded_share", label: "Type of risk",
    note: "An enquiry can involve several types of risk, so the published shares add up to more than 100%; each bar here shows every type's share of all the types recorded, which adds up to 100%."},
  {id: "location_of_risk", dimension: "location_of_risk", indicator_id: "sac_concluded_share", label: "Location of risk"},
  {id: "source_of_risk", dimension: "source_of_risk", indicator_id: "sac_concluded_share", label: "Source of risk"},
  {id: "action_and_outcome", dimension: "action_and_outcome", indicator_id: "sac_concluded_share", label: "Risk assessment and action taken"},
  {id: "risk_outcome", dimension: "risk_outcome", indicator_id: "sac_risk_outcome_share", label: "Risk outcome (where a risk was identified)"},
  {id: "msp_asked", dimension: "msp_asked", indicator_id: "sac_concluded_share", label: "Making Safeguarding Personal: asked about desired outcomes"},
  {id: "msp_outcome", dimension: "msp_outcome", indicator_id: "sac_msp_outcome_share", label: "Making Safeguarding Personal: desired outcomes achieved"}
];

export const COMPOSITION_URL_KEY = "composition";

/** One plotted segment. */
export interface CompositionSegment {
  period: string;
  area_code: string;
  area: string;
  category: string;
  /** The publisher's count for the category (the share's numerator), when published. */
  count: number | null;
  /** The share as published or derived in the catalogue. */
  published_share: number | null;
  /** The segment's width: its share of the bar, so each bar adds up to 100. */
  stacked_share: number;
  status: string;
}

/** Every breakdown of a dimension the indicator has in any period, in first-seen order. */
export function compositionBreakdowns(indicator: IndicatorOption, dimension: string): string[] {
  const seen = new Set<string>();
  for (const period of indicator.periods) for (const b of indicator.breakdowns[period] ?? []) if (b.startsWith(`${dimension}=`)) seen.add(b);
  return [...seen];
}

/**
 * Turn rows of compositionSql into segments: each bar (period × area) is its categories' counts
 * over their sum (or, without counts, published shares over their sum), times 100.
 */
export function compositionSegments(rows: Record<string, unknown>[], dimension: string): CompositionSegment[] {
  const bars = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const key = `${row.period}\u0000${row.area_code}`;
    bars.set(key, [...(bars.get(key) ?? []), row]);
  }
  const segments: CompositionSegment[] = [];
  for (const bar of bars.values()) {
    const counts = bar.map((r) => (r.numerator === null || r.numerator === undefined ? null : Number(r.numerator)));
    const useCounts = counts.some((c) => c !== null && c > 0);
    const weights = bar.map((r, i) => (useCounts ? counts[i] : r.value === null || r.value === undefined ? null : Number(r.value)));
    const total = weights.reduce<number>((sum, w) => sum + (w ?? 0), 0);
    if (!(total > 0)) continue;
    bar.forEach((row, i) => {
      if (weights[i] === null || weights[i] === 0) return;
      segments.push({
        period: String(row.period), area_code: String(row.area_code), area: String(row.name),
        category: String(row.breakdown).slice(dimension.length + 1),
        count: counts[i], published_share: row.value === null || row.value === undefined ? null : Number(row.value),
        stacked_share: (weights[i]! / total) * 100, status: String(row.status)
      });
    });
  }
  return segments;
}

export function compositionChart(segments: CompositionSegment[], categories: string[], {focalCode, focalName, width = 720}: {focalCode: string; focalName: string; width?: number}): SVGSVGElement | HTMLElement {
  const colour = new Map(categories.map((c, i) => [c, CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]]));
  const areaLabel = (s: CompositionSegment) => (s.area_code === focalCode ? `${FOCAL_MARK} ${focalName}` : s.area);
  const periods = [...new Set(segments.map((s) => s.period))].sort();
  const order = (s: CompositionSegment) => categories.indexOf(s.category);
  const sorted = [...segments].sort((a, b) => order(a) - order(b));
  const stack = {x: "stacked_share", y: "period", fy: areaLabel, z: "category", order: categories} as const;
  const chart = Plot.plot({
    width,
    height: 70 + 2 * (periods.length * 26 + 20),
    marginLeft: 70,
    marginRight: 150,
    marginTop: 20,
    x: {label: "Share of the year's enquiries (%)", domain: [0, 100]},
    y: {domain: periods, label: null, tickFormat: formatPeriod},
    fy: {domain: [`${FOCAL_MARK} ${focalName}`, "England"], label: null},
    color: {domain: categories, range: categories.map((c) => colour.get(c)!)},
    facet: {marginRight: 0},
    marks: [
      Plot.barX(sorted, {
        ...stack, fill: "category", stroke: "white", strokeWidth: 0.5,
        title: (s: CompositionSegment) => `${s.area}, ${formatPeriod(s.period)}: ${s.category} ${s.stacked_share.toFixed(1)}%${s.count !== null ? ` (${s.count.toLocaleString("en-GB")})` : ""}`
      }),
      // Every segment goes through the same stack as the bars (filtering first would shift the
      // labels); only those wide enough get a label.
      Plot.text(sorted, Plot.stackX({
        ...stack, text: (s: CompositionSegment) => (s.stacked_share >= 7 ? `${Math.round(s.stacked_share)}%` : ""), fill: (s: CompositionSegment) => textOn(colour.get(s.category)!), fontSize: 10
      })),
      Plot.ruleX([0])
    ]
  });
  // The focal council's facet label is bold: a second cue beside ◆.
  for (const text of chart.querySelectorAll("text")) if (text.textContent?.startsWith(FOCAL_MARK)) text.setAttribute("font-weight", "bold");
  chart.setAttribute("data-focal", focalCode);
  return chart;
}

export function compositionDescription(segments: CompositionSegment[], composition: Composition, focalCode: string, focalName: string): string {
  if (!segments.length) return `No ${composition.label.toLowerCase()} figures are published for ${focalName}.`;
  const latestFor = (code: string) => {
    const rows = segments.filter((s) => s.area_code === code);
    const period = rows.map((s) => s.period).sort().pop();
    return {period, rows: rows.filter((s) => s.period === period).sort((a, b) => b.stacked_share - a.stacked_share)};
  };
  const focal = latestFor(focalCode);
  const england = latestFor(ENGLAND_CODE);
  const periods = [...new Set(segments.map((s) => s.period))].sort();
  const top = (rows: CompositionSegment[]) => rows.slice(0, 3).map((s) => `${s.category} ${s.stacked_share.toFixed(0)}%`).join(", ");
  return [
    `100% stacked bars of ${composition.label.toLowerCase()} in concluded Section 42 enquiries, ${formatPeriod(periods[0])} to ${formatPeriod(periods[periods.length - 1])}, for ${focalName} and England.`,
    focal.period ? `In ${formatPeriod(focal.period)} the largest shares for ${focalName} were ${top(focal.rows)}.` : `${focalName} has no figures.`,
    england.period ? `For England in ${formatPeriod(england.period)}: ${top(england.rows)}.` : ""
  ].filter(Boolean).join(" ");
}

/** Check a composition id from the URL against the list; unknown ids fall back to the first. */
export function checkComposition(requested: string | null | undefined, available: Composition[]): {composition: Composition; problem: string | null} {
  const found = available.find((c) => c.id === requested);
  if (found || requested === null || requested === undefined || requested === "") return {composition: found ?? available[0], problem: null};
  const shown = requested.length > 60 ? `${requested.slice(0, 57)}...` : requested;
  return {composition: available[0], problem: `Unknown composition "${shown}"; showing ${available[0].label.toLowerCase()}.`};
}

async function compositionFigure(db: QueryRunner, context: PanelContext, composition: Composition, indicator: IndicatorOption): Promise<HTMLElement> {
  const {focal, selection} = context;
  const breakdowns = compositionBreakdowns(indicator, composition.dimension);
  const rows = await db.query(compositionSql(selection.focal, indicator.indicator_id, breakdowns));
  const segments = compositionSegments(rows, composition.dimension);
  const categories = breakdowns.map((b) => b.slice(composition.dimension.length + 1));
  const ordered = [...segments].sort((a, b) => Number(a.area_code === ENGLAND_CODE) - Number(b.area_code === ENGLAND_CODE) || a.period.localeCompare(b.period) || categories.indexOf(a.category) - categories.indexOf(b.category));
  const csv = toCsv(ordered, [
    {label: "Period", value: (s) => s.period},
    {label: "Area code", value: (s) => s.area_code},
    {label: "Area", value: (s) => s.area},
    {label: composition.label, value: (s) => s.category},
    {label: "Count", value: (s) => s.count},
    {label: "Published share (%)", value: (s) => csvNumber(s.published_share)},
    {label: "Share of the bar (%)", value: (s) => csvNumber(s.stacked_share)},
    {label: "Status", value: (s) => s.status}
  ], [
    ["Indicator", `${indicator.title} (${indicator.indicator_id})`],
    ["Composition", `${composition.label} (${composition.dimension})`],
    ["Definition", indicator.definition],
    ["Source", indicator.source],
    ["Source URL", indicator.source_url],
    ["Focal council", `${focal.name} (${selection.focal})`],
    ["Compared with", `England (${ENGLAND_CODE})`],
    ["Share of the bar", "the category's count over the sum of the bar's counts, times 100"],
    ["Snapshot", context.options.snapshot.generated_at],
    ["Sample data", indicator.sample_periods.length ? "yes: illustrative values except figures from the seed papers" : "no"]
  ]);
  const table = dataTable(ordered, [
    {label: "Period", value: (s) => formatPeriod(s.period)},
    {label: "Area", value: (s) => (s.area_code === selection.focal ? `◆ ${s.area}` : s.area)},
    {label: composition.label, value: (s) => s.category},
    {label: "Count", value: (s) => (s.count === null ? "–" : s.count.toLocaleString("en-GB")), numeric: true},
    {label: "Share of the bar (%)", value: (s) => s.stacked_share.toFixed(1), numeric: true}
  ], (s) => s.area_code === selection.focal);
  const missingPeriods = indicator.periods.filter((p) => !segments.some((s) => s.period === p && s.area_code === selection.focal));
  const colour = new Map(categories.map((c, i) => [c, CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]]));
  return chartFrame({
    id: "composition",
    title: `${composition.label}: ${focal.name} and England`,
    subtitle: `${indicator.title} · share of each year's concluded Section 42 enquiries (%)`,
    indicator,
    chart: compositionChart(segments, categories, {focalCode: selection.focal, focalName: focal.name, width: Math.max(context.width, 520)}), // labelled rows need room: on a phone it is drawn at 520 px and scaled to fit
    legend: legend(categories.map((c) => ({swatch: "■", colour: colour.get(c), label: c}))),
    description: compositionDescription(segments, composition, selection.focal, focal.name),
    table,
    csv: {text: csv, filename: csvFilename(indicator.indicator_id, composition.id, selection.focal)},
    sample: indicator.sample_periods.length > 0,
    notes: [
      ...(composition.note ? [composition.note] : []),
      "Segments run left to right in the order of the key, and are labelled with their percentage where there is room; the table gives every value. Counts are rounded to 5 by the publisher and suppressed under 5.",
      ...(missingPeriods.length ? [`No figures for ${focal.name} in ${missingPeriods.map(formatPeriod).join(", ")}.`] : [])
    ]
  });
}

/** The panel: a native select of compositions (kept in the URL) and the stacked chart. */
export async function compositionPanel(context: PanelContext, compositions: Composition[] = SAFEGUARDING_COMPOSITIONS): Promise<HTMLElement | null> {
  const indicators = new Map(context.options.indicators.map((i) => [i.indicator_id, i]));
  const available = compositions.filter((c) => {
    const indicator = indicators.get(c.indicator_id);
    return indicator && compositionBreakdowns(indicator, c.dimension).length > 0;
  });
  const section = document.createElement("section");
  section.className = "composition-panel";
  if (!available.length) {
    section.append(Object.assign(document.createElement("p"), {textContent: "No safeguarding composition figures are in this snapshot."}));
    return section;
  }
  const checked = checkComposition(readUrlState([COMPOSITION_URL_KEY])[COMPOSITION_URL_KEY], available);
  let current = checked.composition;
  if (checked.problem || readUrlState([COMPOSITION_URL_KEY])[COMPOSITION_URL_KEY] !== current.id) writeUrlState({[COMPOSITION_URL_KEY]: current.id}, {replace: true});

  const heading = Object.assign(document.createElement("h2"), {textContent: "What safeguarding enquiries are about"});
  const controls = document.createElement("div");
  controls.className = "controls";
  const label = document.createElement("label");
  label.textContent = "Composition";
  controls.append(label);
  const select = document.createElement("select");
  select.name = COMPOSITION_URL_KEY;
  select.setAttribute("data-control", COMPOSITION_URL_KEY);
  select.append(...available.map((c) => new Option(c.label, c.id)));
  select.value = current.id;
  label.append(select);
  const problem = document.createElement("p");
  problem.className = "problems";
  problem.setAttribute("role", "alert");
  problem.hidden = !checked.problem;
  problem.textContent = checked.problem ?? "";
  let figure = await compositionFigure(context.db, context, current, indicators.get(current.indicator_id)!);
  section.append(heading, controls, problem, figure);

  let sequence = 0;
  select.addEventListener("change", async () => {
    const next = available.find((c) => c.id === select.value);
    if (!next) return;
    current = next;
    problem.hidden = true;
    writeUrlState({[COMPOSITION_URL_KEY]: current.id});
    const mine = ++sequence;
    section.setAttribute("aria-busy", "true");
    const replacement = await compositionFigure(context.db, context, current, indicators.get(current.indicator_id)!);
    if (mine !== sequence) return;
    figure.replaceWith(replacement);
    figure = replacement;
    section.setAttribute("aria-busy", "false");
  });
  return section;
}
