/**
 * Safeguarding indicators in the catalogue: the counts the Safeguarding Adults Collection (SAC)
 * publishes, the adult population used for rates, and the measures `derive` computes from them.
 * Definitions follow NHS England's SAC publication and guidance; polarity is "no judgement" for
 * volumes and mixes (more concerns can mean better awareness, not more abuse), "high is good"
 * only where the outcome for the person is unambiguous.
 */
import type {IndicatorDefinition} from "../types.ts";
import {SAC_INDICATOR} from "./sac-tables.ts";
import {DERIVED_INDICATOR} from "./derive.ts";
import {ascofCodeHistory} from "../reablement/measures.ts";
import {POPULATION_65_INDICATOR, POPULATION_INDICATOR} from "./parse-population-mye.ts";

export const SAC_SOURCE = "Safeguarding Adults Collection (NHS England; DHSC from 2024-25)";
export const SAC_SOURCE_URL = "https://digital.nhs.uk/data-and-information/publications/statistical/safeguarding-adults";
const ASCOF_2024_25_URL = "https://www.gov.uk/government/statistics/measures-from-the-adult-social-care-outcomes-framework-england-2024-to-2025";
export const ONS_MYE_URL = "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland";

const ONS_MYE_SOURCE = "ONS mid-year population estimates (Population estimates for the UK, England and Wales, Scotland and Northern Ireland)";
const MYE_CAVEATS = "Summed here from the single years of age (the oldest is 90 and over) in the MYE2 persons table of each mid-year's workbook, as first published; ONS revises estimates after a census (it later published mid-2012 to mid-2020 rebased on Census 2021 for England and Wales), so a year can differ from ONS's current series. Each workbook uses the council boundaries of its publication date: a council whose area did not change under a new code (Buckinghamshire, North Yorkshire, Somerset) is shown under its current code; Northamptonshire, Cumbria, Bournemouth, Poole and Dorset County Council keep their own rows for the years before their successors appear. City of London and the Isles of Scilly are estimated separately.";
const ROUNDING = "Counts are rounded to the nearest 5 and counts under 5 are suppressed ([c]); [x] means not available.";
const RECORDING = "Councils record safeguarding differently (what is logged as a concern, when a concern becomes an enquiry, how far 'other' enquiries are used), so differences between councils partly reflect recording practice rather than risk (seed 004: Medway was investigating its high share of non-statutory enquiries; Kent's move to recording risk assessments at the concern stage raised 'no support reason' from 17% to 25%).";
const DERIVED_FROM_ROUNDED = "Computed here from the published counts, which are rounded to 5, so it can differ from NHS England's published percentage (computed on unrounded counts) by a fraction of a point; suppressed counts are taken as 0 in totals.";
const PUBLISHER = "Published by NHS Digital/NHS England to 2023-24 and by DHSC on GOV.UK from 2024-25.";

function sac(entry: Omit<IndicatorDefinition, "family" | "source" | "source_url">): IndicatorDefinition {
  return {family: "safeguarding", source: SAC_SOURCE, source_url: SAC_SOURCE_URL, ...entry};
}

const caveats = (...parts: string[]) => [...parts, PUBLISHER].join(" ");

