/**
 * DHSC's ASCOF time series workbook, the ODS of the 2024-25 release ("Measures from the adult social
 * care outcomes framework, England - time series of aggregated measures, 2015 to 2016 to 2024 to
 * 2025"). The workbook is opened once and its sheets are read in turn.
 *
 * Layout, as the real file has it:
 * - `Contents`: one row per measure, `Metric | Description | Source | Start year | 2022 to 2023 Code`.
 *   The metric is the 2024-25 code (`2D(1)`, or `6A ` with a trailing space). The last column gives
 *   the code the measure had in 2022-23 (`2B(1)`), or `Not applicable` for measures new since 2023-24.
 * - `Comparability_over_time_log`: `2024 to 2025 metric code | 2022 to 2023 metric code | Year of
 *   change | Description of impact on comparability over time`, one row per change. It is returned
 *   as `comparability`, so the catalogue's series breaks can be tested against it.
 * - one `Table_<code>` sheet per measure (`Table_1a`, `Table_2d(1)`, `Table_3d(1a)`): title and note
 *   rows, then a header row, found by its content (rows 5 to 8 in the real file), with the columns
 *   `Local authority code | Local authority | ONS area code`. After those come the
 *   `<YYYY to YYYY> - <measure>` columns: numerator / denominator / outcome, or for the survey
 *   measures margin of error / number of respondents / outcome. In Table_6b each measure is
 *   preceded by a rating split (`outstanding`, `good`, `other`, `not yet rated`, and `6b` for the
 *   measure itself).
 * - rows: England; six council-type aggregates (ONS code `[z]`: skipped); the nine regions; and the
 *   councils, both current and retired (Dorset County, Bournemouth, Poole, Northamptonshire, Cumbria
 *   have columns for their years). Markers: `[x]` not available, `[c]` suppressed, `[z]` not
 *   applicable (no fact).
 *
 * One indicator per table, across the 2023-24 renumbering. The indicator is found in the catalogue
 * (measures.ts) from the table's 2024-25 code and from its Contents row's 2022-23 code. Where both
 * resolve, they must name the same indicator. A code that resolves to nothing is refused, unless the
 * measure is listed in NOT_KEPT (timeseries-contents.ts, which reads Contents and the log; the rows'
 * areas are resolved in timeseries-areas.ts).
 *
 * Survey measures: denominator = number of respondents, numerator null, margin of error not kept.
 *
 * Quirks of the real file, handled here and reported in `notes`:
 * - Contents gives 1C(1b) as the 2022-23 code of 3D(2a) (direct payments, users). In the catalogue,
 *   1C1B is carers' self-directed support. The comparability log gives 1C(2A), the same measure as
 *   3D(2a), and it settles the question.
 * - 2E(1) (learning disability, own home or with family) was plain `2E` in 2023-24. It resolves
 *   through its 2022-23 code 1G; the catalogue's 2E must be the start of the 2024-25 code.
 * - The 2016-17 carers' survey cells hold two figures, `7.7 (7.6)`. The bracketed figure uses the
 *   earlier eligible population; the comparability log says the official one is outside the brackets.
 * - 4B, 6A and 6B give Dorset Council's 2023-24 and 2024-25 figures under the retired Dorset County
 *   code E10000009 (Table_1a repeats Dorset's 2024-25 figures on that row too). A retired code that
 *   carries a value for a year after the council's abolition goes to the successor holding the row's
 *   CASSR code (809 is Dorset Council's). Without such a successor, it is an error.
 * - 6A's `Cornwall and Isles of Scilly` row (ONS code `[z]`; note 17: ASC-WDS counts the Isles of
 *   Scilly within Cornwall) is filed under Cornwall, as loaders/families/workforce/areas.ts files it.
 *   Where the Cornwall row itself says `[x]`, the combined row's value is kept.
 * - 4B outcomes above 100% were replaced by `[z]`, with their counts left in (note 16): no fact.
 * - Stored numbers carry binary float noise (23.599999999999998, shown as 23.6), removed by rounding
 *   to 12 significant digits. Otherwise values are the cells' stored numbers: 2D(1) outcomes keep
 *   their two decimals (67.14, shown as 67.1).
 */
