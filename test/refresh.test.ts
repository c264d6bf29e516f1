/**
 * `npm run refresh` against a local mirror of the publishers. Every test works on a temporary
 * copy of a raw folder and manifest (--raw-dir, --manifest), never on data/raw.
 */
import {afterAll, afterEach, beforeAll, describe, expect, it} from "vitest";
import {spawn} from "node:child_process";
import {createHash} from "node:crypto";
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {DEFAULT_CONCURRENCY, DEFAULT_DEADLINE_SECONDS, findDiscoveredLink, findDiscoveredLinks, isFetchable, mirrorUrl, parseRefreshArgs, runRefresh, selectSources, UsageError, type RefreshOptions} from "../loaders/refresh.ts";
import {buildSnapshot, describeRawFile, readManifest, writeManifest, type Manifest} from "../loaders/snapshot.ts";
import {sourceById, SOURCES} from "../loaders/sources.ts";
import type {ChangeReport} from "../loaders/changes.ts";
import type {SourceDefinition} from "../loaders/families/types.ts";
import {publisherPath as publisherPathOf, routesForRawDir, startMirror, type Mirror, type MirrorRoute} from "../scripts/mirror-server.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const FIXTURES = path.join(import.meta.dirname, "fixtures", "refresh");
const REAL_MYE_2022 = path.resolve(ROOT, "..", "shared", "data", "real", "population", "mye-2022.xlsx");
const LANDING = "/data-and-information/publications/statistical/adult-social-care-outcomes-framework-ascof";
// The 2021-22 file's publisher address (registered in loaders/families/reablement/sources.ts).
const FILE_2021_22 = "/A4/766F29/meas-from-asc-of-eng-2022-csv-v3.csv";
const FILE_2022_23 = "/EE/17E313/meas-from-asc-of-eng-2022-23-open-data.csv";
const TRAFFORD = "E08000009";

const landingPage = (link: string) => ({
  body: `<!DOCTYPE html><html><head><title>ASCOF</title></head><body><p>Data sets</p><a href="https://files.digital.nhs.uk${link}">Measures from the ASCOF, open data (CSV)</a></body></html>`,
  contentType: "text/html; charset=utf-8"
});

interface Workspace {
  dir: string;
  rawDir: string;
  manifestPath: string;
  changesPath: string;
  rawFile: string;
  before: {raw: Buffer; manifest: Buffer};
}

const workspaces: string[] = [];
afterEach(() => { for (const dir of workspaces.splice(0)) rmSync(dir, {recursive: true, force: true}); });

/** A temporary raw folder holding the 2021-22 fixture as the "previous" good file, and its manifest. */
async function workspace(): Promise<Workspace> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "asc-refresh-"));
  workspaces.push(dir);
  const rawDir = path.join(dir, "raw");
  mkdirSync(path.join(rawDir, "reablement"), {recursive: true});
  const rawFile = path.join(rawDir, "reablement", "ascof-2021-22.csv");
  copyFileSync(path.join(FIXTURES, "ascof-2021-22-v1.csv"), rawFile);
  const entry = await describeRawFile({
    source_id: "ascof-2021-22", file: "reablement/ascof-2021-22.csv", url: "https://files.digital.nhs.uk/A4/766F29/meas-from-asc-of-eng-2022-csv-v3.csv",
    vintage: "2021-22", retrieved_at: "2026-01-01T00:00:00.000Z", sha256: "", bytes: 0, rows: 0, sample: true, seeded: "", illustrative: "all values (test fixture)"
  }, rawDir);
  const manifestPath = path.join(dir, "manifest.json");
  writeManifest({generated_at: "2026-01-01T00:00:00.000Z", files: [entry]}, manifestPath);
  return {dir, rawDir, manifestPath, changesPath: path.join(dir, "changes.json"), rawFile, before: {raw: readFileSync(rawFile), manifest: readFileSync(manifestPath)}};
}

let mirror: Mirror;
beforeAll(async () => { mirror = await startMirror(); });
afterAll(async () => { await mirror.close(); });

/** Serve exactly these routes (plus nothing else) for the next run. */
function serve(routes: Record<string, MirrorRoute>) {
  mirror.routes.clear();
  for (const [pathname, route] of Object.entries(routes)) mirror.set(pathname, route);
}

