/**
 * The fields of Skills for Care's occupational therapists' employment profile, as Table A1 of
 * seed 000 (ALIGNS annex, September 2024, all sectors) lays them out. One table drives the curated
 * file's validation (unit, range, which shares make up 100%) and the indicator catalogue.
 */
import type {Polarity} from "../../model.ts";

export type OtProfileUnit = "%" | "count" | "years" | "ratio";

/** Shares that together make up 100% of the OT workforce of an area (allowing for rounding). */
export type OtShareGroup = "employment_status" | "working_pattern" | "years_in_sector" | "years_in_role" | "gender" | "ethnicity" | "nationality" | "age";

export interface OtProfileField {
  /** The `field` value in the curated CSV; the indicator id is `workforce-ot-<field with _ as ->`. */
  field: string;
  /** The row label as Table A1 prints it. */
  label: string;
  title: string;
  short_title: string;
  unit: OtProfileUnit;
  group?: OtShareGroup;
  min: number;
  max: number;
  polarity: Polarity;
  /** Why the polarity is what it is (shown in the definition). */
  polarity_reason?: string;
}

const share = (field: string, label: string, title: string, short_title: string, group: OtShareGroup, polarity: Polarity = "no_judgement", polarity_reason?: string): OtProfileField =>
  ({field, label, title, short_title, unit: "%", group, min: 0, max: 100, polarity, polarity_reason});

export const OT_PROFILE_FIELDS: OtProfileField[] = [
  share("permanent_pct", "Permanently employed (%)", "Occupational therapists permanently employed", "OTs permanent", "employment_status", "high_is_good", "a permanent workforce is a stable one"),
  share("temporary_pct", "Temporarily employed (%)", "Occupational therapists temporarily employed", "OTs temporary", "employment_status", "low_is_good", "temporary contracts signal posts the employer cannot fill permanently"),
  share("indirect_pct", "Indirectly employed (%)", "Occupational therapists indirectly employed (agency, bank or pool)", "OTs agency/indirect", "employment_status", "low_is_good", "reliance on agency and bank staff costs more and weakens continuity"),
  share("full_time_pct", "Work full-time (%)", "Occupational therapists working full-time", "OTs full-time", "working_pattern"),
  share("part_time_pct", "Work part-time (%)", "Occupational therapists working part-time", "OTs part-time", "working_pattern"),
  {field: "fte_ratio", label: "FTE filled post ratio", title: "Occupational therapists: full-time equivalent per filled post", short_title: "OT FTE ratio", unit: "ratio", min: 0, max: 1, polarity: "no_judgement"},
  {field: "filled_posts", label: "Number of filled posts", title: "Occupational therapist filled posts", short_title: "OT filled posts", unit: "count", min: 0, max: 100_000, polarity: "no_judgement"},
  {field: "years_in_sector_mean", label: "Average number of years in the sector", title: "Occupational therapists: average years in the sector", short_title: "OT years in sector", unit: "years", min: 0, max: 60, polarity: "high_is_good", polarity_reason: "experience retained in the sector"},
  share("sector_10_plus_pct", "Experience in the sector: 10 or more", "Occupational therapists with 10 or more years in the sector", "OTs 10+ yrs in sector", "years_in_sector", "high_is_good", "experience retained in the sector"),
  share("sector_3_to_9_pct", "Experience in the sector: 3-9", "Occupational therapists with 3 to 9 years in the sector", "OTs 3-9 yrs in sector", "years_in_sector"),
  share("sector_under_3_pct", "Experience in the sector: Less than 3", "Occupational therapists with less than 3 years in the sector", "OTs <3 yrs in sector", "years_in_sector", "no_judgement", "new entrants are the pipeline as well as a sign of churn"),
  {field: "years_in_role_mean", label: "Average number of years in the role", title: "Occupational therapists: average years in the role", short_title: "OT years in role", unit: "years", min: 0, max: 60, polarity: "high_is_good", polarity_reason: "time in the same role measures retention"},
  share("role_10_plus_pct", "Experience in role: 10 or more", "Occupational therapists with 10 or more years in the role", "OTs 10+ yrs in role", "years_in_role", "high_is_good", "time in the same role measures retention"),
  share("role_3_to_9_pct", "Experience in role: 3-9", "Occupational therapists with 3 to 9 years in the role", "OTs 3-9 yrs in role", "years_in_role"),
  share("role_under_3_pct", "Experience in role: Less than 3", "Occupational therapists with less than 3 years in the role", "OTs <3 yrs in role", "years_in_role", "low_is_good", "a high share new to the role signals turnover"),
  share("female_pct", "Gender: Female", "Occupational therapists who are female", "OTs female", "gender"),
  share("male_pct", "Gender: Male", "Occupational therapists who are male", "OTs male", "gender"),
  share("ethnicity_white_pct", "Ethnicity: White", "Occupational therapists of White ethnicity", "OTs White", "ethnicity"),
  share("ethnicity_black_pct", "Ethnicity: Black/African/Caribbean/Black British", "Occupational therapists of Black, African, Caribbean or Black British ethnicity", "OTs Black", "ethnicity"),
  share("ethnicity_asian_pct", "Ethnicity: Asian/Asian British", "Occupational therapists of Asian or Asian British ethnicity", "OTs Asian", "ethnicity"),
  share("ethnicity_mixed_pct", "Ethnicity: Mixed", "Occupational therapists of mixed ethnicity", "OTs Mixed", "ethnicity"),
  share("ethnicity_other_pct", "Ethnicity: Other", "Occupational therapists of other ethnicity", "OTs other ethnicity", "ethnicity"),
  share("nationality_british_pct", "Nationality: British", "Occupational therapists with British nationality", "OTs British", "nationality"),
  share("nationality_non_eu_pct", "Nationality: Non-EU", "Occupational therapists with non-EU nationality", "OTs non-EU", "nationality"),
  share("nationality_eu_pct", "Nationality: EU", "Occupational therapists with EU nationality", "OTs EU", "nationality"),
  {field: "age_mean", label: "Average age (years)", title: "Occupational therapists: average age", short_title: "OT average age", unit: "years", min: 16, max: 80, polarity: "no_judgement"},
  share("age_under_25_pct", "Age: < 25", "Occupational therapists aged under 25", "OTs under 25", "age"),
  share("age_25_to_54_pct", "Age: 25-54", "Occupational therapists aged 25 to 54", "OTs 25-54", "age"),
  share("age_55_plus_pct", "Age: 55 & >", "Occupational therapists aged 55 and over", "OTs 55+", "age", "low_is_good", "staff aged 55 and over are nearer retirement: a retirement risk to plan for")
];

export const OT_PROFILE_FIELD_BY_NAME = new Map(OT_PROFILE_FIELDS.map((field) => [field.field, field]));

export function otIndicatorId(field: string): string {
  return `workforce-ot-${field.replace(/_/g, "-")}`;
}

/** Shares of one group sum to 100 within this many points (rounding of up to five published parts). */
export const OT_SHARE_TOLERANCE = 3;
