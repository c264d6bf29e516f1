/**
 * The README's front door: the screenshots it shows exist and are the pictures the browser tests
 * take (test/e2e/screenshots.test.ts writes them, at 1280 × 900, on every run).
 */
import {readFileSync} from "node:fs";
import path from "node:path";
import {describe, expect, it} from "vitest";

const PROJECT = path.resolve(import.meta.dirname, "..");
const readme = readFileSync(path.join(PROJECT, "README.md"), "utf-8");
const e2e = readFileSync(path.join(PROJECT, "test", "e2e", "screenshots.test.ts"), "utf-8");

describe("README screenshots", () => {
  const shown = [...new Set([...readme.matchAll(/\]\((docs\/screenshots\/[\w-]+\.png)\)/g)].map((m) => m[1]))];

  it("shows a council page and an explorer", () => {
    expect(shown.sort()).toEqual(["docs/screenshots/council-page.png", "docs/screenshots/explorer.png"]);
  });

  for (const file of shown) {
    it(`${file} is a 1280 × 900 PNG that the browser tests write`, () => {
      const bytes = readFileSync(path.join(PROJECT, file));
      expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1280, 900]);
      expect(e2e).toContain(`file: "${path.basename(file)}"`);
    });
  }
});
