/**
 * Safeguarding measures the SAC CSV does not carry, computed once from the facts of every SAC
 * release and the population source when the snapshot is assembled (loaders/sources.ts
 * DERIVATIONS). Every derived fact has status "derived", its numerator and denominator (so
 * Wilson and Poisson intervals work), and source_id `derived:<input source ids>`.
 *
 * The NHS England publication code defines the headline ratios
 * (NHSDigital/ASC-Safeguarding-Adults, data_tables_produce_all_measures.py):
 *   Proportion S42  = S42 enquiries / (S42 + other enquiries) x 100
 *   Conversion rate = (S42 + other enquiries) / concerns x 100
 *   per 100K        = count / adults aged 18+ x 100,000
 *   Total concluded = sum of the SG3a (mental capacity) counts
 * NHS computes them on unrounded counts; the CSV gives counts rounded to 5 with values under 5
 * suppressed, so ours can differ from the published percentages by a fraction of a point.
 * Suppressed cells count as 0 in a total; a suppressed cell gets no share of its own.
 *
 * Totals are derived only where the file does not publish them ("derive nothing a publisher
 * already published", DESIGN.md).
 */
import type {FactRow} from "../../model.ts";
import {SAC_INDICATOR} from "./sac-tables.ts";
import {POPULATION_INDICATOR} from "./parse-population-mye.ts";
import {derivedSourceId as sourceIdOfInputs} from "../../../src/lib/domain/sources.ts";

export const DERIVED_INDICATOR = {
  conversionRate: "sac_conversion_rate",
  s42Share: "sac_s42_share",
  concernsPer100k: "sac_concerns_per_100k",
  s42Per100k: "sac_s42_per_100k",
  enquiriesPer100k: "sac_enquiries_per_100k",
  individualsShare: "sac_individuals_share",
  concludedShare: "sac_concluded_share",
  riskOutcomeShare: "sac_risk_outcome_share",
  riskReducedOrRemoved: "sac_risk_reduced_or_removed",
  mspOutcomeShare: "sac_msp_outcome_share",
  mspFullyAchieved: "sac_msp_fully_achieved"
} as const;

/** Dimensions of concluded S42 enquiries whose shares are of all concluded enquiries. */
const CONCLUDED_SHARE_DIMENSIONS = ["type_of_risk", "location_of_risk", "source_of_risk", "action_and_outcome", "mental_capacity", "msp_asked"];
/** Dimensions of individuals in S42 enquiries that partition them (autism does not). */
const INDIVIDUAL_SHARE_DIMENSIONS = ["age", "gender", "ethnicity", "primary_support_reason"];
/** Where the total of concluded S42 enquiries comes from when it is not published, in order. */
const CONCLUDED_TOTAL_FROM = ["mental_capacity", "location_of_risk", "action_and_outcome"];

const SAC_COUNTS = new Set<string>(Object.values(SAC_INDICATOR));

type Breakdowns = Map<string, FactRow>;
type AreaPeriod = Map<string, Breakdowns>; // indicator -> breakdown -> fact

/** "type_of_risk=Physical Abuse;source_of_risk=Service Provider" -> [["type_of_risk", ...], ...] */
export function parseBreakdown(breakdown: string): [string, string][] {
  if (breakdown === "total") return [];
  return breakdown.split(";").map((part) => {
    const at = part.indexOf("=");
    return [part.slice(0, at), part.slice(at + 1)];
  });
}

/** The mid-year population estimate paired with a financial year: mid-2021 for 2021-22. */
export function populationPeriodFor(financialYear: string): string {
  return `${financialYear.slice(0, 4)}-06-30`;
}

