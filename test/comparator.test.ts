/**
 * The comparator engine's SQL, run under Node on the DuckDB-Wasm version the browser runs
 * (1.29.0 = DuckDB 1.1.1), first on small hand-made tables whose answers can be worked by hand,
 * then on the sample snapshot (Medway's CIPFA group).
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {AreaRow, CqcAssessmentRow, FactRow, GroupRow} from "../loaders/model.ts";
import {buildSnapshot, readManifest, type Snapshot} from "../loaders/snapshot.ts";
import {sourceById} from "../loaders/sources.ts";
import {
  areaValuesSql, benchmarkSummarySql, comparatorSql, compositionSql, cqcAssessmentsSql, ensureIndicatorFacts, runComparator, sqlIdentifier,
  sqlString, trendSql, type GroupInfo, type IndicatorInfo, type Selection
} from "../src/lib/comparator.ts";
import {ENGLAND_CODE} from "../src/lib/domain/areas.ts";
import {quantile, rankWithinGroup} from "../src/lib/stats.ts";
import {openDuckDB, type NodeDuckDB} from "./support/duckdb-node.ts";

// ---- hand-made tables ---------------------------------------------------------------------------

const REGION = "E12000008";
function area(code: string, name: string, type: AreaRow["type"] = "UA"): AreaRow {
  return {code, name, short_name: name, type, region_code: type === "UA" ? REGION : null, region_name: type === "UA" ? "South East" : null, ics_code: null, ics_name: null, cassr_code: null, aliases: ""};
}
const AREAS: AreaRow[] = [
  area("E06000001", "Aston"), area("E06000002", "Barford"), area("E06000003", "Carlow"), area("E06000004", "Dunmore"),
  area("E06000005", "Elsworth"), area("E06000006", "Fairley"), area("E06000007", "Outsider"),
  area(REGION, "South East", "region"), area(ENGLAND_CODE, "England", "country")
];
const MEMBERS = ["E06000001", "E06000002", "E06000003", "E06000004", "E06000005", "E06000006"];
const GROUPS: GroupRow[] = MEMBERS.map((member_code, rank) => ({
  group_id: "test-group", kind: "cipfa", label: "Test group", focal_code: "E06000003", member_code, rank, vintage: "2021", provenance: "hand-made", sample: false
}));

function fact(area_code: string, value: number | null, extra: Partial<FactRow> = {}): FactRow {
  return {
    indicator_id: "ind_pct", area_code, period: "2023-24", breakdown: "total", value, numerator: null, denominator: null,
    status: value === null ? "suppressed" : "ok", source_id: "test", vintage: "2023-24", ...extra
  };
}

// Aston 90, Barford and Carlow tie at 80, Dunmore 70, Elsworth suppressed, Fairley has no row at all.
const FACTS: FactRow[] = [
  fact("E06000001", 90, {numerator: 90, denominator: 100}),
  fact("E06000002", 80, {numerator: 80, denominator: 100}),
  fact("E06000003", 80, {numerator: 160, denominator: 200}),
  fact("E06000004", 70, {numerator: 70, denominator: 100}),
  fact("E06000005", null),
  fact("E06000007", 10), // not in the group: must not affect anything
  fact(ENGLAND_CODE, 75, {numerator: 7500, denominator: 10000}),
  fact(REGION, 78),
  // Other periods, breakdowns and indicators must not leak into the selection.
  fact("E06000001", 1, {period: "2022-23"}),
  fact("E06000002", 2, {breakdown: "age=65-74"}),
  fact("E06000003", 3, {indicator_id: "other"}),
  // A trend: Carlow in 2021-22 and 2022-23 (2022-23 suppressed).
  fact("E06000003", 60, {period: "2021-22"}),
  fact("E06000004", 64, {period: "2021-22"}),
  fact(ENGLAND_CODE, 70, {period: "2021-22"}),
  fact("E06000003", null, {period: "2022-23"}),
  fact(ENGLAND_CODE, 72, {period: "2022-23"}),
  // A composition for the safeguarding stacks.
  fact("E06000003", 25, {indicator_id: "mix", breakdown: "kind=A", numerator: 5, denominator: 20}),
  fact("E06000003", 75, {indicator_id: "mix", breakdown: "kind=B", numerator: 15, denominator: 20}),
  fact(ENGLAND_CODE, 40, {indicator_id: "mix", breakdown: "kind=A", numerator: 400, denominator: 1000}),
  fact(ENGLAND_CODE, 60, {indicator_id: "mix", breakdown: "kind=B", numerator: 600, denominator: 1000}),
  fact("E06000001", 50, {indicator_id: "mix", breakdown: "kind=A"})
];

function assessment(area_code: string, report_date: string, overall_pct: number | null, scores: (number | null)[]): CqcAssessmentRow {
  const [qs1, qs2, qs3, qs4, qs5, qs6, qs7, qs8, qs9] = scores;
  return {area_code, report_date, report_url: "", overall_pct, rating: "Good", qs1, qs2, qs3, qs4, qs5, qs6, qs7, qs8, qs9, provenance: "test", source_id: "test", sample: false};
}
const ASSESSMENTS: CqcAssessmentRow[] = [
  assessment("E06000001", "2024-05-01", 70, [3, 3, 3, 3, 3, 3, 3, 3, 3]),
  assessment("E06000001", "2025-06-01", 75, [3, 3, 3, 3, 3, 3, 3, 4, 3]),
  assessment("E06000003", "2025", 59, [2, 2, 3, 2, 3, 2, 3, 2, 2]),
  assessment("E06000007", "2025", 90, [4, 4, 4, 4, 4, 4, 4, 4, 4])
];

function indicator(polarity: IndicatorInfo["polarity"]): IndicatorInfo {
  return {
    indicator_id: "ind_pct", title: "A test percentage", short_title: "Test %", unit: "%", value_type: "proportion", multiplier: 100,
    polarity, definition: "", source: "", caveats: ""
  };
}
const GROUP: GroupInfo = {group_id: "test-group", kind: "cipfa", label: "Test group", focal_code: "E06000003", vintage: "2021", provenance: "", sample: false, members: MEMBERS};
const SELECTION: Selection = {focal: "E06000003", group: "test-group", indicator: "ind_pct", period: "2023-24", breakdown: "total"};

let db: NodeDuckDB;
beforeAll(async () => {
  db = await openDuckDB({facts: FACTS, areas: AREAS, groups: GROUPS, cqc_assessments: ASSESSMENTS});
}, 60_000);
afterAll(async () => {
  await db?.close();
});

describe("DuckDB version", () => {
  it("is v1.1.1, the version DuckDB-Wasm 1.29.0 runs in the browser", async () => {
    expect(await db.version()).toBe("v1.1.1");
  });
});

describe("comparatorSql on hand-made tables", () => {
  const ranks = async (polarity: IndicatorInfo["polarity"]) => {
    const rows = await db.query(comparatorSql(SELECTION, polarity, REGION));
    return Object.fromEntries(rows.map((r) => [r.name as string, r.rank as number | null]));
  };

  it("returns every group member, and only members", async () => {
    const rows = await db.query(comparatorSql(SELECTION, "high_is_good", REGION));
    expect(rows.map((r) => r.area_code).sort()).toEqual(MEMBERS);
  });

  it("ranks higher-is-better best first, ties sharing a rank ('1224')", async () => {
    expect(await ranks("high_is_good")).toEqual({Aston: 1, Barford: 2, Carlow: 2, Dunmore: 4, Elsworth: null, Fairley: null});
  });

  it("reverses the order when lower is better", async () => {
    expect(await ranks("low_is_good")).toEqual({Aston: 4, Barford: 2, Carlow: 2, Dunmore: 1, Elsworth: null, Fairley: null});
  });

  it("ranks no-judgement indicators highest first", async () => {
    expect(await ranks("no_judgement")).toEqual({Aston: 1, Barford: 2, Carlow: 2, Dunmore: 4, Elsworth: null, Fairley: null});
  });

  it("agrees with rankWithinGroup in stats.ts", async () => {
    const rows = await db.query(comparatorSql(SELECTION, "low_is_good", REGION));
    const expected = rankWithinGroup(rows, (r) => r.value as number | null, "low_is_good");
    for (const row of rows) expect(row.rank ?? null).toBe(expected.get(row) ?? null);
  });

  it("does not rank suppressed or missing values, and says which is which", async () => {
    const rows = await db.query(comparatorSql(SELECTION, "high_is_good", REGION));
    const byName = Object.fromEntries(rows.map((r) => [r.name as string, r]));
    expect(byName.Elsworth).toMatchObject({value: null, rank: null, status: "suppressed"});
    expect(byName.Fairley).toMatchObject({value: null, rank: null, status: "missing"});
  });

  it("gives the group mean, median and quartiles of the members with a value, equal to quantile() in stats.ts", async () => {
    const [first] = await db.query(comparatorSql(SELECTION, "high_is_good", REGION));
    const values = [90, 80, 80, 70];
    expect(first.members).toBe(6);
    expect(first.with_value).toBe(4);
    expect(first.mean).toBeCloseTo(80, 12);
    expect(first.median).toBeCloseTo(quantile(values, 0.5)!, 12);
    expect(first.q1).toBeCloseTo(quantile(values, 0.25)!, 12);
    expect(first.q3).toBeCloseTo(quantile(values, 0.75)!, 12);
    expect([first.q1, first.median, first.q3]).toEqual([77.5, 80, 82.5]);
    expect([first.min, first.max]).toEqual([70, 90]);
  });

  it("gives England's value, numerator and denominator, and the region's value", async () => {
    const [first] = await db.query(comparatorSql(SELECTION, "high_is_good", REGION));
    expect(first).toMatchObject({england: 75, england_numerator: 7500, england_denominator: 10000, region: 78});
  });

  it("has no region value when the council has no region", async () => {
    const [first] = await db.query(comparatorSql(SELECTION, "high_is_good", null));
    expect(first.region).toBeNull();
  });

  it("quotes values, so a quote in a value cannot change the query", async () => {
    expect(sqlString("O'Brien")).toBe("'O''Brien'");
    const rows = await db.query(comparatorSql({...SELECTION, indicator: "x' OR '1'='1"}, "high_is_good", REGION));
    expect(rows.every((r) => r.value === null)).toBe(true);
  });
});

describe("ensureIndicatorFacts: one indicator's facts in a table of their own", () => {
  it("holds exactly that indicator's facts and gives the comparator the same answer as the full table", async () => {
    const table = await ensureIndicatorFacts(db, "ind_pct");
    expect(table).toBe('"facts of ind_pct"');
    expect(await ensureIndicatorFacts(db, "ind_pct")).toBe(table); // created once
    const [{n}] = await db.query(`SELECT count(*)::INTEGER AS n FROM ${table}`);
    expect(n).toBe(FACTS.filter((f) => f.indicator_id === "ind_pct").length);
    const full = await db.query(comparatorSql(SELECTION, "high_is_good", REGION));
    const own = await db.query(comparatorSql(SELECTION, "high_is_good", REGION, table));
    expect(own).toEqual(full);
    const trendFull = await db.query(trendSql({focal: "E06000003", group: "test-group", indicator: "ind_pct", breakdown: "total"}));
    const trendOwn = await db.query(trendSql({focal: "E06000003", group: "test-group", indicator: "ind_pct", breakdown: "total"}, table));
    expect(trendOwn).toEqual(trendFull);
  });
  it("holds one breakdown of the indicator when given one, and answers as the full table does", async () => {
    const table = await ensureIndicatorFacts(db, "ind_pct", "total");
    expect(table).toBe('"facts of ind_pct | total"');
    const [{n}] = await db.query(`SELECT count(*)::INTEGER AS n FROM ${table}`);
    expect(n).toBe(FACTS.filter((f) => f.indicator_id === "ind_pct" && f.breakdown === "total").length);
    expect(await db.query(comparatorSql(SELECTION, "low_is_good", REGION, table))).toEqual(await db.query(comparatorSql(SELECTION, "low_is_good", REGION)));
  });
  it("quotes the table name, so an odd indicator id is still one identifier", async () => {
    expect(sqlIdentifier('a"b')).toBe('"a""b"');
    const table = await ensureIndicatorFacts(db, 'odd" id');
    expect(table).toBe('"facts of odd"" id"');
    expect(await db.query(`SELECT count(*)::INTEGER AS n FROM ${table}`)).toEqual([{n: 0}]);
  });
});

describe("runComparator: intervals, verdicts and the sentence", () => {
  it("ranks Carlow joint 2nd and tests it against England at 99.8% and the median at 95%", async () => {
    const result = await runComparator(db, SELECTION, indicator("high_is_good"), GROUP, "Carlow", REGION);
    expect(result.focal).toMatchObject({area_code: "E06000003", rank: 2, value: 80});
    // 160/200: Wilson 95% 73.91% to 84.95%; 99.8% 69.99% to 87.28%: similar to the median (80) and to England (75).
    expect(result.focal!.ci95!.lower).toBeCloseTo(73.91, 2);
    expect(result.focal!.ci95!.upper).toBeCloseTo(84.95, 2);
    expect(result.focal!.vs_england).toBe("similar");
    expect(result.focal!.vs_median).toBe("similar");
    expect(result.england_numerator).toBe(7500);
    expect(result.sentence).toBe(
      "Carlow is 2nd of 4 in its CIPFA nearest-neighbour group (1st is best) at 80.0%: at the group median (80.0%) and not significantly different from England (75.0%, 99.8% limits)."
    );
  });

  it("calls a member significantly better or worse by the indicator's polarity", async () => {
    const high = await runComparator(db, {...SELECTION, focal: "E06000001"}, indicator("high_is_good"), GROUP, "Aston", REGION);
    // Aston 90/100: 99.8% Wilson 77.0% to 96.0% excludes England's 75: better.
    expect(high.focal!.vs_england).toBe("better");
    const low = await runComparator(db, {...SELECTION, focal: "E06000001"}, indicator("low_is_good"), GROUP, "Aston", REGION);
    expect(low.focal!.vs_england).toBe("worse");
    expect(low.focal!.rank).toBe(4);
    expect(low.sentence).toMatch(/^Aston is 4th of 4 .* significantly above England/);
    const none = await runComparator(db, {...SELECTION, focal: "E06000001"}, indicator("no_judgement"), GROUP, "Aston", REGION);
    expect(none.focal!.vs_england).toBe("higher");
    expect(none.sentence).toMatch(/^Aston is 1st highest of 4 in its CIPFA nearest-neighbour group at 90\.0%/);
  });

  it("says why a suppressed focal council cannot be ranked", async () => {
    const result = await runComparator(db, {...SELECTION, focal: "E06000005"}, indicator("high_is_good"), GROUP, "Elsworth", REGION);
    expect(result.sentence).toBe("Elsworth cannot be ranked for 2023-24: its value is suppressed by the publisher.");
  });
});

describe("trendSql", () => {
  it("gives focal, England and the group median and quartiles per period, with the focal council's status", async () => {
    const rows = await db.query(trendSql({focal: "E06000003", group: "test-group", indicator: "ind_pct", breakdown: "total"}));
    expect(rows.map((r) => r.period)).toEqual(["2021-22", "2022-23", "2023-24"]);
    expect(rows[0]).toMatchObject({focal: 60, england: 70, group_median: 62, reporting: 2});
    expect(rows[1]).toMatchObject({focal: null, focal_status: "suppressed", england: 72});
    expect(rows[2]).toMatchObject({focal: 80, focal_numerator: 160, focal_denominator: 200, england: 75, group_median: 80, group_q1: 77.5, group_q3: 82.5, reporting: 4});
  });
});

describe("compositionSql", () => {
  it("returns the focal council's and England's shares for the listed breakdowns only", async () => {
    const rows = await db.query(compositionSql("E06000003", "mix", ["kind=A", "kind=B"]));
    expect(rows.map((r) => `${r.name} ${r.breakdown} ${r.value}`)).toEqual(["Carlow kind=A 25", "Carlow kind=B 75", "England kind=A 40", "England kind=B 60"]);
    expect(await db.query(compositionSql("E06000003", "mix", []))).toEqual([]);
  });
});

describe("cqcAssessmentsSql", () => {
  it("gives each member's latest assessment, unassessed members last", async () => {
    const rows = await db.query(cqcAssessmentsSql("test-group", "E06000003"));
    expect(rows.map((r) => [r.name, r.overall_pct, r.is_focal])).toEqual([
      ["Aston", 75, false], ["Carlow", 59, true], ["Barford", null, false], ["Dunmore", null, false], ["Elsworth", null, false], ["Fairley", null, false]
    ]);
    expect(rows[0]).toMatchObject({report_date: "2025-06-01", qs8: 4});
  });
});

describe("benchmarkSummarySql", () => {
  it("gives focal, group median and quartiles and England for each requested indicator", async () => {
    const rows = await db.query(benchmarkSummarySql("E06000003", "test-group", [
      {indicator: "ind_pct", period: "2023-24", breakdown: "total"},
      {indicator: "ind_pct_missing", period: "2023-24", breakdown: "total"}
    ]));
    expect(rows[0]).toMatchObject({indicator_id: "ind_pct", focal: 80, england: 75, group_median: 80, group_q1: 77.5, group_q3: 82.5, reporting: 4});
    expect(rows[1]).toMatchObject({indicator_id: "ind_pct_missing", focal: null, england: null, group_median: null, reporting: 0});
  });
});

describe("areaValuesSql", () => {
  it("gives every area's values of the listed indicators with its name and type", async () => {
    const rows = await db.query(areaValuesSql(["mix"], "2023-24", "kind=A"));
    expect(rows.map((r) => `${r.name}:${r.type}:${r.value}`)).toEqual(["Aston:UA:50", "Carlow:UA:25", "England:country:40"]);
  });
});

// ---- the committed snapshot (published ASCOF and CIPFA lists) -------------------------------------

describe("on the committed snapshot: Medway's CIPFA group", () => {
  let snapshot: Snapshot;
  let sample: NodeDuckDB;
  beforeAll(async () => {
    // Geography and reablement only: enough for the comparator and quick to assemble.
    const manifest = readManifest();
    const files = manifest.files.filter((f) => ["geography", "reablement"].includes(sourceById(f.source_id)?.family ?? ""));
    snapshot = await buildSnapshot({...manifest, files});
    sample = await openDuckDB({facts: snapshot.facts, areas: snapshot.areas, groups: snapshot.groups});
  }, 120_000);
  afterAll(async () => {
    await sample?.close();
  });

  const selection: Selection = {focal: "E06000035", group: "cipfa-E06000035", indicator: "ascof_reablement_91_day", period: "2024-25", breakdown: "total"};

  it("returns the 16 members (Medway and its 15 neighbours) with ranks that agree with stats.ts", async () => {
    const info = snapshot.indicators.find((i) => i.indicator_id === selection.indicator)!;
    const rows = await sample.query(comparatorSql(selection, info.polarity, "E12000008"));
    expect(rows).toHaveLength(16);
    const expected = rankWithinGroup(rows, (r) => r.value as number | null, info.polarity);
    for (const row of rows) expect(row.rank ?? null).toBe(expected.get(row) ?? null);
    const values = rows.map((r) => r.value).filter((v): v is number => v !== null);
    expect(rows[0].median).toBeCloseTo(quantile(values, 0.5)!, 9);
    expect(rows[0].q1).toBeCloseTo(quantile(values, 0.25)!, 9);
    expect(rows[0].q3).toBeCloseTo(quantile(values, 0.75)!, 9);
    const england = snapshot.facts.find((f) => f.indicator_id === selection.indicator && f.area_code === ENGLAND_CODE && f.period === "2024-25" && f.breakdown === "total");
    const region = snapshot.facts.find((f) => f.indicator_id === selection.indicator && f.area_code === "E12000008" && f.period === "2024-25" && f.breakdown === "total");
    expect(rows[0].england).toBe(england?.value ?? null);
    expect(rows[0].region).toBe(region?.value ?? null);
  });

  it("writes the sentence with Medway's rank in its CIPFA nearest-neighbour group", async () => {
    const info = snapshot.indicators.find((i) => i.indicator_id === selection.indicator)!;
    const members = snapshot.groups.filter((g) => g.group_id === "cipfa-E06000035");
    const group: GroupInfo = {group_id: "cipfa-E06000035", kind: "cipfa", label: members[0].label, focal_code: "E06000035", vintage: members[0].vintage, provenance: "", sample: members[0].sample, members: members.map((m) => m.member_code)};
    expect(group.sample).toBe(false);
    const result = await runComparator(sample, selection, {...info, polarity: info.polarity, value_type: info.value_type}, group, "Medway", "E12000008");
    const medway = snapshot.facts.find((f) => f.indicator_id === selection.indicator && f.area_code === "E06000035" && f.period === "2024-25" && f.breakdown === "total")!;
    // DHSC's 2024-25 release (Table_2d(1)): Medway 61.21% (650 of 1,062).
    expect(medway).toMatchObject({value: 61.21, numerator: 650, denominator: 1062, source_id: "ascof-2024-25"});
    expect(result.focal!.value).toBe(61.21);
    const ranked = result.members.filter((m) => m.rank !== null).length;
    expect(result.sentence).toMatch(new RegExp(`^Medway is ${result.focal!.rank}(st|nd|rd|th) of ${ranked} in its CIPFA nearest-neighbour group \\(1st is best\\) at 61\\.2%: (above|below|at) the group median`));
    expect(result.sentence).toContain("England");
  });
});
