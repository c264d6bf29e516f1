/**
 * A notebook may register one family's facts (`facts: ../data/site/facts-<family>.arrow` in its sql front
 * matter) instead of the whole facts table, so its page downloads a few MB instead of 19 MB before
 * its first chart. This checks that such a notebook needs no other family: every indicator it names
 * (quoted ids, and LIKE patterns over indicator_id) is in that family, and every ```sql``` cell
 * returns the same rows on the family's facts (loaders/site-data.ts familyFacts, what the
 * facts-<family>.arrow loader writes) as on the whole table, on DuckDB-Wasm 1.29.0.
 */
import {readFileSync, readdirSync} from "node:fs";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {loadSnapshot, type Snapshot} from "../loaders/snapshot.ts";
import {familyFacts} from "../loaders/site-data.ts";
import {NOTEBOOKS_DIR, readFrontMatter} from "../loaders/notebook-index.ts";
import {openDuckDB, type NodeDuckDB} from "./support/duckdb-node.ts";

interface FamilyNotebook {
  file: string;
  family: string;
  text: string;
}

const notebooks: FamilyNotebook[] = readdirSync(NOTEBOOKS_DIR)
  .filter((file) => file.endsWith(".md") && file !== "index.md")
  .sort()
  .flatMap((file) => {
    const text = readFileSync(path.join(NOTEBOOKS_DIR, file), "utf-8");
    const target = String((readFrontMatter(text, file).sql as Record<string, string> | undefined)?.facts ?? "");
    const family = /^\.\.\/data\/site\/facts-([a-z]+)\.arrow$/.exec(target)?.[1];
    return family ? [{file, family, text}] : [];
  });

/** The ```sql``` cells of a notebook, by id (or position). */
function sqlCells(text: string): [string, string][] {
  return [...text.matchAll(/^```sql([^\n]*)\n([\s\S]*?)^```/gm)].map((match, i) => [/\bid=([\w$]+)/.exec(match[1])?.[1] ?? `cell ${i + 1}`, match[2]]);
}

/** Quoted strings in the page (SQL literals and JS strings). */
function quoted(text: string): string[] {
  return [...text.matchAll(/'([^'\n]{3,80})'|"([^"\n]{3,80})"/g)].map((m) => m[1] ?? m[2]);
}

const likeToRegExp = (pattern: string) => new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*").replace(/_/g, ".")}$`);

describe("notebooks on one family's facts", () => {
  let snapshot: Snapshot;
  let whole: NodeDuckDB;
  const byFamily = new Map<string, NodeDuckDB>();

  beforeAll(async () => {
    snapshot = await loadSnapshot();
    const others = {areas: snapshot.areas, groups: snapshot.groups, indicators: snapshot.indicators, cqc_assessments: snapshot.cqc_assessments, cqc_locations: snapshot.cqc_locations, snapshot: snapshot.snapshot};
    whole = await openDuckDB({facts: snapshot.facts, ...others});
    for (const family of new Set(notebooks.map((n) => n.family))) {
      byFamily.set(family, await openDuckDB({facts: familyFacts(snapshot.facts, snapshot.indicators, family), ...others}));
    }
  }, 300_000);
  afterAll(async () => {
    await whole?.close();
    for (const db of byFamily.values()) await db.close();
  });

  it("the three worked notebooks each read one family's file", () => {
    expect(Object.fromEntries(notebooks.map((n) => [n.file, n.family]))).toEqual({
      "medway-kent-safeguarding.md": "safeguarding",
      "ot-workforce-stability.md": "workforce",
      "reablement-gap.md": "reablement"
    });
  });

  it.each(notebooks)("$file names only indicators of its family ($family)", ({text, family}) => {
    const families = new Map(snapshot.indicators.map((i) => [i.indicator_id, i.family]));
    const named = new Set<string>();
    for (const value of quoted(text)) {
      if (families.has(value)) named.add(value);
      else if (value.includes("%")) for (const id of families.keys()) if (likeToRegExp(value).test(id)) named.add(id);
    }
    expect(named.size).toBeGreaterThan(0);
    const elsewhere = [...named].filter((id) => families.get(id) !== family).map((id) => `${id} (${families.get(id)})`);
    expect(elsewhere).toEqual([]);
  });

  it.each(notebooks)("$file: every sql cell gives the same rows on its family's facts ($family) as on the whole facts table", async ({text, family}) => {
    const cells = sqlCells(text);
    expect(cells.length).toBeGreaterThan(0);
    for (const [id, sql] of cells) {
      const expected = await whole.query(sql);
      expect(expected.length, `${id} returns rows`).toBeGreaterThan(0);
      expect(await byFamily.get(family)!.query(sql), id).toEqual(expected);
    }
  }, 120_000);
});
