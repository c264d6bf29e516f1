/**
 * ASCOF open-data files, every vintage, in one parser:
 * - the annual CSV (and the XLSX copies of it): `Geographical Code, Geographical Description,
 *   Geographical Level, ONS Code, ASCOF Measure Code, Disaggregation Level, Measure Type,
 *   Measure Value, Measure Group, Measure Group Description`, one row per measure type
 *   (Outcome, Numerator, Denominator, Base, Margin Of Error);
 * - older and newer header spellings (`ONS Area Code`, `Measure_Value`, `Disaggregation`,
 *   lower-case GOV.UK 2024-25 headings);
 * - the compiled trend layout (`Year, ..., Measure_Value, ...`, Outcome / Total only; its
 *   2023-24 rows leave Disaggregation Level and Measure Type blank, read as Total / Outcome).
 * Outcome rows are joined with their Numerator and Denominator; every disaggregation is kept
 * as a breakdown; `[x]` and `[c]` become null values with a status.
 *
 * Each row is checked as it is read: the Geographical Description must name the area of its ONS
 * code (loaders/area-names.ts: `Medway` on Trafford's code, or `Atlantis`, is an error); one
 * Outcome, one Numerator and one Denominator row per fact (a second one with another value is an
 * error, the same value repeated is noted); a Numerator or Denominator is a count, never a `%`.
 * Every fact's rows are returned in `locations` for loaders/validation.ts, which judges the
 * figures themselves (and that a single-year source's Year column gives that year only).
 */
import type {FactRow, RowOrigin, Status} from "../../model.ts";
import {factKey} from "../../model.ts";
import {locateColumns, streamTable} from "../../read/table.ts";
import {DataError, parsePublishedNumber} from "../../validate.ts";
import {ENGLAND_CODE, isKnownAreaCode, councilByCode} from "../geography/index.ts";
import {currentAreaCode, predecessorByCode} from "../geography/predecessors.ts";
import {ascofBreakdown, ascofIndicatorFor, ascofIndicatorForPrefix} from "./measures.ts";
import {areaNameChecker} from "../../area-names.ts";

export interface AscofParseOptions {
  source_id: string;
  vintage: string;
  /** The data year for files without a Year column, e.g. "2020-21". */
  period?: string;
}

export interface AscofParseResult {
  facts: FactRow[];
  /** Rows read but deliberately not kept, by reason (council-type aggregates, survey bases ...). */
  skipped: Record<string, number>;
  /** Where each fact's Outcome (and its Numerator and Denominator) rows are, for loaders/validation.ts. */
  locations: Map<FactRow, RowOrigin>;
  /** Repeated rows that agree with the first (kept once), counted. */
  notes: string[];
}

const COLUMNS = {
  year: ["Year", "Return Year", "Reporting Period", "Financial Year"],
  geo_code: ["Geographical Code"],
  geo_description: ["Geographical Description"],
  geo_level: ["Geographical Level"],
  ons_code: ["ONS Code", "ONS Area Code"],
  measure_code: ["ASCOF Measure Code"],
  disaggregation: ["Disaggregation Level", "Disaggregation"],
  measure_type: ["Measure Type"],
  value: ["Measure Value", "Measure_Value"],
  measure_group: ["Measure Group"]
};

const LEVELS: Record<string, "council" | "region" | "england" | "council_type"> = {
  council: "council", "local authority": "council",
  region: "region", regional: "region",
  england: "england", national: "england",
  "council type": "council_type"
};

const MEASURE_TYPES: Record<string, "outcome" | "numerator" | "denominator" | "ignored"> = {
  outcome: "outcome", numerator: "numerator", denominator: "denominator",
  base: "ignored", "margin of error": "ignored"
};

