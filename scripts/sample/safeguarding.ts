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
import {normal, uniform} from "./random.ts";
import {
  ACTION, AGE, CAPACITY, COMPOSITION_YEARS, CONCLUDED, ENGLAND_ADULTS, ENGLAND_MSP_FULLY_2020_21, ENGLAND_TARGET, ETHNICITY, GENDER, KENT, KENT_2021_22,
  KENT_ETHNICITY, KENT_PSR, LOCATION, MEDWAY, MEDWAY_ADULTS, MEDWAY_AGE_2021_22, MEDWAY_CONCLUDED, MEDWAY_ETHNICITY, MEDWAY_INDIVIDUALS, MEDWAY_PSR,
  MEDWAY_SG1F, MID_YEARS, MIX, MSP_ASKED, MSP_OUTCOME, NOT_SUBMITTED, PSR, RISK, S42, SAC_SAMPLE_YEARS, SAR_CASE, SAR_HARM, SOURCE, TOTAL, TYPE
} from "./safeguarding-figures.ts";

// ---- deterministic randomness (keyed draws from ./random.ts) -----------------------------------

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
