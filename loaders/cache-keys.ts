/**
 * Where the data loaders' shared caches live and the keys that say when they are stale (the
 * fast path that reads them is loaders/site-cache.ts).
 *
 * The keys say when a cache is stale: the parsed snapshot's over the manifest (which carries every
 * raw file's sha256) and the code that parses it; the site files' over that plus everything else
 * they are made from. scripts/stale-loader-cache.ts clears Framework's copies under the same key.
 *
 * This module imports Node builtins only, since every loader process pays for its imports.
 */
import {createHash} from "node:crypto";
import {existsSync, readFileSync, readdirSync, statSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CACHE_DIR = path.join(PROJECT_DIR, ".cache");
/** Locks live apart from the caches, whose builders sweep away every folder but the newest. */
export const LOCK_DIR = path.join(CACHE_DIR, "locks");

function filesUnder(dir: string, keep: (file: string) => boolean, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    if (name === ".observablehq" || name === "node_modules") continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) filesUnder(full, keep, out);
    else if (keep(full)) out.push(full);
  }
  return out;
}

const isTs = (file: string) => file.endsWith(".ts");
const rel = (...parts: string[]) => path.join(PROJECT_DIR, ...parts);

/** What the parsed snapshot is made from: the manifest and the code that parses and checks it. */
export function snapshotInputs(): string[] {
  return [rel("data", "manifest.json"), ...filesUnder(rel("loaders"), isTs), ...filesUnder(rel("src", "lib", "domain"), isTs)];
}

/**
 * What the site files are made from besides the snapshot: the change report, the browser modules
 * the council pages' precomputation formats with, the data loaders themselves, the notebooks
 * (their front matter is the notebook index) and which pages exist (the council pages link to the
 * explorers in the build).
 */
export function siteInputs(srcDir = rel("src")): string[] {
  const pages = readdirSync(srcDir).filter((name) => name.endsWith(".md")).sort();
  return [
    ...snapshotInputs(),
    rel("data", "changes.json"),
    ...filesUnder(path.join(srcDir, "lib"), isTs),
    ...filesUnder(srcDir, (f) => /\.[a-z0-9]+\.(ts|js|py|sh)$/i.test(path.basename(f))),
    ...filesUnder(path.join(srcDir, "notebooks"), (f) => f.endsWith(".md")),
    ...pages.map((page) => path.join(srcDir, page))
  ];
}

/**
 * What a council page's first paint is drawn with besides its JSON: the components and the
 * script that draws and writes it (scripts/first-paint.ts).
 */
export function firstPaintInputs(srcDir = rel("src")): string[] {
  return [...filesUnder(path.join(srcDir, "components"), isTs), ...filesUnder(path.join(srcDir, "lib"), isTs), rel("scripts", "first-paint.ts")];
}

/** A short hash over files' paths (relative to the project, so a clone elsewhere agrees) and contents; a missing file counts as empty. */
export function keyOf(files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of [...new Set(files)]) hash.update(path.relative(PROJECT_DIR, file)).update("\0").update(existsSync(file) ? readFileSync(file) : "").update("\0");
  return hash.digest("hex").slice(0, 24);
}

export function siteCacheDir(): string {
  return path.join(CACHE_DIR, "site", keyOf(siteInputs()));
}

export function siteLockFile(dir = siteCacheDir()): string {
  return path.join(LOCK_DIR, `site-${path.basename(dir)}.lock`);
}

