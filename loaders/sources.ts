/**
 * The registry of every publisher extract, gathered from the families. `npm run data -- sources`
 * prints it; ingest and refresh look sources up here by id.
 */
import type {SourceDefinition} from "./families/types.ts";
import type {FactRow} from "./model.ts";
import {sources as geography} from "./families/geography/sources.ts";
import {sources as reablement} from "./families/reablement/sources.ts";
import {sources as safeguarding, derive as deriveSafeguarding} from "./families/safeguarding/sources.ts";
import {sources as workforce} from "./families/workforce/sources.ts";
import {sources as cqc} from "./families/cqc/sources.ts";

import {gunzipIfCompressed} from "./read/gzip.ts";

/**
 * Every source, with its parser taking the file as stored: a gzip-compressed raw file (found by its
 * magic bytes, whatever its name) is expanded before the family's parser sees it, so ingest, snapshot
 * assembly, refresh and tests all read `.csv.gz` the same way.
 */
export const SOURCES: SourceDefinition[] = [...geography, ...reablement, ...safeguarding, ...workforce, ...cqc].map((source) => ({
  ...source,
  parse: (bytes: Uint8Array, file: string) => source.parse(gunzipIfCompressed(bytes, file), file)
}));

const byId = new Map<string, SourceDefinition>();
for (const source of SOURCES) {
  if (byId.has(source.id)) throw new Error(`source ${source.id} is registered twice`);
  byId.set(source.id, source);
}

export function sourceById(id: string): SourceDefinition | undefined {
  return byId.get(id);
}

export function describeSource(source: SourceDefinition) {
  const {id, family, vintage, url, format, title, publisher, raw_path, discovery, curated} = source;
  return {id, family, vintage, url, format, title, publisher, raw_path, ...(discovery ? {discovery} : {}), ...(curated ? {curated} : {})};
}

/**
 * Measures a family derives from facts of several files (for example safeguarding rates per
 * 100,000 adults, which need a population source). Run once, when the snapshot is assembled;
 * each returns new facts with status "derived".
 */
export const DERIVATIONS: ((facts: readonly FactRow[]) => FactRow[])[] = [deriveSafeguarding];
