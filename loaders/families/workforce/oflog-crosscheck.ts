/**
 * Cross-check of Oflog's restated ASCOF values (ASC1 to ASC5 of the Oflog extract) against the
 * ASCOF facts loaded from the ASCOF files, council by council and year by year. Oflog republishes
 * ASCOF outcomes; where the two disagree beyond rounding, one of them (or our reading of one) is
 * wrong, and `npm run data -- check` says so.
 *
 * Tolerance: half a unit in the last decimal place ASCOF publishes the measure to (0.05 for the
 * one-decimal percentages and scores, 0.0005 for 1J), plus floating-point slack. The coarser of
 * the two values is never finer than that (Oflog's values have at most ASCOF's decimals; ASCOF's
 * files give as many or more), so two honest roundings of one figure always agree within it.
 */
import type {FactRow} from "../../model.ts";
import {ASCOF_MEASURES} from "../reablement/measures.ts";
import {OFLOG_MEASURES} from "./oflog-measures.ts";
import type {OflogRestatedValue} from "./parse-oflog-asc-data.ts";

const FLOAT_SLACK = 1e-9;

interface ComparedMeasure {
  code: string;
  ascof_code: string;
  indicator_id: string;
  tolerance: number;
}

/** The Oflog codes compared, with the ASCOF catalogue's indicator for each. */
export const OFLOG_ASCOF_COMPARISONS: ComparedMeasure[] = OFLOG_MEASURES.filter((m) => m.use === "ascof_crosscheck").map((m) => {
  const ascof = ASCOF_MEASURES.find((a) => a.old_code === m.ascof_code);
  if (!ascof) throw new Error(`Oflog ${m.code} names ASCOF ${m.ascof_code}, which is not in loaders/families/reablement/measures.ts`);
  return {code: m.code, ascof_code: m.ascof_code!, indicator_id: ascof.indicator_id, tolerance: 0.5 * 10 ** -m.ascof_decimals!};
});

const comparisonByCode = new Map(OFLOG_ASCOF_COMPARISONS.map((c) => [c.code, c]));

export interface OflogDisagreement {
  code: string;
  ascof_code: string;
  indicator_id: string;
  area_code: string;
  area_name: string;
  period: string;
  oflog: number;
  ascof: number;
  difference: number;
  tolerance: number;
  /** The source of the ASCOF fact compared. */
  source_id: string;
  /** Row of the Oflog file. */
  row: number;
}

export interface OflogAgreement {
  code: string;
  area_code: string;
  period: string;
  oflog: number;
  ascof: number;
  source_id: string;
}

export interface OflogCrossCheck {
  /** Pairs where both Oflog and ASCOF give a number. */
  compared: number;
  agreed: number;
  agreements: OflogAgreement[];
  disagreements: OflogDisagreement[];
  /** Oflog values not compared, by reason. */
  not_compared: Record<string, number>;
}

/**
 * Compare each restated value with the ASCOF fact (breakdown `total`) for the same council and
 * year. `ascofFacts` may hold any facts: only the compared indicators are used; where several
 * facts share a key (a compilation and the annual file), the later one wins, as in the snapshot.
 */
export function crossCheckOflogAgainstAscof(restated: readonly OflogRestatedValue[], ascofFacts: readonly FactRow[]): OflogCrossCheck {
  const indicators = new Set(OFLOG_ASCOF_COMPARISONS.map((c) => c.indicator_id));
  const ascof = new Map<string, FactRow>();
  for (const fact of ascofFacts) {
    if (fact.breakdown === "total" && indicators.has(fact.indicator_id)) ascof.set(`${fact.indicator_id}\u0000${fact.area_code}\u0000${fact.period}`, fact);
  }
  const result: OflogCrossCheck = {compared: 0, agreed: 0, agreements: [], disagreements: [], not_compared: {}};
  const skip = (reason: string) => (result.not_compared[reason] = (result.not_compared[reason] ?? 0) + 1);
  for (const value of restated) {
    const measure = comparisonByCode.get(value.code);
    if (!measure) {
      skip(`${value.code}: no ASCOF counterpart`);
      continue;
    }
    if (value.value === null) {
      skip("blank in the Oflog extract");
      continue;
    }
    const fact = ascof.get(`${measure.indicator_id}\u0000${value.area_code}\u0000${value.period}`);
    if (!fact) {
      // Oflog prints 0 for some councils ASCOF has no value for (ASC2 2019-20: Kent, Trafford ...).
      skip(value.value === 0 ? "Oflog 0 where ASCOF has no fact (a gap printed as zero)" : "no ASCOF fact for that council and year");
      continue;
    }
    if (fact.value === null) {
      skip(`ASCOF value ${fact.status === "suppressed" ? "suppressed" : "not available"}`);
      continue;
    }
    result.compared++;
    const difference = value.value - fact.value;
    if (Math.abs(difference) <= measure.tolerance + FLOAT_SLACK) {
      result.agreed++;
      result.agreements.push({code: value.code, area_code: value.area_code, period: value.period, oflog: value.value, ascof: fact.value, source_id: fact.source_id});
    } else {
      result.disagreements.push({
        code: value.code, ascof_code: measure.ascof_code, indicator_id: measure.indicator_id,
        area_code: value.area_code, area_name: value.area_name, period: value.period,
        oflog: value.value, ascof: fact.value, difference, tolerance: measure.tolerance, source_id: fact.source_id, row: value.row
      });
    }
  }
  return result;
}

/** The readable section `npm run data -- check` prints. */
export function formatOflogCrossCheck(result: OflogCrossCheck, file: string): string[] {
  const lines = [
    `Oflog cross-check (${file}: ${OFLOG_ASCOF_COMPARISONS.map((c) => `${c.code} = ASCOF ${c.ascof_code}`).join(", ")}; tolerance half a unit of ASCOF's last published decimal)`,
    `  ${result.compared} values compared, ${result.agreed} agree, ${result.disagreements.length} disagree`
  ];
  const reasons = Object.entries(result.not_compared);
  if (reasons.length) lines.push(`  not compared: ${reasons.map(([reason, n]) => `${n} ${reason}`).join("; ")}`);
  for (const d of result.disagreements) {
    lines.push(`  ${d.code} (ASCOF ${d.ascof_code}) ${d.area_name} ${d.area_code} ${d.period}: Oflog ${d.oflog}, ASCOF ${d.ascof} (${d.source_id}; row ${d.row} of the Oflog file)`);
  }
  return lines;
}
