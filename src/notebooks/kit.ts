/**
 * The notebook kit: everything an analyst notebook (src/notebooks/*.md) needs, from one import
 * next to the notebooks themselves:
 *
 *     import {notebookDatabase, comparatorContext, trendPanel, wilsonInterval, formatValue, dataLabel} from "./kit.js";
 *
 * A façade at the top of the site's layers: it re-exports src/components and src/lib, and nothing
 * in either imports it (src/lib never imports src/components; test/notebooks-kit.test.ts checks both).
 *
 * - every chart component in src/components (ranked bar, distribution, trend, funnel, composition
 *   stacks, spine chart, tiles, CQC grid and score-in-band, workforce and OT profile, the chart
 *   frame) and the comparator engine the explorers use, so a notebook's chart looks and behaves
 *   like the site's; `comparatorContext` turns a selection into what any explorer panel takes;
 * - the statistics (Wilson and Poisson intervals, funnel limits, benchmark verdicts, quantiles);
 * - en-GB formatting and CSV export;
 * - notebook helpers: the canonical tables and their columns (`TABLES`, `tables()`, from the model's
 *   own declarations), a query runner over the tables the page's `sql:` front matter registered
 *   (`notebookDatabase(sql)`), catalogue and group look-ups that fail with a readable message,
 *   source citations and sample-data labels built from the snapshot's manifest.
 *
 * Notebooks query the canonical tables with ```sql``` cells; the front matter registers them all
 * (templates/notebook.md). The guide is the README's "Notebooks" section.
 */
import type {GroupInfo, QueryRunner, Selection} from "../lib/comparator.js";
import type {CouncilOption, IndicatorOption, Options} from "../lib/selection.js";
import {runComparator} from "../lib/comparator.js";
import {inputSourceIds, isSampleSelection} from "../lib/domain/sources.js";
import {csvMetadata, type PanelContext} from "../components/panel.js";
import {wilsonInterval} from "../lib/stats.js";
import {formatPeriod} from "../lib/format.js";
import {csvDownloadLink, toCsv, type CsvCell} from "../lib/csv.js";
import {TABLES} from "../lib/domain/schema.js";
import {el} from "../components/dom.js";

// ---- chart components ------------------------------------------------------------------------
// Each family explorer's charts, usable in a notebook on their own (chart + description) or as a
// whole panel (frame, table, CSV, notes) with a context from comparatorContext() below.

/** The frame every chart sits in: title, sample label, text alternative, its own notes, table (scrolling in its own frame) and CSV. */
export {chartFrame, dataTable, scrollFrame, type ChartFrameOptions} from "../components/chart-frame.js";
export {groupKindLabel, groupPhrase} from "../lib/domain/groups.js";
/**
 * "About this view": indicator, definition, polarity, period, source, caveats and comparator group
 * for one selection, said once. `display(aboutThisView(context))` before the panels drawn from the
 * same context (in the same cell, or a cell they depend on), and their frames keep only what is their own.
 */
export {aboutThisView, ownMetadata, indicatorRows, groupRows, definitionList} from "../components/about-view.js";
export {polarityText, statusText, JUDGEMENT_WORDS} from "../lib/domain/status.js";
/** Ranked (caterpillar) bar of a comparator result with the focal council highlighted, its generated text alternative, and its panel. */
export {rankedBar, rankedBarDescription, rankedBarPanel, FOCAL_MARK} from "../components/ranked-bar.js";
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
export {tile, tileGrid, JUDGEMENT_ICONS, type TileOptions} from "../components/tiles.js";
/** CQC: the nine quality statements and rating bands, the quality-statement grid and the score within its band. */
export {SCORE_COLOURS, assessmentRows, type AssessmentRow} from "../components/cqc-framework.js";
export {QUALITY_STATEMENTS, SCORE_DESCRIPTORS, LA_ASSESSMENT_BANDS, ratingForOverallPercent} from "../lib/domain/cqc.js";
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
/** The explorer the family pages use (controls, URL state, panels). */
export {createExplorer, type ExplorerOptions} from "../components/explorer.js";
/** A family's explorer page as the four explorer pages build it, its indicators taken from the catalogue. */
export {explorerPage, familyIndicators, type ExplorerPageConfig} from "../components/explorer-page.js";
export {isSampleSelection} from "../lib/domain/sources.js";
/** The panel contract: the context every panel draws from, the selection's fields and the shared CSV metadata header. */
export {csvMetadata, SELECTION_KEYS, type Panel, type PanelContext} from "../components/panel.js";
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
export type * as councilData from "../lib/domain/council-data.js";

// ---- comparator engine -----------------------------------------------------------------------

/**
 * `runComparator(db, selection, indicator, group, focalName, regionCode)`: every member's value,
 * polarity-aware rank, group median and quartiles, England and region, intervals and verdicts,
 * and a plain-language sentence. `comparatorSql` and `trendSql` are the SQL it runs (usable in a
 * notebook directly); `sqlString` quotes a value for SQL.
 */
export {runComparator, comparatorSql, trendSql, comparatorSentence, sqlString} from "../lib/comparator.js";
/** England's area code (E92000001), the benchmark row in facts. */
export {ENGLAND_CODE} from "../lib/domain/areas.js";
export type {QueryRunner, Selection, IndicatorInfo, GroupInfo, MemberResult, ComparatorResult} from "../lib/comparator.js";
/** Wraps a Framework DuckDBClient so queries return plain rows (bigints as numbers). */
export {queryRunner} from "../lib/database.js";
/** What can be selected (councils, groups, indicators with periods, snapshot) and the checks on a selection. */
export {groupsForCouncil, defaultGroup, checkSelection} from "../lib/selection.js";
export type {Options, CouncilOption, IndicatorOption, CheckedSelection} from "../lib/selection.js";

