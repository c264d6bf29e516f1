/**
 * Build-time precomputation for the leadership pages: for every council, a dozen headline
 * indicators across the four families with the latest value, change since the previous period,
 * rank and spread in each of the council's comparator groups, a polarity-aware judgement against
 * England, plain-language sentences, the CQC assessment, freshness per family and what changed
 * since the last refresh. Pure functions over the snapshot; src/data/council-pages.tar.ts writes
 * the result as one JSON file per council (plus the overview and About data) in a tar archive,
 * so the council pages read small static JSON and never load DuckDB.
 */
import {summariseRevisions} from "./precedence.ts";
import {isSampleSource} from "./sample.ts";
import {existsSync, readFileSync} from "node:fs";
import path from "node:path";
import type {FactRow, GroupRow, IndicatorRow} from "./model.ts";
import type {Manifest, ManifestEntry} from "./snapshot.ts";
import {readChangeReport, type ChangeReport} from "./changes.ts";
import type {Snapshot} from "./snapshot.ts";
import {SOURCES, sourceById} from "./sources.ts";
import {COUNCILS, ENGLAND_CODE, REGIONS, type Council} from "./families/geography/index.ts";
import {QUALITY_STATEMENTS, SCORE_DESCRIPTORS, THEMES} from "./families/cqc/quality-statements.ts";
import {LA_ASSESSMENT_BANDS} from "./families/cqc/ratings.ts";
import {compareWithBenchmark, quantile, rankWithinGroup, valueInterval, type Interval, type Polarity, type Verdict} from "../src/lib/stats.ts";
import {formatNumber, formatPeriod, formatValue, ordinal} from "../src/lib/format.ts";
import {chooseDefaultGroup} from "../src/lib/selection.ts";
import {defaultComparatorGroup} from "./default-group.ts";
import type {
  AboutData, CouncilChanges, CouncilPageData, CqcSummary, Family, FamilyFreshness, GroupComparison, GroupJson,
  HeadlineValue, Judgement, OverviewData, RevisionSummary, SourceFreshness
} from "../src/components/council-data.ts";

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

export const FAMILIES: readonly {family: Family; label: string}[] = [
  {family: "reablement", label: "Reablement and outcomes (ASCOF)"},
  {family: "safeguarding", label: "Safeguarding (Safeguarding Adults Collection)"},
  {family: "workforce", label: "Workforce (Skills for Care)"},
  {family: "cqc", label: "CQC (assessments and care directory)"}
];

const KIND_LABELS: Record<string, string> = {
  cipfa: "CIPFA nearest neighbours", nhse_peer: "NHS England ASC peer group", region: "Region", ics: "Integrated care system",
  custom: "Custom group", all_england: "All English councils"
};
const KIND_ORDER = ["cipfa", "nhse_peer", "region", "ics", "custom", "all_england"];
const CQC_SEARCH_URL = "https://www.cqc.org.uk/search/content/7217";

/** "in the CIPFA group", "among all English councils": how a sentence places a council in a comparator group. */
export function groupPhrase(group: Pick<GroupRow, "kind" | "label">): string {
  switch (group.kind) {
    case "cipfa": return "in the CIPFA group";
    case "nhse_peer": return "in the NHS England peer group";
    case "region": return `in the ${group.label} region`;
    case "ics": return `in the ${group.label.replace(/ ICS$/, "")} ICS`;
    case "all_england": return "among all English councils";
    default: return `in the group "${group.label}"`;
  }
}

// ---------------------------------------------------------------------------------------------
// Indexing the snapshot

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

// ---------------------------------------------------------------------------------------------
// One indicator for one council

export interface SnapshotContext {
  index: FactIndex;
  /** For per-area indicators: each area's latest fact with a value and the one before it. */
  perArea: Map<string, Map<string, {latest: FactRow | null; previous: FactRow | null}>>;
  /** Whether any of an indicator's facts come from a sample file. */
  indicatorSample: Map<string, boolean>;
  indicators: Map<string, IndicatorRow>;
  /** Latest and previous period per common-period indicator. */
  periods: Map<string, string[]>;
  sampleSources: Set<string>;
  explorers: Set<string>;
  names: Map<string, string>;
}


function round(value: number | null, digits = 6): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function roundInterval(interval: Interval | null): Interval | null {
  return interval ? {lower: round(interval.lower, 4)!, upper: round(interval.upper, 4)!} : null;
}

function statusWords(status: string): string {
  return ({suppressed: "suppressed by the publisher", not_available: "not available", missing: "not published"} as Record<string, string>)[status] ?? status;
}

/** "up 12.2 percentage points from 72.0% in 2022-23": percentages change in points, everything else in %. */
export function describeChange(value: number | null, previous: number | null, unit: string, previousPeriod: string | null): {change: number | null; change_pct: number | null; direction: HeadlineValue["change_direction"]; text: string} {
  if (value === null) return {change: null, change_pct: null, direction: null, text: "no value for the latest period"};
  if (!previousPeriod) return {change: null, change_pct: null, direction: null, text: "no earlier period to compare"};
  if (previous === null) return {change: null, change_pct: null, direction: null, text: `no value for ${formatPeriod(previousPeriod)} to compare`};
  const change = value - previous;
  const changePct = previous !== 0 ? (change / Math.abs(previous)) * 100 : null;
  // "Unchanged" when the change would print as zero at the precision shown (one decimal, or 0.1% relative).
  const shown = unit === "%" || changePct === null ? Math.abs(change) : Math.abs(changePct);
  const direction = shown < 0.05 ? "same" : change > 0 ? "up" : "down";
  const from = `from ${formatValue(previous, unit)} ${inPeriod(previousPeriod)}`;
  if (direction === "same") return {change: 0, change_pct: 0, direction, text: `unchanged ${from}`};
  const verb = direction === "up" ? "up" : "down";
  const amount = unit === "%" ? `${formatNumber(Math.abs(change), 1)} percentage point${formatNumber(Math.abs(change), 1) === "1" ? "" : "s"}` : changePct === null ? formatValue(Math.abs(change), unit) : `${formatNumber(Math.abs(changePct), 1)}%`;
  return {change: round(change), change_pct: round(changePct), direction, text: `${verb} ${amount} ${from}`};
}

