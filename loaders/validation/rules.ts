/**
 * The validation rules as data (what each checks, in the order a file is checked), the thresholds
 * of the coverage rules, and the caveats: what real published files break and are kept anyway.
 * loaders/validation.ts applies them; its module comment says what each rule is for.
 */
import type {FactRow} from "../model.ts";

export type RuleKind = "plausibility" | "consistency" | "dates" | "coverage";

export interface Rule {
  id: string;
  kind: RuleKind;
  /** "rows": judged here on the canonical rows; "reading": applied by the parsers as they read each row. */
  applied: "rows" | "reading";
  description: string;
}

/** Every rule, in the order a file is checked: the first violation found is the one reported first. */
export const RULES: Rule[] = [
  {id: "text-ends-with-line-break", kind: "coverage", applied: "rows", description: "A text file that carries figures ends with a line break (a number cut short still parses); a group list without one is accepted with a caveat."},
  {id: "non-negative", kind: "plausibility", applied: "rows", description: "Values, numerators and denominators are never negative."},
  {id: "counts-whole", kind: "plausibility", applied: "rows", description: "A count is a whole number."},
  {id: "counts-not-percentages", kind: "plausibility", applied: "reading", description: "A count cell (SAC VALUE, an ASCOF Numerator or Denominator row) carries no % sign: '50%' is not a count of concerns."},
  {id: "numerator-within-denominator", kind: "plausibility", applied: "rows", description: "A proportion's numerator is at most its denominator."},
  {id: "percentage-range", kind: "plausibility", applied: "rows", description: "A percentage share or score lies from 0 to 100 (a rate in per cent, such as staff turnover, may pass 100)."},
  {id: "value-matches-fraction", kind: "plausibility", applied: "rows", description: "A value agrees with its numerator / denominator x multiplier, within half a unit of its last decimal and the rounding of the counts (to 5 where they are multiples of 5)."},
  {id: "one-value-per-fact", kind: "consistency", applied: "rows", description: "A fact appears once per file: a second with another value is refused (also while reading: a second ASCOF Numerator or Denominator row), the same value repeated is noted."},
  {id: "enquiries-within-concerns", kind: "consistency", applied: "rows", description: "SAC: Section 42 and other enquiries together are not more than the concerns of the same council, year and breakdown."},
  {id: "older-within-adults", kind: "consistency", applied: "rows", description: "People aged 65 and over are not more than the adults aged 18 and over."},
  {id: "single-year-period", kind: "consistency", applied: "rows", description: "A single-year source gives its own year only (a Year column saying 2021-22 to 2023-24 is refused)."},
  {id: "area-name-matches-code", kind: "consistency", applied: "reading", description: "An area's published name and code name the same area (ASCOF, SAC, ONS, Oflog, DHSC's ODS, CQC assessments)."},
  {id: "no-future-dates", kind: "dates", applied: "rows", description: "No assessment, rating, dated period or retrieval date is after today."},
  {id: "rating-within-edition", kind: "dates", applied: "rows", description: "No location's rating date is after the edition that lists it."},
  {id: "rows-against-release-before", kind: "coverage", applied: "rows", description: "A file has at least half the rows of the release before it in the same series."},
  {id: "councils-against-release-before", kind: "coverage", applied: "rows", description: "Each measure a file shares with the release before it is given for at least three quarters of the share of councils (of the day) that release covered."}
];

/** Below this share of the release before's rows, a file is refused as truncated. */
export const MIN_ROWS_SHARE = 0.5;
/** Below this share of the release before's council coverage of a measure, a file is refused as truncated. */
export const MIN_COUNCIL_SHARE = 0.75;

export interface CaveatSubject {
  rule: string;
  source_id: string;
  fact?: FactRow;
  /** The file has no facts (a group list). */
  groupsOnly?: boolean;
}

export interface KnownCaveat {
  rule: string;
  reason: string;
  matches(subject: CaveatSubject): boolean;
}

/**
 * Outcomes real ASCOF files publish above 100%, each with a numerator above its denominator, matched
 * by the published figure itself (measure, council, year, breakdown, outcome and counts), in whatever
 * file carries it: the annual file, or the same rows joined with other years.
 */
const ASCOF_ABOVE_100: Pick<FactRow, "indicator_id" | "area_code" | "period" | "breakdown" | "value" | "numerator" | "denominator">[] = [
  {indicator_id: "ascof_ld_own_home", area_code: "E08000017", period: "2014-15", breakdown: "sex=Female", value: 104.1, numerator: 200, denominator: 195}, // Doncaster
  {indicator_id: "ascof_ld_own_home", area_code: "E08000033", period: "2014-15", breakdown: "sex=Male", value: 131.7, numerator: 345, denominator: 260}, // Calderdale
  {indicator_id: "ascof_reablement_91_day", area_code: "E10000015", period: "2015-16", breakdown: "age=75-84", value: 103.4, numerator: 152, denominator: 147}, // Hertfordshire
  {indicator_id: "ascof_ld_own_home", area_code: "E09000007", period: "2017-18", breakdown: "sex=Male", value: 132.8, numerator: 85, denominator: 64} // Camden
];
const isAbove100 = ({fact}: CaveatSubject) => !!fact && ASCOF_ABOVE_100.some((k) =>
  k.indicator_id === fact.indicator_id && k.area_code === fact.area_code && k.period === fact.period && k.breakdown === fact.breakdown &&
  k.value === fact.value && k.numerator === fact.numerator && k.denominator === fact.denominator);
const ABOVE_100_REASON = "ASCOF open data published these outcomes above 100%, with a numerator above its denominator (NHS Digital's own figures, kept as published; DHSC's 2024-25 release withholds such outcomes as [z])";

const SFC_RATE_INDICATORS = new Set(["workforce-turnover-rate", "workforce-vacancy-rate"]);

export const KNOWN_CAVEATS: KnownCaveat[] = [
  {rule: "numerator-within-denominator", reason: ABOVE_100_REASON, matches: isAbove100},
  {rule: "percentage-range", reason: ABOVE_100_REASON, matches: isAbove100},
  {
    rule: "value-matches-fraction",
    reason: "Skills for Care's turnover and vacancy rates are weighted estimates from ASC-WDS returns; the leavers and employees (vacancies and posts) beside them are separate estimates rounded to 5, so they need not reproduce the rate",
    matches: (s) => /^sfc-la-data-/.test(s.source_id) && !!s.fact && SFC_RATE_INDICATORS.has(s.fact.indicator_id)
  },
  {
    rule: "text-ends-with-line-break",
    reason: "a group list (codes and names its parser checks against geography, no figures) ends without a line break: accepted, as NHS England's Trafford peer list is published",
    matches: (s) => !!s.groupsOnly
  }
];

/** A rule's place in RULES: findings are reported in this order. */
export function ruleOrder(rule: string): number {
  return RULES.findIndex((r) => r.id === rule);
}
