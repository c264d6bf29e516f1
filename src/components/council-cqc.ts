/**
 * The CQC local authority assessment on a council page: rating and published overall percentage,
 * the score within CQC's rating bands, and the nine quality-statement scores grouped by theme,
 * with the report's date and link and where the figures come from. CQC's published percentage is
 * shown as published, never recomputed from the nine scores (seed 003: 59% against 21/36).
 */
import * as Plot from "npm:@observablehq/plot";
import type {CouncilPageData, CqcSummary} from "../lib/domain/council-data.js";
import {chartFrame} from "./chart-frame.js";
import {withoutInnerAriaLabels} from "./spine-chart.js";
import {el} from "./dom.js";
import {formatPeriod} from "../lib/format.js";

const BAND_FILL: Record<string, string> = {
  "Inadequate": "#f4c7c3",
  "Requires improvement": "#fde7b0",
  "Good": "#cfe8cf",
  "Outstanding": "#9fd39f"
};

export function cqcBandChart(cqc: CqcSummary, {width = 640}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const marker = cqc.overall_pct === null ? [] : [{x: cqc.overall_pct, label: `${cqc.overall_pct}%`}];
  return withoutInnerAriaLabels(Plot.plot({
    width,
    height: 110,
    marginLeft: 10,
    marginRight: 10,
    marginTop: 30,
    marginBottom: 30,
    style: {fontSize: "12px", overflow: "visible"},
    x: {domain: [25, 100], label: "Overall score (%)", ticks: [25, 39, 63, 88, 100]},
    y: {axis: null},
    marks: [
      Plot.rectX(cqc.bands, {x1: "from", x2: (b: {to: number}) => b.to + 1, y1: 0, y2: 1, fill: (b: {rating: string}) => BAND_FILL[b.rating] ?? "#eee", stroke: "white"}),
      Plot.text(cqc.bands, {x: (b: {from: number; to: number}) => (b.from + b.to + 1) / 2, y: 0.5, text: "rating", fontSize: 11}),
      Plot.ruleX(marker, {x: "x", y1: -0.15, y2: 1.15, stroke: "#111", strokeWidth: 3}),
      Plot.text(marker, {x: "x", y: 1.15, dy: -8, text: "label", fontWeight: 700, fontSize: 13, lineAnchor: "bottom"})
    ]
  }));
}

function scoreBoxes(score: number | null): HTMLElement {
  const wrapper = el("span", {className: "qs-boxes"});
  wrapper.setAttribute("aria-hidden", "true");
  for (let i = 1; i <= 4; i++) wrapper.append(el("span", {className: score !== null && i <= score ? "qs-box qs-box--filled" : "qs-box"}));
  return wrapper;
}

export function qualityStatementTable(cqc: CqcSummary): HTMLTableElement {
  const table = el("table", {className: "qs-table"});
  table.append(el("caption", {}, "Quality-statement scores (1 to 4) by theme"));
  const head = el("tr");
  for (const label of ["Theme", "Quality statement", "Score", "What the score means"]) {
    const th = el("th", {}, label);
    th.setAttribute("scope", "col");
    head.append(th);
  }
  table.append(el("thead", {}, head));
  const body = el("tbody");
  for (const theme of cqc.themes) {
    theme.statements.forEach((statement, i) => {
      const row = el("tr");
      row.setAttribute("data-qs", statement.id);
      if (i === 0) {
        const th = el("th", {}, theme.name);
        th.setAttribute("scope", "rowgroup");
        th.rowSpan = theme.statements.length;
        row.append(th);
      }
      const score = el("td", {className: "qs-score"}, scoreBoxes(statement.score), el("span", {className: "qs-number"}, statement.score === null ? "not scored" : `${statement.score} of 4`));
      score.setAttribute("data-score", statement.score === null ? "" : String(statement.score));
      row.append(el("td", {}, statement.name), score, el("td", {}, statement.descriptor));
      body.append(row);
    });
  }
  table.append(body);
  return table;
}

export function cqcPanel(data: CouncilPageData): HTMLElement {
  const cqc = data.cqc;
  const root = el("div", {className: "council-cqc"});
  if (!cqc.assessed) {
    root.append(el("p", {}, cqc.note), el("p", {}, el("a", {href: cqc.search_url}, "Search CQC's local authority assessments")));
    return root;
  }
  const headline = el("p", {className: "cqc-headline"});
  headline.setAttribute("data-cqc-rating", cqc.rating ?? "");
  headline.append(
    el("span", {className: "cqc-pct"}, cqc.overall_pct === null ? "–" : `${cqc.overall_pct}%`), " ",
    el("span", {className: `cqc-rating cqc-rating--${(cqc.rating ?? "").toLowerCase().replace(/\s+/g, "-")}`}, cqc.rating ?? "Not rated")
  );
  if (cqc.sample) headline.append(" ", el("span", {className: "sample-label"}, "Sample"));
  const published = cqc.report_date ? (/^\d{4}-\d{2}-\d{2}$/.test(cqc.report_date) ? `Published ${formatPeriod(cqc.report_date)}` : `Published ${cqc.report_date}`) : "Publication date not given";
  const link = cqc.report_url ? el("a", {href: cqc.report_url}, "Read CQC's report") : el("a", {href: cqc.search_url}, "Find the report on CQC's website");
  root.append(headline, el("p", {className: "cqc-meta"}, `${published}. `, link, cqc.report_url ? "" : " (the source gives no web address for this report)."));
  if (cqc.provenance) root.append(el("p", {className: "cqc-meta cqc-provenance"}, `Source of these figures: ${cqc.provenance}`));
  const counts = new Map<number, number>();
  for (const s of cqc.themes.flatMap((t) => t.statements)) if (s.score !== null) counts.set(s.score, (counts.get(s.score) ?? 0) + 1);
  const scoreSummary = [4, 3, 2, 1].filter((s) => counts.get(s)).map((s) => `${counts.get(s)} scored ${s}`).join(", ");
  const overall = cqc.overall_pct === null || !cqc.band
    ? `${data.name}'s CQC overall score is not in this council's sources (it is never computed from the scores); CQC rated it ${cqc.rating ?? "not rated"}.`
    : `${data.name}'s CQC overall score is ${cqc.overall_pct}%, in the ${cqc.band.rating} band (${cqc.band.from}-${cqc.band.to}%).`;
  const description = `${overall} Quality statements: ${scoreSummary || "none scored in the source"}.`;
  root.append(chartFrame({
    id: "cqc-band",
    title: `CQC overall score within the rating bands`,
    subtitle: `CQC's bands: ${cqc.bands.map((b) => `${b.rating} ${b.from}${b.to === 100 ? "%+" : `-${b.to}%`}`).join(", ")}`,
    chart: cqcBandChart(cqc),
    description,
    sample: cqc.sample,
    notes: [cqc.note]
  }));
  root.append(qualityStatementTable(cqc));
  return root;
}
