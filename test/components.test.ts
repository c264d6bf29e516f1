/**
 * The chart components' data shaping, as pure functions (the charts themselves render in the
 * browser tests): what each chart plots, and therefore what its table and CSV contain; and the
 * OT profile's groups, which must agree with the loaders' lists. (CQC's framework has one home,
 * src/lib/domain/cqc.ts: test/domain.test.ts.)
 */
import {describe, expect, it} from "vitest";
import {OT_PROFILE_GROUPS} from "../loaders/families/workforce/indicators.ts";
import type {ComparatorResult, IndicatorInfo, MemberResult} from "../src/lib/comparator.ts";
import type {IndicatorOption} from "../src/lib/selection.ts";
import {checkComposition, compositionBreakdowns, compositionSegments, SAFEGUARDING_COMPOSITIONS} from "../src/components/composition.ts";
import {assessmentRows} from "../src/components/cqc-framework.ts";
import {gridCells} from "../src/components/cqc-grid.ts";
import {distributionRows} from "../src/components/distribution.ts";
import {funnelLimits, funnelPoints, funnelTarget, funnelUnavailableReason} from "../src/components/funnel.ts";
import {bandPoints} from "../src/components/score-in-band.ts";
import {trendRows} from "../src/components/trend.ts";
import {OT_PROFILE_STACKS, otAreaLabel, otCategoryLabel, otSegments, profileRequests} from "../src/components/workforce-profile.ts";
import {csvNumber, valueCell} from "../src/components/cells.ts";
import {textOn, VERDICT_STYLES} from "../src/components/palette.ts";
import {proportionFunnelLimits, rateFunnelLimits} from "../src/lib/stats.ts";

function member(area_code: string, value: number | null, extra: Partial<MemberResult> = {}): MemberResult {
  return {
    area_code, name: `Council ${area_code}`, short_name: area_code, value, numerator: null, denominator: null, status: value === null ? "suppressed" : "ok",
    rank: null, is_focal: false, ci95: null, ci998: null, vs_england: "not compared", vs_median: "not compared", ...extra
  };
}

function result(members: MemberResult[], extra: Partial<ComparatorResult> = {}): ComparatorResult {
  return {
    selection: {focal: "A", group: "g", indicator: "i", period: "2023-24", breakdown: "total"}, members, focal: members.find((m) => m.is_focal),
    stats: {members: members.length, with_value: members.filter((m) => m.value !== null).length, mean: null, median: 80, q1: 75, q3: 85, min: 70, max: 90},
    england: 78, england_numerator: null, england_denominator: null, region: null, sentence: "", ...extra
  };
}

