/**
 * ASCOF indicators in the catalogue. Titles and definitions follow the ASCOF handbook of
 * definitions; polarity follows the handbook's "higher/lower is better" (cross-checked against
 * measure_direction.csv in test/reablement-real.test.ts).
 */
import type {IndicatorDefinition} from "../types.ts";
import {ascofCodeHistory, RENUMBERED_FROM} from "./measures.ts";

const SOURCE = "Adult Social Care Outcomes Framework (ASCOF): NHS England to 2023-24, DHSC from 2024-25";
const SOURCE_URL = "https://digital.nhs.uk/data-and-information/publications/statistical/adult-social-care-outcomes-framework-ascof";
const SURVEY = "From the Adult Social Care Survey (ASCS); survey estimates carry sampling error.";
const CARER_SURVEY = "From the biennial Survey of Adult Carers in England (SACE): published in alternate years only.";
const CLD = "From 2024-25 the source is Client Level Data (CLD), replacing SALT: official statistics in development, and the series breaks.";

/**
 * The 2024-25 series breaks, in the words of the release's Comparability_over_time_log
 * (test/ascof-timeseries.test.ts checks that the indicators with a 2024-25 break are exactly those
 * the log lists for 2024 to 2025).
 */
const CLD_BREAK = "The data source changed from SALT to Client Level Data (CLD), with significant methodological changes to suit an event-level collection: figures from 2024-25 cannot be compared with previous years.";
const CLD_CARERS_BREAK = `${CLD_BREAK} Not published for 2024-25: the national number of unpaid carers in CLD was significantly lower than the figure SALT reported the year before.`;
const REABLEMENT_12_WEEKS_BREAK = "A new metric for 2024-25 (ASCOF 2D(1)), derived from Client Level Data (CLD) linked to health data: the proportion of people aged 65 and over discharged from hospital into reablement who remained in the community within 12 weeks of discharge. It replaces the SALT metric of whether people were at home 91 days after discharge; changes to the data sources, definitions and methods make it a different metric that cannot be compared with previous years.";
const REABLEMENT_OFFERED_BREAK = "A new metric for 2024-25 (ASCOF 2D(2)), derived from Client Level Data (CLD) linked to health data, replacing the SALT metric: changes to the data sources, definitions and methods make it a different metric that cannot be compared with previous years.";

/** `cld`: the measure moved to CLD in 2024-25; `true` for the common wording, or the break's own note. */
function ascof(entry: Omit<IndicatorDefinition, "family" | "source" | "source_url" | "codes" | "series_breaks"> & {cld?: true | string}): IndicatorDefinition {
  const codes = ascofCodeHistory(entry.indicator_id);
  const breaks: {period: string; note: string}[] = [];
  const renumbered = codes.length === 2 && codes[0].code !== codes[1].code;
  if (renumbered) breaks.push({period: RENUMBERED_FROM, note: `ASCOF renumbered: ${codes[0].code} became ${codes[1].code} (same measure).`});
  if (entry.cld) breaks.push({period: "2024-25", note: entry.cld === true ? CLD_BREAK : entry.cld});
  const {cld, ...rest} = entry;
  return {...rest, family: "reablement", source: SOURCE, source_url: SOURCE_URL, codes, series_breaks: breaks, caveats: [rest.caveats, cld ? CLD : ""].filter(Boolean).join(" ")};
}

