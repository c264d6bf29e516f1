/**
 * Large or hostile archives (issue 12, item 3): expansion stays bounded.
 * - a workbook is refused by its zip entries' sizes before SheetJS reads it: a forged size in a
 *   real fixture, a genuine 60 MB entry of zeros, an entry that lies about its size, ZIP64 sizes;
 * - a gzip file: inflation stops at the limit, and a trailer that lies is never trusted.
 * CSV streaming and over-long council names are in hostile-input.test.ts.
 */
import {existsSync, readFileSync} from "node:fs";
import path from "node:path";
import {deflateRawSync, gzipSync} from "node:zlib";
import * as XLSX from "@e965/xlsx";
import {beforeEach, describe, expect, it, vi} from "vitest";
import {GUNZIP_LIMIT_BYTES, gunzipIfCompressed} from "../loaders/read/gzip.ts";
import {listSheets, readSheet, readWorkbook, SPREADSHEET_LIMITS} from "../loaders/read/spreadsheet.ts";
import {checkZipSizes, readZipDirectory, ZIP_LIMITS} from "../loaders/read/zip.ts";
import {expectDataError} from "./support/data-error.ts";
import {filesUnder} from "./support/files-under.ts";

// Count the workbooks SheetJS is asked to read: a refused archive never reaches it.
vi.mock("@e965/xlsx", async (importOriginal) => {
  const original = await importOriginal<typeof import("@e965/xlsx")>();
  return {...original, read: vi.fn(original.read)};
});
const sheetJsReads = () => vi.mocked(XLSX.read).mock.calls.length;
beforeEach(() => vi.clearAllMocks());

const ROOT = path.join(import.meta.dirname, "..");
const REAL = path.join(ROOT, "../shared/data/real");
const hasReal = existsSync(REAL);
const text = (s: string) => new TextEncoder().encode(s);

// ---- Hand-written zip containers ----------------------------------------------------------

interface RawEntry {
  name: string;
  method: 0 | 8;
  data: Uint8Array;
  /** What the central directory and the local header declare. */
  uncompressed: number;
  localUncompressed?: number;
  /** Declare the sizes through a ZIP64 extra field instead (5 GB is beyond 32 bits). */
  zip64?: boolean;
}

function zipOf(entries: RawEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = text(entry.name);
    const extra = entry.zip64 ? zip64Extra(entry.uncompressed, entry.data.length) : new Uint8Array(0);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, entry.method, true);
    local.setUint32(18, entry.zip64 ? 0xffffffff : entry.data.length, true);
    local.setUint32(22, entry.zip64 ? 0xffffffff : (entry.localUncompressed ?? entry.uncompressed), true);
    local.setUint16(26, name.length, true);
    local.setUint16(28, extra.length, true);
    const header = new DataView(new ArrayBuffer(46));
    header.setUint32(0, 0x02014b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, 20, true);
    header.setUint16(10, entry.method, true);
    header.setUint32(20, entry.zip64 ? 0xffffffff : entry.data.length, true);
    header.setUint32(24, entry.zip64 ? 0xffffffff : entry.uncompressed, true);
    header.setUint16(28, name.length, true);
    header.setUint16(30, extra.length, true);
    header.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, extra, entry.data);
    central.push(new Uint8Array(header.buffer), name, extra);
    offset += 30 + name.length + extra.length + entry.data.length;
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  return concat([...parts, ...central, new Uint8Array(end.buffer)]);
}

function zip64Extra(uncompressed: number, compressed: number): Uint8Array {
  const view = new DataView(new ArrayBuffer(20));
  view.setUint16(0, 0x0001, true);
  view.setUint16(2, 16, true);
  view.setBigUint64(4, BigInt(uncompressed), true);
  view.setBigUint64(12, BigInt(compressed), true);
  return new Uint8Array(view.buffer);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Set a 32-bit field of the central directory entry (or local header) of one named entry of a real zip. */
function forge(bytes: Uint8Array, entryName: string, where: "central" | "local", field: number, value: number): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  const [signature, nameAt, nameLengthAt] = where === "central" ? [0x02014b50, 46, 28] : [0x04034b50, 30, 26];
  for (let at = 0; at + nameAt < copy.length; at++) {
    if (view.getUint32(at, true) !== signature) continue;
    const name = new TextDecoder().decode(copy.subarray(at + nameAt, at + nameAt + view.getUint16(at + nameLengthAt, true)));
    if (name === entryName) {
      view.setUint32(at + field, value, true);
      return copy;
    }
  }
  throw new Error(`no ${where} entry named ${entryName}`);
}

