/**
 * Everything an analyst notebook (src/notebooks/*.md) needs, from one import:
 *
 *     import {notebookDatabase, comparatorContext, trendPanel, wilsonInterval, formatValue, dataLabel} from "../lib/notebook.js";
 *
 * - every chart component in src/components (ranked bar, distribution, trend, funnel, composition
 *   stacks, spine chart, tiles, CQC grid and score-in-band, workforce and OT profile, the chart
 *   frame) and the comparator engine the explorers use, so a notebook's chart looks and behaves
 *   like the site's; `comparatorContext` turns a selection into what any explorer panel takes;
 * - the statistics (Wilson and Poisson intervals, funnel limits, benchmark verdicts, quantiles);
 * - en-GB formatting and CSV export;
 * - notebook helpers: the canonical tables and their columns (`tables()`), a query runner over the
 *   tables the page's `sql:` front matter registered (`notebookDatabase(sql)`), catalogue and group
 *   look-ups that fail with a readable message, source citations and sample-data labels built from
 *   the snapshot's manifest.
 *
 * Notebooks query the canonical tables with ```sql``` cells; the front matter registers them all
 * (templates/notebook.md). The guide is the README's "Notebooks" section; test/notebooks.test.ts checks that
 * every component module is re-exported here.
 */
import type {GroupInfo, QueryRunner, Selection} from "./comparator.js";
import type {CouncilOption, IndicatorOption, Options} from "./selection.js";
import {runComparator} from "./comparator.js";
import {csvMetadata, isSampleSelection, type PanelContext} from "../components/explorer.js";
import {wilsonInterval} from "./stats.js";
import {formatPeriod} from "./format.js";
import {csvDownloadLink, toCsv, type CsvCell} from "./csv.js";

// ---- chart components ------------------------------------------------------------------------
// Each family explorer's charts, usable in a notebook on their own (chart + description) or as a
// whole panel (frame, table, CSV, notes) with a context from comparatorContext() below.

/** The frame every chart sits in: title, sample label, text alternative, its own notes, table (scrolling in its own frame) and CSV. */
export {chartFrame, dataTable, scrollFrame, groupKindLabel, type ChartFrameOptions} from "../components/chart-frame.js";
/**
 * "About this view": indicator, definition, polarity, period, source, caveats and comparator group
 * for one selection, said once. `display(aboutThisView(context))` before the panels drawn from the
 * same context (in the same cell, or a cell they depend on), and their frames keep only what is their own.
 */
