/**
 * The one rule for a published area name beside its code: both must name the same area. Every
 * parser that reads a name and a code on one row (ASCOF's Geographical Description and ONS Code,
 * SAC's LA_NAME and ONS_CODE, ONS's Name and Code) calls `checkAreaName`, so `Medway` on
 * Trafford's code, or `Atlantis` on any code, is a located error in every family (the rule is
 * listed with the others in loaders/validation.ts).
 *
 * - a council's name is read through geography's aliases (`Medway Towns` is Medway);
 * - a council retired since 2019 is named as it was (`Dorset` or `Dorset County` on E10000009);
 * - a region by its ONS name or a variant publishers use (`Eastern`, ONS's `EAST`);
 * - England as `England`.
 * A blank name contradicts nothing and passes; an unknown code is the parser's own error.
 */
import {DataError, type Location} from "./validate.ts";
import {ENGLAND_CODE, councilByCode, findCouncilByName, normaliseCouncilName, regionByCode} from "./families/geography/index.ts";
import {councilNameCandidates} from "./families/geography/aliases.ts";
import {predecessorByCode} from "./families/geography/predecessors.ts";

/** Region names seen in real files besides the ONS names (normalised form). */
export const REGION_NAME_VARIANTS: Record<string, string[]> = {
  E12000006: ["eastern", "east"], // ASCOF open data to 2018-19 and DHSC's ODS; ONS mid-year estimates ("EAST")
  E12000003: ["yorkshire and humber"] // DHSC's ODS
};

/** What the name should be when it contradicts the code, or undefined when they agree (or the code is not an area this rule knows). */
export function areaNameProblem(code: string, name: string): string | undefined {
  const text = name.trim();
  if (text === "") return undefined;
  const upper = code.trim().toUpperCase();
  const key = normaliseCouncilName(text);
  if (upper === ENGLAND_CODE) return key === "england" ? undefined : "England";
  const region = regionByCode(upper);
  if (region) return key === normaliseCouncilName(region.name) || REGION_NAME_VARIANTS[region.code]?.includes(key) ? undefined : `the name of region ${region.name}`;
  const council = councilByCode(upper);
  if (council) {
    const named = findCouncilByName(text);
    if (named?.code === council.code) return undefined;
    return `a name of ${council.name} (${council.aliases.join(", ")})${named ? `; '${text}' is ${named.name}, ${named.code}` : ""}`;
  }
  const retired = predecessorByCode(upper);
  if (retired) {
    const wanted = normaliseCouncilName(retired.name);
    const agrees = councilNameCandidates(text).some((candidate) => candidate === wanted || candidate.replace(/ county$/, "") === wanted);
    return agrees ? undefined : `${retired.name}, the council that had code ${upper} until ${retired.abolished}`;
  }
  return undefined;
}

/** Throw a located DataError when the name contradicts the code. */
export function checkAreaName(code: string, name: string, where: Location): void {
  const expected = areaNameProblem(code, name);
  if (expected) throw new DataError(where, `the name does not match the area code ${code.trim()}`, {value: name.trim(), expected});
}

/** `checkAreaName` once per distinct code and name (publisher files repeat each pair thousands of times). */
export function areaNameChecker(): (code: string, name: string, where: () => Location) => void {
  const checked = new Set<string>();
  return (code, name, where) => {
    const key = `${code}\u0000${name}`;
    if (checked.has(key)) return;
    checkAreaName(code, name, where());
    checked.add(key);
  };
}
