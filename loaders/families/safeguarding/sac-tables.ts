/**
 * What each row of the Safeguarding Adults Collection (SAC) CSV means, as data: publisher labels
 * (TABLE_REFERENCE, ENQUIRY_TYPE, CATEGORY, SUBCATEGORY) -> indicator id and breakdown
 * dimensions. This is the one place to change when a release renames a label or adds a table;
 * the parser only applies it, and anything not listed here is a located error, never a silent drop.
 *
 * Conventions (NHS England's publication code, NHSDigital/ASC-Safeguarding-Adults,
 * publication_outputs/*.py, see ../shared/docs/data-sources.md §3):
 * - CATEGORY is the row of the return's table and SUBCATEGORY its column (pbi_risk_table.py
 *   renames them 'Row' and 'Column'). In SG2a the row is the type of risk and the column the
 *   source of risk; in SG2b the row is the location and the column the source. Those tables are
 *   published as cells only; `derive` adds the type, location and source totals.
 * - ENQUIRY_TYPE says what is counted: concerns and enquiries started (SG1f), individuals
 *   involved in Section 42 enquiries (SG1a-e), Section 42 enquiries concluded in the year
 *   (SG2-SG4), reviews (SG5).
 * - Where a table has no second dimension, SUBCATEGORY is 'Total' (or blank). The real file's
 *   CATEGORY/SUBCATEGORY wording is not confirmed from a published CSV (data-sources.md §8):
 *   labels are matched ignoring case, punctuation, '&'/'and' and spacing, and aliases below
 *   absorb the variants seen in the data tables and in council reports (seed 004), short
 *   (`Physical`) and long (`Physical Abuse`) alike; the breakdown always carries the canonical label.
 * - For the risk tables a one-dimensional row may come in either of two shapes, and both give the
 *   same fact: the value in CATEGORY with SUBCATEGORY 'Total' or blank (`Physical Abuse`, `Total`),
 *   or the dimension named in CATEGORY and the value in SUBCATEGORY (`Type of Risk`,
 *   `Physical Abuse`; RISK_HEADINGS). The cells of a two-way table (type by source) have one shape.
 */

/** A dimension of a breakdown and the labels it accepts: canonical label -> published variants. */
export interface Dimension {
  name: string;
  values: Record<string, string[]>;
}

/** What one of CATEGORY / SUBCATEGORY carries in a table. */
export type Axis =
  | {kind: "dimension"; dimension: Dimension}
  /** 'Total', 'All' or blank: adds nothing to the breakdown. */
  | {kind: "total"}
  /**
   * A fixed label that adds nothing to the breakdown: the row a nested column belongs to, or the
   * name of the dimension whose value SUBCATEGORY carries ('Type of Risk').
   */
  | {kind: "fixed"; labels: string[]};

export interface SacTableShape {
  category: Axis;
  subcategory: Axis;
}

export interface SacTable {
  reference: string;
  title: string;
  /** ENQUIRY_TYPE label -> indicator id, with published variants of the label. */
  enquiryTypes: {label: string; aliases?: string[]; indicator_id: string}[];
  /** The shapes a row of this table may take; the first that accepts CATEGORY and SUBCATEGORY wins. */
  shapes: SacTableShape[];
}

/** Labels that mean "no breakdown on this axis". */
export const TOTAL_LABELS = ["Total", "All", "Totals", ""];

const dimension = (name: string, values: Record<string, string[]>): Axis => ({kind: "dimension", dimension: {name, values}});
const TOTAL: Axis = {kind: "total"};

// Counts the SAC publishes. Derived measures (shares, rates) are declared in indicators.ts.
export const SAC_INDICATOR = {
  concerns: "sac_concerns",
  s42Enquiries: "sac_s42_enquiries",
  otherEnquiries: "sac_other_enquiries",
  s42Individuals: "sac_s42_individuals",
  concludedS42: "sac_concluded_s42",
  sars: "sac_sars",
  sarIndividuals: "sac_sar_individuals"
} as const;

