/**
 * The four analyst explorers on the built site, in Chromium: each page renders its charts;
 * changing the focal council moves the highlight; every chart's CSV holds exactly the rows of the
 * table behind it (and, for the ranked bar, the same councils and values); a permalink restores
 * the view; an unknown value in the URL shows a message and a default view; back and forward
 * restore the previous selection; and no console error, no request outside the origin and no
 * serious or critical axe violation.
 */
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {formatViolations, launchBrowser, openPage, realFailures, runAxe, type OpenedPage} from "./browser.ts";

const baseUrl = inject("baseUrl");

const MEDWAY = "E06000035";
// The second council: Trafford has a published value in every explorer's default view (Kent's 2024-25
// reablement figure is suppressed, so it would have no bar to mark).
const OTHER = "E08000009";

interface ExplorerPage {
  path: string;
  /** data-chart ids that must be present after the first render. */
  charts: string[];
}

const PAGES: ExplorerPage[] = [
  {path: "/reablement", charts: ["ranked-bar", "distribution", "trend", "funnel"]},
  {path: "/safeguarding", charts: ["ranked-bar", "distribution", "trend", "funnel", "composition"]},
  {path: "/workforce", charts: ["ranked-bar", "distribution", "trend", "funnel", "workforce-profile", "ot-profile"]},
  {path: "/cqc", charts: ["ranked-bar", "distribution", "trend", "funnel", "cqc-grid", "score-in-band"]}
];

const SELECTION_KEYS = ["focal", "group", "indicator", "period", "breakdown"] as const;

/** Waits until the explorer has finished rendering the selection its controls show (and, if given, with this focal council). */
async function waitForExplorer(page: Page, focal?: string): Promise<void> {
  await page.waitForFunction(
    ({focal, keys}) => {
      const output = document.querySelector(".explorer-output");
      const svg = document.querySelector("#ranked-bar svg[data-focal]");
      if (!output || output.getAttribute("aria-busy") !== "false" || !svg) return false;
      if (focal && svg.getAttribute("data-focal") !== focal) return false;
      const shown = JSON.parse(output.getAttribute("data-selection") ?? "{}");
      return keys.every((key) => shown[key] === (document.querySelector(`select[name=${key}]`) as HTMLSelectElement | null)?.value);
    },
    {focal, keys: [...SELECTION_KEYS]},
    {timeout: 90_000, polling: 100}
  );
}

async function controls(page: Page): Promise<Record<string, string>> {
  return page.evaluate((keys) => Object.fromEntries(keys.map((key) => [key, (document.querySelector(`select[name=${key}]`) as HTMLSelectElement).value])), [...SELECTION_KEYS]);
}

async function focalOf(page: Page): Promise<{code: string; label: string}> {
  return page.evaluate(() => ({
    code: document.querySelector("#ranked-bar svg[data-focal]")!.getAttribute("data-focal")!,
    label: document.querySelector("#ranked-bar svg text[data-focal]")?.textContent ?? ""
  }));
}

/** A small CSV reader: quoted cells, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\n") row.push(cell), rows.push(row), (row = []), (cell = "");
    else if (c !== "\r") cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

/** The CSV's data part: the header row after the metadata block's blank line, and the rows under it. */
function csvTable(text: string): {header: string[]; rows: string[][]; metadata: Map<string, string>} {
  const all = parseCsv(text);
  const blank = all.findIndex((r) => r.length === 1 && r[0] === "");
  const metadata = new Map(all.slice(0, Math.max(0, blank)).map((r) => [r[0], r[1]] as [string, string]));
  const [header, ...rows] = all.slice(blank + 1);
  return {header, rows, metadata};
}

interface ChartData {
  id: string;
  csv: string;
  tableHeader: string[];
  tableRows: string[][];
}

async function chartsWithCsv(page: Page): Promise<ChartData[]> {
  return page.evaluate(async () => {
    const out: {id: string; csv: string; tableHeader: string[]; tableRows: string[][]}[] = [];
    for (const figure of document.querySelectorAll("figure[data-chart]")) {
      const link = figure.querySelector("a[data-csv]") as HTMLAnchorElement | null;
      const table = figure.querySelector("table");
      if (!link || !table) continue;
      out.push({
        id: figure.getAttribute("data-chart")!,
        csv: await (await fetch(link.href)).text(),
        tableHeader: [...table.querySelectorAll("thead th")].map((th) => th.textContent ?? ""),
        tableRows: [...table.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? ""))
      });
    }
    return out;
  });
}

/** "84.2" or "1,018.9" as shown in a table cell → a number; anything else (a status) → null. */
function tableNumber(text: string): number | null {
  const cleaned = text.replace(/,/g, "");
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : null;
}

