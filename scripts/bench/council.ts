/**
 * Council page benchmark: cold navigation to the first chart on a council's leadership page
 * (headless Chromium, loopback, median of 5 fresh browser contexts), the bytes the page fetches,
 * and a check that no DuckDB-Wasm file is requested (the page reads precomputed JSON and draws
 * with Plot). Aim: first chart under 800 ms.
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
/** The spine chart, or any chart on the page, whichever draws first. */
export const FIRST_CHART = "main figure[data-chart] svg";
export const TARGET_MS = 800;

interface Run {
  /** performance.now() in the page when the chart was visible: ms since navigation start. */
  ms: number;
  bytes: number;
  requests: number;
  duckdb: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)] + sorted[Math.ceil(mid)]) / 2;
}

async function coldRun(browser: Browser, url: string): Promise<Run> {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  try {
    const page = await context.newPage();
    const sizes: Promise<number>[] = [];
    const urls: string[] = [];
    context.on("requestfinished", (request: Request) => {
      urls.push(request.url());
      sizes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize, () => 0));
    });
    context.on("request", (request: Request) => urls.push(request.url()));
    await page.goto(url, {waitUntil: "commit", timeout: 60_000});
    const ms = await waitForChart(page, FIRST_CHART, {timeout: 60_000});
    // The page's weight: everything it fetches until it settles, not only until the first chart.
    await page.waitForLoadState("load");
    await page.waitForLoadState("networkidle", {timeout: 30_000}).catch(() => undefined);
    const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    return {ms, bytes, requests: sizes.length, duckdb: [...new Set(urls.filter((u) => /duckdb|\.wasm(\?|$)/i.test(u)))]};
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
    await coldRun(browser, url); // warm the server and the OS file cache, not the browser (each run is a new context)
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await coldRun(browser, url));
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
