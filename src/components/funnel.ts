/**
 * Funnel plot (Spiegelhalter 2005): each member's value against its denominator, with 95% and
 * 99.8% control limits around a target (England's value, or the group's pooled value where
 * England is not published). Proportions use the binomial (normal approximation) limits of
 * proportionFunnelLimits, rates the exact Poisson limits of rateFunnelLimits. Shown only where
 * the publisher gives numerators and denominators; otherwise the panel says why it is not shown.
 */
import * as Plot from "npm:@observablehq/plot";
import type {ComparatorResult, IndicatorInfo, MemberResult} from "../lib/comparator.js";
import {csvFilename, toCsv} from "../lib/csv.js";
import {formatBreakdown, formatPeriod, formatValue} from "../lib/format.js";
import {proportionFunnelLimits, rateFunnelLimits, type Interval, type Polarity, type Verdict} from "../lib/stats.js";
import {csvNumber, valueCell, valueHeader} from "./cells.js";
import {chartFrame, dataTable} from "./chart-frame.js";
import {ownMetadata} from "./about-view.js";
import type {PanelContext} from "./panel.js";
import {BENCHMARK_COLOUR, FOCAL_COLOUR, legend, verdictStyle} from "./palette.js";
import {FOCAL_MARK} from "./ranked-bar.js";

export type FunnelPosition = "within 95%" | "between 95% and 99.8%" | "outside 99.8%";

export interface FunnelPoint {
  area_code: string;
  name: string;
  short_name: string;
  is_focal: boolean;
  value: number;
  numerator: number;
  denominator: number;
  limits95: Interval;
  limits998: Interval;
  position: FunnelPosition;
  /** Outside the 99.8% limits, by polarity: better/worse (or higher/lower with no judgement); else similar. */
  verdict: Verdict;
}

export interface FunnelTarget {
  value: number;
  label: string;
}

/** Why a funnel cannot be drawn for an indicator, or null when it can. */
export function funnelUnavailableReason(indicator: IndicatorInfo, result: ComparatorResult): string | null {
  if (indicator.value_type !== "proportion" && indicator.value_type !== "rate") {
    return `A funnel plot needs a proportion or a rate; ${indicator.title} is a ${indicator.value_type === "score" ? "score" : indicator.value_type === "mean" ? "mean" : "count"}, so there is no control limit to draw.`;
  }
  if (!indicator.multiplier) return `The catalogue gives no scale (per cent or per 100,000) for ${indicator.title}, so limits cannot be placed on it.`;
  const usable = result.members.filter((m) => m.value !== null && m.numerator !== null && m.denominator !== null && m.denominator > 0);
  if (usable.length < 3) {
    return usable.length === 0
      ? `The publisher gives no numerators and denominators for ${indicator.title} in ${formatPeriod(result.selection.period)}, so the funnel plot is not shown.`
      : `Only ${usable.length} group member${usable.length === 1 ? " has" : "s have"} a numerator and denominator for this selection; a funnel plot needs at least 3.`;
  }
  if (funnelTarget(indicator, result) === null) return "Neither England's value nor the group's numerators give a target to centre the limits on.";
  return null;
}

/** England's value where published; otherwise the group's pooled value (sum of numerators over sum of denominators). */
export function funnelTarget(indicator: IndicatorInfo, result: ComparatorResult): FunnelTarget | null {
  if (result.england !== null) return {value: result.england, label: `England ${formatValue(result.england, indicator.unit)}`};
  const usable = result.members.filter((m) => m.numerator !== null && m.denominator !== null && m.denominator > 0 && m.value !== null);
  const numerator = usable.reduce((sum, m) => sum + m.numerator!, 0);
  const denominator = usable.reduce((sum, m) => sum + m.denominator!, 0);
  if (!(denominator > 0) || !indicator.multiplier) return null;
  const pooled = (numerator / denominator) * indicator.multiplier;
  return {value: pooled, label: `Group pooled value ${formatValue(pooled, indicator.unit)}`};
}

