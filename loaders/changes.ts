/**
 * The change report: what differs between the previous snapshot and the new one, in the terms a
 * reader of a council page cares about: new periods per indicator, revised values, councils whose
 * rank in a comparator group moved, councils added or removed, indicators whose definition or
 * publisher codes changed, and which source files changed. Pure functions over two snapshots,
 * plus an atomic write of data/changes.json. Lists are capped (with full counts) so the JSON stays
 * small enough for a page to load; the cap keeps the largest changes, and a few for every council
 * so each council page has its own.
 */
import {summariseRevisions} from "./precedence.ts";
import {existsSync, readFileSync} from "node:fs";
import path from "node:path";
import type {FactRow, IndicatorRow, Polarity} from "./model.ts";
import {factKey} from "./model.ts";
import {writeFileAtomic, type Snapshot} from "./snapshot.ts";

export interface ChangeOptions {
  /** Values closer than this are the same value (published figures carry at most 3 decimals). Default 1e-6. */
  tolerance?: number;
  /** Most entries kept in each list. Default 1000. */
  limit?: number;
  /** Entries kept for every council before the rest of a list is filled by size. Default 5. */
  perCouncil?: number;
  generated_at?: string;
}

export interface SourceChange {
  source_id: string;
  file: string;
  change: "added" | "updated" | "removed";
  url: string;
  vintage_before: string | null;
  vintage_after: string | null;
  sha256_before: string | null;
  sha256_after: string | null;
  rows_before: number | null;
  rows_after: number | null;
  retrieved_at: string | null;
}

export interface NewPeriod {
  indicator_id: string;
  title: string;
  period: string;
  areas: number;
  facts: number;
}

export interface Revision {
  indicator_id: string;
  title: string;
  area_code: string;
  area_name: string;
  period: string;
  breakdown: string;
  old_value: number | null;
  new_value: number | null;
  /** new minus old, when both are numbers. */
  difference: number | null;
  old_status: string;
  new_status: string;
  source_id: string;
}

export interface RankMove {
  group_id: string;
  group_label: string;
  group_kind: string;
  area_code: string;
  area_name: string;
  indicator_id: string;
  title: string;
  period: string;
  polarity: Polarity;
  old_rank: number;
  new_rank: number;
  /** Members with a value in the new snapshot. */
  ranked: number;
  /** "better" when the council moved towards rank 1 (polarity-aware). */
  direction: "better" | "worse";
}

export interface AreaChange {
  code: string;
  name: string;
  facts: number;
}

export interface IndicatorChange {
  indicator_id: string;
  title: string;
  change: "added" | "removed" | "changed";
  fields: {field: string; before: string; after: string}[];
}

export interface ChangeReport {
  version: 1;
  generated_at: string;
  /** Set when there is nothing to compare yet, or for the page's empty state. */
  message?: string;
  /** True when the previous snapshot had no facts (the first refresh): everything is new. */
  first_snapshot: boolean;
  tolerance: number;
  limit: number;
  /** Totals before capping. */
  counts: {
    sources: number; new_periods: number; revisions: number; rank_moves: number;
    councils_added: number; councils_removed: number; indicators_changed: number;
  };
  sources: SourceChange[];
  new_periods: NewPeriod[];
  revisions: Revision[];
  rank_moves: RankMove[];
  councils_added: AreaChange[];
  councils_removed: AreaChange[];
  indicators_changed: IndicatorChange[];
  /** Uncapped totals per council code, so a council page can say "3 of 12 shown". */
  by_council: Record<string, {revisions: number; rank_moves: number}>;
  /**
   * Facts two files of the new snapshot give differently (loaders/precedence.ts): the revisions
   * between publications, as opposed to the revisions between snapshots above.
   */
  file_disagreements?: {total: number; by_sources: {kept: string; other: string; count: number}[]};
}

const NON_COUNCIL_TYPES = new Set(["region", "country", "nhs_footprint"]);
const INDICATOR_FIELDS: (keyof IndicatorRow)[] = ["title", "short_title", "unit", "value_type", "multiplier", "polarity", "definition", "codes", "series_breaks", "caveats", "source_url"];

