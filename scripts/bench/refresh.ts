/**
 * Refresh benchmark: a full `npm run refresh` of every fetchable source, from a local mirror
 * serving the current data/raw files at the publishers' paths (landing pages included), into a
 * temporary raw folder and manifest. The temporary folder starts with the curated files (they
 * are never fetched, and the snapshot needs them to assemble) and none of the fetched ones, so
 * every source is downloaded, parsed, assembled and committed: the full cost of a refresh minus
 * the network.
 *
 *   npx tsx scripts/bench/refresh.ts
 *
 * `sources` counts sources refreshed; `seconds` covers runRefresh only (not the mirror's start).
 */
import {cpSync, mkdtempSync, rmSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {isFetchable, runRefresh} from "../../loaders/refresh.ts";
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchRefresh();
  console.log(JSON.stringify({bench: "refresh", ...result, seconds: Number(result.seconds.toFixed(2))}));
}
