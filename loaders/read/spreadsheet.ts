/**
 * XLSX, XLS and ODS reading, behind one module so the library can be swapped. Uses @e965/xlsx
 * (an npm republish of SheetJS 0.20.3: npm's own `xlsx` 0.18.5 has CVE-2023-30533 and
 * CVE-2024-22363, see ../shared/docs/data-sources.md §9). Bounded: size, sheets, rows; and a zip
 * workbook (XLSX, ODS) is refused by its entries' sizes before SheetJS expands it (`zip.ts`), since
 * SheetJS inflates whatever it is given. A legacy `.xls` is not compressed: the byte limit is enough.
 * One sheet of an XLSX is read by a plain reader of our own (`xlsx.ts`), ten times faster and with
 * the same result, and an ODS by another (`ods.ts`, two to three times faster); SheetJS reads
 * whatever those readers decline.
 */
import * as XLSX from "@e965/xlsx";
import {DataError} from "../validate.ts";
import {expectFormat, sniffFormat} from "./sniff.ts";
import type {Table} from "./table-types.ts";
import {gunzipIfCompressed} from "./gzip.ts";
import {checkZipSizes, type InflatedEntries} from "./zip.ts";
import {biffSheetStream, isCompoundFile} from "./biff.ts";
import {readXlsxSheet} from "./xlsx.ts";
import {readOdsGrids} from "./ods.ts";

export const SPREADSHEET_LIMITS = {bytes: 200 * 1024 * 1024, rows: 2_000_000, sheets: 200};

export interface SheetChoice {
  /** Sheet names to try in order (case-insensitive); the first present wins. */
  sheets?: string[];
  /** Find the header row: the first row (within the first 50) for which this returns true. */
  isHeader?: (cells: string[]) => boolean;
}

export function listSheets(bytes: Uint8Array, file: string): string[] {
  bytes = gunzipIfCompressed(bytes, file);
  expectFormat(bytes, file, "spreadsheet");
  checkWorkbookSize(bytes, file);
  return openWorkbook(bytes, file, true).SheetNames;
}

/**
 * Refuse a workbook by size before it is expanded: its bytes, and for a zip its entries' sizes.
 * `keep`: what the zip check inflated, for the fast XLSX reader.
 */
function checkWorkbookSize(bytes: Uint8Array, file: string, keep?: InflatedEntries): void {
  if (bytes.length > SPREADSHEET_LIMITS.bytes) throw new DataError({file}, `file is ${bytes.length} bytes, over the ${SPREADSHEET_LIMITS.bytes}-byte limit`);
  if (sniffFormat(bytes) === "zip") checkZipSizes(bytes, file, keep);
}

/**
 * SheetJS writes "ODS number format may be incorrect: <condition>" to console.error for every ODS
 * number style with a conditional map it cannot translate (DHSC's time series has them on every
 * read). The format only shapes display text; cells are read as their stored numbers
 * (`rawNumbers`), so the message is noise in build logs. Exactly that message is dropped while
 * `read` runs; anything else SheetJS prints still goes through.
 */
const ODS_FORMAT_WARNING = "ODS number format may be incorrect";
function withoutOdsFormatWarnings<T>(read: () => T): T {
  const original = console.error;
  console.error = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith(ODS_FORMAT_WARNING)) return;
    original.apply(console, args);
  };
  try {
    return read();
  } finally {
    console.error = original;
  }
}

/** `only`: parse just this sheet (a 3.5 MB ONS workbook takes 3 s in full and 0.4 s for one sheet). */
function openWorkbook(bytes: Uint8Array, file: string, namesOnly = false, only?: string): XLSX.WorkBook {
  if (bytes.length > SPREADSHEET_LIMITS.bytes) throw new DataError({file}, `file is ${bytes.length} bytes, over the ${SPREADSHEET_LIMITS.bytes}-byte limit`);
  try {
    const workbook = withoutOdsFormatWarnings(() => XLSX.read(bytes, {type: "array", bookSheets: namesOnly, ...(only === undefined ? {} : {sheets: only}), cellDates: false, cellHTML: false, cellFormula: false, dense: true, sheetRows: SPREADSHEET_LIMITS.rows}));
    checkSheetCount(workbook.SheetNames, file);
    return workbook;
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError({file}, `cannot read the workbook (${(error as Error).message}): the file is truncated or not a spreadsheet`, {expected: "a complete XLSX, XLS or ODS workbook"});
  }
}

