/**
 * Small fixed inputs for the chart snapshot tests: one comparator group of five councils with a
 * suppressed sixth, a five-year trend with a gap and a series break, a safeguarding composition,
 * three CQC assessments, the workforce and OT profiles, spine rows, tiles and an overview. Every
 * figure is written here by hand (no clock, no randomness), and where a component shapes its own
 * input (funnelPoints, compositionSegments, assessmentRows, bandPoints, otSegments, trendRows) the
 * fixture goes through that function, so the snapshot records what a page would draw.
 */
import type {ComparatorResult, IndicatorInfo, MemberResult} from "../../src/lib/comparator.ts";
import type {IndicatorOption} from "../../src/lib/selection.ts";
import type {CqcSummary, OverviewData} from "../../src/lib/domain/council-data.ts";
import {compositionSegments} from "../../src/components/composition.ts";
import {assessmentRows} from "../../src/components/cqc-framework.ts";
import {ENGLAND_CODE} from "../../src/lib/domain/areas.ts";
import {bandForOverallPercent, LA_ASSESSMENT_BANDS, SCORE_DESCRIPTORS} from "../../src/lib/domain/cqc.ts";
import {funnelPoints, funnelTarget} from "../../src/components/funnel.ts";
import {bandPoints} from "../../src/components/score-in-band.ts";
import type {SpineRow} from "../../src/components/spine-chart.ts";
import type {TileOptions} from "../../src/components/tiles.ts";
import {trendRows} from "../../src/components/trend.ts";
import {OT_PROFILE_STACKS, otSegments, type ProfileRow} from "../../src/components/workforce-profile.ts";

export const FOCAL = {code: "E06000035", name: "Medway"};

export const PROPORTION: IndicatorInfo = {
  indicator_id: "ascof-2d", title: "Short-term support with no further request", short_title: "Short-term outcome", unit: "%",
  value_type: "proportion", multiplier: 100, polarity: "high_is_good", definition: "", source: "", caveats: ""
};

/** An indicator as the options file gives it, for the components that take one. */
export function indicatorOption(info: IndicatorInfo, periods = ["2023-24"]): IndicatorOption {
  return {
    ...info, family: "reablement", source_url: "", codes: [], series_breaks: [], derived: false, periods,
    breakdowns: Object.fromEntries(periods.map((p) => [p, ["total"]])), vintages: {}, sources: {}, sample_periods: []
  };
}

function member(area_code: string, name: string, value: number | null, numerator: number | null, denominator: number | null, extra: Partial<MemberResult> = {}): MemberResult {
  return {
    area_code, name, short_name: name, value, numerator, denominator, status: value === null ? "suppressed" : "ok",
    rank: null, is_focal: false, ci95: null, ci998: null, vs_england: "similar", vs_median: "similar", ...extra
  };
}

const members: MemberResult[] = [
  member("E10000016", "Kent", 86.1, 1722, 2000, {rank: 1, ci95: {lower: 84.5, upper: 87.6}, vs_england: "better"}),
  member("E10000012", "Essex", 83, 1245, 1500, {rank: 2, ci95: {lower: 81, upper: 84.8}}),
  member(FOCAL.code, FOCAL.name, 78.4, 392, 500, {rank: 3, is_focal: true, ci95: {lower: 74.6, upper: 81.8}}),
  member("E06000030", "Swindon", 75.2, 301, 400, {rank: 4, ci95: {lower: 70.7, upper: 79.2}}),
  member("E06000034", "Thurrock", 70, 210, 300, {rank: 5, ci95: {lower: 64.6, upper: 74.9}, vs_england: "worse"}),
  member("E06000032", "Luton", null, null, null)
];

export const RESULT: ComparatorResult = {
  selection: {focal: FOCAL.code, group: "cipfa:E06000035", indicator: PROPORTION.indicator_id, period: "2023-24", breakdown: "total"},
  members,
  focal: members.find((m) => m.is_focal),
  stats: {members: 6, with_value: 5, mean: 78.54, median: 78.4, q1: 75.2, q3: 83, min: 70, max: 86.1},
  england: 80.1, england_numerator: null, england_denominator: null, region: 79.5,
  sentence: "Medway is 3rd of 5 in its CIPFA nearest-neighbour group."
};

export const FUNNEL_TARGET = funnelTarget(PROPORTION, RESULT)!;
export const FUNNEL_POINTS = funnelPoints(RESULT, PROPORTION, FUNNEL_TARGET.value);

