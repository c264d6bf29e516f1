/**
 * The shapes every reader returns: a whole table, or its rows visited one at a time. A leaf of
 * loaders/read/, so that the CSV and workbook readers can produce them without importing
 * table.ts, which dispatches to those readers (they would otherwise import each other).
 */

/**
 * A rectangular table read from a publisher file (CSV or one sheet of a workbook), with the row
 * numbers a person would see.
 */
export interface Table {
  file: string;
  sheet?: string;
  header: string[];
  rows: string[][];
  /** rowNumbers[i] is the 1-based line or spreadsheet row of rows[i]. */
  rowNumbers: number[];
  headerRow: number;
}

/**
 * A table whose rows are visited once, in order, rather than held: what a parser that builds its
 * facts row by row needs. A CSV is streamed from its text (`streamCsv`); a workbook's sheet is
 * already in memory once SheetJS has read it, so its rows are visited from the Table.
 */
export interface RowStream {
  file: string;
  sheet?: string;
  header: string[];
  headerRow: number;
  /** Visit each row with its 1-based line or spreadsheet row; only once. */
  forEachRow(visit: (cells: string[], row: number) => void): void;
}

/** The header part of a table, which is all that column lookup needs. */
export type TableHeader = Pick<Table, "file" | "sheet" | "header" | "headerRow">;