function expectClean(opened: OpenedPage) {
  expect(opened.externalRequests, "requests outside the site's origin").toEqual([]);
  expect(opened.pageErrors, "uncaught page errors").toEqual([]);
  expect(opened.consoleErrors, "console errors").toEqual([]);
  expect(realFailures(opened.failedRequests), "failed requests").toEqual([]);
}

describe.each(PAGES)("explorer $path", ({path, charts}) => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("renders its charts, moves the highlight with the focal council, and is clean and accessible", async () => {
    const opened = await openPage(browser, baseUrl + path);
    try {
      const {page} = opened;
      await waitForExplorer(page, MEDWAY);
      const present = await page.$$eval("[data-chart]", (nodes) => nodes.map((n) => n.getAttribute("data-chart")));
      for (const id of charts) expect(present, `chart ${id}`).toContain(id);
      // Every chart that is drawn has a non-empty SVG and a text alternative.
      const drawn = await page.$$eval("figure[data-chart]", (figures) => figures.map((f) => {
        const svg = f.querySelector("svg[aria-describedby]");
        const box = svg?.getBoundingClientRect();
        const description = svg ? document.getElementById(svg.getAttribute("aria-describedby")!)?.textContent ?? "" : "";
        return {id: f.getAttribute("data-chart"), width: box?.width ?? 0, description: description.length};
      }));
      for (const chart of drawn) {
        expect(chart.width, `${chart.id} drawn`).toBeGreaterThan(100);
        expect(chart.description, `${chart.id} text alternative`).toBeGreaterThan(40);
      }
      expect(await focalOf(page)).toEqual({code: MEDWAY, label: "◆ Medway"});
      expect(page.url()).toContain(`focal=${MEDWAY}`);

      await page.selectOption("select[name=focal]", OTHER);
      await waitForExplorer(page, OTHER);
      expect(await focalOf(page)).toEqual({code: OTHER, label: "◆ Trafford"});
      const bold = await page.$eval("#ranked-bar svg text[data-focal]", (t) => t.getAttribute("font-weight"));
      expect(bold).toBe("bold");
      expect(await page.$eval("#ranked-bar table tr.focal td:nth-child(2)", (td) => td.textContent)).toBe("◆ Trafford");
      expect(new URL(page.url()).searchParams.get("focal")).toBe(OTHER);

      // Keyboard: the controls are native selects reachable with Tab.
      await page.focus("select[name=focal]");
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement | null)?.name)).toBe("group");

      const violations = await runAxe(page);
      expect(violations, formatViolations(violations)).toEqual([]);
      expectClean(opened);
    } finally {
      await opened.close();
    }
  });

  test("every chart's CSV holds exactly the rows of its table; the ranked bar's the same councils and values", async () => {
    const opened = await openPage(browser, baseUrl + path);
    try {
      const {page} = opened;
      await waitForExplorer(page, MEDWAY);
      const found = await chartsWithCsv(page);
      expect(found.map((c) => c.id)).toContain("ranked-bar");
      for (const chart of found) {
        const {rows, metadata} = csvTable(chart.csv);
        expect(rows.length, `${chart.id}: CSV rows against table rows`).toBe(chart.tableRows.length);
        expect(metadata.size, `${chart.id}: CSV metadata header`).toBeGreaterThan(3);
        expect([...metadata.keys()].join(" "), `${chart.id}: CSV cites its source`).toMatch(/Source/);
      }
      const ranked = found.find((c) => c.id === "ranked-bar")!;
      const {header, rows, metadata} = csvTable(ranked.csv);
      const selection = await controls(page);
      expect(metadata.get("Period")).toBe(selection.period);
      expect(metadata.get("Focal council")).toBe(`Medway (${MEDWAY})`);
      const area = header.indexOf("Area");
      const value = header.indexOf("Value");
      const council = ranked.tableHeader.indexOf("Council");
      const shown = ranked.tableHeader.findIndex((h) => h.startsWith("Value"));
      rows.forEach((row, i) => {
        const tableRow = ranked.tableRows[i];
        expect(tableRow[council].replace(/^◆ /, ""), `row ${i} council`).toBe(row[area]);
        const csvValue = row[value] === "" ? null : Number(row[value]);
        const tableValue = tableNumber(tableRow[shown]);
        if (csvValue === null) expect(tableValue, `row ${i} (${row[area]}) has no value in either`).toBeNull();
        else expect(tableValue, `row ${i} (${row[area]}) value`).toBeCloseTo(csvValue, 1);
      });
      expectClean(opened);
    } finally {
      await opened.close();
    }
  });

  test("a permalink restores the view after a reload and in a new page", async () => {
    const opened = await openPage(browser, baseUrl + path);
    try {
      const {page} = opened;
      await waitForExplorer(page, MEDWAY);
      await page.selectOption("select[name=focal]", OTHER);
      await waitForExplorer(page, OTHER);
      const indicators = await page.$$eval("select[name=indicator] option", (options) => options.map((o) => (o as HTMLOptionElement).value));
      await page.selectOption("select[name=indicator]", indicators[1]);
      await waitForExplorer(page, OTHER);
      const periods = await page.$$eval("select[name=period] option", (options) => options.map((o) => (o as HTMLOptionElement).value));
      if (periods.length > 1) {
        await page.selectOption("select[name=period]", periods[periods.length - 1]);
        await waitForExplorer(page, OTHER);
      }
      const before = await controls(page);
      const highlighted = await focalOf(page); // Trafford's ◆ label, or none where Trafford has no value in this period
      const permalink = page.url();
      for (const key of SELECTION_KEYS) expect(new URL(permalink).searchParams.get(key), key).toBe(before[key]);

      await page.reload();
      await waitForExplorer(page, OTHER);
      expect(await controls(page)).toEqual(before);
      expect(await focalOf(page)).toEqual(highlighted);

      const fresh = await openPage(browser, permalink);
      try {
        await waitForExplorer(fresh.page, OTHER);
        expect(await controls(fresh.page)).toEqual(before);
        expect(await focalOf(fresh.page)).toEqual(highlighted);
        expectClean(fresh);
      } finally {
        await fresh.close();
      }
      expectClean(opened);
    } finally {
      await opened.close();
    }
  });

  test("an unknown value in the URL shows a message and the default view, and is never run as SQL", async () => {
    const opened = await openPage(browser, `${baseUrl}${path}?focal=${encodeURIComponent("DROP TABLE facts; --")}&indicator=${encodeURIComponent("x' OR '1'='1")}`);
    try {
      const {page} = opened;
      await waitForExplorer(page, MEDWAY);
      const problems = await page.$$eval(".explorer > .problems:not([hidden]) p", (ps) => ps.map((p) => p.textContent ?? ""));
      expect(problems.join(" ")).toContain('Unknown council code "DROP TABLE facts; --"');
      expect(problems.join(" ")).toContain("Unknown indicator");
      expect(await focalOf(page)).toEqual({code: MEDWAY, label: "◆ Medway"});
      expect(new URL(page.url()).searchParams.get("focal")).toBe(MEDWAY);
      expectClean(opened);
    } finally {
      await opened.close();
    }
  });

  test("back and forward restore the previous selections", async () => {
    const opened = await openPage(browser, baseUrl + path);
    try {
      const {page} = opened;
      await waitForExplorer(page, MEDWAY);
      const first = await controls(page);
      await page.selectOption("select[name=focal]", OTHER);
      await waitForExplorer(page, OTHER);
      const second = await controls(page);
      const indicators = await page.$$eval("select[name=indicator] option", (options) => options.map((o) => (o as HTMLOptionElement).value));
      await page.selectOption("select[name=indicator]", indicators.find((i) => i !== second.indicator)!);
      await waitForExplorer(page, OTHER);
      const third = await controls(page);
      expect(third.indicator).not.toBe(second.indicator);

      await page.evaluate(() => history.back());
      await page.waitForFunction((indicator) => (document.querySelector("select[name=indicator]") as HTMLSelectElement).value === indicator, second.indicator);
      await waitForExplorer(page, OTHER);
      expect(await controls(page)).toEqual(second);

      await page.evaluate(() => history.back());
      await waitForExplorer(page, MEDWAY);
      expect(await controls(page)).toEqual(first);
      expect(await focalOf(page)).toEqual({code: MEDWAY, label: "◆ Medway"});

      await page.evaluate(() => history.forward());
      await waitForExplorer(page, OTHER);
      expect(await controls(page)).toEqual(second);
      expectClean(opened);
    } finally {
      await opened.close();
    }
  });
});

