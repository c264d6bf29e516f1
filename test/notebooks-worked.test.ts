/**
 * The worked notebooks' key figures, computed with each notebook's own SQL (extracted from its
 * Markdown) on DuckDB-Wasm 1.29.0 and the same kit functions the page calls, match the snapshot and
 * the seed papers; the template's SQL runs; and each notebook's data labels match the manifest.
 */
import {readFileSync, readdirSync} from "node:fs";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {NOTEBOOKS_DIR} from "../loaders/notebook-index.ts";
import {loadSnapshot, type Snapshot} from "../loaders/snapshot.ts";
import {buildOptions} from "../loaders/site-data.ts";
import {TEMPLATE_PATH, renderTemplate} from "../scripts/notebook.ts";
import {
  ENGLAND_CODE, compareWithBenchmark, funnelPoints, funnelTarget, minimumDenominatorForSignificance, runComparator, trendSql,
  valueInterval, type GroupInfo, type IndicatorOption, type Options
} from "../src/notebooks/kit.ts";
import {openDuckDB, type NodeDuckDB} from "./support/duckdb-node.ts";

const WORKED = ["reablement-gap.md", "ot-workforce-stability.md", "medway-kent-safeguarding.md"];

/** The ```sql``` cells of a notebook, by their id attribute. */
function sqlCells(file: string): Record<string, string> {
  const text = readFileSync(path.join(NOTEBOOKS_DIR, file), "utf-8");
  const cells: Record<string, string> = {};
  for (const match of text.matchAll(/^```sql([^\n]*)\n([\s\S]*?)^```/gm)) {
    const id = /\bid=([\w$]+)/.exec(match[1])?.[1];
    if (id) cells[id] = match[2];
  }
  return cells;
}

it("finds the three worked notebooks", () => {
  const notebooks = readdirSync(NOTEBOOKS_DIR);
  for (const file of WORKED) expect(notebooks).toContain(file);
});

