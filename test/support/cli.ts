/** Running `npm run data -- …` from tests, and comparing an output folder before and after. */
import {execFile} from "node:child_process";
import {readFileSync, readdirSync} from "node:fs";
import {expect} from "vitest";
import path from "node:path";
import {promisify} from "node:util";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");

/** `tsx loaders/cli.ts <args>`: its exit code and output, whether it succeeds or not. */
export async function cli(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const {stdout, stderr} = await run(TSX, ["loaders/cli.ts", ...args], {maxBuffer: 64 * 1024 * 1024});
    return {code: 0, stdout, stderr};
  } catch (error) {
    const e = error as {code: number; stdout: string; stderr: string};
    return {code: e.code, stdout: e.stdout, stderr: e.stderr};
  }
}

/** Every file of a folder as base64, to compare byte for byte. */
export function snapshotDir(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name)).toString("base64")]));
}

/**
 * `ingest <sourceId> <file> --out <out>` must fail: non-zero, nothing on stdout, a message naming the
 * file and matching `message`, and `out` byte for byte as it was.
 */
export async function expectIngestRefused(sourceId: string, file: string, out: string, message: RegExp): Promise<void> {
  const before = snapshotDir(out);
  const {code, stdout, stderr} = await cli("ingest", sourceId, file, "--out", out);
  expect(code).not.toBe(0);
  expect(stdout).toBe("");
  expect(stderr).toContain(file);
  expect(stderr).toMatch(message);
  expect(snapshotDir(out)).toEqual(before);
}
