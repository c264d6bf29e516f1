/**
 * The fast path of every site data loader. Framework runs each data loader (src/data/*.ts) in a
 * process of its own, one after another; each used to load the whole parsed snapshot to write one
 * file, a second or five apiece. Now one process builds every site file at once
 * (loaders/site-outputs.ts) into `.cache/site/<key>/` (loaders/cache-keys.ts), and each loader
 * only copies its file from there: `await emitSiteOutput("areas.arrow")`. The build's warm-up
 * (scripts/warm-data.ts, started by `prebuild`) builds that folder on the second core while
 * Framework is still parsing pages, so by the time the loaders run the files are waiting.
 *
 * Node builtins only, besides the lock and the keys: every loader process pays for its imports.
 */
import {existsSync, mkdirSync, readFileSync} from "node:fs";
import path from "node:path";
import {buildOnce} from "./build-lock.ts";
import {LOCK_DIR, siteCacheDir, siteLockFile} from "./cache-keys.ts";

/** The folder of every site file, built first unless cached or being built by another process. */
export async function siteOutputsDir(): Promise<string> {
  const dir = siteCacheDir();
  const done = () => existsSync(path.join(dir, "complete"));
  mkdirSync(LOCK_DIR, {recursive: true});
  await buildOnce(siteLockFile(dir), done, async () => {
    const {buildSiteOutputs} = await import("./site-outputs.ts");
    await buildSiteOutputs(dir);
  });
  return dir;
}

/**
 * The bytes of one site file (its name under src/data/, e.g. "facts-reablement.arrow"), building
 * every site file first unless they are cached or being built by another process.
 */
export async function siteOutput(name: string): Promise<Buffer> {
  const dir = await siteOutputsDir();
  const file = path.join(dir, name);
  if (!existsSync(file)) throw new Error(`${name} is not one of the site's data files (loaders/site-outputs.ts SITE_OUTPUTS)`);
  return readFileSync(file);
}

/** A data loader's whole body: write its file to standard output. */
export async function emitSiteOutput(name: string): Promise<void> {
  const bytes = await siteOutput(name);
  await new Promise<void>((resolve, reject) => process.stdout.write(bytes, (error) => (error ? reject(error) : resolve())));
}
