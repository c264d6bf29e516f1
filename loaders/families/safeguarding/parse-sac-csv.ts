/**
 * Parse the Safeguarding Adults Collection (SAC) open-data CSV into canonical facts.
 *
 * Layout (NHS England's `produce_csv_output`, data-sources.md §3): one row per value,
 * `GEOGRAPHY, COUNCIL_TYPE, REGION_CODE, REGION_NAME, ONS_CODE, LA_CODE, LA_NAME,
 * TABLE_REFERENCE, ENQUIRY_TYPE, CATEGORY, SUBCATEGORY, VALUE`. What the labels mean lives in
 * sac-tables.ts; this module reads, checks and applies it.
 *
 * - The area is the ONS_CODE (GSS). A council's LA_CODE (CASSR) must name the same council.
 * - VALUE is a count rounded to the nearest 5; `[c]` (older files `*`) is a value under 5,
 *   suppressed; `[x]` is not available. Anything else is a located error.
 * - The period is the release's financial year (the source's vintage): the file carries none.
 * - CATEGORY and SUBCATEGORY are read through the shapes in sac-tables.ts, so either plausible
 *   wording of a risk row gives the same fact: the value in CATEGORY (`Physical Abuse`, SUBCATEGORY
 *   `Total` or blank) or the dimension in CATEGORY and the value in SUBCATEGORY (`Type of Risk`,
 *   `Physical Abuse`); short labels (`Physical`) canonicalise to the long one.
 * - A figure appears once. Two tables may restate the same figure (SG2a and SG2b both give totals
 *   by source of risk): kept once when they agree, a located error when they do not.
 * - LA_NAME, where the file has it, must name the area of ONS_CODE (loaders/area-names.ts), and a
 *   VALUE written as a percentage (`50%`) is not a count. Each fact's row is returned in
 *   `locations`; loaders/validation.ts checks the counts against each other (enquiries against
 *   concerns).
 */
import type {FactRow, RowOrigin, Status} from "../../model.ts";
import {withLocations} from "../../model.ts";
import {readTable, locateColumns} from "../../read/table.ts";
import {DataError, parsePublishedNumber} from "../../validate.ts";
import {councilByCassr, councilByCode, ENGLAND_CODE, isKnownAreaCode, regionByCode, RETIRED_COUNCILS} from "../geography/index.ts";
import {currentAreaCode} from "../geography/predecessors.ts";
import {GEOGRAPHY_LEVELS, normaliseLabel, SAC_TABLES, TOTAL_LABELS, type Axis, type SacTable} from "./sac-tables.ts";
import {areaNameChecker} from "../../area-names.ts";

export interface SacParseOptions {
  source_id: string;
  /** The release's financial year, e.g. "2022-23"; it is also the period of every fact. */
  vintage: string;
}

/** Header aliases: NHS England's upper-case names, and the drift seen in other releases. */
export const SAC_COLUMNS = {
  geography: ["GEOGRAPHY", "Geography level", "Geographical level", "Geography_Level"],
  council_type: ["COUNCIL_TYPE", "Council type"],
  region_code: ["REGION_CODE", "Region code"],
  region_name: ["REGION_NAME", "Region name"],
  ons_code: ["ONS_CODE", "ONS area code", "ONS code", "GSS code"],
  la_code: ["LA_CODE", "CASSR code", "CASSR", "Local authority code"],
  la_name: ["LA_NAME", "CASSR name", "Local authority name"],
  table_reference: ["TABLE_REFERENCE", "Table reference", "Table ref"],
  enquiry_type: ["ENQUIRY_TYPE", "Enquiry type"],
  category: ["CATEGORY", "Category"],
  subcategory: ["SUBCATEGORY", "Sub category", "Sub-category"],
  value: ["VALUE", "Value", "Count"]
};
type SacColumn = keyof typeof SAC_COLUMNS;
const OPTIONAL_COLUMNS: SacColumn[] = ["council_type", "region_code", "region_name", "la_name"];

type Level = "council" | "region" | "england";

const levelByWord = new Map<string, Level>();
for (const [level, words] of Object.entries(GEOGRAPHY_LEVELS) as [Level, string[]][]) {
  for (const word of words) levelByWord.set(normaliseLabel(word), level);
}

// ---- the mapping table, compiled to lookups ---------------------------------------------------

