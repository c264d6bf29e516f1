/**
 * `npm run data -- <command>`: the CLI that checks and scheduled CI call (README "CLI contract").
 *
 *   sources                                   one JSON object per registered source
 *   ingest <source-id> <file> --out <dir>     parse one publisher file into Arrow tables in <dir>, after the
 *                                             validation layer (loaders/validation.ts) passes it
 *   manifest [--set <raw-path> --source <id> [--sample|--no-sample] [--seeded T] [--illustrative T]
 *             [--publisher T] [--copy-of T] [--licence T] [--retrieved ISO-date]] [--remove <raw-path>]
 *                                             refresh data/manifest.json from data/raw
 *   check                                     parse every file in the manifest and assemble the snapshot
 *                                             (and cross-check Oflog's restated ASCOF values against it);
 *                                             ends with the validation summary: rules, facts checked, caveats
 */
import {existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import path from "node:path";
import type {CanonicalTables, FactRow, TableName} from "./model.ts";
import {toArrowIPC} from "./model.ts";
import {describeSource, sourceById, SOURCES} from "./sources.ts";
import {isDataError} from "./validate.ts";
import {summariseRevisions} from "./precedence.ts";
import {buildSnapshot, describeRawFile, parseRawFile, readManifest, sha256, writeManifest, type ManifestEntry, RAW_DIR} from "./snapshot.ts";
import {Validator, coverageStats, formatValidationSummary, releaseBefore, textEndingOfFile, type ValidationSummary} from "./validation.ts";
import type {SourceDefinition} from "./families/types.ts";
import {OFLOG_SOURCE_ID, parseOflogAscData} from "./families/workforce/parse-oflog-asc-data.ts";
import {crossCheckOflogAgainstAscof, formatOflogCrossCheck} from "./families/workforce/oflog-crosscheck.ts";

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

function flag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
}

function summarise(sourceId: string, file: string, tables: CanonicalTables, out?: string) {
  const statuses: Record<string, number> = {};
  for (const fact of tables.facts) statuses[fact.status] = (statuses[fact.status] ?? 0) + 1;
  const distinct = (key: "area_code" | "indicator_id" | "period") => [...new Set(tables.facts.map((f) => f[key]))].sort();
  const tableRows: Record<string, number> = {};
  for (const [name, rows] of Object.entries(tables)) if (name !== "notes" && rows && (name === "facts" || rows.length)) tableRows[name] = rows.length;
  return {
    source_id: sourceId, file, rows: tables.facts.length, areas: distinct("area_code").length, indicators: distinct("indicator_id"),
    periods: distinct("period"), statuses, tables: tableRows, ...(tables.notes?.length ? {notes: tables.notes} : {}), ...(out ? {out} : {})
  };
}

/**
 * The validation layer on one file: its own rows, then against the release before it in
 * data/manifest.json (parsed from data/raw) when the manifest has one. Throws a located
 * ValidationError (a DataError) when a rule fails.
 */
async function validateOne(source: SourceDefinition, file: string, tables: CanonicalTables): Promise<ValidationSummary> {
  const validator = new Validator();
  validator.checkFile({file, source, tables, ending: await textEndingOfFile(file)});
  // Only the release immediately before: a deliberate extract of a release with no predecessor in the
  // manifest can be ingested; the snapshot, which publishes, compares with the latest earlier release.
  const before = releaseBefore({source_id: source.id, vintage: source.vintage}, readManifest(), {adjacent: true});
  if (before && existsSync(path.join(RAW_DIR, before.file))) {
    const reference = await parseRawFile(before);
    validator.checkCoverage(file, coverageStats(tables), {entry: before, stats: coverageStats(reference)});
  }
  return validator.summary();
}

/** Parse and validate first, write to a temporary folder beside <dir>, then move each file into place. */
async function ingest(args: string[]) {
  const out = option(args, "--out");
  const [sourceId, file] = args;
  if (!sourceId || !file || !out) throw new UsageError("usage: npm run data -- ingest <source-id> <file> --out <dir>");
  const source = sourceById(sourceId);
  if (!source) throw new UsageError(`unknown source '${sourceId}'; list them with: npm run data -- sources`);
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  // A plain Uint8Array over the Buffer's memory, not a copy (a copy held a 56 MB file twice).
  const buffer = readFileSync(file);
  const tables = await source.parse(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), file);
  // A file that breaks a validation rule is refused here: nothing is written to <dir>.
  const validation = await validateOne(source, file, tables);
  const parent = path.dirname(path.resolve(out));
  mkdirSync(parent, {recursive: true});
  const staging = mkdtempSync(path.join(parent, ".ingest-"));
  try {
    const names: TableName[] = [];
    for (const [name, rows] of Object.entries(tables) as [TableName, object[] | undefined][]) {
      // Only arrays of rows are tables: `notes` and `locations` (a Map, for validation) are not.
      if (!Array.isArray(rows) || (name as string) === "notes" || (name !== "facts" && rows.length === 0)) continue;
      writeFileSync(path.join(staging, `${name}.arrow`), toArrowIPC(name, rows));
      names.push(name);
    }
    mkdirSync(out, {recursive: true});
    for (const name of names) renameSync(path.join(staging, `${name}.arrow`), path.join(out, `${name}.arrow`));
  } finally {
    rmSync(staging, {recursive: true, force: true});
  }
  const checked = {rules: validation.rules.length, facts: validation.facts, violations: validation.violations, caveats: validation.caveats.map((c) => ({rule: c.rule, count: c.count}))};
  console.log(JSON.stringify({...summarise(sourceId, file, tables, out), validation: checked}));
  // The parser's notes (what it recoded, dropped or skipped) are in the summary, and also on stderr for a person reading along.
  for (const note of tables.notes ?? []) console.error(`note: ${note}`);
  for (const caveat of validation.caveats) console.error(`caveat: ${caveat.rule} x${caveat.count}: ${caveat.reason}`);
}

