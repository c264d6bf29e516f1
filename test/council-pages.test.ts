/**
 * The leadership pages' build-time precomputation (loaders/council-pages/, each job alone): headline values,
 * change since the previous period, polarity-aware ranks with shared ties, group spread for the
 * spine chart, judgements against England with intervals (and the quartile fallback), the
 * sentences, the CQC assessment by theme, the change report and the archive the pages read.
 */
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import type {FactRow, GroupRow} from "../loaders/model.ts";
import type {Snapshot, Manifest} from "../loaders/snapshot.ts";
import {indicatorRows} from "../loaders/indicators.ts";
import {COUNCILS, councilByCode} from "../loaders/families/geography/index.ts";
import {parseRawFile} from "../loaders/snapshot.ts";
import {buildCouncilPages, HEADLINE_INDICATORS} from "../loaders/council-pages/index.ts";
import {councilPagesArchive, tarArchive} from "../loaders/council-pages/archive.ts";
import {tarEntries} from "../loaders/tar.ts";
import {councilChanges} from "../loaders/council-pages/changes.ts";
import {groupsForCouncil, judge} from "../loaders/council-pages/comparison.ts";
import {councilIndexHtml, replaceCouncilIndex} from "../loaders/council-pages/council-index.ts";
import {cqcSummary} from "../loaders/council-pages/cqc.ts";
import {describeChange} from "../loaders/council-pages/headlines.ts";
import {headlineSentence} from "../src/lib/domain/council-data.ts";
import {ENGLAND_CODE as ENGLAND} from "../src/lib/domain/areas.ts";
import {chooseDefaultGroup} from "../src/lib/domain/groups.ts";
import {quantile, wilsonInterval} from "../src/lib/stats.ts";
import {spinePositions} from "../src/components/spine-chart.ts";
import type {ChangeReport} from "../loaders/changes.ts";

// Medway and three South East neighbours, in a small custom comparator group.
const MEDWAY = "E06000035";
const KENT = "E10000016";
const SOUTHEND = "E06000033";
const THURROCK = "E06000034";
const MEMBERS = [MEDWAY, KENT, SOUTHEND, THURROCK];

function fact(indicator_id: string, area_code: string, period: string, value: number | null, extra: Partial<FactRow> = {}): FactRow {
  return {indicator_id, area_code, period, breakdown: "total", value, numerator: null, denominator: null, status: value === null ? "suppressed" : "ok", source_id: "test-source", vintage: period, ...extra};
}

function group(group_id: string, kind: GroupRow["kind"], label: string, members: string[], focal_code: string | null = null, sample = false): GroupRow[] {
  return members.map((member_code, i) => ({group_id, kind, label, focal_code, member_code, rank: focal_code ? i : null, vintage: "2023", provenance: "test", sample}));
}

function snapshot(facts: FactRow[], extra: Partial<Snapshot> = {}): Snapshot {
  return {
    facts,
    areas: [],
    groups: [...group("custom-four", "custom", "Four councils", MEMBERS), ...group("region-E12000008", "region", "South East", MEMBERS)],
    indicators: indicatorRows(),
    cqc_assessments: [],
    cqc_locations: [],
    snapshot: [],
    revisions: [],
    ...extra
  };
}

const manifest: Manifest = {
  generated_at: "2026-11-22T00:00:00.000Z",
  files: [{source_id: "test-source", file: "x/test.csv", url: "https://example.org/", vintage: "2023-24", retrieved_at: "2026-11-20T10:00:00.000Z", sha256: "", bytes: 0, rows: 0, sample: false, seeded: "", illustrative: ""}]
};

function build(facts: FactRow[], extra: Partial<Snapshot> = {}, changes: ChangeReport | null = null) {
  return buildCouncilPages(snapshot(facts, extra), {manifest, changes, explorers: ["reablement"]}, COUNCILS.filter((c) => MEMBERS.includes(c.code)));
}

function pick(page: ReturnType<typeof build>["councils"] extends Map<string, infer P> ? P : never, id: string, groupId = page.default_group) {
  const i = page.headlines.findIndex((h) => h.indicator_id === id);
  return {headline: page.headlines[i], comparison: page.comparisons[groupId][i]};
}