function parseValue(text: string, where: {file: string; sheet?: string; row: number; column: string}): {value: number | null; status: Status} {
  const trimmed = text.trim();
  // No value: `[x]` (from 2020-21), `:` or a blank cell (the files to 2018-19).
  if (trimmed === "[x]" || trimmed === "[X]" || trimmed === ":" || trimmed === "") return {value: null, status: "not_available"};
  // Suppressed: `[c]` (from 2020-21), a bare `c` (2017-18 and 2018-19).
  if (trimmed === "[c]" || trimmed === "[C]" || trimmed === "c" || trimmed === "C") return {value: null, status: "suppressed"};
  const value = parsePublishedNumber(trimmed);
  if (value === undefined) throw new DataError(where, "not a number, [c], [x], : or blank", {value: text, expected: "a number, [c] or c (suppressed), [x], : or a blank cell (not available)"});
  return {value, status: "ok"};
}

function normalisePeriod(text: string, where: {file: string; sheet?: string; row: number; column: string}): string {
  const match = /^\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!match) throw new DataError(where, "not a financial year", {value: text, expected: "a year such as 2023-24"});
  const start = Number(match[1]);
  const end = match[2].length === 4 ? Number(match[2]) : Number(String(start).slice(0, 2) + match[2]);
  if (end !== start + 1) throw new DataError(where, "not a financial year", {value: text, expected: "consecutive years such as 2023-24"});
  return `${start}-${String(end).slice(2)}`;
}