/** The control limits on the value's scale for a denominator. */
export function funnelLimits(indicator: IndicatorInfo, target: number, denominator: number, level: number): Interval {
  const multiplier = indicator.multiplier!;
  if (indicator.value_type === "proportion") {
    const p0 = Math.min(1, Math.max(0, target / multiplier));
    const {lower, upper} = proportionFunnelLimits(p0, denominator, level);
    return {lower: lower * multiplier, upper: upper * multiplier};
  }
  return rateFunnelLimits(target, denominator, multiplier, level);
}

function classify(value: number, l95: Interval, l998: Interval, polarity: Polarity): {position: FunnelPosition; verdict: Verdict} {
  const position: FunnelPosition = value < l998.lower || value > l998.upper ? "outside 99.8%" : value < l95.lower || value > l95.upper ? "between 95% and 99.8%" : "within 95%";
  if (position !== "outside 99.8%") return {position, verdict: "similar"};
  const high = value > l998.upper;
  if (polarity === "no_judgement") return {position, verdict: high ? "higher" : "lower"};
  return {position, verdict: high === (polarity === "high_is_good") ? "better" : "worse"};
}

/** The plotted points: members with a value, numerator and denominator, smallest denominator first. */
export function funnelPoints(result: ComparatorResult, indicator: IndicatorInfo, target: number): FunnelPoint[] {
  return result.members
    .filter((m): m is MemberResult & {value: number; numerator: number; denominator: number} => m.value !== null && m.numerator !== null && m.denominator !== null && m.denominator > 0)
    .sort((a, b) => a.denominator - b.denominator || a.name.localeCompare(b.name))
    .map((m) => {
      const limits95 = funnelLimits(indicator, target, m.denominator, 0.95);
      const limits998 = funnelLimits(indicator, target, m.denominator, 0.998);
      return {area_code: m.area_code, name: m.name, short_name: m.short_name, is_focal: m.is_focal, value: m.value, numerator: m.numerator, denominator: m.denominator, limits95, limits998, ...classify(m.value, limits95, limits998, indicator.polarity)};
    });
}

/** The limit curves, evaluated on a geometric grid of denominators across the plotted range. */
export function funnelCurves(indicator: IndicatorInfo, target: number, points: FunnelPoint[], steps = 80): {denominator: number; level: "95%" | "99.8%"; lower: number; upper: number}[] {
  const min = Math.max(1, Math.min(...points.map((p) => p.denominator)) * 0.8);
  const max = Math.max(...points.map((p) => p.denominator)) * 1.1;
  const curves: {denominator: number; level: "95%" | "99.8%"; lower: number; upper: number}[] = [];
  for (let i = 0; i <= steps; i++) {
    const denominator = min * (max / min) ** (i / steps);
    for (const [level, value] of [["95%", 0.95], ["99.8%", 0.998]] as const) {
      const {lower, upper} = funnelLimits(indicator, target, denominator, value);
      curves.push({denominator, level, lower, upper});
    }
  }
  return curves;
}