describe("headline values and change", () => {
  const facts = [
    fact("sac_concerns_per_100k", MEDWAY, "2021-22", 800), fact("sac_concerns_per_100k", MEDWAY, "2022-23", 1008),
    fact("sac_concerns_per_100k", KENT, "2022-23", 1200), fact("sac_concerns_per_100k", SOUTHEND, "2022-23", 900),
    fact("sac_concerns_per_100k", THURROCK, "2022-23", 1500), fact("sac_concerns_per_100k", ENGLAND, "2022-23", 1100)
  ];
  const page = build(facts).councils.get(MEDWAY)!;

  it("takes the latest period with council values and the period before it", () => {
    const {headline} = pick(page, "sac_concerns_per_100k");
    expect(headline.period).toBe("2022-23");
    expect(headline.previous_period).toBe("2021-22");
    expect(headline.value).toBe(1008);
    expect(headline.previous_value).toBe(800);
    expect(headline.change).toBe(208);
    expect(headline.change_pct).toBe(26);
    expect(headline.england).toBe(1100);
  });

  it("says a no-judgement indicator rose, ranks it by size ('highest') and makes no judgement", () => {
    const {headline, comparison} = pick(page, "sac_concerns_per_100k", "custom-four");
    expect(page.default_group).toBe("region-E12000008"); // no CIPFA group in this snapshot
    expect(page.default_group_reason).toBe("This snapshot has no CIPFA nearest-neighbour list for Medway, so by default Medway is compared with its region, South East.");
    expect(headline.change_judgement).toBe("changed");
    expect(comparison.judgement).toBe("no_judgement");
    expect(comparison.rank).toBe(3); // 1500, 1200, 1008, 900
    const sentence = headlineSentence(headline, comparison);
    expect(sentence).toContain("Safeguarding concerns per 100,000 adults rose by 26%, from 800.0 in 2021-22 to 1,008.0 per 100,000 adults in 2022-23");
    expect(sentence).toContain("Medway is now 3rd highest of 4 in the group \"Four councils\"");
    expect(sentence).toContain("no judgement");
    expect(sentence.replace("higher is neither better nor worse", "")).not.toMatch(/better|worse/);
  });

  it("gives no change or judgement across a series break that changed the measure (ASCOF 2D(1) from 2024-25), but keeps it across a renumbering", () => {
    const reablement = [
      fact("ascof_reablement_91_day", MEDWAY, "2022-23", 69.6), fact("ascof_reablement_91_day", MEDWAY, "2023-24", 71.1), fact("ascof_reablement_91_day", MEDWAY, "2024-25", 61.21),
      ...[KENT, SOUTHEND, THURROCK, ENGLAND].map((code) => fact("ascof_reablement_91_day", code, "2024-25", 60))
    ];
    const across = pick(build(reablement).councils.get(MEDWAY)!, "ascof_reablement_91_day").headline;
    expect(across).toMatchObject({value: 61.21, previous_value: 71.1, change: null, change_direction: null, change_judgement: null});
    expect(across.change_text).toBe("not comparable with 2023-24 (71.1%): the measure changed, see the series break");
    expect(across.series_break).toMatch(/^2024-25: /);
    expect(across.change_sentence).not.toMatch(/fell|rose/);
    const renumbered = pick(build(reablement.filter((f) => f.period !== "2024-25")).councils.get(MEDWAY)!, "ascof_reablement_91_day").headline;
    expect(renumbered).toMatchObject({change: 1.5, change_direction: "up", change_judgement: "improved"});
  });

  it("describes percentages in points and relative change elsewhere; a change that prints as zero is 'unchanged'", () => {
    expect(describeChange(84.2, 72, "%", "2022-23").text).toBe("up 12.2 percentage points from 72.0% in 2022-23");
    expect(describeChange(559.5, 510.2, "per 100,000", "2022-23").text).toBe("up 9.7% from 510.2 per 100,000 in 2022-23");
    expect(describeChange(70.01, 70, "%", "2021-22").direction).toBe("same");
    expect(describeChange(70, null, "%", "2021-22").text).toBe("no value for 2021-22 to compare");
    expect(describeChange(70, null, "%", null).text).toBe("no earlier period to compare");
  });
});

