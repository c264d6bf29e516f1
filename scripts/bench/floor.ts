/**
 * The site against the floor of its own stack, in one run (issue 13). The floor is a bare
 * Framework project (scripts/bench/bare-project.ts: same Framework, Plot and DuckDB-Wasm, the least
 * possible work) generated in a temporary folder next to a fresh copy of this working tree; both
 * are built and loaded interleaved, so a busy machine slows both alike and the ratios stay
 * comparable from run to run even when the absolute times do not.
 *
 *   npm run bench -- floor
 *   BENCH_FLOOR_BUILDS=1 BENCH_FLOOR_RUNS=5 npm run bench -- floor   (the defaults)
 *   BENCH_FOCAL_CHANGES=20 BENCH_GROUP_CHANGES=8 BENCH_INDICATOR_CHANGES=8 BENCH_PERIOD_CHANGES=8 (the defaults here)
 *   BENCH_FLOOR_KEEP=1 …        keep the temporary folder (its path is in the figures)
 *
 * What it does, in order:
 * 1. Builds. The working tree is copied as a fresh clone would have it (`git ls-files` of tracked
 *    and untracked, not ignored, files: no dist/, no Framework cache, no parsed snapshot;
 *    node_modules a symlink) and `npm run build` runs there from nothing, BENCH_FLOOR_BUILDS
 *    times, alternating with the bare project's build from nothing (one more of those, so each
 *    site build sits between two bare ones). The bare project has one parameterised page per
 *    council, as many as the site's dynamicPaths. Ratio: the site's median over the bare median.
 * 2. Cold loads, in pairs. Both dist/ folders are served from loopback; headless Chromium (full
 *    wasm tiers, what users get) opens each page in a new browser context (empty cache); time to
 *    the first visible chart from navigation start, measured in the page (scripts/bench/council.ts
 *    coldLoad). Each site page is paired with its floor page and the two are loaded back to back,
 *    BENCH_FLOOR_RUNS rounds: a council page against the bare Plot page, with no DuckDB request
 *    allowed (the bare parameterised page, which also fetches a small JSON, is paired with the
 *    bare Plot page too, for scale); each explorer and each worked notebook against the bare
 *    DuckDB page, whose one Arrow file is FLOOR_ARROW_BYTES, what the reablement explorer fetched
 *    before its first chart when this bench was written. Ratio: the median over the rounds of
 *    site / floor, each round's two loads being seconds apart, so a load spike from elsewhere
 *    moves both; the absolute medians are reported beside it, and the bytes each page fetched
 *    before its chart, by kind (data, wasm, libraries, page).
 * 3. Changes: on each explorer, council, group, indicator and period changes timed to the updated
 *    chart (scripts/bench/explorers.ts measureChanges); absolute, target p95 under 100 ms.
 * 4. Ingest: every real file's parse in rows per second and the whole snapshot's assembly from
 *    raw files (scripts/bench/ingest.ts), with the browser closed; absolute.
 * The figures hold a Markdown `table` of every comparison against its target, which the runner
 * prints at the end (the README's Performance section shows the latest).
 */
import {spawnSync} from "node:child_process";
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";
import type {Browser} from "playwright-core";
import {COUNCILS} from "../../loaders/families/geography/index.ts";
import {launchBrowser} from "../../test/e2e/browser.ts";
import {startStaticServer, type StaticServer} from "../serve-dist.ts";
import {createBareProject, FLOOR_CHART} from "./bare-project.ts";
import {coldLoad, FIRST_CHART as COUNCIL_CHART, LIVE_CHART as COUNCIL_LIVE_CHART, type ColdLoad} from "./council.ts";
import {FIRST_CHART as EXPLORER_CHART, measureChanges, TARGET_P95_MS} from "./explorers.ts";
import {benchIngestRealFiles} from "./ingest.ts";
import {timedBuild} from "./site.ts";

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The bare DuckDB page's Arrow file: what /reablement fetched from /_file/ before its first chart
 * (facts-reablement.arrow 5,607,760 bytes, groups.arrow 1,270,352, options.json 479,883 and
 * areas.arrow 21,304: 7,379,299 bytes) on the real snapshot of 3 December 2026. Fixed, so that
 * fetching less for the first view shows as a smaller ratio. BENCH_FLOOR_ARROW_MB overrides it.
 */
