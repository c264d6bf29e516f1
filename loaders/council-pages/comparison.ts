/**
 * One headline indicator for one council within one comparator group: the council's rank (1 is
 * best by polarity, ties shared), the group's spread for the spine chart, and the judgement:
 * against England with 99.8% limits where there is an interval to test, else the council's
 * quarter of the group. The explorers compute the same rank and spread in SQL (src/lib/comparator.ts
 * comparatorSql); test/comparator-parity.test.ts proves the two agree on the whole snapshot.
 */
import type {GroupRow} from "../model.ts";
import {quantile, rankWithinGroup} from "../../src/lib/stats.ts";
import {groupAppliesTo, groupKindLabel, groupPhrase, sortGroups} from "../../src/lib/domain/groups.ts";
import {isSampleComparison} from "../../src/lib/domain/sources.ts";
import type {Judgement, Verdict} from "../../src/lib/domain/status.ts";
import type {Polarity} from "../../src/lib/domain/types.ts";
import type {GroupComparison, GroupJson, HeadlineValue} from "../../src/lib/domain/council-data.ts";
import {round, type SnapshotContext} from "./context.ts";
import {judgementText, positionSentence} from "./sentences.ts";


/** Each member's value for the headline's period (or each member's own latest for per-area indicators). */
export function memberValues(context: SnapshotContext, headline: HeadlineValue, members: readonly string[], mode?: "per_area"): {code: string; value: number | null}[] {
  return members.map((code) => {
    if (mode === "per_area") return {code, value: context.perArea.get(headline.indicator_id)?.get(code)?.latest?.value ?? null};
    const fact = headline.period ? context.index.get(headline.indicator_id)?.get(headline.period)?.get(code) : undefined;
    return {code, value: fact?.value ?? null};
  });
}

export interface GroupSpread {
  /** The council's competition rank, or null when it has no value. */
  rank: number | null;
  /** Members with a value. */
  ranked: number;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
}

/** The council's rank among the members' values and their spread (quartiles by linear interpolation, as DuckDB's quantile_cont). */
export function groupSpread(values: readonly {code: string; value: number | null}[], code: string, polarity: Polarity): GroupSpread {
  const ranks = rankWithinGroup([...values], (v) => v.value, polarity);
  const own = values.find((v) => v.code === code);
  const numbers = values.map((v) => v.value).filter((v): v is number => v !== null);
  return {
    rank: own && own.value !== null ? ranks.get(own) ?? null : null,
    ranked: numbers.length,
    min: numbers.length ? Math.min(...numbers) : null,
    q1: quantile(numbers, 0.25),
    median: quantile(numbers, 0.5),
    q3: quantile(numbers, 0.75),
    max: numbers.length ? Math.max(...numbers) : null
  };
}

/**
 * The judgement of a council's value: against England where the test gave a verdict; with no
 * interval to test (no numerator and denominator, or no England value), the council's quarter
 * within the group when at least four members have a value, and the page says so.
 */
export function judge(polarity: Polarity, vsEngland: Verdict, value: number | null, spread: Pick<GroupSpread, "ranked" | "q1" | "q3">): {judgement: Judgement; basis: GroupComparison["judgement_basis"]} {
  if (polarity === "no_judgement") return {judgement: "no_judgement", basis: vsEngland === "not compared" ? "none" : "england"};
  if (vsEngland === "better" || vsEngland === "worse" || vsEngland === "similar") return {judgement: vsEngland, basis: "england"};
  const {q1, q3} = spread;
  if (value !== null && spread.ranked >= 4 && q1 !== null && q3 !== null) {
    const lowIsGood = polarity === "low_is_good";
    const inBest = lowIsGood ? value <= q1 : value >= q3;
    const inWorst = lowIsGood ? value >= q3 : value <= q1;
    return {judgement: inBest && !inWorst ? "better" : inWorst && !inBest ? "worse" : "similar", basis: "quartile"};
  }
  return {judgement: "not compared", basis: "none"};
}

export function groupComparison(context: SnapshotContext, headline: HeadlineValue, group: GroupJson, council: {code: string; name: string}, mode?: "per_area"): GroupComparison {
  const values = memberValues(context, headline, group.members.map((m) => m.code), mode);
  const spread = groupSpread(values, council.code, headline.polarity);
  const lowIsGood = headline.polarity === "low_is_good";
  const {judgement, basis} = judge(headline.polarity, headline.vs_england, headline.value, spread);
  const comparison: GroupComparison = {
    indicator_id: headline.indicator_id,
    rank: spread.rank,
    ranked: spread.ranked,
    members: group.members.length,
    min: round(spread.min, 4), q1: round(spread.q1, 4), median: round(spread.median, 4), q3: round(spread.q3, 4), max: round(spread.max, 4),
    worst: round(lowIsGood ? spread.max : spread.min, 4), best: round(lowIsGood ? spread.min : spread.max, 4),
    judgement,
    judgement_basis: basis,
    judgement_text: judgementText(judgement, basis, headline),
    sample: isSampleComparison(headline.sample, group),
    position_sentence: ""
  };
  comparison.position_sentence = positionSentence(headline, comparison, group, council.name);
  return comparison;
}

/** The groups a council is compared within (built around it, or containing it), in the domain's kind order. */
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
    if (!groupAppliesTo(first, members, code)) continue;
    result.push({
      group_id, kind: first.kind, kind_label: groupKindLabel(first.kind), label: first.label, phrase: groupPhrase(first),
      vintage: first.vintage, provenance: first.provenance, sample: first.sample,
      members: members.map((m) => ({code: m, name: names.get(m) ?? m}))
    });
  }
  return sortGroups(result);
}
