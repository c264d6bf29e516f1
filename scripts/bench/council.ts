/**
 * Council page benchmark: cold navigation to the first chart on a council's leadership page
 * (headless Chromium, loopback, median of 5 fresh browser contexts), the bytes the page fetches,
 * and a check that no DuckDB-Wasm file is requested (the page reads precomputed JSON and draws
 * with Plot). Aim: first chart under 800 ms. coldLoad (one cold load, with the bytes fetched before
 * the chart by kind) is shared with scripts/bench/floor.ts.
 *
 *   npm run bench -- council
 *   BENCH_DIST=/path/to/dist npm run bench -- benchCouncilPage
 */
import {existsSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";
import type {Browser, Request} from "playwright-core";
import {launchBrowser, waitForChart} from "../../test/e2e/browser.ts";
import {startStaticServer} from "../serve-dist.ts";

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const RUNS = 5;
/**
 * The spine chart, or any chart on the page, whichever is painted first: on a council page, the
 * one the build wrote into its HTML (scripts/first-paint.ts).
 */
export const FIRST_CHART = "main figure[data-chart] svg";
/** A chart the page's own script has drawn (a cell's output, not the build's first paint). */
export const LIVE_CHART = "main .observablehq--block > figure[data-chart] svg";
export const TARGET_MS = 800;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)] + sorted[Math.ceil(mid)]) / 2;
}

/** What one cold load measured. */
export interface ColdLoad {
  /** performance.now() in the page when the chart was visible: ms since navigation start. */
  ms: number;
  /** Response bodies (and headers) of every request until the page settled; without `settle`, until the chart. */
  bytes: number;
  requests: number;
  /** Response bodies of the requests that had finished when the chart was drawn, in all and by kind of URL. */
  bytesBeforeChart: number;
  beforeChart: Record<UrlKind, number>;
  /** URLs of DuckDB-Wasm's modules, workers and wasm that the page requested. */
  duckdb: string[];
}

export type UrlKind = "data" | "wasm" | "libraries" | "page";

/** data: the site's files (Framework's /_file/); wasm; libraries: /_npm/ modules; page: HTML, Framework's runtime, the site's own modules and styles. */
export function urlKind(url: string): UrlKind {
  const pathname = new URL(url).pathname;
  if (pathname.endsWith(".wasm")) return "wasm";
  if (pathname.startsWith("/_file/")) return "data";
  if (pathname.startsWith("/_npm/")) return "libraries";
  return "page";
}

/**
 * One cold navigation (a new browser context: empty cache) to the first visible element matching
 * `selector`, timed in the page from navigation start. With `settle` (the default), the page is
 * then left to finish loading so `bytes` is its whole weight.
 */
export async function coldLoad(browser: Browser, url: string, options: {selector?: string; settle?: boolean; timeout?: number} = {}): Promise<ColdLoad> {
  const {selector = FIRST_CHART, settle = true, timeout = 60_000} = options;
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  try {
    const page = await context.newPage();
    const finished: {url: string; end: number; size: Promise<{body: number; headers: number}>}[] = [];
    const urls: string[] = [];
    context.on("requestfinished", (request: Request) => {
      const timing = request.timing();
      finished.push({
        url: request.url(),
        end: timing.startTime + timing.responseEnd,
        size: request.sizes().then((s) => ({body: s.responseBodySize, headers: s.responseHeadersSize}), () => ({body: 0, headers: 0}))
      });
    });
    context.on("request", (request: Request) => urls.push(request.url()));
    await page.goto(url, {waitUntil: "commit", timeout});
    const ms = await waitForChart(page, selector, {timeout});
    const chartAt = (await page.evaluate(() => performance.timeOrigin)) + ms;
    const before = finished.filter((f) => f.end <= chartAt);
    if (settle) {
      // The page's weight: everything it fetches until it settles, not only until the first chart.
      await page.waitForLoadState("load");
      await page.waitForLoadState("networkidle", {timeout: 30_000}).catch(() => undefined);
    }
    const sizes = await Promise.all(finished.map((f) => f.size));
    const beforeChart: Record<UrlKind, number> = {data: 0, wasm: 0, libraries: 0, page: 0};
    let bytesBeforeChart = 0;
    for (const f of before) {
      const body = (await f.size).body;
      bytesBeforeChart += body;
      beforeChart[urlKind(f.url)] += body;
    }
    return {
      ms,
      bytes: sizes.reduce((sum, s) => sum + s.body + s.headers, 0),
      requests: finished.length,
      bytesBeforeChart,
      beforeChart,
      duckdb: [...new Set(urls.filter((u) => /duckdb|\.wasm(\?|$)/i.test(u)))]
    };
  } finally {
    await context.close();
  }
}

export async function benchCouncilPage(code = "E06000035") {
  const dist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(projectDir, "dist");
  if (!existsSync(path.join(dist, "council", `${code}.html`))) throw new Error(`${dist}/council/${code}.html does not exist: run npm run build first`);
  const server = await startStaticServer(dist);
  const browser = await launchBrowser();
  try {
    const url = `${server.url}/council/${code}`;
    await coldLoad(browser, url); // warm the server and the OS file cache, not the browser (each run is a new context)
    const runs: ColdLoad[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await coldLoad(browser, url));
    const ms = runs.map((r) => r.ms);
    const firstChartMs = Math.round(median(ms));
    const duckdb = [...new Set(runs.flatMap((r) => r.duckdb))];
    return {
      page: `/council/${code}`,
      firstChartMedianMs: firstChartMs,
      firstChartMinMs: Math.round(Math.min(...ms)),
      firstChartMaxMs: Math.round(Math.max(...ms)),
      targetMs: TARGET_MS,
      withinTarget: firstChartMs < TARGET_MS,
      runs: RUNS,
      bytes: runs[0].bytes,
      KB: Math.round(runs[0].bytes / 1024),
      requests: runs[0].requests,
      duckdbRequests: duckdb.length,
      duckdbUrls: duckdb
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
