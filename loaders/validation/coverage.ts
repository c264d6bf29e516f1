/**
 * What the coverage rules compare between a file and the release before it: its rows, and each
 * measure's share of the councils of the day; and which manifest entry is that release before.
 */
import type {CanonicalTables} from "../model.ts";
import type {SourceDefinition} from "../families/types.ts";
import {sourceById} from "../sources.ts";
import {COUNCILS, RETIRED_COUNCILS, councilByCode} from "../families/geography/index.ts";
import {predecessorByCode} from "../families/geography/predecessors.ts";

/** The first day a period or date denotes: `2023-24` -> 2023-04-01, `2025-10` -> 2025-10-01, `2024` -> 2024-01-01. */
export function periodStart(period: string): string | undefined {
  const text = period.trim();
  let match = /^(\d{4})-(\d{2})$/.exec(text);
  if (match && Number(match[2]) === (Number(match[1]) + 1) % 100) return `${match[1]}-04-01`;
  if (match && Number(match[2]) >= 1 && Number(match[2]) <= 12) return `${match[1]}-${match[2]}-01`;
  if ((match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text))) return `${match[1]}-${match[2]}-${match[3]}`;
  if ((match = /^(?:mid-)?(\d{4})$/.exec(text))) return text.startsWith("mid-") ? `${match[1]}-06-30` : `${match[1]}-01-01`;
  return undefined;
}

/** Councils with adult social care responsibility on a date: the 2023 list, with the councils retired since then put back. */
export function councilsOfTheDay(date: string): number {
  let count = COUNCILS.length;
  const created = new Set<string>();
  for (const retired of RETIRED_COUNCILS) {
    if (retired.abolished <= date) continue;
    count++;
    for (const successor of retired.successors) created.add(successor);
  }
  return count - created.size;
}

function isCouncilCode(code: string): boolean {
  return councilByCode(code) !== undefined || predecessorByCode(code) !== undefined;
}

/** What the coverage rules compare between a file and the release before it. */
export interface CoverageStats {
  rows: number;
  /** indicator -> its best share of the councils of the day over the file's periods, with the counts. */
  councils: Map<string, {share: number; councils: number; of: number; period: string}>;
}

/** The manifest's row count: every canonical row the file gives (as snapshot.ts describeRawFile counts). */
export function countRows(tables: CanonicalTables): number {
  return tables.facts.length + (tables.groups?.length ?? 0) + (tables.cqc_assessments?.length ?? 0) + (tables.cqc_locations?.length ?? 0) + (tables.areas?.length ?? 0);
}

export function coverageStats(tables: CanonicalTables): CoverageStats {
  const byMeasure = new Map<string, Set<string>>();
  for (const fact of tables.facts) {
    if (!isCouncilCode(fact.area_code)) continue;
    const key = `${fact.indicator_id}\u0000${fact.period}`;
    let set = byMeasure.get(key);
    if (!set) byMeasure.set(key, (set = new Set()));
    set.add(fact.area_code);
  }
  const councils: CoverageStats["councils"] = new Map();
  for (const [key, set] of byMeasure) {
    const [indicator, period] = key.split("\u0000");
    const start = periodStart(period);
    if (!start) continue;
    const of = councilsOfTheDay(start);
    const share = set.size / of;
    const best = councils.get(indicator);
    if (!best || share > best.share) councils.set(indicator, {share, councils: set.size, of, period});
  }
  return {rows: countRows(tables), councils};
}

/** `ascof-2014-15` -> `ascof-*|table`: sources of one series, whose files share a layout (CSV and XLSX copies of one table are one layout). */
function seriesOf(source: SourceDefinition): string {
  const layout = source.format === "csv" || source.format === "xlsx" ? "table" : source.format;
  return `${source.id.replace(/\d{4}(?:-\d{2}){0,2}/, "*")}|${layout}`;
}

/** A vintage's place in its series: a year for financial years and mid-years, a date for dated editions. */
function releaseOf(vintage: string): {year: number} | {date: string} | undefined {
  let match = /^(\d{4})-(\d{2})$/.exec(vintage);
  if (match && Number(match[2]) === (Number(match[1]) + 1) % 100) return {year: Number(match[1])};
  if ((match = /^mid-(\d{4})$/.exec(vintage))) return {year: Number(match[1])};
  if (/^\d{4}-\d{2}(-\d{2})?$/.test(vintage)) return {date: vintage};
  return undefined;
}

/**
 * What the coverage rules need of a manifest entry (loaders/snapshot.ts ManifestEntry), named here
 * so that the validation layer, which the snapshot calls, does not import the snapshot back.
 */
export interface Release {
  source_id: string;
  vintage: string;
}

/**
 * The release before a file's in the manifest: a file of another source of the same series and
 * layout with an earlier vintage, the latest such. With `adjacent` (what `ingest` asks), only the
 * release immediately before counts: the year before for yearly releases (ASCOF 2020-21 has none,
 * there is no 2019-20 file), the latest earlier edition for dated ones. Undefined when there is none.
 */
export function releaseBefore<Entry extends Release>(entry: Release, manifest: {files: readonly Entry[]}, {adjacent = false}: {adjacent?: boolean} = {}): Entry | undefined {
  const source = sourceById(entry.source_id);
  const release = releaseOf(entry.vintage);
  if (!source || !release) return undefined;
  const series = seriesOf(source);
  let best: {entry: Entry; order: string} | undefined;
  for (const other of manifest.files) {
    const otherSource = sourceById(other.source_id);
    if (!otherSource || otherSource.id === source.id || seriesOf(otherSource) !== series) continue;
    const otherRelease = releaseOf(other.vintage);
    if (!otherRelease || ("year" in release) !== ("year" in otherRelease)) continue;
    const order = "year" in otherRelease ? String(otherRelease.year).padStart(4, "0") : otherRelease.date;
    const own = "year" in release ? String(release.year).padStart(4, "0") : release.date;
    if (order >= own) continue;
    if (adjacent && "year" in release && "year" in otherRelease && otherRelease.year !== release.year - 1) continue;
    if (!best || order > best.order) best = {entry: other, order};
  }
  return best?.entry;
}
