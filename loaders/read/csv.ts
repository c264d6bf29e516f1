/**
 * A strict CSV reader (RFC 4180 plus what publishers do): UTF-8 with or without BOM, CRLF or LF,
 * quoted fields with commas, quotes and newlines. Reports the line each record starts on, so
 * errors can point at the row a person sees in a text editor or spreadsheet.
 */
import {DataError} from "../validate.ts";
import {expectFormat} from "./sniff.ts";
import type {Table} from "./table.ts";
import {gunzipIfCompressed} from "./gzip.ts";

export function parseCsvText(text: string, file: string): {records: string[][]; lines: number[]} {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: string[][] = [];
  const lines: number[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  // One record per pass; fields are sliced from the text rather than built a character at a time.
  while (i < n) {
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
      records.push(record);
      lines.push(recordLine);
    }
  }
  return {records, lines};
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
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", {fatal: true}).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** Read a CSV file into a header and rows; every row must have exactly the header's width. */
export function readCsv(bytes: Uint8Array, file: string): Table {
  bytes = gunzipIfCompressed(bytes, file);
  expectFormat(bytes, file, "csv");
  const text = decodeText(bytes);
  const {records, lines} = parseCsvText(text, file);
  if (records.length === 0) throw new DataError({file}, "no header row", {expected: "a CSV header"});
  const header = records[0].map((h) => h.trim());
  const rows = records.slice(1);
  const rowNumbers = lines.slice(1);
  rows.forEach((row, i) => {
    if (row.length !== header.length) {
      const last = i === rows.length - 1;
      throw new DataError(
        {file, row: rowNumbers[i]},
        `${row.length} fields where the header has ${header.length}${last ? ": the file looks truncated" : ""}`,
        {expected: `${header.length} comma-separated fields`}
      );
    }
  });
  return {file, header, rows, rowNumbers, headerRow: lines[0]};
}
