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
 */
import {existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, appendFileSync} from "node:fs";
import path from "node:path";
import {pathToFileURL} from "node:url";
import type {SourceDefinition} from "./families/types.ts";
import type {CanonicalTables} from "./model.ts";
import {SOURCES} from "./sources.ts";
import {buildSnapshot, MANIFEST_PATH, parseRawFile, RAW_DIR, readManifest, sha256, writeFileAtomic, writeManifest, type Manifest, type ManifestEntry, type Snapshot} from "./snapshot.ts";
import {download, formatBytes, formatSeconds, isDownloadError, type DownloadFailure, type DownloadOptions, type ExpectedFormat} from "./fetch.ts";
import {compareSnapshots, writeChangeReport, type ChangeReport} from "./changes.ts";

export interface RefreshOptions {
  baseUrl?: string;
  only?: string[];
  rawDir?: string;
  manifestPath?: string;
  changesPath?: string;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  maxBytes?: number;
  progress?: boolean;
  /**
   * The whole run's limit in seconds (default 600): when it passes, downloads in flight stop, no
   * source starts, and every unfinished source fails as "deadline" keeping its previous file.
   */
  deadlineSeconds?: number;
  /** Sources fetched at a time (default 3); each makes one request at a time. */
  concurrency?: number;
  /** Which sources to consider (default: the registry). */
  sources?: readonly SourceDefinition[];
  /** Test seam: how the snapshot is assembled (default buildSnapshot). */
  assemble?: (manifest: Manifest, rawDir: string) => Promise<Snapshot>;
  now?: () => Date;
  /** Where the summary goes (default stdout) and where problems go (default stderr). */
  out?: (line: string) => void;
  err?: (line: string) => void;
}

export type SourceStatus = "updated" | "unchanged" | "failed";

/**
 * Why a source failed: a download failure (timeout: the server did not answer within the
 * per-request timeout; deadline: the run's deadline stopped it or came before it started; http,
 * network, truncated ...), "invalid" (the file arrived but did not parse, gave no rows or was
 * another source's file) or "assembly" (it parsed but the snapshot does not assemble with it).
 */
export type SourceFailure = DownloadFailure | "invalid" | "assembly";

export interface SourceResult {
  source_id: string;
  status: SourceStatus;
  /** Set when status is "failed". */
  failure?: SourceFailure;
  /** The address the file was fetched from (the mirror's, with --base-url). */
  url: string;
  rows: number | null;
  bytes: number | null;
  seconds: number;
  message: string;
}

export interface RefreshResult {
  results: SourceResult[];
  /** 0 when every source updated or was unchanged, 1 otherwise. */
  exitCode: number;
  /** The deadline passed before every source finished (those are failed, as "deadline"). */
  deadlineReached: boolean;
  report?: ChangeReport;
  changesPath?: string;
}

export class UsageError extends Error {}

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

/** The publisher URL's path and query on the mirror: https://host/A4/766F29/x.csv -> <base>/A4/766F29/x.csv. */
export function mirrorUrl(baseUrl: string | undefined, publisherUrl: string): string {
  if (!baseUrl) return publisherUrl;
  const publisher = new URL(publisherUrl);
  return baseUrl.replace(/\/+$/, "") + publisher.pathname + publisher.search;
}

/**
 * Every link on a landing page matching the source's pattern, in page order, as absolute URLs:
 * href values (entities decoded, relative ones resolved against the page) whose raw or resolved
 * form matches, then absolute addresses matching anywhere else in the page (scripts, JSON).
 */
