/**
 * The areas Skills for Care files name, mapped to codes explicitly: councils through geography's
 * alias table, England and the regions by name, the one combined row Skills for Care publishes,
 * and the NHS footprints that appear in the OT employment profile (seed 000, Table A1).
 */
import type {AreaRow} from "../../model.ts";
import {DataError, type Location} from "../../validate.ts";
import {ENGLAND_CODE, INTEGRATED_CARE_SYSTEMS, REGIONS, councilByCode, normaliseCouncilName, resolveCombinedArea, resolveCouncilName} from "../geography/index.ts";

export interface ResolvedArea {
  code: string;
  /** Set when the published row covers more than the council it is filed under. */
  combined?: {published: string; members: string[]; note: string};
}

/**
 * Combined rows and the council each is filed under. Skills for Care publishes Cornwall and the
 * Isles of Scilly as one row (data-sources.md §1); the Isles of Scilly has about 2,000 residents
 * against Cornwall's 570,000, so the row is filed under Cornwall and every indicator's caveats say
 * that Cornwall's values include the Isles of Scilly. The Isles of Scilly get no value of their own.
 */
export const COMBINED_ROW_ASSIGNMENT: Record<string, {code: string; note: string}> = {
  "cornwall and isles of scilly": {
    code: "E06000052",
    note: "Skills for Care publishes Cornwall and the Isles of Scilly as one row; it is filed under Cornwall (E06000052), so Cornwall's values include the Isles of Scilly (E06000053), which has no separate value."
  }
};

/** Region names as Skills for Care and others write them, beyond the ONS names. */
const REGION_ALIASES: Record<string, string> = {
  "yorkshire and humber": "E12000003",
  "yorkshire": "E12000003",
  "eastern": "E12000006",
  "east": "E12000006",
  "east of england": "E12000006"
};

const regionCodeByName = new Map<string, string>([
  ...REGIONS.map((region) => [normaliseCouncilName(region.name), region.code] as [string, string]),
  ...Object.entries(REGION_ALIASES)
]);

/** England, a region, a combined row or a council; anything else is a located error. */
export function resolveWorkforceArea(name: string, where: Location): ResolvedArea {
  const key = normaliseCouncilName(name);
  if (key === "england" || key === "england total" || key === "all england") return {code: ENGLAND_CODE};
  const region = regionCodeByName.get(key);
  if (region) return {code: region};
  const members = resolveCombinedArea(name);
  if (members) {
    const assignment = COMBINED_ROW_ASSIGNMENT[key];
    if (!assignment || !members.some((council) => council.code === assignment.code)) {
      throw new DataError(where, "this row combines several councils and this loader has no rule for it", {
        value: name,
        expected: `a single council, or a combined row listed in COMBINED_ROW_ASSIGNMENT (members here: ${members.map((c) => c.name).join(", ")})`
      });
    }
    return {code: assignment.code, combined: {published: name, members: members.map((c) => c.code), note: assignment.note}};
  }
  return {code: resolveCouncilName(name, where).code};
}

/**
 * NHS footprints in Table A1 of seed 000. They are not councils: each gets an `nhs_footprint` area
 * with a code in our own scheme (`NHSFP:`), which cannot collide with an ONS GSS code.
 * Coverage as the seed note describes it (seed-000-aligns-annex.md): Berkshire West covers Reading,
 * West Berkshire and Wokingham; Surrey Heartlands covers most of Surrey.
 */
export const NHS_FOOTPRINTS: {code: string; name: string; ics_name: string; covers: string[]; coverage_note: string}[] = [
  {
    code: "NHSFP:berkshire-west",
    name: "Berkshire West",
    ics_name: "Buckinghamshire, Oxfordshire and Berkshire West",
    covers: ["E06000038", "E06000037", "E06000041"],
    coverage_note: "Berkshire West covers Reading, West Berkshire and Wokingham"
  },
  {
    code: "NHSFP:surrey-heartlands",
    name: "Surrey Heartlands",
    ics_name: "Surrey Heartlands",
    covers: ["E10000030"],
    coverage_note: "Surrey Heartlands covers most of Surrey"
  }
];

export function findNhsFootprint(name: string) {
  const key = normaliseCouncilName(name);
  return NHS_FOOTPRINTS.find((footprint) => normaliseCouncilName(footprint.name) === key);
}

export function nhsFootprintAreaRow(footprint: (typeof NHS_FOOTPRINTS)[number]): AreaRow {
  const ics = INTEGRATED_CARE_SYSTEMS.find((system) => system.name === footprint.ics_name);
  const region = councilByCode(footprint.covers[0]);
  return {
    code: footprint.code,
    name: footprint.name,
    short_name: footprint.name,
    type: "nhs_footprint",
    region_code: region?.region_code ?? null,
    region_name: region?.region_name ?? null,
    ics_code: ics?.code ?? null,
    ics_name: ics?.name ?? null,
    cassr_code: null,
    aliases: footprint.name
  };
}
