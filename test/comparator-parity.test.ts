/**
 * One comparator engine: the leadership pages' ranks, spreads and judgements (computed in
 * JavaScript at build time, loaders/council-pages/comparison.ts) agree with the explorers' SQL
 * (src/lib/comparator.ts comparatorSql, run here on DuckDB-Wasm 1.29.0 as in the browser) for
 * every council, every one of its comparator groups and every headline indicator of the default
 * snapshot.
 *
 * The SQL runs once per group and indicator (a group's ranks and spread do not depend on which
 * member is focal), many selections batched into one query, and each batch's rows are read by
 * comparatorResult exactly as the explorers read one selection. CQC's overall score is per area
 * (each council's own latest assessment, and no England benchmark): its SQL runs over a table of
 * those latest values, one period "latest" with no England row.
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {FactRow} from "../loaders/model.ts";
import {loadSnapshot, readManifest, type Snapshot} from "../loaders/snapshot.ts";
import {buildCouncilPages, HEADLINE_INDICATORS, snapshotContext, type CouncilPagesOutput, type SnapshotContext} from "../loaders/council-pages/index.ts";
import {judge} from "../loaders/council-pages/comparison.ts";
import {round} from "../loaders/council-pages/context.ts";
import {comparatorResult, comparatorSql, sqlIdentifier, sqlString, type ComparatorResult, type IndicatorInfo, type Selection} from "../src/lib/comparator.ts";
import {ENGLAND_CODE} from "../src/lib/domain/areas.ts";
import type {GroupInfo} from "../src/lib/domain/types.ts";
import {openDuckDB, type NodeDuckDB} from "./support/duckdb-node.ts";

/** Selections per query: a few dozen groups' comparator queries as one UNION ALL (DuckDB-Wasm runs out of memory at about a hundred). */
const BATCH = 60;
const PER_AREA_PERIOD = "latest";

let snapshot: Snapshot;
let context: SnapshotContext;
let pages: CouncilPagesOutput;
let db: NodeDuckDB;

/** The facts the SQL runs on: each common-period headline indicator's total facts, and each area's latest CQC score. */
function parityFacts(): FactRow[] {
  const facts: FactRow[] = [];
  for (const h of HEADLINE_INDICATORS) {
    if (h.latest === "per_area") {
      for (const [area, {latest}] of context.perArea.get(h.indicator_id) ?? []) {
        if (latest && area !== ENGLAND_CODE) facts.push({...latest, period: PER_AREA_PERIOD});
      }
    } else {
      for (const byArea of context.index.get(h.indicator_id)?.values() ?? []) facts.push(...byArea.values());
    }
  }
  return facts;
}

function groupInfos(): GroupInfo[] {
  const groups = new Map<string, GroupInfo>();
  for (const row of snapshot.groups) {
    let group = groups.get(row.group_id);
    if (!group) groups.set(row.group_id, (group = {group_id: row.group_id, kind: row.kind, label: row.label, focal_code: row.focal_code, vintage: row.vintage, provenance: row.provenance, sample: row.sample, members: []}));
    group.members.push(row.member_code);
  }
  return [...groups.values()];
}

/** comparatorSql for every group of one indicator, batched; each result keyed by group id. */
async function sqlResults(indicator: IndicatorInfo, period: string, groups: readonly GroupInfo[]): Promise<Map<string, ComparatorResult>> {
  const table = sqlIdentifier(`parity ${indicator.indicator_id}`);
  await db.query(`CREATE TABLE IF NOT EXISTS ${table} AS SELECT * FROM facts WHERE indicator_id = ${sqlString(indicator.indicator_id)}`);
  const results = new Map<string, ComparatorResult>();
  for (let start = 0; start < groups.length; start += BATCH) {
    const batch = groups.slice(start, start + BATCH);
    const selections = batch.map((g): Selection => ({focal: g.focal_code ?? g.members[0], group: g.group_id, indicator: indicator.indicator_id, period, breakdown: "total"}));
    const sql = selections.map((s, i) => `SELECT ${i} AS batch_index, * FROM (${comparatorSql(s, indicator.polarity, null, table)})`).join("\nUNION ALL\n");
    const rows = await db.query(sql);
    batch.forEach((group, i) => {
      const own = rows.filter((r) => r.batch_index === i);
      results.set(group.group_id, comparatorResult(own, selections[i], indicator, group, ""));
    });
  }
  return results;
}

