/**
 * Typed, located errors for people. Every problem found in a publisher file names the file,
 * the sheet (for spreadsheets), the row (1-based, as a spreadsheet or text editor shows it),
 * the column, the value found and what was expected.
 */
export interface Location {
  file: string;
  sheet?: string;
  row?: number;
  column?: string;
}

export class DataError extends Error {
  readonly file: string;
  readonly sheet?: string;
  readonly row?: number;
  readonly column?: string;
  readonly value?: string;
  readonly expected?: string;

  constructor(where: Location, problem: string, detail: {value?: unknown; expected?: string} = {}) {
    const value = detail.value === undefined ? undefined : String(detail.value);
    super(formatDataError(where, problem, value, detail.expected));
    this.name = "DataError";
    this.file = where.file;
    this.sheet = where.sheet;
    this.row = where.row;
    this.column = where.column;
    this.value = value;
    this.expected = detail.expected;
  }

  toJSON() {
    const {file, sheet, row, column, value, expected, message} = this;
    return {error: message, file, sheet, row, column, value, expected};
  }
}

function formatDataError(where: Location, problem: string, value?: string, expected?: string): string {
  let place = where.file;
  if (where.sheet) place += ` sheet '${where.sheet}'`;
  if (where.row !== undefined) place += ` row ${where.row}`;
  if (where.column) place += ` column '${where.column}'`;
  let message = `${place}: ${problem}`;
  if (value !== undefined) message += ` (found '${value.length > 80 ? value.slice(0, 77) + "..." : value}')`;
  if (expected) message += `; expected ${expected}`;
  return message;
}

export function isDataError(error: unknown): error is DataError {
  return error instanceof DataError;
}

/** Parse a published number: thousands separators and a trailing % are allowed, nothing else. */
export function parsePublishedNumber(text: string): number | undefined {
  const cleaned = text.trim().replace(/,/g, "").replace(/%$/, "");
  if (cleaned === "" || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}
