/**
 * Site benchmarks: build time, and cold time to first chart (and page weight). How fast an
 * explorer's chart follows a change of council, group, indicator or period is scripts/bench/explorers.ts.
 *
 *   npm run bench -- site              # both
 *   npm run bench -- benchFirstChart   # one
 *
 * benchBuild deletes dist/, Framework's data-loader cache (src/.observablehq/cache/data) and the
 * parsed-snapshot cache (.cache/snapshot), and builds three times: do not run it while another
 * build is running in the same tree.
 */
import {spawnSync} from "node:child_process";
import {existsSync, readdirSync, readFileSync, rmSync, statSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {gzipSync} from "node:zlib";
import type {Browser, Request} from "playwright-core";
import {launchBrowser, waitForChart} from "../../test/e2e/browser.ts";
import {resolveFile, startStaticServer, type StaticServer} from "../serve-dist.ts";

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const distDir = path.join(projectDir, "dist");
const dataCacheDir = path.join(projectDir, "src", ".observablehq", "cache", "data");
/** The parsed snapshot and the site files the data loaders share (loaders/site-cache.ts). */
const snapshotCacheDir = path.join(projectDir, ".cache", "snapshot");
const siteCacheDir = path.join(projectDir, ".cache", "site");

const CHART_SELECTOR = "main figure svg, main svg[role=img], main svg";
const RUNS = 5;

export interface ChartPage {
  path: string;
  selector: string;
}

export const DEFAULT_PAGES: ChartPage[] = [
  {path: "/reablement", selector: CHART_SELECTOR},
  {path: "/council/E06000035", selector: CHART_SELECTOR}
];

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

function countFiles(dir: string, test: (name: string) => boolean): {files: number; bytes: number} {
  let files = 0, bytes = 0;
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = countFiles(full, test);
      files += inner.files;
      bytes += inner.bytes;
    } else if (entry.isFile()) {
      const size = statSync(full).size;
      bytes += size;
      if (test(entry.name)) files++;
    }
  }
  return {files, bytes};
}

/** `npm run build` (prebuild included) from an empty dist/ in `dir` (this project by default); returns seconds. */
export function timedBuild(dir = projectDir): number {
  rmSync(path.join(dir, "dist"), {recursive: true, force: true});
  const start = performance.now();
  const result = spawnSync("npm", ["run", "build"], {
    cwd: dir,
    encoding: "utf-8",
    maxBuffer: 256 * 1024 * 1024,
    env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "1"}
  });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ""}\n${result.stderr ?? ""}`.trim().split("\n").slice(-20).join("\n");
    throw new Error(`npm run build in ${dir} failed (exit ${result.status ?? result.signal}):\n${tail}`);
  }
  return seconds;
}

function ensureDist(): void {
  if (!existsSync(path.join(distDir, "index.html"))) timedBuild();
}

/**
 * Full `npm run build` time (prebuild included, dist/ emptied each time, Framework's npm cache
 * kept), three ways:
 * - freshSeconds: no data-loader output, no parsed snapshot and no site files (.cache): every publisher
 *   file is parsed, as on a fresh clone or after a data refresh;
 * - coldLoadersSeconds: empty Framework data-loader cache (src/.observablehq/cache/data), so every
 *   loader runs and the site files are made again, but the parsed snapshot is reused;
 * - warmSeconds: both caches as the previous build left them (page rendering only).
 */
export async function benchBuild() {
  rmSync(dataCacheDir, {recursive: true, force: true});
  rmSync(snapshotCacheDir, {recursive: true, force: true});
  rmSync(siteCacheDir, {recursive: true, force: true});
  const freshSeconds = timedBuild();
  rmSync(dataCacheDir, {recursive: true, force: true});
  rmSync(siteCacheDir, {recursive: true, force: true});
  const coldLoadersSeconds = timedBuild();
  const warmSeconds = timedBuild();
  const pages = countFiles(distDir, (name) => name.endsWith(".html"));
  return {
    freshSeconds: round(freshSeconds, 2),
    coldLoadersSeconds: round(coldLoadersSeconds, 2),
    warmSeconds: round(warmSeconds, 2),
    pages: pages.files,
    distMB: round(pages.bytes / 2 ** 20, 1)
  };
}

interface ColdRun {
  ms: number;
  wallMs: number;
  bytes: number;
  requests: number;
  /** Same-origin URLs fetched, for the gzip estimate. */
  urls: string[];
}

async function coldRun(browser: Browser, server: StaticServer, page: ChartPage): Promise<ColdRun> {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  try {
    const tab = await context.newPage();
    const sizes: Promise<number>[] = [];
    const urls: string[] = [];
    context.on("requestfinished", (request: Request) => {
      urls.push(request.url());
      sizes.push(request.sizes().then((s) => s.responseBodySize, () => 0));
    });
    const wallStart = performance.now();
    await tab.goto(server.url + page.path, {waitUntil: "commit", timeout: 60_000});
    const ms = await waitForChart(tab, page.selector, {timeout: 60_000});
    const wallMs = performance.now() - wallStart;
    // Page weight: everything the page fetches until it settles, not just until the first chart.
    await tab.waitForLoadState("load");
    await tab.waitForLoadState("networkidle", {timeout: 30_000}).catch(() => undefined);
    const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    return {ms, wallMs, bytes, requests: sizes.length, urls: urls.filter((url) => url.startsWith(server.url))};
  } finally {
    await context.close();
  }
}

/** What the same responses would weigh gzipped (-6), as most static hosts serve them; this server does not compress. */
async function gzipEstimate(urls: string[]): Promise<number> {
  let total = 0;
  for (const url of urls) {
    const file = await resolveFile(distDir, new URL(url).pathname);
    if (file) total += gzipSync(readFileSync(file), {level: 6}).length;
  }
  return total;
}

/**
 * Cold navigation (a new browser context: empty cache) to the first visible chart, median of 5,
 * measured in the page from navigation start; plus bytes transferred (sum of response bodies).
 */
export async function benchFirstChart(pages: ChartPage[] = DEFAULT_PAGES) {
  ensureDist();
  const server = await startStaticServer(distDir);
  const browser = await launchBrowser({liftoffOnly: false});
  const figures: Record<string, unknown> = {};
  try {
    for (const page of pages) {
      if (!(await resolveFile(distDir, page.path))) {
        figures[page.path] = {skipped: `no page ${page.path} in dist/`};
        continue;
      }
      const runs: ColdRun[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await coldRun(browser, server, page));
      const ms = runs.map((r) => r.ms);
      figures[page.path] = {
        medianMs: round(quantile(ms, 0.5)),
        minMs: round(Math.min(...ms)),
        maxMs: round(Math.max(...ms)),
        medianWallMs: round(quantile(runs.map((r) => r.wallMs), 0.5)),
        runs: RUNS,
        bytes: runs[0].bytes,
        MB: round(runs[0].bytes / 2 ** 20, 2),
        gzipMBEstimate: round((await gzipEstimate(runs[0].urls)) / 2 ** 20, 2),
        requests: runs[0].requests
      };
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return figures;
}