describe("safeguarding composition control", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("is kept in the URL, restored by a permalink and by back, and checked", async () => {
    const opened = await openPage(browser, `${baseUrl}/safeguarding`);
    try {
      const {page} = opened;
      await waitForExplorer(page, MEDWAY);
      expect(new URL(page.url()).searchParams.get("composition")).toBe("type_of_risk");
      await page.selectOption("select[name=composition]", "source_of_risk");
      await page.waitForFunction(() => document.querySelector("#composition h3")?.textContent?.startsWith("Source of risk"));
      expect(new URL(page.url()).searchParams.get("composition")).toBe("source_of_risk");
      const csv = await page.evaluate(async () => (await fetch((document.querySelector("#composition a[data-csv]") as HTMLAnchorElement).href)).text());
      const {header, rows} = csvTable(csv);
      const tableRows = await page.$$eval("#composition table tbody tr", (trs) => trs.length);
      expect(rows.length).toBe(tableRows);
      expect(new Set(rows.map((r) => r[header.indexOf("Source of risk")])).size).toBeLessThanOrEqual(3);

      await page.reload();
      await waitForExplorer(page, MEDWAY);
      expect(await page.$eval("select[name=composition]", (s) => (s as HTMLSelectElement).value)).toBe("source_of_risk");

      await page.evaluate(() => history.back());
      await page.waitForFunction(() => (document.querySelector("select[name=composition]") as HTMLSelectElement | null)?.value === "type_of_risk", undefined, {timeout: 60_000});

      const bad = await openPage(browser, `${baseUrl}/safeguarding?composition=${encodeURIComponent("<script>")}`);
      try {
        await waitForExplorer(bad.page, MEDWAY);
        expect(await bad.page.$eval(".composition-panel .problems", (p) => p.textContent)).toContain('Unknown composition "<script>"');
        expect(new URL(bad.page.url()).searchParams.get("composition")).toBe("type_of_risk");
        expectClean(bad);
      } finally {
        await bad.close();
      }
      expectClean(opened);
    } finally {
      await opened.close();
    }
  });
});

