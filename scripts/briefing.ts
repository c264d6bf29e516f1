/**
 * Briefing packs: each council's page printed to an A4 PDF from the built site, for a meeting
 * paper or to publish beside the site (anchors.md §6.7).
 *
 *   npm run briefing -- <code> [<code> …] [--out <dir>]
 *   npm run briefing -- --all [--out <dir>] [--concurrency 3]
 *
 * Serves dist/ on 127.0.0.1, opens each council page in Debian's Chromium (playwright-core, no
 * browser download), waits for the charts, prints with the page's print stylesheet (A4, print
 * backgrounds, tagged PDF with an outline, a footer with the council, snapshot date and page
 * numbers) and writes <code>-<slug>.pdf plus index.html and index.json to the output directory
 * (default dist/briefings/). One browser serves every council, a few pages at a time.
 */
import {existsSync, mkdirSync, writeFileSync} from "node:fs";
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {chromium, type Browser} from "playwright-core";
import {COUNCILS, councilByCode, type Council} from "../loaders/families/geography/index.ts";
import {startStaticServer} from "./serve-dist.ts";

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export class BriefingError extends Error {}

export interface BriefingOptions {
  codes: string[];
  all: boolean;
  out: string;
  dist: string;
  concurrency: number;
  /** Milliseconds to wait for a page's charts. */
  timeout: number;
}

export interface BriefingResult {
  code: string;
  name: string;
  file: string;
  bytes: number;
  ms: number;
}

const USAGE = "usage: npm run briefing -- <council code> [<code> …] | --all [--out <dir>] [--dist <dir>] [--concurrency <n>]";

export function parseArgs(argv: string[]): BriefingOptions {
  const options: BriefingOptions = {codes: [], all: false, out: "", dist: path.join(PROJECT_DIR, "dist"), concurrency: 3, timeout: 60_000};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined || next.startsWith("--")) throw new BriefingError(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === "--all") options.all = true;
    else if (arg === "--out") options.out = path.resolve(value());
    else if (arg === "--dist") options.dist = path.resolve(value());
    else if (arg === "--concurrency") options.concurrency = Math.max(1, Number(value()) || 1);
    else if (arg === "--timeout") options.timeout = Math.max(1000, Number(value()) || 60_000);
    else if (arg === "--help" || arg === "-h") throw new BriefingError(USAGE);
    else if (arg.startsWith("--")) throw new BriefingError(`unknown option ${arg}\n${USAGE}`);
    else options.codes.push(arg);
  }
  if (!options.all && !options.codes.length) throw new BriefingError(`name a council code (e.g. E06000035 for Medway) or --all\n${USAGE}`);
  if (!options.out) options.out = path.join(options.dist, "briefings");
  return options;
}

/** "Bristol, City of" → "bristol-city-of"; "Medway" → "medway". */
export function councilSlug(name: string): string {
  return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/&/g, " and ").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

export function briefingFileName(council: Pick<Council, "code" | "name">): string {
  return `${council.code}-${councilSlug(council.name)}.pdf`;
}

export function resolveCouncils(options: Pick<BriefingOptions, "codes" | "all">): Council[] {
  if (options.all) return [...COUNCILS].sort((a, b) => a.name.localeCompare(b.name));
  return options.codes.map((code) => {
    const council = councilByCode(code);
    if (!council) throw new BriefingError(`'${code}' is not a council code: use the ONS GSS code, e.g. E06000035 for Medway (see the site's /councils page)`);
    return council;
  });
}

export function checkDist(dist: string, councils: Council[]): void {
  if (!existsSync(path.join(dist, "index.html"))) {
    throw new BriefingError(`${dist} has no built site: run \`npm run build\` first (the briefing prints the built council pages)`);
  }
  const missing = councils.filter((c) => !existsSync(path.join(dist, "council", `${c.code}.html`)));
  if (missing.length) {
    throw new BriefingError(`${dist}/council/ has no page for ${missing.slice(0, 5).map((c) => `${c.name} (${c.code})`).join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""}: rebuild the site with \`npm run build\``);
  }
}

