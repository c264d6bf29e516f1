/**
 * Skills for Care "local area data download" (ASC-WDS workforce estimates by council): XLSX,
 * sheet `LA level data`, one row per council x sector x service x job role, one column per measure.
 * Confirmed headers (data-sources.md §1): `CSSR (LA area)`, `Sector`, `Service`, `Job role`,
 * `Turnover rate`, `Vacancy rate`, `Sickness - Mean (divide by Employees)`, `Zero Hour Contracts - Yes`.
 *
 * What varies by edition, and where it is handled:
 * - the header row need not be row 1 (title rows above it): found by `isLaDataHeader`;
 * - header spelling (case, spacing, `CSSR` / `LA area`): aliases in `DIMENSION_COLUMNS` and `MEASURES`;
 * - job-role vocabulary (`Individual role - Care worker` vs `Care worker`): `vocabulary.ts`;
 * - rates as fractions (0.283, a cell formatted as a percentage) or percentages (28.3 or "28.3%"):
 *   `detectRateScale`. The rule: values are stored as percentages. A cell written with a `%` sign
 *   is a percentage. Bare numbers are judged per file: if the median of the bare turnover and
 *   vacancy values is at most 1, the edition publishes fractions and every bare rate is multiplied
 *   by 100; otherwise bare rates are percentages already. A source can fix the scale
 *   (`rateScale`) when an edition is known. Turnover and vacancy medians are tens of per cent in
 *   every published edition, so the two readings cannot be confused.
 * - `*` (too few records to publish) becomes a null value with status `suppressed`; a blank cell is
 *   null with status `not_available`; every published value is a weighted estimate (`estimate`).
 * - the combined `Cornwall and Isles of Scilly` row is filed under Cornwall (see `areas.ts`) and
 *   reported in the notes.
 * Measure columns this loader does not know are left out and listed in the notes; a missing
 * required column is an error.
 */
import type {CanonicalTables, FactRow, RowOrigin, Status} from "../../model.ts";
import {withLocations} from "../../model.ts";
import {expectFormat, sniffFormat} from "../../read/sniff.ts";
import {locateColumns, normaliseHeader, readTable, type Table} from "../../read/table.ts";
import {DataError, parsePublishedNumber, type Location} from "../../validate.ts";
import {COUNCILS} from "../geography/index.ts";
import {resolveWorkforceArea, type ResolvedArea} from "./areas.ts";
import {DIMENSION_ORDER, normaliseDimensionValue, workforceBreakdown, type WorkforceDimension} from "./vocabulary.ts";

export const LA_DATA_SHEET = "LA level data";

export const DIMENSION_COLUMNS = {
  area: ["CSSR (LA area)", "CSSR", "LA area", "CSSR name", "Local authority area", "Local authority"],
  sector: ["Sector"],
  service: ["Service", "Main service", "Main service group"],
  job_role: ["Job role", "Main job role", "Job role group"]
} as const;

type MeasureKind = "rate" | "days" | "count";

interface MeasureColumn {
  aliases: string[];
  required: boolean;
  kind: MeasureKind;
  /** The indicator this column's values become; absent for counts used only as numerator or denominator. */
  indicator?: string;
  /** Largest plausible value (after rates are converted to percentages). */
  max: number;
}