export function findDiscoveredLinks(html: string, linkPattern: string, pageUrl: string): string[] {
  const decode = (text: string) => text.replace(/&amp;/g, "&").replace(/&#x2F;/gi, "/").replace(/&#47;/g, "/");
  const pattern = new RegExp(linkPattern);
  const links: string[] = [];
  for (const match of html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)) {
    const raw = decode(match[1]).trim();
    let resolved: string;
    try { resolved = new URL(raw, pageUrl).href; } catch { continue; }
    if (pattern.test(raw) || pattern.test(resolved)) links.push(resolved);
  }
  for (const match of decode(html).matchAll(new RegExp(linkPattern, "g"))) {
    if (/^https?:\/\//.test(match[0])) links.push(match[0]);
  }
  return [...new Set(links)];
}

/** The first of findDiscoveredLinks, or undefined. */
export function findDiscoveredLink(html: string, linkPattern: string, pageUrl: string): string | undefined {
  return findDiscoveredLinks(html, linkPattern, pageUrl)[0];
}

/**
 * What a download must be. Readers go by content, so a CSV source may arrive as the publisher's
 * XLSX copy (ASCOF 2020-21 is kept that way); everything else must be the registered kind.
 */
export function expectedFormats(source: SourceDefinition): ExpectedFormat[] {
  switch (source.format) {
    case "csv": return ["csv", "spreadsheet"];
    case "xlsx": return ["xlsx"];
    case "ods": return ["ods"];
    case "json": return ["json"];
    case "html": return ["html"];
  }
}

/** The row count the manifest records: same count as snapshot.ts describeRawFile. */
function countRows(tables: CanonicalTables): number {
  return tables.facts.length + (tables.groups?.length ?? 0) + (tables.cqc_assessments?.length ?? 0) + (tables.cqc_locations?.length ?? 0) + (tables.areas?.length ?? 0);
}

function fileSha256(file: string): string | undefined {
  return existsSync(file) ? sha256(new Uint8Array(readFileSync(file))) : undefined;
}

/** Order entries as writeManifest does: the snapshot's last-listed-wins rule depends on it. */
function orderEntries(entries: ManifestEntry[]): ManifestEntry[] {
  const order = new Map(SOURCES.map((s, i) => [s.id, i]));
  return [...entries].sort((a, b) => (order.get(a.source_id) ?? 1e9) - (order.get(b.source_id) ?? 1e9) || a.file.localeCompare(b.file));
}

interface Candidate {
  source: SourceDefinition;
  entry: ManifestEntry;
  /** The staged file, relative to the raw folder (so buildSnapshot can read it in place of the old one). */
  staged: string;
  result: SourceResult;
}

/** One source's part of a run: its result, the address it resolved to, and its staged file if any. */
interface Outcome {
  result: SourceResult;
  publisherUrl?: string;
  candidate?: Candidate;
}

export const DEFAULT_DEADLINE_SECONDS = 600;
export const DEFAULT_CONCURRENCY = 3;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function failureKind(error: unknown): SourceFailure {
  return isDownloadError(error) ? error.kind : "invalid";
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

/**
 * The publisher address of the file to fetch, in two cases.
 * - A source registered with its own file address (and a landing page too): that address, always,
 *   so an edition is never filled with another edition's file. The landing page is read after the
 *   file (landingPageNote) only to say, in the summary, when it no longer links that address and
 *   what it links instead; a file that failed is not followed by a request for the page.
 * - A source whose registered url is the landing page: the first link on the page matching its
 *   pattern that is not another source's registered file (two editions often share one page).
 */
function registeredAddress(source: SourceDefinition): string | undefined {
  if (!source.discovery) return source.url;
  return source.url !== source.discovery.landing_page ? source.url : undefined;
}

async function readLandingPage(source: SourceDefinition & {discovery: NonNullable<SourceDefinition["discovery"]>}, baseUrl: string | undefined,
  downloadOptions: DownloadOptions): Promise<string[]> {
  const pageUrl = mirrorUrl(baseUrl, source.discovery.landing_page);
  const page = await download(pageUrl, {...downloadOptions, expected: "html", maxBytes: Math.min(downloadOptions.maxBytes ?? Infinity, 20 * 1024 * 1024)});
  return findDiscoveredLinks(new TextDecoder().decode(page.bytes), source.discovery.link_pattern, source.discovery.landing_page);
}

async function discoverFileUrl(source: SourceDefinition, baseUrl: string | undefined, downloadOptions: DownloadOptions, claimed: ReadonlySet<string>): Promise<string> {
  const discovery = source.discovery!;
  const pageUrl = mirrorUrl(baseUrl, discovery.landing_page);
  let links: string[];
  try {
    links = await readLandingPage({...source, discovery}, baseUrl, downloadOptions);
  } catch (error) {
    // Keep the download's failure kind (timeout, deadline ...) for the report.
    if (error instanceof Error) error.message = `landing page unusable: ${error.message}`;
    throw error;
  }
  const link = links.find((l) => !claimed.has(l));
  if (link) return link;
  throw new Error(links.length
    ? `${pageUrl}: every link matching the pattern is another source's registered file (${links.slice(0, 3).join(", ")})`
    : `${pageUrl}: no link on the landing page matches /${discovery.link_pattern}/ (${discovery.note})`);
}

/** For a registered file address with a landing page: what the page says about it, when worth saying. */
async function landingPageNote(source: SourceDefinition, registered: string, baseUrl: string | undefined, downloadOptions: DownloadOptions,
  claimed: ReadonlySet<string>): Promise<string | undefined> {
  if (!source.discovery) return undefined;
  let links: string[];
  try {
    links = await readLandingPage({...source, discovery: source.discovery}, baseUrl, downloadOptions);
  } catch (error) {
    return `the landing page was unusable (${errorMessage(error)}); fetched the registered file address`;
  }
  if (links.includes(registered)) return undefined;
  const others = links.filter((link) => !claimed.has(link));
  return others.length ? `the landing page no longer links the registered address but links ${others[0]}: a newer file? (update the registry)`
    : "the landing page does not link the registered address; fetched it directly";
}

/**
 * Assemble the snapshot with every candidate in place of its old file. When that fails, find the
 * culprit: each candidate alone against the previous files; the ones that fail alone are rejected
 * with the assembly error, and the rest are tried together once more (if they still fail, all
 * are rejected, since the failure comes from their combination).
 */
async function assembleWithCandidates(previous: Manifest, candidates: Candidate[], rawDir: string,
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
  } catch (combined) {
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
      void combined;
      return {accepted: []};
    }
  }
}

