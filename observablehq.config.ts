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
import type MarkdownIt from "markdown-it";

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
// Repairs to the sidebar Framework 1.13.4 renders, run as the header is parsed (the sidebar is
// already in the page then; the council pages set no head, so the header carries it): the toggle
// checkbox has only a title (axe label-title-only), the search box only a placeholder, and the
// close control is a <label> directly inside the <ol> (axe list), so it moves into the list's first
// item. Framework's code blocks and Inputs tables scroll sideways, so each is made focusable for
// the keyboard (axe scrollable-region-focusable), including those drawn after the page loads.
const sidebarRepairs = `<script>{const t=document.getElementById("observablehq-sidebar-toggle");t&&t.setAttribute("aria-label","Show or hide the list of pages");const q=document.querySelector("#observablehq-search input");q&&q.setAttribute("aria-label","Search the site");const c=document.getElementById("observablehq-sidebar-close"),l=c&&c.parentElement&&c.parentElement.tagName==="OL"&&c.parentElement.querySelector(":scope > li");l&&l.append(c);const f=(r)=>{for(const e of r.querySelectorAll("pre, form[class$='-table']"))e.hasAttribute("tabindex")||(e.tabIndex=0)};const m=document.getElementById("observablehq-center");m&&new MutationObserver((rs)=>{for(const x of rs)for(const n of x.addedNodes)n.nodeType===1&&(n.matches("pre, form[class$='-table']")?f(n.parentElement||n):f(n))}).observe(m,{childList:true,subtree:true})}</script>`;

const sampleBanner = (root: string) => stillSample.length
  ? `<div class="sample-banner" role="note"><strong>Some figures are still sample data.</strong> Illustrative values (except figures taken from the seed council papers), labelled “Sample” wherever they appear: ${stillSample.join("; ")}. Every other figure is as published. <a href="${root}about#data-files">Which files and figures</a>.</div>`
  : "";

/** The site header, its links relative to `root` (the site's root as the page reaches it). */
const siteHeader = (root: string) =>
  `${sidebarRepairs}<div class="site-header"><a href="${root}" class="site-name">ASC Benchmark</a><span class="site-tagline">Adult social care, benchmarked against comparable councils</span></div>${sampleBanner(root)}`;

/**
 * The same header written into a page's body where the page has `<!-- site-header -->` (the 153
 * council pages, whose front matter sets `header: null`), then moved to where Framework puts its
 * header, before <main>, while the page parses. Framework parses a page's header with JSDOM three
 * times on every page (about 10 ms each: 4.4 s of a build's 153 council pages); in the body it
 * rides on the parses the body has anyway. Its links are written relative to the page.
 */
const SITE_HEADER_MARK = "<!-- site-header -->";
function headerInBody(md: MarkdownIt): MarkdownIt {
  const render = md.renderer.rules.html_block;
  md.renderer.rules.html_block = (tokens, index, options, env, self) => {
    if (tokens[index].content.trim() !== SITE_HEADER_MARK) return render ? render(tokens, index, options, env, self) : tokens[index].content;
    const depth = String((env as {path?: string}).path ?? "/").split("/").length - 2;
    const root = depth > 0 ? "../".repeat(depth) : "./";
    return `<header id="observablehq-header">\n${siteHeader(root)}\n</header><script>document.getElementById("observablehq-main").before(document.currentScript.previousElementSibling)</script>\n`;
  };
  return md;
}

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
  header: siteHeader("./"),
  markdownIt: headerInBody,
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
