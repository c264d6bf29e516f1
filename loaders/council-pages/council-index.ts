/**
 * The council index (src/councils.md): every council's page as plain links by region, written into
 * the page's Markdown so they work without script. Run this file to regenerate it:
 * npx tsx loaders/council-pages/council-index.ts --write-councils-index
 */
import {readFileSync} from "node:fs";
import path from "node:path";
import {COUNCILS, REGIONS, type Council} from "../families/geography/index.ts";

export const COUNCIL_INDEX_START = "<!-- council-index:start (generated: npx tsx loaders/council-pages/council-index.ts --write-councils-index) -->";
export const COUNCIL_INDEX_END = "<!-- council-index:end -->";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Every council's page, by region, as static HTML (one list per region). */
export function councilIndexHtml(councils: readonly Council[] = COUNCILS): string {
  const lines: string[] = [COUNCIL_INDEX_START, `<div class="council-index">`];
  for (const region of REGIONS) {
    const members = councils.filter((c) => c.region_code === region.code).sort((a, b) => a.name.localeCompare(b.name));
    if (!members.length) continue;
    const id = `region-${region.code}`;
    lines.push(`<h2 id="${id}">${escapeHtml(region.name)} (${members.length})</h2>`, `<ul aria-labelledby="${id}">`);
    for (const c of members) lines.push(`<li><a href="./council/${c.code}">${escapeHtml(c.name)}</a></li>`);
    lines.push(`</ul>`);
  }
  lines.push(`</div>`, COUNCIL_INDEX_END);
  return lines.join("\n");
}

/** Replace the generated block in a page's Markdown; throws when the markers are missing. */
export function replaceCouncilIndex(markdown: string, html = councilIndexHtml()): string {
  const start = markdown.indexOf(COUNCIL_INDEX_START);
  const end = markdown.indexOf(COUNCIL_INDEX_END);
  if (start < 0 || end < start) throw new Error(`the page has no generated council index between '${COUNCIL_INDEX_START}' and '${COUNCIL_INDEX_END}'`);
  return markdown.slice(0, start) + html + markdown.slice(end + COUNCIL_INDEX_END.length);
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain && process.argv.includes("--write-councils-index")) {
  const {writeFileSync} = await import("node:fs");
  const file = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..", "src", "councils.md");
  writeFileSync(file, replaceCouncilIndex(readFileSync(file, "utf-8")));
  console.log(`wrote the council index (${COUNCILS.length} councils) into ${file}`);
}