const PROPORTION: IndicatorInfo = {indicator_id: "i", title: "A proportion", short_title: "P", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good", definition: "", source: "", caveats: ""};
const RATE: IndicatorInfo = {...PROPORTION, title: "A rate", unit: "per 100,000", value_type: "rate", multiplier: 100000, polarity: "low_is_good"};

describe("browser copies of the loaders' reference lists", () => {
  it("the OT profile's stacks are Table A1's share groups", () => {
    for (const stack of OT_PROFILE_STACKS) expect(stack.indicators).toEqual(OT_PROFILE_GROUPS[stack.group]);
  });
});

describe("palette", () => {
  it("gives every verdict a shape or glyph as well as a colour", () => {
    const glyphs = Object.values(VERDICT_STYLES).map((s) => `${s.glyph}${s.rotate}${s.hollow}`);
    expect(VERDICT_STYLES.better.glyph).toBe("▲");
    expect(VERDICT_STYLES.worse.glyph).toBe("▼");
    expect(new Set([VERDICT_STYLES.better, VERDICT_STYLES.worse, VERDICT_STYLES.similar, VERDICT_STYLES["not compared"]].map((s) => `${s.glyph}`)).size).toBe(4);
    expect(glyphs.length).toBe(6);
  });
  it("picks black text on light fills and white on dark", () => {
    expect(textOn("#fdb863")).toBe("#000");
    expect(textOn("#5e3c99")).toBe("#fff");
  });
});

describe("cells", () => {
  it("writes values without their unit for tables, and rounds numbers for CSVs", () => {
    expect(valueCell(84.2, "%")).toBe("84.2");
    expect(valueCell(560.84, "per 100,000 adults")).toBe("560.8");
    expect(valueCell(1234, "count")).toBe("1,234");
    expect(valueCell(null, "%")).toBe("–");
    expect(csvNumber(0.1 + 0.2)).toBe(0.3);
    expect(csvNumber(null)).toBeNull();
  });
});

describe("distributionRows: what the strip plots", () => {
  it("plots members with a value, low to high, then the quartiles, median and England", () => {
    const rows = distributionRows(result([member("A", 80, {is_focal: true}), member("B", 90), member("C", 70), member("D", null)]));
    expect(rows.map((r) => `${r.mark}:${r.area_code}:${r.value}`)).toEqual([
      "member:C:70", "member:A:80", "member:B:90", "lower quartile::75", "group median::80", "upper quartile::85", "England:E92000001:78"
    ]);
    expect(rows.find((r) => r.is_focal)?.quarter).toBe(3);
    expect(rows[0].quarter).toBe(1);
    expect(rows[2].quarter).toBe(4);
  });
  it("leaves out references that are not published", () => {
    const rows = distributionRows(result([member("A", 80)], {england: null}));
    expect(rows.some((r) => r.mark === "England")).toBe(false);
  });
});

describe("trendRows", () => {
  it("marks missing and suppressed periods and attaches the catalogue's series breaks", () => {
    const rows = trendRows([
      {period: "2022-23", focal: null, focal_status: null, england: 80, group_median: 79, group_q1: 75, group_q3: 82, reporting: 10},
      {period: "2023-24", focal: null, focal_status: "suppressed", england: 81, group_median: null, group_q1: null, group_q3: null, reporting: 0},
      {period: "2024-25", focal: 84.2, focal_status: "ok", england: 82, group_median: 80, group_q1: 76, group_q3: 83, reporting: 12}
    ], [{period: "2024-25", note: "SALT replaced by CLD."}]);
    expect(rows.map((r) => r.focal_status)).toEqual(["missing", "suppressed", "ok"]);
    expect(rows.map((r) => r.series_break)).toEqual([null, null, "SALT replaced by CLD."]);
  });
});

describe("funnel", () => {
  const members = [
    member("A", 80, {numerator: 80, denominator: 100, is_focal: true}),
    member("B", 95, {numerator: 950, denominator: 1000}),
    member("C", 60, {numerator: 600, denominator: 1000}),
    member("D", 77, {numerator: 77, denominator: 100}),
    member("E", null)
  ];
  it("centres the limits on England's value, or on the group's pooled value when England is not published", () => {
    expect(funnelTarget(PROPORTION, result(members))).toEqual({value: 78, label: "England 78.0%"});
    const pooled = funnelTarget(PROPORTION, result(members, {england: null}))!;
    expect(pooled.value).toBeCloseTo(((80 + 950 + 600 + 77) / 2200) * 100, 9);
  });
  it("uses proportionFunnelLimits for proportions and rateFunnelLimits for rates, on the value's scale", () => {
    const p = proportionFunnelLimits(0.78, 100, 0.998);
    expect(funnelLimits(PROPORTION, 78, 100, 0.998)).toEqual({lower: p.lower * 100, upper: p.upper * 100});
    expect(funnelLimits(RATE, 500, 10_000, 0.95)).toEqual(rateFunnelLimits(500, 10_000, 100_000, 0.95));
  });
  it("plots members with numerator and denominator, and classifies them by the 99.8% limits and polarity", () => {
    const points = funnelPoints(result(members), PROPORTION, 78);
    expect(points.map((p) => p.area_code)).toEqual(["A", "D", "B", "C"]);
    const byCode = Object.fromEntries(points.map((p) => [p.area_code, p]));
    expect(byCode.A).toMatchObject({position: "within 95%", verdict: "similar"});
    expect(byCode.B).toMatchObject({position: "outside 99.8%", verdict: "better"});
    expect(byCode.C).toMatchObject({position: "outside 99.8%", verdict: "worse"});
    const reversed = funnelPoints(result(members), {...PROPORTION, polarity: "low_is_good"}, 78);
    expect(reversed.find((p) => p.area_code === "B")!.verdict).toBe("worse");
    const none = funnelPoints(result(members), {...PROPORTION, polarity: "no_judgement"}, 78);
    expect(none.find((p) => p.area_code === "B")!.verdict).toBe("higher");
  });
  it("says why it is not shown for a score, a count, or without numerators and denominators", () => {
    expect(funnelUnavailableReason({...PROPORTION, value_type: "score", title: "Quality of life"}, result(members))).toMatch(/needs a proportion or a rate; Quality of life is a score/);
    expect(funnelUnavailableReason({...PROPORTION, value_type: "count"}, result(members))).toMatch(/is a count/);
    expect(funnelUnavailableReason(PROPORTION, result([member("A", 80), member("B", 70)]))).toMatch(/gives no numerators and denominators/);
    expect(funnelUnavailableReason(PROPORTION, result(members))).toBeNull();
  });
});

describe("composition", () => {
  const indicator = {
    periods: ["2021-22", "2022-23"],
    breakdowns: {"2021-22": ["type_of_risk=Neglect", "type_of_risk=Physical", "location_of_risk=Own Home"], "2022-23": ["type_of_risk=Neglect", "type_of_risk=Self-Neglect"]}
  } as unknown as IndicatorOption;
  it("lists a dimension's breakdowns across periods in first-seen order", () => {
    expect(compositionBreakdowns(indicator, "type_of_risk")).toEqual(["type_of_risk=Neglect", "type_of_risk=Physical", "type_of_risk=Self-Neglect"]);
  });
  it("scales each bar's counts to 100%, even when published shares add up to more (several risk types per enquiry)", () => {
    const rows = [
      {period: "2022-23", area_code: "A", name: "Medway", breakdown: "type_of_risk=Neglect", value: 60, numerator: 60, denominator: 100, status: "derived"},
      {period: "2022-23", area_code: "A", name: "Medway", breakdown: "type_of_risk=Physical", value: 60, numerator: 60, denominator: 100, status: "derived"},
      {period: "2022-23", area_code: "A", name: "Medway", breakdown: "type_of_risk=Self-Neglect", value: null, numerator: null, denominator: 100, status: "suppressed"}
    ];
    const segments = compositionSegments(rows, "type_of_risk");
    expect(segments.map((s) => [s.category, s.count, s.published_share, s.stacked_share])).toEqual([["Neglect", 60, 60, 50], ["Physical", 60, 60, 50]]);
  });
  it("falls back to published shares when no counts are given", () => {
    const rows = [
      {period: "2022-23", area_code: "E92000001", name: "England", breakdown: "msp_outcome=Fully", value: 66, numerator: null, denominator: null, status: "ok"},
      {period: "2022-23", area_code: "E92000001", name: "England", breakdown: "msp_outcome=Partially", value: 33, numerator: null, denominator: null, status: "ok"}
    ];
    expect(compositionSegments(rows, "msp_outcome").map((s) => s.stacked_share.toFixed(2))).toEqual(["66.67", "33.33"]);
  });
  it("checks the composition named in the URL", () => {
    expect(checkComposition("source_of_risk", SAFEGUARDING_COMPOSITIONS).composition.id).toBe("source_of_risk");
    expect(checkComposition(null, SAFEGUARDING_COMPOSITIONS)).toEqual({composition: SAFEGUARDING_COMPOSITIONS[0], problem: null});
    const bad = checkComposition("'; DROP TABLE facts; --", SAFEGUARDING_COMPOSITIONS);
    expect(bad.composition).toBe(SAFEGUARDING_COMPOSITIONS[0]);
    expect(bad.problem).toMatch(/^Unknown composition/);
  });
  it("covers type, location and source of risk, outcomes and Making Safeguarding Personal", () => {
    expect(SAFEGUARDING_COMPOSITIONS.map((c) => c.dimension)).toEqual(["type_of_risk", "location_of_risk", "source_of_risk", "action_and_outcome", "risk_outcome", "msp_asked", "msp_outcome"]);
  });
});

describe("CQC grid and score in band", () => {
  const rows = assessmentRows([
    {area_code: "E06000035", name: "Medway", short_name: "Medway", is_focal: true, report_date: "2025-01-10", overall_pct: 59, rating: "Requires improvement", qs1: 2, qs2: 3, qs3: 2, qs4: 2, qs5: 3, qs6: 3, qs7: 2, qs8: 2, qs9: 2, sample: false},
    {area_code: "E06000041", name: "Wokingham", short_name: "Wokingham", is_focal: false, report_date: "2025", overall_pct: 81, rating: "Good", qs1: null, qs2: null, qs3: null, qs4: null, qs5: null, qs6: null, qs7: null, qs8: null, qs9: 4, sample: false},
    {area_code: "E06000036", name: "Bracknell Forest", short_name: "Bracknell Forest", is_focal: false, report_date: null, overall_pct: null, rating: null, qs1: null, qs2: null, qs3: null, qs4: null, qs5: null, qs6: null, qs7: null, qs8: null, qs9: null, sample: false}
  ]);
  it("makes nine cells per council, scores nullable", () => {
    const cells = gridCells(rows.slice(0, 2));
    expect(cells).toHaveLength(18);
    expect(cells.filter((c) => c.area_code === "E06000035").map((c) => c.score)).toEqual([2, 3, 2, 2, 3, 3, 2, 2, 2]);
    expect(cells.find((c) => c.area_code === "E06000041" && c.statement === "QS9")!.score).toBe(4);
  });
  it("places each published overall % in its band, with the points to the next band, unscored councils left out", () => {
    expect(bandPoints(rows).map((p) => [p.name, p.overall_pct, p.band, p.to_next_band])).toEqual([
      ["Wokingham", 81, "Good", 7], ["Medway", 59, "Requires improvement", 4]
    ]);
  });
});

describe("workforce profile", () => {
  const option = (id: string, periods: string[], breakdowns: Record<string, string[]>) => ({indicator_id: id, periods, breakdowns}) as unknown as IndicatorOption;
  it("uses the explorer's period and breakdown where published, else the latest period and the total", () => {
    const requests = profileRequests([
      option("turnover", ["2022-23", "2023-24"], {"2022-23": ["total", "job_role=Care worker"], "2023-24": ["total", "job_role=Care worker"]}),
      option("vacancy", ["2022-23"], {"2022-23": ["total"]})
    ], "2023-24", "job_role=Care worker");
    expect(requests).toEqual([
      {indicator: "turnover", period: "2023-24", breakdown: "job_role=Care worker"},
      {indicator: "vacancy", period: "2022-23", breakdown: "total"}
    ]);
  });
  it("labels NHS footprints as such and scales each OT profile to 100%", () => {
    expect(otAreaLabel("Berkshire West", "nhs_footprint")).toBe("Berkshire West (NHS footprint)");
    expect(otAreaLabel("Medway", "UA")).toBe("Medway");
    expect(otCategoryLabel({short_title: "OTs agency/indirect"} as IndicatorOption, "x")).toBe("Agency/indirect");
    const rows = [
      {area_code: "NHSFP:berkshire-west", name: "Berkshire West", type: "nhs_footprint", indicator_id: "workforce-ot-permanent-pct", value: 67},
      {area_code: "NHSFP:berkshire-west", name: "Berkshire West", type: "nhs_footprint", indicator_id: "workforce-ot-temporary-pct", value: 0},
      {area_code: "NHSFP:berkshire-west", name: "Berkshire West", type: "nhs_footprint", indicator_id: "workforce-ot-indirect-pct", value: 33},
      {area_code: "E06000039", name: "Slough", type: "UA", indicator_id: "workforce-ot-permanent-pct", value: null}
    ];
    const {segments, gaps} = otSegments(rows, new Map(), "E06000035");
    const employment = segments.filter((s) => s.stack === "Employment status");
    expect(employment.map((s) => [s.area_label, s.published, s.stacked_share])).toEqual([
      ["Berkshire West (NHS footprint)", 67, 67], ["Berkshire West (NHS footprint)", 0, 0], ["Berkshire West (NHS footprint)", 33, 33]
    ]);
    expect(gaps).toContainEqual({area: "Slough", stack: "Employment status"});
    expect(gaps).toContainEqual({area: "Berkshire West (NHS footprint)", stack: "Age"});
  });
});
