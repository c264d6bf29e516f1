/**
 * `npm run refresh`: fetch every registered publisher extract, validate it, and replace the raw
 * file only when the new one is good. The order is what keeps the published data whole:
 *
 *   1. download each source to a staging folder beside data/raw (never over the current file);
 *   2. parse it with the source's own parser (a renamed column, an HTML page, a truncated file
 *      fail here, naming the URL and what was wrong);
 *   3. assemble the whole snapshot with the new files in place of the old (a file that parses
 *      alone but breaks assembly is rejected too);
 *   4. only then move each accepted file over data/raw/<raw_path> (an atomic rename), write the
 *      manifest (atomically) and the change report.
 *
 * A source that fails keeps its previous file and manifest entry byte for byte; the others still
 * update; the command exits 1 naming every source that failed and why.
 *
 * The run always ends: up to --concurrency sources download at a time (each one request at a
 * time); a request that gets nothing for --timeout fails without a retry (so a server that
 * accepts connections and never answers costs each source one timeout); and at --deadline every
 * download still in flight stops and every source not finished fails as "deadline reached",
 * keeping its previous file. Sources that finished before the deadline go through steps 3 and 4
 * as usual (local work on files already downloaded; nothing waits on the network after the
 * deadline), so the data is always either the previous file or a validated new one, per source.
 *
 * Unchanged content (same sha256 as the manifest entry and the file on disk) is a no-op: nothing
 * is written and `retrieved_at` keeps the time the content last changed. (A `checked_at` field
 * would make every run rewrite the manifest, and so make a commit, for nothing.)
 *
 * Which address: a source's registered `url`; for a `discovery` source registered with the
 * landing page as its url, the first link on that page matching `link_pattern` that is not
 * another source's registered file. A discovery source registered with its own file address keeps
 * fetching that address (two editions often share one landing page), and the summary says when
 * the page links something else instead. The manifest records the publisher's address of the
 * file (with --base-url, the address the mirror stood in for), and `sample: false`.
 * The change report goes to data/changes.json (see loaders/changes.ts) when a file changed.
 *
 * Options:
 *   --base-url <url>     fetch from a mirror keeping the publisher's path
 *                        (https://files.digital.nhs.uk/A4/766F29/x.csv -> <url>/A4/766F29/x.csv);
 *                        landing pages of discovery sources are read through the mirror too
 *   --only <id>[,<id>]   only these sources (repeatable)
 *   --raw-dir <dir>      default data/raw
 *   --manifest <path>    default data/manifest.json
 *   --changes <path>     default changes.json beside the manifest (data/changes.json)
 *   --timeout <ms>       nothing for this long (connecting, headers, between chunks) fails the
 *                        request, without a retry (default 60000)
 *   --retries <n>        further attempts on network errors, resets, truncation, 5xx and 429 (default 3)
 *   --backoff <ms>       first wait between attempts, doubling (default 1000)
 *   --max-bytes <n>      size cap per file (default 200 MB)
 *   --deadline <s>       the whole run's limit in seconds (default 600; env REFRESH_DEADLINE_SECONDS)
 *   --concurrency <n>    sources downloaded at a time (default 3; env REFRESH_CONCURRENCY)
 *   --progress           show download progress on stderr even when it is not a terminal
 *
 * The steps live in loaders/refresh/: which address (addresses.ts), the assembly and who is to
 * blame when it fails (assembly.ts), the options and command line (options.ts), and what the run
 * reports (results.ts). This module runs them in order, and is the `npm run refresh` entry.
 */
