/**
 * Writes the safeguarding sample: one Safeguarding Adults Collection (SAC) CSV per year in the
 * publisher's exact layout, under data/raw/safeguarding/ (the counts are drawn against an illustrative
 * population model, `populationCsv`; the snapshot's rates use the real ONS estimates instead).
 *
 *   npx tsx scripts/sample/safeguarding.ts
 *
 * Deterministic: every random draw is keyed by what it is for (council, year, table), so running
 * it again writes the same bytes. Seeded figures come from seed 004 (Kent Health and Wellbeing
 * Board, KMSAB annual report 2021-22; ../shared/docs/seed-notes/seed-004-kent-safeguarding.md);
 * everything else is illustrative. data/raw/safeguarding/README.md lists which is which.
 *
 * The model is built once from unrounded whole counts per council, so every table of a council
 * adds up to the same totals; regions and England are sums of their councils; the CSV then
 * rounds to the nearest 5 and suppresses values under 5 as NHS England does (my_round5 in
 * NHSDigital/ASC-Safeguarding-Adults). Medway's seeded rows are written unrounded (see README).
 */
import {mkdirSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {COUNCILS, ENGLAND_CODE, REGIONS, type Council} from "../../loaders/families/geography/index.ts";

// ---- deterministic randomness ------------------------------------------------------------------

function hash(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Uniform in [0, 1) for a key (mulberry32 on the FNV-1a hash). */
function uniform(key: string): number {
  let t = (hash(key) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function normal(key: string): number {
  return (uniform(`${key}#1`) + uniform(`${key}#2`) + uniform(`${key}#3`) + uniform(`${key}#4`) - 2) * Math.sqrt(3);
}

const between = (key: string, low: number, high: number) => low + uniform(key) * (high - low);

/** Shares perturbed multiplicatively (sd about `spread`) and renormalised to their original sum. */
function perturb(shares: number[], key: string, spread = 0.25): number[] {
  const raw = shares.map((s, i) => s * Math.exp(spread * normal(`${key}:${i}`)));
  const scale = shares.reduce((a, b) => a + b, 0) / raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => r * scale);
}

/** Whole counts in proportion to `shares` that add up to `total` (largest remainder). */
export function allocate(total: number, shares: number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  if (total <= 0 || sum <= 0) return shares.map(() => 0);
  const exact = shares.map((s) => (s / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]++;
  }
  return counts;
}

/** NHS England's my_round5 after values under 5 become [c]. */
export function publishedValue(n: number | null): string {
  if (n === null) return "[x]";
  if (n < 5) return "[c]";
  const lower = Math.floor(n / 5) * 5;
  return String(n - lower < lower + 5 - n ? lower : lower + 5);
}

// ---- the publisher's labels --------------------------------------------------------------------

const S42 = "Section 42 Enquiries";
const CONCLUDED = "Concluded Section 42 Enquiries";
const TOTAL = "Total";

const AGE = ["18-64", "65-74", "75-84", "85-94", "95+"];
const GENDER = ["Female", "Male", "Not Known"];
const ETHNICITY = ["White", "Mixed / Multiple", "Asian / Asian British", "Black / African / Caribbean / Black British", "Other Ethnic Group", "Refused", "Undeclared / Not Known"];
const PSR = ["Physical Support", "Sensory Support", "Support with Memory and Cognition", "Learning Disability Support", "Mental Health Support", "Social Support", "No Support Reason", "Not Known"];
const TYPE = ["Physical Abuse", "Sexual Abuse", "Psychological Abuse", "Financial or Material Abuse", "Discriminatory Abuse", "Organisational Abuse", "Neglect and Acts of Omission", "Domestic Abuse", "Sexual Exploitation", "Modern Slavery", "Self-Neglect"];
const LOCATION = ["Own Home", "In the Community", "Community Service", "Care Home - Nursing", "Care Home - Residential", "Hospital - Acute", "Hospital - Mental Health", "Hospital - Community", "Other"];
const SOURCE = ["Service Provider", "Other - Known to individual", "Other - Unknown to individual"];
const ACTION = [
  "Risk identified and action taken", "Risk identified and no action taken",
  "Risk assessment inconclusive and action taken", "Risk assessment inconclusive and no action taken",
  "No risk identified and action taken", "No risk identified and no action taken",
  "Enquiry ceased at individual's request and no action taken"
];
const RISK = ["Risk remained", "Risk reduced", "Risk removed"];
const CAPACITY = ["Yes, they lacked capacity", "No, they did not lack capacity", "Don't Know", "Not Recorded"];
const MSP_ASKED = ["Yes they were asked and outcomes were expressed", "Yes they were asked but no outcomes were expressed", "No", "Don't Know", "Not Recorded"];
const MSP_OUTCOME = ["Fully Achieved", "Partially Achieved", "Not Achieved"];
const SAR_CASE = ["Where one or more individuals died", "Where no individuals died"];
const SAR_HARM = ["Who suffered serious harm and died", "Who suffered serious harm and survived"];

// ---- typical mixes (illustrative, near the published national picture) -------------------------

const MIX = {
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
const MID_YEARS = [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022];

/**
 * England totals the councils are scaled to (illustrative, near the published series: 394,655
 * concerns in 2017-18, 587,970 in 2022-23). 2018-19 -> 2019-20 is +20% and 2019-20 -> 2020-21 +5%,
 * the national growth seed 004 quotes (L1858).
 */
const ENGLAND_TARGET: Record<string, {concerns: number; s42: number; other: number}> = {
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
const ENGLAND_ADULTS: Record<number, number> = {2015: 43250000, 2016: 43600000, 2017: 43950000, 2018: 44250000, 2019: 44600000, 2020: 44950000, 2021: 45200000, 2022: 45600000};

// ---- the seeded councils -----------------------------------------------------------------------

const MEDWAY = "E06000035";
const KENT = "E10000016";

/**
 * Medway adults 18+ (illustrative, but mid-2021 = 214,950 is chosen so that the seed's two
 * 2021-22 rates reproduce: 2,055 concerns -> 956 per 100,000 (L1864), 844 enquiries -> 393 (L1888)).
 */
const MEDWAY_ADULTS: Record<number, number> = {2015: 205000, 2016: 206800, 2017: 208500, 2018: 210300, 2019: 212000, 2020: 213800, 2021: 214950, 2022: 216900};

/** Medway new enquiries, seed 004 L1873-1877 (exact); concerns illustrative except 2021-22 (956 per 100,000, L1864) and +26% on 2020-21 (L1855). */
const MEDWAY_SG1F: Record<string, {concerns: number; s42: number; other: number}> = {
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
const MEDWAY_INDIVIDUALS: Record<string, number> = {"2019-20": 690, "2020-21": 500, "2021-22": 690};

/** Medway ethnicity and primary support reason, % of individuals, seed 004 L1913-1920 and L1927-1935. */
const MEDWAY_ETHNICITY: Record<string, number[]> = {
  "2019-20": [89.5, 0.5, 2.5, 1.1, 0.5, 0.1, 5.7],
  "2020-21": [86.4, 0.9, 1.9, 1.7, 0.9, 0.0, 8.2],
  "2021-22": [84.3, 1.0, 1.7, 1.5, 0.6, 0.3, 10.5]
};
const MEDWAY_PSR: Record<string, number[]> = {
  "2019-20": [42.6, 0.3, 2.5, 4.4, 1.4, 1.4, 43.5, 0.0],
  "2020-21": [44.3, 0.3, 2.9, 8.2, 8.2, 1.7, 35.0, 0.0],
  "2021-22": [45.3, 1.0, 2.0, 8.4, 7.2, 2.6, 33.5, 0.0]
};
/** Medway 2021-22 age: 18-64 45%, 65+ 55%, 75-84 and 85-94 jointly 35% (L1909); the split within is illustrative. */
const MEDWAY_AGE_2021_22 = [45, 17, 17, 18, 3];

/**
 * Medway concluded S42 enquiries, exact counts built from the seed's shares (L1947-1992):
 * 2021-22 physical 17%, financial about 16.5%, self-neglect 14%, neglect about 31% and highest,
 * then psychological; care homes 23%, hospitals 7%, own home most; risk identified 50%, no risk
 * 23%, action taken 72%; risk removed / reduced / remained 39 / 57 / 4%; asked and expressed
 * about 74%, not asked about 19-22%, not recorded 4%; fully achieved 71.9% (374 of 520).
 * 2020-21: physical 20%, risk identified 51%, no risk 24%, action taken 64%, risk remained 3%.
 */
const MEDWAY_CONCLUDED: Record<string, {total: number; type: number[]; location: number[]; action: number[]; risk: number[]; capacity: number[]; mspAsked: number[]; mspOutcome: number[]}> = {
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
const KENT_ETHNICITY: Record<string, number[]> = {
  "2020-21": [80, 1.0, 1.8, 1.6, 0.8, 0, 15],
  "2021-22": [81, 1.1, 1.6, 1.5, 0.6, 0, 14]
};
const KENT_PSR: Record<string, number[]> = {
  "2020-21": [47, 2, 6, 8, 18, 2, 17, 0],
  "2021-22": [44, 1, 6, 7, 16, 1, 25, 0]
};
/** Kent 2021-22: female 58%, male 41% (L2031); 75-84 21%, 85+ 22% (L2035); risk removed 33%, remained 9% (L2104). */
const KENT_2021_22 = {gender: [58, 41, 1], age: [40, 17, 21, 18, 4], risk: [9, 58, 33]};

/** England's MSP "fully achieved" in 2020-21 is 68.1% (L1992): the England row is set to it. */
const ENGLAND_MSP_FULLY_2020_21 = 0.681;

/** Councils whose whole 2022-23 return is [x] (one council did not submit in 2021-22 and 2022-23; which one here is illustrative). */
const NOT_SUBMITTED: Record<string, string> = {"2022-23": "E06000045"};

// ---- the model ---------------------------------------------------------------------------------

interface Cell {
  table: string;
  enquiry: string;
  category: string;
  subcategory: string;
}

/** Unrounded counts of one area and year, keyed by cell; null = not available ([x]). */
type AreaYear = Map<string, {cell: Cell; value: number | null; exact: boolean}>;

const cellKey = (c: Cell) => `${c.table}|${c.enquiry}|${c.category}|${c.subcategory}`;

/** Adults 18+ per council and mid-year: illustrative sizes by council type, scaled to the England total. */
export function adultPopulation(): Map<string, Map<number, number>> {
  const base = new Map<string, number>();
  for (const council of COUNCILS) base.set(council.code, councilSize(council));
  const result = new Map<string, Map<number, number>>();
  for (const council of COUNCILS) result.set(council.code, new Map());
  for (const year of MID_YEARS) {
    const growth = new Map(COUNCILS.map((c) => [c.code, (base.get(c.code)! * (1 + (year - 2015) * between(`growth:${c.code}`, 0.002, 0.009)))]));
    const others = COUNCILS.filter((c) => c.code !== MEDWAY);
    const scale = (ENGLAND_ADULTS[year] - MEDWAY_ADULTS[year]) / others.reduce((sum, c) => sum + growth.get(c.code)!, 0);
    for (const council of COUNCILS) {
      result.get(council.code)!.set(year, council.code === MEDWAY ? MEDWAY_ADULTS[year] : Math.round(growth.get(council.code)! * scale));
    }
  }
  return result;
}

function councilSize(council: Council): number {
  const anchors: Record<string, number> = {
    E06000053: 1900, E09000001: 8000, E06000017: 32000, // Isles of Scilly, City of London, Rutland
    E08000025: 880000, E08000035: 640000, E10000016: 1230000, E10000014: 1090000, E10000012: 1170000,
    E10000017: 980000, E10000030: 950000, E06000052: 460000, E06000054: 410000, E06000065: 490000
  };
  if (anchors[council.code]) return anchors[council.code];
  const [low, high] = {UA: [110000, 300000], MD: [160000, 450000], LB: [150000, 290000], CC: [450000, 1000000]}[council.type];
  return Math.round(between(`size:${council.code}`, low, high));
}

interface CouncilYearTotals {
  concerns: number;
  s42: number;
  other: number | null;
}

/** SG1f per council and year, scaled so that England meets ENGLAND_TARGET; Medway as seeded. */
function sg1fTotals(population: Map<string, Map<number, number>>): Map<string, Map<string, CouncilYearTotals>> {
  const result = new Map<string, Map<string, CouncilYearTotals>>(COUNCILS.map((c) => [c.code, new Map()]));
  SAC_SAMPLE_YEARS.forEach((year, y) => {
    const mid = MID_YEARS[y];
    const others = COUNCILS.filter((c) => c.code !== MEDWAY && NOT_SUBMITTED[year] !== c.code);
    const raw = new Map<string, {concerns: number; s42: number; other: number}>();
    for (const c of others) {
      // A council's recording practice persists (its base rate and conversion), with drift year to year.
      const drift = Math.exp(0.08 * normal(`drift:${c.code}:${year}`));
      const concerns = population.get(c.code)!.get(mid)! * between(`concern-rate:${c.code}`, 450, 1800) / 100000 * drift;
      const s42 = concerns * between(`conversion:${c.code}`, 0.15, 0.55) * Math.exp(0.1 * normal(`s42-drift:${c.code}:${year}`));
      const usesOther = uniform(`uses-other:${c.code}`) > 0.35;
      const other = usesOther ? s42 * between(`other-share:${c.code}`, 0.05, 0.4) : 0;
      raw.set(c.code, {concerns, s42, other});
    }
    const target = ENGLAND_TARGET[year];
    const medway = MEDWAY_SG1F[year];
    const scale = (key: "concerns" | "s42" | "other") => (target[key] - medway[key]) / [...raw.values()].reduce((sum, r) => sum + r[key], 0);
    const [sc, ss, so] = [scale("concerns"), scale("s42"), scale("other")];
    // Some councils could not report other enquiries in the first year of the collection.
    const noOther = year === "2015-16" ? new Set(others.filter((c) => uniform(`no-other:${c.code}`) < 0.02).map((c) => c.code)) : new Set<string>();
    for (const [code, r] of raw) {
      result.get(code)!.set(year, {concerns: Math.round(r.concerns * sc), s42: Math.round(r.s42 * ss), other: noOther.has(code) ? null : Math.round(r.other * so)});
    }
    result.get(MEDWAY)!.set(year, {...medway});
  });
  return result;
}

function add(area: AreaYear, cell: Cell, value: number | null, exact = false) {
  area.set(cellKey(cell), {cell, value, exact});
}

function oneDimension(area: AreaYear, table: string, enquiry: string, labels: string[], counts: (number | null)[], exact: boolean) {
  labels.forEach((label, i) => add(area, {table, enquiry, category: label, subcategory: TOTAL}, counts[i], exact));
}

function fromShares(total: number, shares: number[]): number[] {
  return shares.map((s) => Math.round((s / 100) * total));
}

/** Every table of one council and year, as unrounded counts. */
function councilYear(council: Council, year: string, totals: CouncilYearTotals, tables: "all" | "totals", typeByLocation: boolean, mspMissing: boolean): AreaYear {
  const area: AreaYear = new Map();
  const code = council.code;
  const medwaySeeded = code === MEDWAY && year <= "2021-22";
  const exact = medwaySeeded;
  add(area, {table: "SG1f", enquiry: "Safeguarding Concerns", category: TOTAL, subcategory: TOTAL}, totals.concerns, exact);
  add(area, {table: "SG1f", enquiry: "Section 42 Enquiries", category: TOTAL, subcategory: TOTAL}, totals.s42, exact);
  add(area, {table: "SG1f", enquiry: "Other Enquiries", category: TOTAL, subcategory: TOTAL}, totals.other, exact);
  if (tables === "totals") return area;

  const key = `${code}:${year}`;
  // Individuals in S42 enquiries started in the year (SG1a-d).
  const individuals = code === MEDWAY && MEDWAY_INDIVIDUALS[year] ? MEDWAY_INDIVIDUALS[year] : Math.round(totals.s42 * between(`individuals:${key}`, 0.8, 0.95));
  const region = council.region_code;
  const ethnicityMix = region === "E12000007" ? MIX.ethnicityLondon : ["E12000002", "E12000003", "E12000004", "E12000005"].includes(region) ? MIX.ethnicityMidlandsNorth : MIX.ethnicity;
  let age = allocate(individuals, perturb(MIX.age, `age:${key}`, 0.15));
  let gender = allocate(individuals, perturb(MIX.gender, `gender:${key}`, 0.05));
  let ethnicity = allocate(individuals, perturb(ethnicityMix, `ethnicity:${key}`));
  let psr = allocate(individuals, perturb(MIX.psr, `psr:${key}`));
  if (code === MEDWAY && MEDWAY_ETHNICITY[year]) {
    ethnicity = fromShares(individuals, MEDWAY_ETHNICITY[year]);
    psr = fromShares(individuals, MEDWAY_PSR[year]);
    if (year === "2021-22") age = allocate(individuals, MEDWAY_AGE_2021_22);
  }
  if (code === KENT && KENT_ETHNICITY[year]) {
    ethnicity = allocate(individuals, KENT_ETHNICITY[year]);
    psr = allocate(individuals, KENT_PSR[year]);
    if (year === "2021-22") {
      gender = allocate(individuals, KENT_2021_22.gender);
      age = allocate(individuals, KENT_2021_22.age);
    }
  }
  oneDimension(area, "SG1a", S42, AGE, age, exact);
  oneDimension(area, "SG1b", S42, GENDER, gender, exact);
  oneDimension(area, "SG1c", S42, ETHNICITY, ethnicity, exact);
  oneDimension(area, "SG1d", S42, PSR, psr, exact);

  // Section 42 enquiries concluded in the year (SG2-SG4).
  const seeded = code === MEDWAY ? MEDWAY_CONCLUDED[year] : undefined;
  const concluded = seeded?.total ?? Math.round(totals.s42 * between(`concluded:${key}`, 0.85, 1.1));
  const type = seeded?.type ?? perturb(MIX.type, `type:${key}`).map((share) => Math.round((share / 100) * concluded));
  TYPE.forEach((label, i) => {
    const bySource = allocate(type[i], perturb(MIX.sourceByType[i], `type-source:${key}:${i}`, 0.2));
    SOURCE.forEach((source, j) => add(area, {table: "SG2a", enquiry: CONCLUDED, category: label, subcategory: source}, bySource[j], !!seeded));
  });
  const location = seeded?.location ?? allocate(concluded, perturb(MIX.location, `location:${key}`));
  LOCATION.forEach((label, i) => {
    const bySource = allocate(location[i], perturb(MIX.sourceByLocation[i], `location-source:${key}:${i}`, 0.2));
    SOURCE.forEach((source, j) => add(area, {table: "SG2b", enquiry: CONCLUDED, category: label, subcategory: source}, bySource[j], !!seeded));
  });
  if (typeByLocation) {
    TYPE.forEach((label, i) => {
      const byLocation = allocate(type[i], perturb(MIX.location, `type-location:${key}:${i}`));
      LOCATION.forEach((place, j) => add(area, {table: "SG2a_b1", enquiry: CONCLUDED, category: label, subcategory: place}, byLocation[j]));
    });
  }
  const action = seeded?.action ?? allocate(concluded, perturb(MIX.action, `action:${key}`, 0.2));
  oneDimension(area, "SG2c", CONCLUDED, ACTION, action, !!seeded);
  const riskBase = action[0] + action[2];
  const riskMix = code === KENT && year === "2021-22" ? KENT_2021_22.risk : perturb(MIX.risk, `risk:${key}`, 0.3);
  oneDimension(area, "SG2e", CONCLUDED, RISK, seeded?.risk ?? allocate(riskBase, riskMix), !!seeded);
  oneDimension(area, "SG3a", CONCLUDED, CAPACITY, seeded?.capacity ?? allocate(concluded, perturb(MIX.capacity, `capacity:${key}`)), !!seeded);
  const asked = seeded?.mspAsked ?? allocate(concluded, perturb(MIX.mspAsked, `msp-asked:${key}`, 0.3));
  const outcome = seeded?.mspOutcome ?? allocate(asked[0], perturb(MIX.mspOutcome, `msp-outcome:${key}`, 0.15));
  oneDimension(area, "SG4a", CONCLUDED, MSP_ASKED, mspMissing ? asked.map(() => null) : asked, !!seeded);
  MSP_OUTCOME.forEach((label, i) => add(area, {table: "SG4a", enquiry: CONCLUDED, category: MSP_ASKED[0], subcategory: label}, mspMissing ? null : outcome[i], !!seeded));

  // Safeguarding Adults Reviews completed in the year (SG5a/b): a few per council.
  const scaleOfCouncil = Math.sqrt(totals.concerns / 2000);
  const died = Math.floor(between(`sar-died:${key}`, 0, 3.5 * scaleOfCouncil));
  const survived = Math.floor(between(`sar-survived:${key}`, 0, 2 * scaleOfCouncil));
  oneDimension(area, "SG5a", "Count of Safeguarding Adult Reviews", SAR_CASE, [died, survived], false);
  oneDimension(area, "SG5b", "Count of Individuals Involved in Safeguarding Adult Reviews", SAR_HARM, [died + Math.floor(died / 4), survived + Math.floor(survived / 3)], false);
  return area;
}

/** Sum councils cell by cell (nulls skipped; all null stays null). */
function sumAreas(areas: AreaYear[]): AreaYear {
  const total: AreaYear = new Map();
  for (const area of areas) {
    for (const [key, {cell, value}] of area) {
      const existing = total.get(key);
      if (!existing) total.set(key, {cell, value, exact: false});
      else if (value !== null) existing.value = (existing.value ?? 0) + value;
    }
  }
  return total;
}

// ---- output ------------------------------------------------------------------------------------

export const SAC_HEADER = ["GEOGRAPHY", "COUNCIL_TYPE", "REGION_CODE", "REGION_NAME", "ONS_CODE", "LA_CODE", "LA_NAME", "TABLE_REFERENCE", "ENQUIRY_TYPE", "CATEGORY", "SUBCATEGORY", "VALUE"];

const COUNCIL_TYPE_WORDS = {UA: "Unitary Authority", MD: "Metropolitan District", LB: "London Borough", CC: "Shire County"};

export function csvLine(fields: string[]): string {
  return fields.map((f) => (/[",\n\r]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(",");
}

export interface SacSampleOptions {
  /** Add the SG2a_b1 type x location cells (the real collection has them; the sample leaves them out to stay small). */
  typeByLocation?: boolean;
}

let cachedPopulation: Map<string, Map<number, number>> | undefined;
let cachedTotals: Map<string, Map<string, CouncilYearTotals>> | undefined;
function model() {
  cachedPopulation ??= adultPopulation();
  cachedTotals ??= sg1fTotals(cachedPopulation);
  return {population: cachedPopulation, totals: cachedTotals};
}

/** The SAC CSV of one year: England, the nine regions, then every council by CASSR code. */
export function sacYearCsv(year: string, options: SacSampleOptions = {}): string {
  const {totals} = model();
  const tables = COMPOSITION_YEARS.includes(year) ? "all" : "totals";
  const mspMissing = new Set(COUNCILS.filter((c) => c.code !== MEDWAY && c.code !== KENT && uniform(`msp-missing:${c.code}:${year}`) < 0.02).map((c) => c.code));
  const councils = [...COUNCILS].sort((a, b) => a.cassr.localeCompare(b.cassr));
  const byCouncil = new Map<string, AreaYear>();
  for (const council of councils) {
    if (NOT_SUBMITTED[year] === council.code) {
      const area = councilYear(council, year, {concerns: 0, s42: 0, other: 0}, tables, !!options.typeByLocation, false);
      for (const entry of area.values()) entry.value = null;
      byCouncil.set(council.code, area);
    } else {
      byCouncil.set(council.code, councilYear(council, year, totals.get(council.code)!.get(year)!, tables, !!options.typeByLocation, mspMissing.has(council.code)));
    }
  }
  const england = sumAreas([...byCouncil.values()]);
  if (year === "2020-21") {
    const outcome = MSP_OUTCOME.map((label) => england.get(cellKey({table: "SG4a", enquiry: CONCLUDED, category: MSP_ASKED[0], subcategory: label}))!);
    const expressed = outcome.reduce((sum, o) => sum + (o.value ?? 0), 0);
    const fully = Math.round(expressed * ENGLAND_MSP_FULLY_2020_21);
    const partially = Math.round((expressed - fully) * 0.84);
    [fully, partially, expressed - fully - partially].forEach((value, i) => (outcome[i].value = value));
  }

  const lines = [csvLine(SAC_HEADER)];
  const write = (prefix: string[], area: AreaYear) => {
    for (const {cell, value, exact} of area.values()) {
      const published = exact && value !== null ? String(value) : publishedValue(value);
      lines.push(csvLine([...prefix, cell.table, cell.enquiry, cell.category, cell.subcategory, published]));
    }
  };
  write(["England", "", "", "", ENGLAND_CODE, "", "England"], england);
  for (const region of REGIONS) {
    const members = councils.filter((c) => c.region_code === region.code).map((c) => byCouncil.get(c.code)!);
    write(["Region", "", region.code, region.name, region.code, "", region.name], sumAreas(members));
  }
  for (const council of councils) {
    write(["Council", COUNCIL_TYPE_WORDS[council.type], council.region_code, council.region_name, council.code, council.cassr, council.name], byCouncil.get(council.code)!);
  }
  return lines.join("\n") + "\n";
}

/**
 * The illustrative populations the sample's counts were drawn against, as the extract this project
 * used to ship. Not written any more: the snapshot reads the real ONS estimates (data/raw/population/).
 */
export function populationCsv(): string {
  const {population} = model();
  const lines = [csvLine(["area_code", "area_name", "period", "population_18_plus"])];
  for (const year of MID_YEARS) {
    lines.push(csvLine([ENGLAND_CODE, "England", String(year), String(COUNCILS.reduce((sum, c) => sum + population.get(c.code)!.get(year)!, 0))]));
    for (const region of REGIONS) {
      const sum = COUNCILS.filter((c) => c.region_code === region.code).reduce((s, c) => s + population.get(c.code)!.get(year)!, 0);
      lines.push(csvLine([region.code, region.name, String(year), String(sum)]));
    }
    for (const council of COUNCILS) lines.push(csvLine([council.code, council.name, String(year), String(population.get(council.code)!.get(year)!)]));
  }
  return lines.join("\n") + "\n";
}

export function writeSample(root: string): string[] {
  const dir = join(root, "data/raw/safeguarding");
  mkdirSync(dir, {recursive: true});
  const written: string[] = [];
  for (const year of SAC_SAMPLE_YEARS) {
    const file = join(dir, `sac-${year}.csv`);
    writeFileSync(file, sacYearCsv(year));
    written.push(file);
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
  for (const file of writeSample(root)) console.log(`wrote ${file}`);
}