async function refresh(ws: Workspace, options: Partial<RefreshOptions>) {
  const out: string[] = [];
  const err: string[] = [];
  const result = await runRefresh({
    baseUrl: mirror.url, rawDir: ws.rawDir, manifestPath: ws.manifestPath, timeoutMs: 400, retries: 1, backoffMs: 5,
    out: (line) => out.push(line), err: (line) => err.push(line), ...options
  });
  return {...result, stdout: out.join("\n"), stderr: err.join("\n")};
}

function expectUntouched(ws: Workspace) {
  expect(readFileSync(ws.rawFile).equals(ws.before.raw)).toBe(true);
  expect(readFileSync(ws.manifestPath).equals(ws.before.manifest)).toBe(true);
  expect(existsSync(ws.changesPath)).toBe(false);
  expect(readdirSync(ws.dir).filter((name) => name.startsWith(".refresh-"))).toEqual([]);
}

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("refresh: faults keep the previous data byte for byte", () => {
  const faults: {name: string; route: MirrorRoute; message: RegExp}[] = [
    {name: "404", route: {fault: "not_found"}, message: /HTTP 404/},
    {name: "500", route: {fault: "server_error"}, message: /HTTP 500 .*gave up after 2 attempts/},
    {name: "a response slower than the timeout", route: {file: path.join(FIXTURES, "ascof-2021-22-v2.csv"), fault: "slow", delayMs: 10_000}, message: /timed out after 0\.4 s with no response/},
    {name: "a silent server", route: {fault: "silent"}, message: /timed out after 0\.4 s with no response: the server is not answering; not retried$/m},
    {name: "a truncated body", route: {file: path.join(FIXTURES, "ascof-2021-22-v2.csv"), fault: "truncated"}, message: /truncated/},
    {name: "an HTML page with status 200", route: {fault: "html"}, message: /HTML page \('Service unavailable/},
    {name: "a renamed column", route: {file: path.join(FIXTURES, "ascof-2021-22-v2.csv"), fault: "renamed_column", renameColumn: ["Measure Value", "Value"]}, message: /column 'Measure Value': required column is missing/}
  ];
  for (const fault of faults) {
    it(`${fault.name}: clear message, exit 1, nothing replaced`, async () => {
      const ws = await workspace();
      serve({[`${LANDING}/england-2021-22`]: landingPage(FILE_2021_22), [FILE_2021_22]: fault.route});
      const result = await refresh(ws, {only: ["ascof-2021-22"]});
      expect(result.exitCode).toBe(1);
      expect(result.results.map((r) => r.status)).toEqual(["failed"]);
      expect(result.stderr).toContain("refresh failed for 1 source");
      expect(result.stderr).toContain(`ascof-2021-22: ${mirror.url}${FILE_2021_22}`);
      expect(result.stderr).toMatch(fault.message);
      expect(result.stdout).toMatch(/ascof-2021-22\s+failed/);
      expectUntouched(ws);
    });
  }

  it("a landing page without a matching link fails naming the page and the pattern", async () => {
    const ws = await workspace();
    serve({[`${LANDING}/england-2022-23`]: {body: "<html><body><a href='/other.pdf'>report</a></body></html>"}});
    const result = await refresh(ws, {only: ["ascof-2022-23"]});
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/ascof-2022-23: http:\/\/127\.0\.0\.1:\d+\/.*england-2022-23: no link on the landing page matches/);
    expectUntouched(ws);
  });

  it("a file that parses alone but breaks the snapshot assembly is rejected, the others still update", async () => {
    const ws = await workspace();
    serve({
      [`${LANDING}/england-2021-22`]: landingPage(FILE_2021_22), [FILE_2021_22]: {file: path.join(FIXTURES, "ascof-2021-22-v2.csv")},
      [`${LANDING}/england-2022-23`]: landingPage(FILE_2022_23), [FILE_2022_23]: {file: path.join(FIXTURES, "ascof-2022-23.csv")}
    });
    // Stand-in for a cross-file rule (an indicator a derivation cannot place, a duplicate area ...).
    const assemble = async (manifest: Manifest, rawDir: string) => {
      if (manifest.files.some((f) => f.source_id === "ascof-2022-23")) throw new Error("source ascof-2022-23 emitted area 'E99999999', which is not in the geography");
      return buildSnapshot(manifest, rawDir);
    };
    const result = await refresh(ws, {only: ["ascof-2021-22", "ascof-2022-23"], assemble});
    expect(result.exitCode).toBe(1);
    expect(Object.fromEntries(result.results.map((r) => [r.source_id, r.status]))).toEqual({"ascof-2021-22": "updated", "ascof-2022-23": "failed"});
    expect(result.stderr).toMatch(/ascof-2022-23: the snapshot does not assemble with this file, so it was not used: .*E99999999/);
    expect(existsSync(path.join(ws.rawDir, "reablement", "ascof-2022-23.csv"))).toBe(false);
    expect(readManifest(ws.manifestPath).files.map((f) => f.source_id)).toEqual(["ascof-2021-22"]);
    expect(sha(ws.rawFile)).toBe(sha(path.join(FIXTURES, "ascof-2021-22-v2.csv")));
  });
});

describe("refresh: success", () => {
  it("replaces the file, updates the manifest and writes a change report with the revision, the new period and the rank move", async () => {
    const ws = await workspace();
    serve({
      [`${LANDING}/england-2021-22`]: landingPage(FILE_2021_22), [FILE_2021_22]: {file: path.join(FIXTURES, "ascof-2021-22-v2.csv")},
      [`${LANDING}/england-2022-23`]: landingPage(FILE_2022_23), [FILE_2022_23]: {file: path.join(FIXTURES, "ascof-2022-23.csv")}
    });
    const result = await refresh(ws, {only: ["ascof-2021-22", "ascof-2022-23"], now: () => new Date("2026-11-20T06:00:00.000Z")});
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.results.map((r) => [r.source_id, r.status, r.rows])).toEqual([["ascof-2021-22", "updated", 6], ["ascof-2022-23", "updated", 6]]);
    expect(result.stdout).toMatch(/^source\s+status\s+rows\s+bytes\s+seconds\s+message/);
    expect(result.stdout).toContain("2 updated, 0 unchanged, 0 failed");

    expect(sha(ws.rawFile)).toBe(sha(path.join(FIXTURES, "ascof-2021-22-v2.csv")));
    const manifest = readManifest(ws.manifestPath);
    const entry = (id: string) => manifest.files.find((f) => f.source_id === id)!;
    expect(entry("ascof-2021-22")).toEqual({
      source_id: "ascof-2021-22", file: "reablement/ascof-2021-22.csv", url: `https://files.digital.nhs.uk${FILE_2021_22}`, vintage: "2021-22",
      retrieved_at: "2026-11-20T06:00:00.000Z", sha256: sha(path.join(FIXTURES, "ascof-2021-22-v2.csv")),
      bytes: statSync(path.join(FIXTURES, "ascof-2021-22-v2.csv")).size, rows: 6, sample: false, seeded: "", illustrative: ""
    });
    expect(entry("ascof-2022-23")).toMatchObject({file: "reablement/ascof-2022-23.csv", url: `https://files.digital.nhs.uk${FILE_2022_23}`, rows: 6, sample: false});
    expect(readdirSync(ws.dir).filter((name) => name.startsWith(".refresh-"))).toEqual([]);

    const report = JSON.parse(readFileSync(ws.changesPath, "utf-8")) as ChangeReport;
    expect(report.first_snapshot).toBe(false);
    expect(report.sources.map((s) => [s.source_id, s.change])).toEqual([["ascof-2021-22", "updated"], ["ascof-2022-23", "added"]]);
    expect(report.revisions).toEqual([expect.objectContaining({
      indicator_id: "ascof_reablement_91_day", area_code: TRAFFORD, area_name: "Trafford", period: "2021-22", breakdown: "total",
      old_value: 80, new_value: 88.9, difference: 8.9
    })]);
    expect(report.new_periods).toEqual([expect.objectContaining({indicator_id: "ascof_reablement_91_day", period: "2022-23", areas: 6, facts: 6})]);
    expect(report.rank_moves).toContainEqual(expect.objectContaining({
      group_id: "region-E12000002", area_code: TRAFFORD, period: "2021-22", old_rank: 3, new_rank: 1, ranked: 4, direction: "better"
    }));
    expect(report.by_council[TRAFFORD]).toEqual({revisions: 1, rank_moves: report.rank_moves.filter((m) => m.area_code === TRAFFORD).length});
    expect(report.counts).toMatchObject({revisions: 1, new_periods: 1, councils_added: 0, councils_removed: 0, indicators_changed: 0});
  });

  it("unchanged content is a no-op: no write, retrieved_at kept, no change report", async () => {
    const ws = await workspace();
    serve({[`${LANDING}/england-2021-22`]: landingPage(FILE_2021_22), [FILE_2021_22]: {file: path.join(FIXTURES, "ascof-2021-22-v1.csv")}});
    const mtime = statSync(ws.manifestPath).mtimeMs;
    const result = await refresh(ws, {only: ["ascof-2021-22"]});
    expect(result.exitCode).toBe(0);
    expect(result.results).toEqual([expect.objectContaining({source_id: "ascof-2021-22", status: "unchanged", rows: 6})]);
    expect(result.stdout).toContain("0 updated, 1 unchanged, 0 failed");
    expect(statSync(ws.manifestPath).mtimeMs).toBe(mtime);
    expectUntouched(ws);
  });

  it("falls back to the registered file address when the landing page is down", async () => {
    const ws = await workspace();
    serve({[`${LANDING}/england-2021-22`]: {fault: "server_error"}, [FILE_2021_22]: {file: path.join(FIXTURES, "ascof-2021-22-v2.csv")}});
    const result = await refresh(ws, {only: ["ascof-2021-22"]});
    expect(result.exitCode).toBe(0);
    expect(result.results[0]).toMatchObject({status: "updated", url: `${mirror.url}${FILE_2021_22}`});
    expect(result.results[0].message).toMatch(/the landing page was unusable \(.*HTTP 500.*\); fetched the registered file address/);
  });

  it("keeps fetching a registered file address, and says when the landing page links a newer file instead", async () => {
    const ws = await workspace();
    const newer = "/B7/123ABC/meas-from-asc-of-eng-2022-csv-v4.csv";
    serve({[`${LANDING}/england-2021-22`]: landingPage(newer), [FILE_2021_22]: {file: path.join(FIXTURES, "ascof-2021-22-v2.csv")}, [newer]: {file: path.join(FIXTURES, "ascof-2021-22-v1.csv")}});
    const result = await refresh(ws, {only: ["ascof-2021-22"]});
    expect(result.exitCode).toBe(0);
    expect(result.results[0]).toMatchObject({status: "updated", url: `${mirror.url}${FILE_2021_22}`});
    expect(result.results[0].message).toContain(`no longer links the registered address but links https://files.digital.nhs.uk${newer}`);
    expect(sha(ws.rawFile)).toBe(sha(path.join(FIXTURES, "ascof-2021-22-v2.csv")));
  });

  it("never gives one edition another edition's file when they share a landing page", async () => {
    const ws = await workspace();
    const page = "https://publisher.test/data/using-our-data";
    const pattern = "/files/\\d{4}-\\d{2}/[^\"']*\\.csv";
    const parse = (id: string) => (bytes: Uint8Array) => ({facts: [{indicator_id: "x", area_code: "E08000009", period: id, breakdown: "total", value: bytes.length, numerator: null, denominator: null, status: "ok" as const, source_id: id, vintage: id}]});
    const edition = (id: string, url: string): SourceDefinition => ({
      id, family: "cqc", title: id, publisher: "p", vintage: id, url, format: "csv", raw_path: `cqc/${id}.csv`,
      discovery: {landing_page: page, link_pattern: pattern, note: "one edition a month"}, parse: parse(id)
    });
    const landingOnly = (id: string): SourceDefinition => ({...edition(id, page), raw_path: `cqc/${id}.csv`});
    const sources = [edition("april", "https://publisher.test/files/2026-04/april.csv"), edition("may", "https://publisher.test/files/2026-05/may.csv"), landingOnly("latest"), landingOnly("latest-again")];
    serve({
      "/data/using-our-data": {body: `<html><body><a href="/files/2026-05/may.csv">Latest directory</a></body></html>`},
      "/files/2026-04/april.csv": {body: "edition,april\n"}, "/files/2026-05/may.csv": {body: "edition,may\n"}
    });
    const empty = async () => ({facts: [], areas: [], groups: [], indicators: [], cqc_assessments: [], cqc_locations: [], snapshot: [], revisions: []});
    const result = await refresh(ws, {sources, assemble: empty});
    const byId = Object.fromEntries(result.results.map((r) => [r.source_id, r]));
    expect(byId.april).toMatchObject({status: "updated", url: `${mirror.url}/files/2026-04/april.csv`});
    expect(byId.april.message).toContain("the landing page does not link the registered address; fetched it directly");
    expect(byId.may).toMatchObject({status: "updated", url: `${mirror.url}/files/2026-05/may.csv`});
    // A source that only has the landing page cannot take a file another source registered.
    expect(byId.latest.status).toBe("failed");
    expect(byId.latest.message).toMatch(/every link matching the pattern is another source's registered file/);
    expect(readFileSync(path.join(ws.rawDir, "cqc", "april.csv"), "utf-8")).toBe("edition,april\n");
    expect(readFileSync(path.join(ws.rawDir, "cqc", "may.csv"), "utf-8")).toBe("edition,may\n");
  });

  it("two sources that resolve to the same file: the second is not trusted with it", async () => {
    const ws = await workspace();
    const page = "https://publisher.test/stats";
    const source = (id: string): SourceDefinition => ({
      id, family: "reablement", title: id, publisher: "p", vintage: id, url: page, format: "csv", raw_path: `x/${id}.csv`,
      discovery: {landing_page: page, link_pattern: "https://files\\.publisher\\.test/[^\"']*\\.csv", note: "n"},
      parse: () => ({facts: [{indicator_id: "x", area_code: "E08000009", period: id, breakdown: "total", value: 1, numerator: null, denominator: null, status: "ok" as const, source_id: id, vintage: id}]})
    });
    serve({"/stats": {body: `<a href="https://files.publisher.test/data.csv">data</a>`}, "/data.csv": {body: "a,b\n1,2\n"}});
    const empty = async () => ({facts: [], areas: [], groups: [], indicators: [], cqc_assessments: [], cqc_locations: [], snapshot: [], revisions: []});
    const result = await refresh(ws, {sources: [source("one"), source("two")], assemble: empty});
    expect(result.results.map((r) => r.status)).toEqual(["updated", "failed"]);
    expect(result.results[1].message).toMatch(/https:\/\/files\.publisher\.test\/data\.csv is also the file found for one/);
  });

  it("a mirror of the raw folder itself refreshes to all unchanged (the benchmark's mirror plan)", async () => {
    const ws = await workspace();
    const plan = routesForRawDir(ws.rawDir, SOURCES);
    expect(plan.served).toEqual(["ascof-2021-22"]);
    expect(plan.skipped.find((s) => s.source_id === "ascof-2022-23")?.reason).toBe("no file at reablement/ascof-2022-23.csv");
    serve(plan.routes);
    const result = await refresh(ws, {only: plan.served});
    expect(result.results.map((r) => [r.source_id, r.status])).toEqual([["ascof-2021-22", "unchanged"]]);
    expectUntouched(ws);
  });

  it.skipIf(!existsSync(REAL_MYE_2022))("takes the real ONS mid-2022 estimates (XLSX) found through the ONS landing page", async () => {
    const ws = await workspace();
    const source = sourceById("ons-mye-2022")!;
    const link = "https://www.ons.gov.uk/file?uri=/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland/mid2022/mye22final.xlsx";
    expect(findDiscoveredLinks(`<a href="${link}">mid-2022</a>`, source.discovery!.link_pattern, source.discovery!.landing_page)).toEqual([link]);
    serve({
      [new URL(source.discovery!.landing_page).pathname]: {body: `<html><body><a href="${link}">Mid-2022 edition</a></body></html>`},
      [publisherPathOf(link)]: {file: REAL_MYE_2022}
    });
    const result = await refresh(ws, {only: ["ons-mye-2022"], timeoutMs: 30_000});
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const entry = readManifest(ws.manifestPath).files.find((f) => f.source_id === "ons-mye-2022")!;
    expect(entry).toMatchObject({file: "population/mye-2022.xlsx", url: link, sha256: sha(REAL_MYE_2022), bytes: statSync(REAL_MYE_2022).size, sample: false});
    expect(entry.rows).toBeGreaterThan(100);
    expect(sha(path.join(ws.rawDir, "population", "mye-2022.xlsx"))).toBe(sha(REAL_MYE_2022));
    expect(readFileSync(ws.rawFile).equals(ws.before.raw)).toBe(true);
    const report = JSON.parse(readFileSync(ws.changesPath, "utf-8")) as ChangeReport;
    expect(report.sources).toContainEqual(expect.objectContaining({source_id: "ons-mye-2022", change: "added"}));
  }, 120_000);
  if (!existsSync(REAL_MYE_2022)) it.skip(`real ONS file absent (${REAL_MYE_2022}): the real-file refresh test is skipped`, () => {});
});

/** A made-up source at a registered address, parsed into one fact; for runs that test scheduling, not parsing. */
function plainSource(id: string, pathname: string): SourceDefinition {
  return {
    id, family: "reablement", title: id, publisher: "p", vintage: "v", url: `https://publisher.test${pathname}`, format: "csv", raw_path: `x/${id}.csv`,
    parse: () => ({facts: [{indicator_id: "x", area_code: TRAFFORD, period: id, breakdown: "total", value: 1, numerator: null, denominator: null, status: "ok" as const, source_id: id, vintage: "v"}]})
  };
}
const emptySnapshot = async () => ({facts: [], areas: [], groups: [], indicators: [], cqc_assessments: [], cqc_locations: [], snapshot: [], revisions: []});

describe("refresh: a run always ends", () => {
  it("a silent mirror (connections accepted, never answered): every source fails by its deadline, each named, nothing written", async () => {
    const ws = await workspace();
    const silent = await startMirror({}, {silent: true});
    try {
      const started = performance.now();
      // The whole registry, 3 at a time, 0.3 s per request, 2 s for the run; retries allowed.
      const result = await refresh(ws, {baseUrl: silent.url, timeoutMs: 300, deadlineSeconds: 2, retries: 3, concurrency: 3});
      const elapsed = performance.now() - started;
      const selected = selectSources(SOURCES);
      expect(result.exitCode).toBe(1);
      expect(result.results.map((r) => r.source_id)).toEqual(selected.map((s) => s.id));
      for (const r of result.results) {
        expect(r.status).toBe("failed");
        expect(["timeout", "deadline"]).toContain(r.failure);
        expect(r.message).toMatch(r.failure === "timeout" ? /timed out after 0\.3 s with no response: the server is not answering; not retried$/ : /the refresh's 2 s deadline was reached (before this source started|while waiting for the server to answer)/);
        expect(result.stderr).toContain(`\n  ${r.source_id}: `);
      }
      expect(result.stdout).toMatch(/0 updated, 0 unchanged, \d+ failed \(\d+ timed out/);
      // One request per source at most (a timeout is not retried and stops the source), 3 at a time.
      expect(silent.requests.length).toBeGreaterThan(0);
      expect(silent.requests.length).toBeLessThanOrEqual(selected.length);
      expect(silent.peakInFlight).toBeLessThanOrEqual(3);
      expect(elapsed).toBeLessThan(2000 + 1500);
      expectUntouched(ws);
    } finally {
      await silent.close();
    }
  });

  it("at the deadline: the download in flight stops, the source not started fails, the one finished is still applied", async () => {
    const ws = await workspace();
    serve({
      [`${LANDING}/england-2021-22`]: landingPage(FILE_2021_22), [FILE_2021_22]: {file: path.join(FIXTURES, "ascof-2021-22-v2.csv")},
      [`${LANDING}/england-2022-23`]: {fault: "silent"}, [`${LANDING}/england-2023-24`]: landingPage(FILE_2022_23)
    });
    // One at a time and a per-request timeout longer than the run: only the deadline can stop it.
    const result = await refresh(ws, {only: ["ascof-2021-22", "ascof-2022-23", "ascof-2023-24"], concurrency: 1, timeoutMs: 30_000, deadlineSeconds: 1});
    expect(result.exitCode).toBe(1);
    expect(result.deadlineReached).toBe(true);
    expect(result.results.map((r) => [r.source_id, r.status, r.failure])).toEqual([
      ["ascof-2021-22", "updated", undefined], ["ascof-2022-23", "failed", "deadline"], ["ascof-2023-24", "failed", "deadline"]
    ]);
    expect(result.results[1].message).toMatch(/landing page unusable: .*england-2022-23: the refresh's 1 s deadline was reached while waiting for the server to answer/);
    expect(result.results[2].message).toBe("the refresh's 1 s deadline was reached before this source started; previous file kept");
    expect(result.stderr).toContain("the refresh's 1 s deadline was reached: 2 sources unfinished, each keeping its previous file");
    expect(mirror.requests.filter((p) => p.includes("england-2023-24"))).toEqual([]);
    // The finished source passed validation and assembly, so it is applied; the others left nothing.
    expect(sha(ws.rawFile)).toBe(sha(path.join(FIXTURES, "ascof-2021-22-v2.csv")));
    expect(readManifest(ws.manifestPath).files.map((f) => f.source_id)).toEqual(["ascof-2021-22"]);
    expect(readdirSync(path.join(ws.rawDir, "reablement"))).toEqual(["ascof-2021-22.csv"]);
    expect(readdirSync(ws.dir).filter((name) => name.startsWith(".refresh-"))).toEqual([]);
  });

  it("downloads at most --concurrency sources at a time (the mirror counts requests in flight), reporting in registry order", async () => {
    const ws = await workspace();
    const sources = Array.from({length: 6}, (_, i) => plainSource(`s${i}`, `/files/s${i}.csv`));
    for (const concurrency of [1, 2, 4]) {
      // Each answer takes 150 ms, so sources overlap whenever the bound allows it.
      serve(Object.fromEntries(sources.map((s, i) => [`/files/s${i}.csv`, {body: `a,b\n${concurrency},${i}\n`, fault: "slow" as const, delayMs: 150}])));
      mirror.resetCounts();
      const result = await refresh(ws, {sources, assemble: emptySnapshot, concurrency});
      expect(result.exitCode).toBe(0);
      expect(result.results.map((r) => [r.source_id, r.status])).toEqual(sources.map((s) => [s.id, "updated"]));
      expect(mirror.requests).toHaveLength(6);
      expect(mirror.peakInFlight).toBe(concurrency);
    }
  });

  it("a timeout is not retried, a 500 is", async () => {
    const ws = await workspace();
    const sources = [plainSource("quiet", "/files/quiet.csv"), plainSource("broken", "/files/broken.csv")];
    serve({"/files/quiet.csv": {fault: "silent"}, "/files/broken.csv": {fault: "server_error"}});
    mirror.resetCounts();
    const result = await refresh(ws, {sources, assemble: emptySnapshot, timeoutMs: 300, retries: 2});
    expect(result.results.map((r) => [r.source_id, r.failure])).toEqual([["quiet", "timeout"], ["broken", "http"]]);
    expect(result.results[0].message).toMatch(/quiet\.csv: timed out after 0\.3 s with no response/);
    expect(result.results[1].message).toMatch(/HTTP 500 Internal Server Error \(gave up after 3 attempts\)/);
    expect(mirror.requests.filter((p) => p === "/files/quiet.csv")).toHaveLength(1);
    expect(mirror.requests.filter((p) => p === "/files/broken.csv")).toHaveLength(3);
    expect(result.stdout).toContain("0 updated, 0 unchanged, 2 failed (1 timed out)");
  });

  it("a registered file that times out is not followed by its landing page (one timeout per source)", async () => {
    const ws = await workspace();
    serve({[`${LANDING}/england-2021-22`]: landingPage(FILE_2021_22), [FILE_2021_22]: {fault: "silent"}});
    mirror.resetCounts();
    const result = await refresh(ws, {only: ["ascof-2021-22"], timeoutMs: 300, retries: 3});
    expect(result.results[0]).toMatchObject({status: "failed", failure: "timeout"});
    expect(mirror.requests).toEqual([FILE_2021_22]);
    expectUntouched(ws);
  });
});

describe("refresh: options and sources", () => {
  it("reads --deadline and --concurrency, or REFRESH_DEADLINE_SECONDS and REFRESH_CONCURRENCY, the option winning", () => {
    expect(DEFAULT_DEADLINE_SECONDS).toBe(600);
    expect(DEFAULT_CONCURRENCY).toBe(3);
    expect(parseRefreshArgs([], {})).toEqual({only: []});
    expect(parseRefreshArgs(["--deadline", "90", "--concurrency", "2"], {})).toMatchObject({deadlineSeconds: 90, concurrency: 2});
    expect(parseRefreshArgs([], {REFRESH_DEADLINE_SECONDS: "300", REFRESH_CONCURRENCY: "5"})).toMatchObject({deadlineSeconds: 300, concurrency: 5});
    expect(parseRefreshArgs(["--deadline", "0.5"], {REFRESH_DEADLINE_SECONDS: "300"})).toMatchObject({deadlineSeconds: 0.5});
    expect(() => parseRefreshArgs(["--deadline", "0"], {})).toThrow(/--deadline needs a number of seconds above 0/);
    expect(() => parseRefreshArgs([], {REFRESH_DEADLINE_SECONDS: "ten"})).toThrow(/REFRESH_DEADLINE_SECONDS needs a non-negative number, not 'ten'/);
    expect(() => parseRefreshArgs(["--concurrency", "1.5"], {})).toThrow(/--concurrency needs a whole number of at least 1/);
    expect(() => parseRefreshArgs(["--concurrency", "0"], {})).toThrow(UsageError);
  });

  it("maps a publisher URL onto the mirror keeping its path", () => {
    expect(mirrorUrl("http://127.0.0.1:8080", "https://files.digital.nhs.uk/A4/766F29/x.csv")).toBe("http://127.0.0.1:8080/A4/766F29/x.csv");
    expect(mirrorUrl("http://mirror.test/base/", "https://www.gov.uk/a/b?c=1")).toBe("http://mirror.test/base/a/b?c=1");
    expect(mirrorUrl(undefined, "https://files.digital.nhs.uk/A4/766F29/x.csv")).toBe("https://files.digital.nhs.uk/A4/766F29/x.csv");
  });

  it("finds the discovery link, absolute or relative, with entities decoded", () => {
    const pattern = sourceById("ascof-2024-25-csv")!.discovery!.link_pattern;
    const page = `<a href="/government/publications/x">x</a><a href="https://assets.publishing.service.gov.uk/media/65ab12/ascof-2024-25.csv">csv</a>`;
    expect(findDiscoveredLink(page, pattern, "https://www.gov.uk/x")).toBe("https://assets.publishing.service.gov.uk/media/65ab12/ascof-2024-25.csv");
    const relative = `<a href="/media/65ab12/ascof.csv?a=1&amp;b=2">csv</a>`;
    expect(findDiscoveredLink(relative, "https://assets\\.example\\.org/media/[0-9a-f]+/[^\"']*\\.csv", "https://assets.example.org/page")).toBe("https://assets.example.org/media/65ab12/ascof.csv?a=1&b=2");
    expect(findDiscoveredLink("<p>nothing</p>", pattern, "https://www.gov.uk/x")).toBeUndefined();
    // A pattern for the file name only (Skills for Care): the whole href, resolved, is the link.
    const sfc = `<a href="/adult-social-care-workforce-data/Workforce-intelligence/documents/Raw-data/LA-data-download.xlsx">Download</a>`;
    expect(findDiscoveredLinks(sfc, "LA-data-download[^\"']*\\.xlsx", "https://www.skillsforcare.org.uk/Workforce-estimates.aspx"))
      .toEqual(["https://www.skillsforcare.org.uk/adult-social-care-workforce-data/Workforce-intelligence/documents/Raw-data/LA-data-download.xlsx"]);
  });

  it("fetches every registered source that is not curated and not a folder per council", () => {
    const fake = (id: string, extra: Partial<SourceDefinition> = {}): SourceDefinition => ({
      id, family: "reablement", title: id, publisher: "p", vintage: "v", url: "https://x.test/a.csv", format: "csv", raw_path: `x/${id}.csv`, parse: () => ({facts: []}), ...extra
    });
    const sources = [fake("a"), fake("b", {curated: true}), fake("c", {raw_path: "comparators/cipfa/"})];
    expect(selectSources(sources).map((s) => s.id)).toEqual(["a"]);
    expect(() => selectSources(sources, ["b"])).toThrow(/curated in the repository and never fetched/);
    expect(() => selectSources(sources, ["c"])).toThrow(/one file per council/);
    expect(() => selectSources(sources, ["nope"])).toThrow(UsageError);
    expect(selectSources(SOURCES).every(isFetchable)).toBe(true);
  });

  it("the CLI exits 1 naming the failed source, and 2 on a bad option", async () => {
    const ws = await workspace();
    serve({});
    const run = (args: string[]) => new Promise<{code: number | null; stdout: string; stderr: string}>((resolve) => {
      const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "loaders", "refresh.ts"), ...args], {cwd: ROOT});
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({code, stdout, stderr}));
    });
    const failed = await run(["--base-url", mirror.url, "--only", "ascof-2021-22", "--raw-dir", ws.rawDir, "--manifest", ws.manifestPath, "--timeout", "500", "--retries", "0"]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/ascof-2021-22\s+failed/);
    expect(failed.stderr).toMatch(/refresh failed for 1 source \(previous files kept\):\n {2}ascof-2021-22: .*HTTP 404/);
    expectUntouched(ws);
    // The process itself ends at the deadline (no timer or socket left open), exit 1.
    const silent = await startMirror({}, {silent: true});
    try {
      const started = performance.now();
      const stopped = await run(["--base-url", silent.url, "--only", "ascof-2021-22,ascof-2022-23", "--raw-dir", ws.rawDir, "--manifest", ws.manifestPath, "--timeout", "30000", "--deadline", "1"]);
      expect(stopped.code).toBe(1);
      expect(stopped.stderr).toContain("the refresh's 1 s deadline was reached: 2 sources unfinished");
      expect(stopped.stderr).toMatch(/ {2}ascof-2021-22: .*deadline was reached while waiting for the server to answer/);
      expect(stopped.stderr).toMatch(/ {2}ascof-2022-23: landing page unusable: .*deadline was reached while waiting for the server to answer/);
      expect(performance.now() - started).toBeLessThan(30_000);
    } finally {
      await silent.close();
    }
    expectUntouched(ws);
    const usage = await run(["--frobnicate"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/unknown option '--frobnicate'/);
  });
});