import {existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync} from "node:fs";
import path from "node:path";
import {pathToFileURL} from "node:url";
import type {SourceDefinition} from "./families/types.ts";
import type {CanonicalTables} from "./model.ts";
import {SOURCES} from "./sources.ts";
import {buildSnapshot, MANIFEST_PATH, parseRawFile, RAW_DIR, readManifest, sha256, writeFileAtomic, writeManifest, type Manifest, type ManifestEntry, type Snapshot} from "./snapshot.ts";
import {download, formatBytes, formatSeconds, type DownloadOptions} from "./fetch.ts";
import {compareSnapshots, writeChangeReport, type ChangeReport} from "./changes.ts";
import {countRows} from "./validation/coverage.ts";
import {discoverFileUrl, expectedFormats, landingPageNote, mirrorUrl, registeredAddress} from "./refresh/addresses.ts";
import {assembleWithCandidates, emptySnapshot, withFinalFiles, type Candidate} from "./refresh/assembly.ts";
import {DEFAULT_CONCURRENCY, DEFAULT_DEADLINE_SECONDS, parseRefreshArgs, UsageError, type RefreshOptions} from "./refresh/options.ts";
import {errorMessage, failureKind, printSummary, type SourceResult} from "./refresh/results.ts";

// What importers of the refresh use, from where it lives.
export {findDiscoveredLink, findDiscoveredLinks, mirrorUrl} from "./refresh/addresses.ts";
export {DEFAULT_CONCURRENCY, DEFAULT_DEADLINE_SECONDS, parseRefreshArgs, UsageError, type RefreshOptions} from "./refresh/options.ts";

export interface RefreshResult {
  results: SourceResult[];
  /** 0 when every source updated or was unchanged, 1 otherwise. */
  exitCode: number;
  /** The deadline passed before every source finished (those are failed, as "deadline"). */
  deadlineReached: boolean;
  report?: ChangeReport;
  changesPath?: string;
}

/** A source the refresh fetches: registered, not curated in the repository, one file (not a folder per council). */
export function isFetchable(source: SourceDefinition): boolean {
  return !source.curated && !source.raw_path.endsWith("/");
}

export function selectSources(sources: readonly SourceDefinition[], only?: readonly string[]): SourceDefinition[] {
  if (!only || only.length === 0) return sources.filter(isFetchable);
  return only.map((id) => {
    const source = sources.find((s) => s.id === id);
    if (!source) throw new UsageError(`--only ${id}: no such source; list them with: npm run data -- sources`);
    if (source.curated) throw new UsageError(`--only ${id}: this source is curated in the repository and never fetched`);
    if (source.raw_path.endsWith("/")) throw new UsageError(`--only ${id}: this source keeps one file per council (${source.raw_path}); the refresh does not fetch it`);
    return source;
  });
}

function fileSha256(file: string): string | undefined {
  return existsSync(file) ? sha256(new Uint8Array(readFileSync(file))) : undefined;
}

/** One source's part of a run: its result, the address it resolved to, and its staged file if any. */
interface Outcome {
  result: SourceResult;
  publisherUrl?: string;
  candidate?: Candidate;
}

