/**
 * The notebook kit (src/notebooks/kit.ts): its table list is the model's own, so every table and
 * column it lists is in the Arrow file the site serves, in order, with the type and nullability the
 * pages' SQL sees; the README's guide and the template say the same; it is a façade above the
 * site's layers (it re-exports every component; src/lib never imports src/components); and its
 * small analysis helper is right.
 */
import {readFileSync, readdirSync} from "node:fs";
import path from "node:path";
import {DataType, tableFromIPC, type Field} from "apache-arrow";
import {describe, expect, it} from "vitest";
import {tableBytes} from "../loaders/site-data.ts";
import {loadSnapshot} from "../loaders/snapshot.ts";
import {TEMPLATE_PATH} from "../scripts/notebook.ts";
import {SITE_FILES} from "../loaders/site-outputs.ts";
import {TABLES, minimumDenominatorForSignificance, sqlFrontMatter, tables, wilsonInterval} from "../src/notebooks/kit.ts";

const PROJECT = path.resolve(import.meta.dirname, "..");
const SRC = path.join(PROJECT, "src");

/** How the pages' SQL sees an Arrow field: a dictionary of strings reads as VARCHAR, like utf8. */
function sqlColumn(field: Field): string {
  const type = DataType.isDictionary(field.type) ? field.type.dictionary : field.type;
  return `${field.name} ${String(type).toLowerCase()}${field.nullable ? " null" : ""}`;
}

/** Every .ts file under a folder, recursively. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true, recursive: true})
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The module specifiers a file imports or re-exports. */
function importsOf(file: string): string[] {
  return [...readFileSync(file, "utf-8").matchAll(/\bfrom\s+["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]);
}

describe("the kit's canonical tables", () => {
  it.each(TABLES.map((t) => t.name))("%s: the kit lists the columns of the Arrow file the site serves, in order, with SQL type and nullability", async (name) => {
    const served = tableFromIPC(tableBytes(await loadSnapshot(), name));
    const listed = TABLES.find((t) => t.name === name)!.columns.map((c) => `${c.name} ${c.type}${c.nullable ? " null" : ""}`);
    expect(listed).toEqual(served.schema.fields.map(sqlColumn));
  }, 300_000);

  it("are exactly the tables the site serves (data/site/<table>.arrow; facts-<family>.arrow are slices of facts)", () => {
    const served = Object.keys(SITE_FILES).filter((f) => f.endsWith(".arrow") && !f.startsWith("facts-")).map((f) => f.replace(/\.arrow$/, ""));
    expect(TABLES.map((t) => t.name).sort()).toEqual(served.sort());
  });

  it("tables() gives one described row per column, for Inputs.table", () => {
    const rows = tables();
    expect(rows.length).toBe(TABLES.reduce((n, t) => n + t.columns.length, 0));
    expect(new Set(rows.map((r) => `${r.table}.${r.column}`)).size).toBe(rows.length);
    for (const row of rows) expect(row.description.length, `${row.table}.${row.column}`).toBeGreaterThan(3);
  });

  it("are documented in the README's notebook guide: every table and column", () => {
    const guide = readFileSync(path.join(PROJECT, "README.md"), "utf-8");
    for (const table of TABLES) {
      expect(guide, table.name).toContain(`| \`${table.name}\` |`);
      for (const column of table.columns) {
        if (/^qs\d$/.test(column.name)) expect(guide).toContain("`qs1` … `qs9`");
        else expect(guide, `${table.name}.${column.name}`).toContain(`\`${column.name}\``);
      }
    }
  });

  it("are all registered by the template's sql front matter", () => {
    expect(readFileSync(TEMPLATE_PATH, "utf-8")).toContain(sqlFrontMatter());
  });
});

describe("the kit is a façade above the site's layers", () => {
  it("re-exports every module in src/components", () => {
    const kit = importsOf(path.join(SRC, "notebooks", "kit.ts"));
    const components = readdirSync(path.join(SRC, "components")).filter((f) => f.endsWith(".ts")).map((f) => `../components/${f.replace(/\.ts$/, ".js")}`);
    expect(components.filter((name) => !kit.includes(name)), "add these to src/notebooks/kit.ts so notebook authors can use them").toEqual([]);
  });

  it("nothing in src/lib imports src/components, and nothing outside the notebooks imports the kit", () => {
    const upward = tsFiles(path.join(SRC, "lib")).flatMap((file) => importsOf(file).filter((s) => /(^|\/)components\//.test(s)).map((s) => `${path.relative(PROJECT, file)}: ${s}`));
    expect(upward).toEqual([]);
    const below = [...tsFiles(path.join(SRC, "lib")), ...tsFiles(path.join(SRC, "components")), ...tsFiles(path.join(PROJECT, "loaders"))];
    expect(below.filter((file) => importsOf(file).some((s) => /notebooks\/kit(\.[jt]s)?$/.test(s))).map((f) => path.relative(PROJECT, f))).toEqual([]);
  });
});

it("finds the smallest cohort at which a proportion differs from a benchmark", () => {
  const n = minimumDenominatorForSignificance(0.72, 0.837, 0.998)!;
  const at = (m: number) => wilsonInterval(Math.round(0.72 * m), m, 0.998).upper;
  expect(at(n)).toBeLessThan(0.837);
  expect(at(n - 1)).toBeGreaterThanOrEqual(0.837);
  expect(minimumDenominatorForSignificance(0.5, 0.5)).toBeNull();
});
