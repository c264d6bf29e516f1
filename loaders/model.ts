/**
 * The canonical model: the tables every family loader emits and the browser queries.
 * Long format (one row per value) so that one comparator engine serves every family.
 * See ../shared/docs/DESIGN.md "Canonical model" and the README's architecture section.
 */
import {Bool, Dictionary, Field, Float64, Int32, RecordBatch, Schema, Struct, Table, Utf8, makeBuilder, makeData, tableFromIPC, tableToIPC, type DataType} from "apache-arrow";

export type Status = "ok" | "suppressed" | "not_available" | "provisional" | "estimate" | "derived";

export interface FactRow {
  indicator_id: string;
  area_code: string;
  period: string;
  breakdown: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: Status;
  source_id: string;
  vintage: string;
}

export type AreaType = "UA" | "MD" | "LB" | "CC" | "region" | "country" | "nhs_footprint" | "former";

export interface AreaRow {
  code: string;
  name: string;
  short_name: string;
  type: AreaType;
  region_code: string | null;
  region_name: string | null;
  ics_code: string | null;
  ics_name: string | null;
  cassr_code: string | null;
  aliases: string; // "|"-separated published variants
}

export type GroupKind = "all_england" | "region" | "ics" | "cipfa" | "nhse_peer" | "custom";

export interface GroupRow {
  group_id: string;
  kind: GroupKind;
  label: string;
  focal_code: string | null; // null for groups that are not built around one council (region, ICS, custom)
  member_code: string;
  rank: number | null; // neighbour rank or distance order, where published
  vintage: string;
  provenance: string;
  sample: boolean;
}

export type Polarity = "high_is_good" | "low_is_good" | "no_judgement";
export type Family = "workforce" | "cqc" | "safeguarding" | "reablement";

export interface IndicatorRow {
  indicator_id: string;
  family: Family;
  title: string;
  short_title: string;
  unit: string; // "%", "per 100,000 adults", "count", "days", "score"
  value_type: "proportion" | "rate" | "count" | "score" | "mean";
  multiplier: number | null; // 100 for a percentage, 100000 for a rate per 100,000; used for CIs
  polarity: Polarity;
  definition: string;
  source: string;
  source_url: string;
  codes: string; // JSON: [{code, from, to}] publisher codes over time
  series_breaks: string; // JSON: [{period, note}]
  caveats: string;
  derived: boolean;
}

export interface CqcAssessmentRow {
  area_code: string;
  report_date: string;
  report_url: string;
  overall_pct: number | null;
  rating: string;
  qs1: number | null; qs2: number | null; qs3: number | null;
  qs4: number | null; qs5: number | null; qs6: number | null;
  qs7: number | null; qs8: number | null; qs9: number | null;
  /** Where the row's figures come from: the CQC report, a seed paper and its lines, or the league-table scrape. */
  provenance: string;
  source_id: string;
  sample: boolean;
}

export interface CqcLocationRow {
  location_id: string;
  area_code: string;
  service_type: string;
  care_home: boolean;
  beds: number | null;
  rating: string;
  rating_date: string | null;
  source_id: string;
  vintage: string;
}

export interface SnapshotRow {
  source_id: string;
  family: string;
  file: string;
  url: string;
  vintage: string;
  retrieved_at: string;
  sha256: string;
  bytes: number;
  rows: number;
  sample: boolean;
  seeded: string; // what in the file comes from the seed papers, or ""
}

/**
 * Where a parsed row came from in its file, for located validation messages (loaders/validation.ts):
 * the 1-based row (line or spreadsheet row), the sheet, and the column that holds the figure.
 * `parts` locates a numerator or denominator given on another row or in another column;
 * `period_column` names the column a period was read from (the ASCOF CSV's Year).
 */
export interface RowOrigin {
  row: number;
  sheet?: string;
  column?: string;
  parts?: Partial<Record<"numerator" | "denominator", {row: number; column?: string}>>;
  period_column?: string;
}

/** Every table a source may carry. Families fill the ones they have. */
export interface CanonicalTables {
  facts: FactRow[];
  areas?: AreaRow[];
  groups?: GroupRow[];
  cqc_assessments?: CqcAssessmentRow[];
  cqc_locations?: CqcLocationRow[];
  /** What the parser did that a reader of the summary should know (not a table): `ingest` prints each line. */
  notes?: string[];
  /**
   * Not a table and never persisted: where each row (a fact, an assessment, a location) was read,
   * keyed by the row object, so validation can name the row. Parsers fill it where it is cheap.
   */
  locations?: Map<object, RowOrigin>;
}

/**
 * Attach row locations to a parse's tables as a non-enumerable property: they travel with the
 * tables (to loaders/validation.ts) but are no key of them, so code that walks the tables (the
 * CLI writes one Arrow file per key) never mistakes them for a table.
 */