/**
 * Read one sheet as text cells, with its header row located and row numbers as the spreadsheet
 * shows them. An XLSX sheet is read by the fast reader (xlsx.ts) and an ODS by ods.ts, each giving
 * exactly SheetJS's grid in a fraction of the time; whatever they decline, and every XLS, is SheetJS's.
 */
export function readSheet(bytes: Uint8Array, file: string, choice: SheetChoice = {}): Table {
  bytes = gunzipIfCompressed(bytes, file);
  expectFormat(bytes, file, "spreadsheet");
  const inflated: InflatedEntries = new Map();
  checkWorkbookSize(bytes, file, inflated);
  if (sniffFormat(bytes) === "zip" && !isOpenDocument(bytes)) {
    const fast = readXlsxSheet(bytes, {sheets: choice.sheets, maxRows: SPREADSHEET_LIMITS.rows, maxSheets: SPREADSHEET_LIMITS.sheets, inflated});
    if (fast) {
      if (fast.sheet === undefined) throw noSuchSheet(file, choice.sheets!, fast.sheetNames);
      return gridTable(fast.grid, fast.sheet, file, choice);
    }
  } else if (sniffFormat(bytes) === "zip") {
    const wanted = choice.sheets?.length ? (name: string) => chooseSheet([name], choice.sheets!) !== undefined : undefined;
    const ods = readOdsGrids(bytes, wanted, SPREADSHEET_LIMITS.rows);
    if (ods) {
      checkSheetCount(ods.sheetNames, file);
      const name = choice.sheets?.length ? chooseSheet(ods.sheetNames, choice.sheets) : ods.sheetNames[0];
      if (!name) throw noSuchSheet(file, choice.sheets!, ods.sheetNames);
      return gridTable(ods.grids.get(name)!, name, file, choice);
    }
  }
  return sheetWithSheetJS(bytes, file, choice);
}

/** The first of `wanted` the workbook has (its names trimmed, case ignored), as the workbook spells it. */
function chooseSheet(names: readonly string[], wanted: readonly string[]): string | undefined {
  for (const want of wanted) {
    const found = names.find((name) => name.trim().toLowerCase() === want.toLowerCase());
    if (found) return found;
  }
  return undefined;
}

function checkSheetCount(names: readonly string[], file: string): void {
  if (names.length > SPREADSHEET_LIMITS.sheets) throw new DataError({file}, `${names.length} sheets, over the limit of ${SPREADSHEET_LIMITS.sheets}`);
}

/** `readSheet` by SheetJS alone, as it was before the fast XLSX reader: for tests that compare the two. */
export function readSheetWithSheetJS(bytes: Uint8Array, file: string, choice: SheetChoice = {}): Table {
  bytes = gunzipIfCompressed(bytes, file);
  expectFormat(bytes, file, "spreadsheet");
  checkWorkbookSize(bytes, file);
  return sheetWithSheetJS(bytes, file, choice);
}

/** One sheet by SheetJS, of a workbook that has passed the format and size checks. */
function sheetWithSheetJS(bytes: Uint8Array, file: string, choice: SheetChoice): Table {
  // A legacy .xls: the chosen sheet cut out of the workbook (biff.ts), since SheetJS would parse
  // every sheet of it; the whole file only where the shortcut does not apply.
  const cut = choice.sheets?.length && isCompoundFile(bytes) ? biffSheetStream(bytes, choice.sheets) : undefined;
  if (cut) {
    if (!cut.stream || !cut.sheet) throw noSuchSheet(file, choice.sheets!, cut.sheetNames);
    return sheetTable(openWorkbook(cut.stream, file), cut.sheet, file, choice);
  }
  // With a choice of sheets, read the names first and then parse only the sheet chosen, except
  // for ODS: its names are in content.xml with the cells, so that would parse the file twice.
  const namesFirst = Boolean(choice.sheets?.length) && !isOpenDocument(bytes);
  let workbook = openWorkbook(bytes, file, namesFirst);
  let sheetName = workbook.SheetNames[0];
  if (choice.sheets?.length) {
    const names = workbook.SheetNames;
    const found = chooseSheet(names, choice.sheets);
    if (!found) throw noSuchSheet(file, choice.sheets, names);
    sheetName = found;
    if (namesFirst) workbook = openWorkbook(bytes, file, false, found);
  }
  return sheetTable(workbook, sheetName, file, choice);
}