interface CompiledAxis {
  /** normalised label -> [dimension, canonical label] or null (adds nothing to the breakdown) */
  lookup: Map<string, [string, string] | null>;
  describe: string;
}

interface CompiledTable {
  table: SacTable;
  enquiryTypes: Map<string, string>;
  shapes: {category: CompiledAxis; subcategory: CompiledAxis}[];
}

function compileAxis(axis: Axis, where: string): CompiledAxis {
  const lookup = new Map<string, [string, string] | null>();
  const add = (label: string, result: [string, string] | null) => {
    const key = normaliseLabel(label);
    const existing = lookup.get(key);
    if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(result)) {
      throw new Error(`sac-tables.ts: label '${label}' means two things in ${where}`);
    }
    lookup.set(key, result);
  };
  if (axis.kind === "total") {
    for (const label of TOTAL_LABELS) add(label, null);
    return {lookup, describe: "'Total'"};
  }
  if (axis.kind === "fixed") {
    for (const label of axis.labels) add(label, null);
    return {lookup, describe: `'${axis.labels[0]}'`};
  }
  const {name, values} = axis.dimension;
  for (const [canonical, aliases] of Object.entries(values)) {
    for (const label of [canonical, ...aliases]) add(label, [name, canonical]);
  }
  return {lookup, describe: `a ${name.replace(/_/g, " ")} (${Object.keys(values).map((v) => `'${v}'`).join(", ")})`};
}

const COMPILED = new Map<string, CompiledTable>();
for (const table of SAC_TABLES) {
  const enquiryTypes = new Map<string, string>();
  for (const {label, aliases = [], indicator_id} of table.enquiryTypes) {
    for (const alias of [label, ...aliases]) enquiryTypes.set(normaliseLabel(alias), indicator_id);
  }
  const shapes = table.shapes.map((shape, i) => ({
    category: compileAxis(shape.category, `${table.reference} shape ${i + 1} CATEGORY`),
    subcategory: compileAxis(shape.subcategory, `${table.reference} shape ${i + 1} SUBCATEGORY`)
  }));
  COMPILED.set(table.reference.toUpperCase(), {table, enquiryTypes, shapes});
}

// ---- parsing ---------------------------------------------------------------------------------

interface ResolvedRow {
  indicator_id: string;
  breakdown: string;
}

export function parseSacCsv(bytes: Uint8Array, file: string, {source_id, vintage}: SacParseOptions): {facts: FactRow[]; locations: Map<object, RowOrigin>} {
  if (!/^\d{4}-\d{2}$/.test(vintage)) throw new Error(`parseSacCsv: vintage must be a financial year like 2022-23 (got '${vintage}')`);
  const period = vintage;
  const table = readTable(bytes, file);
  const col = locateColumns(table, SAC_COLUMNS, OPTIONAL_COLUMNS);
  const header = (key: SacColumn) => table.header[col[key]];
  if (table.rows.length === 0) {
    throw new DataError({file, row: table.headerRow}, "the file has a header but no data rows: it looks truncated", {expected: "one row per published value"});
  }

  // Publisher files repeat a few hundred areas and row labels tens of thousands of times: resolve
  // each distinct one once, and spot duplicate figures by (area, row kind) index pairs.
  const areas = new NestedCache<{code: string; index: number}>();
  const kinds = new NestedCache<ResolvedRow & {index: number}>();
  // Different labels can resolve to the same figure (an alias and its canonical form), so
  // duplicates are found on what a row means: the area code and the (indicator, breakdown).
  const areaIndex = new Map<string, number>();
  const kindIndex = new Map<string, number>();
  const seen = new Map<number, {row: number; reference: string; value: number | null; status: Status}>();
  const facts: FactRow[] = [];
  const locations = new Map<FactRow, RowOrigin>();
  const checkName = areaNameChecker();
  const at = (row: number, key: SacColumn) => ({file, row, column: header(key)});

  for (let i = 0; i < table.rows.length; i++) {
    const cells = table.rows[i];
    const row = table.rowNumbers[i];
    const where: At = (key) => at(row, key);

    const geography = cells[col.geography];
    const onsCode = cells[col.ons_code];
    const laCode = cells[col.la_code];
    let area = areas.get(geography, onsCode, laCode);
    if (area === undefined) {
      const code = resolveArea(geography, onsCode, laCode, where);
      if (!areaIndex.has(code)) areaIndex.set(code, areaIndex.size);
      area = {code, index: areaIndex.get(code)!};
      areas.set(area, geography, onsCode, laCode);
    }
    if (col.la_name >= 0) checkName(onsCode, cells[col.la_name], () => where("la_name"));

    const reference = cells[col.table_reference];
    const enquiryType = cells[col.enquiry_type];
    const category = cells[col.category];
    const subcategory = cells[col.subcategory];
    let kind = kinds.get(reference, enquiryType, category, subcategory);
    if (kind === undefined) {
      const resolved = resolveRow(reference, enquiryType, category, subcategory, where);
      const meaning = `${resolved.indicator_id}|${resolved.breakdown}`;
      if (!kindIndex.has(meaning)) kindIndex.set(meaning, kindIndex.size);
      kind = {...resolved, index: kindIndex.get(meaning)!};
      kinds.set(kind, reference, enquiryType, category, subcategory);
    }

    const {value, status} = parseSacValue(cells[col.value], () => where("value"));
    const id = area.index * 1_000_000 + kind.index;
    const first = seen.get(id);
    if (first !== undefined) {
      const otherTable = first.reference.trim().toUpperCase() !== reference.trim().toUpperCase();
      if (otherTable && first.value === value && first.status === status) continue; // one figure, restated by a second table
      throw new DataError(where("value"), otherTable
        ? `tables ${first.reference} and ${reference} give the same figure differently (first at row ${first.row}: ${kind.indicator_id}, ${area.code}, ${kind.breakdown})`
        : `the same figure appears twice (first at row ${first.row}: ${kind.indicator_id}, ${area.code}, ${kind.breakdown})`, {
        value: cells[col.value], expected: otherTable ? `the value of row ${first.row}` : "one row per area, table, enquiry type, category and subcategory"
      });
    }
    seen.set(id, {row, reference, value, status});
    const fact: FactRow = {
      indicator_id: kind.indicator_id, area_code: area.code, period, breakdown: kind.breakdown,
      value, numerator: null, denominator: null, status, source_id, vintage
    };
    facts.push(fact);
    locations.set(fact, {row, column: header("value")});
  }
  return withLocations({facts}, locations);
}

