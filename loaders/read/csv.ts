/**
 * A strict CSV reader (RFC 4180 plus what publishers do): UTF-8 with or without BOM, CRLF or LF,
 * quoted fields with commas, quotes and newlines. Reports the line each record starts on, so
 * errors can point at the row a person sees in a text editor or spreadsheet.
 *
 * `readCsv` holds every row; `streamCsv` visits them one at a time from text decoded a chunk at a
 * time, so a large file costs its bytes plus one chunk, not its text plus every row (a 56 MB ASCOF
 * file took 519 MB to ingest, 282 MB streamed). Both give the same records and line numbers.
 */
import {isUtf8} from "node:buffer";
import {DataError} from "../validate.ts";
import {expectFormat} from "./sniff.ts";
import type {RowStream, Table} from "./table-types.ts";
import {gunzipIfCompressed} from "./gzip.ts";

/** One record of a CSV text: its fields and the line it starts on. */
export interface CsvRecord {
  cells: string[];
  line: number;
}

/** Where a scan of CSV text is: `final` when no more text follows this one. */
interface Scan {
  text: string;
  i: number;
  line: number;
  final: boolean;
}

/**
 * The next non-blank record at `scan.i`, advancing the scan; undefined at the end of the text.
 * null when the text ends inside a record and more text follows (`final` false): the scan is then
 * left at the record's start, to be read again with more text after it.
 */
function scanRecord(scan: Scan, file: string): CsvRecord | undefined | null {
  const {text, final} = scan;
  const n = text.length;
  let i = scan.i;
  let line = scan.line;
  // Fields are sliced from the text rather than built a character at a time.
  while (i < n) {
    const recordStart = i;
    const recordLine = line;
    const record: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === QUOTE) {
        const quoteStartLine = line;
        let from = i + 1;
        field = "";
        for (;;) {
          const close = text.indexOf('"', from);
          if (!final && (close < 0 || close + 1 >= n)) return wait(scan, recordStart, recordLine);
          if (close < 0) throw new DataError({file, row: quoteStartLine}, "a quoted field is never closed: the file is truncated or malformed", {expected: "a closing quote"});
          const chunk = text.slice(from, close);
          for (let at = chunk.indexOf("\n"); at >= 0; at = chunk.indexOf("\n", at + 1)) line++;
          field += chunk;
          if (text.charCodeAt(close + 1) === QUOTE) {
            field += '"';
            from = close + 2;
          } else {
            i = close + 1;
            break;
          }
        }
        // Characters after the closing quote belong to the field (lenient, as before).
        const rest = i;
        while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
        if (i > rest) field += text.slice(rest, i);
      } else {
        const from = i;
        while (i < n && !isDelimiter(text.charCodeAt(i))) i++;
        field = text.slice(from, i);
      }
      record.push(field);
      const c = text.charCodeAt(i);
      // The text ends inside this record, or between the CR and LF of its line break.
      if (!final && (i >= n || (c === CR && i === n - 1))) return wait(scan, recordStart, recordLine);
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === CR && text.charCodeAt(i + 1) === LF) i += 2;
      else if (i < n) i++;
      if (c === CR || c === LF) line++;
      break;
    }
    if (!(record.length === 1 && record[0] === "")) {
      scan.i = i;
      scan.line = line;
      return {cells: record, line: recordLine};
    }
  }
  scan.i = i;
  scan.line = line;
  return undefined;
}

function wait(scan: Scan, recordStart: number, recordLine: number): null {
  scan.i = recordStart;
  scan.line = recordLine;
  return null;
}

/**
 * A cursor over the records of a CSV text: each call returns the next non-blank record, or
 * undefined at the end. Nothing but the current record is held, so a caller that visits records
 * one at a time never has every row in memory.
 */
export function csvRecords(text: string, file: string): () => CsvRecord | undefined {
  const scan: Scan = {text, i: text.charCodeAt(0) === 0xfeff ? 1 : 0, line: 1, final: true};
  return () => scanRecord(scan, file) ?? undefined;
}

/** Bytes decoded at a time by `csvRecordsFromBytes`. */
export const CSV_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * The records of a CSV file's bytes, as `csvRecords(decodeText(bytes))` gives them, but decoded a
 * chunk at a time so that the whole text is never held (a 56 MB file is 56 MB of text, twice that
 * when it has one character outside Latin-1). Chunks end just after a line feed byte, which is
 * never part of a UTF-8 multi-byte character (Windows-1252 has none); a record still open at a
 * chunk's end (a quoted field with line breaks) is read again with the next chunk, which grows so
 * that even one field spanning the whole file is rescanned only a few times. `chunkBytes`: tests.
 */