function chromiumPath(): string {
  const executable = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!existsSync(executable)) throw new BriefingError(`Chromium not found at ${executable}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return executable;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

async function printCouncil(browser: Browser, baseUrl: string, council: Council, options: BriefingOptions): Promise<BriefingResult> {
  const start = performance.now();
  // About the printable width of A4 at 96 dpi, so charts are drawn at the size they print.
  const context = await browser.newContext({viewport: {width: 900, height: 1200}});
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  try {
    const response = await page.goto(`${baseUrl}/council/${council.code}`, {waitUntil: "load", timeout: options.timeout});
    if (!response || !response.ok()) throw new BriefingError(`${council.name} (${council.code}): the page answered ${response?.status() ?? "nothing"}`);
    await page.waitForFunction(
      () => !!document.querySelector("#spine-chart svg") && !!document.querySelector(".council-cqc") && document.querySelectorAll("main observablehq-loading").length === 0,
      undefined,
      {timeout: options.timeout, polling: 100}
    ).catch(() => {
      throw new BriefingError(`${council.name} (${council.code}): the charts did not appear within ${options.timeout / 1000} s${errors.length ? ` (page errors: ${errors.join("; ")})` : ""}`);
    });
    const failed = await page.$$eval("main .observablehq--error", (nodes) => nodes.map((n) => (n.textContent ?? "").trim().slice(0, 200)));
    if (failed.length) throw new BriefingError(`${council.name} (${council.code}): the page shows an error: ${failed[0]}`);
    await page.emulateMedia({media: "print"});
    await page.evaluate(() => document.fonts.ready);
    const snapshot = await page.$eval(".print-header", (node) => (node.textContent ?? "").replace(/\s+/g, " ").trim()).catch(() => council.name);
    const file = path.join(options.out, briefingFileName(council));
    const footer = `<div style="font-size:7pt;width:100%;padding:0 12mm;box-sizing:border-box;color:#444;display:flex;justify-content:space-between;font-family:system-ui,sans-serif"><span>${escapeHtml(snapshot.split(" · Data:")[0])}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
    const pdf = await page.pdf({
      path: file, format: "A4", printBackground: true, tagged: true, outline: true,
      displayHeaderFooter: true, headerTemplate: "<span></span>", footerTemplate: footer,
      margin: {top: "12mm", right: "12mm", bottom: "14mm", left: "12mm"}
    });
    return {code: council.code, name: council.name, file: path.basename(file), bytes: pdf.length, ms: Math.round(performance.now() - start)};
  } finally {
    await context.close();
  }
}

function indexHtml(results: BriefingResult[], generated: string): string {
  const byName = [...results].sort((a, b) => a.name.localeCompare(b.name));
  const items = byName.map((r) => `<li><a href="./${encodeURI(r.file)}">${escapeHtml(r.name)}</a> <small>(${r.code}, ${Math.round(r.bytes / 1024)} KB)</small></li>`).join("\n");
  return `<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Council briefing packs | ASC Benchmark</title>
<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}ul{columns:2 18rem}</style></head>
<body>
<h1>Council briefing packs</h1>
<p>A4 PDFs of each council's page, printed ${escapeHtml(generated)}. <a href="../councils">Council pages on the site</a>.</p>
<ul>
${items}
</ul>
</body>
</html>
`;
}

export async function runBriefing(options: BriefingOptions, log: (line: string) => void = console.log): Promise<BriefingResult[]> {
  const councils = resolveCouncils(options);
  checkDist(options.dist, councils);
  const executablePath = chromiumPath();
  mkdirSync(options.out, {recursive: true});
  const server = await startStaticServer(options.dist);
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"]
  });
  const results: BriefingResult[] = [];
  const failures: string[] = [];
  try {
    let next = 0;
    const worker = async () => {
      while (next < councils.length) {
        const council = councils[next++];
        try {
          const result = await printCouncil(browser, server.url, council, options);
          results.push(result);
          log(`${result.file} (${Math.round(result.bytes / 1024)} KB, ${result.ms} ms)`);
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
        }
      }
    };
    await Promise.all(Array.from({length: Math.min(options.concurrency, councils.length)}, worker));
  } finally {
    await browser.close();
    await server.close();
  }
  const generated = new Date().toISOString();
  if (results.length) {
    const existing = results.map(({code, name, file, bytes}) => ({code, name, file, bytes}));
    writeFileSync(path.join(options.out, "index.json"), JSON.stringify({generated_at: generated, briefings: existing}, null, 2) + "\n");
    writeFileSync(path.join(options.out, "index.html"), indexHtml(results, generated.slice(0, 10)));
  }
  if (failures.length) throw new BriefingError(`${failures.length} of ${councils.length} briefing${councils.length === 1 ? "" : "s"} failed:\n${failures.join("\n")}`);
  return results;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  try {
    const options = parseArgs(process.argv.slice(2));
    const start = performance.now();
    const results = await runBriefing(options);
    console.log(`wrote ${results.length} briefing${results.length === 1 ? "" : "s"} and an index to ${path.relative(process.cwd(), options.out) || options.out} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(`briefing: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
