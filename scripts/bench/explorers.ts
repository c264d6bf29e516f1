/**
 * Explorer benchmark, on the built site served from loopback in headless Chromium:
 * - cold time to the first chart (the ranked bar) on each explorer page: a fresh browser context
 *   per run, so nothing is cached; median of COLD_RUNS runs, from navigation start;
 * - the time from changing the focal council (select[name=focal]), the comparator group
 *   (select[name=group]), the indicator (select[name=indicator]) or the period (select[name=period])
 *   to the updated ranked bar: measured inside the page, from dispatching the change event to the
 *   moment a new ranked-bar SVG is in the document (for a council change, the one whose data-focal
 *   is the new code), and to the next animation frame after it. Each change starts once the
 *   previous one has finished rendering every panel, as a reader's would; a change whose chart does
 *   not arrive within 15 s counts as a timeout, not as a time.
 * Target: under 100 ms at the 95th percentile. measureChanges is shared with scripts/bench/floor.ts.
 *
 *   npm run bench -- explorers
 *   BENCH_DIST=/path/to/dist npm run bench -- benchExplorers
 *   BENCH_EXPLORER_PAGES=reablement,cqc npm run bench -- explorers
 *   BENCH_FOCAL_CHANGES=30 BENCH_GROUP_CHANGES=10 BENCH_INDICATOR_CHANGES=8 BENCH_PERIOD_CHANGES=8 (the defaults)
 * The figures depend on the machine's load: other builds on the same cores inflate them.
 */
import {existsSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";
import type {Browser, Page} from "playwright-core";
import {launchBrowser, waitForChart} from "../../test/e2e/browser.ts";
import {startStaticServer} from "../serve-dist.ts";

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The pages, or those BENCH_EXPLORER_PAGES lists (`reablement,cqc`). */
export const EXPLORER_PAGES = (process.env.BENCH_EXPLORER_PAGES?.split(",").map((p) => `/${p.trim().replace(/^\//, "")}`) ?? ["/reablement", "/safeguarding", "/workforce", "/cqc"]);
export const FIRST_CHART = "#ranked-bar svg[data-focal]";
export const TARGET_P95_MS = 100;
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);
const FOCAL_CHANGES = Number(process.env.BENCH_FOCAL_CHANGES ?? 30);
const GROUP_CHANGES = Number(process.env.BENCH_GROUP_CHANGES ?? 10);
const INDICATOR_CHANGES = Number(process.env.BENCH_INDICATOR_CHANGES ?? 8);
const PERIOD_CHANGES = Number(process.env.BENCH_PERIOD_CHANGES ?? 8);
const CHANGE_TIMEOUT_MS = 15_000;

export type Control = "focal" | "group" | "indicator" | "period";

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  // Nearest rank: the smallest value with at least p of the values at or below it.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

const round = (x: number) => Math.round(x * 10) / 10;

function summary(values: number[]) {
  return {n: values.length, p50: round(percentile(values, 0.5)), p95: round(percentile(values, 0.95)), max: round(Math.max(...values))};
}

type Timings = {dom: number[]; frame: number[]; timeouts: number};
const timings = (): Timings => ({dom: [], frame: [], timeouts: 0});

async function coldFirstChart(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  try {
    const page = await context.newPage();
    await page.goto(url, {waitUntil: "commit", timeout: 60_000});
    return await waitForChart(page, FIRST_CHART, {timeout: 120_000});
  } finally {
    await context.close();
  }
}

/** Waits until the explorer has rendered every panel of the current selection (and, unless told otherwise, a ranked bar). */
async function settled(page: Page, withChart = true): Promise<void> {
  await page.waitForFunction((withChart) => {
    const output = document.querySelector(".explorer-output");
    return !!output && output.getAttribute("aria-busy") === "false" && (!withChart || !!document.querySelector("#ranked-bar svg[data-focal]"));
  }, withChart, {timeout: 120_000, polling: 50});
}

/**
 * Changes a control in the page and times, in the page's own clock, the arrival of the new
 * ranked bar (and, for a council change, that it is the new council's); null when it has not
 * arrived after `limit` ms.
 */
