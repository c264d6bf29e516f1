import {afterEach, describe, expect, it} from "vitest";
import {mkdtempSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  capFairly, changesForCouncil, compareSnapshots, emptyChangeReport, findNewPeriods, findRevisions, rankWithinGroup,
  readChangeReport, sameValue, writeChangeReport
} from "../loaders/changes.ts";
import type {AreaRow, FactRow, GroupRow, IndicatorRow} from "../loaders/model.ts";
import type {Snapshot} from "../loaders/snapshot.ts";

const TRAFFORD = "E08000009", MANCHESTER = "E08000003", STOCKPORT = "E08000007", WIGAN = "E08000010", BOLTON = "E08000001";

function fact(indicator_id: string, area_code: string, period: string, value: number | null, extra: Partial<FactRow> = {}): FactRow {
  return {indicator_id, area_code, period, breakdown: "total", value, numerator: null, denominator: null, status: value === null ? "suppressed" : "ok", source_id: "test", vintage: period, ...extra};
}

function indicator(indicator_id: string, polarity: IndicatorRow["polarity"], extra: Partial<IndicatorRow> = {}): IndicatorRow {
  return {
    indicator_id, family: "reablement", title: `Title of ${indicator_id}`, short_title: indicator_id, unit: "%", value_type: "proportion", multiplier: 100,
    polarity, definition: "definition", source: "ASCOF", source_url: "https://example.org", codes: "[]", series_breaks: "[]", caveats: "", derived: false, ...extra
  };
}

function area(code: string, name: string, type: AreaRow["type"] = "MD"): AreaRow {
  return {code, name, short_name: name, type, region_code: "E12000002", region_name: "North West", ics_code: null, ics_name: null, cassr_code: null, aliases: ""};
}

const AREAS = [area(TRAFFORD, "Trafford"), area(MANCHESTER, "Manchester"), area(STOCKPORT, "Stockport"), area(WIGAN, "Wigan"), area(BOLTON, "Bolton"),
  area("E12000002", "North West", "region"), area("E92000001", "England", "country")];

function group(group_id: string, kind: GroupRow["kind"], members: string[], focal_code: string | null = null): GroupRow[] {
  return members.map((member_code, i) => ({group_id, kind, label: group_id, focal_code, member_code, rank: focal_code ? i : null, vintage: "2023", provenance: "test", sample: false}));
}

const GROUPS = [
  ...group("region-E12000002", "region", [TRAFFORD, MANCHESTER, STOCKPORT, WIGAN, BOLTON]),
  // Trafford's neighbours (focal council first, at rank 0).
  ...group("cipfa-E08000009", "cipfa", [TRAFFORD, STOCKPORT, WIGAN], TRAFFORD),
  ...group("cipfa-E08000003", "cipfa", [MANCHESTER, TRAFFORD, WIGAN], MANCHESTER)
];

function snapshot(facts: FactRow[], extra: Partial<Snapshot> = {}): Snapshot {
  return {
    facts, areas: AREAS, groups: GROUPS,
    indicators: [indicator("reablement", "high_is_good"), indicator("admissions", "low_is_good"), indicator("population", "no_judgement")],
    cqc_assessments: [], cqc_locations: [], snapshot: [], revisions: [], ...extra
  };
}

describe("rankWithinGroup", () => {
  it("ranks 1 as best for the polarity, shares ranks on ties (1224) and skips areas without a value", () => {
    const values = new Map([[TRAFFORD, 80], [MANCHESTER, 85], [STOCKPORT, 80], [WIGAN, 70]]);
    const members = [TRAFFORD, MANCHESTER, STOCKPORT, WIGAN, BOLTON];
    expect(Object.fromEntries(rankWithinGroup(values, members, "high_is_good"))).toEqual({[MANCHESTER]: 1, [TRAFFORD]: 2, [STOCKPORT]: 2, [WIGAN]: 4});
    expect(Object.fromEntries(rankWithinGroup(values, members, "low_is_good"))).toEqual({[WIGAN]: 1, [TRAFFORD]: 2, [STOCKPORT]: 2, [MANCHESTER]: 4});
    expect(rankWithinGroup(values, members, "no_judgement").size).toBe(0);
  });
});

