/**
 * Framework's build reuses a data loader's cached output whenever it exists, however old
 * (observablehq/framework#1148, #1242). After a refresh or a loader change that would publish
 * stale data, so before every build and preview this clears the cached loader outputs when any
 * of their inputs changed: the manifest (which carries every raw file's sha256), the change
 * report, the loader code, the browser modules loaders share, and the data loaders themselves. Framework's own module caches (`_npm`, `_node`, ...) stay.
 *
 * Usage: tsx scripts/stale-loader-cache.ts [root=src]
 */
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from "node:fs";
import path from "node:path";

const root = process.argv[2] ?? "src";
const cache = path.join(root, ".observablehq", "cache");
const stamp = path.join(cache, ".loader-inputs");

function walk(dir: string, keep: (file: string) => boolean, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    if (name === ".observablehq" || name === "node_modules") continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, keep, out);
    else if (keep(full)) out.push(full);
  }
  return out;
}

const inputs = [
  "data/manifest.json",
  "data/changes.json",
  ...walk("loaders", (f) => f.endsWith(".ts")),
  // Browser modules that data loaders import too (formatting, statistics, council page shapes).
  ...walk(path.join(root, "lib"), (f) => f.endsWith(".ts")),
  ...walk(path.join(root, "components"), (f) => f.endsWith(".ts")),
  // Framework data loaders: any src file with a double extension ending in an interpreter's.
  ...walk(root, (f) => /\.[a-z0-9]+\.(ts|js|py|sh)$/i.test(path.basename(f))),
  ...walk(path.join(root, "notebooks"), (f) => f.endsWith(".md"))
];
const hash = createHash("sha256");
for (const file of inputs) hash.update(file).update(existsSync(file) ? readFileSync(file) : "");
const key = hash.digest("hex");

if (existsSync(stamp) && readFileSync(stamp, "utf-8") === key) {
  console.log("data loader cache is up to date");
} else {
  let removed = 0;
  if (existsSync(cache)) {
    for (const entry of readdirSync(cache)) {
      if (entry.startsWith("_") || entry.startsWith(".")) continue; // Framework's module caches
      rmSync(path.join(cache, entry), {recursive: true, force: true});
      removed++;
    }
  }
  mkdirSync(cache, {recursive: true});
  writeFileSync(stamp, key);
  console.log(removed ? `data loader inputs changed: cleared ${removed} cached loader output folder(s)` : "data loader cache primed");
}
