/**
 * ONS mid-year population estimates (MYE2: persons by single year of age, every UK local
 * authority), one workbook per mid-year: adults aged 18 and over (the denominator of the
 * safeguarding rates per 100,000 adults) and people aged 65 and over, for each council, region
 * and England.
 *
 * The layout moved over the years (checked on the real files mid-2015 to mid-2022):
 *   sheet      `Persons UK` (2015), `MYE2 - All` (2016, 2017), `MYE2-All` (2018),
 *              `MYE2 - Persons` (2019 on; the sex split is on separate `MYE2 - Males/Females` sheets)
 *   header     row 3 (2015: `CODE, NAME, ALL AGES, 0 ... 90`), row 5 (2016 to 2019, with a
 *              `Geography1` column from 2017), row 8 (2020 on, `Geography`, after seven note rows)
 *   oldest age `90` (meaning 90 and over) to 2021, `90+` from 2022
 *   rows       every geography level, in hierarchy order to 2021 and alphabetical in 2022, with a
 *              footnote row under the table in 2017 to 2019; `.xls` (BIFF) to 2021, `.xlsx` in 2022.
 * So the sheet is taken by name, the header by content, and the areas by GSS code: E92000001,
 * regions (E12) and councils (E06, E08, E09, E10). Other codes (districts E07, metropolitan
 * counties E11, Wales, Scotland, Northern Ireland, the UK) are left out; a council code the
 * geography does not know is a located error, not a silent gap.
 *
 * Each file uses the council geography of its publication date, not of the mid-year (mid-2018
 * already has Bournemouth, Christchurch and Poole; mid-2022 has North Yorkshire as a unitary).
 * Retired councils are filed as the ASCOF parser files them (geography/predecessors.ts): a
 * same-boundary predecessor (Buckinghamshire, North Yorkshire and Somerset county councils) is
 * recoded to its successor so the series runs on; a split or merged one (Northamptonshire,
 * Cumbria, Bournemouth, Poole, Dorset county) keeps its own code. City of London and the Isles
 * of Scilly have rows of their own and are kept per code: Cornwall's row excludes Scilly.
 *
 * Each row's `All ages` must equal the sum of its single years, which catches a shifted column,
 * and each kept row's Name must name the area of its Code (loaders/area-names.ts). Each fact's row
 * is returned in `locations` for loaders/validation.ts.
 */
import type {FactRow, RowOrigin} from "../../model.ts";
import {withLocations} from "../../model.ts";
import {locateColumns, normaliseHeader} from "../../read/table.ts";
import {readSheet} from "../../read/spreadsheet.ts";
import {DataError, parsePublishedNumber} from "../../validate.ts";
import {councilByCode, ENGLAND_CODE, REGIONS} from "../geography/index.ts";
import {currentAreaCode, predecessorByCode} from "../geography/predecessors.ts";
import {checkAreaName} from "../../area-names.ts";

export const POPULATION_INDICATOR = "population_18_plus";
export const POPULATION_65_INDICATOR = "population_65_plus";

/** The persons sheet's names over the years, newest first. */
export const MYE_SHEETS = ["MYE2 - Persons", "MYE2 - All", "MYE2-All", "Persons UK"];

/** Single years of age 0 to 89, then the open-ended 90 and over. */
const AGES = Array.from({length: 91}, (_, age) => age);
const OLDEST = 90;

const GSS_CODE = /^[A-Z]\d{8}$/;
const COUNCIL_PREFIXES = new Set(["E06", "E08", "E09", "E10"]);
const REGION_CODES = new Set(REGIONS.map((region) => region.code));

/** `Code, Name, [Geography,] All ages, 0, 1, ..., 90` or `90+`, in any case. */
function isMyeHeader(cells: string[]): boolean {
  const normalised = cells.map(normaliseHeader);
  return normalised[0] === "code" && normalised[1] === "name" && normalised.includes("all ages") && normalised.includes("0") && normalised.includes(String(OLDEST));
}