describe("compareSnapshots", () => {
  const before = snapshot([
    fact("reablement", TRAFFORD, "2021-22", 80), fact("reablement", MANCHESTER, "2021-22", 85), fact("reablement", STOCKPORT, "2021-22", 82),
    fact("reablement", WIGAN, "2021-22", 78), fact("reablement", "E92000001", "2021-22", 81.8),
    fact("admissions", TRAFFORD, "2021-22", 500), fact("admissions", WIGAN, "2021-22", 600), fact("admissions", BOLTON, "2021-22", 550),
    fact("population", TRAFFORD, "2021-22", 1000), fact("population", WIGAN, "2021-22", 2000)
  ]);
  const after = snapshot([
    fact("reablement", TRAFFORD, "2021-22", 88.9), fact("reablement", MANCHESTER, "2021-22", 85.0000001), fact("reablement", STOCKPORT, "2021-22", null),
    fact("reablement", WIGAN, "2021-22", 78), fact("reablement", "E92000001", "2021-22", 81.8),
    fact("reablement", TRAFFORD, "2022-23", 84.2), fact("reablement", WIGAN, "2022-23", 79.4),
    fact("admissions", TRAFFORD, "2021-22", 500), fact("admissions", WIGAN, "2021-22", 600),
    fact("population", TRAFFORD, "2021-22", 3000), fact("population", WIGAN, "2021-22", 2000)
  ], {indicators: [indicator("reablement", "high_is_good", {definition: "new definition", codes: '[{"code":"2D1","from":"2023-24"}]'}), indicator("admissions", "low_is_good"), indicator("new_one", "high_is_good")]});
  const report = compareSnapshots(before, after, {generated_at: "2026-11-20T06:00:00.000Z"});

  it("lists revised values beyond the tolerance, largest first, and suppression changes", () => {
    expect(report.revisions.map((r) => [r.indicator_id, r.area_code, r.old_value, r.new_value, r.difference, r.new_status])).toEqual([
      ["population", TRAFFORD, 1000, 3000, 2000, "ok"],
      ["reablement", STOCKPORT, 82, null, null, "suppressed"],
      ["reablement", TRAFFORD, 80, 88.9, 8.9, "ok"]
    ]);
    expect(report.revisions[2]).toMatchObject({area_name: "Trafford", title: "Title of reablement", period: "2021-22", breakdown: "total"});
    expect(report.counts.revisions).toBe(3);
  });

  it("honours the tolerance", () => {
    expect(sameValue(85, 85.0000001, 1e-6)).toBe(true);
    expect(sameValue(85, 85.01, 1e-6)).toBe(false);
    expect(sameValue(null, null, 0)).toBe(true);
    expect(sameValue(null, 0, 0)).toBe(false);
    expect(findRevisions(before.facts, after.facts, 10).map((r) => r.area_code)).toEqual([TRAFFORD, STOCKPORT]);
  });

  it("lists new periods per indicator with their coverage", () => {
    expect(report.new_periods).toEqual([{indicator_id: "reablement", title: "Title of reablement", period: "2022-23", areas: 2, facts: 2}]);
    expect(findNewPeriods(after.facts, after.facts)).toEqual([]);
  });

  it("reports rank moves in the latest common period, polarity-aware; focal groups report only their council", () => {
    const moves = report.rank_moves.map((m) => [m.group_id, m.area_code, m.indicator_id, m.period, m.old_rank, m.new_rank, m.direction]);
    // Region (shared group): Trafford 3rd -> 1st, Manchester 1st -> 2nd; Stockport lost its value so is not ranked.
    expect(moves).toContainEqual(["region-E12000002", TRAFFORD, "reablement", "2021-22", 3, 1, "better"]);
    expect(moves).toContainEqual(["region-E12000002", MANCHESTER, "reablement", "2021-22", 1, 2, "worse"]);
    expect(moves).toContainEqual(["cipfa-E08000009", TRAFFORD, "reablement", "2021-22", 2, 1, "better"]);
    expect(moves).toContainEqual(["cipfa-E08000003", MANCHESTER, "reablement", "2021-22", 1, 2, "worse"]);
    // Trafford also moved in Manchester's CIPFA group, but that group reports only Manchester.
    expect(moves.filter((m) => m[0] === "cipfa-E08000003" && m[1] === TRAFFORD)).toEqual([]);
    // Latest common period is 2021-22 (2022-23 is new), and no ranks for an indicator without a judgement.
    expect(report.rank_moves.every((m) => m.period === "2021-22" && m.indicator_id !== "population")).toBe(true);
    // Low is good: Bolton dropped out (550), so Wigan (600) moves from 3rd to 2nd.
    expect(moves).toContainEqual(["region-E12000002", WIGAN, "admissions", "2021-22", 3, 2, "better"]);
    // Wigan's value in Trafford's CIPFA group did not move relative to Trafford: no entry for Wigan there.
    expect(moves.filter((m) => m[0] === "cipfa-E08000009" && m[1] === WIGAN)).toEqual([]);
  });

  it("reports councils added and removed (regions and England aside)", () => {
    expect(report.councils_added).toEqual([]);
    expect(report.councils_removed).toEqual([{code: BOLTON, name: "Bolton", facts: 1}]);
    const first = compareSnapshots(snapshot([]), before);
    expect(first.first_snapshot).toBe(true);
    expect(first.councils_added.map((a) => a.code)).toEqual([BOLTON, MANCHESTER, STOCKPORT, TRAFFORD, WIGAN]);
  });

  it("reports indicators whose definition or codes changed, and those added or removed", () => {
    expect(report.indicators_changed).toEqual([
      {indicator_id: "new_one", title: "Title of new_one", change: "added", fields: []},
      {indicator_id: "population", title: "Title of population", change: "removed", fields: []},
      {indicator_id: "reablement", title: "Title of reablement", change: "changed", fields: [
        {field: "definition", before: "definition", after: "new definition"},
        {field: "codes", before: "[]", after: '[{"code":"2D1","from":"2023-24"}]'}
      ]}
    ]);
  });

  it("lists source files added, updated and removed from the snapshot table", () => {
    const row = (file: string, sha256: string) => ({source_id: file, family: "reablement", file, url: "u", vintage: "v", retrieved_at: "t", sha256, bytes: 1, rows: 1, sample: false, seeded: ""});
    const sources = compareSnapshots(snapshot([], {snapshot: [row("a", "1"), row("b", "2"), row("c", "3")]}), snapshot([], {snapshot: [row("a", "1"), row("b", "9"), row("d", "4")]})).sources;
    expect(sources.map((s) => [s.file, s.change, s.sha256_before, s.sha256_after])).toEqual([["b", "updated", "2", "9"], ["d", "added", null, "4"], ["c", "removed", "3", null]]);
  });

  it("counts per council, uncapped", () => {
    expect(report.by_council[TRAFFORD]).toEqual({revisions: 2, rank_moves: report.rank_moves.filter((m) => m.area_code === TRAFFORD).length});
  });
});