export {aboutThisView, ownMetadata, polarityText, indicatorRows, groupRows, definitionList} from "../components/about-view.js";
/** Ranked (caterpillar) bar of a comparator result with the focal council highlighted, and its generated text alternative. */
export {rankedBar, rankedBarDescription, FOCAL_MARK} from "../components/ranked-bar.js";
/** Distribution strip: every member as a tick, interquartile band, group median and England. */
export {distributionStrip, distributionRows, distributionDescription, distributionPanel, type DistributionRow} from "../components/distribution.js";
/** Trend: focal council, England, group median and interquartile band by period, series breaks marked, gaps never joined. */
export {trendChart, trendRows, trendDescription, trendPanel, type TrendRow} from "../components/trend.js";
/** Funnel plot with 95% and 99.8% limits (Spiegelhalter 2005) where numerators and denominators exist. */
export {
  funnelChart, funnelPoints, funnelCurves, funnelLimits, funnelTarget, funnelDescription, funnelUnavailableReason, funnelPanel,
  type FunnelPoint, type FunnelTarget, type FunnelPosition
} from "../components/funnel.js";
/** 100% stacked bars over time for safeguarding composition (type, location and source of risk, outcomes, MSP). */
export {
  compositionChart, compositionSegments, compositionBreakdowns, compositionDescription, compositionPanel, checkComposition, SAFEGUARDING_COMPOSITIONS,
  type Composition, type CompositionSegment
} from "../components/composition.js";
/** Spine chart of many indicators for one council, scaled to the comparator group's range. */
export {spineChart, spinePositions, type SpineRow, type SpinePosition} from "../components/spine-chart.js";
/** Headline tiles: value, change, rank and a polarity-aware judgement with icon and word. */
export {tile, tileGrid, JUDGEMENT_ICONS, JUDGEMENT_WORDS, type TileOptions} from "../components/tiles.js";
/** CQC: the nine quality statements and rating bands, the quality-statement grid and the score within its band. */
export {QUALITY_STATEMENTS, SCORE_DESCRIPTORS, RATING_BANDS, SCORE_COLOURS, bandFor, assessmentRows, type AssessmentRow} from "../components/cqc-framework.js";
export {cqcGrid, gridCells, cqcGridDescription, cqcGridPanel, loadAssessments, type GridCell} from "../components/cqc-grid.js";
export {scoreInBand, bandPoints, scoreInBandDescription, scoreInBandPanel, type BandPoint} from "../components/score-in-band.js";
/** Workforce: turnover and vacancy against the group, and the occupational therapists' employment profile (seed 000). */
export {
  workforceProfileChart, workforceProfileDescription, workforceProfilePanel, WORKFORCE_PROFILE_INDICATORS,
  otProfileChart, otSegments, otProfilePanel, otAreaLabel, otCategoryLabel, OT_PROFILE_STACKS, type OtSegment, type ProfileRow
} from "../components/workforce-profile.js";
/** Colours with second cues (shapes, words) shared by every chart, and a legend. */
export {FOCAL_COLOUR, MEMBER_COLOUR, BENCHMARK_COLOUR, BAND_COLOUR, CATEGORY_COLOURS, VERDICT_STYLES, verdictStyle, legend, textOn} from "../components/palette.js";
/** How values are written in tables (no unit in the cell) and CSVs (rounded numbers). */
export {valueCell, valueHeader, csvNumber} from "../components/cells.js";
/** The explorer the family pages use (controls, URL state, panels), its ranked-bar panel and the shared CSV metadata header. */
export {createExplorer, rankedBarPanel, csvMetadata, isSampleSelection, statusText, SELECTION_KEYS, type Panel, type PanelContext, type ExplorerOptions} from "../components/explorer.js";
/** The panels each family's explorer shows, in order. */
export {familyPanels} from "../components/panels.js";
/**
 * The leadership pages' sections (council page, overview, About, CQC panel) work from precomputed
 * JSON (data/council-pages/*.json), not from SQL; they are here under namespaces for a notebook
 * that reads that JSON, e.g. `councilPage.spinePanel(data, groupId)`.
 */
export * as councilPage from "../components/council-page.js";
export * as councilOverview from "../components/council-overview.js";
export * as councilAbout from "../components/council-about.js";
export * as councilCqc from "../components/council-cqc.js";
export type * as councilData from "../components/council-data.js";

// ---- comparator engine -----------------------------------------------------------------------

/**
 * `runComparator(db, selection, indicator, group, focalName, regionCode)`: every member's value,
 * polarity-aware rank, group median and quartiles, England and region, intervals and verdicts,
 * and a plain-language sentence. `comparatorSql` and `trendSql` are the SQL it runs (usable in a
 * notebook directly); `sqlString` quotes a value for SQL.
 */
export {runComparator, comparatorSql, trendSql, comparatorSentence, sqlString, ENGLAND_CODE} from "./comparator.js";
export type {QueryRunner, Selection, IndicatorInfo, GroupInfo, MemberResult, ComparatorResult} from "./comparator.js";
/** Wraps a Framework DuckDBClient so queries return plain rows (bigints as numbers). */
export {queryRunner} from "./database.js";
/** What can be selected (councils, groups, indicators with periods, snapshot) and the checks on a selection. */
export {groupsForCouncil, defaultGroup, checkSelection} from "./selection.js";
export type {Options, CouncilOption, IndicatorOption, CheckedSelection} from "./selection.js";

// ---- statistics ------------------------------------------------------------------------------

/**
 * Confidence intervals (Wilson score for proportions, exact Poisson for counts and rates), funnel
 * limits, Fingertips' benchmark verdict, ranks with ties and quantiles: see stats.ts for formulae.
 */
