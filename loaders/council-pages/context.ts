/**
 * The snapshot indexed for the leadership pages: the headline indicators in page order, their
 * facts by indicator, period and area, each indicator's latest and previous period with council
 * values (or, for CQC's assessment, each council's own latest), and what is sample. Everything
 * the other council-pages modules read comes through this context, built once per build.
 */
import {COUNCILS} from "../families/geography/index.ts";
import type {FactRow, IndicatorRow} from "../model.ts";
import type {Manifest} from "../snapshot.ts";
import type {ChangeReport} from "../changes.ts";
import type {Snapshot} from "../snapshot.ts";
import {sampleSourceIds} from "../sample.ts";
import {isSampleSource} from "../../src/lib/domain/sources.ts";

/**
 * The headline indicators, in page order: what the seed papers' readers ask first (seed 003: CQC
 * score and the ASCOF measures CQC quoted; seed 004: concerns, % Section 42, MSP outcomes, CIPFA
 * rank; workforce turnover and vacancy from the workforce strategy). `latest: "per_area"` takes
 * each council's own latest value (CQC assesses councils on different dates).
 */
export const HEADLINE_INDICATORS: readonly {indicator_id: string; latest?: "per_area"}[] = [
  {indicator_id: "ascof_reablement_91_day"},
  {indicator_id: "ascof_reablement_offered"},
  {indicator_id: "ascof_short_term_outcome"},
  {indicator_id: "ascof_admissions_65_plus"},
  {indicator_id: "ascof_satisfaction_service_users"},
  {indicator_id: "ascof_s42_risk_reduced_removed"},
  {indicator_id: "sac_concerns_per_100k"},
  {indicator_id: "sac_s42_share"},
  {indicator_id: "sac_msp_fully_achieved"},
  {indicator_id: "workforce-turnover-rate"},
  {indicator_id: "workforce-vacancy-rate"},
  // CQC's own count of residential providers rated good or outstanding (ASCOF 6B), not our count from the directory.
  {indicator_id: "ascof_residential_good_outstanding"},
  {indicator_id: "cqc_overall_pct", latest: "per_area"}
];

export interface BuildOptions {
  manifest: Manifest;
  changes: ChangeReport | null;
  /** Families whose explorer page exists in this build (src/<family>.md). */
  explorers: Iterable<string>;
}

export type FactIndex = Map<string, Map<string, Map<string, FactRow>>>;

/** indicator → period → area → fact, for the total breakdown of the given indicators. */
export function indexFacts(facts: readonly FactRow[], indicatorIds: readonly string[]): FactIndex {
  const wanted = new Set(indicatorIds);
  const index: FactIndex = new Map();
  for (const fact of facts) {
    if (fact.breakdown !== "total" || !wanted.has(fact.indicator_id)) continue;
    let periods = index.get(fact.indicator_id);
    if (!periods) index.set(fact.indicator_id, (periods = new Map()));
    let areas = periods.get(fact.period);
    if (!areas) periods.set(fact.period, (areas = new Map()));
    areas.set(fact.area_code, fact);
  }
  return index;
}

const councilCodes = new Set(COUNCILS.map((c) => c.code));

/** Periods of an indicator with at least one council value, oldest first. */
export function periodsWithValues(index: FactIndex, indicatorId: string): string[] {
  const periods = index.get(indicatorId);
  if (!periods) return [];
  return [...periods.entries()]
    .filter(([, areas]) => [...areas.values()].some((f) => f.value !== null && councilCodes.has(f.area_code)))
    .map(([period]) => period)
    .sort();
}

/** An area's latest fact with a value (for per-area indicators such as the CQC assessment), and the one before it. */
export function latestForArea(index: FactIndex, indicatorId: string, area: string): {latest: FactRow | null; previous: FactRow | null} {
  const rows = [...(index.get(indicatorId)?.values() ?? [])]
    .map((areas) => areas.get(area))
    .filter((f): f is FactRow => !!f && f.value !== null)
    .sort((a, b) => a.period.localeCompare(b.period));
  return {latest: rows[rows.length - 1] ?? null, previous: rows[rows.length - 2] ?? null};
}

export interface SnapshotContext {
  index: FactIndex;
  /** For per-area indicators: each area's latest fact with a value and the one before it. */
  perArea: Map<string, Map<string, {latest: FactRow | null; previous: FactRow | null}>>;
  /** Per indicator, the periods with a fact from a sample file (or derived from one). */
  samplePeriods: Map<string, Set<string>>;
  indicators: Map<string, IndicatorRow>;
  /** Latest and previous period per common-period indicator. */
  periods: Map<string, string[]>;
  sampleSources: Set<string>;
  explorers: Set<string>;
  names: Map<string, string>;
}


/** Each period of an indicator is sample when any of its facts is (domain/sources.ts isSampleSource): what a headline with no value of its own is labelled. */
function samplePeriods(index: FactIndex, indicatorId: string, sampleSources: ReadonlySet<string>): Set<string> {
  const periods = [...(index.get(indicatorId) ?? new Map<string, Map<string, FactRow>>())];
  return new Set(periods.filter(([, byArea]) => [...byArea.values()].some((f) => isSampleSource(f.source_id, sampleSources))).map(([period]) => period));
}

export function snapshotContext(snapshot: Snapshot, options: Pick<BuildOptions, "manifest" | "explorers">): SnapshotContext {
  const ids = HEADLINE_INDICATORS.map((h) => h.indicator_id);
  const index = indexFacts(snapshot.facts, ids);
  const periods = new Map(ids.map((id) => [id, periodsWithValues(index, id)]));
  const names = new Map(snapshot.areas.map((a) => [a.code, a.name]));
  for (const c of COUNCILS) names.set(c.code, c.name);
  const sampleSources = sampleSourceIds(options.manifest);
  const perArea = new Map<string, Map<string, {latest: FactRow | null; previous: FactRow | null}>>();
  for (const h of HEADLINE_INDICATORS) {
    if (h.latest !== "per_area") continue;
    const areas = new Set([...(index.get(h.indicator_id)?.values() ?? [])].flatMap((byArea) => [...byArea.keys()]));
    perArea.set(h.indicator_id, new Map([...areas].map((area) => [area, latestForArea(index, h.indicator_id, area)])));
  }
  return {
    index,
    perArea,
    samplePeriods: new Map(ids.map((id) => [id, samplePeriods(index, id, sampleSources)])),
    indicators: new Map(snapshot.indicators.map((i) => [i.indicator_id, i])),
    periods,
    sampleSources,
    explorers: new Set(options.explorers),
    names
  };
}

/** Rounded for the JSON (six decimals by default): the pages print at most two. */
export function round(value: number | null, digits = 6): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
