/**
 * The curated OT employment profile (`data/raw/workforce/ot-employment-profile-2024-09.csv`):
 * Skills for Care figures for 15 South East areas, transcribed from Table A1 of seed 000. Layout:
 * `#` provenance lines, then `area_name,field,value,unit,note`, one row per area and field.
 *
 * Validation, each failure a located error:
 * - every area is a council (through geography's aliases) or one of the NHS footprints in `areas.ts`;
 * - every field is in `OT_PROFILE_FIELDS`, with that field's unit, and every area has every field once;
 * - values are numbers in the field's range (filled posts are published rounded to 5); an empty
 *   value is a gap (status `not_available`), never zero;
 * - shares that make up one whole (employment status, working pattern, experience bands, gender,
 *   ethnicity, nationality, age bands) sum to 100 within OT_SHARE_TOLERANCE when all are
 *   published, and never exceed it when some are blank. A group the source itself prints out of
 *   tolerance (Southampton's years in sector sum to 108) must carry a note that mentions the sum.
 */
import type {AreaRow, CanonicalTables, FactRow, RowOrigin} from "../../model.ts";
import {withLocations} from "../../model.ts";
import {parseCsvText} from "../../read/csv.ts";
import {expectFormat} from "../../read/sniff.ts";
import {normaliseHeader} from "../../read/table.ts";
import {DataError, parsePublishedNumber, type Location} from "../../validate.ts";
import {resolveCouncilName} from "../geography/index.ts";
import {findNhsFootprint, nhsFootprintAreaRow} from "./areas.ts";
import {OT_PROFILE_FIELDS, OT_PROFILE_FIELD_BY_NAME, OT_SHARE_TOLERANCE, otIndicatorId, type OtShareGroup} from "./ot-profile-fields.ts";

export const OT_PROFILE_SOURCE_ID = "sfc-ot-profile-2024-09";
export const OT_PROFILE_PERIOD = "2024-09-30";
export const OT_PROFILE_VINTAGE = "2024-09";

const COLUMNS = ["area_name", "field", "value", "unit", "note"] as const;

/** The canonical tables (facts, and the NHS footprint areas), plus notes on sums the source prints out of tolerance. */
export interface OtProfileResult {
  tables: CanonicalTables & {areas: AreaRow[]};
  notes: string[];
}

interface ProfileRow {
  line: number;
  area_name: string;
  area_code: string;
  field: string;
  value: number | null;
  note: string;
}

