/**
 * Build the site's data files (loaders/site-outputs.ts) into their cache before Framework asks
 * for them. `prebuild` and `predev` run it with --background: it starts the build in a detached
 * process and returns at once, so the snapshot is parsed on the second core while Framework
 * parses the pages on the first; the data loaders, which Framework runs later and one at a time,
 * then find their files waiting (loaders/site-cache.ts); it then draws the council pages' first
 * paint for the postbuild (scripts/first-paint.ts). If the background build fails, the first
 * data loader builds again itself and fails the build with the located error, so nothing is
 * published from a half-built snapshot either way. ASC_NO_WARM=1 turns the warm-up off.
 *
 * Usage: tsx scripts/warm-data.ts [--background]
 */
import {spawn} from "node:child_process";
import {randomUUID} from "node:crypto";
import {existsSync, mkdirSync, openSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {claimLock, TOKEN_ENV} from "../loaders/build-lock.ts";
import {CACHE_DIR, LOCK_DIR, siteCacheDir, siteLockFile} from "../loaders/cache-keys.ts";
import {siteOutputsDir} from "../loaders/site-cache.ts";

const script = fileURLToPath(import.meta.url);
const projectDir = path.resolve(path.dirname(script), "..");
const dir = siteCacheDir();

if (process.env.ASC_NO_WARM === "1") {
  console.log("site data warm-up off (ASC_NO_WARM=1)");
} else if (existsSync(path.join(dir, "complete"))) {
  console.log(`site data cached (${path.relative(projectDir, dir)})`);
} else if (process.argv.includes("--background")) {
  mkdirSync(LOCK_DIR, {recursive: true});
  const logFile = path.join(CACHE_DIR, "warm-data.log");
  const log = openSync(logFile, "w");
  const token = randomUUID();
  const child = spawn(path.join(projectDir, "node_modules", ".bin", "tsx"), [script], {cwd: projectDir, detached: true, stdio: ["ignore", log, log], env: {...process.env, [TOKEN_ENV]: token}});
  // Claim the lock for the child before it starts, so a data loader that starts first waits for it.
  if (child.pid !== undefined && claimLock(siteLockFile(dir), child.pid, token)) {
    child.unref();
    console.log(`building the site data in the background (pid ${child.pid}, log ${path.relative(projectDir, logFile)})`);
  } else {
    child.kill();
    console.log("site data: another process is already building it");
  }
} else {
  const started = performance.now();
  await siteOutputsDir();
  console.log(`site data built in ${Math.round(performance.now() - started)} ms (${path.relative(projectDir, dir)})`);
  // The council pages' first paint (scripts/first-paint.ts), drawn while Framework renders the
  // pages; if this fails, the postbuild draws them itself and reports what is wrong.
  const drawing = performance.now();
  try {
    const {councilJsons, firstPaintsOf} = await import("./first-paint.ts");
    const {paints} = await firstPaintsOf(dir, () => councilJsons(dir));
    console.log(`council pages' first paint drawn for ${Object.keys(paints).length} councils in ${Math.round(performance.now() - drawing)} ms`);
  } catch (error) {
    console.error(`council pages' first paint not drawn: ${(error as Error).message}`);
  }
}