export function changeJudgement(direction: HeadlineValue["change_direction"], polarity: Polarity): HeadlineValue["change_judgement"] {
  if (direction === null) return null;
  if (direction === "same") return "no change";
  if (polarity === "no_judgement") return "changed";
  return (direction === "up") === (polarity === "high_is_good") ? "improved" : "worsened";
}

/** The series break that falls after the previous period and at or before the latest, if any. */
export function seriesBreakBetween(indicator: IndicatorRow, previous: string | null, latest: string | null): string | null {
  if (!previous || !latest) return null;
  const breaks = JSON.parse(indicator.series_breaks || "[]") as {period: string; note: string}[];
  const hit = breaks.find((b) => b.period > previous && b.period <= latest);
  return hit ? `${hit.period}: ${hit.note}` : null;
}

export function headlineValue(context: SnapshotContext, indicatorId: string, code: string, mode?: "per_area"): HeadlineValue {
  const indicator = context.indicators.get(indicatorId);
  if (!indicator) throw new Error(`headline indicator '${indicatorId}' is not in the catalogue (loaders/families/*/indicators.ts)`);
  let fact: FactRow | null = null;
  let previousFact: FactRow | null = null;
  let period: string | null;
  let previousPeriod: string | null;
  if (mode === "per_area") {
    const found = context.perArea.get(indicatorId)?.get(code) ?? {latest: null, previous: null};
    fact = found.latest;
    previousFact = found.previous;
    period = fact?.period ?? null;
    previousPeriod = previousFact?.period ?? null;
  } else {
    const periods = context.periods.get(indicatorId) ?? [];
    period = periods[periods.length - 1] ?? null;
    previousPeriod = periods[periods.length - 2] ?? null;
    fact = period ? context.index.get(indicatorId)?.get(period)?.get(code) ?? null : null;
    previousFact = previousPeriod ? context.index.get(indicatorId)?.get(previousPeriod)?.get(code) ?? null : null;
  }
  const value = fact?.value ?? null;
  const previousValue = previousFact?.value ?? null;
  const seriesBreak = seriesBreakBetween(indicator, previousPeriod, period);
  // A renumbering of the same measure keeps the change; any other break (a new metric, a new source)
  // makes it not like-for-like, so no change or judgement is given across it.
  const comparable = !seriesBreak || /same measure/i.test(seriesBreak);
  const change = comparable || value === null || previousValue === null
    ? describeChange(value, previousValue, indicator.unit, previousPeriod)
    : {change: null, change_pct: null, direction: null, text: `not comparable with ${formatPeriod(previousPeriod!)} (${formatValue(previousValue, indicator.unit)}): the measure changed, see the series break`};
  const englandFact = period && mode !== "per_area" ? context.index.get(indicatorId)?.get(period)?.get(ENGLAND_CODE) ?? null : null;
  const england = englandFact?.value ?? null;
  const facts = {value, numerator: fact?.numerator ?? null, denominator: fact?.denominator ?? null};
  const ci95 = valueInterval(facts, indicator.value_type, indicator.multiplier, 0.95);
  const ci998 = valueInterval(facts, indicator.value_type, indicator.multiplier, 0.998);
  const headline: HeadlineValue = {
    indicator_id: indicatorId,
    family: indicator.family as Family,
    title: indicator.title,
    short_title: indicator.short_title,
    unit: indicator.unit,
    polarity: indicator.polarity,
    definition: indicator.definition,
    source: indicator.source,
    source_url: indicator.source_url,
    caveats: indicator.caveats,
    period,
    value: round(value),
    numerator: facts.numerator,
    denominator: facts.denominator,
    status: fact ? fact.status : "missing",
    vintage: fact?.vintage ?? null,
    source_id: fact?.source_id ?? null,
    previous_period: previousPeriod,
    previous_value: round(previousValue),
    change: change.change,
    change_pct: change.change_pct,
    change_direction: change.direction,
    change_judgement: changeJudgement(change.direction, indicator.polarity),
    series_break: seriesBreak,
    change_text: change.text,
    england: round(england),
    ci95: roundInterval(ci95),
    ci998: roundInterval(ci998),
    vs_england: compareWithBenchmark(ci998, england, indicator.polarity),
    sample: fact ? isSampleSource(fact.source_id, context.sampleSources) : context.indicatorSample.get(indicatorId) ?? false,
    explorer: context.explorers.has(indicator.family) ? indicator.family : null,
    change_sentence: ""
  };
  headline.change_sentence = changeSentence(headline, context.names.get(code) ?? code);
  return headline;
}

// ---------------------------------------------------------------------------------------------
// One indicator for one council in one comparator group