import type {FactRow, RowOrigin, Status} from "../../model.ts";
import {factKey} from "../../model.ts";
import {readWorkbook} from "../../read/spreadsheet.ts";
import {locateColumns, type Table} from "../../read/table.ts";
import {DataError, parsePublishedNumber, type Location} from "../../validate.ts";
import {councilByCassr} from "../geography/index.ts";
import {NOT_YET_RATED} from "../../../src/lib/domain/cqc.ts";
import {ascofBreakdown, normaliseAscofCode} from "./measures.ts";
import {resolveArea} from "./timeseries-areas.ts";
import {CODE_PATTERN, periodFromYears, readComparabilityLog, readContents, resolveMeasure, yearsFromPeriod, type ComparabilityEntry} from "./timeseries-contents.ts";

export interface AscofTimeseriesOptions {
  source_id: string;
  /** The release, e.g. "2024-25": its codes are read in that year's numbering. */
  vintage: string;
}

/** A table sheet and the indicator it was filed under (null for a measure in NOT_KEPT). */
export interface AscofTimeseriesTable {
  sheet: string;
  code: string;
  old_code: string | null;
  contents_row: number;
  indicator_id: string | null;
  not_kept?: string;
  header_row: number;
  periods: string[];
  facts: number;
}

export interface AscofTimeseriesResult {
  facts: FactRow[];
  /** Each fact's sheet, row and outcome column (and its numerator and denominator columns), for loaders/validation.ts. */
  locations: Map<FactRow, RowOrigin>;
  tables: AscofTimeseriesTable[];
  comparability: ComparabilityEntry[];
  /** What is not an error but a reader should know: the quirks above, with how often they occurred. */
  notes: string[];
  /** Cells and rows read but deliberately not kept, by reason. */
  skipped: Record<string, number>;
}

/** Labels of the rating split in Table_6b, as breakdowns. `Other` is ASCOF's: requires improvement or inadequate. */
const RATING_SPLITS: Record<string, string> = {
  outstanding: "rating=Outstanding",
  good: "rating=Good",
  other: "rating=Other",
  [NOT_YET_RATED.toLowerCase()]: `rating=${NOT_YET_RATED}`
};

type MeasureKind = "numerator" | "denominator" | "outcome" | "margin_of_error" | "respondents";
const MEASURE_SUFFIXES: [RegExp, MeasureKind][] = [
  [/\bnumerator$/i, "numerator"],
  [/\bdenominator$/i, "denominator"],
  [/\boutcome$/i, "outcome"],
  [/\bmargin of error$/i, "margin_of_error"],
  [/\bnumber of respondents$/i, "respondents"]
];

interface ColumnGroup {
  period: string;
  breakdown: string;
  columns: Partial<Record<MeasureKind, number>>;
}

type Cell = {kind: "value"; value: number; bracketed: boolean} | {kind: "marker"; status: Exclude<Status, "ok">} | {kind: "not_applicable"};

