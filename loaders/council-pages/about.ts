/**
 * The About page's data: every source with its files, the indicator catalogue with periods and
 * series breaks, every data file with its sample, seeded and illustrative notes, the revisions
 * between files and the validation summary.
 */
import type {Snapshot} from "../snapshot.ts";
import {summariseRevisions} from "../precedence.ts";
import {SOURCES} from "../sources.ts";
import {statusText} from "../../src/lib/domain/status.ts";
import type {AboutData, RevisionSummary, SourceFreshness} from "../../src/lib/domain/council-data.ts";
import {HEADLINE_INDICATORS, type BuildOptions, type SnapshotContext} from "./context.ts";
import {familyFreshness, fileFreshness} from "./freshness.ts";

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

function revisionSummary(snapshot: Snapshot, context: SnapshotContext, limit = 25): RevisionSummary {
  const revisions = snapshot.revisions ?? [];
  const shown = (v: number | null, status: string) => (v === null ? statusText(status) : String(v));
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
