/**
 * Framework's build reuses a data loader's cached output whenever it exists, however old
 * (observablehq/framework#1148, #1242). After a refresh or a loader change that would publish
 * stale data, so before every build and preview this clears the cached loader outputs when any
 * of their inputs changed: the same inputs, under the same key, as the site files' own cache
 * (loaders/cache-keys.ts siteInputs). Framework's own module caches (`_npm`, `_node`, ...) stay.
 *
 * Usage: tsx scripts/stale-loader-cache.ts [root=src]
 */
import {existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync} from "node:fs";
import path from "node:path";
import {keyOf, siteInputs} from "../loaders/cache-keys.ts";

const root = process.argv[2] ?? "src";
const cache = path.join(root, ".observablehq", "cache");
const stamp = path.join(cache, ".loader-inputs");

const key = keyOf(siteInputs(path.resolve(root)));

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