async function timeChange(page: Page, control: Control, value: string, limit = CHANGE_TIMEOUT_MS): Promise<{dom: number; frame: number} | null> {
  return page.evaluate(async ({control, value, limit}) => {
    const select = document.querySelector(`select[name=${control}]`) as HTMLSelectElement;
    const old = document.querySelector("#ranked-bar svg");
    const output = document.querySelector(".explorer-output")!;
    // No named inner functions here: tsx's keepNames would wrap them in a helper the page lacks.
    const start = performance.now();
    const arrived = new Promise<number>((resolve) => {
      const observer = new MutationObserver(() => {
        const svg = document.querySelector("#ranked-bar svg[data-focal]");
        if (svg && svg !== old && (control !== "focal" || svg.getAttribute("data-focal") === value)) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(output, {subtree: true, childList: true, attributes: true});
      setTimeout(() => {
        observer.disconnect();
        resolve(-1);
      }, limit);
    });
    select.value = value;
    select.dispatchEvent(new Event("change", {bubbles: true}));
    const dom = await arrived;
    if (dom < 0) return null;
    const frame = await new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
    return {dom: dom - start, frame: frame - start};
  }, {control, value, limit});
}

/** Changes `control` to `value`, records the time (or a timeout) in `into`, and waits for every panel. */
async function change(page: Page, control: Control, value: string, into: Timings): Promise<void> {
  const t = await timeChange(page, control, value);
  if (t) {
    into.dom.push(t.dom);
    into.frame.push(t.frame);
  } else into.timeouts++;
  await settled(page, t !== null);
}

const optionValues = (page: Page, control: Control) =>
  page.$$eval(`select[name=${control}] option`, (options) => options.filter((o) => !(o as HTMLOptionElement).disabled).map((o) => (o as HTMLOptionElement).value));
const currentValue = (page: Page, control: Control) => page.$eval(`select[name=${control}]`, (s) => (s as HTMLSelectElement).value);

/**
 * On an explorer already open at its default view: changes the council, group, indicator and
 * period (the counts given, defaults from the environment) and summarises the change-to-chart
 * times (to the next frame, and to the DOM) of each, and the p95 over all of them.
 */
export async function measureChanges(page: Page, counts: Partial<Record<Control, number>> = {}) {
  const n = {focal: FOCAL_CHANGES, group: GROUP_CHANGES, indicator: INDICATOR_CHANGES, period: PERIOD_CHANGES, ...counts};
  await settled(page);
  const councils = await optionValues(page, "focal");
  // Spread the changes over the list (every council is different from the one before).
  const step = Math.max(1, Math.floor(councils.length / Math.max(1, n.focal)));
  const focal = timings();
  for (let i = 0; i < n.focal; i++) {
    const current = await currentValue(page, "focal");
    let next = councils[(i * step + 7) % councils.length];
    if (next === current) next = councils[(i * step + 8) % councils.length];
    await change(page, "focal", next, focal);
  }
  // Group changes: back to Medway, whose snapshot has the most groups (CIPFA, NHS England peers, region, ICS, custom, England).
  await change(page, "focal", "E06000035", timings());
  const groups = await optionValues(page, "group");
  const group = timings();
  for (let i = 0; i < n.group && groups.length > 1; i++) {
    const current = await currentValue(page, "group");
    await change(page, "group", groups[(groups.indexOf(current) + 1) % groups.length], group);
  }
  const indicators = await optionValues(page, "indicator");
  const indicator = timings();
  for (let i = 0; i < n.indicator && indicators.length > 1; i++) {
    const current = await currentValue(page, "indicator");
    await change(page, "indicator", indicators[(indicators.indexOf(current) + 1) % indicators.length], indicator);
  }
  const period = timings();
  for (let i = 0; i < n.period; i++) {
    const periods = await optionValues(page, "period");
    if (periods.length < 2) break;
    const current = await currentValue(page, "period");
    await change(page, "period", periods[(periods.indexOf(current) + 1) % periods.length], period);
  }
  const all = [...focal.frame, ...group.frame, ...indicator.frame, ...period.frame];
  const describe = (t: Timings, none: string) => (t.frame.length ? {...summary(t.frame), timeouts: t.timeouts} : t.timeouts ? {n: 0, timeouts: t.timeouts} : none);
  return {
    focalChangeMs: describe(focal, "no change made"),
    focalChangeToDomMs: focal.dom.length ? summary(focal.dom) : "no change made",
    groupChangeMs: describe(group, "only one group"),
    indicatorChangeMs: describe(indicator, "only one indicator"),
    periodChangeMs: describe(period, "only one period"),
    timeouts: focal.timeouts + group.timeouts + indicator.timeouts + period.timeouts,
    changeP95Ms: round(percentile(all, 0.95)),
    withinTarget: percentile(all, 0.95) < TARGET_P95_MS && focal.timeouts + group.timeouts + indicator.timeouts + period.timeouts === 0
  };
}

async function benchPage(browser: Browser, url: string) {
  const cold: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) cold.push(await coldFirstChart(browser, url));

  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  try {
    const page = await context.newPage();
    await page.goto(url, {waitUntil: "load", timeout: 60_000});
    return {
      coldFirstChartMs: {median: round(percentile(cold, 0.5)), min: round(Math.min(...cold)), max: round(Math.max(...cold)), runs: cold.length},
      ...(await measureChanges(page))
    };
  } finally {
    await context.close();
  }
}

export async function benchExplorers() {
  const dist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(projectDir, "dist");
  for (const page of EXPLORER_PAGES) {
    if (!existsSync(path.join(dist, `${page.slice(1)}.html`))) throw new Error(`${dist}${page}.html does not exist: run npm run build first (or set BENCH_DIST)`);
  }
  const server = await startStaticServer(dist);
  const browser = await launchBrowser();
  try {
    await coldFirstChart(browser, server.url + EXPLORER_PAGES[0]); // warm the server and the OS file cache, not the browser
    const pages: Record<string, Awaited<ReturnType<typeof benchPage>>> = {};
    for (const page of EXPLORER_PAGES) pages[page.slice(1)] = await benchPage(browser, server.url + page);
    const changes = Object.values(pages).map((p) => p.changeP95Ms);
    return {
      targetP95Ms: TARGET_P95_MS,
      worstChangeP95Ms: Math.max(...changes),
      allWithinTarget: Object.values(pages).every((p) => p.withinTarget),
      ...pages
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
