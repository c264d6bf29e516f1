/** Temporary folders for a test file, removed when its tests are done. */
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll} from "vitest";

/** A `tempDir()` for the calling test file: each call gives a new empty folder; all are removed after its tests. */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, {recursive: true, force: true});
  });
  return () => {
    const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
    made.push(dir);
    return dir;
  };
}
