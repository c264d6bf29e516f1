/**
 * The canonical model: the tables every family loader emits and the browser queries.
 * Long format (one row per value) so that one comparator engine serves every family.
 * See ../shared/docs/DESIGN.md "Canonical model" and the README's architecture section.
 *
 * The columns are declared once, in src/lib/domain/schema.ts (which the notebook kit lists too):
 * the row interfaces below extend its row types and narrow the enumerated columns, and SCHEMAS
 * is built from it.
 */
import {Bool, Dictionary, Field, Float64, Int32, RecordBatch, Schema, Struct, Table, Utf8, makeBuilder, makeData, tableFromIPC, tableToIPC, type DataType} from "apache-arrow";
import {TABLES, type ColumnType, type RowOf, type TableName} from "../src/lib/domain/schema.ts";
import type {Status} from "../src/lib/domain/status.ts";
import type {GroupKind} from "../src/lib/domain/groups.ts";
import type {Family, Polarity, ValueType} from "../src/lib/domain/types.ts";

export type {TableName};
/** The domain's vocabulary (src/lib/domain), re-exported beside the rows that use it. */
export type {Family, GroupKind, Polarity, Status};

export interface FactRow extends RowOf<"facts"> {
  status: Status;
}

export type AreaType = "UA" | "MD" | "LB" | "CC" | "region" | "country" | "nhs_footprint" | "former";

export interface AreaRow extends RowOf<"areas"> {
  type: AreaType;
}

export interface GroupRow extends RowOf<"groups"> {
  kind: GroupKind;
}

export interface IndicatorRow extends RowOf<"indicators"> {
  family: Family;
  value_type: ValueType;
  polarity: Polarity;
}

export type CqcAssessmentRow = RowOf<"cqc_assessments">;

export type CqcLocationRow = RowOf<"cqc_locations">;

/** A manifest row as the loaders write it: they always know a file's size and rows (the column is nullable for the reader). */
export interface SnapshotRow extends RowOf<"snapshot"> {
  bytes: number;
  rows: number;
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

// Facts repeat a few hundred distinct strings per column hundreds of thousands of times: dictionary
// encoding makes facts.arrow several times smaller, and DuckDB-Wasm reads it as VARCHAR.
const DICTIONARY_TABLES: ReadonlySet<TableName> = new Set(["facts"]);
let dictionaryId = 0;

/** The Arrow type a declared column is stored as. */
function arrowType(table: TableName, type: ColumnType): DataType {
  if (type === "utf8") return DICTIONARY_TABLES.has(table) ? new Dictionary(new Utf8(), new Int32(), dictionaryId++) : new Utf8();
  return type === "float64" ? new Float64() : type === "int32" ? new Int32() : new Bool();
}

/** The Arrow schema of every canonical table, from the declarations in src/lib/domain/schema.ts. */
export const SCHEMAS = Object.fromEntries(
  TABLES.map((table) => [table.name, new Schema(table.columns.map((c) => new Field(c.name, arrowType(table.name, c.type), c.nullable)))])
) as Record<TableName, Schema>;

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
  // Column by column (each vector's own iterator: nulls as null, dictionaries decoded), then the
  // rows, keys in the schema's order: what each row's toJSON() gives, ten times faster on the
  // 360,000 facts (row proxies cost about 4 s there).
  const names = table.schema.fields.map((field) => field.name);
  const columns = names.map((name) => {
    const values: unknown[] = new Array(table.numRows);
    let i = 0;
    for (const value of table.getChild(name) ?? []) values[i++] = typeof value === "bigint" ? Number(value) : value;
    return values;
  });
  const rows: T[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]] = columns[c][r];
    rows[r] = row as T;
  }
  return rows;
}

/** The key that identifies one fact across snapshots (for revisions and duplicates). */
export function factKey(row: Pick<FactRow, "indicator_id" | "area_code" | "period" | "breakdown">): string {
  return `${row.indicator_id}\u0000${row.area_code}\u0000${row.period}\u0000${row.breakdown}`;
}
