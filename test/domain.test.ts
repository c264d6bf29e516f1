/**
 * The domain layer (src/lib/domain), which the loaders and the site both import: every group kind's
 * sentence in the explorers and on the council pages, the group order and default rule, CQC's
 * band rule, the source-id and sample rules, and the status words.
 */
import {describe, expect, it} from "vitest";
import {comparatorSentence, type ComparatorResult, type IndicatorInfo, type MemberResult} from "../src/lib/comparator.ts";
import {chooseDefaultGroup, GROUP_KINDS, groupKindLabel, groupName, groupPhrase, sortGroups, type GroupKind} from "../src/lib/domain/groups.ts";
import {bandForOverallPercent, LA_ASSESSMENT_BANDS, QUALITY_STATEMENTS, ratingForOverallPercent, THEMES, themeName} from "../src/lib/domain/cqc.ts";
import {anySampleSource, derivedSourceId, inputSourceIds, isSampleComparison, isSampleSelection, isSampleSource} from "../src/lib/domain/sources.ts";
import {statusText} from "../src/lib/domain/status.ts";
import type {GroupInfo} from "../src/lib/domain/types.ts";
import {buildBuiltInGroups} from "../loaders/families/geography/groups.ts";
import {COUNCILS, councilByCode} from "../loaders/families/geography/index.ts";
import {groupsForCouncil} from "../loaders/council-pages/comparison.ts";

const MEDWAY = councilByCode("E06000035")!;

/** Medway's groups as the build makes them: the built-in ones (England, its region, its ICS) and a CIPFA, a peer and a custom group. */
function medwayGroups(): GroupInfo[] {
  const builtIn = buildBuiltInGroups(COUNCILS).filter((r) => r.member_code === MEDWAY.code);
  const own = (kind: GroupKind, label: string, focal: boolean): GroupInfo => ({
    group_id: `${kind}-x`, kind, label, focal_code: focal ? MEDWAY.code : null, vintage: "2023", provenance: "", sample: false, members: [MEDWAY.code, "E10000016"]
  });
  return [
    ...builtIn.map((r) => ({group_id: r.group_id, kind: r.kind, label: r.label, focal_code: r.focal_code, vintage: r.vintage, provenance: r.provenance, sample: r.sample, members: [MEDWAY.code]})),
    own("cipfa", "CIPFA nearest neighbours of Medway", true),
    own("nhse_peer", "NHS England ASC peer group of Medway", true),
    own("custom", "Kent and Medway councils", false)
  ];
}

const INDICATOR: IndicatorInfo = {
  indicator_id: "ascof_reablement_91_day", title: "Reablement", short_title: "Reablement", unit: "%", value_type: "proportion", multiplier: 100,
  polarity: "high_is_good", definition: "", source: "", caveats: ""
};

function explorerSentence(group: GroupInfo): string {
  const focal: MemberResult = {
    area_code: MEDWAY.code, name: "Medway", short_name: "Medway", value: 61.2, numerator: null, denominator: null, status: "ok", rank: 1,
    is_focal: true, ci95: null, ci998: null, vs_england: "not compared", vs_median: "not compared"
  };
  const result: ComparatorResult = {
    selection: {focal: MEDWAY.code, group: group.group_id, indicator: INDICATOR.indicator_id, period: "2024-25", breakdown: "total"},
    members: [focal], focal, stats: {members: 2, with_value: 2, mean: null, median: null, q1: null, q3: null, min: null, max: null},
    england: null, england_numerator: null, england_denominator: null, region: null, sentence: ""
  };
  return comparatorSentence(result, INDICATOR, group, "Medway");
}