export {
  wilsonInterval, poissonInterval, rateInterval, proportionFunnelLimits, rateFunnelLimits, compareWithBenchmark,
  valueInterval, rankWithinGroup, quantile, zFor, normalQuantile
} from "./stats.js";
export type {Interval, Polarity, Verdict} from "./stats.js";

// ---- formatting and CSV ----------------------------------------------------------------------

/** en-GB numbers, values with units ("72.0%"), ordinals, dates, periods and breakdown labels. */
export {formatNumber, formatValue, ordinal, formatDate, formatPeriod, formatBreakdown} from "./format.js";
/** CSV with a metadata header (spreadsheet-injection safe) and a download link for it. */
export {toCsv, csvDownloadLink, csvFilename, escapeCsvCell} from "./csv.js";
export type {CsvCell, CsvColumn} from "./csv.js";

// ---- the canonical tables --------------------------------------------------------------------

export interface TableColumn {
  name: string;
  type: "utf8" | "float64" | "int32" | "bool";
  nullable: boolean;
  description: string;
}

export interface CanonicalTable {
  name: TableName;
  description: string;
  columns: TableColumn[];
}

export type TableName = "facts" | "areas" | "groups" | "indicators" | "cqc_assessments" | "cqc_locations" | "snapshot";

const column = (name: string, type: TableColumn["type"], description: string, nullable = false): TableColumn => ({name, type, nullable, description});
const qs = [
  "Assessing needs", "Supporting people to lead healthier lives", "Equity in experience and outcomes",
  "Care provision, integration and continuity", "Partnerships and communities", "Safe pathways, systems and transitions",
  "Safeguarding", "Governance, management and sustainability", "Learning, improvement and innovation"
];

/**
 * The canonical tables, as loaders/model.ts defines them (a unit test keeps the two in step).
 * Every one is registered by name in a notebook's `sql:` front matter.
 */