export function deriveSafeguarding(facts: readonly FactRow[]): FactRow[] {
  const groups = new Map<string, {area_code: string; period: string; indicators: AreaPeriod}>();
  const population = new Map<string, FactRow>();
  for (const fact of facts) {
    if (fact.indicator_id === POPULATION_INDICATOR) {
      const key = `${fact.area_code}|${fact.period}`;
      if (newer(fact, population.get(key))) population.set(key, fact);
      continue;
    }
    if (!SAC_COUNTS.has(fact.indicator_id)) continue;
    const key = `${fact.area_code}|${fact.period}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = {area_code: fact.area_code, period: fact.period, indicators: new Map()}));
    let breakdowns = group.indicators.get(fact.indicator_id);
    if (!breakdowns) group.indicators.set(fact.indicator_id, (breakdowns = new Map()));
    if (newer(fact, breakdowns.get(fact.breakdown))) breakdowns.set(fact.breakdown, fact);
  }

  const out: FactRow[] = [];
  for (const {area_code, period, indicators} of groups.values()) {
    const emit = (indicator_id: string, breakdown: string, numerator: number, denominator: number, multiplier: number, inputs: FactRow[]) => {
      if (!(denominator > 0)) return;
      out.push(derived(indicator_id, area_code, period, breakdown, (numerator / denominator) * multiplier, numerator, denominator, inputs));
    };
    const get = (indicator: string, breakdown = "total") => indicators.get(indicator)?.get(breakdown);

    // Concerns and enquiries started in the year (SG1f).
    const concerns = get(SAC_INDICATOR.concerns);
    const s42 = get(SAC_INDICATOR.s42Enquiries);
    const other = get(SAC_INDICATOR.otherEnquiries);
    const enquiries = s42?.value != null && other?.value != null ? s42.value + other.value : undefined;
    if (enquiries !== undefined) {
      if (concerns?.value != null) emit(DERIVED_INDICATOR.conversionRate, "total", enquiries, concerns.value, 100, [s42!, other!, concerns]);
      emit(DERIVED_INDICATOR.s42Share, "total", s42!.value!, enquiries, 100, [s42!, other!]);
    }
    const adults = population.get(`${area_code}|${populationPeriodFor(period)}`);
    if (adults?.value) {
      if (concerns?.value != null) emit(DERIVED_INDICATOR.concernsPer100k, "total", concerns.value, adults.value, 100000, [concerns, adults]);
      if (s42?.value != null) emit(DERIVED_INDICATOR.s42Per100k, "total", s42.value, adults.value, 100000, [s42, adults]);
      if (enquiries !== undefined) emit(DERIVED_INDICATOR.enquiriesPer100k, "total", enquiries, adults.value, 100000, [s42!, other!, adults]);
    }

    // Concluded S42 enquiries (SG2-SG4): totals the CSV leaves to the reader, then shares.
    const concluded = indicators.get(SAC_INDICATOR.concludedS42);
    if (concluded) {
      const counts = new Map(concluded);
      const addCount = (breakdown: string, inputs: FactRow[]) => {
        if (counts.has(breakdown)) return; // published (or already derived): never derive it again
        const sum = sumOf(inputs);
        if (sum === undefined) return;
        const fact = derived(SAC_INDICATOR.concludedS42, area_code, period, breakdown, sum, null, null, inputs);
        counts.set(breakdown, fact);
        out.push(fact);
      };
      for (const [breakdown, cells] of marginalTotals(concluded)) addCount(breakdown, cells);
      const byDimension = indexByDimension(counts);
      if (!counts.has("total")) {
        for (const dimension of CONCLUDED_TOTAL_FROM) {
          const cells = byDimension.get(dimension) ?? [];
          if (sumOf(cells) !== undefined) {
            addCount("total", cells);
            break;
          }
        }
      }
      const cellsOf = (dimension: string) => byDimension.get(dimension) ?? [];
      const total = counts.get("total");
      if (total?.value != null) {
        for (const dimension of CONCLUDED_SHARE_DIMENSIONS) {
          for (const fact of cellsOf(dimension)) {
            if (fact.value != null) emit(DERIVED_INDICATOR.concludedShare, fact.breakdown, fact.value, total.value, 100, [fact, total]);
          }
        }
      }
      sharesWithin(cellsOf("risk_outcome"), DERIVED_INDICATOR.riskOutcomeShare, emit);
      sharesWithin(cellsOf("msp_outcome"), DERIVED_INDICATOR.mspOutcomeShare, emit);
      const risk = cellsOf("risk_outcome");
      const reducedOrRemoved = risk.filter((f) => f.breakdown === "risk_outcome=Risk reduced" || f.breakdown === "risk_outcome=Risk removed");
      const riskTotal = sumOf(risk);
      if (riskTotal !== undefined && reducedOrRemoved.some((f) => f.value != null)) {
        emit(DERIVED_INDICATOR.riskReducedOrRemoved, "total", sumOf(reducedOrRemoved)!, riskTotal, 100, risk);
      }
      const msp = cellsOf("msp_outcome");
      const fully = msp.find((f) => f.breakdown === "msp_outcome=Fully Achieved");
      const mspTotal = sumOf(msp);
      if (fully?.value != null && mspTotal !== undefined) emit(DERIVED_INDICATOR.mspFullyAchieved, "total", fully.value, mspTotal, 100, msp);
    }

    // Individuals in S42 enquiries (SG1a-d): each dimension's shares of its own total.
    const individuals = indicators.get(SAC_INDICATOR.s42Individuals);
    if (individuals) {
      const total = individuals.get("total");
      const byDimension = indexByDimension(individuals);
      for (const dimension of INDIVIDUAL_SHARE_DIMENSIONS) {
        const cells = byDimension.get(dimension) ?? [];
        const denominator = total?.value ?? sumOf(cells);
        if (denominator === undefined) continue;
        for (const fact of cells) {
          if (fact.value != null) emit(DERIVED_INDICATOR.individualsShare, fact.breakdown, fact.value, denominator, 100, total?.value != null ? [fact, total] : cells);
        }
      }
    }
  }
  return out;
}

function sharesWithin(cells: FactRow[], indicator_id: string, emit: (id: string, breakdown: string, n: number, d: number, m: number, inputs: FactRow[]) => void) {
  const total = sumOf(cells);
  if (total === undefined) return;
  for (const fact of cells) if (fact.value != null) emit(indicator_id, fact.breakdown, fact.value, total, 100, cells);
}

const parsedBreakdowns = new Map<string, [string, string][]>();
function dimensionsOf(breakdown: string): [string, string][] {
  let parts = parsedBreakdowns.get(breakdown);
  if (!parts) parsedBreakdowns.set(breakdown, (parts = parseBreakdown(breakdown)));
  return parts;
}

/** Single-dimension facts grouped by their dimension ("type_of_risk" -> its categories). */
function indexByDimension(breakdowns: Breakdowns): Map<string, FactRow[]> {
  const index = new Map<string, FactRow[]>();
  for (const fact of breakdowns.values()) {
    const parts = dimensionsOf(fact.breakdown);
    if (parts.length !== 1) continue;
    const list = index.get(parts[0][0]);
    if (list) list.push(fact);
    else index.set(parts[0][0], [fact]);
  }
  return index;
}

/**
 * Totals of the cross-tabulated cells, grouped by breakdown: SG2a cells (type x source) give the
 * type totals; SG2b cells (location x source) give location and source totals. Source totals come
 * from SG2b only, because an SG2a enquiry is counted once per type of risk.
 */
function marginalTotals(breakdowns: Breakdowns): Map<string, FactRow[]> {
  const groups = new Map<string, FactRow[]>();
  const addTo = (key: string, fact: FactRow) => {
    const list = groups.get(key);
    if (list) list.push(fact);
    else groups.set(key, [fact]);
  };
  for (const fact of breakdowns.values()) {
    const parts = dimensionsOf(fact.breakdown);
    if (parts.length !== 2 || parts[1][0] !== "source_of_risk") continue;
    const [[first, firstValue], [, source]] = parts;
    if (first === "type_of_risk") addTo(`type_of_risk=${firstValue}`, fact);
    else if (first === "location_of_risk") {
      addTo(`location_of_risk=${firstValue}`, fact);
      addTo(`source_of_risk=${source}`, fact);
    }
  }
  return groups;
}

/** Sum of the known values; suppressed cells count as 0; undefined when no cell has a value. */
function sumOf(facts: FactRow[]): number | undefined {
  let sum = 0;
  let known = false;
  for (const fact of facts) {
    if (fact.value != null) {
      sum += fact.value;
      known = true;
    }
  }
  return known ? sum : undefined;
}

function newer(candidate: FactRow, existing: FactRow | undefined): boolean {
  return !existing || candidate.vintage >= existing.vintage;
}

const derivedSourceIds = new Map<string, string>();

/** The domain's derived source id of some inputs (a derived input contributes its own inputs), memoised: millions of facts share a few. */
function derivedSourceId(inputs: FactRow[]): string {
  let key = "";
  for (const fact of inputs) key += `${fact.source_id}\n`;
  let id = derivedSourceIds.get(key);
  if (id === undefined) derivedSourceIds.set(key, (id = sourceIdOfInputs(inputs.map((f) => f.source_id))));
  return id;
}

function derived(indicator_id: string, area_code: string, period: string, breakdown: string, value: number, numerator: number | null, denominator: number | null, inputs: FactRow[]): FactRow {
  const vintage = inputs.find((f) => f.indicator_id !== POPULATION_INDICATOR)?.vintage ?? inputs[0].vintage;
  return {indicator_id, area_code, period, breakdown, value, numerator, denominator, status: "derived", source_id: derivedSourceId(inputs), vintage};
}
