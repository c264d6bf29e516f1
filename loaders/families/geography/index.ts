/**
 * Geography: the councils with adult social care responsibility, their codes (GSS and CASSR),
 * published names, regions and ICSs, and the built-in comparator groups. Every family resolves
 * council names and codes through this module, so a name a publisher invents fails here, loudly,
 * once.
 */
import type {AreaRow, GroupRow} from "../../model.ts";
import {DataError, type Location} from "../../validate.ts";
import {COUNCIL_ALIASES, COMBINED_AREAS, boundedEditDistance, councilNameCandidates, normaliseCouncilName} from "./aliases.ts";
import {COUNCIL_TABLE, ICS_BY_COUNCIL, INTEGRATED_CARE_SYSTEMS, LATER_CODES, REGIONS, RETIRED_COUNCILS, councilTypeFromCode, type CouncilType} from "./councils.ts";
import {buildBuiltInGroups} from "./groups.ts";
import {ENGLAND_CODE, ENGLAND_NAME} from "../../../src/lib/domain/areas.ts";

export {REGIONS, RETIRED_COUNCILS, INTEGRATED_CARE_SYSTEMS, LATER_CODES} from "./councils.ts";
export type {Region, RetiredCouncil, IntegratedCareSystem, CouncilType} from "./councils.ts";
export {normaliseCouncilName} from "./aliases.ts";

export interface Council {
  code: string; // GSS
  cassr: string;
  name: string;
  short_name: string;
  type: CouncilType;
  region_code: string;
  region_name: string;
  ics_code: string | null;
  ics_name: string | null;
  aliases: string[];
}

/** England's code and name are the domain's (src/lib/domain/areas.ts); every family reads them here with the councils. */
export {ENGLAND_CODE, ENGLAND_NAME};

/** The April 2023 geography that the council list and built-in groups describe. */
export const GEOGRAPHY_VINTAGE = "2023";

const regionByNhsCode = new Map(REGIONS.map((region) => [region.nhs_code, region]));
const icsByCode = new Map(INTEGRATED_CARE_SYSTEMS.flatMap((ics) => [ics.code, ...(ics.earlier_codes ?? [])].map((code) => [code, ics] as const)));

export const COUNCILS: Council[] = COUNCIL_TABLE.map(([code, cassr, name, short_name, nhsRegion]) => {
  const region = regionByNhsCode.get(nhsRegion);
  if (!region) throw new Error(`council ${code} has an unknown region '${nhsRegion}'`);
  const ics = ICS_BY_COUNCIL[code] ? icsByCode.get(ICS_BY_COUNCIL[code]) : undefined;
  const aliases = [...new Set([name, short_name, ...(COUNCIL_ALIASES[code] ?? [])])];
  return {
    code, cassr, name, short_name,
    type: councilTypeFromCode(code),
    region_code: region.code, region_name: region.name,
    ics_code: ics?.code ?? null, ics_name: ics?.name ?? null,
    aliases
  };
});

const councilsByCode = new Map(COUNCILS.map((council) => [council.code, council]));
const councilsByCassr = new Map(COUNCILS.map((council) => [council.cassr.toUpperCase(), council]));

const councilsByNormalisedName = new Map<string, Council>();
for (const council of COUNCILS) {
  for (const alias of council.aliases) {
    const key = normaliseCouncilName(alias);
    const existing = councilsByNormalisedName.get(key);
    if (existing && existing !== council) throw new Error(`alias '${alias}' names both ${existing.code} and ${council.code}`);
    councilsByNormalisedName.set(key, council);
  }
}

const combinedAreasByName = new Map<string, Council[]>();
for (const area of COMBINED_AREAS) {
  for (const name of area.names) combinedAreasByName.set(normaliseCouncilName(name), area.members.map((code) => councilsByCode.get(code)!));
}

/**
 * The council with this GSS code. Also accepts the codes ONS issued later for the same council
 * (LATER_CODES: Barnsley and Sheffield since April 2024), so use `councilByCode(code)!.code` to
 * store one code per council.
 */
export function councilByCode(code: string): Council | undefined {
  const upper = code.trim().toUpperCase();
  return councilsByCode.get(LATER_CODES[upper] ?? upper);
}

/** CASSR codes are 3 digits, or 5 characters for councils created since 2021 (H6X4G Cumberland). */
export function councilByCassr(cassr: string): Council | undefined {
  return councilsByCassr.get(cassr.trim().toUpperCase());
}

/** The council a published name refers to, or undefined. */
export function findCouncilByName(name: string): Council | undefined {
  for (const candidate of councilNameCandidates(name)) {
    const council = councilsByNormalisedName.get(candidate);
    if (council) return council;
  }
  return undefined;
}

/**
 * Longest council name accepted for lookup. The longest published form of a council's name is
 * about 50 characters ("Bournemouth, Christchurch and Poole Council", "Royal Borough of Windsor and
 * Maidenhead"); a longer cell is not a name, and is refused before any lookup or comparison.
 */
export const MAX_COUNCIL_NAME_LENGTH = 200;

/** Every council's aliases in normalised form, computed once, for the suggestions. */
const normalisedAliases = COUNCILS.map((council) => ({name: council.name, aliases: [...new Set(council.aliases.map(normaliseCouncilName))]}));

