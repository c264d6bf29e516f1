/**
 * Content sniffing: decide what a file really is before any parser sees it, so that an HTML
 * error page saved as `.csv` or a truncated download fails with a clear message.
 */
import {DataError} from "../validate.ts";

export type SniffedFormat = "zip" | "html" | "text" | "empty" | "binary";

export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (bytes.length === 0) return "empty";
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return "zip";
  const head = new TextDecoder("utf-8", {fatal: false}).decode(bytes.subarray(0, 2048)).replace(/^\uFEFF/, "").trimStart().toLowerCase();
  if (head.startsWith("<!doctype html") || head.startsWith("<html") || /^<\?xml[^>]*>\s*<html/.test(head) || (head.startsWith("<") && head.includes("<body"))) return "html";
  let control = 0;
  const sample = bytes.subarray(0, 4096);
  for (const byte of sample) if (byte === 0 || (byte < 8)) control++;
  return control > 0 ? "binary" : "text";
}

/** Throw a located error when the bytes are not the expected kind of file. */
export function expectFormat(bytes: Uint8Array, file: string, expected: "csv" | "xlsx" | "ods" | "spreadsheet" | "json"): void {
  const found = sniffFormat(bytes);
  if (found === "empty") throw new DataError({file}, "the file is empty", {expected: `a ${expected.toUpperCase()} file`});
  if (found === "html") {
    const title = /<title>([^<]*)<\/title>/i.exec(new TextDecoder().decode(bytes.subarray(0, 8192)))?.[1]?.trim();
    throw new DataError({file}, `this is an HTML page, not data${title ? ` (page title '${title}')` : ""}: the publisher probably served an error or landing page`, {expected: `a ${expected.toUpperCase()} file`});
  }
  const wantsZip = expected === "xlsx" || expected === "ods" || expected === "spreadsheet";
  if (wantsZip && found !== "zip") throw new DataError({file}, `not a spreadsheet (no zip signature)`, {expected: `an ${expected === "spreadsheet" ? "XLSX or ODS" : expected.toUpperCase()} workbook`});
  if (!wantsZip && found !== "text") throw new DataError({file}, `not a text file (${found} content)`, {expected: `a ${expected.toUpperCase()} text file`});
}