/** `[c]` and `*` are suppressed (a value under 5), `[x]` not available; otherwise a whole count. */
export function parseSacValue(text: string, where: () => {file: string; row?: number; column?: string}): {value: number | null; status: Status} {
  const trimmed = text.trim();
  const marker = trimmed.toLowerCase();
  if (marker === "[c]" || marker === "*") return {value: null, status: "suppressed"};
  if (marker === "[x]") return {value: null, status: "not_available"};
  const value = parsePublishedNumber(trimmed);
  if (value === undefined) {
    throw new DataError(where(), "not a number, [c] or [x]", {value: text, expected: "a count, [c] (suppressed, under 5) or [x] (not available)"});
  }
  if (trimmed.endsWith("%")) {
    throw new DataError(where(), "a percentage where SAC publishes a count", {value: text, expected: "a count of concerns, enquiries or people, without a % sign"});
  }
  if (!Number.isInteger(value) || value < 0) {
    throw new DataError(where(), "not a whole, non-negative count", {value: text, expected: "a count of concerns, enquiries or people (rounded to the nearest 5)"});
  }
  return {value, status: "ok"};
}

type At = (key: SacColumn) => {file: string; row: number; column: string};

function resolveArea(geography: string, onsCode: string, laCode: string, at: At): string {
  const level = levelByWord.get(normaliseLabel(geography));
  if (level === undefined) {
    throw new DataError(at("geography"), "unknown geography level", {value: geography, expected: "Council (or Local Authority), Region or England (or National)"});
  }
  const code = onsCode.trim().toUpperCase();
  const retired = RETIRED_COUNCILS.find((council) => council.code === code);
  if (!isKnownAreaCode(code) && !retired) {
    throw new DataError(at("ons_code"), "unknown area code", {
      value: onsCode,
      expected: `the GSS code of one of the 153 councils (E06, E08, E09, E10), a region (E12) or England (${ENGLAND_CODE})`
    });
  }
  const codeLevel: Level = code === ENGLAND_CODE ? "england" : regionByCode(code) ? "region" : "council";
  // NHS England's mapping file puts the country in GEOGRAPHY on every row, so 'England' is accepted
  // at any level; 'Council' and 'Region' must agree with the code.
  if (level !== "england" && level !== codeLevel) {
    throw new DataError(at("geography"), `says ${level} but ONS_CODE ${code} is ${codeLevel === "england" ? "England" : `a ${codeLevel}`}`, {value: geography, expected: `'${codeLevel === "council" ? "Council" : codeLevel === "region" ? "Region" : "England"}'`});
  }
  if (codeLevel !== "council") return code;

  const cassr = laCode.trim();
  if (cassr === "" || cassr === "-") {
    throw new DataError(at("la_code"), "a council row without its CASSR code", {value: laCode, expected: "the council's 3-digit (or 5-character) CASSR code"});
  }
  if (retired) {
    if (retired.cassr !== cassr) {
      throw new DataError(at("la_code"), `CASSR code does not match ONS_CODE ${code} (${retired.name}, CASSR ${retired.cassr})`, {value: laCode, expected: retired.cassr});
    }
    // Same-boundary successors (North Yorkshire, Somerset, Buckinghamshire) carry the series on.
    return currentAreaCode(retired.code);
  }
  const council = councilByCode(code)!;
  const byCassr = councilByCassr(cassr);
  if (!byCassr) {
    throw new DataError(at("la_code"), "unknown CASSR code", {value: laCode, expected: `the CASSR code of ${council.name} (${council.cassr})`});
  }
  if (byCassr.code !== council.code) {
    throw new DataError(at("la_code"), `CASSR code is ${byCassr.name} (${byCassr.code}) but ONS_CODE ${code} is ${council.name}`, {value: laCode, expected: council.cassr});
  }
  return council.code;
}