export function withLocations<T extends object>(tables: T, locations: Map<object, RowOrigin>): T & {locations: Map<object, RowOrigin>} {
  Object.defineProperty(tables, "locations", {value: locations, enumerable: false, writable: true, configurable: true});
  return tables as T & {locations: Map<object, RowOrigin>};
}

export type TableName = "facts" | "areas" | "groups" | "indicators" | "cqc_assessments" | "cqc_locations" | "snapshot";

const utf8 = (name: string, nullable = false) => new Field(name, new Utf8(), nullable);
// Facts repeat a few hundred distinct strings per column hundreds of thousands of times: dictionary
// encoding makes facts.arrow several times smaller, and DuckDB-Wasm reads it as VARCHAR.
let dictionaryId = 0;
const dict = (name: string) => new Field(name, new Dictionary(new Utf8(), new Int32(), dictionaryId++), false);
const f64 = (name: string) => new Field(name, new Float64(), true);

export const SCHEMAS: Record<TableName, Schema> = {
  facts: new Schema([
    dict("indicator_id"), dict("area_code"), dict("period"), dict("breakdown"),
    f64("value"), f64("numerator"), f64("denominator"),
    dict("status"), dict("source_id"), dict("vintage")
  ]),
  areas: new Schema([
    utf8("code"), utf8("name"), utf8("short_name"), utf8("type"),
    utf8("region_code", true), utf8("region_name", true), utf8("ics_code", true), utf8("ics_name", true),
    utf8("cassr_code", true), utf8("aliases")
  ]),
  groups: new Schema([
    utf8("group_id"), utf8("kind"), utf8("label"), utf8("focal_code", true), utf8("member_code"),
    new Field("rank", new Int32(), true), utf8("vintage"), utf8("provenance"), new Field("sample", new Bool(), false)
  ]),
  indicators: new Schema([
    utf8("indicator_id"), utf8("family"), utf8("title"), utf8("short_title"), utf8("unit"), utf8("value_type"),
    f64("multiplier"), utf8("polarity"), utf8("definition"), utf8("source"), utf8("source_url"),
    utf8("codes"), utf8("series_breaks"), utf8("caveats"), new Field("derived", new Bool(), false)
  ]),
  cqc_assessments: new Schema([
    utf8("area_code"), utf8("report_date"), utf8("report_url"), f64("overall_pct"), utf8("rating"),
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => new Field(`qs${i}`, new Int32(), true)),
    utf8("provenance"), utf8("source_id"), new Field("sample", new Bool(), false)
  ]),
  cqc_locations: new Schema([
    utf8("location_id"), utf8("area_code"), utf8("service_type"), new Field("care_home", new Bool(), false),
    f64("beds"), utf8("rating"), utf8("rating_date", true), utf8("source_id"), utf8("vintage")
  ]),
  snapshot: new Schema([
    utf8("source_id"), utf8("family"), utf8("file"), utf8("url"), utf8("vintage"), utf8("retrieved_at"),
    utf8("sha256"), f64("bytes"), f64("rows"), new Field("sample", new Bool(), false), utf8("seeded")
  ])
};

/** Build an Arrow table with the canonical schema; a missing non-nullable value is a programming error. */
export function toArrowTable(name: TableName, rows: readonly object[]): Table {
  const schema = SCHEMAS[name];
  const children = schema.fields.map((field) => {
    const builder = makeBuilder({type: field.type as DataType, nullValues: [null, undefined]});
    for (const row of rows) {
      const value = (row as Record<string, unknown>)[field.name];
      if ((value === null || value === undefined) && !field.nullable) {
        throw new Error(`${name}.${field.name} may not be null (row ${JSON.stringify(row).slice(0, 200)})`);
      }
      builder.append(value as never);
    }
    return builder.finish().flush();
  });
  const data = makeData({type: new Struct(schema.fields), length: rows.length, nullCount: 0, children});
  return new Table(schema, new RecordBatch(schema, data));
}

export function toArrowIPC(name: TableName, rows: readonly object[]): Uint8Array {
  // The IPC stream format: DuckDB-Wasm's insertArrowFromIPCStream reads it, and apache-arrow's tableFromIPC reads both.
  return tableToIPC(toArrowTable(name, rows), "stream");
}

/** Read an Arrow IPC file back into plain rows (used by tests, the change report and the CLI). */
export function fromArrowIPC<T = Record<string, unknown>>(bytes: Uint8Array): T[] {
  const table = tableFromIPC(bytes);
  return table.toArray().map((row) => {
    const plain = row.toJSON() as Record<string, unknown>;
    for (const key of Object.keys(plain)) if (typeof plain[key] === "bigint") plain[key] = Number(plain[key]);
    return plain as T;
  });
}

/** The key that identifies one fact across snapshots (for revisions and duplicates). */
export function factKey(row: Pick<FactRow, "indicator_id" | "area_code" | "period" | "breakdown">): string {
  return `${row.indicator_id}\u0000${row.area_code}\u0000${row.period}\u0000${row.breakdown}`;
}