/** Each member's value for the headline's period (or each member's own latest for per-area indicators). */
export function memberValues(context: SnapshotContext, headline: HeadlineValue, members: readonly string[], mode?: "per_area"): {code: string; value: number | null}[] {
  return members.map((code) => {
    if (mode === "per_area") return {code, value: context.perArea.get(headline.indicator_id)?.get(code)?.latest?.value ?? null};
    const fact = headline.period ? context.index.get(headline.indicator_id)?.get(headline.period)?.get(code) : undefined;
    return {code, value: fact?.value ?? null};
  });
}

function judgementText(judgement: Judgement, basis: "england" | "quartile" | "none", headline: HeadlineValue): string {
  if (judgement === "no_judgement") {
    if (headline.value === null || headline.england === null) return "No judgement";
    if (headline.vs_england === "higher" || headline.vs_england === "lower") return `${headline.vs_england === "higher" ? "Higher" : "Lower"} than England (no judgement)`;
    if (headline.vs_england === "similar") return "Similar to England (no judgement)";
    return `${headline.value > headline.england ? "Above" : headline.value < headline.england ? "Below" : "Level with"} England (no judgement)`;
  }
  if (basis === "england") return judgement === "better" ? "Better than England" : judgement === "worse" ? "Worse than England" : "Similar to England";
  if (basis === "quartile") return judgement === "better" ? "Best quarter of group" : judgement === "worse" ? "Worst quarter of group" : "Middle half of group";
  return "Not compared";
}

function polarityNote(polarity: Polarity): string {
  return polarity === "no_judgement" ? "" : " (1st is best)";
}

export function groupComparison(context: SnapshotContext, headline: HeadlineValue, group: GroupJson, council: {code: string; name: string}, mode?: "per_area"): GroupComparison {
  const values = memberValues(context, headline, group.members.map((m) => m.code), mode);
  const withValue = values.filter((v): v is {code: string; value: number} => v.value !== null);
  const ranks = rankWithinGroup(values, (v) => v.value, headline.polarity);
  const own = values.find((v) => v.code === council.code);
  const rank = own && own.value !== null ? ranks.get(own) ?? null : null;
  const numbers = withValue.map((v) => v.value);
  const min = numbers.length ? Math.min(...numbers) : null;
  const max = numbers.length ? Math.max(...numbers) : null;
  const q1 = quantile(numbers, 0.25);
  const median = quantile(numbers, 0.5);
  const q3 = quantile(numbers, 0.75);
  const lowIsGood = headline.polarity === "low_is_good";
  const worst = lowIsGood ? max : min;
  const best = lowIsGood ? min : max;

  let judgement: Judgement;
  let basis: "england" | "quartile" | "none";
  if (headline.polarity === "no_judgement") {
    judgement = "no_judgement";
    basis = headline.vs_england === "not compared" ? "none" : "england";
  } else if (headline.vs_england === "better" || headline.vs_england === "worse" || headline.vs_england === "similar") {
    judgement = headline.vs_england;
    basis = "england";
  } else if (headline.value !== null && numbers.length >= 4 && q1 !== null && q3 !== null) {
    // No interval to test against England (no numerator/denominator, or no England value):
    // fall back to the council's quarter within the group, and say so.
    const inBest = lowIsGood ? headline.value <= q1 : headline.value >= q3;
    const inWorst = lowIsGood ? headline.value >= q3 : headline.value <= q1;
    judgement = inBest && !inWorst ? "better" : inWorst && !inBest ? "worse" : "similar";
    basis = "quartile";
  } else {
    judgement = "not_compared";
    basis = "none";
  }

  const comparison: GroupComparison = {
    indicator_id: headline.indicator_id,
    rank,
    ranked: numbers.length,
    members: group.members.length,
    min: round(min, 4), q1: round(q1, 4), median: round(median, 4), q3: round(q3, 4), max: round(max, 4),
    worst: round(worst, 4), best: round(best, 4),
    judgement,
    judgement_basis: basis,
    judgement_text: judgementText(judgement, basis, headline),
    position_sentence: ""
  };
  comparison.position_sentence = positionSentence(headline, comparison, group, council.name);
  return comparison;
}

/** "in 2023-24", "on 5 May 2026", "in 2025". */
export function inPeriod(period: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(period) ? `on ${formatPeriod(period)}` : `in ${period}`;
}

/** Whole percentages for CQC's published overall score; one decimal elsewhere. */
export function formatHeadlineValue(value: number | null, unit: string, indicatorId?: string): string {
  return formatValue(value, unit, indicatorId === "cqc_overall_pct" ? 0 : 1);
}

function englandClause(headline: HeadlineValue, comparison: GroupComparison): string {
  const england = headline.england;
  if (headline.value === null) return "";
  const unit = headline.unit;
  const quarter = comparison.judgement === "better" ? "in the best quarter of the group" : comparison.judgement === "worse" ? "in the worst quarter of the group" : comparison.judgement === "similar" ? "in the middle half of the group" : "";
  if (england === null) return quarter ? `${quarter}; there is no England figure to test against` : "there is no England figure to compare with";
  const relation = headline.value > england ? "above" : headline.value < england ? "below" : "level with";
  const eng = `England (${formatHeadlineValue(england, unit, headline.indicator_id)})`;
  if (headline.polarity === "no_judgement") {
    const tested = headline.vs_england === "higher" || headline.vs_england === "lower" ? `significantly ${relation} ${eng}` : headline.vs_england === "similar" ? `not significantly different from ${eng}` : `${relation} ${eng}`;
    return `${tested}. This measure carries no judgement: higher is neither better nor worse`;
  }
  switch (headline.vs_england) {
    case "better": return `significantly better than ${eng} at 99.8% confidence`;
    case "worse": return `significantly worse than ${eng} at 99.8% confidence`;
    case "similar": return `not significantly different from ${eng}`;
    default: return `${relation} ${eng}, with no interval to test significance${quarter ? `; ${quarter}` : ""}`;
  }
}

