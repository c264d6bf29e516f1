/**
 * `npm run bench`: runs every benchmark module under scripts/bench/*.ts, one after another.
 *
 * A module exports one or more async functions named `bench*` that take no arguments and return an
 * object of figures (numbers, strings, nested objects). The runner prints one line per figure,
 * `<module>.<function>.<figure> = <value>`, then a JSON summary, also written to
 * bench-results/latest.json. A module that fails to import, or a function that throws, is reported
 * and the rest still run; the exit status is 1 if anything failed. A module that exports no bench*
 * function is a helper shared by the others (bare-project.ts) and is skipped, unless named.
 * A function's `table` figure (a Markdown table, floor.ts's comparisons) is printed after the
 * JSON, at the very end, rather than as a line.
 *
 *   npm run bench                      # everything (site.ts last: it builds the site)
 *   npm run bench -- ascof cqc         # only these modules
 *   npm run bench -- benchFirstChart   # only this function
 */
import {execFileSync} from "node:child_process";
import {mkdirSync, readdirSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const benchDir = path.join(projectDir, "scripts", "bench");
const resultsDir = path.join(projectDir, "bench-results");

type Figures = Record<string, unknown>;
interface Outcome {
  ok: boolean;
  seconds: number;
  figures?: Figures;
  error?: string;
}

/** Modules that build or drive a browser run last, so quick ingest figures come first. */
const LAST = ["refresh", "floor", "site"];

function moduleOrder(a: string, b: string): number {
  const rank = (name: string) => LAST.indexOf(name);
  return rank(a) - rank(b) || a.localeCompare(b);
}

function formatValue(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** `{a: {b: 1}, c: [1, 2]}` → [["a.b", 1], ["c", [1, 2]]] */
function flatten(figures: unknown, prefix: string): [string, unknown][] {
  if (figures === null || typeof figures !== "object" || Array.isArray(figures)) return [[prefix, figures]];
  const entries = Object.entries(figures as Figures);
  if (entries.length === 0) return [[prefix, "{}"]];
  return entries.flatMap(([key, value]) => flatten(value, `${prefix}.${key}`));
}

function gitCommit(): string | undefined {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], {cwd: projectDir, encoding: "utf-8", stdio: ["ignore", "pipe", "ignore"]}).trim();
  } catch {
    return undefined;
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack?.split("\n").slice(0, 6).join("\n") ?? error.message;
  return String(error);
}

async function main() {
  const filters = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
  const modules = readdirSync(benchDir)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.endsWith(".d.ts"))
    .map((file) => file.slice(0, -3))
    .sort(moduleOrder);
  const started = new Date();
  const results: Record<string, Record<string, Outcome>> = {};
  let failures = 0;
  const tables: [string, string][] = [];
  console.log(`bench: ${modules.length} modules in ${path.relative(projectDir, benchDir)}/ (${modules.join(", ")})${filters.length ? `; only ${filters.join(", ")}` : ""}`);

  for (const name of modules) {
    const moduleSelected = filters.length === 0 || filters.includes(name);
    let exports: Record<string, unknown>;
    const importStart = performance.now();
    try {
      exports = await import(pathToFileURL(path.join(benchDir, `${name}.ts`)).href);
    } catch (error) {
      if (!moduleSelected) continue;
      failures++;
      results[name] = {import: {ok: false, seconds: (performance.now() - importStart) / 1000, error: errorText(error)}};
      console.log(`${name}: FAILED to import: ${errorText(error).split("\n")[0]}`);
      continue;
    }
    const functions = Object.entries(exports).filter(([key, value]) => key.startsWith("bench") && typeof value === "function");
    for (const [fn, run] of functions) {
      if (!moduleSelected && !filters.includes(fn)) continue;
      const label = `${name}.${fn}`;
      console.log(`${label}: running …`);
      const start = performance.now();
      let outcome: Outcome;
      try {
        const figures = (await (run as () => Promise<unknown>)()) ?? {};
        const asObject = typeof figures === "object" && !Array.isArray(figures) ? (figures as Figures) : {value: figures};
        outcome = {ok: true, seconds: (performance.now() - start) / 1000, figures: asObject};
        for (const [key, value] of flatten(asObject, label)) {
          if (key === `${label}.table` && typeof value === "string") tables.push([label, value]);
          else console.log(`${key} = ${formatValue(value)}`);
        }
      } catch (error) {
        failures++;
        outcome = {ok: false, seconds: (performance.now() - start) / 1000, error: errorText(error)};
        console.log(`${label}: FAILED: ${errorText(error).split("\n")[0]}`);
      }
      (results[name] ??= {})[fn] = outcome;
    }
    if (functions.length === 0 && !filters.includes(name)) continue; // a helper module
    if (moduleSelected && functions.length === 0) {
      failures++;
      results[name] = {import: {ok: false, seconds: 0, error: "the module exports no bench* function"}};
      console.log(`${name}: FAILED: exports no bench* function`);
    }
  }

  const summary = {
    started: started.toISOString(),
    finished: new Date().toISOString(),
    commit: gitCommit(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version
    },
    failures,
    results
  };
  mkdirSync(resultsDir, {recursive: true});
  const json = JSON.stringify(summary, null, 2);
  writeFileSync(path.join(resultsDir, "latest.json"), json + "\n");
  console.log(json);
  for (const [label, table] of tables) console.log(`\n${label}:\n\n${table}\n`);
  console.log(`bench: ${failures === 0 ? "all ran" : `${failures} failed`}; written to ${path.relative(projectDir, path.join(resultsDir, "latest.json"))}`);
  // Exit explicitly: a bench that leaves a handle open (server, browser) must not hang the run.
  process.exit(failures > 0 ? 1 : 0);
}

await main();
