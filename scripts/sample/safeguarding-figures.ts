/**
 * The safeguarding sample's fixed figures, apart from the generator that draws from them
 * (safeguarding.ts): the publisher's SAC labels, the illustrative national mixes, the England
 * targets the councils are scaled to, and what seed 004 gives for Medway and Kent. Kept apart so
 * that what is seeded (and from which line of the seed notes) can be read without the model.
 */

// ---- the publisher's labels --------------------------------------------------------------------

export const S42 = "Section 42 Enquiries";
export const CONCLUDED = "Concluded Section 42 Enquiries";
export const TOTAL = "Total";

export const AGE = ["18-64", "65-74", "75-84", "85-94", "95+"];
export const GENDER = ["Female", "Male", "Not Known"];
export const ETHNICITY = ["White", "Mixed / Multiple", "Asian / Asian British", "Black / African / Caribbean / Black British", "Other Ethnic Group", "Refused", "Undeclared / Not Known"];
export const PSR = ["Physical Support", "Sensory Support", "Support with Memory and Cognition", "Learning Disability Support", "Mental Health Support", "Social Support", "No Support Reason", "Not Known"];
export const TYPE = ["Physical Abuse", "Sexual Abuse", "Psychological Abuse", "Financial or Material Abuse", "Discriminatory Abuse", "Organisational Abuse", "Neglect and Acts of Omission", "Domestic Abuse", "Sexual Exploitation", "Modern Slavery", "Self-Neglect"];
export const LOCATION = ["Own Home", "In the Community", "Community Service", "Care Home - Nursing", "Care Home - Residential", "Hospital - Acute", "Hospital - Mental Health", "Hospital - Community", "Other"];
export const SOURCE = ["Service Provider", "Other - Known to individual", "Other - Unknown to individual"];
export const ACTION = [
  "Risk identified and action taken", "Risk identified and no action taken",
  "Risk assessment inconclusive and action taken", "Risk assessment inconclusive and no action taken",
  "No risk identified and action taken", "No risk identified and no action taken",
  "Enquiry ceased at individual's request and no action taken"
];
export const RISK = ["Risk remained", "Risk reduced", "Risk removed"];
export const CAPACITY = ["Yes, they lacked capacity", "No, they did not lack capacity", "Don't Know", "Not Recorded"];
export const MSP_ASKED = ["Yes they were asked and outcomes were expressed", "Yes they were asked but no outcomes were expressed", "No", "Don't Know", "Not Recorded"];
export const MSP_OUTCOME = ["Fully Achieved", "Partially Achieved", "Not Achieved"];
export const SAR_CASE = ["Where one or more individuals died", "Where no individuals died"];
export const SAR_HARM = ["Who suffered serious harm and died", "Who suffered serious harm and survived"];

// ---- typical mixes (illustrative, near the published national picture) -------------------------

export const MIX = {
  age: [37, 12, 20, 25, 6],
  gender: [58, 41, 1],
  ethnicity: [84, 1, 3, 2, 0.8, 0.4, 8.8],
  ethnicityLondon: [55, 3, 13, 15, 3, 1, 10],
  ethnicityMidlandsNorth: [78, 1.5, 8, 3, 1, 0.5, 8],
  psr: [44, 2, 8, 9, 12, 4, 19, 2],
  // shares of concluded enquiries; an enquiry can have several types, so these add up to about 120
  type: [20, 3.5, 16, 15, 0.6, 5, 32, 7, 0.6, 0.3, 10],
  sourceByType: [[30, 62, 8], [15, 55, 30], [15, 75, 10], [10, 70, 20], [25, 55, 20], [95, 4, 1], [60, 37, 3], [2, 96, 2], [5, 45, 50], [5, 40, 55], [2, 96, 2]],
  location: [47, 5, 4, 10, 20, 3, 2, 1, 8],
  sourceByLocation: [[20, 72, 8], [5, 60, 35], [70, 25, 5], [85, 12, 3], [85, 12, 3], [80, 15, 5], [70, 25, 5], [80, 15, 5], [30, 55, 15]],
  action: [52, 3, 9, 4, 13, 11, 8],
  risk: [10, 60, 30],
  capacity: [28, 57, 5, 10],
  mspAsked: [64, 12, 13, 2, 9],
  mspOutcome: [68, 27, 5]
};