/**
 * The group-independent half of a headline's sentence: "Safeguarding concerns per 100,000 adults
 * rose by 6.6%, from 956.0 in 2021-22 to 1,018.9 per 100,000 adults in 2022-23".
 */
export function changeSentence(headline: HeadlineValue, councilName: string): string {
  const {title, unit, indicator_id: id} = headline;
  const period = headline.period ? inPeriod(headline.period) : "for the latest period";
  if (headline.value === null) {
    const why = headline.status === "missing" ? "no value is published" : `the value is ${statusWords(headline.status)}`;
    return `${title}: ${councilName} cannot be compared ${period}, because ${why}`;
  }
  const value = formatHeadlineValue(headline.value, unit, id);
  if (id === "cqc_overall_pct") {
    const previous = headline.previous_period ? `, after ${formatHeadlineValue(headline.previous_value, unit, id)} ${inPeriod(headline.previous_period)}` : "";
    return `CQC's assessment of ${councilName}, published ${headline.period ? formatPeriod(headline.period) : ""}, scored ${value}${previous}`;
  }
  let sentence: string;
  if (headline.change_direction === "up" || headline.change_direction === "down") {
    const verb = headline.change_direction === "up" ? "rose" : "fell";
    const amount = unit === "%" ? `${formatNumber(Math.abs(headline.change!), 1)} percentage point${formatNumber(Math.abs(headline.change!), 1) === "1" ? "" : "s"}` : headline.change_pct !== null ? `${formatNumber(Math.abs(headline.change_pct), 1)}%` : formatValue(Math.abs(headline.change!), unit);
    const previous = unit.startsWith("per ") ? formatValue(headline.previous_value, "") : formatValue(headline.previous_value, unit);
    sentence = `${title} ${verb} by ${amount}, from ${previous} ${inPeriod(headline.previous_period!)} to ${value} ${period}`;
  } else if (headline.change_direction === "same") {
    sentence = `${title} was unchanged at ${value} ${period}`;
  } else {
    sentence = `${title} was ${value} ${period} (${headline.change_text})`;
  }
  // A renumbering of the same measure is not a break in meaning; anything else makes the change not like-for-like.
  if (headline.series_break && !/same measure/i.test(headline.series_break)) sentence += ` (series break ${headline.series_break.replace(/\.$/, "")})`;
  return sentence;
}

/** The group-dependent half: "Medway is 8th highest of 16 in the CIPFA group, above England (…)". */
export function positionSentence(headline: HeadlineValue, comparison: GroupComparison, group: GroupJson, councilName: string): string {
  if (headline.value === null) return "";
  const missing = comparison.members - comparison.ranked;
  const assessed = headline.indicator_id === "cqc_overall_pct";
  const missingNote = missing > 0 ? `${missing} member${missing === 1 ? " has" : "s have"} ${assessed ? "no assessment in this build" : "no value"}` : "";
  let position: string;
  if (comparison.rank === null) position = `${councilName} is not ranked ${group.phrase}`;
  else if (comparison.ranked === 1) position = `${councilName} is the only council ${group.phrase} with ${assessed ? "an assessment" : "a value"}`;
  else {
    const of = `${ordinal(comparison.rank)}${headline.polarity === "no_judgement" ? " highest" : ""} of ${comparison.ranked}${assessed ? " assessed councils" : ""}`;
    const notes = [headline.polarity === "no_judgement" ? "" : "1st is best", missingNote].filter(Boolean).join("; ");
    position = `${councilName} is ${assessed ? "" : "now "}${of} ${group.phrase}${notes ? ` (${notes})` : ""}`;
  }
  if (comparison.ranked === 1 && missingNote) position += ` (${missingNote})`;
  const england = englandClause(headline, comparison);
  return `${position}${england ? `, ${england}` : ""}.`;
}

/** Both halves as one sentence, as the page shows it. */
export function headlineSentence(headline: HeadlineValue, comparison: GroupComparison): string {
  return comparison.position_sentence ? `${headline.change_sentence}; ${comparison.position_sentence}` : `${headline.change_sentence}.`;
}

// ---------------------------------------------------------------------------------------------
// Groups, CQC, freshness, changes

export function groupsForCouncil(groups: readonly GroupRow[], code: string, names: Map<string, string>): GroupJson[] {
  const byId = new Map<string, GroupRow[]>();
  for (const row of groups) {
    let rows = byId.get(row.group_id);
    if (!rows) byId.set(row.group_id, (rows = []));
    rows.push(row);
  }
  const result: GroupJson[] = [];
  for (const [group_id, rows] of byId) {
    const first = rows[0];
    const members = rows.map((r) => r.member_code);
    const applies = first.focal_code ? first.focal_code === code : members.includes(code);
    if (!applies) continue;
    result.push({
      group_id, kind: first.kind, kind_label: KIND_LABELS[first.kind] ?? first.kind, label: first.label, phrase: groupPhrase(first),
      vintage: first.vintage, provenance: first.provenance, sample: first.sample,
      members: members.map((m) => ({code: m, name: names.get(m) ?? m}))
    });
  }
  return result.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.label.localeCompare(b.label));
}

/** CIPFA nearest neighbours where the snapshot has them, else the region: the one rule, src/lib/selection.ts chooseDefaultGroup. */
export function defaultGroupId(groups: readonly GroupJson[]): string {
  return chooseDefaultGroup(groups)?.group_id ?? "";
}

