/**
 * The area a row of DHSC's ASCOF time series is filed under, through geography: England, a region,
 * a council (current or retired) whose name agrees with its code, or a combined row with a filing
 * rule; council-type aggregates are not areas in this model (parse-ascof-timeseries.ts lists the
 * quirks of the real file).
 */
import {DataError, type Location} from "../../validate.ts";
import {ENGLAND_CODE, councilByCode, findCouncilByName, normaliseCouncilName, regionByCode, resolveCombinedArea} from "../geography/index.ts";
import {councilNameCandidates} from "../geography/aliases.ts";
import type {RetiredCouncil} from "../geography/councils.ts";
import {predecessorByCode} from "../geography/predecessors.ts";
import {COMBINED_ROW_ASSIGNMENT} from "../workforce/areas.ts";

/** Council-type aggregates, published with ONS code `[z]`: not areas in this model. */
const COUNCIL_TYPE_ROWS = new Set(["shire counties", "unitary authorities", "metropolitan districts", "inner london", "outer london", "district", "districts"]);

/** Region names the workbook uses besides the ONS names (Table_6b writes the ONS name, the others `Eastern`). */
const REGION_NAME_VARIANTS: Record<string, string> = {eastern: "E12000006", east: "E12000006", "yorkshire and humber": "E12000003"};

export interface Area {
  code: string;
  /** Set when the row is filed somewhere other than its own code says (combined row, retired code). */
  refiled?: string;
  retired?: RetiredCouncil;
}

/** Published names of one council compared through geography's normalisation; `Dorset County` is the retired council's ASCOF name. */
function nameMatchesRetired(name: string, retired: RetiredCouncil): boolean {
  const wanted = normaliseCouncilName(retired.name);
  const candidates = councilNameCandidates(name);
  return candidates.some((candidate) => candidate === wanted || candidate.replace(/ county$/, "") === wanted);
}

/**
 * The area a row is filed under, through geography: England, a region, a council (current or
 * retired) whose name agrees with its code, or the combined Cornwall row. "aggregate" for
 * council-type rows.
 */
export function resolveArea(onsText: string, nameText: string, laCode: string, onsWhere: Location, nameWhere: Location): Area | "aggregate" {
  const ons = onsText.trim().toUpperCase();
  const name = nameText.trim();
  const key = normaliseCouncilName(name);
  const contradicts = (expected: string) => new DataError(nameWhere, `the name does not match ONS code ${ons}`, {value: name, expected});
  if (ons === "[Z]") {
    if (COUNCIL_TYPE_ROWS.has(key)) return "aggregate";
    const members = resolveCombinedArea(name);
    const assignment = COMBINED_ROW_ASSIGNMENT[key];
    if (members && assignment && members.some((council) => council.code === assignment.code)) {
      return {code: assignment.code, refiled: `${onsWhere.sheet}: '${name}' (ONS code [z]) filed under ${assignment.code}, as loaders/families/workforce/areas.ts files it: ${assignment.note}`};
    }
    throw new DataError(onsWhere, `a row with ONS code [z] that is neither a council-type aggregate nor a combined row with a filing rule ('${name}', code '${laCode.trim()}')`, {
      value: onsText,
      expected: "an ONS code, or [z] for Shire Counties, Unitary Authorities, Metropolitan Districts, Inner/Outer London, District, or a combined row listed in COMBINED_ROW_ASSIGNMENT"
    });
  }
  if (ons === ENGLAND_CODE) {
    if (key !== "england") throw contradicts("England");
    return {code: ENGLAND_CODE};
  }
  const region = regionByCode(ons);
  if (region) {
    if (key !== normaliseCouncilName(region.name) && REGION_NAME_VARIANTS[key] !== region.code) throw contradicts(`the name of region ${region.name}`);
    return {code: region.code};
  }
  const council = councilByCode(ons);
  if (council) {
    const named = findCouncilByName(name);
    if (named?.code !== council.code) throw contradicts(`a name of ${council.name} (${council.aliases.join(", ")})${named ? `; '${name}' is ${named.name}, ${named.code}` : ""}`);
    return {code: council.code};
  }
  const retired = predecessorByCode(ons);
  if (retired) {
    if (!nameMatchesRetired(name, retired)) throw contradicts(`${retired.name}, the council that had this code until ${retired.abolished}`);
    return {code: retired.same_boundary ? retired.successors[0] : retired.code, retired};
  }
  throw new DataError(onsWhere, "unknown ONS area code", {
    value: onsText,
    expected: "E92000001 (England), a region (E12), a council (E06, E08, E09, E10) or a council retired since 2019; [z] for council-type aggregates"
  });
}
