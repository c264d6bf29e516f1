import {existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {fromArrowIPC, type FactRow} from "../loaders/model.ts";
import {cli, expectIngestRefused, snapshotDir} from "./support/cli.ts";




describe("npm run data -- sources", () => {
  it("prints one JSON object per registered source with id, family, vintage, url and format", async () => {
    const {code, stdout} = await cli("sources");
    expect(code).toBe(0);
    const sources = stdout.trim().split("\n").map((line) => JSON.parse(line));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      expect(Object.keys(source)).toEqual(expect.arrayContaining(["id", "family", "vintage", "url", "format"]));
      if (!source.curated) expect(source.url).toMatch(/^https:\/\//);
    }
    expect(new Set(sources.map((s) => s.id)).size).toBe(sources.length);
    expect(sources.map((s) => s.family)).toEqual(expect.arrayContaining(["reablement", "safeguarding", "workforce", "cqc"]));
  });
});

describe("npm run data -- ingest", () => {
  it("writes facts.arrow and prints one JSON summary line", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "asc-ingest-")), "out");
    const {code, stdout} = await cli("ingest", "ascof-2020-21", "test/fixtures/reablement/ascof-annual.csv", "--out", out);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim());
    expect(summary).toMatchObject({source_id: "ascof-2020-21", rows: 7, periods: ["2020-21"], statuses: {ok: 5, suppressed: 1, not_available: 1}});
    const facts = fromArrowIPC<FactRow>(readFileSync(path.join(out, "facts.arrow")));
    expect(facts.find((f) => f.area_code === "E08000009" && f.breakdown === "total" && f.indicator_id === "ascof_reablement_91_day")).toMatchObject({value: 88.9, numerator: 160, denominator: 180});
  });

  it.each([
    ["an HTML page saved as .csv", "<!doctype html><html><head><title>Service unavailable</title></head><body>Try later</body></html>", /ascof\.csv: this is an HTML page/],
    ["a truncated file", "Geographical Code,Geographical Description,Geographical Level,ONS Code,ASCOF Measure Code,Disaggregation Level,Measure Type,Measure Value,Measure Group\n312,Trafford,Council,E08000009,2B1,Total,Outcome,88.9,2B1\n312,Trafford,Coun", /row 3: 3 fields where the header has 9: the file looks truncated/],
    ["a renamed column", "Geographical Code,Geographical Description,Geographical Level,ONS Code,ASCOF Measure Code,Disaggregation Level,Measure Type,Value,Measure Group\n312,Trafford,Council,E08000009,2B1,Total,Outcome,88.9,2B1\n", /row 1 column 'Measure Value': required column is missing/],
    ["a non-numeric value", "Geographical Code,Geographical Description,Geographical Level,ONS Code,ASCOF Measure Code,Disaggregation Level,Measure Type,Measure Value,Measure Group\n312,Trafford,Council,E08000009,2B1,Total,Outcome,eighty,2B1\n", /row 2 column 'Measure Value': not a number, \[c\], \[x\], : or blank \(found 'eighty'\)/]
  ])("on %s: exits non-zero, names file, row and column, and leaves --out untouched", async (_, content, message) => {
    const dir = mkdtempSync(path.join(tmpdir(), "asc-bad-"));
    const file = path.join(dir, "ascof.csv");
    writeFileSync(file, content);
    const out = path.join(dir, "out");
    // A previous good ingest sits in the output folder; it must survive byte for byte.
    expect((await cli("ingest", "ascof-2020-21", "test/fixtures/reablement/ascof-annual.csv", "--out", out)).code).toBe(0);
    const before = snapshotDir(out);
    const {code, stderr, stdout} = await cli("ingest", "ascof-2020-21", file, "--out", out);
    expect(code).not.toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr).toContain(file);
    expect(snapshotDir(out)).toEqual(before);
    expect(readdirSync(dir).filter((name) => name.startsWith(".ingest-"))).toEqual([]);
  });

  it("refuses an unknown source id with a usage message", async () => {
    const {code, stderr} = await cli("ingest", "no-such-source", "test/fixtures/reablement/ascof-annual.csv", "--out", path.join(tmpdir(), "never"));
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown source 'no-such-source'/);
    expect(existsSync(path.join(tmpdir(), "never"))).toBe(false);
  });
});

