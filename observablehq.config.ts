/**
 * Site configuration. Pages are listed from what exists, so adding an explorer or a notebook is
 * adding a Markdown file. Offline: no Google Fonts link (globalStylesheets: []), no DuckDB
 * extensions (Arrow needs none), and scripts/offline-npm-cache.ts fills Framework's npm cache
 * from node_modules before every build (see README, "Offline build").
 */
import {existsSync, readdirSync, readFileSync} from "node:fs";
import {COUNCILS} from "./loaders/families/geography/index.ts";
import {readManifest} from "./loaders/snapshot.ts";
import {sampleSourcePhrases} from "./loaders/sample.ts";

const has = (page: string) => existsSync(`src/${page}.md`);
const page = (name: string, path: string) => (has(path.slice(1)) ? [{name, path}] : []);

function notebookPages() {
  if (!existsSync("src/notebooks")) return [];
  return readdirSync("src/notebooks")
    .filter((file) => file.endsWith(".md") && file !== "index.md")
    .sort()
    .map((file) => {
      const text = readFileSync(`src/notebooks/${file}`, "utf-8");
      const title = /^title:\s*(.+)$/m.exec(text)?.[1]?.replace(/^["']|["']$/g, "") ?? file.replace(/\.md$/, "");
      return {name: title, path: `/notebooks/${file.replace(/\.md$/, "")}`};
    });
}

const manifest = readManifest();
// The banner names only what is still sample; every other figure is published data and unlabelled.
const stillSample = sampleSourcePhrases(manifest);
const sampleBanner = stillSample.length
  ? `<div class="sample-banner" role="note"><strong>Some figures are still sample data.</strong> Illustrative values (except figures taken from the seed council papers), labelled “Sample” wherever they appear: ${stillSample.join("; ")}. Every other figure is as published. <a href="./about#data-files">Which files and figures</a>.</div>`
  : "";

export default {
  title: "ASC Benchmark",
  root: "src",
  output: "dist",
  theme: ["air", "alt"],
  style: "style.css",
  globalStylesheets: [] as string[],
  duckdb: {extensions: {json: null, parquet: null}},
  // Framework writes <html> without a language; screen readers need it (axe: html-has-lang).
  head: `<script>document.documentElement.lang = "en-GB";</script><link rel="icon" href="/favicon.svg" type="image/svg+xml">`,
  header: `<div class="site-header"><a href="./" class="site-name">ASC Benchmark</a><span class="site-tagline">Adult social care, benchmarked against comparable councils</span></div>${sampleBanner}`,
  footer: `ASC Benchmark. Data: Skills for Care, CQC, NHS England and DHSC (Safeguarding Adults Collection, ASCOF), under the Open Government Licence where published. Snapshot ${manifest.generated_at.slice(0, 10)}.`,
  search: true,
  pager: false,
  pages: [
    ...page("Overview", "/index"),
    {
      name: "Explore",
      open: true,
      pages: [
        ...page("Reablement and outcomes", "/reablement"),
        ...page("Safeguarding", "/safeguarding"),
        ...page("Workforce", "/workforce"),
        ...page("CQC", "/cqc")
      ]
    },
    ...(existsSync("src/council/[code].md") || existsSync("src/councils.md") ? page("Council pages", "/councils") : []),
    ...(existsSync("src/notebooks/index.md") ? [{name: "Notebooks", open: false, pages: [{name: "All notebooks", path: "/notebooks/"}, ...notebookPages()]}] : []),
    ...page("What changed", "/changes"),
    ...page("About the data", "/about")
  ],
  dynamicPaths: existsSync("src/council/[code].md") ? COUNCILS.map((council) => `/council/${council.code}`) : []
};
