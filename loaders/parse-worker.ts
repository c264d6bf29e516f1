/**
 * The second process of loaders/parallel-parse.ts: works through the job folder's list of raw
 * files, parsing each one it claims before the parent does, with its source's parser, and writes
 * each file's tables, V8-serialised, as `<index>.v8` in the job folder. A file that fails is skipped (no output): the parent parses it again and reports its error.
 *
 * Usage (by parallel-parse.ts only): tsx loaders/parse-worker.ts <job folder>
 */
import {readFileSync, renameSync, writeFileSync} from "node:fs";
import path from "node:path";
import {serialize} from "node:v8";
import {parseRawFile} from "./snapshot.ts";
import {claimJob, type ParseJob} from "./parallel-parse.ts";

const dir = process.argv[2];
const {rawDir, jobs} = JSON.parse(readFileSync(path.join(dir, "jobs.json"), "utf-8")) as {rawDir: string; jobs: ParseJob[]};
for (const [index, job] of jobs.entries()) {
  if (!claimJob(dir, index)) continue;
  try {
    const tables = await parseRawFile(job, rawDir);
    const out = path.join(dir, `${index}.v8`);
    // The row locations are a non-enumerable Map keyed by the rows themselves: serialised in the
    // same message as the tables, its keys come back as the same objects.
    writeFileSync(`${out}.tmp`, serialize({tables, locations: tables.locations ?? null}));
    renameSync(`${out}.tmp`, out);
  } catch (error) {
    process.stderr.write(`${job.file}: ${(error as Error).message}\n`);
  }
}