export const MEASURES = {
  turnover: {aliases: ["Turnover rate", "Staff turnover rate", "Turnover rate %"], required: true, kind: "rate", indicator: "workforce-turnover-rate", max: 500},
  vacancy: {aliases: ["Vacancy rate", "Vacancy rate %"], required: true, kind: "rate", indicator: "workforce-vacancy-rate", max: 100},
  sickness: {aliases: ["Sickness - Mean (divide by Employees)", "Sickness - Mean", "Sickness mean days", "Average sickness days"], required: true, kind: "days", indicator: "workforce-sickness-days", max: 366},
  zero_hours: {aliases: ["Zero Hour Contracts - Yes", "Zero hours contracts - Yes", "Zero-hours contracts - Yes"], required: true, kind: "rate", indicator: "workforce-zero-hours-share", max: 100},
  filled_posts: {aliases: ["Filled posts", "Total filled posts", "Number of filled posts"], required: false, kind: "count", indicator: "workforce-filled-posts", max: 2_000_000},
  employees: {aliases: ["Employees", "Number of employees"], required: false, kind: "count", max: 2_000_000},
  vacancies: {aliases: ["Vacancies", "Number of vacancies"], required: false, kind: "count", max: 2_000_000},
  starters: {aliases: ["Starters", "Number of starters"], required: false, kind: "count", max: 2_000_000},
  leavers: {aliases: ["Leavers", "Number of leavers"], required: false, kind: "count", max: 2_000_000}
} satisfies Record<string, MeasureColumn>;

type MeasureKey = keyof typeof MEASURES;
const MEASURE_KEYS = Object.keys(MEASURES) as MeasureKey[];
const RATE_KEYS = MEASURE_KEYS.filter((key) => MEASURES[key].kind === "rate");

export type RateScale = "fraction" | "percent";

export interface LaDataDownloadOptions {
  sourceId: string;
  vintage: string;
  /** The financial year the edition describes, `2023-24`. */
  period: string;
  /** Fix the scale of bare rate values instead of detecting it. */
  rateScale?: RateScale;
}

/**
 * The canonical tables, plus what a person should know about the file. Only `tables` goes to the
 * CLI and the snapshot (they write every key of a source's result as an Arrow table).
 */
export interface LaDataDownloadResult {
  tables: CanonicalTables;
  /** Things that are not errors: ignored columns, new vocabulary, the combined Cornwall row, the rate scale. */
  notes: string[];
  rateScale: RateScale | "none";
  /** Data rows read from the sheet. */
  inputRows: number;
}

const AREA_ALIAS_KEYS = new Set(DIMENSION_COLUMNS.area.map(normaliseHeader));
const JOB_ROLE_ALIAS_KEYS = new Set(DIMENSION_COLUMNS.job_role.map(normaliseHeader));

/** The header row names an area column and a job role column. */
export function isLaDataHeader(cells: string[]): boolean {
  const keys = cells.map(normaliseHeader);
  return keys.some((key) => AREA_ALIAS_KEYS.has(key)) && keys.some((key) => JOB_ROLE_ALIAS_KEYS.has(key));
}

export function parseLaDataDownload(bytes: Uint8Array, file: string, options: LaDataDownloadOptions): LaDataDownloadResult {
  // Skills for Care publishes XLSX; a CSV saved from the same sheet is read too, but an HTML page,
  // an empty or a binary file is refused as "not the XLSX expected".
  if (sniffFormat(bytes) !== "text") expectFormat(bytes, file, "xlsx");
  const table = readTable(bytes, file, {sheets: [LA_DATA_SHEET], isHeader: isLaDataHeader});
  return parseLaDataTable(table, options);
}

interface Cell {
  value: number | null;
  status: Status;
  /** True when the number was written with a % sign. */
  percentSign: boolean;
}

