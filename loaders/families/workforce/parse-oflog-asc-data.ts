/**
 * MHCLG's Oflog adult social care extract (`ASC_data.csv` of communitiesuk/oflog-automated-text,
 * commit 16628da), long CSV: `Financial year, Local authority code, Local authority name, Grouping,
 * Entity_Name, Region, Measure, Code, Value, MEDIAN, MADs_from_median, rank_order`, one row per
 * council, year and measure code (`oflog-measures.ts`).
 *
 * - ASC7, Skills for Care's turnover rate (2016-17 to 2022-23), becomes `workforce-turnover-rate`
 *   facts, breakdown `total`. Oflog gives percentages (26.23395687); should a later extract give
 *   fractions (median at most 1, as in some Skills for Care editions) they are scaled to percentages.
 *   Values are kept unrounded, as published; a blank is a gap (`not_available`), never zero.
 * - ASC1 to ASC6 restate ASCOF and SALT measures: returned as `restated` values for the ASCOF
 *   cross-check, never as facts, so the ASCOF files stay the one source of those facts.
 * - MEDIAN, MADs_from_median and rank_order are Oflog's own derivations, and Grouping,
 *   Entity_Name and Region describe the council: all ignored.
 * - Areas are read by GSS code and the name must agree with it (a contradiction is an error, not
 *   a guess). Councils retired since 2019 follow `predecessors.ts`: Buckinghamshire, North
 *   Yorkshire and Somerset recode to their same-boundary successors; Bournemouth, Poole, Dorset
 *   county, Northamptonshire and Cumbria keep their own codes (areas of type "former"). Region
 *   and England rows (none in commit 16628da) keep their codes.
 * Every problem is a DataError naming the file, row, column, the value and what was expected.
 */
import type {CanonicalTables, FactRow, RowOrigin} from "../../model.ts";
import {withLocations} from "../../model.ts";
import {expectFormat} from "../../read/sniff.ts";
import {locateColumns, readTable} from "../../read/table.ts";
import {DataError, parsePublishedNumber, type Location} from "../../validate.ts";
import {ENGLAND_CODE, councilByCode, findCouncilByName, normaliseCouncilName, regionByCode} from "../geography/index.ts";
import {currentAreaCode, predecessorByCode} from "../geography/predecessors.ts";
import {OFLOG_MEASURES, OFLOG_MEASURE_BY_CODE, normaliseMeasureText} from "./oflog-measures.ts";

export const OFLOG_SOURCE_ID = "oflog-asc-data";
/** The date of commit 16628da, which holds the file as kept: the extract carries no release name. */
export const OFLOG_VINTAGE = "2024-11-04";

/** Largest plausible council-wide turnover rate, in per cent. */
const TURNOVER_MAX = 100;

const COLUMNS = {
  year: ["Financial year", "Financial_year", "Year"],
  area_code: ["Local authority code", "LA code", "Area code"],
  area_name: ["Local authority name", "LA name", "Area name"],
  measure: ["Measure"],
  code: ["Code", "Measure code"],
  value: ["Value"]
};

/** One ASC1 to ASC6 value as Oflog restates it, for the ASCOF cross-check. */
export interface OflogRestatedValue {
  code: string;
  /** The area the value is filed under (a same-boundary predecessor's code already recoded). */
  area_code: string;
  area_name: string;
  period: string;
  value: number | null;
  /** The value as printed, for reports. */
  text: string;
  row: number;
}

export interface OflogParseResult {
  tables: CanonicalTables;
  restated: OflogRestatedValue[];
  /** Data rows read, by code. */
  rowsByCode: Record<string, number>;
  notes: string[];
}

export interface OflogParseOptions {
  sourceId?: string;
  vintage?: string;
}