export const TABLES: readonly CanonicalTable[] = [
  {
    name: "facts",
    description: "One row per published value, every family in one long table. Join areas on area_code and indicators on indicator_id.",
    columns: [
      column("indicator_id", "utf8", "Key into indicators; stable across publisher renumbering (ASCOF 2B1 and 2D1 are one indicator)"),
      column("area_code", "utf8", "ONS GSS code: council (E06/E08/E09/E10), region (E12), England (E92000001); NHSFP: for NHS footprints"),
      column("period", "utf8", "As published: 2023-24 for a financial year, an ISO date for a snapshot"),
      column("breakdown", "utf8", "total, or dimension=value (age=65-74; type_of_risk=Neglect and Acts of Omission)"),
      column("value", "float64", "The published value; null when suppressed or not available", true),
      column("numerator", "float64", "When published (or derived from published counts); used for intervals", true),
      column("denominator", "float64", "When published; used for intervals and funnel limits", true),
      column("status", "utf8", "ok, suppressed, not_available, provisional, estimate or derived"),
      column("source_id", "utf8", "The extract the row came from (snapshot.source_id); derived:<ids> for computed rows"),
      column("vintage", "utf8", "The release the row came from")
    ]
  },
  {
    name: "areas",
    description: "Councils, regions, England, former councils and NHS footprints, with their names as publishers write them.",
    columns: [
      column("code", "utf8", "GSS code (or NHSFP:<name> for an NHS footprint)"),
      column("name", "utf8", "Official name"),
      column("short_name", "utf8", "Name for chart labels"),
      column("type", "utf8", "UA, MD, LB, CC, region, country, nhs_footprint or former"),
      column("region_code", "utf8", "ONS region", true),
      column("region_name", "utf8", "ONS region name", true),
      column("ics_code", "utf8", "Integrated care system (ICB) code", true),
      column("ics_name", "utf8", "Integrated care system name", true),
      column("cassr_code", "utf8", "Council with adult social services responsibility code, as NHS England publishes", true),
      column("aliases", "utf8", "Published name variants, |-separated")
    ]
  },
  {
    name: "groups",
    description: "Comparator groups, one row per member. Join facts on member_code = area_code.",
    columns: [
      column("group_id", "utf8", "cipfa-E06000035, region-E12000008, england, custom-..."),
      column("kind", "utf8", "all_england, region, ics, cipfa, nhse_peer or custom"),
      column("label", "utf8", "Readable name of the group"),
      column("focal_code", "utf8", "The council a neighbour group is built around; null for regions, ICSs and custom groups", true),
      column("member_code", "utf8", "One member (the focal council is a member of its own group)"),
      column("rank", "int32", "Neighbour rank or distance order, where published", true),
      column("vintage", "utf8", "Release of the list"),
      column("provenance", "utf8", "Where the list comes from"),
      column("sample", "bool", "True when the list is an illustrative sample, not the publisher's")
    ]
  },
  {
    name: "indicators",
    description: "The catalogue: one row per indicator, the only place titles, units, polarity, definitions and sources live.",
    columns: [
      column("indicator_id", "utf8", "Indicator key (facts.indicator_id)"),
      column("family", "utf8", "workforce, cqc, safeguarding or reablement"),
      column("title", "utf8", "Title for charts"),
      column("short_title", "utf8", "Short title for labels"),
      column("unit", "utf8", "%, per 100,000 adults, count, days, years, score..."),
      column("value_type", "utf8", "proportion, rate, count, score or mean: decides which interval applies"),
      column("multiplier", "float64", "100 for a percentage, 100000 for a rate per 100,000", true),
      column("polarity", "utf8", "high_is_good, low_is_good or no_judgement"),
      column("definition", "utf8", "What is counted, with numerator and denominator"),
      column("source", "utf8", "Publisher and collection, for citation"),
      column("source_url", "utf8", "Publisher's page, for citation"),
      column("codes", "utf8", "JSON list of publisher codes over time [{code, from, to}]"),
      column("series_breaks", "utf8", "JSON list [{period, note}]: mark these on trends"),
      column("caveats", "utf8", "What to tell a reader"),
      column("derived", "bool", "True when computed here from published counts")
    ]
  },
  {
    name: "cqc_assessments",
    description: "CQC local authority assessments: the published overall score and rating and the nine quality-statement scores (1-4).",
    columns: [
      column("area_code", "utf8", "Council (GSS code)"),
      column("report_date", "utf8", "Publication date (ISO)"),
      column("report_url", "utf8", "The CQC report"),
      column("overall_pct", "float64", "Published overall score %; never recompute it from the nine scores", true),
      column("rating", "utf8", "Outstanding, Good, Requires improvement or Inadequate"),
      ...qs.map((title, i) => column(`qs${i + 1}`, "int32", `Quality statement ${i + 1}: ${title} (1-4, null if not assessed)`, true)),
      column("provenance", "utf8", "Where the row's figures come from (CQC report, seed paper and lines, or the league-table scrape)"),
      column("source_id", "utf8", "The extract the row came from"),
      column("sample", "bool", "True when the row is illustrative")
    ]
  },
  {
    name: "cqc_locations",
    description: "CQC-registered care locations by council from the care directory, with their latest rating.",
    columns: [
      column("location_id", "utf8", "CQC location id"),
      column("area_code", "utf8", "Council the location is in"),
      column("service_type", "utf8", "Service type (one rule, in loaders/families/cqc/service-types.ts)"),
      column("care_home", "bool", "True for a care home"),
      column("beds", "float64", "Care home beds", true),
      column("rating", "utf8", "Latest overall rating"),
      column("rating_date", "utf8", "Date of that rating", true),
      column("source_id", "utf8", "The directory edition"),
      column("vintage", "utf8", "Edition date")
    ]
  },
  {
    name: "snapshot",
    description: "The manifest of this build: one row per raw file, with its release, retrieval time and whether it is sample data.",
    columns: [
      column("source_id", "utf8", "Source id (facts.source_id)"),
      column("family", "utf8", "Family of the source"),
      column("file", "utf8", "Path under data/raw/"),
      column("url", "utf8", "Publisher's address for the extract"),
      column("vintage", "utf8", "Release"),
      column("retrieved_at", "utf8", "When it was fetched (ISO)"),
      column("sha256", "utf8", "Hash of the file"),
      column("bytes", "float64", "File size in bytes", true),
      column("rows", "float64", "Rows parsed", true),
      column("sample", "bool", "True when the file is the built-in sample rather than a publisher download"),
      column("seeded", "utf8", "Which figures in a sample file come from the seed papers, or empty")
    ]
  }
];