export function funnelChart(points: FunnelPoint[], indicator: IndicatorInfo, target: FunnelTarget, {width = 720}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const curves = funnelCurves(indicator, target.value, points);
  const c95 = curves.filter((c) => c.level === "95%");
  const c998 = curves.filter((c) => c.level === "99.8%");
  const others = points.filter((p) => !p.is_focal);
  const focal = points.filter((p) => p.is_focal);
  const style = (p: FunnelPoint) => verdictStyle(p.verdict);
  const ys = [...points.map((p) => p.value), ...c998.flatMap((c) => [c.lower, c.upper])];
  const chart = Plot.plot({
    width,
    height: 380,
    marginLeft: 56,
    marginRight: 24,
    marginTop: 28,
    x: {type: "log", label: `Denominator (${indicator.value_type === "rate" ? "population or exposure" : "cases in the measure"}, log scale)`, grid: true},
    y: {label: indicator.unit === "%" ? "Per cent" : indicator.unit, grid: true, domain: [Math.max(0, Math.min(...ys)), indicator.unit === "%" ? Math.min(100, Math.max(...ys)) : Math.max(...ys)], nice: true},
    marks: [
      Plot.ruleY([target.value], {stroke: BENCHMARK_COLOUR, strokeWidth: 1.5}),
      Plot.line(c95, {x: "denominator", y: "lower", stroke: "#555", strokeDasharray: "5,3"}),
      Plot.line(c95, {x: "denominator", y: "upper", stroke: "#555", strokeDasharray: "5,3"}),
      Plot.line(c998, {x: "denominator", y: "lower", stroke: "#222", strokeWidth: 1.5}),
      Plot.line(c998, {x: "denominator", y: "upper", stroke: "#222", strokeWidth: 1.5}),
      Plot.text([target], {x: () => c998[c998.length - 1].denominator, y: "value", text: "label", textAnchor: "end", dy: -7, fontSize: 11}),
      Plot.dot(others, {
        x: "denominator", y: "value", r: 5, symbol: (p: FunnelPoint) => style(p).symbol, rotate: (p: FunnelPoint) => style(p).rotate,
        fill: (p: FunnelPoint) => (style(p).hollow ? "white" : style(p).colour), stroke: (p: FunnelPoint) => style(p).colour, strokeWidth: 1.2,
        title: (p: FunnelPoint) => `${p.name}: ${formatValue(p.value, indicator.unit)} (${p.numerator.toLocaleString("en-GB")} / ${p.denominator.toLocaleString("en-GB")}), ${p.position}`
      }),
      Plot.dot(focal, {x: "denominator", y: "value", r: 8, symbol: "diamond", fill: FOCAL_COLOUR, stroke: "white", strokeWidth: 1.5}),
      Plot.text(focal, {x: "denominator", y: "value", text: (p: FunnelPoint) => `${FOCAL_MARK} ${p.name}`, dx: 10, textAnchor: "start", fontWeight: "bold", fontSize: 12, fill: FOCAL_COLOUR})
    ]
  });
  chart.setAttribute("data-focal", focal[0]?.area_code ?? "");
  chart.setAttribute("data-points", String(points.length));
  return chart;
}

export function funnelDescription(points: FunnelPoint[], indicator: IndicatorInfo, target: FunnelTarget, focalName: string): string {
  const outside = points.filter((p) => p.position === "outside 99.8%");
  const between = points.filter((p) => p.position === "between 95% and 99.8%");
  const focal = points.find((p) => p.is_focal);
  return [
    `Funnel plot of ${indicator.title} for ${points.length} councils against their denominators, with 95% and 99.8% control limits around ${target.label}.`,
    outside.length ? `Outside the 99.8% limits: ${outside.map((p) => `${p.name} (${formatValue(p.value, indicator.unit)}, ${verdictStyle(p.verdict).label})`).join(", ")}.` : "No council is outside the 99.8% limits.",
    between.length ? `Between the 95% and 99.8% limits: ${between.map((p) => p.name).join(", ")}.` : "",
    focal ? `${focalName} is at ${formatValue(focal.value, indicator.unit)} on a denominator of ${focal.denominator.toLocaleString("en-GB")}: ${focal.position} limits.` : `${focalName} is not plotted (no numerator and denominator).`
  ].filter(Boolean).join(" ");
}

/** The panel says why, in a plain note, when a funnel cannot be drawn. */
function notShown(reason: string, title: string): HTMLElement {
  const section = document.createElement("section");
  section.className = "chart-not-shown";
  section.id = "funnel";
  section.setAttribute("data-chart", "funnel");
  section.setAttribute("data-not-shown", "");
  const heading = document.createElement("h3");
  heading.textContent = title;
  const text = document.createElement("p");
  text.textContent = `Funnel plot not shown. ${reason}`;
  section.append(heading, text);
  return section;
}

