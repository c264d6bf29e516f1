/**
 * After `observable build` (npm's postbuild): writes each council page's first screen into its
 * HTML, so the browser paints the council's name, tiles and spine chart with the page itself
 * instead of after Framework's runtime, Plot and the council's JSON have loaded and run.
 *
 * For every dist/council/<code>.html: the JSON the page registers (the very file it fetches) is
 * read, the first-screen cells are drawn from it under jsdom by the page's own components
 * (FIRST_PAINT_SLOTS below), and each is written as its cell's placeholder: an
 * `<observablehq-loading class="first-paint">` just before the cell's root, which Framework
 * removes when the cell first displays, so each live cell takes its own place without a jump.
 * A small script after the last one drops the group's before the first paint when the page is
 * opened with ?group= for another group; a main column narrower than the spine chart's full
 * layout hides the chart by a media query (src/style.css).
 *
 * Drawing them takes about 3 s for the 153 pages, so the build's background data process draws
 * them as soon as the site data is built (scripts/warm-data.ts), on the core Framework leaves
 * idle while it renders the pages, and keeps them beside the site data, keyed by the JSON's bytes
 * and by the code that draws them (firstPaintFile). This script then only writes them in, and
 * draws here any page whose JSON has none kept.
 *
 * Fails, naming the page and cell, when a page's first-screen cell is unknown or its root is not
 * where Framework writes it: the build is then broken, not silently slower.
 *
 *   tsx scripts/first-paint.ts [dist]
 */
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync} from "node:fs";
import {register} from "node:module";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {buildOnce} from "../loaders/build-lock.ts";
import {firstPaintInputs, keyOf, LOCK_DIR, siteCacheDir} from "../loaders/cache-keys.ts";
import {tarEntries} from "../loaders/tar.ts";
import type {CouncilPageData} from "../src/lib/domain/council-data.ts";

/** The spine chart's width in the first paint: the page's own cap (`Math.min(width, 960)`). */
export const FIRST_PAINT_WIDTH = 960;

type Components = typeof import("../src/components/council-page.ts") & typeof import("../src/lib/format.ts");

export interface FirstPaintSlot {
  /** True when what it shows depends on the comparator group (a page opened with ?group= drops it). */
  byGroup: boolean;
  /** True when it holds a control that does nothing until the page's script runs: made inert. */
  control: boolean;
  render(data: CouncilPageData, components: Components): Node;
}

/**
 * What the page's first-screen block cells show, by the name in their `// first paint: <slot>`
 * comment: the page's own components for the default group. A slot the page names and this
 * table lacks is an error at build time.
 */
export const FIRST_PAINT_SLOTS: Record<string, FirstPaintSlot> = {
  "select": {byGroup: true, control: true, render: (data, c) => c.groupSelect(data, data.default_group)},
  "group-line": {byGroup: true, control: false, render: (data, c) => c.groupLine(data, data.default_group)},
  "tiles": {byGroup: true, control: false, render: (data, c) => c.headlineTiles(data, data.default_group)},
  "spine": {byGroup: true, control: false, render: (data, c) => c.spinePanel(data, data.default_group, {width: FIRST_PAINT_WIDTH})}
};

/** The page's inline expressions in its heading and lede, by their source text (others, like the footer's date, are left to the runtime). */
export const FIRST_PAINT_TEXT: Record<string, (data: CouncilPageData, components: Components) => string> = {
  "data.name": (data) => data.name,
  "data.region_name": (data) => data.region_name,
  "formatDate(data.snapshot_generated_at)": (data, c) => c.formatDate(data.snapshot_generated_at),
  "vintageLine(data)": (data, c) => c.vintageLine(data)
};

/** A cell of a built page: its id, whether it is inline (`${…}` in text) and its source. */
export interface BuiltCell {
  id: string;
  inline: boolean;
  source: string;
}

const CELL = /^define\(\{id: "([^"]+)", (mode: "inline", )?[^\n]*?body: [^\n]*=> \{\n([\s\S]*?)\n\}\}\);$/gm;

/** The cells a built page defines, in order, from its module script. */
export function builtCells(html: string): BuiltCell[] {
  return [...html.matchAll(CELL)].map(([, id, inline, body]) => ({
    id,
    inline: Boolean(inline),
    // An inline cell's body is `display(await(\n<expression>\n))`.
    source: inline ? body.replace(/^display\(await\(\n/, "").replace(/\n\)\)$/, "") : body
  }));
}