export const FLOOR_ARROW_BYTES = process.env.BENCH_FLOOR_ARROW_MB ? Math.round(Number(process.env.BENCH_FLOOR_ARROW_MB) * 2 ** 20) : 7_379_299;
const BUILDS = Math.max(1, Number(process.env.BENCH_FLOOR_BUILDS ?? 1));
const RUNS = Math.max(1, Number(process.env.BENCH_FLOOR_RUNS ?? 5));
const KEEP = process.env.BENCH_FLOOR_KEEP === "1";
/** Changes per explorer (fewer than explorers.ts's defaults, to keep the run short); BENCH_*_CHANGES override them. */
const CHANGES = {
  focal: Number(process.env.BENCH_FOCAL_CHANGES ?? 20),
  group: Number(process.env.BENCH_GROUP_CHANGES ?? 8),
  indicator: Number(process.env.BENCH_INDICATOR_CHANGES ?? 8),
  period: Number(process.env.BENCH_PERIOD_CHANGES ?? 8)
};
const COUNCIL = "E06000035";
const EXPLORERS = ["reablement", "safeguarding", "workforce", "cqc"];
const NOTEBOOKS = ["reablement-gap", "medway-kent-safeguarding", "ot-workforce-stability"];

export const TARGETS = {build: 1.5, council: 1.2, explorer: 1.1, notebook: 1.5, changeP95Ms: TARGET_P95_MS, csvRowsPerSecond: 100_000, assembleSeconds: 15};

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
function quantile50(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)] + sorted[Math.ceil(mid)]) / 2;
}

/** Copies the working tree as a fresh clone would have it (tracked and untracked files, nothing ignored) into `dir`. */
export function cloneWorkingTree(dir: string): {dir: string; files: number} {
  const listed = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], {cwd: projectDir, encoding: "utf-8", maxBuffer: 64 * 1024 * 1024});
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const files = listed.stdout.split("\0").filter((file) => file && existsSync(path.join(projectDir, file)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), {recursive: true});
    copyFileSync(path.join(projectDir, file), path.join(dir, file));
  }
  symlinkSync(path.join(projectDir, "node_modules"), path.join(dir, "node_modules"), "dir");
  return {dir, files: files.length};
}

/** Everything a fresh clone would not have after a build: output, Framework's caches, the parsed snapshot. */
function resetClone(dir: string): void {
  for (const generated of ["dist", path.join("src", ".observablehq"), ".cache"]) rmSync(path.join(dir, generated), {recursive: true, force: true});
}

function resetBare(dir: string): void {
  for (const generated of ["dist", path.join("src", ".observablehq")]) rmSync(path.join(dir, generated), {recursive: true, force: true});
}

interface Probe {
  name: string;
  server: "site" | "bare";
  path: string;
  selector: string;
}

function summariseLoads(runs: ColdLoad[]) {
  const ms = runs.map((r) => r.ms);
  const kinds = Object.fromEntries((["data", "wasm", "libraries", "page"] as const).map((kind) => [kind, round(quantile50(runs.map((r) => r.beforeChart[kind])) / 2 ** 20, 2)]));
  return {
    medianMs: round(quantile50(ms)),
    minMs: round(Math.min(...ms)),
    maxMs: round(Math.max(...ms)),
    runsMs: ms.map((x) => round(x)),
    MBBeforeChart: round(quantile50(runs.map((r) => r.bytesBeforeChart)) / 2 ** 20, 2),
    MBBeforeChartByKind: kinds,
    duckdbRequests: [...new Set(runs.flatMap((r) => r.duckdb))].length
  };
}

