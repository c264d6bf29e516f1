/**
 * What can be selected, and the checking of a selection (from controls or from the URL) against
 * it. Built at build time into data/site/options.json, so controls render before DuckDB starts and a
 * permalink is validated without a query.
 */
import type {Selection} from "./comparator.js";
import {chooseDefaultGroup, groupAppliesTo, sortGroups} from "./domain/groups.js";
import type {GroupInfo, Indicator, IndicatorHistory} from "./domain/types.js";

export interface CouncilOption {
  code: string;
  name: string;
  short_name: string;
  region_code: string;
  region_name: string;
  ics_code: string | null;
  /** The default comparator group, computed once at build time (loaders/default-group.ts), and why when it is not CIPFA's. */
  default_group?: string;
  default_group_reason?: string;
}

/** An indicator as options.json carries it: the catalogue's shape with what the build found in the facts. */
export interface IndicatorOption extends Indicator, IndicatorHistory {
  /** Periods with data, oldest first, and the breakdowns available in each. */
  periods: string[];
  breakdowns: Record<string, string[]>;
  vintages: Record<string, string>;
  sources: Record<string, string>;
  /** Every extract behind a period's facts, by title ("ASCOF 2018-19 open data"), for the frame's "Period" line. */
  period_sources?: Record<string, string[]>;
  sample_periods: string[];
}

export interface Options {
  councils: CouncilOption[];
  groups: GroupInfo[];
  indicators: IndicatorOption[];
  snapshot: {generated_at: string; sample: boolean; files: {source_id: string; family: string; file: string; url: string; vintage: string; retrieved_at: string; sample: boolean; seeded: string; illustrative: string}[]};
}

/** The groups a council can be compared within: groups built around it, and groups it belongs to. */
export function groupsForCouncil(options: Options, code: string): GroupInfo[] {
  return sortGroups(options.groups.filter((g) => groupAppliesTo(g, g.members, code)));
}

/** The council's default comparator group, as options.json carries it (else the same rule, for options built without it). */
export function defaultGroup(options: Options, code: string): GroupInfo | undefined {
  const groups = groupsForCouncil(options, code);
  const chosen = options.councils.find((c) => c.code === code)?.default_group;
  return groups.find((g) => g.group_id === chosen) ?? chooseDefaultGroup(groups);
}

/** Why the council's default group is not its CIPFA nearest neighbours, or "" (shown where the default is used). */
export function defaultGroupReason(options: Options, code: string, groupId: string): string {
  const council = options.councils.find((c) => c.code === code);
  return council && council.default_group === groupId ? council.default_group_reason ?? "" : "";
}

export interface CheckedSelection {
  selection: Selection;
  /** Plain-language problems with what was asked for; each was replaced by a default. */
  problems: string[];
}

/**
 * Check a requested selection field by field against what exists, replacing anything unknown
 * with a default and saying so. Nothing unchecked reaches SQL.
 */
export function checkSelection(options: Options, requested: Partial<Record<keyof Selection, string | null>>, defaults: {focal: string; indicators: string[]}): CheckedSelection {
  const problems: string[] = [];
  const councils = new Map(options.councils.map((c) => [c.code, c]));
  let focal = requested.focal ?? defaults.focal;
  if (!councils.has(focal)) {
    problems.push(`Unknown council code "${truncate(focal)}"; showing ${councils.get(defaults.focal)?.name ?? defaults.focal} instead.`);
    focal = defaults.focal;
  }
  const groups = groupsForCouncil(options, focal);
  let group = requested.group ?? defaultGroup(options, focal)?.group_id ?? "";
  if (!groups.some((g) => g.group_id === group)) {
    if (requested.group) problems.push(`Unknown comparator group "${truncate(requested.group)}" for ${councils.get(focal)!.name}; showing the default group.`);
    group = defaultGroup(options, focal)?.group_id ?? "";
  }
  // In the page's own order, so its first indicator with data is the default view.
  const allowed = defaults.indicators.map((id) => options.indicators.find((i) => i.indicator_id === id)).filter((i): i is IndicatorOption => !!i && i.periods.length > 0);
  let indicator = allowed.find((i) => i.indicator_id === (requested.indicator ?? allowed[0]?.indicator_id));
  if (!indicator) {
    problems.push(`Unknown indicator "${truncate(requested.indicator ?? "")}"; showing ${allowed[0]?.title ?? "the first indicator"}.`);
    indicator = allowed[0];
  }
  const periods = indicator?.periods ?? [];
  let period = requested.period ?? periods[periods.length - 1];
  if (!periods.includes(period)) {
    if (requested.period) problems.push(`No data for period "${truncate(requested.period)}" on this indicator; showing ${periods[periods.length - 1]}.`);
    period = periods[periods.length - 1];
  }
  const breakdowns = indicator?.breakdowns[period] ?? ["total"];
  let breakdown = requested.breakdown ?? "total";
  if (!breakdowns.includes(breakdown)) {
    if (requested.breakdown) problems.push(`Breakdown "${truncate(requested.breakdown)}" is not published for ${period}; showing ${breakdowns.includes("total") ? "the total" : breakdowns[0]}.`);
    breakdown = breakdowns.includes("total") ? "total" : breakdowns[0];
  }
  return {selection: {focal, group, indicator: indicator?.indicator_id ?? "", period, breakdown}, problems};
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