/** The served path of the council JSON the page registers, relative to the page. */
export function registeredJson(html: string): string | undefined {
  return /registerFile\("[^"]*council-pages\/[^"]+\.json", \{[^}]*?"path":"([^"]+)"/.exec(html)?.[1];
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escapeAttribute = (text: string) => escapeHtml(text).replace(/"/g, "&quot;");

export interface FirstPaint {
  /** Block cells, by slot name: the HTML to show and the slot's rules. */
  slots: Record<string, {html: string; slot: Pick<FirstPaintSlot, "byGroup" | "control">}>;
  /** Inline expressions by source text: the text to show. */
  text: Record<string, string>;
  defaultGroup: string;
}

/**
 * The page with its first paint written in. Block cells marked `// first paint: <slot>` get the
 * slot's HTML as their placeholder; inline cells whose expression is known get its text in the
 * placeholder Framework already wrote. Throws, naming the cell, where the page does not fit.
 */
export function writeFirstPaint(html: string, page: string, paint: FirstPaint): string {
  if (html.includes('class="first-paint"')) throw new Error(`${page}: already has its first paint written (run the build again for a fresh page)`);
  let out = html;
  let lastBlock = -1;
  let blocks = 0;
  for (const cell of builtCells(html)) {
    const root = `<!--:${cell.id}:-->`;
    if (cell.inline) {
      const text = paint.text[cell.source.trim()];
      if (text === undefined) continue;
      const placeholder = `<observablehq-loading></observablehq-loading>${root}`;
      if (!out.includes(placeholder)) throw new Error(`${page}: inline cell ${cell.id} (${cell.source.trim()}) has no loading placeholder before its root`);
      out = out.replace(placeholder, `<observablehq-loading class="first-paint">${escapeHtml(text)}</observablehq-loading>${root}`);
      continue;
    }
    const name = /^\/\/ first paint: ([\w-]+)$/m.exec(cell.source)?.[1];
    if (!name) continue;
    const slot = paint.slots[name];
    if (!slot) throw new Error(`${page}: cell ${cell.id} asks for first paint '${name}', which scripts/first-paint.ts FIRST_PAINT_SLOTS does not draw (it draws ${Object.keys(paint.slots).join(", ")})`);
    const emptyRoot = `<div class="observablehq observablehq--block">${root}</div>`;
    const at = out.indexOf(emptyRoot);
    if (at < 0) throw new Error(`${page}: cell ${cell.id} (first paint '${name}') has no empty block root ${emptyRoot}`);
    const attributes = `class="first-paint" data-slot="${escapeAttribute(name)}"${slot.slot.byGroup ? " data-by-group" : ""}${slot.slot.control ? " inert" : ""}`;
    const filled = `<div class="observablehq observablehq--block"><observablehq-loading ${attributes}>${slot.html}</observablehq-loading>${root}</div>`;
    out = out.slice(0, at) + filled + out.slice(at + emptyRoot.length);
    lastBlock = at + filled.length;
    blocks++;
  }
  if (blocks === 0) return out;
  // Runs as the parser reaches it, before the first paint: a page opened for another group drops
  // the default group's. (A column too narrow for the full-width chart hides it by a media query
  // in style.css, since measuring the column here would lay out the half-parsed page.)
  const guard = `<script>(() => {` +
    `const group = new URLSearchParams(location.search).get("group");` +
    `if (group && group !== ${JSON.stringify(paint.defaultGroup)}) document.querySelectorAll("observablehq-loading.first-paint[data-by-group]").forEach((node) => node.remove());` +
    `})()</script>`;
  return out.slice(0, lastBlock) + guard + out.slice(lastBlock);
}

/** jsdom's window as the components' globals (they build with `document`, Plot with `window`). */
async function domGlobals(): Promise<void> {
  const {JSDOM} = await import("jsdom");
  const {window} = new JSDOM("<!DOCTYPE html><html><body></body></html>");
  const globals = globalThis as Record<string, unknown>;
  for (const name of ["window", "document", "Node", "Element", "HTMLElement", "SVGElement", "DocumentFragment", "Option", "navigator"]) {
    globals[name] = name === "window" ? window : (window as unknown as Record<string, unknown>)[name];
  }
  // A CSV link's Blob URL does nothing in a static page; the live cell writes its own.
  URL.createObjectURL = () => "";
}

/** Resolve the components' Framework-style `npm:` imports to the installed packages. */
function npmSpecifiers(): void {
  const hook = `export async function resolve(specifier, context, next) { return next(specifier.startsWith("npm:") ? specifier.slice(4) : specifier, context); }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Each council JSON's first paint, by the SHA-256 of the JSON's bytes. */
export type FirstPaints = Record<string, FirstPaint>;

let loaded: Promise<Components> | undefined;

/** Draw the first paint of each council JSON under jsdom with the page's own components. */
export async function drawFirstPaints(jsons: readonly Uint8Array[]): Promise<FirstPaints> {
  loaded ??= (async () => {
    npmSpecifiers();
    await domGlobals();
    return {...(await import("../src/components/council-page.ts")), ...(await import("../src/lib/format.ts"))};
  })();
  const components = await loaded;
  const outer = (node: Node) => (node.nodeType === 11 ? [...node.childNodes] : [node]).map((child) => (child as Element).outerHTML ?? escapeHtml(child.textContent ?? "")).join("");
  const paints: FirstPaints = {};
  for (const bytes of jsons) {
    const data = JSON.parse(new TextDecoder().decode(bytes)) as CouncilPageData;
    paints[sha(bytes)] = {
      slots: Object.fromEntries(Object.entries(FIRST_PAINT_SLOTS).map(([name, slot]) => [name, {html: outer(slot.render(data, components)), slot: {byGroup: slot.byGroup, control: slot.control}}])),
      text: Object.fromEntries(Object.entries(FIRST_PAINT_TEXT).map(([source, text]) => [source, text(data, components)])),
      defaultGroup: data.default_group
    };
  }
  return paints;
}

/** Where the first paints of the site data in `siteDir` are kept: keyed by what draws them too. */
export function firstPaintFile(siteDir = siteCacheDir()): string {
  return path.join(siteDir, `first-paint-${keyOf(firstPaintInputs())}.json`);
}

/**
 * The first paints of the site data in `siteDir`, drawn from `jsons()` unless kept already or
 * being drawn by another process (the build's background data process draws them once the data
 * is built, on the core Framework leaves idle; the postbuild then only writes them in).
 */
export async function firstPaintsOf(siteDir: string, jsons: () => Uint8Array[]): Promise<{paints: FirstPaints; drawn: boolean}> {
  const file = firstPaintFile(siteDir);
  let drawn = false;
  mkdirSync(LOCK_DIR, {recursive: true});
  await buildOnce(path.join(LOCK_DIR, `first-paint-${path.basename(siteDir)}.lock`), () => existsSync(file), async () => {
    const paints = await drawFirstPaints(jsons());
    writeFileSync(`${file}.tmp`, JSON.stringify(paints));
    renameSync(`${file}.tmp`, file);
    drawn = true;
  });
  return {paints: JSON.parse(readFileSync(file, "utf8")) as FirstPaints, drawn};
}

/** The council JSONs in the site data's council-pages.tar (overview.json and about.json left out). */
export function councilJsons(siteDir: string): Uint8Array[] {
  return tarEntries(readFileSync(path.join(siteDir, "council-pages.tar"))).filter((entry) => /^E\d{8}\.json$/.test(entry.name)).map((entry) => entry.content);
}

/** Write the first paint into every built council page: kept ones where they match, drawn here where not. */
export async function firstPaintDist(dist: string, siteDir = siteCacheDir()): Promise<{pages: number; drawn: number; ms: number}> {
  const start = performance.now();
  const dir = path.join(dist, "council");
  if (!existsSync(dir)) return {pages: 0, drawn: 0, ms: performance.now() - start}; // a site without council pages
  const pages = readdirSync(dir).filter((file) => file.endsWith(".html")).map((file) => {
    const page = path.join(dir, file);
    const html = readFileSync(page, "utf8");
    const json = registeredJson(html);
    if (!json) throw new Error(`${page}: registers no council-pages JSON`);
    return {page, html, json: new Uint8Array(readFileSync(path.resolve(dir, json)))};
  });
  const cached = existsSync(path.join(siteDir, "complete")) ? await firstPaintsOf(siteDir, () => councilJsons(siteDir)) : {paints: {}, drawn: false};
  const missing = pages.filter((p) => !cached.paints[sha(p.json)]);
  const drawn = missing.length ? await drawFirstPaints(missing.map((p) => p.json)) : {};
  for (const {page, html, json} of pages) writeFileSync(page, writeFirstPaint(html, page, cached.paints[sha(json)] ?? drawn[sha(json)]));
  return {pages: pages.length, drawn: cached.drawn ? pages.length : missing.length, ms: performance.now() - start};
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dist = path.resolve(process.argv[2] ?? "dist");
  try {
    const {pages, drawn, ms} = await firstPaintDist(dist);
    console.log(`first paint: wrote the first screen into ${pages} council pages in ${(ms / 1000).toFixed(1)} s (${drawn ? `${drawn} drawn now` : "drawn before, by the background data build or an earlier build"})`);
  } catch (error) {
    console.error(`first paint: ${(error as Error).message}`);
    process.exit(1);
  }
}