/** The assembled snapshot names staged files; the report should name the final ones. */
function withFinalFiles(snapshot: Snapshot, accepted: Candidate[]): Snapshot {
  const finalName = new Map(accepted.map((c) => [c.staged, c.entry.file]));
  return {...snapshot, snapshot: snapshot.snapshot.map((row) => finalName.has(row.file) ? {...row, file: finalName.get(row.file)!} : row)};
}

function emptySnapshot(): Snapshot {
  return {facts: [], areas: [], groups: [], indicators: [], cqc_assessments: [], cqc_locations: [], snapshot: [], revisions: []};
}

function printSummary(results: SourceResult[], out: (line: string) => void, err: (line: string) => void, changesPath?: string, deadlineText?: string) {
  const rows = results.map((r) => [
    r.source_id, r.status, r.rows === null ? "" : r.rows.toLocaleString("en-GB"), r.bytes === null ? "" : formatBytes(r.bytes),
    r.seconds.toFixed(1), r.message.length > 120 && r.status !== "failed" ? r.message.slice(0, 117) + "..." : r.status === "failed" ? "see below" : r.message
  ]);
  const header = ["source", "status", "rows", "bytes", "seconds", "message"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => i === 2 || i === 3 || i === 4 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])).join("  ").trimEnd();
  out(line(header));
  out(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) out(line(row));
  const count = (status: SourceStatus) => results.filter((r) => r.status === status).length;
  const failed = results.filter((r) => r.status === "failed");
  const why = (kind: SourceFailure) => failed.filter((r) => r.failure === kind).length;
  const slow = [why("timeout") ? `${why("timeout")} timed out` : "", why("deadline") ? `${why("deadline")} stopped by the deadline` : ""].filter(Boolean).join(", ");
  out(`${count("updated")} updated, ${count("unchanged")} unchanged, ${count("failed")} failed${slow ? ` (${slow})` : ""}${changesPath ? `; change report: ${changesPath}` : ""}`);
  if (deadlineText) err(`${deadlineText}: ${why("deadline")} source${why("deadline") === 1 ? "" : "s"} unfinished, each keeping its previous file`);
  if (failed.length) {
    err(`refresh failed for ${failed.length} source${failed.length === 1 ? "" : "s"} (previous files kept):`);
    for (const r of failed) err(`  ${r.source_id}: ${r.message}`);
  }
  writeStepSummary(results, header);
}