// ---- years and England targets -----------------------------------------------------------------

export const SAC_SAMPLE_YEARS = ["2015-16", "2016-17", "2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23"];
/** Years with every table; earlier years carry the SG1f totals only, so trends exist. */
export const COMPOSITION_YEARS = ["2019-20", "2020-21", "2021-22", "2022-23"];
export const MID_YEARS = [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022];

/**
 * England totals the councils are scaled to (illustrative, near the published series: 394,655
 * concerns in 2017-18, 587,970 in 2022-23). 2018-19 -> 2019-20 is +20% and 2019-20 -> 2020-21 +5%,
 * the national growth seed 004 quotes (L1858).
 */
export const ENGLAND_TARGET: Record<string, {concerns: number; s42: number; other: number}> = {
  "2015-16": {concerns: 310000, s42: 109000, other: 21000},
  "2016-17": {concerns: 364600, s42: 133300, other: 17900},
  "2017-18": {concerns: 394700, s42: 131900, other: 18200},
  "2018-19": {concerns: 400000, s42: 140000, other: 22000},
  "2019-20": {concerns: 480000, s42: 161500, other: 24500},
  "2020-21": {concerns: 504000, s42: 146000, other: 23800},
  "2021-22": {concerns: 541500, s42: 159900, other: 26500},
  "2022-23": {concerns: 588000, s42: 168000, other: 28000}
};

/**
 * England adults 18+ by mid-year (illustrative). Mid-2020 is chosen so that Medway's 2020-21
 * concerns and enquiries per 100,000 sit about 32% and 22% below England, as seed 004 says (L1864, L1888).
 */
export const ENGLAND_ADULTS: Record<number, number> = {2015: 43250000, 2016: 43600000, 2017: 43950000, 2018: 44250000, 2019: 44600000, 2020: 44950000, 2021: 45200000, 2022: 45600000};

// ---- the seeded councils -----------------------------------------------------------------------

export const MEDWAY = "E06000035";
export const KENT = "E10000016";

/**
 * Medway adults 18+ (illustrative, but mid-2021 = 214,950 is chosen so that the seed's two
 * 2021-22 rates reproduce: 2,055 concerns -> 956 per 100,000 (L1864), 844 enquiries -> 393 (L1888)).
 */
export const MEDWAY_ADULTS: Record<number, number> = {2015: 205000, 2016: 206800, 2017: 208500, 2018: 210300, 2019: 212000, 2020: 213800, 2021: 214950, 2022: 216900};

/** Medway new enquiries, seed 004 L1873-1877 (exact); concerns illustrative except 2021-22 (956 per 100,000, L1864) and +26% on 2020-21 (L1855). */
export const MEDWAY_SG1F: Record<string, {concerns: number; s42: number; other: number}> = {
  "2015-16": {concerns: 900, s42: 262, other: 6},
  "2016-17": {concerns: 1010, s42: 281, other: 27},
  "2017-18": {concerns: 1180, s42: 408, other: 83},
  "2018-19": {concerns: 1340, s42: 627, other: 73},
  "2019-20": {concerns: 1510, s42: 727, other: 119},
  "2020-21": {concerns: 1630, s42: 501, other: 129},
  "2021-22": {concerns: 2055, s42: 724, other: 120},
  "2022-23": {concerns: 2210, s42: 765, other: 115}
};

/** Individuals in Medway's S42 enquiries (illustrative; the base the seed's shares are applied to). */
export const MEDWAY_INDIVIDUALS: Record<string, number> = {"2019-20": 690, "2020-21": 500, "2021-22": 690};

