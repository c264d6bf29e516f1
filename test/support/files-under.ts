import {existsSync, readdirSync} from "node:fs";
import path from "node:path";

/** Every file under `dir` (recursively) whose name matches: a test's list of fixtures or real files; none when `dir` is absent. */
export function filesUnder(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