export function parsePopulationMye(bytes: Uint8Array, file: string, {source_id, year}: {source_id: string; year: number}): {facts: FactRow[]; locations: Map<object, RowOrigin>} {
  const titles: string[] = []; // the rows above the header, for the mid-year in the title
  const table = readSheet(bytes, file, {
    sheets: MYE_SHEETS,
    isHeader: (cells) => {
      if (isMyeHeader(cells)) return true;
      titles.push(cells.join(" "));
      return false;
    }
  });
  const sheet = table.sheet;
  checkTitleYear(titles, year, file, sheet);

  const col = locateColumns(table, {code: ["Code"], name: ["Name"], allAges: ["All ages"]});
  const normalised = table.header.map(normaliseHeader);
  const ageColumns = AGES.map((age) => {
    const index = normalised.indexOf(String(age));
    if (index < 0) {
      throw new DataError({file, sheet, row: table.headerRow, column: age === OLDEST ? "90+" : String(age)}, "a single year of age is missing from the header", {
        expected: "columns 0, 1, ... 89 and 90 (or 90+) after 'All ages'"
      });
    }
    return index;
  });

  const period = `${year}-06-30`;
  const vintage = `mid-${year}`;
  const seen = new Map<string, number>();
  const facts: FactRow[] = [];
  const locations = new Map<FactRow, RowOrigin>();
  table.rows.forEach((cells, i) => {
    const row = table.rowNumbers[i];
    const code = cells[col.code].trim().toUpperCase();
    if (!GSS_CODE.test(code)) {
      // A footnote under the table has text in the first column and nothing else.
      if (ageColumns.every((c) => cells[c].trim() === "")) return;
      throw new DataError({file, sheet, row, column: table.header[col.code]}, "not a GSS area code", {value: cells[col.code], expected: "a code such as E06000035 in every row of figures"});
    }
    const area_code = areaCodeFor(code, cells[col.name], {file, sheet, row, column: table.header[col.code]});
    if (area_code === undefined) return;
    checkAreaName(code, cells[col.name], {file, sheet, row, column: table.header[col.name]});

    const counts = ageColumns.map((c) => countAt(cells[c], {file, sheet, row, column: table.header[c]}));
    const allAges = countAt(cells[col.allAges], {file, sheet, row, column: table.header[col.allAges]});
    const sum = counts.reduce((a, b) => a + b, 0);
    if (sum !== allAges) {
      throw new DataError({file, sheet, row, column: table.header[col.allAges]}, `'All ages' is not the sum of the single years of age (${sum})`, {
        value: cells[col.allAges], expected: "the total of ages 0 to 90+: a column is shifted or a figure is wrong"
      });
    }

    const first = seen.get(area_code);
    if (first !== undefined) {
      throw new DataError({file, sheet, row, column: table.header[col.code]}, `the same area appears twice (first at row ${first}${area_code !== code ? `, as ${area_code}` : ""})`, {value: cells[col.code], expected: "one row per area"});
    }
    seen.set(area_code, row);

    const from = (age: number) => counts.slice(age).reduce((a, b) => a + b, 0);
    for (const [indicator_id, value] of [[POPULATION_INDICATOR, from(18)], [POPULATION_65_INDICATOR, from(65)]] as const) {
      const fact: FactRow = {indicator_id, area_code, period, breakdown: "total", value, numerator: null, denominator: null, status: "ok", source_id, vintage};
      facts.push(fact);
      locations.set(fact, {row, sheet, column: table.header[col.allAges]});
    }
  });

  if (!seen.has(ENGLAND_CODE)) {
    throw new DataError({file, sheet}, "no row for England", {expected: `a row with code ${ENGLAND_CODE} among the areas below the header at row ${table.headerRow}`});
  }
  return withLocations({facts}, locations);
}

/** The code a row's facts carry, or undefined for a geography we leave out. */
function areaCodeFor(code: string, name: string, where: {file: string; sheet?: string; row: number; column: string}): string | undefined {
  const prefix = code.slice(0, 3);
  if (code === ENGLAND_CODE || REGION_CODES.has(code)) return code;
  if (prefix === "E92" || prefix === "E12") {
    throw new DataError(where, `unknown ${prefix === "E92" ? "country" : "region"} code (name '${name.trim()}')`, {value: code, expected: prefix === "E92" ? ENGLAND_CODE : `one of the nine regions ${[...REGION_CODES].join(", ")}`});
  }
  if (!COUNCIL_PREFIXES.has(prefix)) return undefined;
  const council = councilByCode(code);
  if (council) return council.code;
  if (predecessorByCode(code)) return currentAreaCode(code);
  throw new DataError(where, `unknown council code (name '${name.trim()}')`, {
    value: code, expected: "the GSS code of one of the 153 councils or of a council retired since 2019 (loaders/families/geography)"
  });
}

function countAt(text: string, where: {file: string; sheet?: string; row: number; column: string}): number {
  const value = parsePublishedNumber(text);
  if (value === undefined || !Number.isInteger(value) || value < 0) {
    throw new DataError(where, "not a population count", {value: text, expected: "a whole number of people, 0 or more"});
  }
  return value;
}

/** The title names the mid-year ("..., mid-2019"): a workbook of another year under this source is refused. */
function checkTitleYear(titles: string[], year: number, file: string, sheet: string | undefined): void {
  for (const [i, title] of titles.entries()) {
    const match = /\bmid-(\d{4})\b/i.exec(title);
    if (!match) continue;
    if (Number(match[1]) !== year) {
      throw new DataError({file, sheet, row: i + 1, column: "A"}, `the title is for mid-${match[1]}`, {value: title.trim(), expected: `the estimates for mid-${year}`});
    }
    return;
  }
}
