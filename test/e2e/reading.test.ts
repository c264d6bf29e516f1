/**
 * Reading the built site at a desktop width (1280 px) and a phone's (390 px), in Chromium:
 *
 * - no page scrolls sideways (`document.documentElement.scrollWidth <= innerWidth`): overview,
 *   a council page, the explorers, the notebooks, About, What changed and the council index;
 *   page heights are logged (a report, not a timing or a threshold);
 * - each explorer shows exactly one "About this view" panel for its selection, and the
 *   indicator's definition is printed once on the page, not under every chart;
 * - on the ranked bar, value labels overlap no whisker, reference line or other label, and
 *   carry no unit (it is said on the axis and above the column); on the council page's spine
 *   chart the value labels overlap nothing either, and the chart fits a phone;
 * - on a phone the controls are at least 44 px high;
 * - axe (serious or critical) finds nothing on the whole document, the sidebar and header
 *   included, of the overview, a council page, each explorer, the notebooks and About.
 */
import {readdirSync} from "node:fs";
import path from "node:path";
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {formatViolations, launchBrowser, openPage, runAxe, waitForMain, type OpenedPage} from "./browser.ts";

const baseUrl = inject("baseUrl");
const NOTEBOOKS = readdirSync(path.resolve(import.meta.dirname, "..", "..", "src", "notebooks")).filter((f) => f.endsWith(".md") && f !== "index.md").map((f) => `/notebooks/${f.replace(/\.md$/, "")}`).sort();
const EXPLORERS = ["/reablement", "/safeguarding", "/workforce", "/cqc"];
const COUNCIL = "/council/E06000035";
const PAGES = ["/", COUNCIL, ...EXPLORERS, "/notebooks/", ...NOTEBOOKS, "/about", "/changes", "/councils"];
/** axe on the whole document of these (the issue's list: overview, a council page, each explorer, a notebook, About). */
const AXE_PAGES = new Set(["/", COUNCIL, ...EXPLORERS, ...NOTEBOOKS, "/about"]);
const WIDTHS = [1280, 390];

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  what: string;
}

/** Boxes that share area (touching edges do not count). */
function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
}

function collisions(labels: Box[], others: Box[]): string[] {
  const found: string[] = [];
  labels.forEach((label, i) => {
    for (const other of others) if (overlaps(label, other)) found.push(`${label.what} × ${other.what}`);
    for (const other of labels.slice(i + 1)) if (overlaps(label, other)) found.push(`${label.what} × ${other.what}`);
  });
  return found;
}

async function waitForExplorer(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const output = document.querySelector(".explorer-output");
    return output?.getAttribute("aria-busy") === "false" && !!document.querySelector("#ranked-bar svg[data-focal]") && !!output.getAttribute("data-selection");
  }, undefined, {timeout: 90_000, polling: 100});
}

async function open(browser: Browser, urlPath: string, width: number): Promise<OpenedPage> {
  const opened = await openPage(browser, baseUrl + urlPath, {viewport: {width, height: 900}});
  if (EXPLORERS.includes(urlPath)) await waitForExplorer(opened.page);
  await waitForMain(opened.page, {timeout: 90_000});
  return opened;
}

/** The ranked bar's value labels, and everything they must not touch: whiskers, reference lines and their labels. */
async function rankedBarBoxes(page: Page): Promise<{labels: Box[]; lines: Box[]; texts: string[]; header: string | null}> {
  return page.evaluate(() => {
    const svg = document.querySelector("#ranked-bar svg[data-focal]")!;
    const box = (element: Element, what: string) => {
      const r = element.getBoundingClientRect();
      // A horizontal or vertical line has no area: give it the width of its stroke.
      const pad = (n: number) => (n < 1 ? 0.75 : 0);
      return {left: r.left - pad(r.width), right: r.right + pad(r.width), top: r.top - pad(r.height), bottom: r.bottom + pad(r.height), what};
    };
    const labels = [...svg.querySelectorAll("text[data-value-label]")].map((t) => box(t, `value "${t.textContent}"`));
    const lines = [
      ...[...svg.querySelectorAll("g[aria-label='rule'] line")].map((l, i) => box(l, `rule ${i}`)),
      ...[...svg.querySelectorAll("text[data-reference-label]")].map((t) => box(t, `reference "${t.textContent}"`)),
      ...[...svg.querySelectorAll("g[aria-label='bar'] rect")].map((r, i) => box(r, `bar ${i}`)),
      ...[...svg.querySelectorAll("g[aria-label='y-axis tick label'] text")].map((t) => box(t, `name "${t.textContent}"`))
    ];
    return {labels, lines, texts: labels.map((l) => l.what), header: svg.querySelector("text[data-value-header]")?.textContent ?? null};
  });
}