/** Drop binary float noise (23.599999999999998 -> 23.6) without touching published digits. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

function readCell(text: string, where: Location): Cell {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  if (lower === "[x]") return {kind: "marker", status: "not_available"};
  if (lower === "[c]") return {kind: "marker", status: "suppressed"};
  if (lower === "[z]") return {kind: "not_applicable"};
  const value = parsePublishedNumber(trimmed);
  if (value !== undefined) return {kind: "value", value: clean(value), bracketed: false};
  // "7.7 (7.6)": the official figure, then the one on the earlier eligible population (or ':').
  const bracketed = /^(\S+)\s*\(\s*([^()]*)\s*\)$/.exec(trimmed);
  if (bracketed) {
    const official = parsePublishedNumber(bracketed[1]);
    const alternative = bracketed[2].trim();
    if (official !== undefined && (alternative === ":" || parsePublishedNumber(alternative) !== undefined)) return {kind: "value", value: clean(official), bracketed: true};
  }
  throw new DataError(where, "not a number, [c], [x] or [z]", {value: text, expected: "a number (thousands separators allowed), '7.7 (7.6)' for a figure with its earlier-population figure, [c] (suppressed), [x] (not available) or [z] (not applicable)"});
}

export function parseAscofTimeseries(bytes: Uint8Array, file: string, options: AscofTimeseriesOptions): AscofTimeseriesResult {
  const workbook = readWorkbook(bytes, file);
  const counted = new Map<string, number>();
  const note = (text: string) => counted.set(text, (counted.get(text) ?? 0) + 1);
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);

  for (const required of ["Contents", "Comparability_over_time_log"]) {
    if (!workbook.sheetNames.some((name) => name.trim().toLowerCase() === required.toLowerCase())) {
      throw new DataError({file, sheet: required}, `the workbook has no '${required}' sheet`, {expected: `the DHSC ASCOF time series layout; the sheets here are ${workbook.sheetNames.map((s) => `'${s}'`).join(", ")}`});
    }
  }
  const contents = readContents(workbook, options.vintage);
  const comparability = readComparabilityLog(workbook, options.vintage);

  // Every table sheet has a Contents row and every Contents row a table sheet.
  const sheetByCode = new Map<string, string>();
  for (const sheet of workbook.sheetNames) {
    if (!/^table[_ ]/i.test(sheet.trim())) continue;
    const code = /^table[_ ](.+)$/i.exec(sheet.trim())![1];
    if (!CODE_PATTERN.test(code)) throw new DataError({file, sheet}, "a table sheet whose name is not 'Table_' and an ASCOF code", {value: sheet, expected: "a name such as Table_1a or Table_2d(1)"});
    if (!contents.byCode.has(normaliseAscofCode(code))) {
      throw new DataError({file, sheet}, `table sheet '${sheet}' has no row in the Contents sheet`, {value: code, expected: `a Contents row for ${code.toUpperCase()}; Contents lists ${[...contents.byCode.values()].map((e) => e.code).join(", ")}`});
    }
    sheetByCode.set(normaliseAscofCode(code), sheet);
  }

  const facts = new Map<string, {fact: FactRow; row: number; sheet: string; refiled?: string; at?: RowOrigin}>();
  const tables: AscofTimeseriesTable[] = [];
  const indicatorSheets = new Map<string, string>();
  for (const entry of contents.byCode.values()) {
    const expectedSheet = `Table_${entry.code.toLowerCase()}`;
    const sheet = sheetByCode.get(normaliseAscofCode(entry.code));
    if (!sheet) {
      throw new DataError({file, sheet: "Contents", row: entry.row, column: "Metric"}, `Contents lists ${entry.code} but the workbook has no sheet '${expectedSheet}'`, {value: entry.code, expected: `a sheet '${expectedSheet}'; the table sheets here are ${[...sheetByCode.values()].join(", ") || "none"}`});
    }
    const resolved = resolveMeasure(entry, comparability, options.vintage, file, note);
    if ("not_kept" in resolved) {
      skip(`table ${sheet}: ${resolved.not_kept}`);
      note(`${sheet} (${entry.code}) not loaded: ${resolved.not_kept}`);
      tables.push({sheet, code: entry.code, old_code: entry.old_code, contents_row: entry.row, indicator_id: null, not_kept: resolved.not_kept, header_row: 0, periods: [], facts: 0});
      continue;
    }
    const {indicator_id} = resolved;
    const earlier = indicatorSheets.get(indicator_id);
    if (earlier) {
      throw new DataError({file, sheet: "Contents", row: entry.row, column: "Metric"}, `${entry.code} resolves to ${indicator_id}, which ${earlier} already fills`, {value: entry.code, expected: "one table per indicator"});
    }
    indicatorSheets.set(indicator_id, sheet);
    const table = workbook.sheet(sheet, {isHeader: (cells) => cells.some((c) => c.toLowerCase() === "local authority code") && cells.some((c) => c.toLowerCase() === "ons area code")});
    const before = facts.size;
    const periods = readMeasureTable(table, entry.code, indicator_id, options, facts, note, skip);
    tables.push({sheet, code: entry.code, old_code: entry.old_code, contents_row: entry.row, indicator_id, header_row: table.headerRow, periods, facts: facts.size - before});
  }

  const result = [...facts.values()].map((entry) => entry.fact);
  if (result.length === 0) throw new DataError({file}, "no ASCOF values found in any table sheet", {expected: "Table_ sheets with outcome columns"});
  const locations = new Map<FactRow, RowOrigin>();
  for (const entry of facts.values()) locations.set(entry.fact, entry.at ?? {row: entry.row, sheet: entry.sheet});
  return {facts: result, locations, tables, comparability, notes: [...counted].map(([text, count]) => (count > 1 ? `${text} (${count} times)` : text)), skipped};
}

/** Read one measure's table into `facts`; returns the periods it has columns for. */
function readMeasureTable(
  table: Table, code: string, indicator_id: string, options: AscofTimeseriesOptions,
  facts: Map<string, {fact: FactRow; row: number; sheet: string; refiled?: string; at?: RowOrigin}>,
  note: (text: string) => void, skip: (reason: string) => void
): string[] {
  const sheet = table.sheet!;
  const columns = locateColumns(table, {la_code: ["Local authority code"], la_name: ["Local authority"], ons: ["ONS area code"]});
  const groups = readHeader(table, code, new Set(Object.values(columns)));
  const headerOf = (index: number) => table.header[index];

  table.rows.forEach((cells, i) => {
    const row = table.rowNumbers[i];
    const where = (index: number): Location => ({file: table.file, sheet, row, column: headerOf(index)});
    const area = resolveArea(cells[columns.ons], cells[columns.la_name], cells[columns.la_code], where(columns.ons), where(columns.la_name));
    if (area === "aggregate") return skip("council-type aggregate rows (not areas in this model)");

    for (const group of groups) {
      const outcome = readCell(cells[group.columns.outcome!], where(group.columns.outcome!));
      const countCell = (kind: MeasureKind) => (group.columns[kind] === undefined ? undefined : readCell(cells[group.columns[kind]!], where(group.columns[kind]!)));
      const numeratorCell = countCell("numerator");
      const denominatorCell = countCell("denominator") ?? countCell("respondents");
      if (group.columns.margin_of_error !== undefined) readCell(cells[group.columns.margin_of_error], where(group.columns.margin_of_error)); // checked, not kept
      if (outcome.kind === "not_applicable") {
        skip("[z] outcome cells (not applicable)");
        if (numeratorCell?.kind === "value" || denominatorCell?.kind === "value") note(`${sheet}: an outcome published as [z] beside counts (the publisher withholds outcomes it judges invalid, e.g. over 100%): no fact`);
        continue;
      }
      for (const cell of [outcome, numeratorCell, denominatorCell]) if (cell?.kind === "value" && cell.bracketed) note(`${sheet} ${group.period}: a cell with a bracketed second figure ('7.7 (7.6)', the earlier eligible population); the official figure before the brackets is kept`);

      let area_code = area.code;
      let refiled = area.refiled;
      if (area.retired && !area.retired.same_boundary && `${group.period.slice(0, 4)}-04-01` >= area.retired.abolished) {
        // A value for a year the council no longer existed: the successor that kept the row's CASSR code.
        const successor = councilByCassr(cells[columns.la_code]);
        if (!successor || !area.retired.successors.includes(successor.code)) {
          throw new DataError(where(columns.ons), `${area.retired.name} (${area.retired.code}) was abolished on ${area.retired.abolished} but has a value for ${group.period}`, {
            value: cells[columns.ons],
            expected: `the code of a council that existed in ${group.period}, or a CASSR code of one of its successors (${area.retired.successors.join(", ")})`
          });
        }
        area_code = successor.code;
        refiled = `${sheet}: '${cells[columns.la_name].trim()}' (${area.retired.code}, abolished ${area.retired.abolished}) has values for years after abolition; filed under ${successor.name} (${successor.code}), which kept CASSR code ${successor.cassr}`;
      }

      // A survey outcome over no respondents is no measurement: the 2019-20 column of Table_1b prints 0 with 0
      // respondents for the councils that did not run the survey that year (Trafford, Kent, ...).
      const noRespondents = group.columns.respondents !== undefined && denominatorCell?.kind === "value" && denominatorCell.value === 0;
      if (noRespondents && outcome.kind === "value") note(`${sheet} ${group.period}: an outcome published beside 0 respondents is kept as not available (no survey ran)`);
      const value = outcome.kind === "value" && !noRespondents ? outcome.value : null;
      const status: Status = outcome.kind === "value" ? (noRespondents ? "not_available" : "ok") : outcome.status;
      const fact: FactRow = {
        indicator_id, area_code, period: group.period, breakdown: group.breakdown,
        value,
        numerator: numeratorCell?.kind === "value" ? numeratorCell.value : null,
        denominator: denominatorCell?.kind === "value" ? denominatorCell.value : null,
        status, source_id: options.source_id, vintage: options.vintage
      };
      if (refiled) note(refiled);
      const partAt = (kind: MeasureKind) => (group.columns[kind] === undefined ? undefined : {row, column: headerOf(group.columns[kind]!)});
      const at: RowOrigin = {row, sheet, column: headerOf(group.columns.outcome!), parts: {numerator: partAt("numerator"), denominator: partAt("denominator") ?? partAt("respondents")}};
      addFact(facts, fact, {row, sheet, refiled, at}, where(group.columns.outcome!), note);
    }
  });
  return [...new Set(groups.map((g) => g.period))];
}

