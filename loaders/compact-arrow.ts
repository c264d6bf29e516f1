/**
 * Smaller Arrow files for the site's pages, with the same rows and columns: string columns that
 * repeat (groups.arrow's provenance repeats 13 texts of ~350 characters 2,746 times) become
 * dictionary-encoded, and every dictionary gets the narrowest signed index its distinct values
 * need (Int8 up to 127 values, Int16 up to 32,767, else Int32), so a facts file's seven
 * dictionary columns cost 1 or 2 bytes a row each instead of 4. DuckDB-Wasm reads every one of
 * these as VARCHAR, so the pages' SQL is unchanged; apache-arrow reads them back as strings.
 * Column names, order, nullability and the other columns' types are kept.
 *
 * The canonical schemas (loaders/model.ts SCHEMAS) stay as they are: this is only what the site's
 * data loaders (loaders/site-data.ts) write for the browser.
 */
import {Data, DataType, Dictionary, Field, Int8, Int16, Int32, makeBuilder, makeData, RecordBatch, Schema, Struct, Table, tableFromIPC, tableToIPC, Utf8} from "apache-arrow";
import {SCHEMAS, type TableName} from "./model.ts";

/** A string column becomes a dictionary when it has at most this share of distinct values. */
const DICTIONARY_SHARE = 0.5;

function indexType(distinct: number): Int8 | Int16 | Int32 {
  return distinct <= 127 ? new Int8() : distinct <= 32_767 ? new Int16() : new Int32();
}

function column(values: unknown[], type: DataType): Data {
  const builder = makeBuilder({type, nullValues: [null, undefined]});
  for (const value of values) builder.append(value as never);
  return builder.finish().flush();
}

/**
 * The compact table of these fields, each column's values given by `valuesOf`: string columns
 * that repeat become narrow dictionaries (ids from 0 in field order), the others keep their type.
 */
function compactTable(schemaFields: readonly Field[], length: number, valuesOf: (field: Field) => unknown[]): Table {
  let dictionaryId = 0;
  const fields: Field[] = [];
  const children: Data[] = [];
  for (const field of schemaFields) {
    const values = valuesOf(field);
    const isString = DataType.isUtf8(field.type) || (DataType.isDictionary(field.type) && DataType.isUtf8(field.type.dictionary));
    let type: DataType = field.type;
    if (isString) {
      const distinct = new Set(values.filter((v) => v !== null && v !== undefined)).size;
      if (DataType.isDictionary(field.type) || distinct <= values.length * DICTIONARY_SHARE) type = new Dictionary(new Utf8(), indexType(distinct), dictionaryId++);
      else type = new Utf8();
    } else if (DataType.isDictionary(field.type)) {
      throw new Error(`compactArrowTable: ${field.name} is a dictionary of ${field.type.dictionary}, not of strings`);
    }
    fields.push(new Field(field.name, type, field.nullable));
    children.push(column(values, type));
  }
  const schema = new Schema(fields);
  const data = makeData({type: new Struct(schema.fields), length, nullCount: 0, children});
  return new Table(schema, new RecordBatch(schema, data));
}

/** The table re-encoded as described above. */
export function compactArrowTable(table: Table): Table {
  return compactTable(table.schema.fields, table.numRows, (field) => [...(table.getChild(field.name) ?? [])] as unknown[]);
}

/** An Arrow IPC stream re-encoded as described above (an IPC stream again). */
export function compactArrowIPC(bytes: Uint8Array): Uint8Array {
  return tableToIPC(compactArrowTable(tableFromIPC(bytes)), "stream");
}

/**
 * A canonical table's rows straight to the compact IPC stream: the same bytes as
 * `compactArrowIPC(toArrowIPC(name, rows))` without writing and reading back the canonical
 * encoding first (a family's facts: about half the time). A missing non-nullable value is the
 * same programming error as in toArrowTable.
 */
export function compactArrowRows(name: TableName, rows: readonly object[]): Uint8Array {
  return tableToIPC(compactTable(SCHEMAS[name].fields, rows.length, (field) => {
    const values: unknown[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const value = (rows[i] as Record<string, unknown>)[field.name];
      if (value === undefined || value === null) {
        if (!field.nullable) throw new Error(`${name}.${field.name} may not be null (row ${JSON.stringify(rows[i]).slice(0, 200)})`);
        values[i] = null;
      } else values[i] = value;
    }
    return values;
  }), "stream");
}