const S42_INDIVIDUALS = [{label: "Section 42 Enquiries", aliases: ["Section 42 Safeguarding Enquiries", "Individuals involved in Section 42 Enquiries", "Section 42"], indicator_id: SAC_INDICATOR.s42Individuals}];
const CONCLUDED = [{label: "Concluded Section 42 Enquiries", aliases: ["Concluded Section 42 Safeguarding Enquiries", "Concluded Enquiries", "Concluded S42 Enquiries"], indicator_id: SAC_INDICATOR.concludedS42}];

export const AGE = dimension("age", {
  "18-64": ["18 to 64", "Aged 18-64"],
  "65-74": ["65 to 74", "Aged 65-74"],
  "75-84": ["75 to 84", "Aged 75-84"],
  "85-94": ["85 to 94", "Aged 85-94"],
  "95+": ["95 and over", "95 plus", "Aged 95+"],
  "Age Unknown": ["Unknown", "Not Known", "Age Not Known"]
});

export const GENDER = dimension("gender", {
  Male: ["Men"],
  Female: ["Women"],
  "Not Known": ["Unknown", "Not Recorded", "Gender Not Known"]
});

// Kent's report words the groups differently (seed 004 L2048-2053); the aliases take both.
export const ETHNICITY = dimension("ethnicity", {
  White: [],
  "Mixed / Multiple": ["Mixed", "Mixed / Multiple ethnic groups", "Mixed or multiple ethnic groups"],
  "Asian / Asian British": ["Asian", "Asian or Asian British"],
  "Black / African / Caribbean / Black British": ["Black", "Black, Black British, Caribbean or African", "Black or Black British"],
  "Other Ethnic Group": ["Other", "Other ethnic groups"],
  Refused: ["Declined"],
  "Undeclared / Not Known": ["Undeclared", "Not Known", "Unknown", "Not Stated"]
});

export const PRIMARY_SUPPORT_REASON = dimension("primary_support_reason", {
  "Physical Support": ["Physical"],
  "Sensory Support": ["Sensory"],
  "Support with Memory and Cognition": ["Memory and Cognition", "Support with Memory & Cognition"],
  "Learning Disability Support": ["Learning Disability"],
  "Mental Health Support": ["Mental Health"],
  "Social Support": [],
  "No Support Reason": ["None", "No Support Reason Identified"],
  "Not Known": ["Unknown"]
});

export const AUTISM = dimension("autism", {
  "Autism excluding Asperger's Syndrome / High Functioning Autism": ["Learning, Developmental or Intellectual Disability (Autism excluding Asperger's Syndrome/ High Functioning Autism)"],
  "Asperger's Syndrome / High Functioning Autism": ["Learning, Developmental or Intellectual Disability (Asperger's Syndrome/ High Functioning Autism)"]
});

export const TYPE_OF_RISK = dimension("type_of_risk", {
  "Physical Abuse": ["Physical"],
  "Sexual Abuse": ["Sexual"],
  "Psychological Abuse": ["Psychological", "Psychological or Emotional Abuse"],
  "Financial or Material Abuse": ["Financial", "Financial Abuse", "Financial or Material"],
  "Discriminatory Abuse": ["Discriminatory"],
  "Organisational Abuse": ["Organisational"],
  "Neglect and Acts of Omission": ["Neglect", "Neglect or Acts of Omission"],
  "Domestic Abuse": ["Domestic"],
  "Sexual Exploitation": [],
  "Modern Slavery": [],
  "Self-Neglect": ["Self Neglect"]
});

export const LOCATION_OF_RISK = dimension("location_of_risk", {
  "Own Home": [],
  "In the Community": ["In the Community (excluding Community Services)", "Community"],
  "Community Service": ["In a Community Service"],
  "Care Home - Nursing": ["Care Home Nursing", "Nursing Home"],
  "Care Home - Residential": ["Care Home Residential", "Residential Home"],
  "Hospital - Acute": ["Acute Hospital"],
  "Hospital - Mental Health": ["Mental Health Hospital"],
  "Hospital - Community": ["Community Hospital"],
  "Other": ["Other Location"]
});

export const SOURCE_OF_RISK = dimension("source_of_risk", {
  "Service Provider": [],
  "Other - Known to individual": ["Known to individual"],
  "Other - Unknown to individual": ["Unknown to individual"]
});