export async function runRefresh(options: RefreshOptions = {}): Promise<RefreshResult> {
  const rawDir = path.resolve(options.rawDir ?? RAW_DIR);
  const manifestPath = path.resolve(options.manifestPath ?? MANIFEST_PATH);
  const changesPath = path.resolve(options.changesPath ?? path.join(path.dirname(manifestPath), "changes.json"));
  // Each file is parsed once per run: the downloads when they are validated, the unchanged files
  // when the previous snapshot is assembled; the candidate assemblies reuse those tables.
  const parsed = new Map<string, CanonicalTables>();
  const parseOnce = async (entry: Pick<ManifestEntry, "source_id" | "file">, dir = rawDir) => {
    const key = `${entry.source_id}\u0000${path.resolve(dir, entry.file)}`;
    let tables = parsed.get(key);
    if (!tables) parsed.set(key, tables = await parseRawFile(entry, dir));
    return tables;
  };
  const assemble = options.assemble ?? ((manifest: Manifest, dir: string) => buildSnapshot(manifest, dir, parseOnce));
  const out = options.out ?? ((line: string) => process.stdout.write(line + "\n"));
  const err = options.err ?? ((line: string) => process.stderr.write(line + "\n"));
  const now = options.now ?? (() => new Date());
  if (options.baseUrl) {
    try { new URL(options.baseUrl); } catch { throw new UsageError(`--base-url ${options.baseUrl}: not a URL`); }
  }
  const selected = selectSources(options.sources ?? SOURCES, options.only);
  const previous = readManifest(manifestPath);
  const deadlineSeconds = options.deadlineSeconds ?? DEFAULT_DEADLINE_SECONDS;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  if (!(deadlineSeconds > 0)) throw new UsageError(`--deadline ${deadlineSeconds}: needs a number of seconds above 0`);
  // The whole-run deadline: aborting this signal stops every download in flight and every wait.
  const deadline = new AbortController();
  const deadlineText = `the refresh's ${formatSeconds(deadlineSeconds * 1000)} deadline was reached`;
  const deadlineTimer = setTimeout(() => deadline.abort(new Error(deadlineText)), deadlineSeconds * 1000);
  const downloadOptions: DownloadOptions = {
    timeoutMs: options.timeoutMs, retries: options.retries, backoffMs: options.backoffMs, maxBytes: options.maxBytes, progress: options.progress,
    signal: deadline.signal
  };

  mkdirSync(path.dirname(rawDir), {recursive: true});
  const staging = mkdtempSync(path.join(path.dirname(rawDir), ".refresh-"));
  // Registered file addresses of all sources, so discovery never hands one source another's file.
  const registeredFiles = new Map<string, string>();
  for (const source of options.sources ?? SOURCES) {
    if (source.discovery && source.url !== source.discovery.landing_page) registeredFiles.set(source.url, source.id);
  }
  const claimedBy = (source: SourceDefinition) => new Set([...registeredFiles].filter(([, id]) => id !== source.id).map(([url]) => url));

  /** One source: resolve its address, download, compare, parse, stage. Never throws. */
  const refreshSource = async (source: SourceDefinition): Promise<Outcome> => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let fetchUrl = mirrorUrl(options.baseUrl, source.url);
    const failed = (error: unknown): Outcome => ({result: {
      source_id: source.id, status: "failed", failure: failureKind(error), url: fetchUrl, rows: null, bytes: null, seconds: seconds(), message: errorMessage(error)
    }});
    if (deadline.signal.aborted) {
      return {result: {source_id: source.id, status: "failed", failure: "deadline", url: fetchUrl, rows: null, bytes: null, seconds: 0,
        message: `${deadlineText} before this source started; previous file kept`}};
    }
    let publisherUrl: string | undefined;
    try {
      // The request that decides the source comes first; after a timeout the source makes no
      // other request, so a silent server costs it one timeout at most.
      const registered = registeredAddress(source);
      publisherUrl = registered ?? await discoverFileUrl(source, options.baseUrl, downloadOptions, claimedBy(source));
      fetchUrl = mirrorUrl(options.baseUrl, publisherUrl);
      const fetched = await download(fetchUrl, {...downloadOptions, expected: expectedFormats(source)});
      const note = registered ? await landingPageNote(source, registered, options.baseUrl, downloadOptions, claimedBy(source)) : undefined;
      const existing = previous.files.find((f) => f.file === source.raw_path);
      const target = path.join(rawDir, source.raw_path);
      if (existing && existing.sha256 === fetched.sha256 && fileSha256(target) === fetched.sha256) {
        const same = "same content as data/raw (sha256)";
        return {publisherUrl, result: {source_id: source.id, status: "unchanged", url: fetchUrl, rows: existing.rows, bytes: existing.bytes, seconds: seconds(), message: note ? `${same}; ${note}` : same}};
      }
      const tables = await source.parse(fetched.bytes, fetchUrl);
      const rows = countRows(tables);
      if (rows === 0) throw new Error(`${fetchUrl}: the file parsed but gave no rows; keeping the previous file`);
      const stagedFile = path.join(staging, source.raw_path);
      writeFileAtomic(stagedFile, fetched.bytes);
      parsed.set(`${source.id}\u0000${path.resolve(stagedFile)}`, tables);
      const entry: ManifestEntry = {
        ...(existing ?? {}),
        source_id: source.id, file: source.raw_path, url: options.baseUrl ? publisherUrl : fetched.final_url, vintage: source.vintage,
        retrieved_at: now().toISOString(), sha256: fetched.sha256, bytes: fetched.bytes.length, rows,
        sample: false, seeded: "", illustrative: ""
      };
      const was = existing ? `was ${existing.sample ? "the sample, " : ""}${formatBytes(existing.bytes)}` : "new in the manifest";
      const result: SourceResult = {source_id: source.id, status: "updated", url: fetchUrl, rows, bytes: fetched.bytes.length, seconds: seconds(), message: note ? `${was}; ${note}` : was};
      return {publisherUrl, result, candidate: {source, entry, staged: path.relative(rawDir, stagedFile).split(path.sep).join("/"), result}};
    } catch (error) {
      return {publisherUrl, ...failed(error)};
    }
  };

  try {
    // At most `concurrency` sources at a time, each making one request at a time, taken in
    // registry order; results are reported in that order whatever order they finish in.
    const outcomes: Outcome[] = new Array(selected.length);
    let next = 0;
    const worker = async () => {
      while (next < selected.length) {
        const index = next++;
        outcomes[index] = await refreshSource(selected[index]);
      }
    };
    await Promise.all(Array.from({length: Math.min(concurrency, selected.length)}, worker));
    clearTimeout(deadlineTimer);
    const deadlineReached = deadline.signal.aborted;

    // Two sources that resolved to the same file: the first in registry order keeps the claim
    // (whether or not its own download then worked); any later one is not trusted with the file.
    const resolvedBy = new Map<string, string>();
    for (const outcome of outcomes) {
      if (!outcome.publisherUrl) continue;
      const taken = resolvedBy.get(outcome.publisherUrl);
      if (!taken) { resolvedBy.set(outcome.publisherUrl, outcome.result.source_id); continue; }
      if (outcome.result.status === "failed") continue;
      Object.assign(outcome.result, {status: "failed", failure: "invalid", rows: null, bytes: null,
        message: `${outcome.publisherUrl} is also the file found for ${taken}: the registry cannot tell these sources apart, so the file is not trusted for ${outcome.result.source_id}`});
      outcome.candidate = undefined;
    }
    const results = outcomes.map((o) => o.result);
    const candidates = outcomes.flatMap((o) => o.candidate ? [o.candidate] : []);

    let report: ChangeReport | undefined;
    if (candidates.length > 0) {
      let before: Snapshot | undefined;
      try {
        before = await assemble(previous, rawDir);
      } catch (error) {
        err(`warning: the previous snapshot does not assemble (${errorMessage(error)}); the change report compares with an empty one`);
      }
      const {accepted, after} = await assembleWithCandidates(previous, candidates, rawDir, assemble);
      if (accepted.length > 0 && after) {
        // Commit: move each accepted file into place (atomic rename), then the manifest.
        for (const candidate of accepted) {
          const target = path.join(rawDir, candidate.entry.file);
          mkdirSync(path.dirname(target), {recursive: true});
          renameSync(path.join(rawDir, candidate.staged), target);
        }
        const replaced = new Set(accepted.map((c) => c.entry.file));
        const manifest: Manifest = {
          generated_at: now().toISOString(),
          files: [...previous.files.filter((f) => !replaced.has(f.file)), ...accepted.map((c) => c.entry)]
        };
        writeManifest(manifest, manifestPath);
        report = compareSnapshots(before ?? emptySnapshot(), withFinalFiles(after, accepted), {generated_at: now().toISOString()});
        writeChangeReport(report, changesPath);
      }
    }

    const exitCode = results.some((r) => r.status === "failed") ? 1 : 0;
    printSummary(results, out, err, report ? changesPath : undefined, deadlineReached ? deadlineText : undefined);
    return {results, exitCode, deadlineReached, report, changesPath: report ? changesPath : undefined};
  } finally {
    clearTimeout(deadlineTimer);
    rmSync(staging, {recursive: true, force: true});
  }
}

async function main(args: string[]) {
  try {
    const result = await runRefresh(parseRefreshArgs(args));
    process.exitCode = result.exitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      process.exitCode = 2;
    } else {
      console.error(`error: ${errorMessage(error)}`);
      process.exitCode = 1;
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2));
}
