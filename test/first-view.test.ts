/**
 * The explorers' first view without DuckDB (src/lib/first-view.ts, written by loaders/first-view.ts)
 * answers what comparatorSql answers on DuckDB-Wasm: every group, every breakdown of every
 * family's first view of the real snapshot, row for row and in order; and it is the view the page
 * opens on (the family's default indicator, its latest period).
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {firstView} from "../loaders/first-view.ts";
import {buildOptions} from "../loaders/site-data.ts";
import {loadSnapshot, type Snapshot} from "../loaders/snapshot.ts";
import {familyIndicators} from "../src/components/explorer-page.ts";
import {comparatorResult, comparatorSql, type Selection} from "../src/lib/comparator.ts";
import {comparatorRows, firstViewCovers, type FirstView} from "../src/lib/first-view.ts";
import {FAMILIES} from "../src/lib/domain/families.ts";
import type {GroupInfo} from "../src/lib/domain/types.ts";
import {openDuckDB, type NodeDuckDB} from "./support/duckdb-node.ts";

const BATCH = 60;
let snapshot: Snapshot;
let options: ReturnType<typeof buildOptions>;
let db: NodeDuckDB;
const views = new Map<string, FirstView>();

beforeAll(async () => {
  snapshot = await loadSnapshot();
  options = buildOptions(snapshot);
  for (const family of FAMILIES) {
    const view = firstView(snapshot, family.family);
    if (view) views.set(family.family, view);
  }
  const ids = new Set([...views.values()].map((v) => v.indicator_id));
  db = await openDuckDB({facts: snapshot.facts.filter((f) => ids.has(f.indicator_id)), areas: snapshot.areas, groups: snapshot.groups});
}, 300_000);

afterAll(async () => {
  await db?.close();
});

/** Equal, numbers to 1e-9 of their size (DuckDB's avg sums in its own order). */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

describe("first-view files", () => {
  it("hold each family's default indicator in its latest period, every breakdown, and the names of every grouped area", () => {
    expect([...views.keys()].sort()).toEqual(["cqc", "reablement", "safeguarding", "workforce"]);
    for (const [family, view] of views) {
      const indicator = familyIndicators(options, family as never).map((id) => options.indicators.find((i) => i.indicator_id === id)!).find((i) => i.periods.length)!;
      expect(view.indicator_id, family).toBe(indicator.indicator_id);
      expect(view.period, family).toBe(indicator.periods.at(-1));
      expect([...new Set(view.facts.breakdown)].sort(), family).toEqual([...indicator.breakdowns[view.period]].sort());
      const expectedFacts = snapshot.facts.filter((f) => f.indicator_id === view.indicator_id && f.period === view.period);
      expect(view.facts.area_code.length, family).toBe(expectedFacts.length);
      for (const group of options.groups) for (const code of group.members) expect(view.areas[code], `${family}: ${code}`).toBeDefined();
      // Small: a fraction of the family's facts file.
      expect(JSON.stringify(view).length, family).toBeLessThan(120_000);
    }
  });

  it("agree with comparatorSql on DuckDB-Wasm for every group and breakdown of every family's first view", async () => {
    const mismatches: string[] = [];
    let compared = 0;
    for (const [family, view] of views) {
      const indicator = options.indicators.find((i) => i.indicator_id === view.indicator_id)!;
      const selections: {selection: Selection; group: GroupInfo; region: string | null}[] = [];
      for (const breakdown of new Set(view.facts.breakdown)) {
        for (const group of options.groups) {
          const focal = group.focal_code ?? group.members[0];
          const region = snapshot.areas.find((a) => a.code === focal)?.region_code ?? null;
          selections.push({selection: {focal, group: group.group_id, indicator: view.indicator_id, period: view.period, breakdown}, group, region});
        }
      }
      for (let start = 0; start < selections.length; start += BATCH) {
        const batch = selections.slice(start, start + BATCH);
        const sql = batch.map((s, i) => `SELECT ${i} AS batch_index, * FROM (${comparatorSql(s.selection, indicator.polarity, s.region)})`).join("\nUNION ALL\n");
        const rows = await db.query(sql);
        batch.forEach(({selection, group, region}, i) => {
          const fromSql = rows.filter((r) => r.batch_index === i).map(({batch_index, ...rest}) => rest);
          const fromFile = comparatorRows(view, selection, indicator.polarity, group, region);
          const where = `${family} ${selection.group} ${selection.breakdown}`;
          if (fromSql.length !== fromFile.length) mismatches.push(`${where}: ${fromFile.length} rows (file) vs ${fromSql.length} (SQL)`);
          fromSql.forEach((row, r) => {
            for (const [key, value] of Object.entries(row)) {
              const mine = (fromFile[r] as unknown as Record<string, unknown>)?.[key];
              if (!same(mine, value)) mismatches.push(`${where} row ${r} ${key}: ${mine} (file) vs ${value} (SQL)`);
            }
          });
          // And read alike: the sentence, verdicts and intervals the ranked bar draws.
          const a = comparatorResult(fromFile, selection, indicator, group, "Focal");
          const b = comparatorResult(fromSql, selection, indicator, group, "Focal");
          if (a.sentence !== b.sentence) mismatches.push(`${where}: sentence "${a.sentence}" vs "${b.sentence}"`);
          compared++;
        });
      }
    }
    expect(mismatches.slice(0, 20), `${mismatches.length} disagreements`).toEqual([]);
    expect(compared).toBeGreaterThan(4 * options.groups.length);
  }, 180_000);
});

describe("comparatorRows", () => {
  const view: FirstView = {
    indicator_id: "x", period: "2024-25",
    facts: {
      area_code: ["A", "B", "C", "D", "E92000001", "R"], breakdown: ["total", "total", "total", "total", "total", "total"],
      value: [10, 20, 20, null, 15, 12], numerator: [1, 2, 2, null, 3, 4], denominator: [10, 10, 10, null, 20, 30],
      status: ["ok", "ok", "ok", "not_available", "ok", "ok"]
    },
    areas: {A: ["Alpha", "Alpha"], B: ["Beta", "Beta"], C: ["Gamma", "Gamma"], D: ["Delta", "Delta"], M: ["Mu", "Mu"]}
  };
  const selection: Selection = {focal: "A", group: "g", indicator: "x", period: "2024-25", breakdown: "total"};

  it("ranks ties alike, puts members without a value last by name, marks missing facts and drops unknown areas", () => {
    const rows = comparatorRows(view, selection, "high_is_good", {members: ["A", "B", "C", "D", "M", "Z"]}, "R");
    expect(rows.map((r) => [r.area_code, r.rank, r.status])).toEqual([["B", 1, "ok"], ["C", 1, "ok"], ["A", 3, "ok"], ["D", null, "not_available"], ["M", null, "missing"]]);
    expect(rows[0]).toMatchObject({members: 5, with_value: 3, median: 20, q1: 15, q3: 20, min: 10, max: 20, england: 15, england_numerator: 3, england_denominator: 20, region: 12});
    expect(rows.find((r) => r.is_focal)?.area_code).toBe("A");
    expect(comparatorRows(view, selection, "low_is_good", {members: ["A", "B", "C"]}, null).map((r) => r.rank)).toEqual([1, 2, 2]);
  });

  it("covers only its own indicator and period", () => {
    expect(firstViewCovers(view, selection)).toBe(true);
    expect(firstViewCovers(view, {...selection, period: "2023-24"})).toBe(false);
    expect(firstViewCovers(view, {...selection, indicator: "y"})).toBe(false);
    expect(firstViewCovers(null, selection)).toBe(false);
  });
});