export function emptyChangeReport(message: string, generated_at = new Date().toISOString()): ChangeReport {
  return {
    version: 1, generated_at, message, first_snapshot: false, tolerance: 1e-6, limit: 0,
    counts: {sources: 0, new_periods: 0, revisions: 0, rank_moves: 0, councils_added: 0, councils_removed: 0, indicators_changed: 0},
    sources: [], new_periods: [], revisions: [], rank_moves: [], councils_added: [], councils_removed: [], indicators_changed: [], by_council: {}
  };
}

export function compareSnapshots(before: Snapshot, after: Snapshot, options: ChangeOptions = {}): ChangeReport {
  const tolerance = options.tolerance ?? 1e-6;
  const limit = options.limit ?? 1000;
  const perCouncil = options.perCouncil ?? 5;
  const names = new Map<string, string>();
  for (const area of [...before.areas, ...after.areas]) names.set(area.code, area.name);
  const titles = new Map<string, string>();
  for (const indicator of [...before.indicators, ...after.indicators]) titles.set(indicator.indicator_id, indicator.title);
  const title = (id: string) => titles.get(id) ?? id;
  const name = (code: string) => names.get(code) ?? code;

  const sources = sourceChanges(before, after);
  const newPeriods = findNewPeriods(before.facts, after.facts, title);
  const revisions = findRevisions(before.facts, after.facts, tolerance, title, name);
  const rankMoves = findRankMoves(before, after, name, title);
  const {added, removed} = councilChanges(before, after, name);
  const indicatorsChanged = indicatorChanges(before.indicators, after.indicators);

  const byCouncil: ChangeReport["by_council"] = {};
  const tally = (code: string, key: "revisions" | "rank_moves") => { (byCouncil[code] ??= {revisions: 0, rank_moves: 0})[key]++; };
  for (const revision of revisions) tally(revision.area_code, "revisions");
  for (const move of rankMoves) tally(move.area_code, "rank_moves");

  return {
    version: 1,
    generated_at: options.generated_at ?? new Date().toISOString(),
    first_snapshot: before.facts.length === 0,
    tolerance, limit,
    counts: {
      sources: sources.length, new_periods: newPeriods.length, revisions: revisions.length, rank_moves: rankMoves.length,
      councils_added: added.length, councils_removed: removed.length, indicators_changed: indicatorsChanged.length
    },
    sources,
    new_periods: newPeriods.slice(0, limit),
    revisions: capFairly(revisions, (r) => r.area_code, limit, perCouncil),
    rank_moves: capFairly(rankMoves, (m) => m.area_code, limit, perCouncil),
    councils_added: added.slice(0, limit),
    councils_removed: removed.slice(0, limit),
    indicators_changed: indicatorsChanged.slice(0, limit),
    by_council: byCouncil,
    file_disagreements: {total: after.revisions?.length ?? 0, by_sources: summariseRevisions(after.revisions ?? [])}
  };
}

function sourceChanges(before: Snapshot, after: Snapshot): SourceChange[] {
  const old = new Map(before.snapshot.map((row) => [row.file, row]));
  const now = new Map(after.snapshot.map((row) => [row.file, row]));
  const changes: SourceChange[] = [];
  for (const [file, row] of now) {
    const previous = old.get(file);
    if (previous && previous.sha256 === row.sha256) continue;
    changes.push({
      source_id: row.source_id, file, change: previous ? "updated" : "added", url: row.url,
      vintage_before: previous?.vintage ?? null, vintage_after: row.vintage,
      sha256_before: previous?.sha256 ?? null, sha256_after: row.sha256,
      rows_before: previous?.rows ?? null, rows_after: row.rows, retrieved_at: row.retrieved_at
    });
  }
  for (const [file, row] of old) {
    if (now.has(file)) continue;
    changes.push({
      source_id: row.source_id, file, change: "removed", url: row.url, vintage_before: row.vintage, vintage_after: null,
      sha256_before: row.sha256, sha256_after: null, rows_before: row.rows, rows_after: null, retrieved_at: null
    });
  }
  return changes;
}

