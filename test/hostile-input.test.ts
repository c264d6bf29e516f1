/**
 * Large or hostile input (issue 12, item 3): memory, time and expansion stay bounded.
 * - CSV: rows streamed from text decoded a chunk at a time give exactly the records, line numbers
 *   and errors of the whole-text reader, on every fixture and real CSV and at any chunk size;
 * - a council name far longer than any council's is refused at once, with a located error, without
 *   a single edit distance computed, through the OT profile CSV and Skills for Care workbook parsers;
 * - a workbook is refused by its zip entries' sizes before SheetJS reads it: a forged size in a
 *   real fixture, a genuine 60 MB entry of zeros, an entry that lies about its size, ZIP64 sizes;
 * - a gzip file: inflation stops at the limit, and a trailer that lies is never trusted.
 */
import {createHash} from "node:crypto";
import {existsSync, readFileSync, readdirSync} from "node:fs";
import path from "node:path";
import {deflateRawSync, gzipSync} from "node:zlib";
import * as XLSX from "@e965/xlsx";
import {beforeEach, describe, expect, it, vi} from "vitest";
import * as aliases from "../loaders/families/geography/aliases.ts";
import {closestCouncilNames, MAX_COUNCIL_NAME_LENGTH, resolveCouncilName} from "../loaders/families/geography/index.ts";
import {parseAscof} from "../loaders/families/reablement/parse-ascof.ts";
import {parseLaDataDownload} from "../loaders/families/workforce/parse-la-data-download.ts";
import {parseOtProfile} from "../loaders/families/workforce/parse-ot-profile.ts";
import {csvRecordsFromBytes, decodeText, parseCsvText, readCsv, streamCsv} from "../loaders/read/csv.ts";
import {GUNZIP_LIMIT_BYTES, gunzipIfCompressed} from "../loaders/read/gzip.ts";
import {listSheets, readSheet, readWorkbook, SPREADSHEET_LIMITS} from "../loaders/read/spreadsheet.ts";
import {streamTable} from "../loaders/read/table.ts";
import {checkZipSizes, readZipDirectory, ZIP_LIMITS} from "../loaders/read/zip.ts";
import {DataError} from "../loaders/validate.ts";
import {workbookBytes} from "../scripts/sample/workforce.ts";
import {expectDataError} from "./support/data-error.ts";

// Count the edit distances geography computes, and the workbooks SheetJS is asked to read.
vi.mock("../loaders/families/geography/aliases.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../loaders/families/geography/aliases.ts")>();
  return {...original, editDistance: vi.fn(original.editDistance), boundedEditDistance: vi.fn(original.boundedEditDistance)};
});
vi.mock("@e965/xlsx", async (importOriginal) => {
  const original = await importOriginal<typeof import("@e965/xlsx")>();
  return {...original, read: vi.fn(original.read)};
});
const distanceCalls = () => vi.mocked(aliases.boundedEditDistance).mock.calls.length + vi.mocked(aliases.editDistance).mock.calls.length;
const sheetJsReads = () => vi.mocked(XLSX.read).mock.calls.length;
beforeEach(() => vi.clearAllMocks());

const ROOT = path.join(import.meta.dirname, "..");
const REAL = path.join(ROOT, "../shared/data/real");
const hasReal = existsSync(REAL);
if (!hasReal) console.log(`hostile-input: ${REAL} is absent, so the real-file checks are skipped (the fixtures and data/raw still run)`);
const text = (s: string) => new TextEncoder().encode(s);


function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error instanceof DataError ? {error: "DataError", message: error.message, file: error.file, row: error.row} : {error: String(error)};
  }
  return undefined;
}

/**
 * A whole file read both ways, compared record by record as the chunked cursor and the row stream
 * go (a deep comparison of 80,000 records at once takes seconds): returns the first difference.
 */
