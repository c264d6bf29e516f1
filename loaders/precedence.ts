/**
 * When two raw files give the same fact (an indicator, area, period and breakdown), which one the
 * snapshot keeps. The ASCOF files overlap by design: DHSC's 2024-25 time series restates the survey
 * measures back to 2015-16, the compiled trend file repeats 2017-18 to 2023-24, and a sample file may
 * still sit beside a real one. One rule, in order:
 *
 *   1. a real file beats the project's sample;
 *   2. a publisher's own file beats a third party's compilation of its files (`compilation`);
 *   3. among publisher files, the later release wins: a restatement supersedes the first publication;
 *   4. otherwise the file listed later in the manifest wins.
 *
 * Real data also supersedes the sample by indicator and period: once any real file gives an indicator
 * for a period, the sample's facts of that indicator and period go too (its breakdowns must not stand
 * beside published totals as if they were one release).
 *
 * The kept fact takes the numerator and denominator of a losing one when it has none of its own and
 * both give the same value (the time series publishes respondents, the annual file the sums as well).
 * Every pair of real files that disagree (a value beyond rounding, or a value against a suppression)
 * is recorded as a revision, for the About page, `npm run data -- check` and the change report; a
 * sample value set aside for a real one is not a revision (it was never published).
 */
import type {FactRow} from "./model.ts";

export interface SourceRank {
  sample: boolean;
  compilation: boolean;
  /** The release, for ordering publisher files: `2024-25`, `2020-21`, `mid-2022`, `2026-04`. */
  vintage: string;
  /** Position of the file in the manifest. */
  order: number;
}

export interface Revision {
  indicator_id: string;
  area_code: string;
  period: string;
  breakdown: string;
  kept: Pick<FactRow, "source_id" | "vintage" | "value" | "status">;
  other: Pick<FactRow, "source_id" | "vintage" | "value" | "status">;
  /** `kept.value - other.value`, null when either has no value. */
  difference: number | null;
}

/** The first year a vintage names, for ordering releases (`2024-25` -> 2024, `mid-2022` -> 2022). */
function releaseYear(vintage: string): number {
  const match = /(\d{4})/.exec(vintage);
  return match ? Number(match[1]) : -Infinity;
}

/** Positive when `a` wins over `b`. */
export function comparePrecedence(a: SourceRank, b: SourceRank): number {
  if (a.sample !== b.sample) return a.sample ? -1 : 1;
  if (a.compilation !== b.compilation) return a.compilation ? -1 : 1;
  if (!a.compilation) {
    const byRelease = releaseYear(a.vintage) - releaseYear(b.vintage);
    if (byRelease !== 0) return byRelease;
  }
  return a.order - b.order;
}

/** Decimal places a published value was given to (`0.397` -> 3, `76` -> 0), at most 6. */
function decimals(value: number): number {
  const text = String(Math.round(value * 1e6) / 1e6);
  const at = text.indexOf(".");
  return at < 0 ? 0 : Math.min(6, text.length - at - 1);
}

/**
 * Two published values agree when they differ by no more than half a unit of the last decimal place
 * of the less precise one: 67.14 and 67.1 agree; 0.401 and 0.397 do not (ASCOF 1J, three decimals).
 */
export function valuesAgree(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.5 * 10 ** -Math.min(decimals(a), decimals(b)) + 1e-9;
}

function disagree(a: FactRow, b: FactRow): boolean {
  if (a.value === null || b.value === null) return (a.value === null) !== (b.value === null) && a.status !== b.status;
  return !valuesAgree(a.value, b.value);
}

/**
 * Resolve every fact key to one fact. `facts` come in manifest order with the rank of their file;
 * the result keeps one fact per key (in first-seen key order) and the disagreements.
 */
export class FactResolver {
  private readonly kept = new Map<string, {fact: FactRow; rank: SourceRank; losers: {fact: FactRow; sample: boolean}[]}>();

  add(key: string, fact: FactRow, rank: SourceRank): void {
    const current = this.kept.get(key);
    if (!current) {
      this.kept.set(key, {fact, rank, losers: []});
      return;
    }
    if (comparePrecedence(rank, current.rank) > 0) {
      current.losers.push({fact: current.fact, sample: current.rank.sample});
      current.fact = fact;
      current.rank = rank;
    } else current.losers.push({fact, sample: rank.sample});
  }

  /** The facts kept and the revisions between files. */
  resolve(): {facts: FactRow[]; revisions: Revision[]; sampleSuperseded: number} {
    const facts: FactRow[] = [];
    const revisions: Revision[] = [];
    const real = new Set<string>();
    for (const {fact, rank} of this.kept.values()) if (!rank.sample) real.add(`${fact.indicator_id}\u0000${fact.period}`);
    let sampleSuperseded = 0;
    for (const {fact, rank, losers} of this.kept.values()) {
      if (rank.sample && real.has(`${fact.indicator_id}\u0000${fact.period}`)) {
        sampleSuperseded++;
        continue;
      }
      let kept = fact;
      for (const {fact: other, sample} of losers) {
        if (sample !== rank.sample) continue; // a sample value set aside for a real one
        if (disagree(kept, other)) {
          revisions.push({
            indicator_id: kept.indicator_id, area_code: kept.area_code, period: kept.period, breakdown: kept.breakdown,
            kept: {source_id: kept.source_id, vintage: kept.vintage, value: kept.value, status: kept.status},
            other: {source_id: other.source_id, vintage: other.vintage, value: other.value, status: other.status},
            difference: kept.value === null || other.value === null ? null : Math.round((kept.value - other.value) * 1e6) / 1e6
          });
        } else if (kept.numerator === null && other.numerator !== null && kept.value !== null && other.value !== null) {
          kept = {...kept, numerator: other.numerator, denominator: other.denominator};
        }
      }
      facts.push(kept);
    }
    return {facts, revisions, sampleSuperseded};
  }
}

/** Revisions counted by the pair of sources, for summaries: `ascof-2024-25 over ascof-trend: 12`. */
export function summariseRevisions(revisions: readonly Revision[]): {kept: string; other: string; count: number}[] {
  const counts = new Map<string, {kept: string; other: string; count: number}>();
  for (const r of revisions) {
    const key = `${r.kept.source_id}\u0000${r.other.source_id}`;
    const entry = counts.get(key) ?? {kept: r.kept.source_id, other: r.other.source_id, count: 0};
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}