describe("a workbook refused by its zip entries' sizes before SheetJS reads it", () => {
  const fixtureFile = "test/fixtures/safeguarding/mye-2022-small.xlsx";
  const fixture = new Uint8Array(readFileSync(path.join(ROOT, fixtureFile)));
  const sheetEntry = readZipDirectory(fixture, fixtureFile).find((entry) => /^xl\/worksheets\/sheet\d+\.xml$/.test(entry.name))!.name;
  const zeros = new Uint8Array(60 * 1024 * 1024);
  const deflatedZeros = deflateRawSync(zeros);

  it("reads the untouched fixture (and SheetJS is asked to)", () => {
    expect(listSheets(fixture, fixtureFile).length).toBeGreaterThan(0);
    expect(sheetJsReads()).toBe(1);
  });

  it("a real fixture with a forged uncompressed size in its central directory", () => {
    const forged = forge(fixture, sheetEntry, "central", 24, 400 * 1024 * 1024);
    const error = expectDataError(() => readSheet(forged, "forged.xlsx"), {file: "forged.xlsx", message: /expand to more than 314572800 bytes/});
    expect(error.message).toContain(`'${sheetEntry}'`);
    expect(sheetJsReads()).toBe(0);
  });

  it("the same forgery in the local header only, the sizes SheetJS trusts", () => {
    const forged = forge(fixture, sheetEntry, "local", 22, 400 * 1024 * 1024);
    expectDataError(() => readWorkbook(forged, "forged-local.xlsx"), {file: "forged-local.xlsx", message: new RegExp(`expand to more than .*'${sheetEntry.replace(/\./g, "\\.")}'`)});
    expect(sheetJsReads()).toBe(0);
  });

  it("a genuine entry of 60 MB of zeros, compressed about 1000 to 1", () => {
    const bomb = zipOf([{name: "xl/worksheets/sheet1.xml", method: 8, data: deflatedZeros, uncompressed: zeros.length}]);
    expect(bomb.length).toBeLessThan(200_000);
    const error = expectDataError(() => readSheet(bomb, "bomb.xlsx"), {file: "bomb.xlsx", message: /zip entry 'xl\/worksheets\/sheet1\.xml' is compressed \d+ to 1 .*a zip bomb/});
    expect(error.value).toBe(`${zeros.length} bytes from ${deflatedZeros.length}`);
    expect(sheetJsReads()).toBe(0);
  });

  it("the same entry declaring only 1 MB: inflation stops at the declared size", () => {
    const liar = zipOf([{name: "xl/worksheets/sheet1.xml", method: 8, data: deflatedZeros, uncompressed: 1 << 20}]);
    expectDataError(() => listSheets(liar, "liar.xlsx"), {file: "liar.xlsx", message: /zip entry 'xl\/worksheets\/sheet1\.xml' expands to more than the 1048576 bytes its headers declare/});
    expect(sheetJsReads()).toBe(0);
  });

  it("several entries whose total is too large, and sizes declared in ZIP64 fields", () => {
    const small = deflateRawSync(new Uint8Array(1000));
    const many = zipOf(Array.from({length: 7}, (_, i) => ({name: `xl/worksheets/sheet${i + 1}.xml`, method: 8 as const, data: small, uncompressed: 49 * 1024 * 1024})));
    expectDataError(() => readSheet(many, "many.xlsx"), {file: "many.xlsx", message: /expand to more than 314572800 bytes .*'xl\/worksheets\/sheet7\.xml'/});
    const huge = zipOf([{name: "content.xml", method: 8, data: small, uncompressed: 5 * 1024 ** 3, zip64: true}]);
    expect(readZipDirectory(huge, "huge.ods")[0].uncompressedSize).toBe(5 * 1024 ** 3);
    expectDataError(() => readSheet(huge, "huge.ods"), {file: "huge.ods", message: /'content\.xml'/});
    expect(sheetJsReads()).toBe(0);
  });

  it("accepts an honest small zip, stored or deflated, and lets SheetJS judge its content", () => {
    const body = text("<x/>");
    expect(checkZipSizes(zipOf([{name: "a.xml", method: 0, data: body, uncompressed: body.length}, {name: "b.xml", method: 8, data: deflateRawSync(body), uncompressed: body.length}]), "ok.zip").map((e) => e.name)).toEqual(["a.xml", "b.xml"]);
  });

  it("a zip cut short has no central directory: refused as truncated", () => {
    expectDataError(() => readSheet(fixture.subarray(0, fixture.length >> 1), "cut.xlsx"), {file: "cut.xlsx", message: /cannot read the workbook .*the file is truncated/});
    expect(sheetJsReads()).toBe(0);
  });

  it("a legacy .xls is not a zip: only the byte limit applies", () => {
    const file = "test/fixtures/safeguarding/mye-2016-small.xls";
    const xls = new Uint8Array(readFileSync(path.join(ROOT, file)));
    expect(listSheets(xls, file).length).toBeGreaterThan(0);
    const limit = SPREADSHEET_LIMITS.bytes;
    SPREADSHEET_LIMITS.bytes = xls.length - 1;
    try {
      expectDataError(() => listSheets(xls, file), {file, message: new RegExp(`file is ${xls.length} bytes, over the ${xls.length - 1}-byte limit`)});
    } finally {
      SPREADSHEET_LIMITS.bytes = limit;
    }
  });

  describe.skipIf(!hasReal)("the real published workbooks in ../shared/data/real", () => {
    it("every real XLSX and ODS passes the size checks, well inside the limits", () => {
      const files = filesUnder(REAL, /\.(xlsx|ods)$/);
      expect(files.length).toBeGreaterThanOrEqual(4);
      for (const file of files) {
        const entries = checkZipSizes(new Uint8Array(readFileSync(file)), file);
        const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
        expect(total, file).toBeLessThan(ZIP_LIMITS.totalBytes / 4);
        for (const entry of entries) expect(entry.uncompressedSize / Math.max(1, entry.compressedSize), `${file} ${entry.name}`).toBeLessThan(ZIP_LIMITS.ratio / 2);
      }
    });
  });
});