const trend = (period: string, focal: number | null, england: number, median: number, q1: number, q3: number) =>
  ({period, focal, focal_status: focal === null ? "suppressed" : "ok", england, group_median: median, group_q1: q1, group_q3: q3, reporting: 5});
export const TREND_ROWS = trendRows([
  trend("2019-20", 72.5, 77.8, 74, 70.2, 79.5),
  trend("2020-21", 74.1, 78.2, 75.1, 71, 80.3),
  trend("2021-22", null, 79, 76.4, 72.8, 81),
  trend("2022-23", 77, 79.6, 77.9, 74.1, 82.2),
  trend("2023-24", 78.4, 80.1, 78.4, 75.2, 83)
], [{period: "2022-23", note: "The measure was redefined in 2022-23."}]);

export const COMPOSITION_CATEGORIES = ["Neglect and Acts of Omission", "Physical", "Financial or Material"];
const shares = (area_code: string, name: string, period: string, counts: number[]) =>
  COMPOSITION_CATEGORIES.map((category, i) => ({period, area_code, name, breakdown: `type_of_risk=${category}`, numerator: counts[i], value: null, status: "ok"}));
export const COMPOSITION_SEGMENTS = compositionSegments([
  ...shares(FOCAL.code, FOCAL.name, "2022-23", [120, 60, 40]),
  ...shares(FOCAL.code, FOCAL.name, "2023-24", [150, 45, 12]),
  ...shares(ENGLAND_CODE, "England", "2022-23", [52000, 31000, 18000]),
  ...shares(ENGLAND_CODE, "England", "2023-24", [55000, 30500, 19500])
], "type_of_risk");

const assessment = (area_code: string, name: string, is_focal: boolean, overall_pct: number | null, rating: string | null, scores: (number | null)[]) => ({
  area_code, name, short_name: name, is_focal, report_date: overall_pct === null ? null : "2024-11-20", report_url: null, overall_pct, rating,
  ...Object.fromEntries(scores.map((s, i) => [`qs${i + 1}`, s])), provenance: overall_pct === null ? null : "CQC report", sample: false
});
export const ASSESSMENTS = assessmentRows([
  assessment("E10000016", "Kent", false, 67, "Good", [3, 3, 2, 3, 3, 2, 3, 3, 2]),
  assessment(FOCAL.code, FOCAL.name, true, 59, "Requires improvement", [2, 3, 2, 2, 3, 2, 2, 3, 2]),
  assessment("E06000030", "Swindon", false, 40, "Requires improvement", [2, 1, 2, null, 2, 1, 2, 2, 1])
]);
export const BAND_POINTS = bandPoints(ASSESSMENTS);

export const CQC_SUMMARY: CqcSummary = {
  assessed: true, rating: "Requires improvement", overall_pct: 59, report_date: "2024-11-20", report_url: null, search_url: "", provenance: "CQC report", sample: false,
  band: bandForOverallPercent(59)!, bands: [...LA_ASSESSMENT_BANDS],
  themes: [
    {id: "working-with-people", name: "Working with people", statements: [
      {id: "qs1", number: 1, name: "Assessing needs", score: 2, descriptor: SCORE_DESCRIPTORS[2]},
      {id: "qs2", number: 2, name: "Supporting people to live healthier lives", score: 3, descriptor: SCORE_DESCRIPTORS[3]}
    ]},
    {id: "ensuring-safety", name: "Ensuring safety", statements: [{id: "qs6", number: 6, name: "Safe systems, pathways and transitions", score: null, descriptor: ""}]}
  ],
  note: ""
};

const TURNOVER = indicatorOption({...PROPORTION, indicator_id: "workforce-turnover-rate", title: "Turnover rate", short_title: "Turnover", value_type: "rate", multiplier: null, polarity: "low_is_good"});
const VACANCY = indicatorOption({...TURNOVER, indicator_id: "workforce-vacancy-rate", title: "Vacancy rate", short_title: "Vacancies"});
export const PROFILE_ROWS: ProfileRow[] = [
  {indicator: TURNOVER, period: "2023-24", breakdown: "total", focal: 24.6, focal_status: "ok", group_median: 27.1, group_q1: 22.8, group_q3: 30.2, england: 28.3, reporting: 16},
  {indicator: VACANCY, period: "2023-24", breakdown: "total", focal: null, focal_status: "suppressed", group_median: 8.4, group_q1: 6.9, group_q3: 10.1, england: 8.1, reporting: 15}
];

