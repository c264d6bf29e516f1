/**
 * CQC quality-statement grid: the comparator group's assessed councils (rows) by the nine quality
 * statements (columns), each cell shaded by its score 1-4 with the number printed in it, the
 * focal council's row outlined and its label bold and marked ◆. Latest assessment per council;
 * each cell's title and the CSV say where that council's figures come from (its provenance).
 */
import * as Plot from "npm:@observablehq/plot";
import {cqcAssessmentsSql} from "../lib/comparator.js";
import {csvFilename, toCsv} from "../lib/csv.js";
import {formatPeriod} from "../lib/format.js";
import type {IndicatorOption} from "../lib/selection.js";
import {chartFrame, dataTable} from "./chart-frame.js";
import {ownMetadata} from "./about-view.js";
import {assessmentRows, SCORE_COLOURS, type AssessmentRow} from "./cqc-framework.js";
import {QUALITY_STATEMENTS, SCORE_DESCRIPTORS, themeName} from "../lib/domain/cqc.js";
import type {PanelContext} from "./panel.js";
import {FOCAL_COLOUR, legend, textOn} from "./palette.js";
import {FOCAL_MARK} from "./ranked-bar.js";

export interface GridCell {
  area_code: string;
  council: string;
  is_focal: boolean;
  statement: string;
  statement_name: string;
  score: number | null;
  provenance: string | null;
}

export function gridCells(rows: AssessmentRow[]): GridCell[] {
  return rows.flatMap((row) => QUALITY_STATEMENTS.map((qs, i) => ({
    area_code: row.area_code, council: row.name, is_focal: row.is_focal, statement: qs.id, statement_name: qs.name, score: row.scores[i], provenance: row.provenance
  })));
}

const rowLabel = (row: {name?: string; council?: string; is_focal: boolean}) => `${row.is_focal ? `${FOCAL_MARK} ` : ""}${row.council ?? row.name}`;

export function cqcGrid(rows: AssessmentRow[], {width = 720}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const cells = gridCells(rows);
  const order = rows.map((r) => rowLabel(r));
  const fill = (c: GridCell) => (c.score === null ? "#f4f4f4" : SCORE_COLOURS[c.score as 1 | 2 | 3 | 4] ?? "#f4f4f4");
  const chart = Plot.plot({
    width: Math.min(width, 760),
    height: 60 + 34 * rows.length,
    marginLeft: 230,
    marginTop: 40,
    padding: 0.06,
    x: {domain: QUALITY_STATEMENTS.map((q) => q.id), label: "Quality statement", axis: "top", tickSize: 0},
    y: {domain: order, label: null, tickSize: 0},
    marks: [
      Plot.cell(cells, {
        x: "statement", y: rowLabel, fill, inset: 0.5,
        title: (c: GridCell) => `${c.council}, ${c.statement} ${c.statement_name}: ${c.score === null ? "not scored" : `${c.score}: ${SCORE_DESCRIPTORS[c.score as 1 | 2 | 3 | 4]}`}${c.provenance ? `\nSource: ${c.provenance}` : ""}`
      }),
      Plot.text(cells.filter((c) => !c.is_focal), {x: "statement", y: rowLabel, text: (c: GridCell) => (c.score === null ? "–" : String(c.score)), fill: (c: GridCell) => (c.score === null ? "#555" : textOn(fill(c))), fontSize: 14}),
      Plot.text(cells.filter((c) => c.is_focal), {x: "statement", y: rowLabel, text: (c: GridCell) => (c.score === null ? "–" : String(c.score)), fill: (c: GridCell) => (c.score === null ? "#555" : textOn(fill(c))), fontSize: 14, fontWeight: "bold"}),
      Plot.frame({stroke: "#ccc"}),
      Plot.cell(cells.filter((c) => c.is_focal), {x: "statement", y: rowLabel, fill: "none", stroke: FOCAL_COLOUR, strokeWidth: 2.5})
    ]
  });
  for (const text of chart.querySelectorAll("g[aria-label='y-axis tick label'] text")) {
    if (text.textContent?.startsWith(FOCAL_MARK)) {
      text.setAttribute("font-weight", "bold");
      text.setAttribute("data-focal", "true");
    }
  }
  chart.setAttribute("data-focal", rows.find((r) => r.is_focal)?.area_code ?? "");
  return chart;
}

export function cqcGridDescription(rows: AssessmentRow[], focalName: string, groupLabel: string): string {
  if (!rows.length) return `No council in ${groupLabel} has a CQC assessment in this snapshot.`;
  const focal = rows.find((r) => r.is_focal);
  const describe = (row: AssessmentRow) => QUALITY_STATEMENTS.map((qs, i) => `${qs.name} ${row.scores[i] ?? "not scored"}`).join("; ");
  const lowest = QUALITY_STATEMENTS.map((qs, i) => ({qs, scores: rows.map((r) => r.scores[i]).filter((s): s is number => s !== null)}))
    .filter((x) => x.scores.length)
    .map((x) => ({name: x.qs.name, mean: x.scores.reduce((a, b) => a + b, 0) / x.scores.length}))
    .sort((a, b) => a.mean - b.mean)[0];
  return [
    `Grid of CQC quality-statement scores (1 to 4) for ${rows.length} assessed councils in ${groupLabel}.`,
    focal ? `${focalName}: ${describe(focal)}.` : `${focalName} has no CQC assessment in this snapshot.`,
    lowest ? `Across the group the lowest average score is for ${lowest.name} (${lowest.mean.toFixed(1)}).` : ""
  ].filter(Boolean).join(" ");
}