describe("the ranked bar's sentence for each kind of comparator group", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  // How the sentence places Medway in each of its groups (src/lib/domain/groups.ts groupPhrase), by group id.
  const PHRASES: [RegExp, string][] = [
    [/^cipfa-/, "in its CIPFA nearest-neighbour group"],
    [/^nhse_peer-/, "in its NHS England peer group"],
    [/^region-/, "in the South East region"],
    [/^ics-/, "in the Kent and Medway ICS"],
    [/^custom-/, "in the group \""],
    [/^england$/, "among all English councils"]
  ];

  test("reads right for every group Medway can be compared within, the ICS without 'ICS ICS'", async () => {
    const opened = await openPage(browser, `${baseUrl}/reablement?focal=${MEDWAY}`);
    try {
      const {page} = opened;
      await waitForExplorer(page, MEDWAY);
      const groups = await page.$$eval("select[name=group] option", (options) => options.map((o) => (o as HTMLOptionElement).value));
      expect(groups.some((g) => g.startsWith("ics-")), "Medway has an ICS group").toBe(true);
      for (const group of groups) {
        await page.selectOption("select[name=group]", group);
        await waitForExplorer(page, MEDWAY);
        const sentence = await page.$eval("#ranked-bar .sentence", (p) => p.textContent ?? "");
        const expected = PHRASES.find(([id]) => id.test(group));
        expect(expected, `a phrase for group ${group}`).toBeDefined();
        expect(sentence, group).toContain(`Medway is `);
        expect(sentence, group).toContain(expected![1]);
        expect(sentence, group).not.toMatch(/\bICS ICS\b|\bregion region\b/);
      }
      expectClean(opened);
    } finally {
      await opened.close();
    }
  });
});

describe("the first view, before DuckDB-Wasm has loaded", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("the ranked bar draws from the first-view file for any council while the wasm is held back, and DuckDB answers the next indicator", async () => {
    const context = await browser.newContext({viewport: {width: 1280, height: 900}});
    try {
      const page = await context.newPage();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const held: string[] = [];
      await page.route("**/*.wasm", async (route) => {
        held.push(route.request().url());
        await released;
        await route.continue();
      });
      await page.goto(`${baseUrl}/workforce?focal=${OTHER}`, {waitUntil: "commit"});
      await page.waitForSelector(`#ranked-bar svg[data-focal="${OTHER}"]`, {timeout: 60_000});
      expect(await page.$eval("#ranked-bar .sentence", (p) => p.textContent ?? "")).toMatch(/^Trafford is \d+(st|nd|rd|th) of \d+/);
      const bars = await page.$$eval("#ranked-bar table tbody tr", (rows) => rows.length);
      expect(bars, "the ranked bar's table lists the group").toBeGreaterThan(5);
      // DuckDB's wasm was asked for (the page loads it beside the first view) and is still held.
      await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.includes("duckdb")), undefined, {timeout: 30_000});
      expect(await page.$("#trend svg"), "panels that query DuckDB wait for it").toBeNull();
      release();
      await waitForExplorer(page, OTHER);
      expect(held.length).toBeGreaterThan(0);
      const indicators = await page.$$eval("select[name=indicator] option", (options) => options.map((o) => (o as HTMLOptionElement).value));
      const current = await page.$eval("select[name=indicator]", (s) => (s as HTMLSelectElement).value);
      const next = indicators.find((id) => id !== current)!;
      await page.selectOption("select[name=indicator]", next);
      await waitForExplorer(page, OTHER);
      expect(JSON.parse((await page.$eval(".explorer-output", (o) => o.getAttribute("data-selection"))) ?? "{}").indicator).toBe(next);
      expect(await page.$("#ranked-bar svg[data-focal]")).not.toBeNull();
    } finally {
      await context.close();
    }
  });
});