describe("every group kind's sentence", () => {
  const groups = medwayGroups();
  const byKind = (kind: GroupKind) => groups.find((g) => g.kind === kind)!;

  it("has a group of every kind to test", () => {
    expect(new Set(groups.map((g) => g.kind))).toEqual(new Set(GROUP_KINDS));
  });

  it("reads right in the explorer for each kind, and never says 'ICS ICS' or 'region region'", () => {
    const sentences = Object.fromEntries(GROUP_KINDS.map((kind) => [kind, explorerSentence(byKind(kind))]));
    expect(sentences).toEqual({
      cipfa: "Medway is 1st of 2 in its CIPFA nearest-neighbour group (1st is best) at 61.2%.",
      nhse_peer: "Medway is 1st of 2 in its NHS England peer group (1st is best) at 61.2%.",
      region: "Medway is 1st of 2 in the South East region (1st is best) at 61.2%.",
      ics: "Medway is 1st of 2 in the Kent and Medway ICS (1st is best) at 61.2%.",
      custom: "Medway is 1st of 2 in the group \"Kent and Medway councils\" (1st is best) at 61.2%.",
      all_england: "Medway is 1st of 2 among all English councils (1st is best) at 61.2%."
    });
    for (const sentence of Object.values(sentences)) expect(sentence).not.toMatch(/\b(\w+) \1\b/);
  });

  it("gives the council pages the same phrase, and the same noun for 'not a member of'", () => {
    const pages = groupsForCouncil(groups.flatMap((g) => g.members.map((member_code) => ({...g, member_code, rank: null}))), MEDWAY.code, new Map());
    for (const page of pages) expect(page.phrase).toBe(groupPhrase(page));
    expect(groupName(byKind("ics"))).toBe("the Kent and Medway ICS");
    expect(groupName({kind: "ics", label: "Kent and Medway"})).toBe("the Kent and Medway ICS");
    expect(groupPhrase(byKind("all_england"))).toBe("among all English councils");
  });

  it("labels every kind, orders them closest first, and defaults to CIPFA, else the region", () => {
    for (const kind of GROUP_KINDS) expect(groupKindLabel(kind)).not.toBe(kind);
    expect(sortGroups([...groups].reverse()).map((g) => g.kind)).toEqual(GROUP_KINDS);
    expect(chooseDefaultGroup(groups)?.kind).toBe("cipfa");
    expect(chooseDefaultGroup(groups.filter((g) => g.kind !== "cipfa"))?.kind).toBe("region");
  });
});

describe("CQC's framework", () => {
  it("has nine statements in four themes, numbered as the qs1..qs9 columns", () => {
    expect(QUALITY_STATEMENTS.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(QUALITY_STATEMENTS.map(themeName))).toEqual(new Set(THEMES.map((t) => t.name)));
  });

  it("bands whole percentages edge to edge, and a fraction by the whole number it rounds to", () => {
    for (let i = 1; i < LA_ASSESSMENT_BANDS.length; i++) expect(LA_ASSESSMENT_BANDS[i].from).toBe(LA_ASSESSMENT_BANDS[i - 1].to + 1);
    expect(ratingForOverallPercent(59)).toBe("Requires improvement"); // Medway, seed 003
    expect(ratingForOverallPercent(62.4)).toBe("Requires improvement");
    expect(ratingForOverallPercent(62.5)).toBe("Good");
    expect(bandForOverallPercent(88)).toEqual({rating: "Outstanding", from: 88, to: 100});
    expect(ratingForOverallPercent(24)).toBeUndefined();
  });
});

describe("source ids and the sample rule", () => {
  const sample = new Set(["sac-2022-23"]);

  it("expands a derived id into its inputs, and derives one from inputs that are derived themselves", () => {
    expect(inputSourceIds("derived:ons-mye-2022+sac-2022-23")).toEqual(["ons-mye-2022", "sac-2022-23"]);
    expect(inputSourceIds("ascof-2024-25")).toEqual(["ascof-2024-25"]);
    expect(derivedSourceId(["sac-2022-23", "derived:ons-mye-2022+sac-2022-23"])).toBe("derived:ons-mye-2022+sac-2022-23");
  });

  it("calls a figure sample when any of its inputs is, and a view sample when any figure or its group list is", () => {
    expect(isSampleSource("derived:ons-mye-2022+sac-2022-23", sample)).toBe(true);
    expect(isSampleSource("ons-mye-2022", sample)).toBe(false);
    expect(isSampleSource(null, sample)).toBe(false);
    expect(anySampleSource(["ons-mye-2022", "derived:sac-2022-23"], sample)).toBe(true);
    expect(isSampleComparison(false, {sample: true})).toBe(true);
    expect(isSampleSelection({sample_periods: ["2022-23"]}, "2022-23", {sample: false})).toBe(true);
    expect(isSampleSelection({sample_periods: ["2022-23"]}, "2023-24", {sample: false})).toBe(false);
  });
});

describe("status words", () => {
  it("says what a missing or withheld value is, and passes an unknown status through", () => {
    expect(statusText("suppressed")).toBe("suppressed by the publisher");
    expect(statusText("missing")).toBe("no value published");
    expect(statusText("something_new")).toBe("something_new");
  });
});