// SG2c as the data tables print it: the risk assessment and whether action was taken, one label.
export const ACTION_AND_OUTCOME = dimension("action_and_outcome", {
  "Risk identified and action taken": [],
  "Risk identified and no action taken": [],
  "Risk assessment inconclusive and action taken": ["Risk inconclusive and action taken"],
  "Risk assessment inconclusive and no action taken": ["Risk inconclusive and no action taken"],
  "No risk identified and action taken": [],
  "No risk identified and no action taken": [],
  "Enquiry ceased at individual's request and no action taken": ["Enquiry ceased at individual's request"]
});

export const RISK_OUTCOME = dimension("risk_outcome", {
  "Risk remained": [],
  "Risk reduced": [],
  "Risk removed": []
});

export const MENTAL_CAPACITY = dimension("mental_capacity", {
  "Yes, they lacked capacity": ["Yes"],
  "No, they did not lack capacity": ["No"],
  "Don't Know": ["Do not know"],
  "Not Recorded": []
});

export const MSP_ASKED = dimension("msp_asked", {
  "Yes they were asked and outcomes were expressed": ["Asked and outcomes expressed"],
  "Yes they were asked but no outcomes were expressed": ["Asked but no outcomes expressed"],
  "No": ["Not asked"],
  "Don't Know": ["Do not know"],
  "Not Recorded": []
});

export const MSP_OUTCOME = dimension("msp_outcome", {
  "Fully Achieved": [],
  "Partially Achieved": [],
  "Not Achieved": []
});

export const SAR_CASE = dimension("sar_case", {
  "Where one or more individuals died": [],
  "Where no individuals died": []
});

export const SAR_HARM = dimension("sar_harm", {
  "Who suffered serious harm and died": [],
  "Who suffered serious harm and survived": []
});

/** The names a CATEGORY cell may give a risk dimension when SUBCATEGORY carries its value. */
export const RISK_HEADINGS = {
  type_of_risk: ["Type of Risk"],
  location_of_risk: ["Location of Risk"],
  source_of_risk: ["Source of Risk"]
};

/** CATEGORY names the dimension (one of `headings`), SUBCATEGORY carries the value. */
const namedInCategory = (headings: string[], axis: Axis): SacTableShape => ({category: {kind: "fixed", labels: headings}, subcategory: axis});

