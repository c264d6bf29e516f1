/**
 * CQC indicators: the local authority assessment (overall % and nine quality-statement scores,
 * from the curated file) and the provider-market picture from the care directory (locations,
 * care home beds, and the share by latest overall rating, per service type).
 */
import type {IndicatorDefinition} from "../types.ts";
import {LA_ASSESSMENT_BANDS} from "../../../src/lib/domain/cqc.ts";
import {SERVICE_TYPES} from "./service-types.ts";
import {ascofCodeHistory} from "../reablement/measures.ts";

const CQC = "Care Quality Commission";
const LA_ASSESSMENTS_URL = "https://www.cqc.org.uk/search/content/7217";
const RATINGS_GUIDANCE = "https://www.cqc.org.uk/guidance-regulation/local-authorities/how-we-determine-ratings";
const CARE_DIRECTORY_URL = "https://www.cqc.org.uk/about-us/transparency/using-cqc-data";
const ASCOF_2024_25_URL = "https://www.gov.uk/government/statistics/measures-from-the-adult-social-care-outcomes-framework-england-2024-to-2025";

const BANDS = LA_ASSESSMENT_BANDS.map((b) => `${b.from}${b.to === 100 ? "% and over" : `-${b.to}%`} ${b.rating}`).join(", ");

const ASSESSMENT_CAVEATS =
  "Coverage is incomplete until every council has been assessed (formal assessments began in 2024, all councils due by the end of 2025): " +
  "councils without a row have not been assessed, or their report is not yet in the curated file. The file is curated by hand from CQC's " +
  "reports and from papers that quote them; each row cites its source. The period is the report's publication date, or only its month " +
  "or year where the source gives no more.";

const DIRECTORY_CAVEATS =
  "A snapshot of CQC's register on the edition date, not a time series of inspections: a location's latest rating may be several years old, " +
  "and locations registered recently are not yet rated. Dormant locations (registered but not providing care) are excluded. " +
  `Each location counts once, under one service type (${SERVICE_TYPES.join(", ")}; a location with several service flags takes the most specific setting). ` +
  "Counted by the council area the location is in, which is not the council that commissions its care.";

const SERVICE_TYPE_BREAKDOWN = "Breakdowns: total, service_type=Care home (both kinds), and service_type=<each type>.";

function ratingShare(indicator_id: string, title: string, short: string, ratings: string, polarity: IndicatorDefinition["polarity"]): IndicatorDefinition {
  return {
    indicator_id, family: "cqc",
    title,
    short_title: short,
    unit: "%", value_type: "proportion", multiplier: 100, polarity,
    definition:
      `Active adult social care locations in the council area whose latest CQC overall rating is ${ratings}, as a percentage of all active ` +
      `adult social care locations of that service type, rated or not (as LG Inform metric 17443 counts care homes). ` +
      `Numerator and denominator are location counts. Calculated by this project from CQC's care directory. ${SERVICE_TYPE_BREAKDOWN}`,
    source: CQC, source_url: CARE_DIRECTORY_URL,
    caveats: DIRECTORY_CAVEATS,
    derived: true
  };
}