const otShares = (area_code: string, name: string, type: string, values: number[][]) =>
  OT_PROFILE_STACKS.flatMap((stack, s) => stack.indicators.map((indicator_id, i) => ({area_code, name, type, indicator_id, value: values[s][i]})));
export const OT_SEGMENTS = otSegments([
  ...otShares(FOCAL.code, FOCAL.name, "UA", [[80, 10, 10], [45, 35, 20], [5, 70, 25]]),
  ...otShares("E10000016", "Kent", "county", [[90, 5, 5], [50, 30, 20], [3, 77, 20]]),
  ...otShares("NHSFP:berkshire-west", "Berkshire West", "nhs_footprint", [[67, 0, 33], [40, 40, 20], [8, 72, 20]])
], new Map(), FOCAL.code).segments;

export const SPINE_ROWS: SpineRow[] = [
  {id: "ascof-2d", label: "Short-term support with no further request", valueText: "78.4%", value: 78.4, england: 80.1, worst: 70, best: 86.1, q1: 75.2, median: 78.4, q3: 83, judgement: "similar"},
  {id: "sac-rate", label: "Section 42 enquiries per 100,000 adults", unit: "per 100,000 adults", valueText: "212.5", value: 212.5, england: 160.2, worst: 240, best: 95, q1: 120, median: 150.5, q3: 190, judgement: "worse"},
  {id: "workforce-vacancy-rate", label: "Vacancy rate", valueText: "no value", value: null, england: 8.1, worst: null, best: null, q1: null, median: null, q3: null, judgement: "not compared"}
];

export const TILES: TileOptions[] = [
  {id: "tile-ascof-2d", title: "Short-term outcome", value: "78.4%", period: "2023-24", change: "up 1.4 percentage points from 77.0% in 2022-23", changeDirection: "up", changeJudgement: "improved",
    rank: "3rd of 5 in the CIPFA group", judgement: "similar", judgementText: "Similar to England", href: "../reablement?focal=E06000035", hrefLabel: "Explore short-term outcome"},
  {id: "tile-sac-rate", title: "Section 42 enquiries", value: "212.5", unit: "per 100,000", period: "2023-24", change: "no previous period to compare", changeDirection: null, changeJudgement: null,
    rank: "5th of 5 in the CIPFA group", judgement: "worse", judgementText: "Worse than England", notes: ["Rates use ONS mid-2022 populations."], sample: true}
];

export const OVERVIEW: OverviewData = {
  version: 1, snapshot_generated_at: "2026-01-01T00:00:00Z",
  councils: [
    {code: FOCAL.code, name: FOCAL.name, region_code: "E12000008", region_name: "South East"},
    {code: "E10000016", name: "Kent", region_code: "E12000008", region_name: "South East"},
    {code: "E10000012", name: "Essex", region_code: "E12000006", region_name: "East of England"},
    {code: "E06000030", name: "Swindon", region_code: "E12000009", region_name: "South West"}
  ],
  regions: [{code: "E12000008", name: "South East"}, {code: "E12000006", name: "East of England"}, {code: "E12000009", name: "South West"}],
  cqc: {
    assessed: 3, total: 4, sample: false,
    by_rating: [{rating: "Outstanding", count: 0}, {rating: "Good", count: 1}, {rating: "Requires improvement", count: 2}, {rating: "Inadequate", count: 0}],
    councils: [
      {code: "E10000016", name: "Kent", region_name: "South East", rating: "Good", overall_pct: 67, report_date: "2024-10-02"},
      {code: FOCAL.code, name: FOCAL.name, region_name: "South East", rating: "Requires improvement", overall_pct: 59, report_date: "2024-11-20"},
      {code: "E06000030", name: "Swindon", region_name: "South West", rating: "Requires improvement", overall_pct: 40, report_date: "2025-02-14"}
    ]
  },
  indicators: [
    {indicator_id: "ascof-2d", family: "reablement", title: PROPORTION.title, short_title: PROPORTION.short_title, unit: "%", polarity: "high_is_good", period: "2023-24", england: 80.1, sample: false,
      values: [{code: FOCAL.code, value: 78.4}, {code: "E10000016", value: 86.1}, {code: "E10000012", value: 83}, {code: "E06000030", value: 75.2}]},
    {indicator_id: "workforce-turnover-rate", family: "workforce", title: "Turnover rate", short_title: "Turnover", unit: "%", polarity: "low_is_good", period: "2023-24", england: 28.3, sample: true,
      values: [{code: FOCAL.code, value: 24.6}, {code: "E10000016", value: 29.9}, {code: "E10000012", value: 27.1}]}
  ],
  freshness: []
};