const REAL = "../shared/data/real/ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx";
describe.skipIf(!existsSync(REAL))("ingest of the real official ASCOF 2020-21 file", () => {
  it("matches the publication, numerators and denominators included", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "asc-real-")), "out");
    const {code, stdout} = await cli("ingest", "ascof-2020-21", REAL, "--out", out);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim());
    expect(summary.periods).toEqual(["2020-21"]);
    expect(summary.areas).toBeGreaterThanOrEqual(160);
    const facts = fromArrowIPC<FactRow>(readFileSync(path.join(out, "facts.arrow")));
    expect(facts.find((f) => f.area_code === "E08000009" && f.indicator_id === "ascof_reablement_91_day" && f.breakdown === "total")).toMatchObject({value: 88.9, numerator: 160, denominator: 180});
  });
});

/**
 * The formats the published snapshot brought (gzip CSV, DHSC's ODS, ONS workbooks, the CIPFA JSON):
 * their bad inputs are located errors through `ingest`, and leave a previous good output untouched.
 */
const REAL_DIR = "../shared/data/real";
const hasRealFiles = existsSync(`${REAL_DIR}/ascof/ascof-timeseries-2015-16-to-2024-25-dhsc.ods`);
if (!hasRealFiles) console.warn(`skipping the ingest tests of the published formats: ${REAL_DIR} is absent (it exists beside the project in CI)`);

describe.skipIf(!hasRealFiles)("ingest of the published formats: bad input changes nothing", () => {
  async function refused(sourceId: string, name: string, bytes: Uint8Array, message: RegExp) {
    const dir = mkdtempSync(path.join(tmpdir(), "asc-bad-format-"));
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    const out = path.join(dir, "out");
    expect((await cli("ingest", "ascof-2020-21", "test/fixtures/reablement/ascof-annual.csv", "--out", out)).code).toBe(0);
    await expectIngestRefused(sourceId, file, out, message);
  }

  it("a truncated gzip file", async () => {
    const whole = readFileSync(`${REAL_DIR}/ascof/ascof-open-data-2016-17.csv.gz`);
    await refused("ascof-2016-17", "ascof-open-data-2016-17.csv.gz", whole.subarray(0, Math.floor(whole.length * 0.6)), /gzip stream ends early: the file is truncated/);
  });

  it("DHSC's ODS with a table sheet missing", async () => {
    const XLSX = await import("@e965/xlsx");
    const book = XLSX.read(readFileSync(`${REAL_DIR}/ascof/ascof-timeseries-2015-16-to-2024-25-dhsc.ods`), {type: "buffer"});
    book.SheetNames = book.SheetNames.filter((name) => name !== "Table_4b");
    delete book.Sheets.Table_4b;
    await refused("ascof-2024-25", "ascof-timeseries.ods", new Uint8Array(XLSX.write(book, {type: "array", bookType: "ods"}) as ArrayBuffer), /sheet 'Contents' row \d+ column 'Metric'.*no sheet 'Table_4b'/);
  }, 120_000);

  it("an ONS workbook whose header row has moved out of reach", async () => {
    const XLSX = await import("@e965/xlsx");
    const book = XLSX.utils.book_new();
    const rows = [["Mid-2022 Population Estimates for the UK"], ...Array.from({length: 60}, () => ["notes"]), ["Code", "Name", "Geography", "All ages", "0"]];
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), "MYE2 - Persons");
    await refused("ons-mye-2022", "mye-2022.xlsx", new Uint8Array(XLSX.write(book, {type: "array", bookType: "xlsx"}) as ArrayBuffer), /sheet 'MYE2 - Persons'.*header/i);
  });

  it("an unknown code in a CIPFA neighbour list", async () => {
    await refused("comparators-cipfa", "cipfa.json", readFileSync("test/fixtures/geography/cipfa-nn-unknown-code.json"), /E06999999/);
  });
});