export const indicators: IndicatorDefinition[] = [
  // Published by DHSC as ASCOF 6B (2023-24 onwards), with the rating split as breakdowns.
  // The explorer lists a family's indicators in catalogue order and opens on the first with data
  // (src/components/explorer-page.ts): this published share, then the care directory's, then the assessment's.
  {
    indicator_id: "ascof_residential_good_outstanding", family: "cqc",
    title: "Residential adult social care providers rated good or outstanding by CQC (ASCOF 6B)",
    short_title: "Residential providers good or outstanding (ASCOF)",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition:
      "The percentage of residential adult social care providers in the council area rated good or outstanding by CQC (ASCOF 6B, from 2023-24). " +
      "Numerator: residential adult social care providers rated good or outstanding; denominator: all residential adult social care providers. " +
      "Breakdowns, each with numerator and denominator as published: total (ASCOF 6B itself), rating=Outstanding, rating=Good, " +
      "rating=Other (requires improvement or inadequate) and rating=Not yet rated, each a share of the same denominator. From CQC's care directory with filters, as DHSC publishes it in the ASCOF time series.",
    source: "ASCOF (DHSC)", source_url: ASCOF_2024_25_URL,
    codes: ascofCodeHistory("ascof_residential_good_outstanding"),
    caveats:
      "Higher is better for the total. For the rating breakdowns it is not: a lower rating=Other share is better, and a fall in rating=Good alone can be a move up to Outstanding. " +
      "DHSC lists councils as they were in CQC's data set for April 2024 and says they cannot be mapped to the latest boundaries (ASCOF note 18); Dorset's rows carry the retired Dorset County code and are filed under Dorset. " +
      "Locations with an unspecified council were removed, from the England total as well. Compare with cqc_locations_good_or_outstanding_pct (service_type=Care home), which this project computes from one care directory edition: the dates and the treatment of unrated locations can differ."
  },
  ratingShare("cqc_locations_good_or_outstanding_pct", "Adult social care locations rated Good or Outstanding", "Rated Good or Outstanding", "Good or Outstanding", "high_is_good"),
  ratingShare("cqc_locations_outstanding_pct", "Adult social care locations rated Outstanding", "Rated Outstanding", "Outstanding", "high_is_good"),
  // A fall in "Good" can be a move up to Outstanding, so the share rated Good alone carries no judgement.
  ratingShare("cqc_locations_good_pct", "Adult social care locations rated Good", "Rated Good", "Good", "no_judgement"),
  ratingShare("cqc_locations_requires_improvement_pct", "Adult social care locations rated Requires improvement", "Rated Requires improvement", "Requires improvement", "low_is_good"),
  ratingShare("cqc_locations_inadequate_pct", "Adult social care locations rated Inadequate", "Rated Inadequate", "Inadequate", "low_is_good"),
  ratingShare("cqc_locations_not_yet_rated_pct", "Adult social care locations not yet rated", "Not yet rated", "absent (not yet rated, or 'Insufficient evidence to rate')", "no_judgement"),
  {
    indicator_id: "cqc_locations_count", family: "cqc",
    title: "Active adult social care locations registered with CQC",
    short_title: "ASC locations",
    unit: "count", value_type: "count", multiplier: null, polarity: "no_judgement",
    definition:
      "Locations registered with CQC in the adult social care inspection directorate, active and not dormant on the edition date, " +
      `in the council area. Counted by this project from CQC's care directory (HSCA Active Locations). ${SERVICE_TYPE_BREAKDOWN}`,
    source: CQC, source_url: CARE_DIRECTORY_URL,
    caveats: DIRECTORY_CAVEATS,
    derived: true
  },
  {
    indicator_id: "cqc_care_home_beds", family: "cqc",
    title: "Care home beds registered with CQC",
    short_title: "Care home beds",
    unit: "beds", value_type: "count", multiplier: null, polarity: "no_judgement",
    definition:
      "Registered beds ('Care homes beds') in active, non-dormant care homes in the council area on the edition date. " +
      "Breakdowns: service_type=Care home, Care home with nursing, Care home without nursing. Summed by this project from CQC's care directory.",
    source: CQC, source_url: CARE_DIRECTORY_URL,
    caveats: `${DIRECTORY_CAVEATS} Registered beds are capacity, not occupancy; a care home with no bed figure counts as 0.`,
    derived: true
  },
  {
    indicator_id: "cqc_overall_pct", family: "cqc",
    title: "CQC local authority assessment: overall score",
    short_title: "CQC overall score",
    unit: "%", value_type: "score", multiplier: null, polarity: "high_is_good",
    definition:
      "The overall percentage CQC publishes for its assessment of how the council meets its duties under Part 1 of the Care Act 2014, " +
      `with the nine quality statements weighted equally. CQC's bands: ${BANDS}. Stored as published, never recomputed from the nine scores: ` +
      "CQC published 59% for Medway, whose scores sum to 21/36 = 58.3%.",
    source: CQC, source_url: LA_ASSESSMENTS_URL,
    caveats: `${ASSESSMENT_CAVEATS} Blank where the source does not give the published percentage. Method: ${RATINGS_GUIDANCE}`
  },
  {
    indicator_id: "cqc_qs_score", family: "cqc",
    title: "CQC local authority assessment: quality statement score",
    short_title: "CQC quality statement score",
    unit: "score (1-4)", value_type: "score", multiplier: null, polarity: "high_is_good",
    definition:
      "CQC's score for one of the nine quality statements of the local authority assessment: 1 evidence shows significant shortfalls, " +
      "2 some shortfalls, 3 a good standard, 4 an exceptional standard. Breakdown quality_statement=QS1 Assessing needs ... QS9 Learning, " +
      "improvement and innovation, in four themes: Working with people (QS1-3), Providing support (QS4-5), Ensuring safety (QS6-7), Leadership (QS8-9).",
    source: CQC, source_url: LA_ASSESSMENTS_URL,
    caveats:
      `${ASSESSMENT_CAVEATS} Scores are nullable: CQC may not review every statement in an assessment, and some curated rows carry only ` +
      "the scores their source quotes (seed 000 Table A5 gives only Learning, improvement and innovation)."
  }
];