function firstDifference(bytes: Uint8Array, file: string, chunkBytes: number): string | undefined {
  const {records, lines} = parseCsvText(decodeText(bytes), file);
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((cell, i) => cell === b[i]);
  const next = csvRecordsFromBytes(bytes, file, chunkBytes);
  let k = 0;
  for (let record = next(); record; record = next(), k++) {
    if (k >= records.length || record.line !== lines[k] || !same(record.cells, records[k])) return `chunked record ${k + 1} (line ${record.line})`;
  }
  if (k !== records.length) return `chunked: ${k} records, not ${records.length}`;
  const stream = streamCsv(bytes, file);
  if (stream.headerRow !== lines[0] || !same(stream.header, records[0].map((h) => h.trim()))) return "streamed header";
  let r = 1;
  stream.forEachRow((cells, row) => {
    if (r < records.length && row === lines[r] && same(cells, records[r])) r++;
    else throw new Error(`streamed row ${row} differs from record ${r + 1}`);
  });
  return r === records.length ? undefined : `streamed: ${r - 1} rows, not ${records.length - 1}`;
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every record through the chunked reader, as parseCsvText reports them (or the error it throws). */
function chunked(bytes: Uint8Array, file: string, chunkBytes: number) {
  try {
    const next = csvRecordsFromBytes(bytes, file, chunkBytes);
    const records: string[][] = [];
    const lines: number[] = [];
    for (let record = next(); record; record = next()) {
      records.push(record.cells);
      lines.push(record.line);
    }
    return {records, lines};
  } catch (error) {
    return caught(() => {
      throw error;
    });
  }
}

function whole(bytes: Uint8Array, file: string) {
  try {
    return parseCsvText(decodeText(bytes), file);
  } catch (error) {
    return caught(() => {
      throw error;
    });
  }
}

/** streamCsv's rows collected as a Table, or the error. */
function streamed(bytes: Uint8Array, file: string) {
  try {
    const stream = streamCsv(bytes, file);
    const rows: string[][] = [];
    const rowNumbers: number[] = [];
    stream.forEachRow((cells, row) => {
      rows.push(cells);
      rowNumbers.push(row);
    });
    return {file: stream.file, header: stream.header, rows, rowNumbers, headerRow: stream.headerRow};
  } catch (error) {
    return caught(() => {
      throw error;
    });
  }
}

function tabled(bytes: Uint8Array, file: string) {
  try {
    return readCsv(bytes, file);
  } catch (error) {
    return caught(() => {
      throw error;
    });
  }
}

describe("CSV rows streamed from text decoded a chunk at a time", () => {
  const EDGE_CASES: [string, string][] = [
    ["a quoted field with line breaks", 'a,b\n1,"x\ny"\n2,"p\n\nq"\n'],
    ["CRLF, and a CR alone", "a,b\r\n1,2\r\n3,4\r\r\n5,6"],
    ["an escaped quote at a chunk's edge", 'a,b\n"x""y",2\n"""",3\n'],
    ["a byte order mark, then blank lines", "\uFEFFa,b\n\n1,2\n\n\n3,4\n"],
    ["text after a closing quote, and a quoted blank line", 'a,b\n"q"x,y\n""\n1,2\n'],
    ["a quoted field never closed", 'a,b\n1,2\n"open,3\n4,5\n'],
    ["a last row cut short", "a,b,c\n1,2,3\n4,5"],
    ["a short row before the last", "a,b,c\n1,2\n4,5,6\n"],
    ["only a header", "a,b\n"],
    ["a header without a line break", "a,b"]
  ];

  it.each(EDGE_CASES)("%s: the same records, lines and errors at every chunk size", (_, csv) => {
    const bytes = text(csv);
    const expected = whole(bytes, "edge.csv");
    for (const chunkBytes of [1, 2, 3, 5, 8, 64, 1 << 20]) expect(chunked(bytes, "edge.csv", chunkBytes), `${chunkBytes}-byte chunks`).toEqual(expected);
    expect(streamed(bytes, "edge.csv")).toEqual(tabled(bytes, "edge.csv"));
  });

  it("reports a cut last row as truncated, and a short row elsewhere without saying so", () => {
    const cut = expectDataError(() => streamCsv(text("a,b,c\n1,2,3\n4,5"), "cut.csv").forEachRow(() => {}), {file: "cut.csv", row: 3});
    expect(cut.message).toMatch(/2 fields where the header has 3: the file looks truncated/);
    const short = expectDataError(() => streamCsv(text("a,b,c\n1,2\n4,5,6\n\n\n"), "short.csv").forEachRow(() => {}), {file: "short.csv", row: 2});
    expect(short.message).not.toMatch(/truncated/);
    // Blank lines after a short last row do not hide that it is the last.
    expect(() => streamCsv(text("a,b,c\n1,2,3\n4,5\n\n"), "cut.csv").forEachRow(() => {})).toThrow(/looks truncated/);
  });

  it("decodes Windows-1252 as the whole-file reader does, even with a multi-byte-looking split", () => {
    // 0x96 is an en dash in Windows-1252 and never valid UTF-8 on its own.
    const bytes = new Uint8Array([...text("a,b\nx"), 0x96, ...text("y,2\n"), 0xe9, ...text(",3\n")]);
    for (const chunkBytes of [1, 4, 64]) expect(chunked(bytes, "cp1252.csv", chunkBytes)).toEqual(whole(bytes, "cp1252.csv"));
    const utf8 = text("a,b\nSt Helen’s,1\nCafé,2\n");
    for (const chunkBytes of [1, 4, 64]) expect(chunked(utf8, "utf8.csv", chunkBytes)).toEqual(whole(utf8, "utf8.csv"));
  });

  it("lets the rows be visited once only", () => {
    const stream = streamCsv(text("a,b\n1,2\n"), "once.csv");
    stream.forEachRow(() => {});
    expect(() => stream.forEachRow(() => {})).toThrow(/only once/);
  });

  // The real folder repeats some data/raw files (the ASCOF years): each content is checked once.
  const seen = new Set<string>();
  const once = (files: string[]) => files.filter((file) => {
    const hash = createHash("sha1").update(readFileSync(file)).digest("hex");
    return !seen.has(hash) && Boolean(seen.add(hash));
  });
  const csvFiles = once([
    ...filesUnder(path.join(ROOT, "test/fixtures"), /\.csv(\.gz)?$/),
    ...filesUnder(path.join(ROOT, "data/raw"), /\.csv(\.gz)?$/)
  ]);
  const realCsvFiles = once(filesUnder(REAL, /\.csv(\.gz)?$/));

  it(`gives the records of every fixture and data/raw CSV (${csvFiles.length} files) exactly as the whole-text reader does`, () => {
    expect(csvFiles.length).toBeGreaterThan(10);
    for (const file of csvFiles) {
      const bytes = gunzipIfCompressed(new Uint8Array(readFileSync(file)), file);
      if (bytes.length < 1 << 20) {
        // Small files in tiny chunks (a chunk per line or less), compared in full, errors included.
        const expected = whole(bytes, file);
        for (const chunkBytes of [7, 4096]) expect(chunked(bytes, file, chunkBytes), `${file} in ${chunkBytes}-byte chunks`).toEqual(expected);
        expect(streamed(bytes, file), file).toEqual(tabled(bytes, file));
      } else {
        expect(firstDifference(bytes, file, 64 * 1024), file).toBeUndefined();
      }
    }
  }, 120_000);

  describe.skipIf(!hasReal)("the real published CSVs in ../shared/data/real", () => {
    it(`gives every real CSV's records exactly as the whole-text reader does (${realCsvFiles.length} not already in data/raw)`, () => {
      expect(realCsvFiles.length).toBeGreaterThan(5);
      for (const file of realCsvFiles) {
        const bytes = gunzipIfCompressed(new Uint8Array(readFileSync(file)), file);
        expect(firstDifference(bytes, file, 64 * 1024), file).toBeUndefined();
      }
    }, 120_000);
  });

  it("reads two real ASCOF years joined in one file (the memory bench's layout) as the two years read apart", () => {
    const raw = (year: string) => decodeText(gunzipIfCompressed(new Uint8Array(readFileSync(path.join(ROOT, `data/raw/reablement/ascof-open-data-${year}.csv.gz`))), year));
    const [a, b] = [raw("2017-18"), raw("2018-19")];
    const joined = new TextEncoder().encode(a + b.slice(b.indexOf("\n") + 1));
    const options = {source_id: "ascof-trend", vintage: "trend"};
    const both = parseAscof(joined, "joined.csv", options).facts;
    const apart = [...parseAscof(text(a), "a.csv", options).facts, ...parseAscof(text(b), "b.csv", options).facts];
    expect(both.length).toBe(apart.length);
    expect(new Set(both.map((f) => f.period))).toEqual(new Set(["2017-18", "2018-19"]));
    const key = (f: (typeof both)[number]) => `${f.indicator_id}|${f.area_code}|${f.period}|${f.breakdown}`;
    const byKey = new Map(apart.map((f) => [key(f), f]));
    for (const fact of both) expect(fact).toEqual(byKey.get(key(fact)));
  }, 60_000);

  it("streams a workbook's sheet as its Table", () => {
    const bytes = workbookBytes([["a", "b"], ["1", "2"], ["3", "4"]], {notes: false});
    const rows: [string[], number][] = [];
    const stream = streamTable(bytes, "book.xlsx");
    stream.forEachRow((cells, row) => rows.push([cells, row]));
    expect([stream.header, rows]).toEqual([["a", "b"], [[["1", "2"], 2], [["3", "4"], 3]]]);
  });
});

describe("a council name far too long to be one", () => {
  const where = {file: "names.csv", row: 12, column: "area_name"};
  const megabyte = "Medway".repeat(Math.ceil((1 << 20) / 6)).slice(0, 1 << 20);

  it("is refused at once with a located error, and no edit distance is computed", () => {
    const error = expectDataError(() => resolveCouncilName(megabyte, where), {...where, message: /a council name 1048576 characters long/});
    expect(error.value!.length).toBeLessThanOrEqual(80);
    expect(error.expected).toContain(`at most ${MAX_COUNCIL_NAME_LENGTH} characters`);
    expect(distanceCalls()).toBe(0);
  });

  it("up to the limit, is still compared, and the suggestions are those of the full edit distance", () => {
    const long = "Cornwal" + " x".repeat((MAX_COUNCIL_NAME_LENGTH - 7) / 2);
    expect(long.length).toBeLessThanOrEqual(MAX_COUNCIL_NAME_LENGTH);
    expect(() => resolveCouncilName(long, where)).toThrow(/unknown council name/);
    expect(distanceCalls()).toBeGreaterThan(0);
    expect(closestCouncilNames("Cornwal")[0]).toBe("Cornwall");
    expect(closestCouncilNames("Sheffeild")[0]).toBe("Sheffield");
    // Suggesting for a huge string compares only its first characters.
    vi.clearAllMocks();
    closestCouncilNames(megabyte);
    for (const [a] of vi.mocked(aliases.boundedEditDistance).mock.calls) expect(a.length).toBeLessThanOrEqual(MAX_COUNCIL_NAME_LENGTH);
  });

  it("bounded edit distance is the edit distance within the bound, and bound + 1 beyond it", () => {
    const words = ["", "a", "kent", "kemt", "medway", "mdeway", "north east lincolnshire", "north lincolnshire", "cornwall", "cornwal"];
    for (const a of words) {
      for (const b of words) {
        const exact = aliases.editDistance(a, b);
        for (const bound of [0, 1, 2, 5, 30]) expect(aliases.boundedEditDistance(a, b, bound), `${a}/${b}/${bound}`).toBe(exact <= bound ? exact : bound + 1);
      }
    }
  });

  it("in the OT profile CSV is refused at its row and column, without an edit distance", () => {
    const file = "data/raw/workforce/ot-employment-profile-2024-09.csv";
    const lines = readFileSync(path.join(ROOT, file), "utf-8").split("\n");
    const at = lines.findIndex((line) => line.startsWith("Kent,"));
    lines[at] = lines[at].replace(/^Kent,/, `${megabyte},`);
    expectDataError(() => parseOtProfile(text(lines.join("\n")), file), {file, row: at + 1, column: "area_name", message: /council name 1048576 characters long/});
    expect(distanceCalls()).toBe(0);
  });

  it("in a Skills for Care workbook (a cell of Excel's maximum, 32,767 characters) is refused at its sheet, row and column, without an edit distance", () => {
    const longest = megabyte.slice(0, 32_767);
    const header = ["CSSR (LA area)", "Sector", "Service", "Job role", "Turnover rate", "Vacancy rate", "Sickness - Mean (divide by Employees)", "Zero Hour Contracts - Yes"];
    const bytes = workbookBytes([header, ["Bristol", "All sectors", "All services", "All job roles", 0.25, 0.1, 5, 0.2], [longest, "All sectors", "All services", "All job roles", 0.25, 0.1, 5, 0.2]]);
    const error = expectDataError(() => parseLaDataDownload(bytes, "LA-data-download.xlsx", {sourceId: "sfc-la-data-test", vintage: "2023-24", period: "2023-24"}), {file: "LA-data-download.xlsx", row: 3, message: /council name 32767 characters long/});
    expect(error.sheet).toBeTruthy();
    expect(error.column).toBeTruthy();
    expect(distanceCalls()).toBe(0);
  });
});

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