describe("reading the site at 1280 px and 390 px", () => {
  let browser: Browser;
  const report: {width: number; page: string; scrollWidth: number; height: number}[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    if (report.length) console.log(`[reading] page widths and heights (px)\n${report.map((r) => `${String(r.width).padStart(4)}  ${r.page.padEnd(40)} width ${String(r.scrollWidth).padStart(5)}  height ${String(r.height).padStart(6)}`).join("\n")}`);
  });

  for (const width of WIDTHS) {
    test.each(PAGES)(`${width} px: %s does not scroll sideways${width === 390 ? ", and its controls fit a finger" : ""}; axe finds nothing on the whole document`, async (urlPath) => {
      const opened = await open(browser, urlPath, width);
      try {
        const {page} = opened;
        const measured = await page.evaluate(() => {
          const wide = [...document.querySelectorAll("#observablehq-center *")].filter((e) => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && r.right > innerWidth + 1 && !e.closest(".table-scroll, pre, form[class$='-table']");
          }).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${typeof e.className === "string" && e.className ? `.${e.className.trim().split(/\s+/).join(".")}` : ""}`);
          return {scrollWidth: document.documentElement.scrollWidth, innerWidth, height: document.documentElement.scrollHeight, wide};
        });
        report.push({width, page: urlPath, scrollWidth: measured.scrollWidth, height: measured.height});
        expect(measured.scrollWidth, `${urlPath} at ${width} px is ${measured.scrollWidth} px wide (${measured.wide.join(", ")})`).toBeLessThanOrEqual(measured.innerWidth);
        if (width === 390) {
          const small = await page.$$eval("#observablehq-main select, .about-view > summary", (nodes) => nodes.filter((n) => (n as HTMLElement).offsetParent !== null && n.getBoundingClientRect().height < 43.5).map((n) => `${n.tagName.toLowerCase()}[name=${n.getAttribute("name")}] ${Math.round(n.getBoundingClientRect().height)} px`));
          expect(small, "touch targets under 44 px").toEqual([]);
        }
        if (AXE_PAGES.has(urlPath)) {
          const violations = await runAxe(page);
          expect(violations, formatViolations(violations)).toEqual([]);
        }
      } finally {
        await opened.close();
      }
    });
  }
});

describe.each(EXPLORERS)("explorer %s: said once, labels that never collide", (urlPath) => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("one About this view panel per selection, near the controls; the definition is printed once", async () => {
    const opened = await open(browser, urlPath, 1280);
    try {
      const {page} = opened;
      const check = async () => page.evaluate(() => {
        const selection = JSON.parse(document.querySelector(".explorer-output")!.getAttribute("data-selection")!);
        const panels = [...document.querySelectorAll(".about-view")];
        const definition = [...(panels[0]?.querySelectorAll("dt") ?? [])].find((dt) => dt.textContent === "Definition")?.nextElementSibling?.textContent ?? "";
        const terms = [...(panels[0]?.querySelectorAll("dt") ?? [])].map((dt) => dt.textContent);
        const everywhere = [...document.querySelectorAll("#observablehq-main dd, #observablehq-main p")].filter((n) => definition && n.textContent === definition).length;
        const controls = document.querySelector(".explorer > .controls")!;
        const output = document.querySelector(".explorer-output")!;
        return {
          selection, count: panels.length, terms, definitionCount: everywhere, summary: panels[0]?.querySelector("summary")?.textContent ?? "",
          betweenControlsAndCharts: !!panels[0] && !!(controls.compareDocumentPosition(panels[0]) & Node.DOCUMENT_POSITION_FOLLOWING) && !!(panels[0].compareDocumentPosition(output) & Node.DOCUMENT_POSITION_FOLLOWING),
          framesWithGroup: [...document.querySelectorAll("figure[data-chart] dt")].filter((dt) => dt.textContent === "Comparator group" || dt.textContent === "Members").length,
          charts: document.querySelectorAll("figure[data-chart]").length
        };
      });
      const first = await check();
      expect(first.charts).toBeGreaterThanOrEqual(3);
      expect(first.count, "About this view panels").toBe(1);
      expect(first.betweenControlsAndCharts, "the panel sits between the controls and the charts").toBe(true);
      for (const term of ["Indicator", "Definition", "Polarity", "Period", "Source", "Comparator group", "Members"]) expect(first.terms, term).toContain(term);
      expect(first.definitionCount, "the definition is printed once").toBe(1);
      expect(first.framesWithGroup, "no chart repeats the comparator group").toBe(0);
      expect(first.summary).toContain("About this view");
      // Another selection: still one panel, now about the new council.
      await page.selectOption("select[name=focal]", "E08000009");
      await page.waitForFunction(() => JSON.parse(document.querySelector(".explorer-output")?.getAttribute("data-selection") ?? "{}").focal === "E08000009" && document.querySelector(".explorer-output")?.getAttribute("aria-busy") === "false", undefined, {timeout: 90_000});
      const second = await check();
      expect(second.count).toBe(1);
      expect(second.summary).toContain("Trafford");
      expect(second.definitionCount).toBe(1);
      // The CSVs keep the full metadata header.
      const csv = await page.evaluate(async () => (await fetch((document.querySelector("#ranked-bar a[data-csv]") as HTMLAnchorElement).href)).text());
      for (const key of ["Indicator", "Definition", "Polarity", "Source", "Period", "Comparator group", "Group members", "Group provenance"]) expect(csv, key).toMatch(new RegExp(`^"?${key}"?,`, "m"));
    } finally {
      await opened.close();
    }
  });

  test.each(WIDTHS)("ranked bar value labels overlap no whisker, line or label, and carry no unit, at %i px", async (width) => {
    const opened = await open(browser, urlPath, width);
    try {
      const {page} = opened;
      const indicators = await page.$$eval("select[name=indicator] option", (options) => options.map((o) => (o as HTMLOptionElement).value));
      // The default view and, where the page has one, a rate per 100,000 (the longest labels).
      const views = [indicators[0], ...indicators.slice(1).filter((id) => /per_100k|per-100k|_rate|rate/.test(id)).slice(0, 1)];
      for (const indicator of views) {
        if (indicator !== indicators[0]) {
          await page.selectOption("select[name=indicator]", indicator);
          await page.waitForFunction((id) => JSON.parse(document.querySelector(".explorer-output")?.getAttribute("data-selection") ?? "{}").indicator === id && document.querySelector(".explorer-output")?.getAttribute("aria-busy") === "false", indicator, {timeout: 90_000});
        }
        const {labels, lines, header} = await rankedBarBoxes(page);
        expect(labels.length, `${indicator}: value labels`).toBeGreaterThan(2);
        expect(collisions(labels, lines), `${indicator} at ${width} px`).toEqual([]);
        for (const label of labels) expect(label.what, `${indicator}: the unit is not repeated in the labels`).toMatch(/^value "-?[\d,.]+"$/);
        expect(header, "the value column names its unit once").toBeTruthy();
        const svg = await page.$eval("#ranked-bar svg[data-focal]", (s) => {
          const r = s.getBoundingClientRect();
          return {right: r.right, innerWidth, xLabel: s.querySelector("g[aria-label='x-axis label'] text")?.textContent ?? ""};
        });
        expect(svg.right, "the chart fits the page").toBeLessThanOrEqual(svg.innerWidth);
        expect(svg.xLabel.length, "the axis says the unit").toBeGreaterThan(0);
      }
    } finally {
      await opened.close();
    }
  });
});

describe("council page spine chart", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test.each(WIDTHS)("value labels overlap nothing and the chart fits at %i px", async (width) => {
    const opened = await open(browser, COUNCIL, width);
    try {
      const result = await opened.page.evaluate(() => {
        const svg = document.querySelector("#spine-chart svg[aria-describedby]")!;
        const box = (e: Element, what: string) => {
          const r = e.getBoundingClientRect();
          return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, what};
        };
        const labels = [...svg.querySelectorAll("text[data-value-label]")].map((t) => box(t, `value "${t.textContent}"`));
        const others = [
          ...[...svg.querySelectorAll("text[data-row-label]")].map((t) => box(t, `row "${t.textContent}"`)),
          ...[...svg.querySelectorAll("g[aria-label='y-axis tick label'] text, g text")].filter((t) => !t.hasAttribute("data-value-label") && !t.hasAttribute("data-row-label")).map((t) => box(t, `text "${t.textContent}"`)),
          ...[...svg.querySelectorAll("rect, circle, path")].map((m, i) => box(m, `mark ${i}`))
        ];
        const rowLabels = [...svg.querySelectorAll("text[data-row-label]")].map((t) => box(t, `row "${t.textContent}"`));
        const all = [...svg.querySelectorAll("text")].map((t) => t.getBoundingClientRect().right);
        return {labels, others, rowLabels, layout: svg.getAttribute("data-layout"), right: Math.max(...all, svg.getBoundingClientRect().right), innerWidth, svgWidth: svg.getBoundingClientRect().width};
      });
      expect(result.labels.length).toBeGreaterThanOrEqual(8);
      expect(collisions(result.labels, result.others)).toEqual([]);
      expect(collisions(result.rowLabels, result.others.filter((o) => o.what.startsWith("mark")))).toEqual([]);
      expect(result.right, "no text runs past the page").toBeLessThanOrEqual(result.innerWidth);
      expect(result.layout).toBe(width < 600 ? "narrow" : "wide");
    } finally {
      await opened.close();
    }
  });
});
