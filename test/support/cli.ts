/** Running `npm run data -- …` from tests, and comparing an output folder before and after. */
import {execFile} from "node:child_process";
import {readFileSync, readdirSync} from "node:fs";
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
