/**
 * Parse the raw files on more than one core. Parsing is most of a snapshot's assembly (the
 * publishers' spreadsheets above all), each file is parsed on its own, and a fresh clone's build
 * otherwise parses them one after another on one core. A second process (loaders/parse-worker.ts)
 * works through the same list as this one, largest first: each file goes to whichever process
 * claims it first (an exclusive file create in a shared folder, so no messages are needed while
 * this process is busy parsing), and the worker's results come back as files in the V8
 * serialisation format, so every value survives exactly as parsed.
 *
 * Nothing about a result depends on where it was parsed: buildSnapshot still takes the files in
 * manifest order. A file the worker could not parse, or a worker that died, is parsed again here,
 * so its error is the same located DataError a sequential parse would throw.
 */
import {spawn} from "node:child_process";
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {availableParallelism, tmpdir} from "node:os";
import path from "node:path";
import {deserialize} from "node:v8";
import {fileURLToPath} from "node:url";
import {withLocations, type CanonicalTables, type RowOrigin} from "./model.ts";
import {createExclusive} from "./build-lock.ts";

export interface ParseJob {
  source_id: string;
  file: string;
}

type ParseOne = (entry: ParseJob, rawDir: string) => Promise<CanonicalTables>;

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WORKER = path.join(PROJECT_DIR, "loaders", "parse-worker.ts");
const TSX = path.join(PROJECT_DIR, "node_modules", ".bin", "tsx");
/**
 * Parse time per kilobyte of file by kind, measured on the real snapshot (2-core machine, quiet,
 * with the XLSX and ODS readers of loaders/read/xlsx.ts and ods.ts): an ODS costs most per byte,
 * a gzipped CSV (which expands about twentyfold) next; an .xlsx or a legacy .xls, of which one
 * sheet is read (read/biff.ts for the .xls), and a plain CSV cost least. Used only to order the
 * list (largest first, so neither process is left with a big file at the end) and to decide
 * whether a second process is worth starting.
 */
const MS_PER_KB: readonly [RegExp, number][] = [[/\.ods$/i, 0.5], [/\.xlsx$/i, 0.08], [/\.xls$/i, 0.08], [/\.gz$/i, 0.45], [/\.json$/i, 0.15], [/./, 0.02]];
/**
 * Below this estimated parse time a second process costs more than it saves: about a second of
 * CPU to start, while Framework has the other core during a build. With the real snapshot's files
 * (about 3.5 s of parsing since the XLSX and ODS readers) one process was faster: a fresh-clone
 * build took 23.9 s against 25.8 s with two (median of two builds each, side by side).
 */
export const PARALLEL_MIN_MS = 4000;

/** The estimated parse time of a file of this name and size, in ms. */
export function estimatedParseMs(file: string, bytes: number): number {
  return (bytes / 1024) * MS_PER_KB.find(([pattern]) => pattern.test(file))![1];
}

function useWorker(totalMs: number): boolean {
  if (process.env.ASC_PARSE_WORKERS === "1") return false;
  return availableParallelism() > 1 && totalMs >= PARALLEL_MIN_MS && existsSync(TSX);
}

/** Take job `index` of the shared list for this process; false when the other process has. */
export function claimJob(dir: string, index: number): boolean {
  return createExclusive(path.join(dir, `${index}.claim`));
}

/**
 * Every job's parse, as promises keyed by file; none rejects before it is awaited (a failure is
 * held until buildSnapshot reaches that file).
 */
export function parseAll(jobs: readonly ParseJob[], rawDir: string, parseHere: ParseOne, options: {worker?: boolean} = {}): Map<string, Promise<CanonicalTables>> {
  const cost = (job: ParseJob) => {
    try {
      return estimatedParseMs(job.file, statSync(path.join(rawDir, job.file)).size);
    } catch {
      return 0; // A missing file fails in its parse, with the parser's message.
    }
  };
  const ordered = [...jobs].sort((a, b) => cost(b) - cost(a));
  const results = new Map<string, Promise<CanonicalTables>>();
  // `worker` forces the choice (tests); by default a second process only when it would pay for itself.
  const worker = (options.worker ?? useWorker(ordered.reduce((sum, job) => sum + cost(job), 0))) ? startWorker(ordered, rawDir) : null;
  // This process's claims, one after another (parsing is synchronous work), then the worker's results.
  let chain: Promise<unknown> = Promise.resolve();
  const theirs: number[] = [];
  ordered.forEach((job, index) => {
    const result = chain.then(() => {
      if (worker && !claimJob(worker.dir, index)) {
        theirs.push(index);
        return null;
      }
      return parseHere(job, rawDir);
    });
    chain = result.catch(() => undefined);
    results.set(job.file, result.then((tables) => tables ?? worker!.result(index).then((done) => done ?? parseHere(job, rawDir))));
  });
  for (const result of results.values()) result.catch(() => undefined);
  if (worker) void Promise.allSettled(results.values()).then(() => rmSync(worker.dir, {recursive: true, force: true}));
  return results;
}

/** A worker's result, with the row locations validation names rows by. */
function fromWorker(bytes: Buffer): CanonicalTables {
  const {tables, locations} = deserialize(bytes) as {tables: CanonicalTables; locations: Map<object, RowOrigin> | null};
  return locations ? withLocations(tables, locations) : tables;
}

/** Start the worker on the shared list: its result for a job (null where this process must parse that job itself). */
function startWorker(jobs: readonly ParseJob[], rawDir: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "asc-parse-"));
  writeFileSync(path.join(dir, "jobs.json"), JSON.stringify({rawDir, jobs}));
  const child = spawn(TSX, [WORKER, dir], {cwd: PROJECT_DIR, stdio: ["ignore", "ignore", "pipe"]});
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<void>((resolve) => {
    child.on("exit", () => resolve());
    child.on("error", () => resolve());
  }).then(() => {
    if (stderr.trim()) process.stderr.write(`parse worker (its files are parsed again here): ${stderr.trim().split("\n").slice(-3).join("\n")}\n`);
  });
  const outFile = (index: number) => path.join(dir, `${index}.v8`);
  return {
    dir,
    result: (index: number) => exited.then(() => (existsSync(outFile(index)) ? fromWorker(readFileSync(outFile(index))) : null))
  };
}
