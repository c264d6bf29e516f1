/**
 * The leadership pages' plain-language sentences: the group-independent half ("Safeguarding
 * concerns per 100,000 adults rose by 6.6%, from 956.0 in 2021-22 to 1,018.9 in 2022-23"), the
 * group-dependent half ("Medway is now 5th of 16 in its CIPFA nearest-neighbour group ..."), and
 * the judgement's words. The page joins the halves with the contract's headlineSentence
 * (src/lib/domain/council-data.ts).
 */
import {formatNumber, formatPeriod, formatValue, ordinal} from "../../src/lib/format.ts";
import {JUDGEMENT_WORDS, statusText, type Judgement} from "../../src/lib/domain/status.ts";
import type {GroupComparison, GroupJson, HeadlineValue} from "../../src/lib/domain/council-data.ts";

/** "in 2023-24", "on 5 May 2026", "in 2025". */
export function inPeriod(period: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(period) ? `on ${formatPeriod(period)}` : `in ${period}`;
}

/** Whole percentages for CQC's published overall score; one decimal elsewhere. */
export function formatHeadlineValue(value: number | null, unit: string, indicatorId?: string): string {
  return formatValue(value, unit, indicatorId === "cqc_overall_pct" ? 0 : 1);
}

/** "Better than England", "Best quarter of group", "Higher than England (no judgement)". */
export function judgementText(judgement: Judgement, basis: "england" | "quartile" | "none", headline: HeadlineValue): string {
  if (judgement === "no_judgement") {
    if (headline.value === null || headline.england === null) return JUDGEMENT_WORDS.no_judgement;
    if (headline.vs_england === "higher" || headline.vs_england === "lower") return `${headline.vs_england === "higher" ? "Higher" : "Lower"} than England (no judgement)`;
    if (headline.vs_england === "similar") return "Similar to England (no judgement)";
    return `${headline.value > headline.england ? "Above" : headline.value < headline.england ? "Below" : "Level with"} England (no judgement)`;
  }
  if (basis === "england") return judgement === "better" ? "Better than England" : judgement === "worse" ? "Worse than England" : "Similar to England";
  if (basis === "quartile") return judgement === "better" ? "Best quarter of group" : judgement === "worse" ? "Worst quarter of group" : "Middle half of group";
  return JUDGEMENT_WORDS["not compared"];
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
    const why = headline.status === "missing" ? "no value is published" : `the value is ${statusText(headline.status)}`;
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