describe("ranks, spread and judgement within a comparator group", () => {
  // Older people at home 91 days after reablement: high is good; numerators give Wilson intervals.
  const facts = [
    fact("ascof_reablement_91_day", MEDWAY, "2023-24", 90, {numerator: 900, denominator: 1000}),
    fact("ascof_reablement_91_day", KENT, "2023-24", 90, {numerator: 450, denominator: 500}),
    fact("ascof_reablement_91_day", SOUTHEND, "2023-24", 70, {numerator: 70, denominator: 100}),
    fact("ascof_reablement_91_day", THURROCK, "2023-24", 95, {numerator: 95, denominator: 100}),
    fact("ascof_reablement_91_day", ENGLAND, "2023-24", 82, {numerator: 82000, denominator: 100000}),
    // Care home admissions 65+: low is good; no numerators, so no interval.
    fact("ascof_admissions_65_plus", MEDWAY, "2023-24", 400), fact("ascof_admissions_65_plus", KENT, "2023-24", 600),
    fact("ascof_admissions_65_plus", SOUTHEND, "2023-24", 500), fact("ascof_admissions_65_plus", THURROCK, "2023-24", 700),
    fact("ascof_admissions_65_plus", ENGLAND, "2023-24", 550)
  ];
  const page = build(facts).councils.get(MEDWAY)!;

  it("shares ranks between ties and ranks best first by polarity", () => {
    const high = pick(page, "ascof_reablement_91_day").comparison;
    expect(high.rank).toBe(2); // 95, then 90 and 90 share 2nd
    expect(build(facts).councils.get(KENT)!.comparisons["custom-four"][page.headlines.findIndex((h) => h.indicator_id === "ascof_reablement_91_day")].rank).toBe(2);
    expect(high.ranked).toBe(4);
    const low = pick(page, "ascof_admissions_65_plus").comparison;
    expect(low.rank).toBe(1); // lowest admissions is best
  });

  it("gives the group's spread (type 7 quartiles) and its polarity-aware ends", () => {
    const {comparison} = pick(page, "ascof_admissions_65_plus");
    const values = [400, 600, 500, 700];
    expect(comparison.q1).toBe(quantile(values, 0.25));
    expect(comparison.median).toBe(550);
    expect(comparison.q3).toBe(quantile(values, 0.75));
    expect(comparison.best).toBe(400);
    expect(comparison.worst).toBe(700);
  });

  it("judges against England with 99.8% intervals when a numerator and denominator exist", () => {
    const {headline, comparison} = pick(page, "ascof_reablement_91_day");
    const interval = wilsonInterval(900, 1000, 0.998);
    expect(headline.ci998!.lower).toBeCloseTo(interval.lower * 100, 3);
    expect(headline.vs_england).toBe("better"); // 87.4-92.3 excludes 82
    expect(comparison.judgement).toBe("better");
    expect(comparison.judgement_basis).toBe("england");
    expect(headlineSentence(headline, comparison)).toContain("significantly better than England (82.0%) at 99.8% confidence");
  });

  it("falls back to the group's quartiles, and says so, when there is no interval", () => {
    const {comparison} = pick(page, "ascof_admissions_65_plus");
    expect(comparison.judgement).toBe("better"); // 400 is in the best quarter (at or below the lower quartile)
    expect(comparison.judgement_basis).toBe("quartile");
    expect(comparison.position_sentence).toContain("with no interval to test significance; in the best quarter of the group");
  });

  it("judges by England's verdict, else by quarter with four or more values, else not at all", () => {
    const spread = {ranked: 4, q1: 500, q3: 700};
    expect(judge("high_is_good", "worse", 900, spread)).toEqual({judgement: "worse", basis: "england"});
    expect(judge("low_is_good", "not compared", 450, spread)).toEqual({judgement: "better", basis: "quartile"});
    expect(judge("high_is_good", "not compared", 600, spread)).toEqual({judgement: "similar", basis: "quartile"});
    expect(judge("high_is_good", "not compared", 600, {...spread, ranked: 3})).toEqual({judgement: "not compared", basis: "none"});
    expect(judge("no_judgement", "higher", 900, spread)).toEqual({judgement: "no_judgement", basis: "england"});
  });

  it("labels a comparison Sample when its group's member list is the sample, though the figures are published", () => {
    const sampleGroup = group(`nhse_peer-${MEDWAY}`, "nhse_peer", "NHS England ASC peer group of Medway", MEMBERS, MEDWAY, true);
    const pages = build(facts, {groups: [...group("custom-four", "custom", "Four councils", MEMBERS), ...sampleGroup]});
    const medway = pages.councils.get(MEDWAY)!;
    const i = medway.headlines.findIndex((h) => h.indicator_id === "ascof_reablement_91_day");
    expect(medway.headlines[i].sample).toBe(false);
    expect(medway.comparisons["custom-four"][i].sample).toBe(false);
    expect(medway.comparisons[`nhse_peer-${MEDWAY}`][i].sample).toBe(true);
    expect(medway.comparisons[`nhse_peer-${MEDWAY}`][i].position_sentence).toContain("in its NHS England peer group");
  });

  it("positions the spine with better always to the right", () => {
    const {headline, comparison} = pick(page, "ascof_admissions_65_plus");
    const p = spinePositions({id: "x", label: "x", valueText: "", value: headline.value, england: headline.england, worst: comparison.worst, best: comparison.best, q1: comparison.q1, median: comparison.median, q3: comparison.q3, judgement: comparison.judgement})!;
    expect(p.worst).toBe(0);
    expect(p.best).toBe(1);
    expect(p.value).toBe(1); // Medway has the lowest (best) admissions
    expect(p.q1).toBeLessThan(p.q3); // the worse quartile (higher admissions) is on the left
    const stretched = spinePositions({id: "y", label: "y", valueText: "", value: 50, england: 100, worst: 20, best: 60, q1: 30, median: 40, q3: 50, judgement: "similar"})!;
    expect(stretched.englandOutside).toBe(true);
    expect(stretched.england).toBe(1);
    expect(stretched.best).toBeCloseTo(0.5);
  });
});

