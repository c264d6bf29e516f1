/**
 * Adults aged 18 and over by upper-tier local authority, region and England: our normalised
 * extract of the ONS mid-year population estimates (MYE), the denominator of the safeguarding
 * rates per 100,000 adults.
 *
 * ONS publishes the MYE as a wide workbook of single years of age by sex (MYE2 tables); the
 * extract sums ages 18 to 90+ for persons and keeps one row per area and mid-year:
 *
 *   area_code,area_name,period,population_18_plus
 *   E06000035,Medway,2021,214950
 *
 * `period` is the mid-year (`2021`, `mid-2021` or `2021-06-30`); facts carry it as the ISO date
 * of the estimate, `2021-06-30`. An unknown area code is a located error.
 */
import type {FactRow} from "../../model.ts";
import {locateColumns, readTable} from "../../read/table.ts";
import {DataError, parsePublishedNumber} from "../../validate.ts";
import {councilByCode, isKnownAreaCode, RETIRED_COUNCILS} from "../geography/index.ts";
import {currentAreaCode} from "../geography/predecessors.ts";

export const POPULATION_INDICATOR = "population_18_plus";

export const POPULATION_COLUMNS = {
  area_code: ["area_code", "Code", "GSS code", "ONS code"],
  area_name: ["area_name", "Name", "Area name"],
  period: ["period", "Mid-year", "Year"],
  population_18_plus: ["population_18_plus", "Population 18+", "Adults 18+", "All ages 18+"]
};

export function parsePopulationCsv(bytes: Uint8Array, file: string, {source_id, vintage}: {source_id: string; vintage: string}): {facts: FactRow[]} {
  const table = readTable(bytes, file);
  const col = locateColumns(table, POPULATION_COLUMNS, ["area_name"]);
  if (table.rows.length === 0) {
    throw new DataError({file, row: table.headerRow}, "the file has a header but no data rows: it looks truncated", {expected: "one row per area and mid-year"});
  }
  const seen = new Map<string, number>();
  const facts: FactRow[] = [];
  table.rows.forEach((cells, i) => {
    const row = table.rowNumbers[i];
    const at = (key: keyof typeof POPULATION_COLUMNS) => ({file, row, column: table.header[col[key]]});

    const raw = cells[col.area_code].trim().toUpperCase();
    if (!isKnownAreaCode(raw) && !RETIRED_COUNCILS.some((council) => council.code === raw)) {
      throw new DataError(at("area_code"), "unknown area code", {value: cells[col.area_code], expected: "the GSS code of a council, a region (E12) or England (E92000001)"});
    }
    const area_code = councilByCode(raw)?.code ?? currentAreaCode(raw);

    const period = midYearDate(cells[col.period]);
    if (!period) {
      throw new DataError(at("period"), "not a mid-year", {value: cells[col.period], expected: "a year such as 2021, mid-2021 or 2021-06-30"});
    }

    const population = parsePublishedNumber(cells[col.population_18_plus]);
    if (population === undefined || !Number.isInteger(population) || population <= 0) {
      throw new DataError(at("population_18_plus"), "not a population count", {value: cells[col.population_18_plus], expected: "a whole number of people greater than 0"});
    }

    const key = `${area_code}|${period}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new DataError(at("area_code"), `the same area and mid-year appear twice (first at row ${first})`, {value: cells[col.area_code], expected: "one row per area and mid-year"});
    }
    seen.set(key, row);
    facts.push({
      indicator_id: POPULATION_INDICATOR, area_code, period, breakdown: "total",
      value: population, numerator: null, denominator: null, status: "ok", source_id, vintage
    });
  });
  return {facts};
}

/** `2021`, `mid-2021`, `Mid-2021` or `2021-06-30` -> `2021-06-30`; anything else undefined. */
export function midYearDate(text: string): string | undefined {
  const match = /^(?:mid[- ]?)?(\d{4})(?:-06-30)?$/i.exec(text.trim());
  return match ? `${match[1]}-06-30` : undefined;
}