export const SAC_TABLES: SacTable[] = [
  {
    reference: "SG1f",
    title: "Safeguarding concerns and enquiries started in the year",
    enquiryTypes: [
      {label: "Safeguarding Concerns", aliases: ["Concerns", "Total Number of Safeguarding Concerns"], indicator_id: SAC_INDICATOR.concerns},
      {label: "Section 42 Enquiries", aliases: ["Section 42 Safeguarding Enquiries", "Total Number of Section 42 Safeguarding Enquiries"], indicator_id: SAC_INDICATOR.s42Enquiries},
      {label: "Other Enquiries", aliases: ["Other Safeguarding Enquiries", "Total Number of Other Safeguarding Enquiries"], indicator_id: SAC_INDICATOR.otherEnquiries}
    ],
    shapes: [{category: TOTAL, subcategory: TOTAL}]
  },
  {reference: "SG1a", title: "Individuals involved in Section 42 enquiries by age", enquiryTypes: S42_INDIVIDUALS, shapes: [{category: AGE, subcategory: TOTAL}]},
  {reference: "SG1b", title: "Individuals involved in Section 42 enquiries by gender", enquiryTypes: S42_INDIVIDUALS, shapes: [{category: GENDER, subcategory: TOTAL}]},
  {reference: "SG1c", title: "Individuals involved in Section 42 enquiries by ethnicity", enquiryTypes: S42_INDIVIDUALS, shapes: [{category: ETHNICITY, subcategory: TOTAL}]},
  {reference: "SG1d", title: "Individuals involved in Section 42 enquiries by primary support reason", enquiryTypes: S42_INDIVIDUALS, shapes: [{category: PRIMARY_SUPPORT_REASON, subcategory: TOTAL}]},
  {reference: "SG1e", title: "Individuals involved in Section 42 enquiries with autism", enquiryTypes: S42_INDIVIDUALS, shapes: [{category: AUTISM, subcategory: TOTAL}]},
  {
    reference: "SG2a", title: "Concluded Section 42 enquiries by type and source of risk", enquiryTypes: CONCLUDED,
    shapes: [
      {category: TYPE_OF_RISK, subcategory: SOURCE_OF_RISK},
      {category: TYPE_OF_RISK, subcategory: TOTAL},
      {category: SOURCE_OF_RISK, subcategory: TOTAL},
      namedInCategory(RISK_HEADINGS.type_of_risk, TYPE_OF_RISK),
      namedInCategory(RISK_HEADINGS.source_of_risk, SOURCE_OF_RISK)
    ]
  },
  {
    reference: "SG2b", title: "Concluded Section 42 enquiries by location and source of risk", enquiryTypes: CONCLUDED,
    shapes: [
      {category: LOCATION_OF_RISK, subcategory: SOURCE_OF_RISK},
      {category: LOCATION_OF_RISK, subcategory: TOTAL},
      {category: SOURCE_OF_RISK, subcategory: TOTAL},
      namedInCategory(RISK_HEADINGS.location_of_risk, LOCATION_OF_RISK),
      namedInCategory(RISK_HEADINGS.source_of_risk, SOURCE_OF_RISK)
    ]
  },
  {
    reference: "SG2a_b1", title: "Concluded Section 42 enquiries by type and location of risk", enquiryTypes: CONCLUDED,
    shapes: [{category: TYPE_OF_RISK, subcategory: LOCATION_OF_RISK}]
  },
  {reference: "SG2c", title: "Concluded Section 42 enquiries by risk assessment and action taken", enquiryTypes: CONCLUDED, shapes: [{category: ACTION_AND_OUTCOME, subcategory: TOTAL}]},
  {reference: "SG2e", title: "Concluded Section 42 enquiries where a risk was identified, by risk outcome", enquiryTypes: CONCLUDED, shapes: [{category: RISK_OUTCOME, subcategory: TOTAL}]},
  {reference: "SG3a", title: "Concluded Section 42 enquiries by whether the individual lacked mental capacity", enquiryTypes: CONCLUDED, shapes: [{category: MENTAL_CAPACITY, subcategory: TOTAL}]},
  {
    reference: "SG4a", title: "Making Safeguarding Personal: concluded Section 42 enquiries by whether desired outcomes were asked for and achieved", enquiryTypes: CONCLUDED,
    shapes: [
      {category: MSP_ASKED, subcategory: TOTAL},
      // The achievement columns belong to the "asked and outcomes were expressed" row only.
      {category: {kind: "fixed", labels: ["Yes they were asked and outcomes were expressed", "Asked and outcomes expressed"]}, subcategory: MSP_OUTCOME}
    ]
  },
  {
    reference: "SG5a", title: "Safeguarding Adults Reviews (SARs) completed in the year",
    enquiryTypes: [{label: "Count of Safeguarding Adult Reviews", aliases: ["Safeguarding Adult Reviews", "Safeguarding Adults Reviews", "Count of Safeguarding Adults Reviews"], indicator_id: SAC_INDICATOR.sars}],
    shapes: [{category: SAR_CASE, subcategory: TOTAL}]
  },
  {
    reference: "SG5b", title: "Individuals involved in Safeguarding Adults Reviews completed in the year",
    enquiryTypes: [{label: "Count of Individuals Involved in Safeguarding Adult Reviews", aliases: ["Individuals Involved in Safeguarding Adult Reviews"], indicator_id: SAC_INDICATOR.sarIndividuals}],
    shapes: [{category: SAR_HARM, subcategory: TOTAL}]
  }
];

/** The GEOGRAPHY column's words for each level (NHS files say Council; DHSC's may say Local Authority / National). */
export const GEOGRAPHY_LEVELS: Record<"council" | "region" | "england", string[]> = {
  council: ["Council", "Local Authority", "LA", "CASSR", "Local Authorities", "Councils"],
  region: ["Region", "Regional", "Regions"],
  england: ["England", "National", "Country"]
};

/** Compare publisher labels ignoring case, punctuation, '&' versus 'and' and spacing. */
export function normaliseLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’`]/g, "")
    .replace(/[^a-z0-9+]+/g, " ")
    .trim();
}