describe("groups", () => {
  it("lists the council's groups, CIPFA first, and defaults to CIPFA, else the region", () => {
    const rows = [...group("region-E12000008", "region", "South East", MEMBERS), ...group(`cipfa-${MEDWAY}`, "cipfa", "CIPFA nearest neighbours of Medway", MEMBERS, MEDWAY, true), ...group(`cipfa-${KENT}`, "cipfa", "CIPFA nearest neighbours of Kent", MEMBERS, KENT, true)];
    const names = new Map(COUNCILS.map((c) => [c.code, c.name]));
    const medway = groupsForCouncil(rows, MEDWAY, names);
    expect(medway.map((g) => g.group_id)).toEqual([`cipfa-${MEDWAY}`, "region-E12000008"]); // not Kent's CIPFA group
    expect(chooseDefaultGroup(medway)?.group_id).toBe(`cipfa-${MEDWAY}`);
    expect(medway[0].phrase).toBe("in its CIPFA nearest-neighbour group");
    expect(medway[0].kind_label).toBe("CIPFA nearest neighbours");
    expect(medway[0].sample).toBe(true);
    expect(chooseDefaultGroup(groupsForCouncil(rows, SOUTHEND, names))?.group_id).toBe("region-E12000008");
  });
});

describe("CQC assessment", () => {
  const assessment = {
    area_code: MEDWAY, report_date: "2025-01-10", report_url: "", overall_pct: 59, rating: "Requires improvement",
    qs1: 2, qs2: 3, qs3: 2, qs4: 2, qs5: 3, qs6: 3, qs7: 2, qs8: 2, qs9: 2, provenance: "seed 003 (CQC report on Medway)", source_id: "cqc-la-assessments", sample: false
  };

  it("gives the published %, the rating band and the nine scores by theme", () => {
    const cqc = cqcSummary({cqc_assessments: [assessment]}, MEDWAY, "Medway", new Set());
    expect(cqc.assessed).toBe(true);
    expect(cqc.overall_pct).toBe(59);
    expect(cqc.band).toEqual({rating: "Requires improvement", from: 39, to: 62});
    expect(cqc.themes.map((t) => t.name)).toEqual(["Working with people", "Providing support", "Ensuring safety", "Leadership"]);
    expect(cqc.themes.flatMap((t) => t.statements.map((s) => s.score))).toEqual([2, 3, 2, 2, 3, 3, 2, 2, 2]);
    expect(cqc.report_url).toBeNull();
    expect(cqc.note).toContain("not recomputed");
  });

  it("reads Medway's curated assessment (seed 003) from the CQC helper's file", async () => {
    const tables = await parseRawFile({source_id: "cqc-la-assessments", file: "cqc/la-assessments.csv"});
    const cqc = cqcSummary({cqc_assessments: tables.cqc_assessments ?? []}, MEDWAY, "Medway", new Set());
    expect(cqc.overall_pct).toBe(59);
    expect(cqc.rating).toBe("Requires improvement");
    expect(cqc.themes.flatMap((t) => t.statements.map((s) => s.score))).toEqual([2, 3, 2, 2, 3, 3, 2, 2, 2]);
  });

  it("uses each council's own latest assessment for the overall score and says when there is none", () => {
    const facts = [fact("cqc_overall_pct", MEDWAY, "2025-01-10", 59), fact("cqc_overall_pct", KENT, "2025", 56), fact("cqc_overall_pct", SOUTHEND, "2024", 66)];
    const pages = build(facts, {cqc_assessments: [assessment]});
    const medway = pick(pages.councils.get(MEDWAY)!, "cqc_overall_pct");
    expect(medway.headline.period).toBe("2025-01-10");
    expect(medway.comparison.rank).toBe(2); // 66, 59, 56
    expect(medway.comparison.ranked).toBe(3);
    expect(headlineSentence(medway.headline, medway.comparison)).toContain("CQC's assessment of Medway, published 10 January 2025, scored 59%");
    expect(pages.councils.get(THURROCK)!.cqc.assessed).toBe(false);
    expect(pages.overview.cqc.assessed).toBe(1);
  });
});