/** Parse the `<YYYY to YYYY> - [split] <measure>` headings into one group per period and breakdown. */
function readHeader(table: Table, code: string, areaColumns: Set<number>): ColumnGroup[] {
  const groups = new Map<string, ColumnGroup>();
  const at = (index: number): Location => ({file: table.file, sheet: table.sheet, row: table.headerRow, column: table.header[index] || `column ${index + 1}`});
  table.header.forEach((heading, index) => {
    if (areaColumns.has(index)) return;
    const match = /^(\d{4}\s+to\s+\d{4})\s*-\s*(.+)$/i.exec(heading);
    const period = match ? periodFromYears(match[1]) : undefined;
    const suffix = match ? MEASURE_SUFFIXES.find(([pattern]) => pattern.test(match[2].trim())) : undefined;
    if (!match || !period || !suffix) {
      throw new DataError(at(index), "not a measure column heading", {value: heading, expected: "'<YYYY to YYYY> - numerator|denominator|outcome|margin of error|number of respondents', optionally with a split before the measure ('2024 to 2025 - good numerator')"});
    }
    const [pattern, kind] = suffix;
    const split = match[2].trim().replace(pattern, "").trim();
    const breakdown = split === "" || normaliseAscofCode(split) === normaliseAscofCode(code) ? "total" : RATING_SPLITS[split.toLowerCase()] ?? ascofBreakdown(split);
    if (!breakdown) throw new DataError(at(index), `unknown split '${split}'`, {value: heading, expected: `the table's own code (${code}), a rating (outstanding, good, other, not yet rated), an age band or a sex`});
    const key = `${period}\u0000${breakdown}`;
    const group = groups.get(key) ?? {period, breakdown, columns: {}};
    if (group.columns[kind] !== undefined) throw new DataError(at(index), "a second column for the same year, split and measure", {value: heading, expected: `one column (the first is '${table.header[group.columns[kind]!]}')`});
    group.columns[kind] = index;
    groups.set(key, group);
  });
  if (groups.size === 0) throw new DataError({file: table.file, sheet: table.sheet, row: table.headerRow}, "no measure columns after the area columns", {expected: "'<YYYY to YYYY> - outcome' columns"});
  for (const group of groups.values()) {
    const has = (kind: MeasureKind) => group.columns[kind] !== undefined;
    const name = `${yearsFromPeriod(group.period)}${group.breakdown === "total" ? "" : ` (${group.breakdown})`}`;
    const problem = !has("outcome") ? "has no outcome column"
      : has("numerator") !== has("denominator") ? "has a numerator without a denominator, or the reverse"
      : has("respondents") && has("denominator") ? "has both a denominator and a number of respondents"
      : undefined;
    if (problem) throw new DataError({file: table.file, sheet: table.sheet, row: table.headerRow}, `the columns for ${name} ${problem}`, {expected: "outcome, with numerator and denominator or with number of respondents (and margin of error)"});
  }
  return [...groups.values()];
}

