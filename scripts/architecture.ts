/**
 * What really imports what: the import graph of src/, loaders/ and scripts/, read statically from
 * the source text, and the layer table the README's architecture section shows.
 *
 *   npm run architecture          print the layer table (markdown)
 *
 * The graph is read with regular expressions, not the compiler, so it is quick and sees what a
 * reader sees: `import ... from "x"`, `export ... from "x"`, `import "x"` and `import("x")`, type-only
 * imports included (a type import is still a dependency a reader must follow). Relative paths are
 * resolved, `.js` to `.ts` as the Framework pages and TypeScript write them; a leading `/` in a page
 * is the site root, src/. Packages (`npm:d3`, `@e965/xlsx`, `node:fs`) are not modules of the tree.
 * Framework pages (src/**\/*.md) are read the same way, for the imports in their code blocks.
 *
 * test/architecture.test.ts checks the graph (no import circle, no module over 500 lines, loaders/
 * and src/lib/ never import src/components/) and that the README shows the current table.
 */
import {existsSync, readdirSync, readFileSync, statSync} from "node:fs";
import path from "node:path";
import {pathToFileURL} from "node:url";

export const ROOT = path.join(import.meta.dirname, "..");
/** The folders whose modules make the graph. */
const GRAPH_DIRS = ["src", "loaders", "scripts"];
/** Folders never read: build output and caches inside src/. */
const SKIPPED = new Set(["node_modules", ".observablehq", "dist"]);

/** One module of the tree and the modules it imports (paths relative to the root, with `/`). */
export interface Module {
  file: string;
  imports: string[];
  /** Relative imports that name no file of the tree. */
  unresolved: string[];
}

/** Every file under `dir` (relative to `root`) whose name matches, sorted, build output and caches left out. */
export function listFiles(root: string, dir: string, pattern: RegExp): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    const absolute = path.join(root, relative);
    if (!existsSync(absolute)) return;
    for (const name of readdirSync(absolute).sort()) {
      if (SKIPPED.has(name)) continue;
      const child = `${relative}/${name}`;
      if (statSync(path.join(root, child)).isDirectory()) walk(child);
      else if (pattern.test(name)) found.push(child);
    }
  };
  walk(dir);
  return found;
}

/**
 * The specifiers a module's text imports, in order: static imports and re-exports (one statement
 * may span lines), side-effect imports and dynamic `import("x")` with a literal string.
 */
export function importSpecifiers(text: string): string[] {
  const patterns = [
    /^[ \t]*(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"']+)["']/gm,
    /^[ \t]*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g
  ];
  const found: {at: number; specifier: string}[] = [];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) found.push({at: match.index, specifier: match[1]});
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.specifier);
}

/**
 * The file of the tree a specifier names, from the importing file; null for a package, undefined
 * for a relative path that names no file. `x.js` is `x.ts` when only that exists (TypeScript's and
 * Framework's convention); a bare `x` is tried as `x.ts` and `x/index.ts`.
 */
export function resolveSpecifier(root: string, from: string, specifier: string): string | null | undefined {
  let base: string;
  if (specifier.startsWith("./") || specifier.startsWith("../")) base = path.posix.join(path.posix.dirname(from), specifier);
  else if (specifier.startsWith("/") && from.startsWith("src/")) base = path.posix.join("src", specifier);
  else return null;
  const candidates = [base, ...(base.endsWith(".js") ? [base.replace(/\.js$/, ".ts")] : []), `${base}.ts`, `${base}/index.ts`];
  return candidates.find((candidate) => existsSync(path.join(root, candidate)) && statSync(path.join(root, candidate)).isFile());
}

/** The graph: every .ts module of GRAPH_DIRS and every page of src/, with what each imports. */
export function readGraph(root = ROOT): Module[] {
  const files = [
    ...GRAPH_DIRS.flatMap((dir) => listFiles(root, dir, /\.ts$/)),
    ...listFiles(root, "src", /\.md$/)
  ].sort();
  return files.map((file) => {
    const imports: string[] = [];
    const unresolved: string[] = [];
    for (const specifier of importSpecifiers(readFileSync(path.join(root, file), "utf8"))) {
      const target = resolveSpecifier(root, file, specifier);
      if (target === undefined) unresolved.push(specifier);
      else if (target !== null && !imports.includes(target)) imports.push(target);
    }
    return {file, imports, unresolved};
  });
}