export function parseLaDataTable(table: Table, options: LaDataDownloadOptions): LaDataDownloadResult {
  const notes: string[] = [];
  const dimensions = locateColumns(table, DIMENSION_COLUMNS as unknown as Record<"area" | WorkforceDimension, string[]>);
  const measureAliases = Object.fromEntries(MEASURE_KEYS.map((key) => [key, MEASURES[key].aliases])) as Record<MeasureKey, string[]>;
  const measures = locateColumns(table, measureAliases, MEASURE_KEYS.filter((key) => !MEASURES[key].required));

  const used = new Set<number>([...Object.values(dimensions), ...Object.values(measures)].filter((i) => i >= 0));
  table.header.forEach((heading, index) => {
    if (used.has(index)) return;
    notes.push(`column ${columnLetter(index)} '${heading || "(no heading)"}' is not a measure this loader maps; left out`);
  });

  const where = (i: number, column?: string) => ({file: table.file, sheet: table.sheet, row: table.rowNumbers[i], column});
  const columnName = (index: number) => table.header[index];

  // First pass: read every measure cell, so the rate scale is decided on the whole edition.
  const present = MEASURE_KEYS.filter((key) => measures[key] >= 0);
  const cells: Record<MeasureKey, Cell>[] = table.rows.map((row, i) => {
    const parsed = {} as Record<MeasureKey, Cell>;
    for (const key of present) parsed[key] = readMeasureCell(row[measures[key]], () => where(i, columnName(measures[key])));
    return parsed;
  });
  const rateScale = options.rateScale ?? detectRateScale(cells);
  if (rateScale !== "none") notes.push(`bare rate values read as ${rateScale === "fraction" ? "fractions (0.283 = 28.3%) and multiplied by 100" : "percentages"}; rates are stored as percentages`);

  const facts: FactRow[] = [];
  const locations = new Map<FactRow, RowOrigin>();
  const areaCache = new Map<string, ResolvedArea>();
  const labelCache = new Map<string, string>();
  const unknownLabels = new Set<string>();
  const combinedRows = new Map<string, {count: number; note: string; code: string}>();
  const seen = new Map<string, number>();

  table.rows.forEach((row, i) => {
    const areaName = row[dimensions.area].trim();
    if (!areaName) throw new DataError(where(i, columnName(dimensions.area)), "the area name is blank", {expected: "a council, region or England"});
    let area = areaCache.get(areaName);
    if (!area) {
      area = resolveWorkforceArea(areaName, where(i, columnName(dimensions.area)));
      areaCache.set(areaName, area);
    }
    if (area.combined) {
      const entry = combinedRows.get(areaName) ?? {count: 0, note: area.combined.note, code: area.code};
      entry.count++;
      combinedRows.set(areaName, entry);
    }

    const labels = {} as Record<WorkforceDimension, string>;
    for (const dimension of DIMENSION_ORDER) {
      const published = row[dimensions[dimension]];
      const cacheKey = `${dimension}\u0000${published}`;
      let label = labelCache.get(cacheKey);
      if (label === undefined) {
        if (!published.trim()) throw new DataError(where(i, columnName(dimensions[dimension])), `the ${dimension.replace("_", " ")} is blank`, {expected: `a ${dimension.replace("_", " ")} label`});
        const normalised = normaliseDimensionValue(dimension, published);
        if (/[;=]/.test(normalised.label)) throw new DataError(where(i, columnName(dimensions[dimension])), "a label with ';' or '=' cannot be stored in a breakdown", {value: published, expected: "a label without ';' or '='"});
        if (!normalised.known) unknownLabels.add(`${dimension.replace("_", " ")} '${normalised.label}'`);
        label = normalised.label;
        labelCache.set(cacheKey, label);
      }
      labels[dimension] = label;
    }
    const breakdown = workforceBreakdown(labels);

    const key = `${area.code}\u0000${breakdown}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new DataError(where(i, columnName(dimensions.area)), `a second row for the same area, sector, service and job role (first at row ${table.rowNumbers[earlier]})`, {
        value: `${areaName} / ${breakdown}`,
        expected: "one row per area, sector, service and job role"
      });
    }
    seen.set(key, i);

    const values = {} as Record<MeasureKey, Cell>;
    for (const measure of present) {
      const cell = cells[i][measure];
      const value = cell.value === null || MEASURES[measure].kind !== "rate" || cell.percentSign || rateScale !== "fraction" ? cell.value : roundPercent(cell.value * 100);
      if (value !== null && (value < 0 || value > MEASURES[measure].max)) {
        throw new DataError(where(i, columnName(measures[measure])), `${describeMeasure(measure)} is out of range`, {
          value: row[measures[measure]],
          expected: `${MEASURES[measure].kind === "rate" ? `a percentage from 0 to ${MEASURES[measure].max}` : `a number from 0 to ${MEASURES[measure].max}`}${MEASURES[measure].kind === "rate" ? ` (this file's bare rates read as ${rateScale === "fraction" ? "fractions" : "percentages"})` : ""}`
        });
      }
      values[measure] = value === cell.value ? cell : {value, status: cell.status, percentSign: cell.percentSign};
    }

    const count = (measure: MeasureKey) => (values[measure] && values[measure].value !== null ? values[measure].value : null);
    const fractionParts: Partial<Record<MeasureKey, [number | null, number | null]>> = {
      turnover: [count("leavers"), count("employees")],
      vacancy: [count("vacancies"), count("filled_posts") !== null && count("vacancies") !== null ? count("filled_posts")! + count("vacancies")! : null]
    };

    for (const measure of present) {
      const indicator = (MEASURES[measure] as MeasureColumn).indicator;
      if (!indicator) continue;
      const cell = values[measure];
      const [numerator, denominator] = cell.value === null ? [null, null] : (fractionParts[measure] ?? [null, null]);
      const fact: FactRow = {
        indicator_id: indicator,
        area_code: area.code,
        period: options.period,
        breakdown,
        value: cell.value,
        numerator,
        denominator,
        status: cell.status,
        source_id: options.sourceId,
        vintage: options.vintage
      };
      facts.push(fact);
      locations.set(fact, {row: table.rowNumbers[i], sheet: table.sheet, column: columnName(measures[measure])});
    }
  });

  for (const [name, entry] of combinedRows) notes.push(`${entry.count} rows for '${name}' filed under ${entry.code}: ${entry.note}`);
  const covered = new Set([...areaCache.values()].flatMap((area) => [area.code, ...(area.combined?.members ?? [])]));
  const missing = COUNCILS.filter((council) => !covered.has(council.code)).map((council) => council.name);
  if (missing.length) notes.push(`${missing.length} of ${COUNCILS.length} councils have no rows in this file: ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", ..." : ""}`);
  for (const label of unknownLabels) notes.push(`${label} is not in the vocabulary table; kept as published`);
  return {tables: withLocations({facts}, locations), notes, rateScale, inputRows: table.rows.length};
}

/** A measure cell: a number (with or without `%`), `*` (suppressed) or blank (not available). */
function readMeasureCell(text: string, where: () => Location): Cell {
  const trimmed = text.trim();
  if (trimmed === "*" || trimmed === "[c]" || trimmed === "[C]") return {value: null, status: "suppressed", percentSign: false};
  if (trimmed === "" || trimmed === "[x]" || trimmed === "[X]") return {value: null, status: "not_available", percentSign: false};
  const value = parsePublishedNumber(trimmed);
  if (value === undefined || !Number.isFinite(value)) {
    throw new DataError(where(), "not a number", {value: text, expected: "a number, a percentage, '*' (suppressed) or a blank cell"});
  }
  return {value, status: "estimate", percentSign: trimmed.endsWith("%")};
}

/** The edition's scale for bare rate values: see the module comment. */
export function detectRateScale(rows: Record<string, Cell | undefined>[]): RateScale | "none" {
  const bare: number[] = [];
  for (const row of rows) {
    for (const key of ["turnover", "vacancy"]) {
      const cell = row[key];
      if (cell && cell.value !== null && !cell.percentSign) bare.push(cell.value);
    }
  }
  const anyBareRate = rows.some((row) => RATE_KEYS.some((key) => row[key] && row[key]!.value !== null && !row[key]!.percentSign));
  if (!bare.length) return anyBareRate ? "percent" : "none";
  bare.sort((a, b) => a - b);
  const median = bare.length % 2 ? bare[(bare.length - 1) / 2] : (bare[bare.length / 2 - 1] + bare[bare.length / 2]) / 2;
  return median <= 1 ? "fraction" : "percent";
}

/** 0.283 * 100 is 28.299999999999997 in floating point; keep the digits the publisher gave. */
function roundPercent(value: number): number {
  return Math.round(value * 1e10) / 1e10;
}

function describeMeasure(measure: MeasureKey): string {
  return MEASURES[measure].aliases[0];
}

function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
