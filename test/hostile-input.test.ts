/**
 * Large or hostile input (issue 12, item 3): memory, time and expansion stay bounded.
 * - CSV: rows streamed from text decoded a chunk at a time give exactly the records, line numbers
 *   and errors of the whole-text reader, on every fixture and real CSV and at any chunk size;
 * - a council name far longer than any council's is refused at once, with a located error, without
 *   a single edit distance computed, through the OT profile CSV and Skills for Care workbook parsers.
 * Zip and gzip bombs are in hostile-input-archives.test.ts.
 */
import {createHash} from "node:crypto";
import {existsSync, readFileSync} from "node:fs";
import path from "node:path";
import {beforeEach, describe, expect, it, vi} from "vitest";
import * as aliases from "../loaders/families/geography/aliases.ts";
import {closestCouncilNames, MAX_COUNCIL_NAME_LENGTH, resolveCouncilName} from "../loaders/families/geography/index.ts";
import {parseAscof} from "../loaders/families/reablement/parse-ascof.ts";
import {parseLaDataDownload} from "../loaders/families/workforce/parse-la-data-download.ts";
import {parseOtProfile} from "../loaders/families/workforce/parse-ot-profile.ts";
import {csvRecordsFromBytes, decodeText, parseCsvText, readCsv, streamCsv} from "../loaders/read/csv.ts";
import {gunzipIfCompressed} from "../loaders/read/gzip.ts";
import {streamTable} from "../loaders/read/table.ts";
import {DataError} from "../loaders/validate.ts";
import {workbookBytes} from "../scripts/sample/workforce.ts";
import {expectDataError} from "./support/data-error.ts";
import {filesUnder} from "./support/files-under.ts";

// Count the edit distances geography computes.
vi.mock("../loaders/families/geography/aliases.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../loaders/families/geography/aliases.ts")>();
  return {...original, editDistance: vi.fn(original.editDistance), boundedEditDistance: vi.fn(original.boundedEditDistance)};
});
const distanceCalls = () => vi.mocked(aliases.boundedEditDistance).mock.calls.length + vi.mocked(aliases.editDistance).mock.calls.length;
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
