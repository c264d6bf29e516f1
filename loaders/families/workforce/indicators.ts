/**
 * Workforce indicators: Skills for Care's LA data download (turnover, vacancies, sickness,
 * zero-hours contracts, filled posts) and the occupational therapists' employment profile
 * (seed 000, Table A1).
 */
import type {IndicatorDefinition} from "../types.ts";
import {COMBINED_ROW_ASSIGNMENT, NHS_FOOTPRINTS} from "./areas.ts";
import {OT_PROFILE_FIELDS, otIndicatorId, type OtProfileField} from "./ot-profile-fields.ts";

export const WORKFORCE_SOURCE = "Skills for Care, Adult Social Care Workforce Data Set (ASC-WDS) workforce estimates";
export const WORKFORCE_SOURCE_URL = "https://www.skillsforcare.org.uk/Adult-Social-Care-Workforce-Data/Workforce-intelligence/publications/Workforce-estimates.aspx";

const NEW_JOB_ROLES_BREAK = {
  period: "2023-24",
  note: "Skills for Care added new job roles to ASC-WDS in August 2023, which changed filled-post trends: compare 2023-24 onwards with earlier years with care."
};

const CORNWALL_CAVEAT = `Cornwall and the Isles of Scilly: ${COMBINED_ROW_ASSIGNMENT["cornwall and isles of scilly"].note}`;

const LA_DATA_CAVEATS = [
  "Figures are Skills for Care estimates for all providers in the council area, weighted up from the ASC-WDS returns employers make; they are not a census, and the estimates for small groups (a single job role in a single service) are uncertain.",
  "'*' in the publisher's file means too few records to publish: shown as suppressed, never as zero.",
  "Skills for Care added new job roles in August 2023, which changed filled-post trends; role-level comparisons across that date need care.",
  CORNWALL_CAVEAT
].join(" ");

const RATE_RULE = "Published as a fraction (0.283) in some editions and a percentage (28.3) in others; stored here as a percentage.";

function laData(definition: Omit<IndicatorDefinition, "family" | "source" | "source_url">): IndicatorDefinition {
  return {family: "workforce", source: WORKFORCE_SOURCE, source_url: WORKFORCE_SOURCE_URL, ...definition};
}

const LA_DATA_INDICATORS: IndicatorDefinition[] = [
  laData({
    indicator_id: "workforce-turnover-rate",
    title: "Staff turnover rate, adult social care",
    short_title: "Turnover rate",
    unit: "%",
    value_type: "rate",
    multiplier: 100,
    polarity: "low_is_good",
    definition: `Leavers in the previous 12 months as a percentage of staff employed, by council area, sector, service and job role (Skills for Care 'Turnover rate'). ${RATE_RULE} Numerator (leavers) and denominator (employees) are filled when the edition publishes them. Sources by period, for the council-wide rate (breakdown total): 2016-17 to 2022-23, Skills for Care's rates as republished by MHCLG's Office for Local Government (Oflog extract, code ASC7, source oflog-asc-data; unrounded, no numerator or denominator; the extract does not say which sectors and roles the rate covers, and a blank there is shown as not available); 2023-24 and 2024-25, ASCOF measure 6A (DHSC, from Skills for Care's ASC-WDS); for 2022-23 a real Skills for Care LA data download, where present, is preferred to the Oflog figure.`,
    caveats: `${LA_DATA_CAVEATS} Turnover counts staff who left their employer, including moves to another care employer. The 2023-24 and 2024-25 council-wide rates come from ASCOF 6A (DHSC's ASCOF 2024-25 time series, source ascof-2024-25): the proportion of staff in the formal care workforce leaving their role in the past 12 months, Skills for Care's ASC-WDS 'Turnover' metric as a percentage, without numerator or denominator (ASCOF note 17), and with the Isles of Scilly counted within Cornwall.`
  }),
  laData({
    indicator_id: "workforce-vacancy-rate",
    title: "Vacancy rate, adult social care",
    short_title: "Vacancy rate",
    unit: "%",
    value_type: "proportion",
    multiplier: 100,
    polarity: "low_is_good",
    definition: `Vacant posts as a percentage of all posts (filled posts plus vacancies), by council area, sector, service and job role (Skills for Care 'Vacancy rate'). ${RATE_RULE} Numerator (vacancies) and denominator (filled posts plus vacancies) are filled when the edition publishes both counts.`,
    caveats: LA_DATA_CAVEATS
  }),
  laData({
    indicator_id: "workforce-sickness-days",
    title: "Average sickness days per employee, adult social care",
    short_title: "Sickness days",
    unit: "days",
    value_type: "mean",
    multiplier: null,
    polarity: "low_is_good",
    definition: "Mean days of sickness absence in the previous 12 months per employee (Skills for Care 'Sickness - Mean (divide by Employees)').",
    caveats: LA_DATA_CAVEATS
  }),
  laData({
    indicator_id: "workforce-zero-hours-share",
    title: "Staff on zero-hours contracts, adult social care",
    short_title: "Zero-hours share",
    unit: "%",
    value_type: "proportion",
    multiplier: 100,
    polarity: "no_judgement",
    definition: `Percentage of staff on zero-hours contracts (Skills for Care 'Zero Hour Contracts - Yes'). ${RATE_RULE} No judgement: Skills for Care finds higher turnover among staff on zero-hours contracts, but many staff choose them for flexibility (bank staff, second jobs, carers), so a lower share is not plainly better; ranks are shown without better/worse colouring.`,
    caveats: LA_DATA_CAVEATS
  }),
  laData({
    indicator_id: "workforce-filled-posts",
    title: "Filled posts, adult social care",
    short_title: "Filled posts",
    unit: "count",
    value_type: "count",
    multiplier: null,
    polarity: "no_judgement",
    definition: "Estimated number of filled posts (a person with two jobs fills two posts), by council area, sector, service and job role. A size measure: larger councils have more posts.",
    series_breaks: [NEW_JOB_ROLES_BREAK],
    caveats: LA_DATA_CAVEATS
  })
];