/** Periods an indicator has in the new snapshot and had nowhere in the old one. */
export function findNewPeriods(before: readonly FactRow[], after: readonly FactRow[], title: (id: string) => string = (id) => id): NewPeriod[] {
  const known = new Set(before.map((f) => `${f.indicator_id}\u0000${f.period}`));
  const found = new Map<string, {indicator_id: string; period: string; areas: Set<string>; facts: number}>();
  for (const fact of after) {
    const key = `${fact.indicator_id}\u0000${fact.period}`;
    if (known.has(key)) continue;
    let entry = found.get(key);
    if (!entry) found.set(key, entry = {indicator_id: fact.indicator_id, period: fact.period, areas: new Set(), facts: 0});
    entry.areas.add(fact.area_code);
    entry.facts++;
  }
  return [...found.values()]
    .map((e) => ({indicator_id: e.indicator_id, title: title(e.indicator_id), period: e.period, areas: e.areas.size, facts: e.facts}))
    .sort((a, b) => a.indicator_id.localeCompare(b.indicator_id) || a.period.localeCompare(b.period));
}

/** Sameness within a tolerance; null only equals null. */
export function sameValue(a: number | null, b: number | null, tolerance: number): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= tolerance;
}

/**
 * Facts present in both snapshots whose value moved by more than the tolerance, or that became
 * (or stopped being) suppressed. Largest relative changes first; a value appearing or
 * disappearing counts as 100%.
 */
export function findRevisions(before: readonly FactRow[], after: readonly FactRow[], tolerance: number,
  title: (id: string) => string = (id) => id, name: (code: string) => string = (code) => code): Revision[] {
  const old = new Map(before.map((f) => [factKey(f), f]));
  const revisions: (Revision & {size: number})[] = [];
  for (const fact of after) {
    const previous = old.get(factKey(fact));
    if (!previous) continue;
    if (sameValue(previous.value, fact.value, tolerance) && previous.status === fact.status) continue;
    // Rounded to 12 significant digits: 88.9 - 80 is 8.9, not 8.900000000000006.
    const difference = previous.value !== null && fact.value !== null ? Number((fact.value - previous.value).toPrecision(12)) : null;
    const size = difference === null ? 1 : Math.abs(difference) / Math.max(Math.abs(previous.value!), 1e-9);
    revisions.push({
      indicator_id: fact.indicator_id, title: title(fact.indicator_id), area_code: fact.area_code, area_name: name(fact.area_code),
      period: fact.period, breakdown: fact.breakdown, old_value: previous.value, new_value: fact.value, difference,
      old_status: previous.status, new_status: fact.status, source_id: fact.source_id, size
    });
  }
  revisions.sort((a, b) => b.size - a.size || a.indicator_id.localeCompare(b.indicator_id) || a.area_code.localeCompare(b.area_code) || a.period.localeCompare(b.period));
  return revisions.map(({size: _size, ...revision}) => revision);
}

/**
 * Competition ranks ("1224"): rank 1 is the best value for the polarity; equal values share a
 * rank. Areas without a value are not ranked. No ranks for indicators without a judgement.
 */
export function rankWithinGroup(values: ReadonlyMap<string, number>, members: readonly string[], polarity: Polarity): Map<string, number> {
  const ranks = new Map<string, number>();
  if (polarity === "no_judgement") return ranks;
  const scored = members.filter((code) => values.has(code)).map((code) => ({code, value: values.get(code)!}));
  scored.sort((a, b) => polarity === "high_is_good" ? b.value - a.value : a.value - b.value);
  scored.forEach((entry, i) => {
    const previous = scored[i - 1];
    ranks.set(entry.code, previous && previous.value === entry.value ? ranks.get(previous.code)! : i + 1);
  });
  return ranks;
}

