/**
 * Memory and time on large or hostile input (issue 12, item 3).
 *
 *   npm run bench -- memory
 *
 * `benchIngestMemory`: peak resident memory of `npm run data -- ingest` on a 56 MB CSV. The file
 * is real data in a real layout: the five NHS Digital ASCOF open-data files 2014-15 to 2018-19
 * (data/raw/reablement, one layout, one header) joined into one file of about 347,000 rows, ingested
 * as the multi-year `ascof-trend` source, which reads each row's Return Year, so every row takes
 * the full path (decoding, CSV, validation, code resolution, joining, Arrow). The ingest runs in a
 * child process, as `npm run data` runs it (`node --import tsx loaders/cli.ts ingest ...`), which
 * prints `process.resourceUsage().maxRSS` as it exits. Also timed: the same file gzip-compressed,
 * and a small fixture for what the CLI needs before any data (`baselineMB`).
 *
 * `benchLongNameRefusal`: milliseconds to refuse a 1 MB council name, alone and through the OT
 * profile parser (the real CSV with one area name replaced), and to suggest names for the longest
 * name accepted for lookup. Before the length limit the 1 MB name took 26 s.
 *
 * `benchZipBombRefusal`: milliseconds to refuse a workbook whose one entry is 60 MB of zeros
 * (compressed about 1000 to 1), and the same entry declaring 1 MB, before SheetJS sees either.
 */