const OT_PROFILE_SOURCE = "Skills for Care, ASC-WDS: occupational therapists' employment profile, September 2024, all sectors (as published in the ALIGNS programme annex, Table A1)";

const OT_CAVEATS = [
  "Transcribed from Table A1 of the ALIGNS programme annex (seed 000), Skills for Care data for 15 South East areas, September 2024, all sectors; no other councils are covered, and the table notes no data for Windsor and Maidenhead.",
  "Small numbers: most areas have 10 to 100 occupational therapist filled posts (published rounded to 5), so one person moves a share by several points.",
  "Blanks in the table are gaps, not zeros. Shares are rounded and may not sum to 100 (Southampton's years-in-sector shares sum to 108 as published).",
  `${NHS_FOOTPRINTS.map((f) => f.coverage_note).join("; ")}: these NHS footprints overlap councils shown separately (Reading, Wokingham), so do not add them up.`
].join(" ");

function otUnit(field: OtProfileField): Pick<IndicatorDefinition, "unit" | "value_type" | "multiplier"> {
  if (field.unit === "%") return {unit: "%", value_type: "proportion", multiplier: 100};
  if (field.unit === "count") return {unit: "count", value_type: "count", multiplier: null};
  if (field.unit === "ratio") return {unit: "FTE per filled post", value_type: "mean", multiplier: null};
  return {unit: "years", value_type: "mean", multiplier: null};
}

function otDefinition(field: OtProfileField): string {
  const what = field.unit === "%"
    ? `Percentage of occupational therapist filled posts: ${field.label.replace(/ \(%\)$/, "").replace(/: /, " - ")}.`
    : `${field.title} (Table A1 row '${field.label}').`;
  const polarity = field.polarity_reason ? ` Polarity ${field.polarity.replace(/_/g, " ")}: ${field.polarity_reason}.` : "";
  return `${what} All sectors, September 2024.${polarity}`;
}

export const OT_PROFILE_INDICATORS: IndicatorDefinition[] = OT_PROFILE_FIELDS.map((field) => ({
  indicator_id: otIndicatorId(field.field),
  family: "workforce",
  title: field.title,
  short_title: field.short_title,
  ...otUnit(field),
  polarity: field.polarity,
  definition: otDefinition(field),
  source: OT_PROFILE_SOURCE,
  source_url: WORKFORCE_SOURCE_URL,
  caveats: OT_CAVEATS
}));

/** The OT profile's shares by group, for 100% stacked charts (employment status, age bands...). */
export const OT_PROFILE_GROUPS: Record<string, string[]> = OT_PROFILE_FIELDS.reduce((groups, field) => {
  if (field.group) (groups[field.group] ??= []).push(otIndicatorId(field.field));
  return groups;
}, {} as Record<string, string[]>);

export const indicators: IndicatorDefinition[] = [...LA_DATA_INDICATORS, ...OT_PROFILE_INDICATORS];
