/**
 * Refresh benchmark: a full `npm run refresh` of every fetchable source, from a local mirror
 * serving the current data/raw files at the publishers' paths (landing pages included), into a
 * temporary raw folder and manifest. The temporary folder starts with the curated files (they
 * are never fetched, and the snapshot needs them to assemble) and none of the fetched ones, so
 * every source is downloaded, parsed, assembled and committed: the full cost of a refresh minus
 * the network.
 *
 * `benchRefreshSilentMirror`: the same full refresh against a silent mirror (every connection
 * accepted, not a byte sent back), the failure that used to hang a scheduled job for an hour (60 s
 * timeout, 3 retries, one source after another). It refreshes a temporary copy of data/raw and the
 * manifest with a short per-request timeout and the default retries and concurrency, and checks
 * that the run ends non-zero naming every source, with every file and the manifest byte for byte
 * unchanged. Expect about ceil(sources / concurrency) timeouts of wall time.
 *
 *   npx tsx scripts/bench/refresh.ts
 *
 * `sources` counts sources refreshed; `seconds` covers runRefresh only (not the mirror's start).
 */
import {createHash} from "node:crypto";
import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {DEFAULT_CONCURRENCY, isFetchable, runRefresh, selectSources} from "../../loaders/refresh.ts";
import {MANIFEST_PATH, RAW_DIR, readManifest, writeManifest} from "../../loaders/snapshot.ts";
import {sourceById, SOURCES} from "../../loaders/sources.ts";
import {routesForRawDir, startMirror} from "../mirror-server.ts";

export async function benchRefresh(): Promise<{sources: number; seconds: number}> {
  const plan = routesForRawDir(RAW_DIR, SOURCES);
  if (plan.served.length === 0) throw new Error("the refresh benchmark found no fetchable source with a file in data/raw");
  const mirror = await startMirror(plan.routes);
  const dir = mkdtempSync(path.join(os.tmpdir(), "asc-bench-refresh-"));
  try {
    const rawDir = path.join(dir, "raw");
    const manifestPath = path.join(dir, "manifest.json");
    const manifest = readManifest(MANIFEST_PATH);
    const kept = manifest.files.filter((entry) => {
      const source = sourceById(entry.source_id);
      return source !== undefined && !isFetchable(source);
    });
    for (const entry of kept) cpSync(path.join(RAW_DIR, entry.file), path.join(rawDir, entry.file), {recursive: true});
    writeManifest({generated_at: manifest.generated_at, files: kept}, manifestPath);

    const problems: string[] = [];
    const started = performance.now();
    const result = await runRefresh({
      baseUrl: mirror.url, only: plan.served, rawDir, manifestPath, retries: 0, timeoutMs: 60_000, progress: false,
      out: () => {}, err: (line) => problems.push(line)
    });
    const seconds = (performance.now() - started) / 1000;
    const failed = result.results.filter((r) => r.status === "failed");
    if (failed.length) throw new Error(`the refresh benchmark failed for ${failed.map((r) => `${r.source_id} (${r.message})`).join("; ")}`);
    return {sources: result.results.filter((r) => r.status === "updated").length, seconds};
  } finally {
    await mirror.close();
    rmSync(dir, {recursive: true, force: true});
  }
}

/** sha256 of every file under `dir`, by path relative to it. */
function hashTree(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const entry of readdirSync(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    hashes.set(path.relative(dir, file), createHash("sha256").update(readFileSync(file)).digest("hex"));
  }
  return hashes;
}

/** Per-request timeout for the silent-mirror run: short, so the figure is about scheduling, not waiting. */
const SILENT_TIMEOUT_MS = 1000;

export async function benchRefreshSilentMirror(): Promise<{sources: number; seconds: number; timeout_s: number; concurrency: number; requests: number; timed_out: number; deadline: number; unchanged_files: number}> {
  const mirror = await startMirror({}, {silent: true});
  const dir = mkdtempSync(path.join(os.tmpdir(), "asc-bench-refresh-silent-"));
  try {
    const rawDir = path.join(dir, "raw");
    const manifestPath = path.join(dir, "manifest.json");
    cpSync(RAW_DIR, rawDir, {recursive: true});
    cpSync(MANIFEST_PATH, manifestPath);
    const before = hashTree(dir);
    const sources = selectSources(SOURCES);

    const started = performance.now();
    const result = await runRefresh({
      baseUrl: mirror.url, rawDir, manifestPath, changesPath: path.join(dir, "changes.json"), timeoutMs: SILENT_TIMEOUT_MS, progress: false,
      out: () => {}, err: () => {}
    });
    const seconds = (performance.now() - started) / 1000;

    const problems: string[] = [];
    if (result.exitCode !== 1) problems.push(`exit code ${result.exitCode}, expected 1`);
    const notFailed = result.results.filter((r) => r.status !== "failed" || (r.failure !== "timeout" && r.failure !== "deadline"));
    if (notFailed.length) problems.push(`not failed as timeout or deadline: ${notFailed.map((r) => `${r.source_id} (${r.status} ${r.failure ?? ""})`).join(", ")}`);
    const missing = sources.filter((s) => !result.results.some((r) => r.source_id === s.id));
    if (missing.length) problems.push(`not reported: ${missing.map((s) => s.id).join(", ")}`);
    if (mirror.requests.length > sources.length) problems.push(`${mirror.requests.length} requests for ${sources.length} sources: a timeout was retried`);
    const after = hashTree(dir);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((file) => before.get(file) !== after.get(file));
    if (changed.length) problems.push(`changed on disk: ${changed.join(", ")}`);
    if (problems.length) throw new Error(`the silent-mirror refresh did not end cleanly: ${problems.join("; ")}`);
    return {
      sources: result.results.length, seconds, timeout_s: SILENT_TIMEOUT_MS / 1000, concurrency: DEFAULT_CONCURRENCY, requests: mirror.requests.length,
      timed_out: result.results.filter((r) => r.failure === "timeout").length, deadline: result.results.filter((r) => r.failure === "deadline").length,
      unchanged_files: before.size
    };
  } finally {
    await mirror.close();
    rmSync(dir, {recursive: true, force: true});
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchRefresh();
  console.log(JSON.stringify({bench: "refresh", ...result, seconds: Number(result.seconds.toFixed(2))}));
  const silent = await benchRefreshSilentMirror();
  console.log(JSON.stringify({bench: "refresh-silent-mirror", ...silent, seconds: Number(silent.seconds.toFixed(2))}));
}