/** A pair's figures: the median of its per-round ratios, and each side's own summary. */
function summarisePair(runs: PairedRuns) {
  return {ratio: round(quantile50(runs.ratios), 2), ratios: runs.ratios.map((r) => round(r, 2)), site: summariseLoads(runs.site), floor: summariseLoads(runs.floor)};
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A page of the site and the floor page it is compared with. */
interface Pair {
  site: Probe;
  floor: Probe;
}

interface PairedRuns {
  site: ColdLoad[];
  floor: ColdLoad[];
  /** site / floor for each round's two adjacent loads. */
  ratios: number[];
}

/**
 * RUNS rounds; in each, every pair is loaded back to back (floor first in even rounds, site first
 * in odd ones), so the two loads of a pair see the same machine. The Plot pairs go first and the
 * DuckDB pairs after them, so a light page never follows a heavy one (whose wasm compilation may
 * still be winding down); the order of the pairs is reversed every other round.
 */
async function pairedLoads(browser: Browser, servers: Record<"site" | "bare", StaticServer>, light: Pair[], heavy: Pair[]): Promise<Record<string, PairedRuns>> {
  const load = async (probe: Probe) => {
    await pause(250);
    return coldLoad(browser, servers[probe.server].url + probe.path, {selector: probe.selector, settle: false, timeout: 120_000});
  };
  // Warm the servers and the OS file cache (not the browser: every load is a new context).
  for (const pair of [light[0], heavy[0]]) for (const probe of [pair.floor, pair.site]) await load(probe);
  const runs: Record<string, PairedRuns> = Object.fromEntries([...light, ...heavy].map((pair) => [pair.site.name, {site: [], floor: [], ratios: []}]));
  for (let round = 0; round < RUNS; round++) {
    for (const set of [light, heavy]) {
      for (const pair of round % 2 === 0 ? set : [...set].reverse()) {
        const entry = runs[pair.site.name];
        if (round % 2 === 0) {
          entry.floor.push(await load(pair.floor));
          entry.site.push(await load(pair.site));
        } else {
          entry.site.push(await load(pair.site));
          entry.floor.push(await load(pair.floor));
        }
        entry.ratios.push(entry.site.at(-1)!.ms / entry.floor.at(-1)!.ms);
      }
    }
  }
  return runs;
}

function loadAverage(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(" ");
}

const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toLocaleString("en-GB", {minimumFractionDigits: digits, maximumFractionDigits: digits}) : "–");

interface Row {
  measure: string;
  site: string;
  floor: string;
  ratio: number | null;
  target: string;
  /** null: a figure shown for information, with no target. */
  met: boolean | null;
}

/** The comparisons as a Markdown table (the README's Performance section shows the latest). */
export function comparisonTable(rows: Row[]): string {
  const lines = [
    "| Measure | This site | Floor | Ratio | Target | Met |",
    "| --- | ---: | ---: | ---: | --- | --- |",
    ...rows.map((r) => `| ${r.measure} | ${r.site} | ${r.floor} | ${r.ratio === null ? "–" : `${r.ratio.toFixed(2)}×`} | ${r.target} | ${r.met === null ? "–" : r.met ? "yes" : "**no**"} |`)
  ];
  return lines.join("\n");
}