describe("bounded lists", () => {
  it("caps a list, keeping the first few of every area before filling by order", () => {
    const items = [...Array.from({length: 10}, (_, i) => ({area: "A", i})), {area: "B", i: 10}, {area: "C", i: 11}];
    expect(capFairly(items, (x) => x.area, 5, 1).map((x) => x.i)).toEqual([0, 1, 2, 10, 11]);
    expect(capFairly(items, (x) => x.area, 100, 1)).toHaveLength(12);
  });

  it("keeps at most `limit` revisions with full counts", () => {
    const before = snapshot(Array.from({length: 50}, (_, i) => fact("reablement", TRAFFORD, `20${10 + i}-xx`, i)));
    const after = snapshot(Array.from({length: 50}, (_, i) => fact("reablement", TRAFFORD, `20${10 + i}-xx`, i + 1)));
    const report = compareSnapshots(before, after, {limit: 10});
    expect(report.revisions).toHaveLength(10);
    expect(report.counts.revisions).toBe(50);
    expect(report.by_council[TRAFFORD].revisions).toBe(50);
  });
});

describe("changesForCouncil", () => {
  it("keeps one council's revisions and rank moves, with its own counts, and the national news whole", () => {
    const before = snapshot([fact("reablement", TRAFFORD, "2021-22", 80), fact("reablement", WIGAN, "2021-22", 90), fact("reablement", MANCHESTER, "2021-22", 70)]);
    const after = snapshot([fact("reablement", TRAFFORD, "2021-22", 95), fact("reablement", WIGAN, "2021-22", 90), fact("reablement", MANCHESTER, "2021-22", 70), fact("reablement", WIGAN, "2022-23", 1)]);
    const report = compareSnapshots(before, after);
    const trafford = changesForCouncil(report, TRAFFORD);
    expect(trafford.council).toBe(TRAFFORD);
    expect(trafford.revisions.map((r) => r.area_code)).toEqual([TRAFFORD]);
    expect(trafford.rank_moves.length).toBeGreaterThan(0);
    expect(trafford.rank_moves.every((m) => m.area_code === TRAFFORD)).toBe(true);
    expect(trafford.counts.revisions).toBe(1);
    expect(trafford.new_periods).toEqual(report.new_periods);
    const bolton = changesForCouncil(report, BOLTON);
    expect(bolton.revisions).toEqual([]);
    expect(bolton.counts).toMatchObject({revisions: 0, rank_moves: 0});
  });
});

describe("data/changes.json", () => {
  const dirs: string[] = [];
  afterEach(() => { for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true}); });
  const tempDir = () => { const dir = mkdtempSync(path.join(os.tmpdir(), "asc-changes-")); dirs.push(dir); return dir; };

  it("writes atomically and reads back", () => {
    const dir = tempDir();
    const file = path.join(dir, "changes.json");
    const report = compareSnapshots(snapshot([fact("reablement", TRAFFORD, "2021-22", 1)]), snapshot([fact("reablement", TRAFFORD, "2021-22", 2)]));
    writeChangeReport(report, file);
    expect(readdirSync(dir)).toEqual(["changes.json"]);
    expect(readChangeReport(file)).toEqual(report);
  });

  it("reads an empty report with a message when there is none yet, or it is unreadable", () => {
    const dir = tempDir();
    const missing = readChangeReport(path.join(dir, "changes.json"));
    expect(missing.message).toMatch(/No refresh has written a change report yet/);
    expect(missing.revisions).toEqual([]);
    writeFileSync(path.join(dir, "broken.json"), "{not json");
    expect(readChangeReport(path.join(dir, "broken.json")).message).toMatch(/broken\.json could not be read/);
    expect(emptyChangeReport("x").counts.revisions).toBe(0);
  });
});