describe("what changed", () => {
  it("says so when no previous snapshot exists", () => {
    const changes = councilChanges(null, MEDWAY, new Set());
    expect(changes.available).toBe(false);
    expect(changes.message).toMatch(/No previous snapshot exists/);
  });

  it("keeps this council's revisions and rank moves and the headline indicators' new periods", () => {
    const report = {
      version: 1, generated_at: "2026-11-22T00:00:00.000Z", first_snapshot: false, tolerance: 1e-6, limit: 1000,
      counts: {sources: 1, new_periods: 2, revisions: 2, rank_moves: 1, councils_added: 0, councils_removed: 0, indicators_changed: 0},
      sources: [{source_id: "sac-2022-23", file: "safeguarding/sac-2022-23.csv", change: "updated", url: "", vintage_before: "2022-23", vintage_after: "2022-23", sha256_before: "a", sha256_after: "b", rows_before: 1, rows_after: 1, retrieved_at: null}],
      new_periods: [{indicator_id: "sac_concerns_per_100k", title: "Safeguarding concerns per 100,000 adults", period: "2023-24", areas: 153, facts: 153}, {indicator_id: "sac_sars", title: "SARs", period: "2023-24", areas: 153, facts: 153}],
      revisions: [
        {indicator_id: "sac_concerns", title: "Safeguarding concerns raised", area_code: MEDWAY, area_name: "Medway", period: "2022-23", breakdown: "total", old_value: 2200, new_value: 2210, difference: 10, old_status: "ok", new_status: "ok", source_id: "sac-2022-23"},
        {indicator_id: "sac_concerns", title: "Safeguarding concerns raised", area_code: KENT, area_name: "Kent", period: "2022-23", breakdown: "total", old_value: 1, new_value: 2, difference: 1, old_status: "ok", new_status: "ok", source_id: "sac-2022-23"}
      ],
      rank_moves: [{group_id: `cipfa-${MEDWAY}`, group_label: "CIPFA nearest neighbours of Medway", group_kind: "cipfa", area_code: MEDWAY, area_name: "Medway", indicator_id: "sac_msp_fully_achieved", title: "MSP outcomes fully achieved", period: "2022-23", polarity: "high_is_good", old_rank: 7, new_rank: 5, ranked: 16, direction: "better"}],
      councils_added: [], councils_removed: [], indicators_changed: [], by_council: {[MEDWAY]: {revisions: 1, rank_moves: 1}}
    } as ChangeReport;
    const changes = councilChanges(report, MEDWAY, new Set(HEADLINE_INDICATORS.map((h) => h.indicator_id)));
    expect(changes.available).toBe(true);
    expect(changes.counts).toEqual({revisions: 1, rank_moves: 1, new_periods: 1, sources: 1});
    expect(changes.items.join("\n")).toContain("moved from 7th to 5th of 16 in CIPFA nearest neighbours of Medway, better");
    expect(changes.items.join("\n")).toContain("revised from 2,200 to 2,210");
    expect(changes.items.join("\n")).not.toContain("Kent");
    expect(changes.items.join("\n")).not.toContain("SARs");
  });
});

