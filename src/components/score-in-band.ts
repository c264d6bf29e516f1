/**
 * Score in band: each assessed council's published overall percentage as a dot within CQC's
 * rating bands (25-38 Inadequate, 39-62 Requires improvement, 63-87 Good, 88+ Outstanding), so
 * a reader sees how near a council is to the next band. The percentage is the published one,
 * never recomputed from the nine scores (seed 003: 59% published against 21/36 = 58.3%).
 */
import * as Plot from "npm:@observablehq/plot";
import {csvFilename, toCsv} from "../lib/csv.js";
import {formatPeriod} from "../lib/format.js";
import type {IndicatorOption} from "../lib/selection.js";
import {chartFrame, dataTable} from "./chart-frame.js";
import {ownMetadata} from "./about-view.js";
import type {AssessmentRow} from "./cqc-framework.js";
import {LA_ASSESSMENT_BANDS, ratingForOverallPercent} from "../lib/domain/cqc.js";
import {loadAssessments} from "./cqc-grid.js";
import type {PanelContext} from "./panel.js";
import {FOCAL_COLOUR, legend} from "./palette.js";
import {FOCAL_MARK} from "./ranked-bar.js";

/** Greys, light to dark, so the bands read in order without relying on hue. */
const BAND_FILLS: Record<string, string> = {"Inadequate": "#f2f2f2", "Requires improvement": "#e3e3e3", "Good": "#d0d0d0", "Outstanding": "#bdbdbd"};

export interface BandPoint {
  area_code: string;
  name: string;
  is_focal: boolean;
  overall_pct: number;
  rating: string | null;
  band: string | null;
  /** Points to the next band up (null in the top band). */
  to_next_band: number | null;
  report_date: string | null;
}

export function bandPoints(rows: AssessmentRow[]): BandPoint[] {
  return rows
    .filter((r): r is AssessmentRow & {overall_pct: number} => r.overall_pct !== null)
    .sort((a, b) => b.overall_pct - a.overall_pct || a.name.localeCompare(b.name))
    .map((r) => {
      const band = ratingForOverallPercent(r.overall_pct) ?? null;
      const index = LA_ASSESSMENT_BANDS.findIndex((b) => b.rating === band);
      const next = index >= 0 ? LA_ASSESSMENT_BANDS[index + 1] : undefined;
      return {area_code: r.area_code, name: r.name, is_focal: r.is_focal, overall_pct: r.overall_pct, rating: r.rating, band, to_next_band: next ? next.from - Math.round(r.overall_pct) : null, report_date: r.report_date};
    });
}

const label = (p: BandPoint) => (p.is_focal ? `${FOCAL_MARK} ${p.name}` : p.name);

export function scoreInBand(points: BandPoint[], {width = 720}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const order = points.map(label);
  const bands = LA_ASSESSMENT_BANDS.map((b) => ({...b, x1: b.from - 0.5, x2: Math.min(100, b.to + 0.5)}));
  const chart = Plot.plot({
    width,
    height: 80 + 28 * points.length,
    marginLeft: 230,
    marginRight: 24,
    marginTop: 40,
    x: {domain: [24.5, 100], label: "Overall score (%)", ticks: [25, 39, 63, 88, 100], grid: false},
    y: {domain: order, label: null, tickSize: 0},
    marks: [
      Plot.rectX(bands, {x1: "x1", x2: "x2", fill: (b: {rating: string}) => BAND_FILLS[b.rating]}),
      Plot.text(bands, {x: (b: {x1: number; x2: number}) => (b.x1 + b.x2) / 2, frameAnchor: "top", dy: -16, text: (b: {rating: string; from: number; to: number}) => `${b.rating}`, fontSize: 11, fontWeight: "bold"}),
      Plot.ruleY(points, {y: label, x1: 24.5, x2: 100, stroke: "white", strokeWidth: 1}),
      Plot.dot(points.filter((p) => !p.is_focal), {x: "overall_pct", y: label, r: 6, fill: "#333", title: (p: BandPoint) => `${p.name}: ${p.overall_pct}% (${p.rating ?? p.band})`}),
      Plot.dot(points.filter((p) => p.is_focal), {x: "overall_pct", y: label, r: 9, symbol: "diamond", fill: FOCAL_COLOUR, stroke: "white"}),
      Plot.text(points.filter((p) => !p.is_focal), {x: "overall_pct", y: label, text: (p: BandPoint) => `${p.overall_pct}%`, dx: 12, textAnchor: "start", fontSize: 11}),
      Plot.text(points.filter((p) => p.is_focal), {x: "overall_pct", y: label, text: (p: BandPoint) => `${p.overall_pct}%`, dx: 12, textAnchor: "start", fontSize: 12, fontWeight: "bold"})
    ]
  });
  for (const text of chart.querySelectorAll("g[aria-label='y-axis tick label'] text")) {
    if (text.textContent?.startsWith(FOCAL_MARK)) {
      text.setAttribute("font-weight", "bold");
      text.setAttribute("data-focal", "true");
    }
  }
  chart.setAttribute("data-focal", points.find((p) => p.is_focal)?.area_code ?? "");
  return chart;
}