function noSuchSheet(file: string, wanted: readonly string[], names: readonly string[]): DataError {
  return new DataError({file}, `no sheet named ${wanted.map((s) => `'${s}'`).join(" or ")}`, {expected: `one of those sheets; the workbook has ${names.map((s) => `'${s}'`).join(", ")}`});
}

/**
 * A workbook opened once, for files with many sheets read in turn (the DHSC ASCOF time series has
 * 29): `readSheet` parses the whole file again on every call.
 */
export interface Workbook {
  file: string;
  sheetNames: string[];
  /** One sheet as a Table (header located as `readSheet` does); a missing sheet is a located error. */
  sheet(name: string, choice?: Pick<SheetChoice, "isHeader">): Table;
}

export function readWorkbook(bytes: Uint8Array, file: string): Workbook {
  bytes = gunzipIfCompressed(bytes, file);
  expectFormat(bytes, file, "spreadsheet");
  checkWorkbookSize(bytes, file);
  // An ODS: every sheet by the fast reader (ods.ts) in one pass over content.xml, unless it declines.
  const ods = sniffFormat(bytes) === "zip" && isOpenDocument(bytes) ? readOdsGrids(bytes, undefined, SPREADSHEET_LIMITS.rows) : undefined;
  if (ods) {
    checkSheetCount(ods.sheetNames, file);
    return openedWorkbook(file, ods.sheetNames, (name, choice) => gridTable(ods.grids.get(name)!, name, file, choice));
  }
  const workbook = openWorkbook(bytes, file);
  return openedWorkbook(file, workbook.SheetNames, (name, choice) => sheetTable(workbook, name, file, choice));
}

function openedWorkbook(file: string, names: readonly string[], table: (name: string, choice: Pick<SheetChoice, "isHeader">) => Table): Workbook {
  return {
    file,
    sheetNames: [...names],
    sheet(name, choice = {}) {
      const found = chooseSheet(names, [name.trim()]);
      if (!found) throw new DataError({file}, `no sheet named '${name}'`, {expected: `that sheet; the workbook has ${names.map((s) => `'${s}'`).join(", ")}`});
      return table(found, choice);
    }
  };
}

/** One sheet of an open workbook as text cells, header row located, rows numbered as the spreadsheet shows them. */
function sheetTable(workbook: XLSX.WorkBook, sheetName: string, file: string, choice: Pick<SheetChoice, "isHeader">): Table {
  const sheet = workbook.Sheets[sheetName];
  const grid = XLSX.utils.sheet_to_json<unknown[]>(sheet, {header: 1, raw: false, rawNumbers: true, defval: "", blankrows: true}) as unknown[][];
  // ODS date cells arrive as Date objects; String(date) would give a local-time-zone string, so write ISO.
  const cells = grid.map((row) => row.map((cell) => (cell === null || cell === undefined ? "" : cell instanceof Date ? dateCellText(cell) : String(cell))));
  return gridTable(cells, sheetName, file, choice);
}

/** A sheet's grid of text cells as a Table: header row located, blank rows dropped, rows numbered as the spreadsheet shows them. */
function gridTable(cells: string[][], sheetName: string, file: string, choice: Pick<SheetChoice, "isHeader">): Table {
  let headerIndex = 0;
  if (choice.isHeader) {
    headerIndex = cells.slice(0, 50).findIndex((row) => choice.isHeader!(row.map((c) => c.trim())));
    if (headerIndex < 0) throw new DataError({file, sheet: sheetName}, "no header row found in the first 50 rows", {expected: "the publisher's column headings"});
  }
  const header = cells[headerIndex].map((h) => h.trim());
  while (header.length && header[header.length - 1] === "") header.pop();
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (let i = headerIndex + 1; i < cells.length; i++) {
    const row = cells[i].slice(0, header.length);
    if (row.every((c) => c.trim() === "")) continue;
    while (row.length < header.length) row.push("");
    rows.push(row);
    rowNumbers.push(i + 1);
  }
  return {file, sheet: sheetName, header, rows, rowNumbers, headerRow: headerIndex + 1};
}

/** An OpenDocument zip names its type in the uncompressed `mimetype` entry it must begin with. */
function isOpenDocument(bytes: Uint8Array): boolean {
  return new TextDecoder("latin1").decode(bytes.subarray(0, 128)).includes("application/vnd.oasis.opendocument");
}

/** A date cell as ISO text: `2024-05-12`, or the full UTC timestamp when it carries a time. */
function dateCellText(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}
