/**
 * One headline indicator for one council, independent of the comparator group: the latest value
 * (for CQC's assessment, the council's own latest), the change since the previous period unless a
 * series break makes it not like-for-like, the intervals, the test against England and the
 * group-independent half of the sentence.
 */
import type {FactRow, IndicatorRow} from "../model.ts";
import {compareWithBenchmark, valueInterval, type Interval} from "../../src/lib/stats.ts";
import {formatNumber, formatPeriod, formatValue} from "../../src/lib/format.ts";
import {ENGLAND_CODE} from "../../src/lib/domain/areas.ts";
import {isSampleSource} from "../../src/lib/domain/sources.ts";
import type {Polarity} from "../../src/lib/domain/types.ts";
import type {HeadlineValue} from "../../src/lib/domain/council-data.ts";
import {round, type SnapshotContext} from "./context.ts";
import {changeSentence, inPeriod} from "./sentences.ts";

function roundInterval(interval: Interval | null): Interval | null {
  return interval ? {lower: round(interval.lower, 4)!, upper: round(interval.upper, 4)!} : null;
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
    family: indicator.family,
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
    // The figure's own source decides; with no figure, the period's facts do (the explorers' rule for a period).
    sample: fact ? isSampleSource(fact.source_id, context.sampleSources) : !!period && (context.samplePeriods.get(indicatorId)?.has(period) ?? false),
    explorer: context.explorers.has(indicator.family) ? indicator.family : null,
    change_sentence: ""
  };
  headline.change_sentence = changeSentence(headline, context.names.get(code) ?? code);
  return headline;
}