export function cqcSummary(snapshot: Pick<Snapshot, "cqc_assessments">, code: string, name: string, sampleSources: Set<string>): CqcSummary {
  const rows = snapshot.cqc_assessments.filter((a) => a.area_code === code).sort((a, b) => a.report_date.localeCompare(b.report_date));
  const row = rows[rows.length - 1];
  const bands = LA_ASSESSMENT_BANDS.map((b) => ({...b}));
  const themes = THEMES.map((theme) => ({
    id: theme.id, name: theme.name,
    statements: QUALITY_STATEMENTS.filter((s) => s.theme === theme.id).map((s) => {
      const score = row ? ((row as unknown as Record<string, number | null>)[`qs${s.number}`] ?? null) : null;
      return {id: s.id, number: s.number, name: s.name, score, descriptor: score ? SCORE_DESCRIPTORS[score as 1 | 2 | 3 | 4] : "Not scored in the source"};
    })
  }));
  if (!row) {
    return {
      assessed: false, rating: null, overall_pct: null, report_date: null, report_url: null, search_url: CQC_SEARCH_URL, provenance: null, sample: false,
      band: null, bands, themes,
      note: `No CQC local authority assessment of ${name} is in this build's curated file: either CQC has not yet published one, or it has not been added.`
    };
  }
  const band = row.overall_pct === null ? null : bands.find((b) => Math.round(row.overall_pct!) >= b.from && Math.round(row.overall_pct!) <= b.to) ?? null;
  const scored = themes.flatMap((t) => t.statements).filter((s) => s.score !== null).length;
  const notes = [
    "CQC publishes the overall percentage; it is shown as published, not recomputed from the nine scores.",
    row.overall_pct === null ? "This council's sources give the rating and the nine scores but not the overall percentage, so none is shown." : "",
    scored < 9 ? `The source quotes ${scored} of the nine quality-statement scores; the others are shown as not scored.` : "",
    row.report_url ? "" : "The source does not give the report's web address; search CQC's local authority assessments for it."
  ].filter(Boolean);
  return {
    assessed: true, rating: row.rating || null, overall_pct: row.overall_pct, report_date: row.report_date, report_url: row.report_url || null,
    search_url: CQC_SEARCH_URL, provenance: row.provenance || null, sample: row.sample || sampleSources.has(row.source_id), band, bands, themes, note: notes.join(" ")
  };
}

export function familyFreshness(manifest: Manifest, context: Pick<SnapshotContext, "periods" | "indicators">): FamilyFreshness[] {
  return FAMILIES.map(({family, label}) => {
    const files = manifest.files.filter((f) => sourceById(f.source_id)?.family === family);
    const sources: SourceFreshness[] = files.map((f) => {
      const source = sourceById(f.source_id);
      return fileFreshness(f);
    });
    const latest = HEADLINE_INDICATORS.filter((h) => context.indicators.get(h.indicator_id)?.family === family)
      .map((h) => (context.periods.get(h.indicator_id) ?? []).at(-1))
      .filter((p): p is string => !!p)
      .sort()
      .at(-1) ?? null;
    const retrieved = files.map((f) => f.retrieved_at).sort().at(-1) ?? null;
    return {family, label, latest_period: latest, retrieved_at: retrieved, sample: files.some((f) => f.sample), sources};
  });
}

export function councilChanges(report: ChangeReport | null, code: string, headlineIds: ReadonlySet<string>, limit = 8): CouncilChanges {
  const empty = {revisions: 0, rank_moves: 0, new_periods: 0, sources: 0};
  if (!report) {
    return {available: false, generated_at: null, message: "No previous snapshot exists yet, so there is nothing to compare with: this is the first published refresh.", items: [], counts: empty};
  }
  const items: string[] = [];
  const revisions = report.revisions.filter((r) => r.area_code === code);
  const moves = report.rank_moves.filter((m) => m.area_code === code);
  const newPeriods = report.new_periods.filter((p) => headlineIds.has(p.indicator_id));
  for (const p of newPeriods) items.push(`New data: ${p.title}, ${formatPeriod(p.period)} (${p.areas} areas).`);
  for (const m of moves.sort((a, b) => Math.abs(b.old_rank - b.new_rank) - Math.abs(a.old_rank - a.new_rank))) {
    items.push(`${m.title} (${formatPeriod(m.period)}): moved from ${ordinal(m.old_rank)} to ${ordinal(m.new_rank)} of ${m.ranked} in ${m.group_label}${m.polarity === "no_judgement" ? "" : `, ${m.direction}`}.`);
  }
  for (const r of revisions) {
    const before = r.old_value === null ? r.old_status : formatNumber(r.old_value, 2);
    const after = r.new_value === null ? r.new_status : formatNumber(r.new_value, 2);
    items.push(`${r.title} (${formatPeriod(r.period)}${r.breakdown === "total" ? "" : `, ${r.breakdown}`}) revised from ${before} to ${after}.`);
  }
  for (const s of report.sources) {
    items.push(`Source ${s.change}: ${s.file}${s.vintage_before && s.vintage_after && s.vintage_before !== s.vintage_after ? ` (release ${s.vintage_before} → ${s.vintage_after})` : s.vintage_after ? ` (release ${s.vintage_after})` : ""}.`);
  }
  const byCouncil = report.by_council?.[code];
  const counts = {revisions: byCouncil?.revisions ?? revisions.length, rank_moves: byCouncil?.rank_moves ?? moves.length, new_periods: newPeriods.length, sources: report.sources.length};
  let message: string;
  if (report.first_snapshot) message = "This is the first snapshot with data: everything in it is new, so there are no changes to list yet.";
  else if (report.message && !items.length) message = report.message;
  else if (!items.length) message = `Nothing changed for this council since the previous refresh (compared ${formatPeriod(report.generated_at.slice(0, 10))}).`;
  else message = `Compared with the previous refresh (report of ${formatPeriod(report.generated_at.slice(0, 10))}): ${counts.revisions} revised value${counts.revisions === 1 ? "" : "s"} and ${counts.rank_moves} rank move${counts.rank_moves === 1 ? "" : "s"} for this council, ${counts.new_periods} new period${counts.new_periods === 1 ? "" : "s"} of headline data, ${counts.sources} source file${counts.sources === 1 ? "" : "s"} changed.`;
  const shown = items.slice(0, limit);
  if (items.length > limit) shown.push(`… and ${items.length - limit} more on the “What changed” page.`);
  return {available: true, generated_at: report.generated_at, message, items: shown, counts};
}

