/**
 * Smoke test of the built site: every page in dist/ (discovered, not hard-coded; a sample of each
 * large generated folder such as council/) opens in Chromium, renders `main` without Framework
 * error cells, and produces no console errors, no page errors, no failed requests and no request
 * outside the test server's origin. Each page declares the site icon in its head and the icon
 * request is counted like any other: a missing icon file fails as a failed request, and a page
 * without the declaration makes Chromium ask for /favicon.ico, which the test server answers 404
 * (logged as a console error), so that fails too.
 */
import {readdirSync} from "node:fs";
import path from "node:path";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {launchBrowser, openPage, realFailures, waitForMain} from "./browser.ts";

const baseUrl = inject("baseUrl");
const distDir = inject("distDir");

/** Folders with more pages than this are sampled (e.g. council/ with one page per council). */
const SAMPLE_ABOVE = 6;
/** Pages always included from a sampled folder when they exist (Medway, the seeds' council). */
const PREFERRED = ["E06000035"];

function walkHtml(dir: string, rel = ""): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(dir, rel), {withFileTypes: true})) {
    if (entry.name.startsWith("_") || entry.name.startsWith(".")) continue; // _observablehq, _file, _npm, _import, _node
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...walkHtml(dir, relPath));
    else if (entry.isFile() && entry.name.endsWith(".html")) files.push(relPath);
  }
  return files;
}

/** `index.html` → `/`, `council/index.html` → `/council/`, `council/E06000035.html` → `/council/E06000035`. */
function toUrlPath(file: string): string {
  if (file === "index.html") return "/";
  if (file.endsWith("/index.html")) return `/${file.slice(0, -"index.html".length)}`;
  return `/${file.slice(0, -".html".length)}`;
}

function discoverPages(dir: string): string[] {
  const byFolder = new Map<string, string[]>();
  for (const file of walkHtml(dir).sort()) {
    const folder = path.posix.dirname(file);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  const pages: string[] = [];
  for (const [folder, files] of byFolder) {
    if (folder === "." || files.length <= SAMPLE_ABOVE) {
      pages.push(...files);
      continue;
    }
    const sample = new Set<string>();
    for (const name of PREFERRED) {
      const file = `${folder}/${name}.html`;
      if (files.includes(file)) sample.add(file);
    }
    if (files.includes(`${folder}/index.html`)) sample.add(`${folder}/index.html`);
    sample.add(files[0]);
    sample.add(files[files.length - 1]);
    pages.push(...[...sample].slice(0, 4));
  }
  return pages.map(toUrlPath);
}

const pages = discoverPages(distDir);

describe("smoke: every page renders cleanly", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("dist has pages", () => {
    expect(pages.length, `no HTML pages found in ${distDir}`).toBeGreaterThan(0);
  });

  test.each(pages)("%s", async (urlPath) => {
    const opened = await openPage(browser, baseUrl + urlPath);
    try {
      const {errorCells, settled} = await waitForMain(opened.page, {timeout: 60_000});
      const title = await opened.page.title();
      expect(title.trim(), "page has a <title>").not.toBe("");
      const icon = await opened.page.$$eval('head link[rel~="icon"]', (links) => links.map((link) => (link as HTMLLinkElement).href)[0]);
      expect(icon, "the page declares the site icon in its head (without it the browser asks for /favicon.ico)").toBeTruthy();
      for (let i = 0; i < 50 && !opened.requests.includes(icon!); i++) await opened.page.waitForTimeout(100);
      expect(opened.requests, "the browser fetched the declared icon").toContain(icon);
      expect(opened.externalRequests, "requests outside the site's origin").toEqual([]);
      expect(opened.pageErrors, "uncaught page errors").toEqual([]);
      expect(opened.consoleErrors, "console errors").toEqual([]);
      expect(realFailures(opened.failedRequests), "failed requests").toEqual([]);
      expect(errorCells, "Framework cells showing an error").toEqual([]);
      expect(settled, "the page never went quiet within 60 s (network, DuckDB queries or DOM still busy)").toBe(true);
    } finally {
      await opened.close();
    }
  });
});
