/**
 * The README's front door: screenshots of a council page and an explorer, taken from the built
 * site on every browser-test run, so the pictures in the README are of the site as it is now
 * (docs/screenshots/; commit them with the change that moved them). Each is taken once the page
 * has drawn its chart and gone quiet, at a desktop width, and checked to be a real picture of the
 * page: the size asked for, and more than a blank page's bytes.
 */
import {mkdirSync, readFileSync, writeFileSync} from "node:fs";
import path from "node:path";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, inject, test} from "vitest";
import {launchBrowser, openPage, waitForChart, waitForMain} from "./browser.ts";

const baseUrl = inject("baseUrl");
const OUT = path.resolve(import.meta.dirname, "..", "..", "docs", "screenshots");
const VIEWPORT = {width: 1280, height: 900};
/** `scrollTo`: the element brought to the top of the picture (the explorer's first chart, below its controls and definition). */
const SCREENSHOTS = [
  {file: "council-page.png", url: "/council/E06000035", chart: "main figure[data-chart] svg", scrollTo: null, what: "Medway's council page"},
  {file: "explorer.png", url: "/reablement", chart: "main figure svg", scrollTo: "main figure", what: "the reablement explorer"}
] as const;

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(bytes: Buffer): {width: number; height: number} {
  expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  return {width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20)};
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(OUT, {recursive: true});
});
afterAll(async () => {
  await browser?.close();
});

describe("README screenshots", () => {
  for (const shot of SCREENSHOTS) {
    test(`${shot.file}: ${shot.what}, drawn and quiet`, async () => {
      const opened = await openPage(browser, `${baseUrl}${shot.url}`, {viewport: VIEWPORT});
      try {
        await waitForChart(opened.page, shot.chart);
        const {errorCells} = await waitForMain(opened.page);
        expect(errorCells).toEqual([]);
        if (shot.scrollTo) {
          const top = await opened.page.evaluate((selector) => {
            const target = document.querySelector(selector)!;
            // The figure's heading and the sentence above it belong in the picture.
            const start = target.previousElementSibling ?? target;
            window.scrollTo(0, window.scrollY + start.getBoundingClientRect().top - 16);
            return target.getBoundingClientRect().top;
          }, shot.scrollTo);
          expect(top).toBeLessThan(VIEWPORT.height / 2);
        }
        // Caret and animations off, so the picture changes only when the page does.
        const png = await opened.page.screenshot({animations: "disabled", caret: "hide", scale: "css"});
        writeFileSync(path.join(OUT, shot.file), png);
        expect(pngSize(readFileSync(path.join(OUT, shot.file)))).toEqual(VIEWPORT);
        expect(png.length).toBeGreaterThan(40_000);
      } finally {
        await opened.close();
      }
    });
  }
});