export function csvRecordsFromBytes(bytes: Uint8Array, file: string, chunkBytes = CSV_CHUNK_BYTES): () => CsvRecord | undefined {
  // Each chunk is decoded as decodeText decodes a whole file (one decode call, not a stream: Node
  // 20's streaming Windows-1252 decoder gives U+2013 for 0x96 where the one-call decoder gives U+0096).
  // Chunks are whole characters, so nothing is split; only the first may lose a byte order mark.
  const encoding = isUtf8(bytes) ? "utf-8" : "windows-1252";
  const firstDecoder = new TextDecoder(encoding);
  const laterDecoder = new TextDecoder(encoding, {ignoreBOM: true});
  const scan: Scan = {text: "", i: 0, line: 1, final: false};
  let position = 0;
  const load = (carry: string) => {
    const want = Math.max(chunkBytes, 2 * carry.length);
    const lineFeed = position + want >= bytes.length ? -1 : bytes.indexOf(LF, position + want - 1);
    const end = lineFeed < 0 ? bytes.length : lineFeed + 1;
    let piece = (position === 0 ? firstDecoder : laterDecoder).decode(bytes.subarray(position, end));
    if (encoding === "windows-1252") piece = windows1252Controls(piece);
    if (position === 0 && piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
    position = end;
    scan.text = carry + piece;
    scan.i = 0;
    scan.final = end >= bytes.length;
  };
  load("");
  return function next() {
    for (;;) {
      const record = scanRecord(scan, file);
      if (record) return record;
      if (scan.final) return undefined;
      load(record === null ? scan.text.slice(scan.i) : "");
    }
  };
}

/** Every record of a CSV text, with the line each starts on (blank lines are not records). */
export function parseCsvText(text: string, file: string): {records: string[][]; lines: number[]} {
  const records: string[][] = [];
  const lines: number[] = [];
  const next = csvRecords(text, file);
  for (let record = next(); record; record = next()) {
    records.push(record.cells);
    lines.push(record.line);
  }
  return {records, lines};
}

/** Visit every record of a CSV text in order, without keeping them. */
export function forEachCsvRecord(text: string, file: string, visit: (cells: string[], line: number) => void): void {
  const next = csvRecords(text, file);
  for (let record = next(); record; record = next()) visit(record.cells, record.line);
}

const QUOTE = 34, COMMA = 44, LF = 10, CR = 13;
function isDelimiter(c: number): boolean {
  return c === COMMA || c === LF || c === CR;
}

/**
 * Decode a publisher's text: UTF-8 (with or without BOM) when it is valid UTF-8, else Windows-1252,
 * the encoding of NHS Digital's older open-data CSVs (ASCOF 2014-15 to 2018-19: en dashes and
 * accented names as single bytes). Every byte sequence is valid Windows-1252, so a text file is never
 * refused for its encoding; a file that is not text at all was refused by the sniff before this.
 */
/**
 * Node 20 decodes "windows-1252" in one call as Latin-1, so bytes 0x80 to 0x9F come out as C1
 * control characters (0x96 as U+0096, not the en dash NHS Digital's files mean). Map them as
 * Windows-1252 does (WHATWG's table; the five bytes it leaves undefined stay as they are).
 */
const WINDOWS_1252_C1 = "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";
export function windows1252Controls(text: string): string {
  return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]) : text;
}

export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", {fatal: true}).decode(bytes);
  } catch {
    return windows1252Controls(new TextDecoder("windows-1252").decode(bytes));
  }
}

/** Read a CSV file into a header and rows; every row must have exactly the header's width. */
export function readCsv(bytes: Uint8Array, file: string): Table {
  bytes = gunzipIfCompressed(bytes, file);
  expectFormat(bytes, file, "csv");
  return readCheckedCsv(bytes, file);
}

/**
 * `readCsv` for bytes already expanded and sniffed as text (`readTable` has done both, and a
 * second sniff would be a tenth of a small file's parse): the same table, the same errors.
 */
export function readCheckedCsv(bytes: Uint8Array, file: string): Table {
  const text = decodeText(bytes);
  const {records, lines} = parseCsvText(text, file);
  if (records.length === 0) throw new DataError({file}, "no header row", {expected: "a CSV header"});
  const header = records[0].map((h) => h.trim());
  const rows = records.slice(1);
  const rowNumbers = lines.slice(1);
  rows.forEach((row, i) => {
    if (row.length !== header.length) throw widthError(file, rowNumbers[i], row.length, header.length, i === rows.length - 1);
  });
  return {file, header, rows, rowNumbers, headerRow: lines[0]};
}

/**
 * The same file as `readCsv`, its rows visited one at a time instead of held, decoded a chunk at a
 * time (`csvRecordsFromBytes`): only the file's bytes and one chunk of text are held while the rows
 * are read. A row of the wrong width is the same located error, raised when the visit reaches it
 * (so a bad value earlier in the file is reported first); it says the file looks truncated when no
 * record follows, as `readCsv` does.
 */
export function streamCsv(bytes: Uint8Array, file: string): RowStream {
  bytes = gunzipIfCompressed(bytes, file);
  expectFormat(bytes, file, "csv");
  const next = csvRecordsFromBytes(bytes, file);
  const first = next();
  if (!first) throw new DataError({file}, "no header row", {expected: "a CSV header"});
  const header = first.cells.map((h) => h.trim());
  let visited = false;
  return {
    file, header, headerRow: first.line,
    forEachRow(visit) {
      if (visited) throw new Error(`${file}: the rows of a streamed CSV can be visited only once`);
      visited = true;
      // One record of look-ahead, to know whether a short row is the last one.
      let record = next();
      while (record) {
        const following = next();
        if (record.cells.length !== header.length) throw widthError(file, record.line, record.cells.length, header.length, following === undefined);
        visit(record.cells, record.line);
        record = following;
      }
    }
  };
}

function widthError(file: string, row: number, width: number, headerWidth: number, last: boolean): DataError {
  return new DataError(
    {file, row},
    `${width} fields where the header has ${headerWidth}${last ? ": the file looks truncated" : ""}`,
    {expected: `${headerWidth} comma-separated fields`}
  );
}