describe("a gzip file refused by size", () => {
  it("a trailer declaring more than the limit is not trusted either way: a cut file is still reported as truncated", () => {
    const content = text("a,b\n" + Array.from({length: 20_000}, (_, i) => `${i},${(i * 7919) % 10007}`).join("\n"));
    const whole = gzipSync(content);
    // Cut where the last 4 bytes, read as a trailer, declare more than the limit.
    let cut = whole.length >> 1;
    while (new DataView(whole.buffer, whole.byteOffset).getUint32(cut - 4, true) <= GUNZIP_LIMIT_BYTES) cut--;
    expectDataError(() => gunzipIfCompressed(whole.subarray(0, cut), "cut.csv.gz"), {file: "cut.csv.gz", message: /the gzip stream ends early: the file is truncated/});
    const forged = whole.slice();
    new DataView(forged.buffer, forged.byteOffset).setUint32(forged.length - 4, GUNZIP_LIMIT_BYTES + 1, true);
    expectDataError(() => gunzipIfCompressed(forged, "forged.csv.gz"), {file: "forged.csv.gz", message: /the gzip stream is corrupt/});
  });

  it("when its trailer lies (many members of 1 MB), inflation stops at the limit", () => {
    const member = gzipSync(new Uint8Array(1 << 20));
    const bomb = concat(Array.from({length: 20}, () => member));
    expect(gunzipIfCompressed(bomb, "ok.csv.gz", 32 << 20).length).toBe(20 << 20);
    expectDataError(() => gunzipIfCompressed(bomb, "bomb.csv.gz", 10 << 20), {file: "bomb.csv.gz", message: /expands to more than 10485760 bytes/});
  });

  it("expands an honest file to exactly its content", () => {
    const content = text("a,b\n" + "1,2\n".repeat(100_000));
    expect(Buffer.compare(gunzipIfCompressed(gzipSync(content), "ok.csv.gz"), content)).toBe(0);
    expect(gunzipIfCompressed(content, "plain.csv")).toBe(content);
  });
});