export function scoreInBandDescription(points: BandPoint[], focalName: string): string {
  if (!points.length) return "No overall scores are published for this group.";
  const focal = points.find((p) => p.is_focal);
  const counts = LA_ASSESSMENT_BANDS.map((b) => ({band: b.rating, n: points.filter((p) => p.band === b.rating).length})).filter((c) => c.n);
  return [
    `Dot plot of ${points.length} councils' overall CQC scores within the rating bands: ${counts.map((c) => `${c.n} ${c.band}`).join(", ")}.`,
    focal ? `${focalName} scored ${focal.overall_pct}% (${focal.rating ?? focal.band})${focal.to_next_band !== null ? `, ${focal.to_next_band} points below the next band` : ""}.` : `${focalName} has no published overall score.`
  ].join(" ");
}

export async function scoreInBandPanel(context: PanelContext): Promise<HTMLElement> {
  const {group, focal, selection} = context;
  const indicator = context.options.indicators.find((i) => i.indicator_id === "cqc_overall_pct") as IndicatorOption | undefined;
  const title = `${indicator?.title ?? "CQC overall score"}: within CQC's rating bands`;
  const loaded = await loadAssessments(context);
  const section = (text: string) => {
    const s = document.createElement("section");
    s.id = "score-in-band";
    s.className = "chart-not-shown";
    s.setAttribute("data-chart", "score-in-band");
    s.setAttribute("data-not-shown", "");
    s.append(Object.assign(document.createElement("h3"), {textContent: title}), Object.assign(document.createElement("p"), {textContent: text}));
    return s;
  };
  if (typeof loaded === "string") return section(loaded);
  const points = bandPoints(loaded);
  if (!points.length) return section(`No council in ${group.label} has a published overall CQC score in this snapshot. Choose another comparator group (the region, for example).`);
  const csv = toCsv(points, [
    {label: "Area code", value: (p) => p.area_code},
    {label: "Council", value: (p) => p.name},
    {label: "Overall (%)", value: (p) => p.overall_pct},
    {label: "Published rating", value: (p) => p.rating},
    {label: "Band of the overall %", value: (p) => p.band},
    {label: "Points to the next band", value: (p) => p.to_next_band},
    {label: "Report date", value: (p) => p.report_date},
    {label: "Focal", value: (p) => p.is_focal}
  ], [
    ["Chart", "Score in band: published overall % within CQC's rating bands"],
    ["Indicator", indicator ? `${indicator.title} (${indicator.indicator_id})` : "CQC overall score"],
    ["Definition", indicator?.definition ?? ""],
    ["Rating bands", LA_ASSESSMENT_BANDS.map((b) => `${b.from}${b.to === 100 ? "+" : `-${b.to}`}% ${b.rating}`).join("; ")],
    ["Source", indicator?.source ?? "Care Quality Commission"],
    ["Source URL", indicator?.source_url ?? ""],
    ["Focal council", `${focal.name} (${selection.focal})`],
    ["Comparator group", `${group.label} (${group.kind}, vintage ${group.vintage})`],
    ["Snapshot", context.options.snapshot.generated_at]
  ]);
  const table = dataTable(points, [
    {label: "Council", value: (p) => (p.is_focal ? `◆ ${p.name}` : p.name)},
    {label: "Overall (%)", value: (p) => String(p.overall_pct), numeric: true},
    {label: "Published rating", value: (p) => p.rating ?? "–"},
    {label: "Points to the next band", value: (p) => (p.to_next_band === null ? "–" : String(p.to_next_band)), numeric: true},
    {label: "Report", value: (p) => formatPeriod(p.report_date ?? "")}
  ], (p) => p.is_focal);
  const disagree = points.filter((p) => p.rating && p.band && p.rating !== p.band);
  return chartFrame({
    id: "score-in-band",
    title,
    subtitle: `Published overall % · bands ${LA_ASSESSMENT_BANDS.map((b) => `${b.from}${b.to === 100 ? "+" : `–${b.to}`} ${b.rating}`).join(", ")}`,
    ...ownMetadata(context, {indicator}),
    chart: scoreInBand(points, {width: Math.max(context.width, 520)}), // labelled rows need room: on a phone it is drawn at 520 px and scaled to fit
    legend: legend([
      {swatch: "◆", colour: FOCAL_COLOUR, label: focal.name},
      {swatch: "●", label: "Other assessed councils"},
      {swatch: "▥", colour: "#9a9a9a", label: "Rating bands, light (Inadequate) to dark (Outstanding), named above"}
    ]),
    description: scoreInBandDescription(points, focal.name),
    table,
    csv: {text: csv, filename: csvFilename("cqc-overall-score", selection.focal, group.group_id)},
    sample: loaded.some((r) => r.sample),
    notes: [
      "The overall percentage is the one CQC publishes; it is not recomputed from the nine scores.",
      ...(disagree.length ? [`Published rating differs from the band of the overall %: ${disagree.map((p) => `${p.name} (${p.rating}, ${p.overall_pct}%)`).join(", ")}.`] : [])
    ]
  });
}