/** Medway ethnicity and primary support reason, % of individuals, seed 004 L1913-1920 and L1927-1935. */
export const MEDWAY_ETHNICITY: Record<string, number[]> = {
  "2019-20": [89.5, 0.5, 2.5, 1.1, 0.5, 0.1, 5.7],
  "2020-21": [86.4, 0.9, 1.9, 1.7, 0.9, 0.0, 8.2],
  "2021-22": [84.3, 1.0, 1.7, 1.5, 0.6, 0.3, 10.5]
};
export const MEDWAY_PSR: Record<string, number[]> = {
  "2019-20": [42.6, 0.3, 2.5, 4.4, 1.4, 1.4, 43.5, 0.0],
  "2020-21": [44.3, 0.3, 2.9, 8.2, 8.2, 1.7, 35.0, 0.0],
  "2021-22": [45.3, 1.0, 2.0, 8.4, 7.2, 2.6, 33.5, 0.0]
};
/** Medway 2021-22 age: 18-64 45%, 65+ 55%, 75-84 and 85-94 jointly 35% (L1909); the split within is illustrative. */
export const MEDWAY_AGE_2021_22 = [45, 17, 17, 18, 3];

/**
 * Medway concluded S42 enquiries, exact counts built from the seed's shares (L1947-1992):
 * 2021-22 physical 17%, financial about 16.5%, self-neglect 14%, neglect about 31% and highest,
 * then psychological; care homes 23%, hospitals 7%, own home most; risk identified 50%, no risk
 * 23%, action taken 72%; risk removed / reduced / remained 39 / 57 / 4%; asked and expressed
 * about 74%, not asked about 19-22%, not recorded 4%; fully achieved 71.9% (374 of 520).
 * 2020-21: physical 20%, risk identified 51%, no risk 24%, action taken 64%, risk remained 3%.
 */
export const MEDWAY_CONCLUDED: Record<string, {total: number; type: number[]; location: number[]; action: number[]; risk: number[]; capacity: number[]; mspAsked: number[]; mspOutcome: number[]}> = {
  "2021-22": {
    total: 700,
    type: [119, 21, 133, 116, 4, 21, 217, 42, 4, 2, 98],
    location: [364, 35, 42, 63, 98, 35, 7, 7, 49],
    action: [315, 35, 98, 42, 91, 70, 49],
    risk: [17, 235, 161],
    capacity: [210, 385, 35, 70],
    mspAsked: [520, 19, 133, 0, 28],
    mspOutcome: [374, 125, 21]
  },
  "2020-21": {
    total: 520,
    type: [104, 16, 88, 86, 3, 18, 166, 31, 3, 1, 52],
    location: [265, 26, 26, 52, 78, 31, 10, 5, 27],
    action: [239, 26, 62, 37, 31, 94, 31],
    risk: [9, 177, 115],
    capacity: [156, 286, 26, 52],
    mspAsked: [380, 21, 99, 0, 20],
    mspOutcome: [264, 95, 21]
  }
};

/** Kent, % of individuals, seed 004 L2031-2069 (Kent gives shares, no counts: the counts are illustrative and rounded to 5). */
export const KENT_ETHNICITY: Record<string, number[]> = {
  "2020-21": [80, 1.0, 1.8, 1.6, 0.8, 0, 15],
  "2021-22": [81, 1.1, 1.6, 1.5, 0.6, 0, 14]
};
export const KENT_PSR: Record<string, number[]> = {
  "2020-21": [47, 2, 6, 8, 18, 2, 17, 0],
  "2021-22": [44, 1, 6, 7, 16, 1, 25, 0]
};
/** Kent 2021-22: female 58%, male 41% (L2031); 75-84 21%, 85+ 22% (L2035); risk removed 33%, remained 9% (L2104). */
export const KENT_2021_22 = {gender: [58, 41, 1], age: [40, 17, 21, 18, 4], risk: [9, 58, 33]};

/** England's MSP "fully achieved" in 2020-21 is 68.1% (L1992): the England row is set to it. */
export const ENGLAND_MSP_FULLY_2020_21 = 0.681;

/** Councils whose whole 2022-23 return is [x] (one council did not submit in 2021-22 and 2022-23; which one here is illustrative). */
export const NOT_SUBMITTED: Record<string, string> = {"2022-23": "E06000045"};

