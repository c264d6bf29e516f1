/**
 * Ingest throughput of every real file in the snapshot, and the whole snapshot's assembly.
 *
 *   npm run bench -- ingest
 *
 * For each file the manifest lists as published data (not the sample), the file is parsed through its
 * registered source, as `npm run data -- ingest` and the snapshot do (gzip expansion, workbook read,
 * header search, validation, code resolution). `inputRows` counts what the publisher's file holds:
 * the lines of a text file after the header (gzip expanded), the non-blank rows of every sheet of a
 * workbook (counted after the timed parse), or the rows a JSON file's parser emitted.
 *
 * Each file is parsed first cold, then again for the steady state:
 * - `firstParseSeconds` and `firstParseRowsPerSecond`: the first parse in the process, JIT
 *   compilation and the lazily built geography indexes included. For a small CSV this is mostly
 *   start-up (cqc/la-assessments.csv: 72 lines, several ms cold, well under 1 ms warm), so it says
 *   little about throughput.
 * - `seconds` and `rowsPerSecond`: the steady state, the median of the further parses: at least
 *   STEADY_MIN_PARSES of them and at least STEADY_MIN_MS in all (hundreds of parses for a tiny
 *   file: its first few hundred parses run before the JIT has optimised the parser, so a 200 ms
 *   window put the median among them), but no more once STEADY_BUDGET_MS is spent and
 *   STEADY_FLOOR_PARSES are done (a workbook that takes seconds a parse is parsed three more
 *   times, not five). `steadyParses` says how many. The issue-13 target (every real CSV at
 *   100,000 rows/s or more) is read on this figure, as scripts/bench/floor.ts's table does.
 * `assembleSeconds` times `buildSnapshot` over every file, derivations and checks included (the work
 * a fresh clone's first data loader does).
 */
import {readFileSync} from "node:fs";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {gunzipIfCompressed} from "../../loaders/read/gzip.ts";
import {sniffFormat} from "../../loaders/read/sniff.ts";
import {readWorkbook} from "../../loaders/read/spreadsheet.ts";
import {buildSnapshot, RAW_DIR, readManifest} from "../../loaders/snapshot.ts";
import {sourceById} from "../../loaders/sources.ts";

function countLines(bytes: Uint8Array): number {
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) lines++;
  if (bytes.length && bytes[bytes.length - 1] !== 0x0a) lines++;
  return Math.max(0, lines - 1);
}

function sheetRows(bytes: Uint8Array, file: string): number {
  const workbook = readWorkbook(bytes, file);
  return workbook.sheetNames.reduce((sum, name) => sum + workbook.sheet(name).rows.length + 1, 0);
}

/** Further parses for the steady state: see the header. */
export const STEADY_MIN_PARSES = 5;
export const STEADY_MIN_MS = 500;
export const STEADY_BUDGET_MS = 3000;
export const STEADY_FLOOR_PARSES = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function benchIngestRealFiles() {
  const manifest = readManifest();
  const files: Record<string, unknown> = {};
  for (const entry of manifest.files.filter((f) => !f.sample)) {
    const source = sourceById(entry.source_id);
    if (!source) continue;
    const bytes = new Uint8Array(readFileSync(path.join(RAW_DIR, entry.file)));
    const expanded = gunzipIfCompressed(bytes, entry.file);
    const text = sniffFormat(expanded) === "text" && source.format === "csv";
    let start = performance.now();
    const tables = await source.parse(bytes, entry.file);
    const firstParseSeconds = (performance.now() - start) / 1000;
    const steady: number[] = [];
    let spentMs = 0;
    while (steady.length < STEADY_MIN_PARSES || spentMs < STEADY_MIN_MS) {
      if (spentMs >= STEADY_BUDGET_MS && steady.length >= STEADY_FLOOR_PARSES) break;
      start = performance.now();
      await source.parse(bytes, entry.file);
      const ms = performance.now() - start;
      steady.push(ms / 1000);
      spentMs += ms;
    }
    const seconds = median(steady);
    const emitted = tables.facts.length + (tables.groups?.length ?? 0) + (tables.cqc_assessments?.length ?? 0) + (tables.cqc_locations?.length ?? 0);
    const workbook = !text && sniffFormat(expanded) !== "text";
    const inputRows = text ? countLines(expanded) : workbook ? sheetRows(expanded, entry.file) : emitted;
    files[entry.file] = {
      source_id: entry.source_id, MB: Math.round((bytes.length / 2 ** 20) * 100) / 100,
      inputRows, rowsCounted: text ? "lines of the file" : workbook ? "rows of every sheet" : "rows emitted", facts: tables.facts.length,
      // Steady state (median of the further parses), then the first, cold parse.
      seconds: Math.round(seconds * 1e5) / 1e5, rowsPerSecond: Math.round(inputRows / seconds), steadyParses: steady.length,
      firstParseSeconds: Math.round(firstParseSeconds * 1e5) / 1e5, firstParseRowsPerSecond: Math.round(inputRows / firstParseSeconds)
    };
  }
  const start = performance.now();
  const snapshot = await buildSnapshot(manifest);
  const assembleSeconds = (performance.now() - start) / 1000;
  return {files, assembleSeconds: Math.round(assembleSeconds * 100) / 100, facts: snapshot.facts.length, revisions: snapshot.revisions.length};
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchIngestRealFiles(), null, 2));
}