beforeAll(async () => {
  snapshot = await loadSnapshot();
  const options = {manifest: readManifest(), changes: null, explorers: []};
  context = snapshotContext(snapshot, options);
  pages = buildCouncilPages(snapshot, options);
  db = await openDuckDB({facts: parityFacts(), areas: snapshot.areas, groups: snapshot.groups});
}, 300_000);

afterAll(async () => {
  await db?.close();
});

describe("the council pages' comparisons agree with the explorers' SQL", () => {
  it("for every council, every one of its groups and every headline indicator: rank, group size, spread and judgement", async () => {
    const groups = groupInfos();
    const mismatches: string[] = [];
    let compared = 0;
    for (const h of HEADLINE_INDICATORS) {
      const info = context.indicators.get(h.indicator_id);
      if (!info) continue;
      const period = h.latest === "per_area" ? PER_AREA_PERIOD : context.periods.get(h.indicator_id)?.at(-1);
      if (!period) continue;
      const results = await sqlResults(info, period, groups);
      for (const [code, page] of pages.councils) {
        const i = page.headlines.findIndex((x) => x.indicator_id === h.indicator_id);
        for (const group of page.groups) {
          const js = page.comparisons[group.group_id][i];
          const sql = results.get(group.group_id)!;
          const member = sql.members.find((m) => m.area_code === code);
          const where = `${page.name}, ${group.group_id}, ${h.indicator_id}`;
          const spread = {ranked: sql.stats.with_value, q1: sql.stats.q1, q3: sql.stats.q3};
          const sqlJudgement = judge(info.polarity, member?.vs_england ?? "not compared", member?.value ?? null, spread);
          // The page's JSON rounds spreads to four decimals.
          const same = (a: number | null, b: number | null) => a === round(b, 4);
          const checks: [string, unknown, unknown, boolean][] = [
            ["rank", js.rank, member?.rank ?? null, js.rank === (member?.rank ?? null)],
            ["members", js.members, sql.stats.members, js.members === sql.stats.members],
            ["ranked", js.ranked, sql.stats.with_value, js.ranked === sql.stats.with_value],
            ["median", js.median, sql.stats.median, same(js.median, sql.stats.median)],
            ["q1", js.q1, sql.stats.q1, same(js.q1, sql.stats.q1)],
            ["q3", js.q3, sql.stats.q3, same(js.q3, sql.stats.q3)],
            ["min", js.min, sql.stats.min, same(js.min, sql.stats.min)],
            ["max", js.max, sql.stats.max, same(js.max, sql.stats.max)],
            ["judgement", `${js.judgement}/${js.judgement_basis}`, `${sqlJudgement.judgement}/${sqlJudgement.basis}`, js.judgement === sqlJudgement.judgement && js.judgement_basis === sqlJudgement.basis]
          ];
          for (const [what, a, b, ok] of checks) if (!ok) mismatches.push(`${where}: ${what} ${a} (pages) vs ${b} (SQL)`);
          compared++;
        }
      }
    }
    expect(mismatches.slice(0, 20), `${mismatches.length} disagreements`).toEqual([]);
    // Nothing skipped: every headline of every council in every one of its groups.
    expect(pages.councils.size).toBe(153);
    expect(compared).toBe([...pages.councils.values()].reduce((n, page) => n + page.groups.length * page.headlines.length, 0));
  }, 120_000);
});