// ---------------------------------------------------------------------------------------------
// Putting it together

export interface BuildOptions {
  manifest: Manifest;
  changes: ChangeReport | null;
  /** Families whose explorer page exists in this build (src/<family>.md). */
  explorers: Iterable<string>;
}

export function snapshotContext(snapshot: Snapshot, options: Pick<BuildOptions, "manifest" | "explorers">): SnapshotContext {
  const ids = HEADLINE_INDICATORS.map((h) => h.indicator_id);
  const index = indexFacts(snapshot.facts, ids);
  const periods = new Map(ids.map((id) => [id, periodsWithValues(index, id)]));
  const names = new Map(snapshot.areas.map((a) => [a.code, a.name]));
  for (const c of COUNCILS) names.set(c.code, c.name);
  const sampleSources = new Set(options.manifest.files.filter((f) => f.sample).map((f) => f.source_id));
  const perArea = new Map<string, Map<string, {latest: FactRow | null; previous: FactRow | null}>>();
  for (const h of HEADLINE_INDICATORS) {
    if (h.latest !== "per_area") continue;
    const areas = new Set([...(index.get(h.indicator_id)?.values() ?? [])].flatMap((byArea) => [...byArea.keys()]));
    perArea.set(h.indicator_id, new Map([...areas].map((area) => [area, latestForArea(index, h.indicator_id, area)])));
  }
  const indicatorSample = new Map(ids.map((id) => [id, [...(index.get(id)?.values() ?? [])].some((byArea) => [...byArea.values()].some((f) => isSampleSource(f.source_id, sampleSources)))]));
  return {
    index,
    perArea,
    indicatorSample,
    indicators: new Map(snapshot.indicators.map((i) => [i.indicator_id, i])),
    periods,
    sampleSources,
    explorers: new Set(options.explorers),
    names
  };
}

export function buildCouncilPage(snapshot: Snapshot, context: SnapshotContext, council: Council, options: BuildOptions, freshness = familyFreshness(options.manifest, context)): CouncilPageData {
  const groups = groupsForCouncil(snapshot.groups, council.code, context.names);
  const available = HEADLINE_INDICATORS.filter((h) => context.indicators.has(h.indicator_id));
  const headlines = available.map((h) => headlineValue(context, h.indicator_id, council.code, h.latest));
  const comparisons: Record<string, GroupComparison[]> = {};
  for (const group of groups) {
    comparisons[group.group_id] = headlines.map((headline, i) => groupComparison(context, headline, group, council, available[i].latest));
  }
  // The all-England group's member list is every council: the page needs only its size.
  for (const group of groups) if (group.kind === "all_england") group.members = [];
  const sample = headlines.some((h) => h.sample) || groups.some((g) => g.sample);
  const shown = headlines.filter((h) => h.value !== null);
  const samples = shown.filter((h) => h.sample).length;
  return {
    version: 1,
    code: council.code, name: council.name, short_name: council.short_name, region_code: council.region_code, region_name: council.region_name,
    snapshot_generated_at: options.manifest.generated_at,
    ...defaultComparatorGroup(council, groups),
    groups,
    headlines,
    comparisons,
    cqc: cqcSummary(snapshot, council.code, council.name, context.sampleSources),
    freshness: freshness.map((f) => ({...f, sources: f.sources.map(({source_id, title, url, vintage, retrieved_at, sample, seeded}) => ({source_id, title, url, vintage, retrieved_at, sample, seeded}))})),
    changes: councilChanges(options.changes, council.code, new Set(available.map((h) => h.indicator_id))),
    sample,
    published_headlines: shown.length - samples,
    sample_headlines: samples,
    sample_note: samples
      ? `${shown.length - samples} of the ${shown.length} headline figures on this page are published figures; the ${samples} marked “Sample” are illustrative values from the built-in sample (except figures taken from the seed council papers), until the publisher's file is in the build.`
      : sample ? "Every headline figure on this page is a published figure; a comparator group marked “Sample” is an illustrative list." : ""
  };
}