describe("worked notebooks: key figures on the snapshot", () => {
  let snapshot: Snapshot;
  let options: Options;
  let db: NodeDuckDB;
  const indicator = (id: string) => options.indicators.find((i) => i.indicator_id === id) as IndicatorOption;
  const group = (id: string) => options.groups.find((g) => g.group_id === id) as GroupInfo;

  beforeAll(async () => {
    snapshot = await loadSnapshot();
    options = buildOptions(snapshot) as unknown as Options;
    db = await openDuckDB({facts: snapshot.facts, areas: snapshot.areas, groups: snapshot.groups, indicators: snapshot.indicators, snapshot: snapshot.snapshot});
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it("the template's SQL cells run and return rows", async () => {
    const page = renderTemplate(readFileSync(TEMPLATE_PATH, "utf-8"), {title: "T", author: "A", date: "2026-01-01"});
    const cells = [...page.matchAll(/^```sql([^\n]*)\n([\s\S]*?)^```/gm)].map((m) => m[2]);
    expect(cells.length).toBeGreaterThanOrEqual(2);
    for (const cell of cells) expect((await db.query(cell)).length).toBeGreaterThan(0);
  });

  describe("reablement-gap: the seed's 72.0% against 83.7% (seed 003, line 1169) and what ASCOF publishes", () => {
    const cells = sqlCells("reablement-gap.md");
    const interval = (fact: Record<string, unknown>, level: number) => {
      const ci = valueInterval({value: fact.value as number, numerator: fact.numerator as number, denominator: fact.denominator as number}, "proportion", 100, level)!;
      return {ci, text: [ci.lower.toFixed(1), ci.upper.toFixed(1)]};
    };

    it("finds no published year with the seed's pair: 2023-24 is closest (71.1 v 83.8), 2022-23 says 69.6 v 82.3, and the offered measure matches 2022-23", async () => {
      const rows = await db.query(cells.seedmatch);
      const reablement = rows.filter((r) => r.indicator_id === "ascof_reablement_91_day");
      expect(reablement.some((r) => r.medway === 72 && r.england === 83.7)).toBe(false);
      expect(reablement[0]).toMatchObject({period: "2023-24", medway: 71.1, england: 83.8, source_id: "ascof-trend"});
      expect(reablement.find((r) => r.period === "2022-23")).toMatchObject({medway: 69.6, england: 82.3});
      expect(reablement.map((r) => r.period)).not.toContain("2024-25");
      const offered = rows.filter((r) => r.indicator_id === "ascof_reablement_offered");
      expect(offered.find((r) => r.period === "2022-23")).toMatchObject({medway: 6.5, england: 2.9});
    });

    it("tests the years with counts: 2020-21 (225/372) significantly below England's 79.1%, 2024-25 (650/1,062) not different from England's 60.7%", async () => {
      const rows = await db.query(cells.counted);
      const at = (code: string, period: string) => rows.find((r) => r.area_code === code && r.period === period)!;
      expect([...new Set(rows.map((r) => r.period))]).toEqual(["2014-15", "2015-16", "2016-17", "2017-18", "2018-19", "2020-21", "2024-25"]);
      expect(at("E06000035", "2014-15")).toMatchObject({value: 85.3, numerator: 140, denominator: 165});
      expect(at("E06000035", "2018-19")).toMatchObject({value: 75.6, numerator: 285, denominator: 377});

      const old = at("E06000035", "2020-21");
      expect(old).toMatchObject({value: 60.5, numerator: 225, denominator: 372, source_id: "ascof-2020-21"});
      expect(at(ENGLAND_CODE, "2020-21")).toMatchObject({value: 79.1, numerator: 34152, denominator: 43193});
      expect(interval(old, 0.95).text).toEqual(["55.4", "65.3"]);
      expect(interval(old, 0.998).text).toEqual(["52.5", "68.0"]);
      expect(compareWithBenchmark(interval(old, 0.998).ci, 79.1, "high_is_good")).toBe("worse");
      const preCovid = at("E06000035", "2018-19");
      expect(interval(preCovid, 0.998).text).toEqual(["68.2", "81.7"]);
      expect(compareWithBenchmark(interval(preCovid, 0.998).ci, 82.4, "high_is_good")).toBe("worse");

      const cld = at("E06000035", "2024-25");
      expect(cld).toMatchObject({value: 61.21, numerator: 650, denominator: 1062, source_id: "ascof-2024-25"});
      expect(at(ENGLAND_CODE, "2024-25")).toMatchObject({value: 60.7, numerator: 72795, denominator: 120005});
      expect(interval(cld, 0.95).text).toEqual(["58.2", "64.1"]);
      expect(interval(cld, 0.998).text).toEqual(["56.5", "65.7"]);
      expect(compareWithBenchmark(interval(cld, 0.998).ci, 60.7, "high_is_good")).toBe("similar");
      expect(compareWithBenchmark(interval(cld, 0.95).ci, 60.7, "high_is_good")).toBe("similar");

      const verdicts = ["2014-15", "2015-16", "2016-17", "2017-18", "2018-19", "2020-21"].map((period) =>
        compareWithBenchmark(interval(at("E06000035", period), 0.998).ci, at(ENGLAND_CODE, period).value as number, "high_is_good"));
      expect(verdicts).toEqual(["similar", "better", "worse", "worse", "worse", "worse"]);
    });

    it("says how large a cohort the gap needs where there are no counts: 42 and 99 for the seed's pair, 85 for 2023-24's", () => {
      expect(minimumDenominatorForSignificance(0.72, 0.837, 0.95)).toBe(42);
      expect(minimumDenominatorForSignificance(0.72, 0.837, 0.998)).toBe(99);
      expect(minimumDenominatorForSignificance(0.711, 0.838, 0.998)).toBe(85);
    });

    it("ranks Medway in the real CIPFA group: 9th of 14 in 2024-25, 15th of 16 in 2023-24, 15th of 15 in 2020-21", async () => {
      const cipfa = group("cipfa-E06000035");
      expect(cipfa.sample).toBe(false);
      expect(cipfa.members.length).toBe(16);
      expect(cipfa.members).toContain("E06000035");
      const info = indicator("ascof_reablement_91_day");
      const rank = (period: string) => runComparator(db, {focal: "E06000035", group: cipfa.group_id, indicator: info.indicator_id, period, breakdown: "total"}, info, cipfa, "Medway", "E12000008");
      const cld = await rank("2024-25");
      expect([cld.focal?.rank, cld.stats.with_value, cld.england]).toEqual([9, 14, 60.7]);
      expect(cld.focal?.vs_england).toBe("similar");
      expect(cld.members.filter((m) => m.value === null).map((m) => [m.short_name, m.status])).toEqual([["Calderdale", "suppressed"], ["Rochdale", "suppressed"]]);
      expect(cld.sentence).toMatch(/^Medway is 9th of 14 in its CIPFA nearest-neighbour group/);
      const closest = await rank("2023-24");
      expect([closest.focal?.rank, closest.stats.with_value, closest.stats.median]).toEqual([15, 16, 83.9]);
      expect(closest.focal?.vs_england).toBe("not compared");
      const old = await rank("2020-21");
      expect([old.focal?.rank, old.stats.with_value, old.focal?.vs_england]).toEqual([15, 15, "worse"]);

      const target = funnelTarget(info, cld)!;
      expect(target.value).toBe(60.7);
      const points = funnelPoints(cld, info, target.value);
      expect(points.length).toBe(14);
      expect(points.find((p) => p.is_focal)?.position).toBe("within 95%");
      expect(points.filter((p) => p.position === "outside 99.8%").map((p) => p.short_name).sort()).toEqual(["Bedford", "Bolton", "Derby", "Telford and Wrekin", "Wirral"]);
    });

    it("shows the trend 2014-15 to 2024-25 with both series breaks, Medway below England every SALT year since 2016-17 and lowest in 2020-21", async () => {
      const cipfa = group("cipfa-E06000035");
      const info = indicator("ascof_reablement_91_day");
      const trend = await db.query(trendSql({focal: "E06000035", group: cipfa.group_id, indicator: info.indicator_id, breakdown: "total"}));
      expect(trend.map((r) => r.period)).toEqual(["2014-15", "2015-16", "2016-17", "2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]);
      expect(trend.map((r) => r.reporting)).toEqual([15, 15, 15, 15, 15, 15, 15, 16, 16, 16, 14]);
      const old = trend.filter((r) => (r.period as string) < "2024-25");
      expect(old.every((r) => r.focal !== null)).toBe(true);
      expect(old.filter((r) => (r.focal as number) < (r.england as number)).map((r) => r.period)).toEqual(["2016-17", "2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]);
      expect(old.reduce((low, r) => ((r.focal as number) < (low.focal as number) ? r : low)).period).toBe("2020-21");
      expect(info.series_breaks.map((b) => b.period)).toEqual(["2023-24", "2024-25"]);
      expect(info.sample_periods).toEqual([]);
    });
  });

  describe("ot-workforce-stability: seed 000 Table A1", () => {
    const cells = sqlCells("ot-workforce-stability.md");

    it("flags Southampton and Wokingham on two measures, with the quartiles the page quotes", async () => {
      const rows = await db.query(cells.profile);
      expect(rows.length).toBe(15);
      expect(rows.filter((r) => (r.flags as number) >= 2).map((r) => r.area)).toEqual(["Southampton", "Wokingham"]);
      expect(rows[0]).toMatchObject({permanent_q1: 89, role_q1: 2.95, age_q3: 29.5});
      expect(rows.filter((r) => r.low_permanent).map((r) => r.area).sort()).toEqual(["Berkshire West", "Bracknell Forest", "Buckinghamshire"]);
      expect(rows.find((r) => r.area === "Medway")).toMatchObject({permanent_pct: 95, years_in_role: 2.6, role_under_3_pct: 58, short_tenure: true, flags: 1});
      expect(rows.find((r) => r.area === "Kent")).toMatchObject({filled_posts: 100, permanent_pct: 98, years_in_role: 7.9});
      expect(rows.find((r) => r.area === "Slough")).toMatchObject({permanent_pct: null, low_permanent: null, gaps: 8});
    });

    it("keeps blanks as gaps: 28 cells in 7 areas, 21 of them ethnicity", async () => {
      const gaps = await db.query(cells.gaps);
      expect(gaps.length).toBe(28);
      expect(new Set(gaps.map((g) => g.area)).size).toBe(7);
      expect(gaps.filter((g) => String(g.indicator_id).includes("-ethnicity-")).length).toBe(21);
      expect(gaps.every((g) => g.status === "not_available")).toBe(true);
    });

    it("keeps the two NHS footprints as published", async () => {
      const footprints = await db.query(cells.footprints);
      expect(footprints.map((f) => [f.name, f.filled_posts])).toEqual([["Berkshire West", 25], ["Surrey Heartlands", 75]]);
    });
  });

  describe("medway-kent-safeguarding: seed 004", () => {
    const cells = sqlCells("medway-kent-safeguarding.md");

    it("gives Medway 951 concerns and 391 enquiries per 100,000 in 2021-22 on ONS's mid-2021 adults (216,012), not the report's 956 and 393, and the conversion rates the page quotes", async () => {
      const rows = await db.query(cells.volumes);
      const at = (code: string, period: string) => rows.find((r) => r.area_code === code && r.period === period)!;
      const medway = at("E06000035", "2021-22");
      expect(Math.round(medway.concerns_per_100k as number)).toBe(951);
      expect(Math.round(medway.enquiries_per_100k as number)).toBe(391);
      expect([medway.adults, medway.concerns, medway.enquiries]).toEqual([216012, 2055, 844]);
      expect((medway.conversion_pct as number).toFixed(1)).toBe("41.1");
      expect((at("E10000016", "2021-22").conversion_pct as number).toFixed(1)).toBe("37.4");
      expect((at(ENGLAND_CODE, "2021-22").conversion_pct as number).toFixed(1)).toBe("34.4");
      expect((medway.s42_share_pct as number).toFixed(1)).toBe("85.8");
      expect((at("E06000035", "2022-23").conversion_pct as number).toFixed(1)).toBe("39.8");
      expect((at("E10000016", "2022-23").conversion_pct as number).toFixed(1)).toBe("23.5");

      // The report's 393 per 100,000 from its 844 enquiries implies 214,490 to 215,030 adults: neither mid-2021 nor mid-2020.
      const population = await db.query(cells.population);
      const adults = (mid: number) => population.find((r) => r.area_code === "E06000035" && r.period === `${mid}-06-30`)!;
      expect(adults(2021)).toMatchObject({adults: 216012, source_id: "ons-mye-2021"});
      expect(adults(2020)).toMatchObject({adults: 213701, source_id: "ons-mye-2020"});
      const [low, high] = [(100000 * 844) / 393.5, (100000 * 844) / 392.5];
      expect([Math.round(low / 10) * 10, Math.round(high / 10) * 10]).toEqual([214490, 215030]);
      for (const mid of [2020, 2021]) expect((adults(mid).adults as number) < low || (adults(mid).adults as number) > high).toBe(true);
    });

    it("tests ASCOF 4B: Medway 97.5% (430/445) significantly above England's 91.2%, Kent 88.5% (3,315/3,745) significantly below, in 2023-24 and 2024-25", async () => {
      const rows = await db.query(cells.risk);
      const at = (code: string, period: string) => rows.find((r) => r.area_code === code && r.period === period)!;
      expect(at("E06000035", "2023-24")).toMatchObject({value: 97.5, numerator: 430, denominator: 445, source_id: "ascof-2024-25"});
      expect(at("E10000016", "2023-24")).toMatchObject({value: 88.5, numerator: 3315, denominator: 3745});
      expect(at(ENGLAND_CODE, "2023-24")).toMatchObject({value: 91.2, numerator: 121600, denominator: 133380});
      expect(at("E06000035", "2024-25")).toMatchObject({value: 96.3, numerator: 520, denominator: 540});
      expect(at("E10000016", "2024-25")).toMatchObject({value: 88.7, numerator: 5500, denominator: 6205});
      expect(at(ENGLAND_CODE, "2024-25")).toMatchObject({value: 91.2, numerator: 130610, denominator: 143210});
      const ci = (row: Record<string, unknown>, level: number) => valueInterval({value: row.value as number, numerator: row.numerator as number, denominator: row.denominator as number}, "proportion", 100, level)!;
      const medway = at("E06000035", "2023-24");
      expect([ci(medway, 0.95).lower.toFixed(1), ci(medway, 0.95).upper.toFixed(1)]).toEqual(["94.5", "97.9"]);
      expect([ci(medway, 0.998).lower.toFixed(1), ci(medway, 0.998).upper.toFixed(1)]).toEqual(["92.9", "98.4"]);
      // Counts are rounded to 5 and the value computed before rounding: 430/445 is 96.6%, not 97.5%.
      expect(((100 * 430) / 445).toFixed(1)).toBe("96.6");
      const kent = at("E10000016", "2023-24");
      expect([ci(kent, 0.998).lower.toFixed(1), ci(kent, 0.998).upper.toFixed(1)]).toEqual(["86.8", "90.0"]);
      for (const period of ["2023-24", "2024-25"]) {
        const england = at(ENGLAND_CODE, period).value as number;
        expect(compareWithBenchmark(ci(at("E06000035", period), 0.998), england, "high_is_good"), `Medway ${period}`).toBe("better");
        expect(compareWithBenchmark(ci(at("E10000016", period), 0.998), england, "high_is_good"), `Kent ${period}`).toBe("worse");
      }
      const region = group("region-E12000008");
      const info = indicator("ascof_s42_risk_reduced_removed");
      expect(info.sample_periods).toEqual([]);
      const inRegion = await runComparator(db, {focal: "E06000035", group: region.group_id, indicator: info.indicator_id, period: "2023-24", breakdown: "total"}, info, region, "Medway", "E12000008");
      expect([inRegion.focal?.rank, inRegion.stats.with_value]).toEqual([1, 19]);
      expect(inRegion.members.find((m) => m.area_code === "E10000016")?.rank).toBe(16);
    });

    it("finds Medway's 71.9% of outcomes fully achieved not significantly different from England's 68.0%", async () => {
      const rows = await db.query(cells.msp);
      const fully = (code: string, period = "2021-22") => rows.find((r) => r.area_code === code && r.period === period && r.indicator_id === "sac_msp_fully_achieved")!;
      const medway = fully("E06000035");
      expect([medway.numerator, medway.denominator]).toEqual([374, 520]);
      expect((medway.value as number).toFixed(1)).toBe("71.9");
      const england = fully(ENGLAND_CODE).value as number;
      expect(england.toFixed(1)).toBe("68.0");
      expect((fully(ENGLAND_CODE, "2020-21").value as number).toFixed(1)).toBe("68.1");
      const fact = {value: medway.value as number, numerator: medway.numerator as number, denominator: medway.denominator as number};
      const ci95 = valueInterval(fact, "proportion", 100, 0.95)!;
      expect([ci95.lower.toFixed(1), ci95.upper.toFixed(1)]).toEqual(["67.9", "75.6"]);
      expect(compareWithBenchmark(ci95, england, "high_is_good")).toBe("similar");
      const kent = fully("E10000016");
      expect(compareWithBenchmark(valueInterval({value: kent.value as number, numerator: kent.numerator as number, denominator: kent.denominator as number}, "proportion", 100, 0.998), england, "high_is_good")).toBe("similar");
    });

    it("shows Kent's recording change: no support reason 17% to 25% (seed 004 line 2057)", async () => {
      const rows = await db.query(cells.recording);
      const share = (code: string, period: string) => Math.round(rows.find((r) => r.area_code === code && r.period === period)!.no_support_reason_pct as number);
      expect([share("E10000016", "2020-21"), share("E10000016", "2021-22")]).toEqual([17, 25]);
      expect(share("E06000035", "2021-22")).toBe(33);
    });
  });

  it("labels the data behind each notebook from the manifest: ASCOF, populations, CIPFA and the OT profile published, SAC still sample", () => {
    const file = (source: string) => options.snapshot.files.find((f) => f.source_id === source);
    const reablement = indicator("ascof_reablement_91_day");
    const behind = [...new Set(Object.values(reablement.sources))];
    expect(behind.sort()).toEqual(["ascof-2014-15", "ascof-2015-16", "ascof-2016-17", "ascof-2017-18", "ascof-2018-19", "ascof-2020-21", "ascof-2024-25", "ascof-trend"]);
    for (const source of behind) expect(file(source), source).toMatchObject({sample: false});
    for (const source of ["comparators-cipfa", "ons-mye-2020", "ons-mye-2021", "ons-mye-2022"]) expect(file(source), source).toMatchObject({sample: false});
    expect(file("sfc-ot-profile-2024-09")).toMatchObject({sample: false});
    expect(file("sfc-ot-profile-2024-09")?.seeded).toMatch(/seed 000/);
    expect(file("sac-2021-22")).toMatchObject({sample: true});
    expect(file("sac-2021-22")?.seeded).toMatch(/seed 004/);
    expect(indicator("sac_concerns_per_100k").sources["2021-22"]).toBe("derived:ons-mye-2021+sac-2021-22");
  });

  it("names in its data labels only sources this snapshot has, and claims sample data only where the manifest does", () => {
    const known = new Set(options.snapshot.files.map((f) => f.source_id));
    for (const name of WORKED) {
      const text = readFileSync(path.join(NOTEBOOKS_DIR, name), "utf-8");
      for (const call of text.matchAll(/dataLabel\(options, \{sources: \[([^\]]*)\]/g)) {
        for (const [, id] of call[1].matchAll(/"([\w.-]+)"/g)) expect(known.has(id), `${name} labels unknown source ${id}`).toBe(true);
      }
    }
    const reablement = readFileSync(path.join(NOTEBOOKS_DIR, "reablement-gap.md"), "utf-8");
    expect(reablement).not.toMatch(/\*\*Sample data\.\*\*|numerator and denominator illustrative|sample: true/);
    const safeguarding = readFileSync(path.join(NOTEBOOKS_DIR, "medway-kent-safeguarding.md"), "utf-8");
    expect(safeguarding).not.toMatch(/CIPFA lists in this snapshot are illustrative|ons-mye-adults-2022|Populations are illustrative/);
    const ot = readFileSync(path.join(NOTEBOOKS_DIR, "ot-workforce-stability.md"), "utf-8");
    expect(ot).not.toMatch(/CIPFA lists? (in this snapshot )?(are|is) illustrative/);
  });
});