export async function benchFloor() {
  const benchStart = performance.now();
  const log = (message: string) => console.log(`floor: ${((performance.now() - benchStart) / 60_000).toFixed(1)} min: ${message} (load ${loadAverage()})`);
  const work = mkdtempSync(path.join(os.tmpdir(), "asc-floor-"));
  const loadAtStart = loadAverage();
  try {
    const clone = cloneWorkingTree(path.join(work, "site"));
    const bare = createBareProject({councilCodes: COUNCILS.map((c) => c.code), arrowBytes: FLOOR_ARROW_BYTES, dir: path.join(work, "bare")});
    log(`copied the working tree (${clone.files} files) and wrote the bare project to ${work}`);

    // 1. Builds, interleaved: bare, site, bare, site, …, bare.
    const siteBuilds: number[] = [];
    const bareBuilds: number[] = [];
    for (let i = 0; i < BUILDS; i++) {
      resetBare(bare.dir);
      bareBuilds.push(timedBuild(bare.dir));
      log(`bare build ${i + 1}: ${bareBuilds.at(-1)!.toFixed(1)} s`);
      resetClone(clone.dir);
      siteBuilds.push(timedBuild(clone.dir));
      log(`fresh-clone build ${i + 1}: ${siteBuilds.at(-1)!.toFixed(1)} s`);
    }
    resetBare(bare.dir);
    bareBuilds.push(timedBuild(bare.dir));
    log(`bare build ${BUILDS + 1}: ${bareBuilds.at(-1)!.toFixed(1)} s`);
    const build = {
      siteSeconds: round(quantile50(siteBuilds), 2),
      bareSeconds: round(quantile50(bareBuilds), 2),
      ratio: round(quantile50(siteBuilds) / quantile50(bareBuilds), 2),
      siteRuns: siteBuilds.map((s) => round(s, 2)),
      bareRuns: bareBuilds.map((s) => round(s, 2)),
      parameterisedPages: bare.councils
    };

    // 2. Cold loads, interleaved in pairs, and 3. changes on each explorer.
    const barePlot: Probe = {name: "bare-plot", server: "bare", path: bare.pages.plot, selector: FLOOR_CHART};
    const bareDuckDB: Probe = {name: "bare-duckdb", server: "bare", path: bare.pages.duckdb, selector: FLOOR_CHART};
    const light: Pair[] = [
      {site: {name: "council", server: "site", path: `/council/${COUNCIL}`, selector: COUNCIL_CHART}, floor: barePlot},
      // The same page until its own script has drawn the chart (the first paint is the build's).
      {site: {name: "council-live", server: "site", path: `/council/${COUNCIL}`, selector: COUNCIL_LIVE_CHART}, floor: barePlot},
      // Floor against floor: what the small JSON fetch of a parameterised page costs.
      {site: {name: "bare-council", server: "bare", path: bare.pages.council(COUNCIL), selector: FLOOR_CHART}, floor: barePlot}
    ];
    const heavy: Pair[] = [
      ...EXPLORERS.map((name): Pair => ({site: {name, server: "site", path: `/${name}`, selector: EXPLORER_CHART}, floor: bareDuckDB})),
      ...NOTEBOOKS.map((name): Pair => ({site: {name: `notebook:${name}`, server: "site", path: `/notebooks/${name}`, selector: COUNCIL_CHART}, floor: bareDuckDB}))
    ];
    const servers = {site: await startStaticServer(path.join(clone.dir, "dist")), bare: await startStaticServer(bare.dist)};
    const browser = await launchBrowser({liftoffOnly: false});
    const loads: Record<string, ReturnType<typeof summarisePair>> = {};
    const changes: Record<string, Awaited<ReturnType<typeof measureChanges>>> = {};
    try {
      const runs = await pairedLoads(browser, servers, light, heavy);
      for (const [name, paired] of Object.entries(runs)) loads[name] = summarisePair(paired);
      log(`cold loads done (${RUNS} rounds of ${light.length + heavy.length} pairs)`);
      for (const name of EXPLORERS) {
        const context = await browser.newContext({viewport: {width: 1280, height: 900}});
        try {
          const page = await context.newPage();
          await page.goto(`${servers.site.url}/${name}`, {waitUntil: "load", timeout: 60_000});
          changes[name] = await measureChanges(page, CHANGES);
          log(`${name}: change p95 ${changes[name].changeP95Ms} ms`);
        } finally {
          await context.close();
        }
      }
    } finally {
      await browser.close();
      await servers.site.close();
      await servers.bare.close();
    }

    // 4. Ingest, alone on the machine (as far as this run goes).
    const ingest = await benchIngestRealFiles();
    log(`ingest done: snapshot assembled in ${ingest.assembleSeconds} s`);
    // rowsPerSecond is the steady state (median of repeated parses), firstParseRowsPerSecond the cold first parse (ingest.ts).
    const files = ingest.files as Record<string, {rowsPerSecond: number; firstParseRowsPerSecond: number; inputRows: number; seconds: number; rowsCounted: string}>;
    const csvs = Object.entries(files).filter(([, f]) => f.rowsCounted === "lines of the file");
    const slowest = csvs.reduce<[string, {rowsPerSecond: number; firstParseRowsPerSecond: number}] | undefined>((worst, entry) => (!worst || entry[1].rowsPerSecond < worst[1].rowsPerSecond ? entry : worst), undefined);

    // The comparisons.
    const ms = (name: string, side: "site" | "floor" = "site") => `${fmt(loads[name][side].medianMs)} ms`;
    const rows: Row[] = [
      {measure: `Fresh-clone build, real snapshot (${build.parameterisedPages} council pages)`, site: `${fmt(build.siteSeconds, 1)} s`, floor: `${fmt(build.bareSeconds, 1)} s`, ratio: build.ratio, target: `≤ ${TARGETS.build}×`, met: build.ratio <= TARGETS.build},
      {
        measure: `Council page /council/${COUNCIL}, first chart, against the bare Plot page (the bare JSON + Plot page: ${loads["bare-council"].ratio.toFixed(2)}×)`,
        site: `${ms("council")}, ${loads.council.site.duckdbRequests} DuckDB requests`, floor: ms("council", "floor"), ratio: loads.council.ratio,
        target: `≤ ${TARGETS.council}×, no DuckDB`, met: loads.council.ratio <= TARGETS.council && loads.council.site.duckdbRequests === 0
      },
      {
        measure: `Council page /council/${COUNCIL}, the same chart once the page's script has drawn it (the first chart above is the one the build writes into the page)`,
        site: ms("council-live"), floor: ms("council-live", "floor"), ratio: loads["council-live"].ratio, target: "for information", met: null
      },
      ...EXPLORERS.map((name): Row => ({
        measure: `Explorer /${name}, cold first chart (${fmt(loads[name].site.MBBeforeChartByKind.data, 2)} MB of data before it; floor ${fmt(bare.arrowBytes / 2 ** 20, 2)} MB)`,
        site: ms(name), floor: ms(name, "floor"), ratio: loads[name].ratio, target: `≤ ${TARGETS.explorer}×`, met: loads[name].ratio <= TARGETS.explorer
      })),
      ...EXPLORERS.map((name): Row => ({
        measure: `Explorer /${name}, change of council, group, indicator or period: p95 (${changes[name].timeouts} timeouts)`,
        site: `${fmt(changes[name].changeP95Ms)} ms`, floor: "–", ratio: null, target: `< ${TARGETS.changeP95Ms} ms`, met: changes[name].withinTarget
      })),
      ...NOTEBOOKS.map((name): Row => ({
        measure: `Notebook /notebooks/${name}, first chart (${fmt(loads[`notebook:${name}`].site.MBBeforeChartByKind.data, 2)} MB of data before it)`,
        site: ms(`notebook:${name}`), floor: ms(`notebook:${name}`, "floor"), ratio: loads[`notebook:${name}`].ratio, target: `≤ ${TARGETS.notebook}×`, met: loads[`notebook:${name}`].ratio <= TARGETS.notebook
      })),
      {
        measure: `Ingest, slowest real CSV, steady state: median of repeated parses (${slowest?.[0] ?? "none"}; ${csvs.filter(([, f]) => f.rowsPerSecond < TARGETS.csvRowsPerSecond).length} of ${csvs.length} CSVs below target; cold first parse beside it)`,
        site: `${fmt(slowest?.[1].rowsPerSecond ?? NaN)} rows/s (cold first parse ${fmt(slowest?.[1].firstParseRowsPerSecond ?? NaN)} rows/s)`, floor: "–", ratio: null, target: `≥ ${fmt(TARGETS.csvRowsPerSecond)} rows/s`, met: csvs.every(([, f]) => f.rowsPerSecond >= TARGETS.csvRowsPerSecond)
      },
      {measure: `Whole snapshot assembled from raw files (${fmt(ingest.facts as number)} facts)`, site: `${fmt(ingest.assembleSeconds as number, 1)} s`, floor: "–", ratio: null, target: `< ${TARGETS.assembleSeconds} s`, met: (ingest.assembleSeconds as number) < TARGETS.assembleSeconds}
    ];
    const table = comparisonTable(rows);
    return {
      table,
      comparisons: rows,
      build,
      loads,
      changes,
      ingest: {
        assembleSeconds: ingest.assembleSeconds,
        facts: ingest.facts,
        csvRowsPerSecond: Object.fromEntries(csvs.map(([file, f]) => [file, f.rowsPerSecond])),
        files: ingest.files
      },
      floor: {
        councilPages: bare.councils,
        arrowBytes: bare.arrowBytes,
        arrowRows: bare.arrowRows,
        councilJsonBytes: bare.councilJsonBytes,
        dir: KEEP ? work : "removed"
      },
      runs: {builds: BUILDS, loads: RUNS, changesPerExplorer: CHANGES, browser: "Chromium headless, full wasm tiers (no --liftoff-only)"},
      machine: {loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAverage(), minutes: round((performance.now() - benchStart) / 60_000, 1)}
    };
  } finally {
    if (!KEEP) rmSync(work, {recursive: true, force: true});
  }
}