/**
 * The closest known council names to an unknown one, for the error message: the `count` councils
 * with the smallest edit distance to any of their aliases, ties in the council list's order. Only a
 * name's first MAX_COUNCIL_NAME_LENGTH characters are compared, and each distance is computed only
 * as far as it could still beat the `count`-th best so far.
 */
export function closestCouncilNames(name: string, count = 3): string[] {
  const target = (councilNameCandidates(name.slice(0, MAX_COUNCIL_NAME_LENGTH)).at(-1) ?? "").slice(0, MAX_COUNCIL_NAME_LENGTH);
  const best: {name: string; distance: number}[] = [];
  for (const council of normalisedAliases) {
    // A later council must be strictly closer than the count-th best to displace it (ties keep list order).
    const bound = best.length < count ? Infinity : best[count - 1].distance - 1;
    let distance = Infinity;
    for (const alias of council.aliases) {
      const d = boundedEditDistance(target, alias, Math.min(bound, distance - 1));
      if (d < distance) distance = d;
    }
    if (distance > bound) continue;
    const at = best.findIndex((entry) => entry.distance > distance);
    best.splice(at < 0 ? best.length : at, 0, {name: council.name, distance});
    if (best.length > count) best.pop();
  }
  return best.map((entry) => entry.name);
}

/**
 * Resolve a published council name; an unknown name is a located error suggesting the closest
 * known names. A combined row ("Cornwall and Isles of Scilly") is refused here: the caller must
 * handle it explicitly through `resolveCombinedArea`. A cell longer than MAX_COUNCIL_NAME_LENGTH
 * is refused at once, without lookup or suggestions (a 1 MB cell took 26 s to be compared).
 */
export function resolveCouncilName(name: string, where: Location): Council {
  if (name.length > MAX_COUNCIL_NAME_LENGTH) {
    throw new DataError(where, `a council name ${name.length} characters long: no council's name is longer than ${MAX_COUNCIL_NAME_LENGTH} characters`, {
      value: name.slice(0, 80),
      expected: `the name of one of the 153 councils with social care responsibility, at most ${MAX_COUNCIL_NAME_LENGTH} characters`
    });
  }
  const council = findCouncilByName(name);
  if (council) return council;
  const combined = resolveCombinedArea(name);
  if (combined) {
    throw new DataError(where, "this row combines several councils and cannot be read as one", {
      value: name,
      expected: `one council; the parser must split or skip combined rows explicitly (members: ${combined.map((c) => c.name).join(", ")})`
    });
  }
  throw new DataError(where, "unknown council name", {
    value: name,
    expected: `one of the 153 councils with social care responsibility, for example ${closestCouncilNames(name).map((n) => `'${n}'`).join(", ")}`
  });
}

/** Members of a combined published row, such as Skills for Care's "Cornwall and Isles of Scilly"; undefined for anything else. */
export function resolveCombinedArea(name: string): Council[] | undefined {
  for (const candidate of councilNameCandidates(name)) {
    const members = combinedAreasByName.get(candidate);
    if (members) return members;
  }
  return undefined;
}

export function regionByCode(code: string) {
  return REGIONS.find((region) => region.code === code);
}

/** A council, a region or England: the codes facts may carry. */
export function isKnownAreaCode(code: string): boolean {
  return code === ENGLAND_CODE || councilByCode(code) !== undefined || REGIONS.some((region) => region.code === code);
}

/**
 * The name of any area this project knows: councils, regions, England, ICSs and councils retired
 * since 2019 (which appear in older publications). Throws for a code nobody registered.
 */
export function areaName(code: string): string {
  if (code === ENGLAND_CODE) return ENGLAND_NAME;
  const name = councilByCode(code)?.name
    ?? regionByCode(code)?.name
    ?? icsByCode.get(code)?.name
    ?? RETIRED_COUNCILS.find((council) => council.code === code)?.name;
  if (name === undefined) throw new Error(`no area is registered with code '${code}'`);
  return name;
}

/** The `areas` table: 153 councils, 9 regions and England. */
export function areaRows(): AreaRow[] {
  const councils: AreaRow[] = COUNCILS.map((council) => ({
    code: council.code,
    name: council.name,
    short_name: council.short_name,
    type: council.type,
    region_code: council.region_code,
    region_name: council.region_name,
    ics_code: council.ics_code,
    ics_name: council.ics_name,
    cassr_code: council.cassr,
    aliases: council.aliases.join("|")
  }));
  const regions: AreaRow[] = REGIONS.map((region) => ({
    code: region.code, name: region.name, short_name: region.name, type: "region",
    region_code: null, region_name: null, ics_code: null, ics_name: null,
    cassr_code: region.nhs_code, aliases: region.nhs_code
  }));
  const england: AreaRow = {
    code: ENGLAND_CODE, name: ENGLAND_NAME, short_name: ENGLAND_NAME, type: "country",
    region_code: null, region_name: null, ics_code: null, ics_name: null, cassr_code: null, aliases: ""
  };
  return [...councils, ...regions, england];
}

/** England, the nine regions and the ICSs as comparator groups. */
export function builtInGroups(): GroupRow[] {
  return buildBuiltInGroups(COUNCILS);
}
