/**
 * Content sniffing: decide what a file really is before any parser sees it, so that an HTML
 * error page saved as `.csv` or a truncated download fails with a clear message. Workbooks are
 * zip containers (XLSX, ODS) or, for legacy Excel 97-2003 `.xls` (ONS mid-year estimates to
 * mid-2021), OLE compound files (signature D0 CF 11 E0 A1 B1 1A E1); SheetJS reads both.
 */
import {DataError} from "../validate.ts";
import {gunzipIfCompressed} from "./gzip.ts";

export type SniffedFormat = "zip" | "ole" | "html" | "text" | "empty" | "binary";

const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (bytes.length === 0) return "empty";
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return "zip";
  if (OLE_SIGNATURE.every((byte, i) => bytes[i] === byte)) return "ole";
  const head = new TextDecoder("utf-8", {fatal: false}).decode(bytes.subarray(0, 2048)).replace(/^\uFEFF/, "").trimStart().toLowerCase();
  if (head.startsWith("<!doctype html") || head.startsWith("<html") || /^<\?xml[^>]*>\s*<html/.test(head) || (head.startsWith("<") && head.includes("<body"))) return "html";
  let control = 0;
  const sample = bytes.subarray(0, 4096);
  for (const byte of sample) if (byte === 0 || (byte < 8)) control++;
  return control > 0 ? "binary" : "text";
}

/**
 * Throw a located error when the bytes are not the expected kind of file. An "xlsx" or
 * "spreadsheet" source may be a legacy `.xls` (OLE); an ODS must be a zip.
 */
export function expectFormat(bytes: Uint8Array, file: string, expected: "csv" | "xlsx" | "ods" | "spreadsheet" | "json"): void {
  bytes = gunzipIfCompressed(bytes, file);
  const found = sniffFormat(bytes);
  if (found === "empty") throw new DataError({file}, "the file is empty", {expected: `a ${expected.toUpperCase()} file`});
  if (found === "html") {
    const title = /<title>([^<]*)<\/title>/i.exec(new TextDecoder().decode(bytes.subarray(0, 8192)))?.[1]?.trim();
    throw new DataError({file}, `this is an HTML page, not data${title ? ` (page title '${title}')` : ""}: the publisher probably served an error or landing page`, {expected: `a ${expected.toUpperCase()} file`});
  }
  const wantsWorkbook = expected === "xlsx" || expected === "ods" || expected === "spreadsheet";
  const workbookFound = found === "zip" || (found === "ole" && expected !== "ods");
  if (wantsWorkbook && !workbookFound) {
    throw new DataError({file}, `not a spreadsheet (no zip${expected === "ods" ? "" : " or XLS (OLE)"} signature)`, {expected: `an ${expected === "spreadsheet" ? "XLSX, XLS or ODS" : expected === "xlsx" ? "XLSX or XLS" : "ODS"} workbook`});
  }
  if (!wantsWorkbook && found !== "text") throw new DataError({file}, `not a text file (${found} content)`, {expected: `a ${expected.toUpperCase()} text file`});
}
