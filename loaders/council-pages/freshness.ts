/**
 * How fresh each family's data is: the latest period of its headline indicators, when its files
 * were last retrieved, and every file with its source, release, copy and licence, as the council
 * pages, the overview and About list them.
 */
import type {Manifest, ManifestEntry} from "../snapshot.ts";
import {sourceById} from "../sources.ts";
import {FAMILIES} from "../../src/lib/domain/families.ts";
import type {FamilyFreshness, SourceFreshness} from "../../src/lib/domain/council-data.ts";
import {HEADLINE_INDICATORS, type SnapshotContext} from "./context.ts";

export function familyFreshness(manifest: Manifest, context: Pick<SnapshotContext, "periods" | "indicators">): FamilyFreshness[] {
  return FAMILIES.map(({family, title}) => {
    const files = manifest.files.filter((f) => sourceById(f.source_id)?.family === family);
    const sources: SourceFreshness[] = files.map(fileFreshness);
    const latest = HEADLINE_INDICATORS.filter((h) => context.indicators.get(h.indicator_id)?.family === family)
      .map((h) => (context.periods.get(h.indicator_id) ?? []).at(-1))
      .filter((p): p is string => !!p)
      .sort()
      .at(-1) ?? null;
    const retrieved = files.map((f) => f.retrieved_at).sort().at(-1) ?? null;
    return {family, label: title, latest_period: latest, retrieved_at: retrieved, sample: files.some((f) => f.sample), sources};
  });
}

/** A manifest entry as pages show it: the source's title, the file's publisher, copy and licence. */
export function fileFreshness(f: ManifestEntry): SourceFreshness {
  const source = sourceById(f.source_id);
  return {
    source_id: f.source_id, title: source?.title ?? f.source_id, publisher: f.publisher ?? source?.publisher ?? "", file: f.file, url: f.url,
    vintage: f.vintage, retrieved_at: f.retrieved_at, sample: f.sample, seeded: f.seeded ?? "", illustrative: f.illustrative ?? "",
    copy_of: f.copy_of ?? "", licence: f.licence ?? ""
  };
}

