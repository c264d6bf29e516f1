/**
 * What in a build is still the project's sample: which sources are sample files, and the plain words
 * the site's banner uses to name what is still illustrative. Whether a figure is sample (any of its
 * input sources is) is the domain's rule, src/lib/domain/sources.ts isSampleSource. Real files carry no label.
 */
import type {Manifest} from "./snapshot.ts";
import {sourceById} from "./sources.ts";

/** Source ids with at least one sample file in the manifest. */
export function sampleSourceIds(manifest: Pick<Manifest, "files">): Set<string> {
  return new Set(manifest.files.filter((f) => f.sample).map((f) => f.source_id));
}

/**
 * The sample files of a build named by what they are, one phrase per kind of source
 * ("Safeguarding Adults Collection 2015-16 to 2022-23"), for the banner. Empty when nothing is sample.
 */
export function sampleSourcePhrases(manifest: Pick<Manifest, "files">): string[] {
  const byTitle = new Map<string, string[]>();
  for (const file of manifest.files.filter((f) => f.sample)) {
    const source = sourceById(file.source_id);
    // Titles name the release ("... 2021-22 (CSV)", "..., 2026-04-01"); group the releases of one
    // kind of source under its title without dates, formats or asides.
    const title = (source?.title ?? file.source_id)
      .replace(/\s*\([^)]*\)/g, "")
      .replace(/,?\s*(mid-)?\d{4}([-/]\d{2}){0,2}\b/g, "")
      .replace(/,? one file per focal council$/, "")
      .trim();
    const vintages = byTitle.get(title) ?? [];
    vintages.push(file.vintage);
    byTitle.set(title, vintages);
  }
  return [...byTitle].map(([title, vintages]) => {
    const sorted = [...new Set(vintages)].sort();
    return sorted.length > 1 ? `${title} (${sorted[0]} to ${sorted.at(-1)})` : `${title} (${sorted[0]})`;
  });
}
