/**
 * The architecture as it really is (issue 14): the import graph of src/, loaders/ and scripts/,
 * read statically by scripts/architecture.ts, has no import circle; no module is over 500 lines;
 * the loaders and the browser logic never import the components; and the README's architecture
 * section shows the current layer table (`npm run architecture` prints it).
 */
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {
  findCycles, importSpecifiers, layerOf, layerTable, lineCount, listFiles, readGraph, readmeTable, resolveSpecifier, ROOT, type Module
} from "../scripts/architecture.ts";

const MAX_LINES = 500;
const graph = readGraph();

describe("the import graph reader", () => {
  it("finds static, multi-line, type-only, re-exported, side-effect and dynamic imports, and nothing in prose", () => {
    const text = [
      `import {a} from "./a.ts";`,
      `import type {B} from "../b.ts";`,
      `import {\n  c,\n  d\n} from "./c.js";`,
      `export {e} from "./e.ts";`,
      `export * from "./f.ts";`,
      `import "./g.css";`,
      `const h = await import("./h.ts");`,
      ` * a comment that says import x from "./not-this.ts" mid-line`,
      `const s = "export the data from './not-that.ts'";`
    ].join("\n");
    expect(importSpecifiers(text)).toEqual(["./a.ts", "../b.ts", "./c.js", "./e.ts", "./f.ts", "./g.css", "./h.ts"]);
  });

  it("resolves relative paths, .js to .ts, a page's site-root paths, and leaves packages out", () => {
    const root = mkdtempSync(path.join(tmpdir(), "architecture-"));
    mkdirSync(path.join(root, "src/lib"), {recursive: true});
    mkdirSync(path.join(root, "src/components/kit"), {recursive: true});
    for (const file of ["src/lib/format.ts", "src/components/kit/index.ts", "src/components/bar.ts"]) writeFileSync(path.join(root, file), "");
    expect(resolveSpecifier(root, "src/components/bar.ts", "../lib/format.js")).toBe("src/lib/format.ts");
    expect(resolveSpecifier(root, "src/index.md", "./lib/format")).toBe("src/lib/format.ts");
    expect(resolveSpecifier(root, "src/council/[code].md", "/components/bar.js")).toBe("src/components/bar.ts");
    expect(resolveSpecifier(root, "src/index.md", "./components/kit")).toBe("src/components/kit/index.ts");
    expect(resolveSpecifier(root, "src/index.md", "npm:d3")).toBeNull();
    expect(resolveSpecifier(root, "src/lib/format.ts", "node:fs")).toBeNull();
    expect(resolveSpecifier(root, "src/lib/format.ts", "./missing.js")).toBeUndefined();
    expect(listFiles(root, "src", /\.ts$/)).toEqual(["src/components/bar.ts", "src/components/kit/index.ts", "src/lib/format.ts"]);
  });

  it("reports a circle as the path that closes it, one per set of modules that import each other", () => {
    const modules: Module[] = [
      {file: "a.ts", imports: ["b.ts"], unresolved: []},
      {file: "b.ts", imports: ["c.ts", "d.ts"], unresolved: []},
      {file: "c.ts", imports: ["a.ts"], unresolved: []},
      {file: "d.ts", imports: ["e.ts"], unresolved: []},
      {file: "e.ts", imports: ["e.ts"], unresolved: []}
    ];
    expect(findCycles(modules)).toEqual([["e.ts", "e.ts"], ["a.ts", "b.ts", "c.ts", "a.ts"]]);
    expect(findCycles(modules.slice(3, 4))).toEqual([]);
  });

  it("counts lines as an editor numbers them", () => {
    expect([lineCount(""), lineCount("a"), lineCount("a\n"), lineCount("a\nb"), lineCount("a\n\n")]).toEqual([0, 1, 1, 2, 2]);
  });

  it("reads every module of src/, loaders/ and scripts/, and every relative import names a file of the tree", () => {
    for (const layer of ["loaders/", "loaders/read", "src/lib", "src/components", "src/data", "src pages (*.md)", "scripts/"]) {
      expect(graph.some((m) => layerOf(m.file) === layer), layer).toBe(true);
    }
    expect(graph.filter((m) => m.unresolved.length).map((m) => `${m.file}: ${m.unresolved.join(", ")}`)).toEqual([]);
  });
});

describe("the architecture", () => {
  it("has no import circle", () => {
    expect(findCycles(graph).map((cycle) => cycle.join(" -> "))).toEqual([]);
  });

  it(`has no module over ${MAX_LINES} lines in src/, loaders/, scripts/ or test/`, () => {
    const modules = ["src", "loaders", "scripts", "test"].flatMap((dir) => listFiles(ROOT, dir, /\.ts$/));
    expect(modules.length).toBeGreaterThan(100);
    const long = modules.map((file) => ({file, lines: lineCount(readFileSync(path.join(ROOT, file), "utf8"))})).filter((m) => m.lines > MAX_LINES);
    expect(long.map((m) => `${m.file}: ${m.lines} lines`)).toEqual([]);
  });

  it("the loaders import nothing from src/components/", () => {
    expect(importsOfComponents((file) => file.startsWith("loaders/"))).toEqual([]);
  });

  it("the browser logic in src/lib/ imports nothing from src/components/", () => {
    expect(importsOfComponents((file) => file.startsWith("src/lib/"))).toEqual([]);
  });

  it("the README's architecture section shows the current layer table (regenerate it with npm run architecture)", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readmeTable(readme), "README.md has no <!-- architecture:begin --> ... <!-- architecture:end --> markers").toBeDefined();
    expect(readmeTable(readme)).toBe(layerTable(graph));
  });
});

/** Every import of a src/components/ module by a module that `from` selects, as `importer -> imported`. */
function importsOfComponents(from: (file: string) => boolean): string[] {
  return graph.filter((m) => from(m.file)).flatMap((m) => m.imports.filter((target) => target.startsWith("src/components/")).map((target) => `${m.file} -> ${target}`));
}