export function parseAscof(bytes: Uint8Array, file: string, options: AscofParseOptions): AscofParseResult {
  // Rows are visited one at a time, never all held: a 56 MB file would otherwise need ~500 MB.
  const table = streamTable(bytes, file);
  const columns = locateColumns(table, COLUMNS, ["year", "geo_code", "measure_code", "disaggregation", "measure_type", "measure_group"]);
  if (columns.measure_group < 0 && columns.measure_code < 0) {
    throw new DataError({file, sheet: table.sheet, row: table.headerRow, column: "Measure Group"}, "required column is missing", {expected: "a column headed 'Measure Group' or 'ASCOF Measure Code'"});
  }
  if (columns.year < 0 && !options.period) {
    throw new DataError({file, sheet: table.sheet, row: table.headerRow, column: "Year"}, "the file has no Year column and the source gives no data year", {expected: "a 'Year' column, or a source with a period"});
  }
  const header = (key: keyof typeof COLUMNS) => table.header[columns[key]] ?? COLUMNS[key][0];
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);

  // Accumulate outcome, numerator and denominator per fact key, then join.
  const pending = new Map<string, FactRow & {hasOutcome: boolean; row: number; parts?: NonNullable<RowOrigin["parts"]>}>();
  const repeated = new Map<string, number>();
  const checkName = areaNameChecker();
  const valueColumn = header("value");
  table.forEachRow((cells, row) => {
    const where = (key: keyof typeof COLUMNS) => ({file, sheet: table.sheet, row, column: header(key)});
    const levelText = cells[columns.geo_level].trim();
    const level = LEVELS[levelText.toLowerCase()];
    if (!level) throw new DataError(where("geo_level"), "unknown geographical level", {value: levelText, expected: "Council, Region, Council Type or England"});
    if (level === "council_type") return skip("council-type aggregate (not an area in this model)");

    const typeText = columns.measure_type >= 0 ? cells[columns.measure_type].trim() : "";
    const measureType = typeText === "" ? "outcome" : MEASURE_TYPES[typeText.toLowerCase()];
    if (!measureType) throw new DataError(where("measure_type"), "unknown measure type", {value: typeText, expected: "Outcome, Numerator, Denominator, Base or Margin Of Error"});
    if (measureType === "ignored") return skip(`${typeText} rows (survey base and margin of error are not kept)`);

    const period = columns.year >= 0 ? normalisePeriod(cells[columns.year], where("year")) : options.period!;
    const groupText = (columns.measure_group >= 0 ? cells[columns.measure_group] : cells[columns.measure_code]).trim();
    // Without a Measure Group column (GOV.UK 2024-25 layout) the measure code may carry a
    // disaggregation suffix (2B16574 = 2B1, age 65-74): use the longest catalogued prefix.
    const indicator_id = ascofIndicatorFor(groupText, period) ?? (columns.measure_group < 0 ? ascofIndicatorForPrefix(groupText, period) : undefined);
    if (!indicator_id) {
      throw new DataError(where(columns.measure_group >= 0 ? "measure_group" : "measure_code"), `ASCOF measure '${groupText}' is not in the catalogue for ${period}`, {value: groupText, expected: "an ASCOF measure code listed in loaders/families/reablement/measures.ts"});
    }
    const disaggregationText = columns.disaggregation >= 0 ? cells[columns.disaggregation] : "";
    const breakdown = ascofBreakdown(disaggregationText);
    if (!breakdown) throw new DataError(where("disaggregation"), "unknown disaggregation", {value: disaggregationText, expected: "Total, an age band (18-64, 65 and over, 65-74, 75-84, 85 and over) or Female/Male"});

    let onsCode = cells[columns.ons_code].trim();
    if (level === "england") onsCode = onsCode || ENGLAND_CODE;
    if (!isKnownAreaCode(onsCode) && !predecessorByCode(onsCode)) {
      throw new DataError(where("ons_code"), `unknown ${level} code`, {value: onsCode, expected: `an ONS code of a council (E06/E08/E09/E10), region (E12) or England (${ENGLAND_CODE})`});
    }
    if (level === "council" && !councilByCode(currentAreaCode(onsCode)) && !predecessorByCode(onsCode)) {
      throw new DataError(where("ons_code"), "a council row carries a code that is not a council's", {value: onsCode, expected: "an E06/E08/E09/E10 council code"});
    }
    checkName(onsCode, cells[columns.geo_description], () => where("geo_description"));
    const area_code = currentAreaCode(onsCode);

    const valueText = cells[columns.value];
    const {value, status} = parseValue(valueText, where("value"));
    if (measureType !== "outcome" && valueText.trim().endsWith("%")) {
      throw new DataError(where("value"), `a percentage in a ${typeText} row`, {value: valueText, expected: `a count (the outcome's ${measureType}), without a % sign`});
    }
    const key = factKey({indicator_id, area_code, period, breakdown});
    let fact = pending.get(key);
    if (!fact) {
      fact = {indicator_id, area_code, period, breakdown, value: null, numerator: null, denominator: null, status: "not_available", source_id: options.source_id, vintage: options.vintage, hasOutcome: false, row};
      pending.set(key, fact);
    }
    if (measureType === "outcome") {
      if (fact.hasOutcome) throw new DataError(where("value"), "a second Outcome row for the same measure, area, period and disaggregation", {value: valueText, expected: `one Outcome row (the first is row ${fact.row})`});
      fact.hasOutcome = true;
      fact.value = value;
      fact.status = status;
      fact.row = row;
    } else {
      const first = fact.parts?.[measureType];
      if (first) {
        // One figure per fact: a second Numerator (or Denominator) row is refused unless it repeats the first.
        if (fact[measureType] !== value) {
          throw new DataError(where("value"), `a second ${typeText} row for the same measure, area, period and disaggregation, with a different value`, {
            value: valueText, expected: `one ${typeText} row (row ${first.row} gives ${fact[measureType] ?? "no value"})`
          });
        }
        const text = `${typeText} rows repeat an earlier row's value for the same fact (kept once)`;
        repeated.set(text, (repeated.get(text) ?? 0) + 1);
        return;
      }
      fact[measureType] = value;
      (fact.parts ??= {})[measureType] = {row, column: valueColumn};
    }
  });

  const facts: FactRow[] = [];
  const locations = new Map<FactRow, RowOrigin>();
  const periodColumn = columns.year >= 0 ? header("year") : undefined;
  for (const {hasOutcome, row, parts, ...fact} of pending.values()) {
    if (!hasOutcome) {
      skip("numerator or denominator rows without an Outcome row");
      continue;
    }
    facts.push(fact);
    locations.set(fact, {row, sheet: table.sheet, column: valueColumn, parts, period_column: periodColumn});
  }
  if (facts.length === 0) throw new DataError({file, sheet: table.sheet}, "no ASCOF outcome values found", {expected: "Outcome rows for councils, regions or England"});
  return {facts, skipped, locations, notes: [...repeated].map(([text, count]) => `${count} ${text}`)};
}