function note(id: string, title: string, text: string): HTMLElement {
  const section = document.createElement("section");
  section.id = id;
  section.className = "chart-not-shown";
  section.setAttribute("data-chart", id);
  section.setAttribute("data-not-shown", "");
  section.append(Object.assign(document.createElement("h3"), {textContent: title}), Object.assign(document.createElement("p"), {textContent: text}));
  return section;
}

/** The group's latest assessments, or a note when the table is missing. */
export async function loadAssessments(context: PanelContext): Promise<AssessmentRow[] | string> {
  try {
    return assessmentRows(await context.db.query(cqcAssessmentsSql(context.selection.group, context.selection.focal)));
  } catch (error) {
    return `The CQC assessments table could not be read: ${(error as Error).message}`;
  }
}

export async function cqcGridPanel(context: PanelContext): Promise<HTMLElement> {
  const {group, focal, selection} = context;
  const indicator = context.options.indicators.find((i) => i.indicator_id === "cqc_qs_score") as IndicatorOption | undefined;
  const title = `${indicator?.title ?? "CQC quality statement scores"}: ${group.label}`;
  const loaded = await loadAssessments(context);
  if (typeof loaded === "string") return note("cqc-grid", title, loaded);
  const assessed = loaded.filter((r) => r.report_date !== null);
  const unassessed = loaded.filter((r) => r.report_date === null);
  if (!assessed.length) return note("cqc-grid", title, `No council in ${group.label} has a CQC assessment in this snapshot. Choose another comparator group (the region, for example) to compare scores.`);
  const columns = QUALITY_STATEMENTS.map((qs, i) => ({label: qs.id, value: (r: AssessmentRow) => r.scores[i]}));
  const csv = toCsv(assessed, [
    {label: "Area code", value: (r) => r.area_code},
    {label: "Council", value: (r) => r.name},
    {label: "Report date", value: (r) => r.report_date},
    ...columns,
    {label: "Overall (%)", value: (r) => r.overall_pct},
    {label: "Rating", value: (r) => r.rating},
    {label: "Provenance", value: (r) => r.provenance},
    {label: "Focal", value: (r) => r.is_focal}
  ], [
    ["Chart", "CQC quality-statement grid: latest local authority assessment of each assessed group member"],
    ["Indicator", indicator ? `${indicator.title} (${indicator.indicator_id})` : "CQC quality statement score"],
    ["Definition", indicator?.definition ?? ""],
    ["Quality statements", QUALITY_STATEMENTS.map((q) => `${q.id} ${q.name} (${themeName(q)})`).join("; ")],
    ["Scores", Object.entries(SCORE_DESCRIPTORS).map(([k, v]) => `${k} ${v}`).join("; ")],
    ["Source", indicator?.source ?? "Care Quality Commission"],
    ["Source URL", indicator?.source_url ?? ""],
    ["Focal council", `${focal.name} (${selection.focal})`],
    ["Comparator group", `${group.label} (${group.kind}, vintage ${group.vintage})`],
    ["Not assessed", unassessed.map((r) => r.name).join("; ")],
    ["Snapshot", context.options.snapshot.generated_at],
    ["Sample data", assessed.some((r) => r.sample) ? "yes: some rows are illustrative" : "no"]
  ]);
  const table = dataTable(assessed, [
    {label: "Council", value: (r) => (r.is_focal ? `◆ ${r.name}` : r.name)},
    {label: "Report", value: (r) => formatPeriod(r.report_date ?? "")},
    ...QUALITY_STATEMENTS.map((qs, i) => ({label: qs.id, value: (r: AssessmentRow) => (r.scores[i] === null ? "–" : String(r.scores[i])), numeric: true})),
    {label: "Overall (%)", value: (r) => (r.overall_pct === null ? "–" : String(r.overall_pct)), numeric: true},
    {label: "Rating", value: (r) => r.rating ?? "–"}
  ], (r) => r.is_focal);
  const missingScores = assessed.filter((r) => r.scores.some((s) => s === null));
  return chartFrame({
    id: "cqc-grid",
    title,
    subtitle: "Latest local authority assessment · score 1 (significant shortfalls) to 4 (exceptional standard) · one row per assessed council",
    ...ownMetadata(context, {indicator}),
    chart: cqcGrid(assessed, {width: Math.max(context.width, 520)}), // labelled rows need room: on a phone it is drawn at 520 px and scaled to fit
    legend: legend([
      ...([1, 2, 3, 4] as const).map((s) => ({swatch: "■", colour: SCORE_COLOURS[s], label: `${s}: ${SCORE_DESCRIPTORS[s]}`})),
      {swatch: "–", label: "Not scored"},
      {swatch: "□", colour: FOCAL_COLOUR, label: `◆ ${focal.name} (outlined row)`}
    ]),
    description: cqcGridDescription(assessed, focal.name, group.label),
    table,
    csv: {text: csv, filename: csvFilename("cqc-quality-statements", selection.focal, group.group_id)},
    sample: assessed.some((r) => r.sample),
    notes: [
      `Quality statements: ${QUALITY_STATEMENTS.map((q) => `${q.id} ${q.name}`).join("; ")}.`,
      "Where each council's figures come from (CQC's report, a seed paper, or a third-party league table of CQC's reports) is in each cell's title and the CSV's Provenance column.",
      ...(unassessed.length ? [`No assessment in this snapshot: ${unassessed.map((r) => r.name).join(", ")}.`] : []),
      ...(missingScores.length ? [`Some sources quote only some scores (a dash): ${missingScores.map((r) => r.name).join(", ")}.`] : [])
    ]
  });
}
