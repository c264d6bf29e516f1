/**
 * Reading a publisher file as a table (CSV or one sheet of a workbook, told apart by content), and
 * column lookup by any of a header's published aliases. `streamTable` gives the same rows one at
 * a time, for parsers that need not hold them all. The shapes are in table-types.ts.
 */
import {DataError} from "../validate.ts";
import {sniffFormat} from "./sniff.ts";
import {readCheckedCsv, readCsv, streamCsv} from "./csv.ts";
import {readSheet, type SheetChoice} from "./spreadsheet.ts";
import {gunzipIfCompressed} from "./gzip.ts";
import type {RowStream, Table, TableHeader} from "./table-types.ts";

export type {RowStream, Table, TableHeader} from "./table-types.ts";

/** Normalise a header for matching: case, spaces, underscores and punctuation drift. */
export function normaliseHeader(header: string): string {
  return header.replace(/^\uFEFF/, "").trim().toLowerCase().replace(/[_\s]+/g, " ").replace(/[^a-z0-9% ]/g, "").trim();
}

/** Aliases are the parsers' own constants, so their normal forms are kept (bounded, for safety). */
const normalisedAliases = new Map<string, string>();
function normaliseAlias(alias: string): string {
  let form = normalisedAliases.get(alias);
  if (form === undefined) {
    if (normalisedAliases.size >= 4096) normalisedAliases.clear();
    normalisedAliases.set(alias, (form = normaliseHeader(alias)));
  }
  return form;
}

/**
 * Find columns by alias. `columns` maps our name to the publisher's header variants.
 * A required column that is missing is an error naming what was expected and what was found.
 */
export function locateColumns<K extends string>(table: TableHeader, columns: Record<K, string[]>, optional: NoInfer<K>[] = []): Record<K, number> {
  const normalised = table.header.map(normaliseHeader);
  const result = {} as Record<K, number>;
  for (const key of Object.keys(columns) as K[]) {
    const index = columns[key].map((alias) => normalised.indexOf(normaliseAlias(alias))).find((i) => i >= 0) ?? -1;
    if (index < 0 && !optional.includes(key)) {
      throw new DataError(
        {file: table.file, sheet: table.sheet, row: table.headerRow, column: columns[key][0]},
        `required column is missing`,
        {expected: `a column headed ${columns[key].map((a) => `'${a}'`).join(" or ")}; found ${table.header.map((h) => `'${h}'`).join(", ")}`}
      );
    }
    result[key] = index;
  }
  return result;
}

/** Read CSV, XLSX or ODS by content, not by file name (gzip-compressed or not). */
export function readTable(bytes: Uint8Array, file: string, choice: SheetChoice = {}): Table {
  bytes = gunzipIfCompressed(bytes, file);
  const format = sniffFormat(bytes);
  if (format === "zip" || format === "ole") return readSheet(bytes, file, choice);
  // Text has passed readCsv's format check already; anything else gets readCsv's error.
  return format === "text" ? readCheckedCsv(bytes, file) : readCsv(bytes, file);
}

/** `readTable`'s rows visited one at a time: a CSV is never held as rows (see RowStream). */
export function streamTable(bytes: Uint8Array, file: string, choice: SheetChoice = {}): RowStream {
  bytes = gunzipIfCompressed(bytes, file);
  const format = sniffFormat(bytes);
  if (format !== "zip" && format !== "ole") return streamCsv(bytes, file);
  const table = readSheet(bytes, file, choice);
  return {
    file: table.file, sheet: table.sheet, header: table.header, headerRow: table.headerRow,
    forEachRow(visit) {
      table.rows.forEach((cells, i) => visit(cells, table.rowNumbers[i]));
    }
  };
}