/** The canonical tables and their columns, for a notebook's reference section or `Inputs.table(tables())`. */
export function tables(): {table: string; column: string; type: string; nullable: boolean; description: string}[] {
  return TABLES.flatMap((table) => table.columns.map((c) => ({table: table.name, column: c.name, type: c.type, nullable: c.nullable, description: c.description})));
}

/** The `sql:` front matter a notebook in src/notebooks/ needs to query every table by name. */
export function sqlFrontMatter(dataDir = "../data"): string {
  return ["sql:", ...TABLES.map((t) => `  ${t.name}: ${dataDir}/${t.name}.arrow`)].join("\n");
}

// ---- the database behind the page's sql cells ------------------------------------------------

/** Framework's `sql` tagged template (a page global once the front matter has `sql:`). */
export type SqlTag = (strings: readonly string[], ...values: unknown[]) => Promise<{toArray(): {toJSON(): Record<string, unknown>}[]}>;

/**
 * A QueryRunner over the same DuckDB-Wasm database the page's ```sql``` cells use, so a JS cell
 * can call runComparator or run a query built with sqlString:
 *
 *     const db = notebookDatabase(sql);
 *     const result = await runComparator(db, selection, indicator, group, "Medway", "E12000008");
 */
export function notebookDatabase(sql: SqlTag): QueryRunner {
  return {
    async query(text: string) {
      const table = await sql([text]);
      return table.toArray().map((row) => {
        const plain = row.toJSON();
        for (const key of Object.keys(plain)) if (typeof plain[key] === "bigint") plain[key] = Number(plain[key]);
        return plain;
      });
    }
  };
}

/** Arrow rows from a ```sql id=rows``` cell as plain objects (bigints as numbers). */
export function plainRows(rows: Iterable<unknown>): Record<string, unknown>[] {
  return Array.from(rows, (row) => {
    const plain = {...((row as {toJSON?: () => Record<string, unknown>}).toJSON?.() ?? (row as Record<string, unknown>))};
    for (const key of Object.keys(plain)) if (typeof plain[key] === "bigint") plain[key] = Number(plain[key]);
    return plain;
  });
}

// ---- look-ups in data/options.json -----------------------------------------------------------

/** The catalogue entry of an indicator, with its periods and series breaks; throws a readable error when absent. */
export function indicatorById(options: Options, id: string): IndicatorOption {
  const indicator = options.indicators.find((i) => i.indicator_id === id);
  if (!indicator) throw new Error(`indicator "${id}" is not in the catalogue (see the indicators table)`);
  return indicator;
}

/** A comparator group with its members; throws a readable error when absent. */
export function groupById(options: Options, id: string): GroupInfo {
  const group = options.groups.find((g) => g.group_id === id);
  if (!group) throw new Error(`comparator group "${id}" is not in this snapshot (see the groups table)`);
  return group;
}

/** A council by GSS code; throws a readable error when absent. */
export function councilByCode(options: Options, code: string): CouncilOption {
  const council = options.councils.find((c) => c.code === code);
  if (!council) throw new Error(`"${code}" is not a council code (see the areas table)`);
  return council;
}

/** True when an indicator has data for a period in this snapshot (so a notebook can say "not loaded" instead of failing). */
export function hasData(options: Options, indicatorId: string, period?: string): boolean {
  const indicator = options.indicators.find((i) => i.indicator_id === indicatorId);
  return !!indicator && (period ? indicator.periods.includes(period) : indicator.periods.length > 0);
}

// ---- panels in a notebook -------------------------------------------------------------------