async function manifestCommand(args: string[]) {
  const manifest = readManifest();
  const remove = option(args, "--remove");
  if (remove) {
    if (!manifest.files.some((f) => f.file === remove)) throw new UsageError(`data/manifest.json lists no file ${remove}`);
    manifest.files = manifest.files.filter((f) => f.file !== remove);
  }
  const set = option(args, "--set");
  if (set) {
    const sourceId = option(args, "--source");
    const existing = manifest.files.find((f) => f.file === set);
    const source = sourceById(sourceId ?? existing?.source_id ?? "");
    if (!source) throw new UsageError("--set needs --source <id> for a file not yet in the manifest");
    if (!existsSync(path.join(RAW_DIR, set))) throw new UsageError(`data/raw/${set}: no such file`);
    const entry: ManifestEntry = existing ?? {
      source_id: source.id, file: set, url: source.url, vintage: source.vintage, retrieved_at: new Date().toISOString(),
      sha256: "", bytes: 0, rows: 0, sample: true, seeded: "", illustrative: ""
    };
    if (flag(args, "--sample")) entry.sample = true;
    if (flag(args, "--no-sample")) entry.sample = false;
    const seeded = option(args, "--seeded");
    const illustrative = option(args, "--illustrative");
    if (seeded !== undefined) entry.seeded = seeded;
    if (illustrative !== undefined) entry.illustrative = illustrative;
    const publisher = option(args, "--publisher");
    const copyOf = option(args, "--copy-of");
    const licence = option(args, "--licence");
    const retrieved = option(args, "--retrieved");
    if (publisher !== undefined) entry.publisher = publisher;
    if (copyOf !== undefined) entry.copy_of = copyOf;
    if (licence !== undefined) entry.licence = licence;
    if (retrieved !== undefined) {
      if (Number.isNaN(Date.parse(retrieved))) throw new UsageError(`--retrieved needs an ISO date, not '${retrieved}'`);
      entry.retrieved_at = new Date(retrieved).toISOString();
    }
    if (!existing) manifest.files.push(entry);
  }
  // Re-parse only what changed on disk (or is new): parsing every real file takes a while.
  for (let i = 0; i < manifest.files.length; i++) {
    const entry = manifest.files[i];
    const bytes = readFileSync(path.join(RAW_DIR, entry.file));
    if (entry.file === set || entry.bytes !== bytes.length || entry.sha256 !== sha256(bytes)) manifest.files[i] = await describeRawFile(entry);
  }
  manifest.generated_at = new Date().toISOString();
  writeManifest(manifest);
  for (const entry of manifest.files) console.log(JSON.stringify({file: entry.file, source_id: entry.source_id, rows: entry.rows, bytes: entry.bytes, sample: entry.sample}));
}

/** Oflog's restatements of ASCOF (ASC1 to ASC5) against the snapshot's ASCOF facts: a readable section for `check`. */
function oflogCrossCheckSection(facts: readonly FactRow[]): string[] {
  const entry = readManifest().files.find((f) => f.source_id === OFLOG_SOURCE_ID);
  if (!entry) return [`Oflog cross-check: skipped (data/manifest.json lists no ${OFLOG_SOURCE_ID} file)`];
  const {restated} = parseOflogAscData(new Uint8Array(readFileSync(path.join(RAW_DIR, entry.file))), entry.file);
  return formatOflogCrossCheck(crossCheckOflogAgainstAscof(restated, facts), entry.file);
}

async function check() {
  const snapshot = await buildSnapshot();
  // The tables (arrays of rows); revisions and the validation summary are reported below.
  const summary = Object.fromEntries(Object.entries(snapshot).filter(([name, rows]) => name !== "revisions" && Array.isArray(rows)).map(([name, rows]) => [name, (rows as unknown[]).length]));
  console.log(JSON.stringify({ok: true, tables: summary}));
  // Facts two files give differently (loaders/precedence.ts): counted by pair of sources, then listed.
  console.log(JSON.stringify({revisions: snapshot.revisions.length, by_sources: summariseRevisions(snapshot.revisions)}));
  for (const r of snapshot.revisions) {
    console.log(`revision: ${r.indicator_id} ${r.area_code} ${r.period} ${r.breakdown}: kept ${r.kept.value ?? r.kept.status} (${r.kept.source_id}), set aside ${r.other.value ?? r.other.status} (${r.other.source_id})`);
  }
  for (const line of oflogCrossCheckSection(snapshot.facts)) console.log(line);
  // What the validation layer checked (loaders/validation.ts): one JSON line, then readable lines.
  const validation = snapshot.validation!;
  console.log(JSON.stringify({validation: {
    files: validation.files, facts: validation.facts, rows: validation.rows, rules: validation.rules.length, violations: validation.violations,
    caveats: validation.caveats.map((c) => ({rule: c.rule, count: c.count, reason: c.reason, examples: c.examples.slice(0, 3)}))
  }}));
  for (const line of formatValidationSummary(validation)) console.log(line);
}

async function main(argv: string[]) {
  const [command, ...args] = argv;
  switch (command) {
    case "sources":
      for (const source of SOURCES) console.log(JSON.stringify(describeSource(source)));
      return;
    case "ingest":
      return ingest(args);
    case "manifest":
      return manifestCommand(args);
    case "check":
      return check();
    default:
      throw new UsageError("usage: npm run data -- sources | ingest <source-id> <file> --out <dir> | manifest | check");
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (isDataError(error)) {
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  } else if (error instanceof UsageError) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    console.error(`error: ${(error as Error).message ?? error}`);
    process.exitCode = 1;
  }
});
