/**
 * Parsing on two cores (loaders/parallel-parse.ts): the files the second process parses come back
 * exactly as a parse in this process gives them, row locations included, and a file it cannot
 * parse is parsed again here, so its error is the same located DataError.
 */
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {parseAll} from "../loaders/parallel-parse.ts";
import {parseRawFile, RAW_DIR, readManifest} from "../loaders/snapshot.ts";
import {DataError} from "../loaders/validate.ts";

describe("parseAll with a second process", () => {
  it("gives the same tables and row locations as parsing here, and the same DataError for a broken file", async () => {
    const manifest = readManifest();
    const pick = (file: string) => manifest.files.find((f) => f.file === file)!;
    const good = [pick("safeguarding/sac-2016-17.csv"), pick("cqc/la-assessments.csv"), pick("workforce/ot-employment-profile-2024-09.csv")];
    const rawDir = mkdtempSync(path.join(tmpdir(), "parallel-parse-"));
    for (const entry of good) {
      mkdirSync(path.dirname(path.join(rawDir, entry.file)), {recursive: true});
      copyFileSync(path.join(RAW_DIR, entry.file), path.join(rawDir, entry.file));
    }
    // The same file cut off mid-row, under a name of its own.
    const broken = {source_id: good[0].source_id, file: "safeguarding/sac-truncated.csv"};
    const text = readFileSync(path.join(RAW_DIR, good[0].file), "utf-8");
    writeFileSync(path.join(rawDir, broken.file), text.slice(0, Math.floor(text.length / 2)).replace(/,[^,\n]*$/, ","));
    const jobs = [...good, broken];

    // This process is slowed so the worker (about a second to start) gets files to parse.
    const parsedHere: string[] = [];
    const slowHere = async (entry: {source_id: string; file: string}, dir: string) => {
      parsedHere.push(entry.file);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      return parseRawFile(entry, dir);
    };
    const parallel = parseAll(jobs, rawDir, slowHere, {worker: true});
    for (const entry of good) {
      const here = await parseRawFile(entry, rawDir);
      const there = await parallel.get(entry.file)!;
      expect(there.facts, entry.file).toEqual(here.facts);
      expect(there.groups ?? [], entry.file).toEqual(here.groups ?? []);
      expect(there.cqc_assessments ?? [], entry.file).toEqual(here.cqc_assessments ?? []);
      expect(there.facts.map((f) => there.locations?.get(f)), entry.file).toEqual(here.facts.map((f) => here.locations?.get(f)));
    }
    expect(good.filter((entry) => !parsedHere.includes(entry.file)).length, "files the worker parsed").toBeGreaterThan(0);
    const sequential = await parseRawFile(broken, rawDir).catch((error) => error as Error);
    const fromParallel = await parallel.get(broken.file)!.catch((error) => error as Error);
    expect(sequential).toBeInstanceOf(DataError);
    expect(fromParallel).toBeInstanceOf(DataError);
    expect((fromParallel as Error).message).toBe((sequential as Error).message);
  }, 60_000);
});