/** Add a fact; two rows for one fact are an error unless one was refiled and they agree or one has no value. */
function addFact(
  facts: Map<string, {fact: FactRow; row: number; sheet: string; refiled?: string; at?: RowOrigin}>,
  fact: FactRow, origin: {row: number; sheet: string; refiled?: string; at?: RowOrigin}, where: Location, note: (text: string) => void
): void {
  const key = factKey(fact);
  const first = facts.get(key);
  if (!first) {
    facts.set(key, {fact, ...origin});
    return;
  }
  const same = first.fact.value === fact.value && first.fact.status === fact.status && first.fact.numerator === fact.numerator && first.fact.denominator === fact.denominator;
  const explained = first.refiled ?? origin.refiled;
  if (explained && same) {
    note(`${origin.sheet}: rows ${first.row} and ${origin.row} give the same figures for ${fact.area_code} ${fact.period}; kept once`);
    return;
  }
  if (explained && first.fact.value === null && first.fact.status === "not_available" && fact.value !== null) {
    facts.set(key, {fact, ...origin});
    note(`${origin.sheet}: ${fact.area_code} ${fact.period} is [x] on row ${first.row} and given on row ${origin.row}; the value is kept`);
    return;
  }
  if (explained && fact.value === null && fact.status === "not_available" && first.fact.value !== null) {
    note(`${origin.sheet}: ${fact.area_code} ${fact.period} is given on row ${first.row} and [x] on row ${origin.row}; the value is kept`);
    return;
  }
  throw new DataError(where, `a second row for ${fact.area_code} ${fact.period}${fact.breakdown === "total" ? "" : ` (${fact.breakdown})`}${explained ? ` with different figures (${explained})` : ""}`, {
    value: fact.value ?? fact.status,
    expected: `one row per area (row ${first.row} gives ${first.fact.value ?? first.fact.status})`
  });
}