/** In GitHub Actions, the same table on the run's summary page. */
function writeStepSummary(results: SourceResult[], header: string[]) {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = ["### Data refresh", "", `| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`,
    ...results.map((r) => `| ${[r.source_id, r.status, r.rows?.toString() ?? "", r.bytes === null ? "" : formatBytes(r.bytes), r.seconds.toFixed(1), cell(r.message)].join(" | ")} |`), ""];
  try { appendFileSync(file, lines.join("\n") + "\n"); } catch { /* the summary is a courtesy */ }
}

/**
 * The command line, with two settings also read from the environment (for the scheduled job):
 * REFRESH_DEADLINE_SECONDS and REFRESH_CONCURRENCY; an option given on the command line wins.
 */
export function parseRefreshArgs(args: string[], env: Record<string, string | undefined> = process.env): RefreshOptions {
  const options: RefreshOptions = {only: []};
  const number = (name: string, text: string) => {
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value) || value < 0) throw new UsageError(`${name} needs a non-negative number, not '${text}'`);
    return value;
  };
  const seconds = (name: string, text: string) => {
    const value = number(name, text);
    if (value === 0) throw new UsageError(`${name} needs a number of seconds above 0, not '${text}'`);
    return value;
  };
  const count = (name: string, text: string) => {
    const value = number(name, text);
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`${name} needs a whole number of at least 1, not '${text}'`);
    return value;
  };
  if (env.REFRESH_DEADLINE_SECONDS) options.deadlineSeconds = seconds("REFRESH_DEADLINE_SECONDS", env.REFRESH_DEADLINE_SECONDS);
  if (env.REFRESH_CONCURRENCY) options.concurrency = count("REFRESH_CONCURRENCY", env.REFRESH_CONCURRENCY);
  for (let i = 0; i < args.length; i++) {
    const name = args[i];
    if (name === "--progress") { options.progress = true; continue; }
    const value = args[i + 1];
    const needsValue = ["--base-url", "--only", "--raw-dir", "--manifest", "--changes", "--timeout", "--retries", "--backoff", "--max-bytes", "--deadline", "--concurrency"];
    if (!needsValue.includes(name)) throw new UsageError(`unknown option '${name}'\n${USAGE}`);
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${name} needs a value`);
    i++;
    switch (name) {
      case "--base-url": options.baseUrl = value; break;
      case "--only": options.only!.push(...value.split(",").map((s) => s.trim()).filter(Boolean)); break;
      case "--raw-dir": options.rawDir = value; break;
      case "--manifest": options.manifestPath = value; break;
      case "--changes": options.changesPath = value; break;
      case "--timeout": options.timeoutMs = number(name, value); break;
      case "--retries": options.retries = number(name, value); break;
      case "--backoff": options.backoffMs = number(name, value); break;
      case "--max-bytes": options.maxBytes = number(name, value); break;
      case "--deadline": options.deadlineSeconds = seconds(name, value); break;
      case "--concurrency": options.concurrency = count(name, value); break;
    }
  }
  return options;
}

const USAGE = "usage: npm run refresh [-- --base-url <url>] [--only <source-id>] [--raw-dir <dir>] [--manifest <path>] [--changes <path>] [--timeout <ms>] [--retries <n>] [--backoff <ms>] [--max-bytes <n>] [--deadline <seconds>] [--concurrency <n>] [--progress]";

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