describe("files", () => {
  it("writes a tar archive that a tar reader can read back", () => {
    const archive = tarArchive([{name: "a.json", content: "{\"x\":1}"}, {name: "E06000035.json", content: "é".repeat(600)}]);
    expect(archive.length % 512).toBe(0);
    const entries: {name: string; body: string}[] = [];
    for (let offset = 0; offset + 512 <= archive.length;) {
      const header = archive.subarray(offset, offset + 512);
      if (header.every((b) => b === 0)) break;
      const name = new TextDecoder().decode(header.subarray(0, 100)).replace(/\0.*$/s, "");
      const size = parseInt(new TextDecoder().decode(header.subarray(124, 136)), 8);
      const stored = parseInt(new TextDecoder().decode(header.subarray(148, 156)), 8);
      let sum = 0;
      header.forEach((b, i) => (sum += i >= 148 && i < 156 ? 32 : b));
      expect(stored).toBe(sum);
      entries.push({name, body: new TextDecoder().decode(archive.subarray(offset + 512, offset + 512 + size))});
      offset += 512 + Math.ceil(size / 512) * 512;
    }
    expect(entries.map((e) => e.name)).toEqual(["a.json", "E06000035.json"]);
    expect(entries[1].body).toBe("é".repeat(600));
  });

  it("reads back with tarEntries exactly what tarArchive wrote", () => {
    const files = [{name: "a.json", content: "{\"x\":1}"}, {name: "E06000035.json", content: "é".repeat(600)}, {name: "empty.json", content: ""}];
    const entries = tarEntries(tarArchive(files));
    expect(entries.map((e) => [e.name, new TextDecoder().decode(e.content)])).toEqual(files.map((f) => [f.name, f.content]));
    expect(() => tarEntries(tarArchive(files).subarray(0, 1600))).toThrow(/tar member E06000035\.json: size .* runs past the end of the archive/);
    expect(() => tarEntries(tarArchive(files).subarray(0, 1024))).toThrow(/tar archive ends at byte 1024 without its end blocks: truncated/);
  });

  it("puts one JSON per council plus the overview and about data in the archive", () => {
    const output = build([fact("ascof_reablement_91_day", MEDWAY, "2023-24", 80)]);
    const text = new TextDecoder().decode(councilPagesArchive(output));
    for (const name of ["overview.json", "about.json", `${MEDWAY}.json`, `${KENT}.json`]) expect(text).toContain(name);
  });

  it("keeps the static council index in src/councils.md up to date (153 councils by region)", () => {
    const html = councilIndexHtml();
    expect(html.match(/<li><a href="\.\/council\/E\d{8}">/g)).toHaveLength(153);
    expect(html).toContain(`<a href="./council/${MEDWAY}">Medway</a>`);
    const page = readFileSync("src/councils.md", "utf-8");
    expect(replaceCouncilIndex(page), "src/councils.md is out of date: run npx tsx loaders/council-pages/council-index.ts --write-councils-index").toBe(page);
    expect(councilByCode(MEDWAY)!.region_name).toBe("South East");
  });
});