export const indicators: IndicatorDefinition[] = [
  ascof({
    indicator_id: "ascof_reablement_91_day", title: "Older people still at home 91 days after hospital discharge into reablement",
    short_title: "At home 91 days after reablement", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of older people (aged 65 and over) who were still at home 91 days after discharge from hospital into reablement or rehabilitation services. Numerator: people at home on day 91; denominator: people aged 65+ discharged from hospital into reablement between 1 October and 31 December. From 2024-25 (ASCOF 2D(1), Client Level Data) the measure is those who remained in the community within 12 weeks of discharge (not admitted to long-term residential or nursing care, not readmitted to hospital as an emergency, not died): a different metric, see the series break.",
    caveats: "Small denominators make single-year values volatile; compare with confidence intervals.", cld: REABLEMENT_12_WEEKS_BREAK
  }),
  ascof({
    indicator_id: "ascof_reablement_offered", title: "Older people offered reablement after hospital discharge",
    short_title: "Offered reablement", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of older people (aged 65 and over) who received reablement or rehabilitation services after discharge from hospital: people discharged into reablement (SALT STS004) as a share of all hospital discharges of people aged 65+ (Hospital Episode Statistics).",
    caveats: "The 2019-20 and 2020-21 files reuse the 91-day measure's description for this measure; the code, not the description, identifies it.", cld: REABLEMENT_OFFERED_BREAK
  }),
  ascof({
    indicator_id: "ascof_short_term_outcome", title: "Outcome of short-term services: no ongoing support or support of a lower level",
    short_title: "Short-term service outcome", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of people who received short-term services to maximise independence during the year where the sequel was either no ongoing support or support of a lower level.",
    cld: true
  }),
  ascof({
    indicator_id: "ascof_admissions_18_64", title: "Younger adults (18-64) whose long-term needs were met by admission to care homes",
    short_title: "Care home admissions 18-64", unit: "per 100,000", value_type: "rate", multiplier: 100000, polarity: "low_is_good",
    definition: "Long-term support needs of younger adults (aged 18-64) met by admission to residential and nursing care homes, per 100,000 population aged 18-64.", cld: true
  }),
  ascof({
    indicator_id: "ascof_admissions_65_plus", title: "Older adults (65+) whose long-term needs were met by admission to care homes",
    short_title: "Care home admissions 65+", unit: "per 100,000", value_type: "rate", multiplier: 100000, polarity: "low_is_good",
    definition: "Long-term support needs of older adults (aged 65 and over) met by admission to residential and nursing care homes, per 100,000 population aged 65+.", cld: true
  }),
  ascof({
    indicator_id: "ascof_quality_of_life", title: "Social care-related quality of life score", short_title: "Quality of life score",
    unit: "score (0-24)", value_type: "score", multiplier: null, polarity: "high_is_good",
    definition: "Average social care-related quality of life score of people who use services, from eight ASCS questions (0 to 24).", caveats: SURVEY
  }),
  ascof({
    indicator_id: "ascof_quality_of_life_adjusted", title: "Adjusted social care-related quality of life: impact of adult social care services",
    short_title: "Quality of life impact", unit: "ratio", value_type: "score", multiplier: null, polarity: "high_is_good",
    definition: "The estimated impact of adult social care services on quality of life, adjusted for the needs of the people surveyed.", caveats: SURVEY
  }),
  ascof({
    indicator_id: "ascof_carer_quality_of_life", title: "Carer-reported quality of life score", short_title: "Carer quality of life",
    unit: "score (0-12)", value_type: "score", multiplier: null, polarity: "high_is_good",
    definition: "Average quality of life score reported by carers (0 to 12).", caveats: CARER_SURVEY
  }),
  ascof({
    indicator_id: "ascof_satisfaction_service_users", title: "Overall satisfaction of people who use services with their care and support",
    short_title: "Service user satisfaction", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of people who use services who are extremely or very satisfied with their care and support.", caveats: SURVEY
  }),
  ascof({
    indicator_id: "ascof_satisfaction_carers", title: "Overall satisfaction of carers with social services", short_title: "Carer satisfaction",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of carers who are extremely or very satisfied with the support or services they and the person they care for received.", caveats: CARER_SURVEY
  }),
  ascof({
    indicator_id: "ascof_ld_own_home", title: "Adults with a learning disability who live in their own home or with their family",
    short_title: "Learning disability: own home", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of adults aged 18-64 with a primary support reason of learning disability support, receiving long-term support, who live in their own home or with their family.", cld: true
  }),
  ascof({
    indicator_id: "ascof_control_daily_life", title: "People who use services who have control over their daily life",
    short_title: "Control over daily life", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of people who use services who report that they have as much control over their daily life as they want, or adequate control.", caveats: SURVEY
  }),
  ascof({
    indicator_id: "ascof_carers_consulted", title: "Carers who were included or consulted in discussions about the person they care for",
    short_title: "Carers included or consulted", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of carers who report that they have been included or consulted in discussions about the person they care for.", caveats: CARER_SURVEY
  }),
  ascof({
    indicator_id: "ascof_easy_information_users", title: "People who use services who find it easy to find information about services",
    short_title: "Easy to find information (users)", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of people who use services who find it very or fairly easy to find information about support.", caveats: SURVEY
  }),
  ascof({
    indicator_id: "ascof_easy_information_carers", title: "Carers who find it easy to find information about services",
    short_title: "Easy to find information (carers)", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of carers who find it very or fairly easy to find information about support.", caveats: CARER_SURVEY
  }),
  ascof({
    indicator_id: "ascof_self_directed_support_users", title: "People using social care who receive self-directed support",
    short_title: "Self-directed support (users)", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of people receiving long-term community support who receive self-directed support (a personal budget or direct payment).", cld: true
  }),
  ascof({
    indicator_id: "ascof_self_directed_support_carers", title: "Carers who receive self-directed support", short_title: "Self-directed support (carers)",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of carers receiving carer-specific support who receive self-directed support.", cld: CLD_CARERS_BREAK
  }),
  ascof({
    indicator_id: "ascof_direct_payments_users", title: "People using social care who receive direct payments", short_title: "Direct payments (users)",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of people receiving long-term community support who receive direct payments.", cld: true
  }),
  ascof({
    indicator_id: "ascof_direct_payments_carers", title: "Carers who receive direct payments", short_title: "Direct payments (carers)",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of carers receiving carer-specific support who receive direct payments.", cld: CLD_CARERS_BREAK
  }),
  ascof({
    indicator_id: "ascof_feel_safe", title: "People who use services who feel safe", short_title: "Feel safe",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of people who use services who say they feel as safe as they want.", caveats: SURVEY
  }),
  ascof({
    indicator_id: "ascof_services_feel_safe", title: "People who use services who say those services have made them feel safe and secure",
    short_title: "Services make them feel safe", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of people who use services who say that those services have made them feel safe and secure. Not in the 2023-24 framework.", caveats: SURVEY
  }),
  ascof({
    indicator_id: "ascof_social_contact_users", title: "People who use services who have as much social contact as they would like",
    short_title: "Social contact (users)", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of people who use services who reported that they had as much social contact as they would like.", caveats: SURVEY
  }),
  ascof({
    indicator_id: "ascof_social_contact_carers", title: "Carers who have as much social contact as they would like", short_title: "Social contact (carers)",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of carers who reported that they had as much social contact as they would like.", caveats: CARER_SURVEY
  }),
  ascof({
    indicator_id: "ascof_ld_paid_employment", title: "Adults with a learning disability in paid employment", short_title: "Learning disability: paid work",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of adults aged 18-64 with a learning disability receiving long-term support who are in paid employment. Not in the 2023-24 framework."
  }),
  ascof({
    indicator_id: "ascof_mh_paid_employment", title: "Adults in contact with secondary mental health services in paid employment",
    short_title: "Mental health: paid work", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of adults aged 18-69 in contact with secondary mental health services who are in paid employment. Not in the 2023-24 framework."
  }),
  ascof({
    indicator_id: "ascof_mh_independent", title: "Adults in contact with secondary mental health services living independently",
    short_title: "Mental health: living independently", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Proportion of adults in contact with secondary mental health services who live independently, with or without support. Not in the 2023-24 framework."
  }),
  ascof({
    indicator_id: "ascof_delayed_transfers", title: "Delayed transfers of care from hospital", short_title: "Delayed transfers",
    unit: "per 100,000", value_type: "rate", multiplier: 100000, polarity: "low_is_good",
    definition: "Delayed transfers of care from hospital per 100,000 population aged 18+. Collected until 2019-20."
  }),
  ascof({
    indicator_id: "ascof_delayed_transfers_social_care", title: "Delayed transfers of care attributable to adult social care",
    short_title: "Delayed transfers (social care)", unit: "per 100,000", value_type: "rate", multiplier: 100000, polarity: "low_is_good",
    definition: "Delayed transfers of care from hospital attributable to adult social care, per 100,000 population aged 18+. Collected until 2019-20."
  }),
  ascof({
    indicator_id: "ascof_delayed_transfers_joint", title: "Delayed transfers of care attributable jointly to NHS and social care",
    short_title: "Delayed transfers (joint)", unit: "per 100,000", value_type: "rate", multiplier: 100000, polarity: "low_is_good",
    definition: "Delayed transfers of care from hospital jointly attributable to the NHS and adult social care, per 100,000 population aged 18+. Collected until 2019-20."
  })
];