/**
 * Everything a family explorer's panel needs (rankedBarPanel, trendPanel, funnelPanel,
 * distributionPanel, compositionPanel, otProfilePanel...), for one selection, so a notebook shows
 * the same chart, table and CSV as the explorer:
 *
 *     const context = await comparatorContext(db, options, {focal: "E06000035", group: "cipfa-E06000035",
 *       indicator: "ascof_reablement_91_day", period: "2022-23"}, {width});
 *     display(aboutThisView(context)); // once: indicator, definition, source, group
 *     display(await trendPanel(context));
 */
export async function comparatorContext(
  db: QueryRunner,
  options: Options,
  selection: Omit<Selection, "breakdown"> & {breakdown?: string},
  {width = 720}: {width?: number} = {}
): Promise<PanelContext> {
  const full: Selection = {breakdown: "total", ...selection};
  const indicator = indicatorById(options, full.indicator);
  const group = groupById(options, full.group);
  const focal = councilByCode(options, full.focal);
  const name = (code: string) => options.councils.find((c) => c.code === code)?.name ?? code;
  const result = await runComparator(db, full, indicator, group, focal.name, focal.region_code);
  return {
    db, options, selection: full, indicator, group, focal, result, width,
    sample: isSampleSelection(indicator, full.period, group),
    csvMetadata: (extra = []) => csvMetadata(options, indicator, full, group, name, extra)
  };
}

// ---- sources and sample data -----------------------------------------------------------------

type ManifestFile = Options["snapshot"]["files"][number];

/** The snapshot's files behind some source ids (or a family), as the manifest lists them. */
export function manifestFiles(options: Options, which: {sources?: string[]; family?: string}): ManifestFile[] {
  const wanted = new Set((which.sources ?? []).flatMap(expandDerived));
  return options.snapshot.files.filter((f) => wanted.has(f.source_id) || (which.family !== undefined && f.family === which.family));
}

/** derived:ons-mye-adults-2022+sac-2021-22 -> [ons-mye-adults-2022, sac-2021-22] */
function expandDerived(sourceId: string): string[] {
  return sourceId.startsWith("derived:") ? sourceId.slice("derived:".length).split("+") : [sourceId];
}