/**
 * Every import circle, one per strongly connected set of modules (Tarjan), each as a path that
 * starts and ends at the same module: `a.ts -> b.ts -> a.ts`.
 */
export function findCycles(modules: readonly Module[]): string[][] {
  const edges = new Map(modules.map((m) => [m.file, m.imports]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const connect = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file) ?? []) {
      if (!edges.has(target)) continue;
      if (!index.has(target)) {
        connect(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || edges.get(file)!.includes(file)) components.push(component);
  };
  for (const file of edges.keys()) if (!index.has(file)) connect(file);
  return components.map((component) => cycleThrough(component.sort(), edges));
}

/** A shortest circle from the first module of a strongly connected set back to itself, within the set. */
function cycleThrough(component: string[], edges: Map<string, string[]>): string[] {
  const members = new Set(component);
  const start = component[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const target of edges.get(queue[i]) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const between: string[] = [];
        for (let at = queue[i]; at !== start; at = cameFrom.get(at)!) between.unshift(at);
        return [start, ...between, start];
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, queue[i]);
        queue.push(target);
      }
    }
  }
  throw new Error(`${start} is in no circle of its strongly connected set`);
}

/** Lines of a text as an editor numbers them (a final line break ends the last line, it starts none). */
export function lineCount(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

/**
 * The layer of a module: the folders the README's architecture section names. Pages are every
 * Markdown file of src/; the families are one layer each.
 */
export function layerOf(file: string): string {
  if (file.startsWith("src/") && file.endsWith(".md")) return "src pages (*.md)";
  const family = /^loaders\/families\/([^/]+)\//.exec(file);
  if (family) return `loaders/families/${family[1]}`;
  for (const prefix of ["loaders/read", "loaders/families", "src/lib/domain", "src/lib", "src/components", "src/data", "src/notebooks"]) {
    if (file.startsWith(`${prefix}/`)) return prefix;
  }
  const top = file.split("/")[0];
  return `${top}/`;
}

/** Layers in reading order, from what the reader sees down to the leaves; layers not listed follow, sorted. */
const LAYER_ORDER = [
  "src pages (*.md)", "src/notebooks", "src/data", "src/components", "src/lib", "src/lib/domain", "src/",
  "scripts/", "loaders/", "loaders/families"
];

function layerRank(layer: string): number {
  const at = LAYER_ORDER.indexOf(layer);
  if (at >= 0) return at;
  return layer === "loaders/read" ? LAYER_ORDER.length + 1 : LAYER_ORDER.length;
}

/** Which layers each layer imports (imports within a layer left out), in reading order. */
function layerGraph(modules: readonly Module[]): Map<string, string[]> {
  const graph = new Map<string, Set<string>>();
  for (const module of modules) {
    const from = layerOf(module.file);
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const target of module.imports) if (layerOf(target) !== from) targets.add(layerOf(target));
  }
  const order = (a: string, b: string) => layerRank(a) - layerRank(b) || a.localeCompare(b);
  return new Map([...graph.keys()].sort(order).map((layer) => [layer, [...graph.get(layer)!].sort(order)]));
}

/**
 * The README's table: each layer and the layers it imports. No module counts: the table should
 * change when what imports what changes, not whenever a module is added.
 */
export function layerTable(modules: readonly Module[]): string {
  const code = (layer: string) => `\`${layer}\``;
  const rows = [...layerGraph(modules)].map(([layer, targets]) => `| ${code(layer)} | ${targets.map(code).join(", ") || "nothing in the tree"} |`);
  return ["| layer | imports |", "|---|---|", ...rows].join("\n");
}

/** The markers around the table in README.md. */
const README_MARKERS = {begin: "<!-- architecture:begin -->", end: "<!-- architecture:end -->"};

/** The table as the README holds it between its markers, or undefined when the markers are missing. */
export function readmeTable(readme: string): string | undefined {
  const begin = readme.indexOf(README_MARKERS.begin);
  const end = readme.indexOf(README_MARKERS.end);
  if (begin < 0 || end < begin) return undefined;
  return readme.slice(begin + README_MARKERS.begin.length, end).trim();
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.stdout.write(`${README_MARKERS.begin}\n${layerTable(readGraph())}\n${README_MARKERS.end}\n`);
}