/** A cache keyed by several strings without building a joined key per row. */
class NestedCache<T> {
  private root = new Map<string, unknown>();
  get(a: string, b: string, c: string, d?: string): T | undefined {
    const level1 = this.root.get(a) as Map<string, Map<string, unknown>> | undefined;
    const level2 = level1?.get(b);
    const level3 = level2?.get(c);
    return (d === undefined ? level3 : (level3 as Map<string, unknown> | undefined)?.get(d)) as T | undefined;
  }
  set(value: T, ...keys: string[]): void {
    let node = this.root;
    for (const key of keys.slice(0, -1)) {
      let next = node.get(key) as Map<string, unknown> | undefined;
      if (!next) node.set(key, (next = new Map()));
      node = next;
    }
    node.set(keys[keys.length - 1], value);
  }
}

function resolveRow(reference: string, enquiryType: string, category: string, subcategory: string, at: At): ResolvedRow {
  const compiled = COMPILED.get(reference.trim().toUpperCase());
  if (!compiled) {
    throw new DataError(at("table_reference"), "unknown table reference", {
      value: reference,
      expected: `one of ${[...COMPILED.values()].map((c) => c.table.reference).join(", ")} (add new tables to loaders/families/safeguarding/sac-tables.ts)`
    });
  }
  const {table} = compiled;
  const indicator_id = compiled.enquiryTypes.get(normaliseLabel(enquiryType));
  if (!indicator_id) {
    throw new DataError(at("enquiry_type"), `unknown enquiry type for table ${table.reference}`, {
      value: enquiryType, expected: table.enquiryTypes.map((e) => `'${e.label}'`).join(" or ")
    });
  }
  const categoryKey = normaliseLabel(category);
  const subcategoryKey = normaliseLabel(subcategory);
  let categoryMatched = false;
  for (const shape of compiled.shapes) {
    const first = shape.category.lookup.get(categoryKey);
    if (first === undefined) continue;
    categoryMatched = true;
    const second = shape.subcategory.lookup.get(subcategoryKey);
    if (second === undefined) continue;
    const parts = [first, second].filter((part): part is [string, string] => part !== null);
    return {indicator_id, breakdown: parts.length ? parts.map(([dimension, value]) => `${dimension}=${value}`).join(";") : "total"};
  }
  if (!categoryMatched) {
    throw new DataError(at("category"), `unknown category for table ${table.reference}`, {
      value: category, expected: [...new Set(compiled.shapes.map((s) => s.category.describe))].join(" or ")
    });
  }
  const accepted = compiled.shapes.filter((s) => s.category.lookup.has(categoryKey)).map((s) => s.subcategory.describe);
  throw new DataError(at("subcategory"), `unknown subcategory for table ${table.reference} category '${category}'`, {
    value: subcategory, expected: [...new Set(accepted)].join(" or ")
  });
}