/** area -> value of an indicator's headline ("total") figures in one period. */
function totalsByPeriod(facts: readonly FactRow[]): Map<string, Map<string, Map<string, number>>> {
  const byIndicator = new Map<string, Map<string, Map<string, number>>>();
  for (const fact of facts) {
    if (fact.breakdown !== "total" || fact.value === null) continue;
    let periods = byIndicator.get(fact.indicator_id);
    if (!periods) byIndicator.set(fact.indicator_id, periods = new Map());
    let values = periods.get(fact.period);
    if (!values) periods.set(fact.period, values = new Map());
    values.set(fact.area_code, fact.value);
  }
  return byIndicator;
}

/**
 * Councils whose rank in a comparator group changed, for each indicator with a polarity, in the
 * latest period both snapshots have. Groups built around one council (CIPFA neighbours, NHS
 * England peers) report only that council's move; shared groups (region, ICS, England, custom)
 * report every member that moved.
 */
export function findRankMoves(before: Snapshot, after: Snapshot, name: (code: string) => string = (c) => c, title: (id: string) => string = (id) => id): RankMove[] {
  const oldTotals = totalsByPeriod(before.facts);
  const newTotals = totalsByPeriod(after.facts);
  const groups = new Map<string, {label: string; kind: string; focal: string | null; members: string[]}>();
  for (const row of after.groups) {
    let group = groups.get(row.group_id);
    if (!group) groups.set(row.group_id, group = {label: row.label, kind: row.kind, focal: row.focal_code, members: []});
    if (!group.members.includes(row.member_code)) group.members.push(row.member_code);
  }
  const moves: RankMove[] = [];
  for (const indicator of after.indicators) {
    if (indicator.polarity === "no_judgement") continue;
    const oldPeriods = oldTotals.get(indicator.indicator_id);
    const newPeriods = newTotals.get(indicator.indicator_id);
    if (!oldPeriods || !newPeriods) continue;
    const common = [...newPeriods.keys()].filter((p) => oldPeriods.has(p)).sort();
    const period = common.at(-1);
    if (!period) continue;
    const oldValues = oldPeriods.get(period)!;
    const newValues = newPeriods.get(period)!;
    for (const [group_id, group] of groups) {
      const oldRanks = rankWithinGroup(oldValues, group.members, indicator.polarity);
      const newRanks = rankWithinGroup(newValues, group.members, indicator.polarity);
      const watched = group.focal ? [group.focal] : group.members;
      for (const code of watched) {
        const oldRank = oldRanks.get(code);
        const newRank = newRanks.get(code);
        if (oldRank === undefined || newRank === undefined || oldRank === newRank) continue;
        moves.push({
          group_id, group_label: group.label, group_kind: group.kind, area_code: code, area_name: name(code),
          indicator_id: indicator.indicator_id, title: title(indicator.indicator_id), period, polarity: indicator.polarity,
          old_rank: oldRank, new_rank: newRank, ranked: newRanks.size, direction: newRank < oldRank ? "better" : "worse"
        });
      }
    }
  }
  moves.sort((a, b) => Math.abs(b.new_rank - b.old_rank) - Math.abs(a.new_rank - a.old_rank) || a.area_code.localeCompare(b.area_code) || a.indicator_id.localeCompare(b.indicator_id) || a.group_id.localeCompare(b.group_id));
  return moves;
}

/** Councils with facts in one snapshot and none in the other (regions and England aside). */
function councilChanges(before: Snapshot, after: Snapshot, name: (code: string) => string): {added: AreaChange[]; removed: AreaChange[]} {
  const types = new Map<string, string>();
  for (const area of [...before.areas, ...after.areas]) types.set(area.code, area.type);
  const count = (facts: readonly FactRow[]) => {
    const counts = new Map<string, number>();
    for (const fact of facts) if (!NON_COUNCIL_TYPES.has(types.get(fact.area_code) ?? "")) counts.set(fact.area_code, (counts.get(fact.area_code) ?? 0) + 1);
    return counts;
  };
  const old = count(before.facts);
  const now = count(after.facts);
  const diff = (a: Map<string, number>, b: Map<string, number>) =>
    [...a].filter(([code]) => !b.has(code)).map(([code, facts]) => ({code, name: name(code), facts})).sort((x, y) => x.code.localeCompare(y.code));
  return {added: diff(now, old), removed: diff(old, now)};
}

