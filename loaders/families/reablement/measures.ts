/**
 * ASCOF measures and their code history. ASCOF was renumbered in 2023-24 (six objectives) and
 * several codes were REUSED with another meaning (old 1B "control over daily life" is new 3A,
 * while new 1B is the old 1J), so a publisher code only identifies a measure together with the
 * period it was published for. The map is from ../shared/docs/data-sources.md §4.3, checked
 * against the England values of the 2022-23 and 2023-24 releases (test/reablement-real.test.ts).
 */
export const RENUMBERED_FROM = "2023-24";

export interface AscofMeasure {
  indicator_id: string;
  old_code?: string; // up to 2022-23
  new_code?: string; // from 2023-24
}

export const ASCOF_MEASURES: AscofMeasure[] = [
  {indicator_id: "ascof_quality_of_life", old_code: "1A", new_code: "1A"},
  {indicator_id: "ascof_quality_of_life_adjusted", old_code: "1J", new_code: "1B"},
  {indicator_id: "ascof_carer_quality_of_life", old_code: "1D", new_code: "1C"},
  {indicator_id: "ascof_satisfaction_service_users", old_code: "3A", new_code: "1D"},
  {indicator_id: "ascof_satisfaction_carers", old_code: "3B", new_code: "1E"},
  {indicator_id: "ascof_short_term_outcome", old_code: "2D", new_code: "2A"},
  {indicator_id: "ascof_admissions_18_64", old_code: "2A1", new_code: "2B"},
  {indicator_id: "ascof_admissions_65_plus", old_code: "2A2", new_code: "2C"},
  {indicator_id: "ascof_reablement_91_day", old_code: "2B1", new_code: "2D1"},
  {indicator_id: "ascof_reablement_offered", old_code: "2B2", new_code: "2D2"},
  {indicator_id: "ascof_ld_own_home", old_code: "1G", new_code: "2E"},
  {indicator_id: "ascof_control_daily_life", old_code: "1B", new_code: "3A"},
  {indicator_id: "ascof_carers_consulted", old_code: "3C", new_code: "3B"},
  {indicator_id: "ascof_easy_information_users", old_code: "3D1", new_code: "3C1"},
  {indicator_id: "ascof_easy_information_carers", old_code: "3D2", new_code: "3C2"},
  {indicator_id: "ascof_self_directed_support_users", old_code: "1C1A", new_code: "3D1A"},
  {indicator_id: "ascof_self_directed_support_carers", old_code: "1C1B", new_code: "3D1B"},
  {indicator_id: "ascof_direct_payments_users", old_code: "1C2A", new_code: "3D2A"},
  {indicator_id: "ascof_direct_payments_carers", old_code: "1C2B", new_code: "3D2B"},
  {indicator_id: "ascof_feel_safe", old_code: "4A", new_code: "4A"},
  {indicator_id: "ascof_social_contact_users", old_code: "1I1", new_code: "5A1"},
  {indicator_id: "ascof_social_contact_carers", old_code: "1I2", new_code: "5A2"},
  {indicator_id: "ascof_services_feel_safe", old_code: "4B"},
  {indicator_id: "ascof_ld_paid_employment", old_code: "1E"},
  {indicator_id: "ascof_mh_paid_employment", old_code: "1F"},
  {indicator_id: "ascof_mh_independent", old_code: "1H"},
  {indicator_id: "ascof_delayed_transfers", old_code: "2C1"},
  {indicator_id: "ascof_delayed_transfers_social_care", old_code: "2C2"},
  {indicator_id: "ascof_delayed_transfers_joint", old_code: "2C3"},
  // Measures added in 2023-24 whose facts belong to other families' indicators. New 4B REUSES the
  // old code of "services made me feel safe" (ascof_services_feel_safe, old_code 4B above): codes
  // are period-aware, so 4B means that measure up to 2022-23 and this one from 2023-24.
  {indicator_id: "ascof_s42_risk_reduced_removed", new_code: "4B"}, // safeguarding family
  {indicator_id: "workforce-turnover-rate", new_code: "6A"}, // workforce family (Skills for Care turnover)
  {indicator_id: "ascof_residential_good_outstanding", new_code: "6B"} // cqc family
];

/** True for periods published under the 2023-24 numbering. Periods are `YYYY-YY`. */
export function usesNewNumbering(period: string): boolean {
  return period >= RENUMBERED_FROM;
}

const oldCodes = new Map(ASCOF_MEASURES.filter((m) => m.old_code).map((m) => [m.old_code!, m]));
const newCodes = new Map(ASCOF_MEASURES.filter((m) => m.new_code).map((m) => [m.new_code!, m]));

/**
 * A measure code as the catalogue writes it. Publishers spell one code several ways: `1C(1A)` and
 * `2B(1)` (2014-15, 2015-16 and DHSC from 2024-25), `1C1A` and `2B1` (2016-17 to 2023-24), and
 * `2A(1)_1415` (2014-15: admissions on the method introduced that year). Parentheses, spaces and a
 * `_YYZZ` method suffix are dropped.
 */
export function normaliseAscofCode(code: string): string {
  return code.trim().toUpperCase().replace(/_\d{4}$/, "").replace(/[()\s]/g, "");
}

/** The indicator an ASCOF measure group code means in a given period, or undefined if unknown. */
export function ascofIndicatorFor(code: string, period: string): string | undefined {
  return (usesNewNumbering(period) ? newCodes : oldCodes).get(normaliseAscofCode(code))?.indicator_id;
}

/** For a measure code with a disaggregation suffix (2B16574, 2D65OV): the longest known code it starts with. */
export function ascofIndicatorForPrefix(code: string, period: string): string | undefined {
  const table = usesNewNumbering(period) ? newCodes : oldCodes;
  const upper = code.trim().toUpperCase();
  const match = [...table.keys()].filter((known) => upper.startsWith(known)).sort((a, b) => b.length - a.length)[0];
  return match ? table.get(match)!.indicator_id : undefined;
}

/** Code history for the catalogue: [{code, to}, {code, from}]. */
export function ascofCodeHistory(indicatorId: string): {code: string; from?: string; to?: string}[] {
  const measure = ASCOF_MEASURES.find((m) => m.indicator_id === indicatorId);
  if (!measure) return [];
  const history: {code: string; from?: string; to?: string}[] = [];
  if (measure.old_code) history.push({code: measure.old_code, to: "2022-23"});
  if (measure.new_code) history.push({code: measure.new_code, from: RENUMBERED_FROM});
  return history;
}

/**
 * Disaggregation labels as published (2020-21 file: `65 and over`, `65-74`; GOV.UK 2024-25
 * guidance: `18 to 64`) to canonical breakdowns.
 */
export function ascofBreakdown(label: string): string | undefined {
  const text = label.trim().toLowerCase().replace(/\s+/g, " ").replace(/ to /g, "-").replace(/–/g, "-");
  if (text === "" || text === "total") return "total";
  if (text === "female" || text === "male") return `sex=${text[0].toUpperCase()}${text.slice(1)}`;
  const age: Record<string, string> = {
    "18-64": "18-64", "64 and under": "18-64", "65 and over": "65+", "65+": "65+", "65 and above": "65+",
    "65-74": "65-74", "75-84": "75-84", "65-84": "65-84", "85 and over": "85+", "85+": "85+"
  };
  return age[text] ? `age=${age[text]}` : undefined;
}