import {spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {deflateRawSync, gzipSync} from "node:zlib";
import {closestCouncilNames, MAX_COUNCIL_NAME_LENGTH, resolveCouncilName} from "../../loaders/families/geography/index.ts";
import {parseOtProfile} from "../../loaders/families/workforce/parse-ot-profile.ts";
import {gunzipIfCompressed} from "../../loaders/read/gzip.ts";
import {readSheet} from "../../loaders/read/spreadsheet.ts";
import {isDataError} from "../../loaders/validate.ts";

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MB = 2 ** 20;
const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;

/** The five real ASCOF years 2014-15 to 2018-19, one header, as one CSV. */
function joinedAscofYears(): Uint8Array {
  const years = ["2014-15", "2015-16", "2016-17", "2017-18", "2018-19"];
  const parts = years.map((year) => {
    const file = `reablement/ascof-open-data-${year}.csv.gz`;
    return gunzipIfCompressed(new Uint8Array(readFileSync(path.join(projectDir, "data/raw", file))), file);
  });
  const headerEnd = (bytes: Uint8Array) => bytes.indexOf(0x0a) + 1;
  const header = parts[0].subarray(0, headerEnd(parts[0]));
  if (parts.some((part) => Buffer.compare(part.subarray(0, headerEnd(part)), header) !== 0)) throw new Error("the ASCOF years 2014-15 to 2018-19 no longer share one header");
  return Buffer.concat([header, ...parts.map((part) => part.subarray(headerEnd(part)))]);
}

/** Peak RSS of one `ingest` in a child process, its wall time and the facts it wrote. */
function ingestInChild(sourceId: string, file: string, outDir: string): {peakMB: number; seconds: number; facts: number} {
  const report = `process.on("exit", () => process.stderr.write("maxRSS_KB=" + process.resourceUsage().maxRSS + "\\n"));`;
  const start = performance.now();
  const child = spawnSync(process.execPath, ["--import", "tsx", "--import", `data:text/javascript,${encodeURIComponent(report)}`, "loaders/cli.ts", "ingest", sourceId, file, "--out", outDir], {
    cwd: projectDir, encoding: "utf-8", maxBuffer: 64 * MB
  });
  const seconds = (performance.now() - start) / 1000;
  if (child.status !== 0) throw new Error(`ingest ${sourceId} ${file} failed (${child.status}): ${child.stderr.slice(0, 500)}`);
  const maxRss = /maxRSS_KB=(\d+)/.exec(child.stderr)?.[1];
  if (!maxRss) throw new Error("the ingest child did not report its peak RSS");
  const summary = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as {rows: number};
  return {peakMB: round(Number(maxRss) / 1024), seconds: round(seconds, 2), facts: summary.rows};
}

export async function benchIngestMemory() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "asc-bench-memory-"));
  try {
    const csv = path.join(dir, "ascof-open-data-2014-15-to-2018-19.csv");
    const bytes = joinedAscofYears();
    writeFileSync(csv, bytes);
    const gz = `${csv}.gz`;
    writeFileSync(gz, gzipSync(bytes));
    const rows = bytes.reduce((count, byte) => count + (byte === 0x0a ? 1 : 0), 0) - 1;
    const baseline = ingestInChild("ascof-trend", path.join(projectDir, "test/fixtures/reablement/ascof-trend.csv"), path.join(dir, "out-baseline"));
    const plain = ingestInChild("ascof-trend", csv, path.join(dir, "out-csv"));
    const compressed = ingestInChild("ascof-trend", gz, path.join(dir, "out-gz"));
    const fileMB = round(bytes.length / MB);
    return {
      fileMB, gzMB: round(statSync(gz).size / MB, 2), rows, facts: plain.facts,
      baselineMB: baseline.peakMB,
      csv: {peakMB: plain.peakMB, overBaselineMB: round(plain.peakMB - baseline.peakMB), timesFile: round(plain.peakMB / fileMB, 2), seconds: plain.seconds},
      gzip: {peakMB: compressed.peakMB, overBaselineMB: round(compressed.peakMB - baseline.peakMB), seconds: compressed.seconds},
      under500MB: plain.peakMB < 500 && compressed.peakMB < 500
    };
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

/** Milliseconds for `run` to throw a DataError (it must). */
function msToRefuse(run: () => unknown): number {
  const start = performance.now();
  try {
    run();
  } catch (error) {
    if (!isDataError(error)) throw error;
    return round(performance.now() - start, 2);
  }
  throw new Error("expected a refusal");
}

export async function benchLongNameRefusal() {
  const megabyte = "Medway".repeat(Math.ceil(MB / 6)).slice(0, MB);
  const file = "data/raw/workforce/ot-employment-profile-2024-09.csv";
  const lines = readFileSync(path.join(projectDir, file), "utf-8").split("\n");
  const at = lines.findIndex((line) => line.startsWith("Kent,"));
  lines[at] = lines[at].replace(/^Kent,/, `${megabyte},`);
  const profile = new TextEncoder().encode(lines.join("\n"));
  const longest = ("Cornwal" + " x".repeat(MAX_COUNCIL_NAME_LENGTH)).slice(0, MAX_COUNCIL_NAME_LENGTH);
  const start = performance.now();
  closestCouncilNames(longest);
  return {
    resolveCouncilName1MBms: msToRefuse(() => resolveCouncilName(megabyte, {file: "bench.csv", row: 2, column: "area_name"})),
    otProfileWith1MBNameMs: msToRefuse(() => parseOtProfile(profile, file)),
    suggestionsForLongestAcceptedNameMs: round(performance.now() - start, 2),
    longestAcceptedName: MAX_COUNCIL_NAME_LENGTH
  };
}

/** A zip of one deflated entry, declaring `declared` bytes uncompressed. */
function oneEntryZip(name: string, deflated: Uint8Array, declared: number): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + nameBytes.length, 12);
  end.writeUInt32LE(30 + nameBytes.length + deflated.length, 16);
  return Buffer.concat([local, nameBytes, deflated, central, nameBytes, end]);
}

export async function benchZipBombRefusal() {
  const zeros = new Uint8Array(60 * MB);
  const deflated = deflateRawSync(zeros);
  const honest = oneEntryZip("xl/worksheets/sheet1.xml", deflated, zeros.length);
  const liar = oneEntryZip("xl/worksheets/sheet1.xml", deflated, MB);
  return {
    zipKB: round(honest.length / 1024),
    expandsToMB: zeros.length / MB,
    honestSizesRefusedMs: msToRefuse(() => readSheet(honest, "bomb.xlsx")),
    lyingSizesRefusedMs: msToRefuse(() => readSheet(liar, "liar.xlsx"))
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify({ingest: await benchIngestMemory(), longName: await benchLongNameRefusal(), zipBomb: await benchZipBombRefusal()}, null, 2));
}