// ---- statistics ------------------------------------------------------------------------------

/**
 * Confidence intervals (Wilson score for proportions, exact Poisson for counts and rates), funnel
 * limits, Fingertips' benchmark verdict, ranks with ties and quantiles: see stats.ts for formulae.
 */
export {
  wilsonInterval, poissonInterval, rateInterval, proportionFunnelLimits, rateFunnelLimits, compareWithBenchmark,
  valueInterval, rankWithinGroup, quantile, zFor, normalQuantile
} from "../lib/stats.js";
export type {Interval, Polarity, Verdict} from "../lib/stats.js";

// ---- formatting and CSV ----------------------------------------------------------------------

/** en-GB numbers, values with units ("72.0%"), ordinals, dates, periods and breakdown labels. */
export {formatNumber, formatValue, ordinal, formatDate, formatPeriod, formatBreakdown} from "../lib/format.js";
/** CSV with a metadata header (spreadsheet-injection safe) and a download link for it. */
export {toCsv, csvDownloadLink, csvFilename, escapeCsvCell} from "../lib/csv.js";
export type {CsvCell, CsvColumn} from "../lib/csv.js";

// ---- the canonical tables --------------------------------------------------------------------

/**
 * The canonical tables with their columns, types, nullability and descriptions, as the model
 * declares them (src/lib/domain/schema.ts: loaders/model.ts builds the Arrow files from the same
 * declarations). Every one is registered by name in a notebook's `sql:` front matter.
 */
export {TABLES, type TableName, type TableColumn, type CanonicalTable, type ColumnType} from "../lib/domain/schema.js";

/** The canonical tables and their columns, for a notebook's reference section or `Inputs.table(tables())`. */
export function tables(): {table: string; column: string; type: string; nullable: boolean; description: string}[] {
  return TABLES.flatMap((table) => table.columns.map((c) => ({table: table.name, column: c.name, type: c.type, nullable: c.nullable, description: c.description})));
}

/** The `sql:` front matter a notebook in src/notebooks/ needs to query every table by name. */
export function sqlFrontMatter(dataDir = "../data/site"): string {
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

// ---- look-ups in data/site/options.json---------------------------------------------------------

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
  const wanted = new Set((which.sources ?? []).flatMap(inputSourceIds));
  return options.snapshot.files.filter((f) => wanted.has(f.source_id) || (which.family !== undefined && f.family === which.family));
}

/**
 * A label for data shown in a notebook, built from the manifest: "Sample data" with what is taken
 * from the seed papers and what is illustrative, or "Publisher data" with release and retrieval
 * date. Put one beside every chart or table whose data might be sample data.
 */
export function dataLabel(options: Options, which: {sources?: string[]; family?: string}): HTMLElement {
  const files = manifestFiles(options, which);
  if (!files.length) return el("p", {className: "data-label problems"}, "Not in this snapshot: the source has not been loaded.");
  const sample = files.filter((f) => f.sample);
  const box = el("div", {className: sample.length ? "data-label sample-banner" : "data-label status-note"});
  box.setAttribute("role", "note");
  box.setAttribute("data-sample", sample.length ? "true" : "false");
  if (!sample.length) {
    const curated = files.filter((f) => f.seeded);
    if (curated.length) {
      box.append(el("strong", {}, "Seed data. "), "Published figures transcribed from the seed papers, not illustrative: ");
      box.append(...curated.map((f) => el("span", {}, el("code", {}, f.source_id), ` ${f.seeded.trim().replace(/[.;]?$/, ".")} `)));
      return box;
    }
    box.append(el("strong", {}, "Publisher data. "), `${files.map((f) => `${f.source_id} (release ${f.vintage}, retrieved ${f.retrieved_at.slice(0, 10)})`).join("; ")}.`);
    return box;
  }
  const behind = files.length === 1 ? "The file behind this is" : sample.length === files.length ? `All ${files.length} files behind this are` : `${sample.length} of the ${files.length} files behind this are`;
  box.append(el("strong", {}, "Sample data. "), `${behind} the project's built-in sample, not a publisher download.`);
  const list = el("ul", {});
  const seen = new Set<string>();
  for (const f of sample) {
    const sentence = (label: string, value: string) => (value ? `${label}: ${value.trim().replace(/[.;]?$/, ".")}` : "");
    const text = [sentence("From the seed papers", f.seeded), sentence("Illustrative", f.illustrative)].filter(Boolean).join(" ");
    const key = text || f.source_id;
    if (seen.has(key)) continue;
    seen.add(key);
    list.append(el("li", {}, el("code", {}, f.source_id), ` ${text || "Sample file; no seed figures."}`));
  }
  box.append(list);
  return box;
}

/**
 * A citation list for indicators: title, source, publisher page, the releases behind the periods
 * shown, and the snapshot date. Put it in a notebook's "Sources" section.
 */
export function sourcesList(options: Options, indicatorIds: string[], periods?: string[]): HTMLElement {
  const list = el("ul", {className: "sources"});
  for (const id of indicatorIds) {
    const indicator = indicatorById(options, id);
    const shown = (periods ?? indicator.periods).filter((p) => indicator.periods.includes(p)).sort();
    const extracts = [...new Set(shown.flatMap((p) => inputSourceIds(indicator.sources[p] ?? "")))].filter(Boolean);
    const range = shown.length > 1 ? `${formatPeriod(shown[0])} to ${formatPeriod(shown[shown.length - 1])}` : shown.map(formatPeriod).join("");
    const item = el("li", {}, el("strong", {}, indicator.title), `. ${indicator.source}. `);
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
  list.append(el("li", {}, `Snapshot built ${options.snapshot.generated_at.slice(0, 10)} (the snapshot table and the About page list every file).`));
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