export function parseOflogAscData(bytes: Uint8Array, file: string, options: OflogParseOptions = {}): OflogParseResult {
  const sourceId = options.sourceId ?? OFLOG_SOURCE_ID;
  const vintage = options.vintage ?? OFLOG_VINTAGE;
  expectFormat(bytes, file, "csv");
  const table = readTable(bytes, file);
  const columns = locateColumns(table, COLUMNS);
  const header = (key: keyof typeof COLUMNS) => table.header[columns[key]];

  const restated: OflogRestatedValue[] = [];
  const turnover: {fact: FactRow; row: number; text: string}[] = [];
  const rowsByCode: Record<string, number> = {};
  // Per row, only strings are compared and maps consulted: the work that depends on a value alone
  // (a measure text's normal form, a year's period, an area's resolution) is done once per distinct
  // value, and a Location is built only for an error.
  const at = (row: number, key: keyof typeof COLUMNS): Location => ({file, row, column: header(key)});
  /** The first row of each measure code, area and period, for the duplicate check. */
  const firstRow = new Map<string, number>();
  /** Areas by published code, then published name. */
  const areas = new Map<string, Map<string, {area_code: string; area_name: string}>>();
  const periods = new Map<string, string>();
  const measureTexts = new Map<string, string>();
  const normalised = (text: string) => {
    let form = measureTexts.get(text);
    if (form === undefined) measureTexts.set(text, (form = normaliseMeasureText(text)));
    return form;
  };
  const [codeColumn, measureColumn, yearColumn, areaCodeColumn, areaNameColumn, valueColumn] =
    [columns.code, columns.measure, columns.year, columns.area_code, columns.area_name, columns.value];

  const rows = table.rows;
  for (let i = 0; i < rows.length; i++) {
    const cells = rows[i];
    const row = table.rowNumbers[i];

    const codeText = cells[codeColumn].trim();
    const code = codeText.toUpperCase();
    const measure = OFLOG_MEASURE_BY_CODE.get(code);
    if (!measure) throw new DataError(at(row, "code"), "an Oflog measure code this loader does not know", {value: codeText, expected: `one of ${OFLOG_MEASURES.map((m) => m.code).join(", ")} (loaders/families/workforce/oflog-measures.ts)`});
    const measureText = cells[measureColumn].trim();
    if (measureText !== measure.measure && normalised(measureText) !== normalised(measure.measure)) {
      throw new DataError(at(row, "measure"), `the Measure text does not match code ${code}`, {value: measureText, expected: `'${measure.measure}'`});
    }
    rowsByCode[code] = (rowsByCode[code] ?? 0) + 1;

    const yearText = cells[yearColumn].trim();
    let period = periods.get(yearText);
    if (period === undefined) periods.set(yearText, (period = financialYear(yearText, at(row, "year"))));
    const publishedCode = cells[areaCodeColumn].trim().toUpperCase();
    const areaName = cells[areaNameColumn].trim();
    let byName = areas.get(publishedCode);
    if (!byName) areas.set(publishedCode, (byName = new Map()));
    let area = byName.get(areaName);
    if (!area) {
      area = resolveOflogArea(publishedCode, areaName, at(row, "area_code"), at(row, "area_name"));
      byName.set(areaName, area);
    }

    const key = `${code}\u0000${area.area_code}\u0000${period}`;
    const earlier = firstRow.get(key);
    if (earlier !== undefined) {
      throw new DataError(at(row, "area_code"), `a second ${code} row for ${area.area_name} in ${period} (the first is row ${earlier})`, {value: publishedCode, expected: "one row per measure code, council and year"});
    }
    firstRow.set(key, row);

    const text = cells[valueColumn].trim();
    let value: number | null = null;
    if (text !== "") {
      const parsed = parsePublishedNumber(text);
      if (parsed === undefined) throw new DataError(at(row, "value"), "not a number", {value: text, expected: "a number, or an empty cell where Oflog has no value"});
      value = parsed;
    }

    if (measure.use === "fact") {
      turnover.push({
        fact: {
          indicator_id: measure.indicator_id!, area_code: area.area_code, period, breakdown: "total",
          value, numerator: null, denominator: null,
          // Skills for Care's rates are weighted estimates from ASC-WDS returns, as in the LA data download.
          status: value === null ? "not_available" : "estimate",
          source_id: sourceId, vintage
        },
        row, text
      });
    } else {
      restated.push({code, area_code: area.area_code, area_name: area.area_name, period, value, text, row});
    }
  }

  if (!turnover.length) throw new DataError({file}, "no ASC7 (workforce turnover rate) rows", {expected: "rows with Code ASC7, 'Outcome, Workforce turnover rate'"});
  const notes = scaleTurnover(turnover, file, header("value"));
  const locations = new Map<FactRow, RowOrigin>(turnover.map((t) => [t.fact, {row: t.row, column: header("value")}]));
  return {tables: withLocations({facts: turnover.map((t) => t.fact)}, locations), restated, rowsByCode, notes};
}