export function buildOverview(snapshot: Snapshot, context: SnapshotContext, options: BuildOptions, freshness = familyFreshness(options.manifest, context)): OverviewData {
  const assessed = COUNCILS.map((c) => ({council: c, cqc: cqcSummary(snapshot, c.code, c.name, context.sampleSources)})).filter((x) => x.cqc.assessed);
  const ratingOrder = ["Outstanding", "Good", "Requires improvement", "Inadequate"];
  return {
    version: 1,
    snapshot_generated_at: options.manifest.generated_at,
    councils: [...COUNCILS].sort((a, b) => a.name.localeCompare(b.name)).map((c) => ({code: c.code, name: c.name, region_code: c.region_code, region_name: c.region_name})),
    regions: REGIONS.map((r) => ({code: r.code, name: r.name})),
    cqc: {
      assessed: assessed.length,
      total: COUNCILS.length,
      by_rating: ratingOrder.map((rating) => ({rating, count: assessed.filter((x) => x.cqc.rating === rating).length})),
      councils: assessed.map(({council, cqc}) => ({code: council.code, name: council.name, region_name: council.region_name, rating: cqc.rating ?? "", overall_pct: cqc.overall_pct, report_date: cqc.report_date ?? ""}))
        .sort((a, b) => (b.overall_pct ?? -1) - (a.overall_pct ?? -1) || a.name.localeCompare(b.name)),
      sample: assessed.some((x) => x.cqc.sample)
    },
    indicators: HEADLINE_INDICATORS.filter((h) => context.indicators.has(h.indicator_id)).map((h) => {
      const indicator = context.indicators.get(h.indicator_id)!;
      const period = h.latest === "per_area" ? null : (context.periods.get(h.indicator_id) ?? []).at(-1) ?? null;
      const values = COUNCILS.map((c) => {
        const fact = h.latest === "per_area" ? context.perArea.get(h.indicator_id)?.get(c.code)?.latest : period ? context.index.get(h.indicator_id)?.get(period)?.get(c.code) : undefined;
        return {code: c.code, value: fact?.value ?? null, source: fact?.source_id};
      }).filter((v): v is {code: string; value: number; source: string} => v.value !== null);
      return {
        indicator_id: h.indicator_id, family: indicator.family as Family, title: indicator.title, short_title: indicator.short_title, unit: indicator.unit,
        polarity: indicator.polarity, period,
        england: period ? round(context.index.get(h.indicator_id)?.get(period)?.get(ENGLAND_CODE)?.value ?? null) : null,
        sample: values.some((v) => isSampleSource(v.source, context.sampleSources)),
        values: values.map((v) => ({code: v.code, value: round(v.value, 4)!}))
      };
    })
      // The national picture leads with published measures; sample ones follow, labelled (a stable sort keeps page order within each).
      .sort((a, b) => Number(a.sample) - Number(b.sample)),
    freshness
  };
}

export function buildAbout(snapshot: Snapshot, context: SnapshotContext, options: BuildOptions, freshness = familyFreshness(options.manifest, context)): AboutData {
  const files = freshness.flatMap((f) => f.sources);
  const otherFiles: SourceFreshness[] = options.manifest.files.filter((f) => !files.some((x) => x.file === f.file)).map(fileFreshness);
  const allFiles = [...otherFiles, ...files];
  const periodsByIndicator = new Map<string, Set<string>>();
  for (const fact of snapshot.facts) {
    let set = periodsByIndicator.get(fact.indicator_id);
    if (!set) periodsByIndicator.set(fact.indicator_id, (set = new Set()));
    set.add(fact.period);
  }
  const headlineIds = new Set(HEADLINE_INDICATORS.map((h) => h.indicator_id));
  return {
    version: 1,
    snapshot_generated_at: options.manifest.generated_at,
    sources: SOURCES.map((s) => ({
      id: s.id, family: s.family, title: s.title, publisher: s.publisher, url: s.url, vintage: s.vintage, curated: !!s.curated,
      files: allFiles.filter((f) => f.source_id === s.id)
    })),
    indicators: snapshot.indicators.map((i) => ({
      indicator_id: i.indicator_id, family: i.family, title: i.title, unit: i.unit, polarity: i.polarity, definition: i.definition,
      source: i.source, source_url: i.source_url, caveats: i.caveats, series_breaks: JSON.parse(i.series_breaks || "[]"), codes: JSON.parse(i.codes || "[]"),
      periods: [...(periodsByIndicator.get(i.indicator_id) ?? [])].sort(), headline: headlineIds.has(i.indicator_id), derived: i.derived
    })),
    files: allFiles,
    freshness,
    revisions: revisionSummary(snapshot, context),
    validation: snapshot.validation ?? null
  };
}

/** A manifest entry as pages show it: the source's title, the file's publisher, copy and licence. */
function fileFreshness(f: ManifestEntry): SourceFreshness {
  const source = sourceById(f.source_id);
  return {
    source_id: f.source_id, title: source?.title ?? f.source_id, publisher: f.publisher ?? source?.publisher ?? "", file: f.file, url: f.url,
    vintage: f.vintage, retrieved_at: f.retrieved_at, sample: f.sample, seeded: f.seeded ?? "", illustrative: f.illustrative ?? "",
    copy_of: f.copy_of ?? "", licence: f.licence ?? ""
  };
}

/** The snapshot's revisions for the About page: counts by pair of files and the largest differences. */
function revisionSummary(snapshot: Snapshot, context: SnapshotContext, limit = 25): RevisionSummary {
  const revisions = snapshot.revisions ?? [];
  const shown = (v: number | null, status: string) => (v === null ? status.replace("_", " ") : String(v));
  const examples = [...revisions]
    .sort((a, b) => Math.abs(b.difference ?? Infinity) - Math.abs(a.difference ?? Infinity) || a.indicator_id.localeCompare(b.indicator_id))
    .slice(0, limit)
    .map((r) => ({
      indicator_id: r.indicator_id, title: context.indicators.get(r.indicator_id)?.title ?? r.indicator_id, area_code: r.area_code,
      area: context.names.get(r.area_code) ?? r.area_code, period: r.period, breakdown: r.breakdown,
      kept: shown(r.kept.value, r.kept.status), kept_source: r.kept.source_id, other: shown(r.other.value, r.other.status), other_source: r.other.source_id
    }));
  return {total: revisions.length, by_sources: summariseRevisions(revisions), examples};
}