export function parseOtProfile(bytes: Uint8Array, file: string, options: {sourceId?: string; vintage?: string; period?: string} = {}): OtProfileResult {
  const sourceId = options.sourceId ?? OT_PROFILE_SOURCE_ID;
  const vintage = options.vintage ?? OT_PROFILE_VINTAGE;
  const period = options.period ?? OT_PROFILE_PERIOD;
  expectFormat(bytes, file, "csv");
  const {records, lines} = parseCsvText(new TextDecoder("utf-8").decode(bytes), file);
  const kept = records.map((record, i) => ({record, line: lines[i]})).filter(({record}) => !record[0].trimStart().startsWith("#"));
  if (!kept.length) throw new DataError({file}, "no header row", {expected: `the header ${COLUMNS.join(",")}`});

  const [headerRecord, ...body] = kept;
  const header = headerRecord.record.map(normaliseHeader);
  const index = {} as Record<(typeof COLUMNS)[number], number>;
  for (const column of COLUMNS) {
    index[column] = header.indexOf(column.replace(/_/g, " "));
    if (index[column] < 0) {
      throw new DataError({file, row: headerRecord.line, column}, "required column is missing", {expected: `the header ${COLUMNS.join(",")}; found ${headerRecord.record.join(",")}`});
    }
  }

  const footprintAreas = new Map<string, AreaRow>();
  const areaCodes = new Map<string, string>();
  const rows: ProfileRow[] = [];
  const seen = new Map<string, number>();
  // Hoisted out of the loop: a closure made per row costs more than the row's checks.
  const at = (line: number, column: string): Location => ({file, row: line, column});
  const cell = (record: string[], column: (typeof COLUMNS)[number]) => record[index[column]].trim();
  for (const {record, line} of body) {
    if (record.length !== COLUMNS.length) {
      throw new DataError({file, row: line}, `${record.length} fields where the header has ${COLUMNS.length}`, {expected: COLUMNS.join(",")});
    }
    const areaName = cell(record, "area_name");
    let areaCode = areaCodes.get(areaName);
    if (!areaCode) {
      const footprint = findNhsFootprint(areaName);
      if (footprint) {
        areaCode = footprint.code;
        footprintAreas.set(footprint.code, nhsFootprintAreaRow(footprint));
      } else {
        areaCode = resolveCouncilName(areaName, at(line, "area_name")).code;
      }
      areaCodes.set(areaName, areaCode);
    }

    const fieldName = cell(record, "field");
    const field = OT_PROFILE_FIELD_BY_NAME.get(fieldName);
    if (!field) throw new DataError(at(line, "field"), "unknown field", {value: fieldName, expected: `one of ${OT_PROFILE_FIELDS.map((f) => f.field).join(", ")}`});
    if (cell(record, "unit") !== field.unit) throw new DataError(at(line, "unit"), `wrong unit for ${fieldName}`, {value: cell(record, "unit"), expected: `'${field.unit}'`});

    const text = cell(record, "value");
    let value: number | null = null;
    if (text !== "") {
      const parsed = parsePublishedNumber(text);
      if (parsed === undefined) throw new DataError(at(line, "value"), "not a number", {value: text, expected: "a number, or an empty cell for a gap in the source"});
      if (parsed < field.min || parsed > field.max) throw new DataError(at(line, "value"), `${fieldName} is out of range`, {value: text, expected: `a value from ${field.min} to ${field.max} (${field.unit})`});
      if (field.unit === "count" && parsed % 5 !== 0) throw new DataError(at(line, "value"), "filled posts are published rounded to the nearest 5", {value: text, expected: "a multiple of 5"});
      value = parsed;
    }

    const key = `${areaCode}\u0000${fieldName}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new DataError(at(line, "field"), `a second row for ${areaName} ${fieldName} (first at row ${earlier})`, {value: fieldName, expected: "one row per area and field"});
    seen.set(key, line);
    rows.push({line, area_name: areaName, area_code: areaCode, field: fieldName, value, note: cell(record, "note")});
  }

  checkComplete(rows, file);
  const notes = checkShareGroups(rows, file);

  const locations = new Map<FactRow, RowOrigin>();
  const facts: FactRow[] = rows.map((row) => ({
    indicator_id: otIndicatorId(row.field),
    area_code: row.area_code,
    period,
    breakdown: "total",
    value: row.value,
    numerator: null,
    denominator: null,
    status: row.value === null ? "not_available" : "ok",
    source_id: sourceId,
    vintage
  }));
  facts.forEach((fact, i) => locations.set(fact, {row: rows[i].line, column: "value"}));
  return {tables: withLocations({facts, areas: [...footprintAreas.values()]}, locations), notes};
}

/** Every area carries every field: a missing row would be a silent transcription gap. */
function checkComplete(rows: ProfileRow[], file: string): void {
  const byArea = new Map<string, ProfileRow[]>();
  for (const row of rows) {
    const areaRows = byArea.get(row.area_code);
    if (areaRows) areaRows.push(row);
    else byArea.set(row.area_code, [row]);
  }
  for (const [, areaRows] of byArea) {
    const fields = new Set(areaRows.map((row) => row.field));
    const missing = OT_PROFILE_FIELDS.filter((field) => !fields.has(field.field)).map((field) => field.field);
    if (missing.length) {
      const last = areaRows[areaRows.length - 1];
      throw new DataError({file, row: last.line, column: "field"}, `${last.area_name} has no row for ${missing.join(", ")}`, {expected: "a row for every field (an empty value for a gap)"});
    }
  }
}

function checkShareGroups(rows: ProfileRow[], file: string): string[] {
  const notes: string[] = [];
  const groups = new Map<string, ProfileRow[]>();
  for (const row of rows) {
    const group = OT_PROFILE_FIELD_BY_NAME.get(row.field)!.group;
    if (!group) continue;
    const key = `${row.area_code}\u0000${group}`;
    const members = groups.get(key);
    if (members) members.push(row);
    else groups.set(key, [row]);
  }
  for (const [key, members] of groups) {
    const group = key.split("\u0000")[1] as OtShareGroup;
    const published = members.filter((row) => row.value !== null);
    if (!published.length) continue;
    const sum = published.reduce((total, row) => total + row.value!, 0);
    const complete = published.length === members.length;
    const outside = complete ? Math.abs(sum - 100) > OT_SHARE_TOLERANCE : sum > 100 + OT_SHARE_TOLERANCE;
    if (!outside) continue;
    const explained = members.find((row) => /\bsum/i.test(row.note));
    const last = members[members.length - 1];
    if (!explained) {
      throw new DataError({file, row: last.line, column: "value"}, `${last.area_name}: the ${group.replace(/_/g, " ")} shares sum to ${sum}`, {
        value: members.map((row) => `${row.field}=${row.value ?? ""}`).join(" "),
        expected: `${complete ? "a sum" : "a partial sum"} within ${OT_SHARE_TOLERANCE} of 100, or a note on one of the rows saying the source prints this sum`
      });
    }
    notes.push(`${last.area_name}: ${group.replace(/_/g, " ")} shares sum to ${sum} (row ${explained.line}: ${explained.note})`);
  }
  return notes;
}
