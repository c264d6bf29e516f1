/**
 * `npm run briefing`: prints a council page from the built site to an A4 PDF. The PDF's text is
 * compressed and set in subset fonts, so the test reads what Chromium writes in the clear: the
 * document /Title (the page title, which names the council), the outline and the /Type /Page
 * objects (one per page).
 */
import {spawnSync} from "node:child_process";
import {existsSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {afterAll, describe, expect, inject, test} from "vitest";

const distDir = process.env.E2E_DIST_DIR ?? inject("distDir");
const tmp = mkdtempSync(path.join(os.tmpdir(), "briefing-test-"));

afterAll(() => rmSync(tmp, {recursive: true, force: true}));

function briefing(args: string[]) {
  return spawnSync("npm", ["run", "--silent", "briefing", "--", ...args], {cwd: process.cwd(), encoding: "utf-8", timeout: 180_000, env: {...process.env}});
}

/** A PDF string: literal "(…)" with escapes, or hex "<FEFF…>" (UTF-16BE). */
function pdfString(raw: string): string {
  if (raw.startsWith("<")) {
    const hex = raw.slice(1, -1).replace(/\s+/g, "");
    const bytes = Buffer.from(hex, "hex");
    if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      let text = "";
      for (let i = 2; i + 1 < bytes.length; i += 2) text += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
      return text;
    }
    return bytes.toString("latin1");
  }
  return raw.slice(1, -1).replace(/\\([()\\])/g, "$1");
}

describe("npm run briefing", () => {
  test("prints Medway's page to an A4 PDF of two pages or more, named <code>-<slug>.pdf, with an index", () => {
    const out = path.join(tmp, "out");
    const result = briefing(["E06000035", "--out", out, "--dist", distDir]);
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    const file = path.join(out, "E06000035-medway.pdf");
    expect(existsSync(file)).toBe(true);
    const pdf = readFileSync(file).toString("latin1");
    expect(pdf.startsWith("%PDF-")).toBe(true);
    const title = /\/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]+>)/.exec(pdf);
    expect(title, "the PDF has a /Title").not.toBeNull();
    expect(pdfString(title![1])).toContain("Medway");
    const pages = pdf.match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    // A4 is 595 x 842 points.
    expect(pdf).toMatch(/\/MediaBox\s*\[\s*0\s+0\s+59[56](\.\d+)?\s+84[1-3](\.\d+)?\s*\]/);
    const index = JSON.parse(readFileSync(path.join(out, "index.json"), "utf-8"));
    expect(index.briefings.map((b: {file: string}) => b.file)).toEqual(["E06000035-medway.pdf"]);
    expect(readFileSync(path.join(out, "index.html"), "utf-8")).toContain("E06000035-medway.pdf");
  });

  test("fails with a clear message when the site has not been built", () => {
    const empty = path.join(tmp, "empty-dist");
    const result = briefing(["E06000035", "--out", path.join(tmp, "none"), "--dist", empty]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("npm run build");
  });

  test("rejects a code that is not a council", () => {
    const result = briefing(["E99999999", "--dist", distDir, "--out", path.join(tmp, "none")]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("not a council code");
  });
});