/** `2016-17` (also `2016/17`, `2016-2017`) to the project's `2016-17`. */
function financialYear(text: string, where: Location): string {
  const match = /^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$/.exec(text);
  const start = match ? Number(match[1]) : NaN;
  const end = match ? Number(match[2].length === 2 ? `${match[1].slice(0, 2)}${match[2]}` : match[2]) : NaN;
  if (!match || end !== start + 1) throw new DataError(where, "not a financial year", {value: text, expected: "a year such as 2016-17"});
  return `${start}-${String(end).slice(2)}`;
}

/**
 * The area of a row, by its GSS code, with the published name checked against the code. Returns
 * the code facts are filed under and the name the project knows the area by.
 */
export function resolveOflogArea(code: string, name: string, codeAt: Location, nameAt: Location): {area_code: string; area_name: string} {
  const named = normaliseCouncilName(name);
  const contradiction = (expectedName: string) => {
    const other = findCouncilByName(name);
    throw new DataError(nameAt, `the name does not match the code ${code}`, {
      value: name,
      expected: `'${expectedName}', the area with code ${code}${other && other.code !== code ? ` ('${name}' is ${other.name}, ${other.code})` : ""}`
    });
  };
  if (code === ENGLAND_CODE) {
    if (named !== "england") contradiction("England");
    return {area_code: code, area_name: "England"};
  }
  const region = regionByCode(code);
  if (region) {
    if (named !== normaliseCouncilName(region.name)) contradiction(region.name);
    return {area_code: code, area_name: region.name};
  }
  // A retired code is looked up first: "Dorset" under E10000009 is the former county, not today's Dorset.
  const retired = predecessorByCode(code);
  if (retired) {
    if (named !== normaliseCouncilName(retired.name)) contradiction(retired.name);
    return {area_code: currentAreaCode(code), area_name: retired.name};
  }
  const council = councilByCode(code);
  if (council) {
    if (findCouncilByName(name)?.code !== council.code) contradiction(council.name);
    return {area_code: council.code, area_name: council.name};
  }
  throw new DataError(codeAt, "unknown area code", {
    value: code,
    expected: "the GSS code of a council with social care responsibility (E06, E08, E09, E10), a council retired since 2019, a region (E12) or England (E92000001)"
  });
}

/**
 * Stored as percentages: a file whose turnover median is at most 1 gives fractions and is scaled
 * (turnover is tens of per cent everywhere, so the two readings cannot be confused). Then every
 * value must lie from 0 to TURNOVER_MAX per cent.
 */
function scaleTurnover(turnover: {fact: FactRow; row: number; text: string}[], file: string, column: string): string[] {
  const values = turnover.map((t) => t.fact.value).filter((v): v is number => v !== null).sort((a, b) => a - b);
  const median = values.length ? values[Math.floor(values.length / 2)] : NaN;
  const fractions = median <= 1;
  for (const {fact, row, text} of turnover) {
    if (fact.value === null) continue;
    if (fractions) fact.value = Number((fact.value * 100).toPrecision(12));
    if (fact.value < 0 || fact.value > TURNOVER_MAX) {
      throw new DataError({file, row, column}, "a turnover rate out of range", {value: text, expected: `a percentage from 0 to ${TURNOVER_MAX}${fractions ? " (this file gives fractions, multiplied by 100)" : ""}`});
    }
  }
  return fractions ? ["ASC7 turnover is given as fractions (median at most 1): multiplied by 100 to store percentages"] : [];
}