export const indicators: IndicatorDefinition[] = [
  // ---- published by DHSC in the ASCOF time series (ASCOF 4B from 2023-24) -----------------------
  // The explorer lists a family's indicators in catalogue order and opens on the first with data
  // (src/components/explorer-page.ts): this published measure, then the rates and shares, then the counts.
  {
    indicator_id: "ascof_s42_risk_reduced_removed", family: "safeguarding",
    title: "Section 42 enquiries where a risk was identified and the risk was reduced or removed (ASCOF 4B)", short_title: "S42 risk reduced or removed (ASCOF)",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition:
      "The proportion of section 42 safeguarding enquiries where a risk was identified, and the reported outcome was that this risk was reduced or removed (ASCOF 4B from 2023-24). " +
      "Numerator: people where a risk was identified and it was removed or reduced; denominator: people where a risk was identified (removed, reduced or remaining). " +
      "From the Safeguarding Adults Collection, tables SG2c and SG2e, as DHSC publishes it in the ASCOF time series.",
    source: "ASCOF (DHSC)", source_url: ASCOF_2024_25_URL,
    codes: ascofCodeHistory("ascof_s42_risk_reduced_removed"),
    caveats:
      "Values as DHSC publishes them, not computed here. Numerators and denominators are rounded to the nearest 5 and values under 5 suppressed ([c]). " +
      "Where a council's numerator exceeded its denominator (over 100%), DHSC replaced the outcome with [z] as a data quality issue, so there is no value, while its counts stay in the regional and England totals (ASCOF note 16). " +
      "Not the ASCOF 4B of 2022-23 and earlier ('services have made me feel safe and secure', ascof_services_feel_safe): the code was reused. " +
      "Close to sac_risk_reduced_or_removed, which this project computes from the SAC counts."
  },

  // ---- derived (computed once in derive.ts) ---------------------------------------------------
  sac({
    indicator_id: DERIVED_INDICATOR.concernsPer100k, title: "Safeguarding concerns per 100,000 adults", short_title: "Concerns per 100,000",
    unit: "per 100,000 adults", value_type: "rate", multiplier: 100000, polarity: "no_judgement",
    definition: "Safeguarding concerns raised in the year per 100,000 residents aged 18 and over (ONS mid-year estimate for the year's start: mid-2021 for 2021-22).",
    caveats: caveats(DERIVED_FROM_ROUNDED, RECORDING, "More concerns can mean better awareness and reporting, not more abuse."), derived: true
  }),
  sac({
    indicator_id: DERIVED_INDICATOR.s42Per100k, title: "Section 42 enquiries per 100,000 adults", short_title: "S42 enquiries per 100,000",
    unit: "per 100,000 adults", value_type: "rate", multiplier: 100000, polarity: "no_judgement",
    definition: "Section 42 safeguarding enquiries started in the year per 100,000 residents aged 18 and over (ONS mid-year estimate).",
    caveats: caveats(DERIVED_FROM_ROUNDED, RECORDING), derived: true
  }),
  sac({
    indicator_id: DERIVED_INDICATOR.enquiriesPer100k, title: "Safeguarding enquiries (Section 42 and other) per 100,000 adults", short_title: "Enquiries per 100,000",
    unit: "per 100,000 adults", value_type: "rate", multiplier: 100000, polarity: "no_judgement",
    definition: "All safeguarding enquiries started in the year (Section 42 and other) per 100,000 residents aged 18 and over (ONS mid-year estimate).",
    caveats: caveats(DERIVED_FROM_ROUNDED, RECORDING), derived: true
  }),
  sac({
    indicator_id: DERIVED_INDICATOR.conversionRate, title: "Safeguarding concerns converted to enquiries", short_title: "Concern conversion rate",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "no_judgement",
    definition: "Enquiries started in the year (Section 42 and other) as a percentage of safeguarding concerns raised in the year: (Section 42 + other enquiries) / concerns x 100.",
    caveats: caveats(DERIVED_FROM_ROUNDED, RECORDING, "Neither a high nor a low rate is better in itself: it reflects local thresholds and triage."), derived: true
  }),
  sac({
    indicator_id: DERIVED_INDICATOR.s42Share, title: "Enquiries that were Section 42 enquiries", short_title: "% Section 42",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "no_judgement",
    definition: "Section 42 enquiries as a percentage of all safeguarding enquiries started in the year: Section 42 / (Section 42 + other enquiries) x 100.",
    caveats: caveats(DERIVED_FROM_ROUNDED, RECORDING), derived: true
  }),
  sac({
    indicator_id: DERIVED_INDICATOR.riskReducedOrRemoved, title: "Concluded Section 42 enquiries where the risk was reduced or removed", short_title: "Risk reduced or removed",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Concluded Section 42 enquiries where the risk was reduced or removed, as a percentage of those with a recorded risk outcome (remained, reduced or removed).",
    caveats: caveats(DERIVED_FROM_ROUNDED, "A risk can remain because the person chose to live with it; read with Making Safeguarding Personal."), derived: true
  }),
  sac({
    indicator_id: DERIVED_INDICATOR.mspFullyAchieved, title: "Desired outcomes fully achieved (Making Safeguarding Personal)", short_title: "MSP outcomes fully achieved",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good",
    definition: "Concluded Section 42 enquiries where the person's expressed desired outcomes were fully achieved, as a percentage of those where outcomes were expressed (fully, partially or not achieved).",
    caveats: caveats(DERIVED_FROM_ROUNDED, "Whether outcomes count as achieved is recorded by each council's practitioners."), derived: true
  }),
  sac({
    indicator_id: DERIVED_INDICATOR.concludedShare, title: "Concluded Section 42 enquiries by type, location and source of risk, action taken and Making Safeguarding Personal", short_title: "Concluded S42: mix",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "no_judgement",
    definition: "Count in each category as a percentage of all Section 42 enquiries concluded in the year, for type of risk, location of risk, source of risk, risk assessment and action taken, mental capacity and whether the person was asked about their desired outcomes.",
    caveats: caveats(DERIVED_FROM_ROUNDED, "Type-of-risk shares add up to more than 100%: an enquiry can involve several types.", RECORDING), derived: true
  }),
  sac({
    indicator_id: DERIVED_INDICATOR.riskOutcomeShare, title: "Risk outcome of concluded Section 42 enquiries where a risk was identified", short_title: "Risk outcome: mix",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "no_judgement",
    definition: "Risk remained, reduced or removed as a percentage of concluded Section 42 enquiries with a recorded risk outcome (risk identified or inconclusive, and action taken).",
    caveats: caveats(DERIVED_FROM_ROUNDED), derived: true
  }),
  sac({
    indicator_id: DERIVED_INDICATOR.mspOutcomeShare, title: "Desired outcomes achieved (Making Safeguarding Personal)", short_title: "MSP outcomes: mix",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "no_judgement",
    definition: "Outcomes fully, partially or not achieved, as a percentage of concluded Section 42 enquiries where the person was asked about and expressed their desired outcomes.",
    caveats: caveats(DERIVED_FROM_ROUNDED), derived: true
  }),
  sac({
    indicator_id: DERIVED_INDICATOR.individualsShare, title: "Individuals in Section 42 enquiries by age, gender, ethnicity and primary support reason", short_title: "Individuals in S42: mix",
    unit: "%", value_type: "proportion", multiplier: 100, polarity: "no_judgement",
    definition: "Each group's share of the individuals involved in Section 42 enquiries started in the year, within one breakdown (age, gender, ethnicity or primary support reason).",
    caveats: caveats(DERIVED_FROM_ROUNDED, "A high 'not known' or 'undeclared' share is a recording-quality signal (seed 004: Medway's undeclared ethnicity rose from 5.7% to 10.5% in two years)."), derived: true
  }),

  // ---- counts published in the SAC CSV, and the adult population used for rates ---------------
  sac({
    indicator_id: SAC_INDICATOR.concerns, title: "Safeguarding concerns raised", short_title: "Safeguarding concerns",
    unit: "count", value_type: "count", multiplier: null, polarity: "no_judgement",
    definition: "Number of safeguarding concerns the council received in the year: notifications of a risk of abuse or neglect of an adult that could lead to an enquiry under local safeguarding procedures.",
    codes: [{code: "SG1f"}], caveats: caveats(ROUNDING, RECORDING, "More concerns can mean better awareness and reporting, not more abuse.")
  }),
  sac({
    indicator_id: SAC_INDICATOR.s42Enquiries, title: "Section 42 safeguarding enquiries started", short_title: "Section 42 enquiries",
    unit: "count", value_type: "count", multiplier: null, polarity: "no_judgement",
    definition: "Number of enquiries started in the year under section 42 of the Care Act 2014: the adult has care and support needs, is experiencing or at risk of abuse or neglect, and cannot protect themselves because of those needs.",
    codes: [{code: "SG1f"}], caveats: caveats(ROUNDING, RECORDING)
  }),
  sac({
    indicator_id: SAC_INDICATOR.otherEnquiries, title: "Other safeguarding enquiries started", short_title: "Other enquiries",
    unit: "count", value_type: "count", multiplier: null, polarity: "no_judgement",
    definition: "Number of enquiries started in the year that do not meet the section 42 criteria but that the council chose to carry out (for example for a carer, or an adult without care and support needs).",
    codes: [{code: "SG1f"}], caveats: caveats(ROUNDING, "Councils use other enquiries to very different degrees; some record none.", RECORDING)
  }),
  sac({
    indicator_id: SAC_INDICATOR.s42Individuals, title: "Individuals involved in Section 42 enquiries", short_title: "Individuals in S42 enquiries",
    unit: "count", value_type: "count", multiplier: null, polarity: "no_judgement",
    definition: "Number of individuals involved in Section 42 enquiries that started in the year, broken down by age, gender, ethnicity, primary support reason and autism; a person with several enquiries is counted once.",
    codes: [{code: "SG1a"}, {code: "SG1b"}, {code: "SG1c"}, {code: "SG1d"}, {code: "SG1e"}], caveats: caveats(ROUNDING)
  }),
  sac({
    indicator_id: SAC_INDICATOR.concludedS42, title: "Section 42 enquiries concluded in the year", short_title: "Concluded S42 enquiries",
    unit: "count", value_type: "count", multiplier: null, polarity: "no_judgement",
    definition: "Number of Section 42 enquiries that concluded in the year, broken down by type, location and source of risk, risk assessment and action taken, risk outcome, mental capacity and Making Safeguarding Personal; the total is the sum of the mental-capacity counts, as NHS England computes it.",
    codes: [{code: "SG2a"}, {code: "SG2b"}, {code: "SG2c"}, {code: "SG2e"}, {code: "SG3a"}, {code: "SG4a"}],
    caveats: caveats(ROUNDING, "An enquiry can involve several types of risk, so counts by type add up to more than the total.", "The CSV gives type x source and location x source cells; totals by type, location and source are summed from them here.")
  }),
  sac({
    indicator_id: SAC_INDICATOR.sars, title: "Safeguarding Adults Reviews completed", short_title: "SARs completed",
    unit: "count", value_type: "count", multiplier: null, polarity: "no_judgement",
    definition: "Number of Safeguarding Adults Reviews (Care Act 2014 section 44) completed in the year, by whether one or more individuals died.",
    codes: [{code: "SG5a"}], caveats: caveats(ROUNDING, "Most councils complete only a few reviews a year, so most values are suppressed.")
  }),
  sac({
    indicator_id: SAC_INDICATOR.sarIndividuals, title: "Individuals involved in Safeguarding Adults Reviews", short_title: "Individuals in SARs",
    unit: "count", value_type: "count", multiplier: null, polarity: "no_judgement",
    definition: "Number of individuals involved in Safeguarding Adults Reviews completed in the year, by whether they suffered serious harm and died or survived.",
    codes: [{code: "SG5b"}], caveats: caveats(ROUNDING)
  }),
  {
    indicator_id: POPULATION_INDICATOR, family: "safeguarding", title: "Adults aged 18 and over (ONS mid-year estimate)", short_title: "Adults 18+",
    unit: "people", value_type: "count", multiplier: null, polarity: "no_judgement",
    definition: "Usually resident population aged 18 and over at 30 June of the year, from the ONS mid-year population estimates (MYE2, persons by single year of age); the denominator of the safeguarding rates per 100,000 adults (mid-2021 for 2021-22).",
    source: ONS_MYE_SOURCE, source_url: ONS_MYE_URL, caveats: MYE_CAVEATS
  },
  {
    indicator_id: POPULATION_65_INDICATOR, family: "safeguarding", title: "People aged 65 and over (ONS mid-year estimate)", short_title: "People 65+",
    unit: "people", value_type: "count", multiplier: null, polarity: "no_judgement",
    definition: "Usually resident population aged 65 and over at 30 June of the year, from the ONS mid-year population estimates (MYE2, persons by single year of age): the usual base for rates of older people's social care.",
    source: ONS_MYE_SOURCE, source_url: ONS_MYE_URL, caveats: MYE_CAVEATS
  }
];