export interface CouncilPagesOutput {
  councils: Map<string, CouncilPageData>;
  overview: OverviewData;
  about: AboutData;
}

export function buildCouncilPages(snapshot: Snapshot, options: BuildOptions, councils: readonly Council[] = COUNCILS): CouncilPagesOutput {
  const context = snapshotContext(snapshot, options);
  const freshness = familyFreshness(options.manifest, context);
  const pages = new Map<string, CouncilPageData>();
  for (const council of councils) pages.set(council.code, buildCouncilPage(snapshot, context, council, options, freshness));
  return {councils: pages, overview: buildOverview(snapshot, context, options, freshness), about: buildAbout(snapshot, context, options, freshness)};
}

// ---------------------------------------------------------------------------------------------
// Files

/**
 * data/changes.json from the refresh's change report, or null when no refresh has written one (no
 * previous snapshot to compare with). A file that cannot be read becomes an empty report whose
 * message says so (loaders/changes.ts readChangeReport).
 */
export function changeReportIfAny(file: string): ChangeReport | null {
  return existsSync(file) ? readChangeReport(file) : null;
}

export function explorersInBuild(srcDir: string): string[] {
  return FAMILIES.map((f) => f.family).filter((family) => existsSync(path.join(srcDir, `${family}.md`)));
}

/**
 * A POSIX ustar archive of small text files. Framework extracts files from a .tar made by a data
 * loader in-process, so one loader run serves all 153 council pages (a parameterised loader
 * would start one tsx process per council).
 */
export function tarArchive(files: readonly {name: string; content: string | Uint8Array}[], mtime = 0): Uint8Array {
  const encoder = new TextEncoder();
  const blocks: Uint8Array[] = [];
  for (const file of files) {
    const body = typeof file.content === "string" ? encoder.encode(file.content) : file.content;
    const name = encoder.encode(file.name);
    if (name.length > 100) throw new Error(`tar entry name too long: ${file.name}`);
    const header = new Uint8Array(512);
    const put = (text: string, offset: number) => header.set(encoder.encode(text), offset);
    header.set(name, 0);
    put("0000644\0", 100); // mode
    put("0000000\0", 108); // uid
    put("0000000\0", 116); // gid
    put(body.length.toString(8).padStart(11, "0") + "\0", 124);
    put(Math.floor(mtime / 1000).toString(8).padStart(11, "0") + "\0", 136);
    put("        ", 148); // checksum placeholder: eight spaces
    put("0", 156); // regular file
    put("ustar\0", 257);
    put("00", 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    put(sum.toString(8).padStart(6, "0") + "\0 ", 148);
    blocks.push(header, body);
    const padding = (512 - (body.length % 512)) % 512;
    if (padding) blocks.push(new Uint8Array(padding));
  }
  blocks.push(new Uint8Array(1024)); // two zero blocks end the archive
  const total = blocks.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}

export function councilPagesArchive(output: CouncilPagesOutput): Uint8Array {
  return tarArchive([
    {name: "overview.json", content: JSON.stringify(output.overview)},
    {name: "about.json", content: JSON.stringify(output.about)},
    ...[...output.councils].map(([code, page]) => ({name: `${code}.json`, content: JSON.stringify(page)}))
  ]);
}

// ---------------------------------------------------------------------------------------------
// The council index (src/councils.md): plain links, written into the page so they work without script

export const COUNCIL_INDEX_START = "<!-- council-index:start (generated: npx tsx loaders/council-pages.ts --write-councils-index) -->";
export const COUNCIL_INDEX_END = "<!-- council-index:end -->";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Every council's page, by region, as static HTML (one list per region). */
export function councilIndexHtml(councils: readonly Council[] = COUNCILS): string {
  const lines: string[] = [COUNCIL_INDEX_START, `<div class="council-index">`];
  for (const region of REGIONS) {
    const members = councils.filter((c) => c.region_code === region.code).sort((a, b) => a.name.localeCompare(b.name));
    if (!members.length) continue;
    const id = `region-${region.code}`;
    lines.push(`<h2 id="${id}">${escapeHtml(region.name)} (${members.length})</h2>`, `<ul aria-labelledby="${id}">`);
    for (const c of members) lines.push(`<li><a href="./council/${c.code}">${escapeHtml(c.name)}</a></li>`);
    lines.push(`</ul>`);
  }
  lines.push(`</div>`, COUNCIL_INDEX_END);
  return lines.join("\n");
}

/** Replace the generated block in a page's Markdown; throws when the markers are missing. */
export function replaceCouncilIndex(markdown: string, html = councilIndexHtml()): string {
  const start = markdown.indexOf(COUNCIL_INDEX_START);
  const end = markdown.indexOf(COUNCIL_INDEX_END);
  if (start < 0 || end < start) throw new Error(`the page has no generated council index between '${COUNCIL_INDEX_START}' and '${COUNCIL_INDEX_END}'`);
  return markdown.slice(0, start) + html + markdown.slice(end + COUNCIL_INDEX_END.length);
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain && process.argv.includes("--write-councils-index")) {
  const {writeFileSync} = await import("node:fs");
  const file = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "src", "councils.md");
  writeFileSync(file, replaceCouncilIndex(readFileSync(file, "utf-8")));
  console.log(`wrote the council index (${COUNCILS.length} councils) into ${file}`);
}