export function funnelPanel(context: PanelContext): HTMLElement {
  const {result, indicator, group, focal, selection} = context;
  const title = `${indicator.title}: is ${focal.name} different, or is it noise?`;
  const reason = funnelUnavailableReason(indicator, result);
  if (reason) return notShown(reason, title);
  const target = funnelTarget(indicator, result)!;
  const points = funnelPoints(result, indicator, target.value);
  const csv = toCsv(points, [
    {label: "Area code", value: (p) => p.area_code},
    {label: "Area", value: (p) => p.name},
    {label: "Value", value: (p) => p.value},
    {label: "Numerator", value: (p) => p.numerator},
    {label: "Denominator", value: (p) => p.denominator},
    {label: "Lower 99.8% limit", value: (p) => csvNumber(p.limits998.lower)},
    {label: "Lower 95% limit", value: (p) => csvNumber(p.limits95.lower)},
    {label: "Upper 95% limit", value: (p) => csvNumber(p.limits95.upper)},
    {label: "Upper 99.8% limit", value: (p) => csvNumber(p.limits998.upper)},
    {label: "Position", value: (p) => p.position},
    {label: "Verdict", value: (p) => p.verdict},
    {label: "Focal", value: (p) => p.is_focal}
  ], context.csvMetadata([
    ["Chart", "Funnel plot: value against denominator with control limits"],
    ["Funnel target", `${target.label} (${csvNumber(target.value)})`],
    ["Control limits", indicator.value_type === "proportion" ? "binomial, normal approximation: p0 ± z·sqrt(p0(1 − p0)/n) (Spiegelhalter 2005)" : "exact Poisson limits of the expected count (Spiegelhalter 2005)"]
  ]));
  const table = dataTable(points, [
    {label: "Council", value: (p) => (p.is_focal ? `◆ ${p.name}` : p.name)},
    {label: valueHeader(indicator.unit), value: (p) => valueCell(p.value, indicator.unit), numeric: true},
    {label: "Numerator", value: (p) => p.numerator.toLocaleString("en-GB"), numeric: true},
    {label: "Denominator", value: (p) => p.denominator.toLocaleString("en-GB"), numeric: true},
    {label: "99.8% limits", value: (p) => `${valueCell(p.limits998.lower, indicator.unit)} – ${valueCell(p.limits998.upper, indicator.unit)}`, numeric: true},
    {label: "Position", value: (p) => p.position},
    {label: "Verdict", value: (p) => `${verdictStyle(p.verdict).glyph} ${p.verdict}`}
  ], (p) => p.is_focal);
  const notPlotted = result.members.filter((m) => !points.some((p) => p.area_code === m.area_code));
  const verdicts = [...new Set(points.map((p) => p.verdict))];
  return chartFrame({
    id: "funnel",
    title,
    subtitle: `${formatPeriod(selection.period)} · ${formatBreakdown(selection.breakdown)} · ${indicator.unit} against the denominator · limits around ${target.label}`,
    ...ownMetadata(context, {period: selection.period}),
    chart: funnelChart(points, indicator, target, {width: context.width}),
    legend: legend([
      {swatch: "◆", colour: FOCAL_COLOUR, label: focal.name},
      ...verdicts.map((v) => ({swatch: verdictStyle(v).glyph, colour: verdictStyle(v).colour, label: v === "similar" ? "Inside the 99.8% limits" : `Outside the 99.8% limits: ${verdictStyle(v).label}`})),
      {swatch: "╌", label: "95% limits"},
      {swatch: "━", label: "99.8% limits"}
    ]),
    description: funnelDescription(points, indicator, target, focal.name),
    table,
    csv: {text: csv, filename: csvFilename(indicator.indicator_id, selection.period, selection.focal, group.group_id, "funnel")},
    sample: context.sample,
    notes: [
      "A council outside the 99.8% limits is unlikely to differ from the target by chance alone; between the 95% and 99.8% limits, it may.",
      ...(notPlotted.length ? [`Not plotted (no numerator and denominator): ${notPlotted.map((m) => m.name).join(", ")}.`] : [])
    ]
  });
}