function element(tag: string, className: string, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

/**
 * A label for data shown in a notebook, built from the manifest: "Sample data" with what is taken
 * from the seed papers and what is illustrative, or "Publisher data" with release and retrieval
 * date. Put one beside every chart or table whose data might be sample data.
 */
export function dataLabel(options: Options, which: {sources?: string[]; family?: string}): HTMLElement {
  const files = manifestFiles(options, which);
  if (!files.length) return element("p", "data-label problems", "Not in this snapshot: the source has not been loaded.");
  const sample = files.filter((f) => f.sample);
  const box = element("div", sample.length ? "data-label sample-banner" : "data-label status-note");
  box.setAttribute("role", "note");
  box.setAttribute("data-sample", sample.length ? "true" : "false");
  if (!sample.length) {
    const curated = files.filter((f) => f.seeded);
    if (curated.length) {
      box.append(element("strong", "", "Seed data. "), "Published figures transcribed from the seed papers, not illustrative: ");
      box.append(...curated.map((f) => element("span", "", element("code", "", f.source_id), ` ${f.seeded.trim().replace(/[.;]?$/, ".")} `)));
      return box;
    }
    box.append(element("strong", "", "Publisher data. "), `${files.map((f) => `${f.source_id} (release ${f.vintage}, retrieved ${f.retrieved_at.slice(0, 10)})`).join("; ")}.`);
    return box;
  }
  const behind = files.length === 1 ? "The file behind this is" : sample.length === files.length ? `All ${files.length} files behind this are` : `${sample.length} of the ${files.length} files behind this are`;
  box.append(element("strong", "", "Sample data. "), `${behind} the project's built-in sample, not a publisher download.`);
  const list = element("ul", "");
  const seen = new Set<string>();
  for (const f of sample) {
    const sentence = (label: string, value: string) => (value ? `${label}: ${value.trim().replace(/[.;]?$/, ".")}` : "");
    const text = [sentence("From the seed papers", f.seeded), sentence("Illustrative", f.illustrative)].filter(Boolean).join(" ");
    const key = text || f.source_id;
    if (seen.has(key)) continue;
    seen.add(key);
    list.append(element("li", "", element("code", "", f.source_id), ` ${text || "Sample file; no seed figures."}`));
  }
  box.append(list);
  return box;
}

/**
 * A citation list for indicators: title, source, publisher page, the releases behind the periods
 * shown, and the snapshot date. Put it in a notebook's "Sources" section.
 */
export function sourcesList(options: Options, indicatorIds: string[], periods?: string[]): HTMLElement {
  const list = element("ul", "sources");
  for (const id of indicatorIds) {
    const indicator = indicatorById(options, id);
    const shown = (periods ?? indicator.periods).filter((p) => indicator.periods.includes(p)).sort();
    const extracts = [...new Set(shown.flatMap((p) => expandDerived(indicator.sources[p] ?? "")))].filter(Boolean);
    const range = shown.length > 1 ? `${formatPeriod(shown[0])} to ${formatPeriod(shown[shown.length - 1])}` : shown.map(formatPeriod).join("");
    const item = element("li", "", element("strong", "", indicator.title), `. ${indicator.source}. `);
    if (indicator.source_url) {
      const link = document.createElement("a");
      link.href = indicator.source_url;
      link.rel = "external";
      link.textContent = "Publisher page";
      item.append(link, ". ");
    }
    if (shown.length) item.append(`Periods: ${range}. Extracts: ${extracts.join(", ")}${indicator.derived ? " (computed here from these)" : ""}.`);
    list.append(item);
  }
  list.append(element("li", "", `Snapshot built ${options.snapshot.generated_at.slice(0, 10)} (the snapshot table and the About page list every file).`));
  return list;
}

/** Series breaks of an indicator (ASCOF renumbering, SALT to CLD...), to mark on a trend. */
export function seriesBreaks(indicator: IndicatorOption): {period: string; note: string}[] {
  return indicator.series_breaks ?? [];
}

// ---- small analysis helpers ------------------------------------------------------------------

/**
 * The smallest denominator n at which an observed proportion p (0..1) would differ significantly
 * from a benchmark b (0..1) at `level`, using the Wilson score interval of round(p·n)/n; null if
 * none up to `maxN`. For a published percentage whose denominator is unknown or illustrative:
 * "the gap is significant for any cohort of n or more".
 */
export function minimumDenominatorForSignificance(p: number, benchmark: number, level = 0.998, maxN = 100_000): number | null {
  if (!(p >= 0 && p <= 1) || !(benchmark >= 0 && benchmark <= 1) || p === benchmark) return null;
  const significant = (n: number) => {
    const k = Math.round(p * n);
    const {lower, upper} = wilsonInterval(k, n, level);
    return benchmark < lower || benchmark > upper;
  };
  // Rounding k makes significance slightly non-monotone for tiny n; scan, then require it to hold onwards.
  for (let n = 1; n <= maxN; n++) {
    if (!significant(n)) continue;
    let holds = true;
    for (let m = n + 1; m <= Math.min(maxN, n + 50); m++) if (!significant(m)) { holds = false; break; }
    if (holds) return n;
  }
  return null;
}

/**
 * CSV text of plain rows, columns taken from the first row unless given, with a metadata header
 * (indicator, source, sample status...): `csvDownloadLink(rowsToCsv(rows, meta), "file.csv")`.
 */
export function rowsToCsv(rows: readonly Record<string, unknown>[], metadata: [string, CsvCell][] = [], columns?: string[]): string {
  const names = columns ?? Object.keys(rows[0] ?? {});
  return toCsv(rows, names.map((name) => ({label: name, value: (row) => row[name] as CsvCell})), metadata);
}

/** A download link for plain rows as CSV with a metadata header (see rowsToCsv). */
export function rowsDownloadLink(rows: readonly Record<string, unknown>[], filename: string, metadata: [string, CsvCell][] = [], label = "Download CSV of this table"): HTMLAnchorElement {
  return csvDownloadLink(rowsToCsv(rows, metadata), filename, label);
}
