/**
 * Step 3 of the refresh: the snapshot assembled with every staged file in place of the old one,
 * and when that fails, which staged files are to blame (the others are still accepted).
 */
import type {SourceDefinition} from "../families/types.ts";
import {SOURCES} from "../sources.ts";
import type {Manifest, ManifestEntry, Snapshot} from "../snapshot.ts";
import {errorMessage, type SourceResult} from "./results.ts";

/** Order entries as writeManifest does: the snapshot's last-listed-wins rule depends on it. */
function orderEntries(entries: ManifestEntry[]): ManifestEntry[] {
  const order = new Map(SOURCES.map((s, i) => [s.id, i]));
  return [...entries].sort((a, b) => (order.get(a.source_id) ?? 1e9) - (order.get(b.source_id) ?? 1e9) || a.file.localeCompare(b.file));
}

/** A downloaded file that parsed, staged beside data/raw until the assembly accepts it. */
export interface Candidate {
  source: SourceDefinition;
  entry: ManifestEntry;
  /** The staged file, relative to the raw folder (so buildSnapshot can read it in place of the old one). */
  staged: string;
  result: SourceResult;
}

/**
 * Assemble the snapshot with every candidate in place of its old file. When that fails, find the
 * culprit: each candidate alone against the previous files; the ones that fail alone are rejected
 * with the assembly error, and the rest are tried together once more (if they still fail, all
 * are rejected, since the failure comes from their combination).
 */
export async function assembleWithCandidates(previous: Manifest, candidates: Candidate[], rawDir: string,
  assemble: (manifest: Manifest, rawDir: string) => Promise<Snapshot>): Promise<{accepted: Candidate[]; after?: Snapshot}> {
  const manifestWith = (chosen: Candidate[]): Manifest => {
    const replaced = new Map(chosen.map((c) => [c.entry.file, c]));
    const files = orderEntries([...previous.files.filter((f) => !replaced.has(f.file)), ...chosen.map((c) => c.entry)])
      .map((entry) => replaced.has(entry.file) ? {...entry, file: replaced.get(entry.file)!.staged} : entry);
    return {generated_at: previous.generated_at, files};
  };
  const reject = (candidate: Candidate, error: unknown) => {
    candidate.result.status = "failed";
    candidate.result.failure = "assembly";
    candidate.result.message = `the snapshot does not assemble with this file, so it was not used: ${errorMessage(error)}`;
  };
  try {
    return {accepted: candidates, after: await assemble(manifestWith(candidates), rawDir)};
  } catch {
    const survivors: Candidate[] = [];
    for (const candidate of candidates) {
      try {
        await assemble(manifestWith([candidate]), rawDir);
        survivors.push(candidate);
      } catch (error) {
        reject(candidate, error);
      }
    }
    if (survivors.length === 0) return {accepted: []};
    try {
      return {accepted: survivors, after: await assemble(manifestWith(survivors), rawDir)};
    } catch (error) {
      for (const candidate of survivors) reject(candidate, error);
      return {accepted: []};
    }
  }
}

/** The assembled snapshot names staged files; the report should name the final ones. */
export function withFinalFiles(snapshot: Snapshot, accepted: Candidate[]): Snapshot {
  const finalName = new Map(accepted.map((c) => [c.staged, c.entry.file]));
  return {...snapshot, snapshot: snapshot.snapshot.map((row) => finalName.has(row.file) ? {...row, file: finalName.get(row.file)!} : row)};
}

export function emptySnapshot(): Snapshot {
  return {facts: [], areas: [], groups: [], indicators: [], cqc_assessments: [], cqc_locations: [], snapshot: [], revisions: []};
}
