/**
 * An explorer's first view without DuckDB. The build writes, for each family page, the facts of
 * its default indicator in its latest period (every breakdown) and the names of the areas its
 * groups hold (`first-view-<family>.json`, loaders/first-view.ts): a few tens of kilobytes where
 * the page's DuckDB-Wasm needs 34 MB of wasm and megabytes of Arrow before it can answer. The
 * explorer draws its first chart from this file while DuckDB loads, for whichever council and
 * group the address names, and asks DuckDB from the first change on.
 *
 * comparatorRows answers exactly what comparatorSql (comparator.ts) answers, row for row and in
 * the same order, so comparatorResult reads both alike; test/first-view.test.ts runs the two side
 * by side on DuckDB-Wasm for every council, group and breakdown of every family's first view.
 */
import type {ComparatorResult, MemberResult, Selection} from "./comparator.js";
import {ENGLAND_CODE} from "./domain/areas.js";
import type {GroupInfo, Polarity} from "./domain/types.js";
import {quantile} from "./stats.js";

/** The file's shape: the facts as columns (one entry per fact), the areas as code → [name, short name]. */
export interface FirstView {
  indicator_id: string;
  period: string;
  facts: {
    area_code: string[];
    breakdown: string[];
    value: (number | null)[];
    numerator: (number | null)[];
    denominator: (number | null)[];
    status: string[];
  };
  areas: Record<string, [string, string]>;
}

/** One row as comparatorSql returns it: a member's own columns (as ComparatorResult keeps them), then the group's and England's, repeated on every row. */
export type ComparatorRow = {[column: string]: unknown} & Pick<MemberResult, "area_code" | "name" | "short_name" | "value" | "numerator" | "denominator" | "status" | "rank" | "is_focal"> &
  ComparatorResult["stats"] & Pick<ComparatorResult, "england" | "england_numerator" | "england_denominator" | "region">;

/** Whether the file answers this selection: its indicator and period (any council, group and breakdown it holds). */
export function firstViewCovers(view: FirstView | null | undefined, selection: Pick<Selection, "indicator" | "period">): view is FirstView {
  return !!view && view.indicator_id === selection.indicator && view.period === selection.period;
}

/** Byte order, as DuckDB compares VARCHAR (UTF-16 code units agree with it outside the astral planes). */
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * comparatorSql's rows computed here: the group's members that are known areas (the SQL's inner
 * join with `areas`), each with its fact for the selection's breakdown or status "missing"; rank
 * 1 the best by polarity, ties sharing the lower rank (SQL rank()); the group's count, mean,
 * median, quartiles (quantile_cont), minimum and maximum over the members' values; England's and
 * the region's values from the selection's facts; ordered by rank, members without a value last,
 * then by name.
 */
export function comparatorRows(view: FirstView, selection: Selection, polarity: Polarity, group: Pick<GroupInfo, "members">, regionCode: string | null): ComparatorRow[] {
  const {facts} = view;
  const selected = new Map<string, number>();
  for (let i = 0; i < facts.area_code.length; i++) if (facts.breakdown[i] === selection.breakdown) selected.set(facts.area_code[i], i);
  const at = (code: string | null) => (code === null ? undefined : selected.get(code));
  const england = at(ENGLAND_CODE);
  const region = at(regionCode ?? "");

  const members = group.members.filter((code) => view.areas[code]).map((code) => {
    const i = selected.get(code);
    return {
      area_code: code, name: view.areas[code][0], short_name: view.areas[code][1],
      value: i === undefined ? null : facts.value[i], numerator: i === undefined ? null : facts.numerator[i],
      denominator: i === undefined ? null : facts.denominator[i], status: i === undefined ? "missing" : facts.status[i]
    };
  });
  const values = members.map((m) => m.value).filter((v): v is number => v !== null);
  const sorted = [...values].sort((a, b) => a - b);
  const sign = polarity === "low_is_good" ? 1 : -1;
  const rankOf = (value: number) => 1 + values.filter((v) => sign * (v - value) < 0).length;
  const stats = {
    members: members.length, with_value: values.length,
    mean: values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null,
    median: quantile(sorted, 0.5), q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75),
    min: values.length ? sorted[0] : null, max: values.length ? sorted[sorted.length - 1] : null,
    england: england === undefined ? null : facts.value[england],
    england_numerator: england === undefined ? null : facts.numerator[england],
    england_denominator: england === undefined ? null : facts.denominator[england],
    region: region === undefined ? null : facts.value[region]
  };
  return members
    .map((m) => ({...m, rank: m.value === null ? null : rankOf(m.value), is_focal: m.area_code === selection.focal, ...stats}))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || byName(a.name, b.name));
}