function indicatorChanges(before: readonly IndicatorRow[], after: readonly IndicatorRow[]): IndicatorChange[] {
  const show = (value: unknown) => { const text = value === null || value === undefined ? "" : String(value); return text.length > 500 ? text.slice(0, 497) + "..." : text; };
  const old = new Map(before.map((i) => [i.indicator_id, i]));
  const now = new Map(after.map((i) => [i.indicator_id, i]));
  const changes: IndicatorChange[] = [];
  for (const [id, indicator] of now) {
    const previous = old.get(id);
    if (!previous) { changes.push({indicator_id: id, title: indicator.title, change: "added", fields: []}); continue; }
    const fields = INDICATOR_FIELDS.filter((field) => show(previous[field]) !== show(indicator[field]))
      .map((field) => ({field, before: show(previous[field]), after: show(indicator[field])}));
    if (fields.length) changes.push({indicator_id: id, title: indicator.title, change: "changed", fields});
  }
  for (const [id, indicator] of old) if (!now.has(id)) changes.push({indicator_id: id, title: indicator.title, change: "removed", fields: []});
  return changes.sort((a, b) => a.indicator_id.localeCompare(b.indicator_id));
}

/**
 * At most `limit` items, in their order, but first up to `perArea` for every area so no council
 * loses all its entries to larger changes elsewhere.
 */
export function capFairly<T>(items: readonly T[], areaOf: (item: T) => string, limit: number, perArea: number): T[] {
  if (items.length <= limit) return [...items];
  const keep = new Set<number>();
  const perAreaCount = new Map<string, number>();
  items.forEach((item, i) => {
    if (keep.size >= limit) return;
    const area = areaOf(item);
    const n = perAreaCount.get(area) ?? 0;
    if (n < perArea) { keep.add(i); perAreaCount.set(area, n + 1); }
  });
  for (let i = 0; i < items.length && keep.size < limit; i++) keep.add(i);
  return items.filter((_, i) => keep.has(i));
}

/**
 * The part of a report about one council, for its page's "what changed": its revisions, rank
 * moves and whether it was added or removed; new periods and source and indicator changes are
 * national news and kept whole. Counts are the council's own (uncapped) totals.
 */
export function changesForCouncil(report: ChangeReport, code: string): ChangeReport & {council: string} {
  const mine = <T extends {area_code?: string; code?: string}>(items: T[]) => items.filter((item) => (item.area_code ?? item.code) === code);
  const totals = report.by_council[code] ?? {revisions: 0, rank_moves: 0};
  const councils_added = mine(report.councils_added);
  const councils_removed = mine(report.councils_removed);
  return {
    ...report,
    council: code,
    counts: {...report.counts, revisions: totals.revisions, rank_moves: totals.rank_moves, councils_added: councils_added.length, councils_removed: councils_removed.length},
    revisions: mine(report.revisions),
    rank_moves: mine(report.rank_moves),
    councils_added, councils_removed,
    by_council: report.by_council[code] ? {[code]: report.by_council[code]} : {}
  };
}

export function writeChangeReport(report: ChangeReport, file: string): void {
  writeFileAtomic(file, JSON.stringify(report, null, 1) + "\n");
}

/**
 * The report in data/changes.json, or an empty one saying why there is none (no refresh has
 * written one yet, or the file is not a change report), so pages always get the same shape.
 */
export function readChangeReport(file: string): ChangeReport {
  if (!existsSync(file)) return emptyChangeReport("No refresh has written a change report yet: run npm run refresh.", new Date(0).toISOString());
  try {
    const report = JSON.parse(readFileSync(file, "utf-8")) as ChangeReport;
    if (report?.version !== 1 || !Array.isArray(report.revisions)) throw new Error("not a version 1 change report");
    return report;
  } catch (error) {
    return emptyChangeReport(`${path.basename(file)} could not be read (${(error as Error).message}); the next refresh will rewrite it.`, new Date(0).toISOString());
  }
}
