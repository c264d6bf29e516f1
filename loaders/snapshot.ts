/**
 * The snapshot: the raw files in data/raw/ as listed in data/manifest.json, assembled into the
 * canonical tables. Also the atomic file operations the CLI and the refresh use, so that a
 * failure never leaves a half-written file or a half-built dataset behind.
 */
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";
import type {AreaRow, CanonicalTables, FactRow, GroupRow, IndicatorRow, SnapshotRow, TableName} from "./model.ts";
import {factKey, fromArrowIPC, toArrowIPC} from "./model.ts";
import {sourceById, DERIVATIONS, SOURCES} from "./sources.ts";
import {indicatorById, indicatorRows} from "./indicators.ts";
import {areaRows, builtInGroups, isKnownAreaCode} from "./families/geography/index.ts";
import {RETIRED_COUNCILS} from "./families/geography/index.ts";
import {FactResolver, type Revision} from "./precedence.ts";
import {buildOnce} from "./build-lock.ts";
import {parseAll} from "./parallel-parse.ts";
import {CACHE_DIR, LOCK_DIR, keyOf, snapshotInputs} from "./cache-keys.ts";
import {Validator, coverageStats, releaseBefore, textEndingOfFile, type CoverageStats, type ValidationSummary} from "./validation.ts";

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const RAW_DIR = path.join(PROJECT_DIR, "data", "raw");
export const MANIFEST_PATH = path.join(PROJECT_DIR, "data", "manifest.json");

export interface ManifestEntry {
  source_id: string;
  /** Path under data/raw/, forward slashes. */
  file: string;
  url: string;
  vintage: string;
  retrieved_at: string;
  sha256: string;
  bytes: number;
  rows: number;
  /** True when the file is the built-in sample rather than a publisher download. */
  sample: boolean;
  /** Which figures come from the seed papers (seed and line), or "". */
  seeded: string;
  /** What is illustrative (made up to look plausible), or "". */
  illustrative: string;
  /** Who published the figures (for a real file). */
  publisher?: string;
  /** Where this copy came from when it is not the publisher's own download: a repository, commit and path. */
  copy_of?: string;
  /** The licence the figures are published under, e.g. "Open Government Licence v3.0". */
  licence?: string;
}

export interface Manifest {
  generated_at: string;
  files: ManifestEntry[];
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function readManifest(manifestPath = MANIFEST_PATH): Manifest {
  if (!existsSync(manifestPath)) return {generated_at: new Date(0).toISOString(), files: []};
  return JSON.parse(readFileSync(manifestPath, "utf-8")) as Manifest;
}

/** Write a file so that readers see either the old or the new content, never a partial one. */
export function writeFileAtomic(file: string, content: Uint8Array | string): void {
  mkdirSync(path.dirname(file), {recursive: true});
  const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(temp, content);
  renameSync(temp, file);
}

export function writeManifest(manifest: Manifest, manifestPath = MANIFEST_PATH): void {
  const order = new Map(SOURCES.map((s, i) => [s.id, i]));
  manifest.files.sort((a, b) => (order.get(a.source_id) ?? 1e9) - (order.get(b.source_id) ?? 1e9) || a.file.localeCompare(b.file));
  writeFileAtomic(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
}

function countRows(tables: CanonicalTables): number {
  return tables.facts.length + (tables.groups?.length ?? 0) + (tables.cqc_assessments?.length ?? 0) + (tables.cqc_locations?.length ?? 0) + (tables.areas?.length ?? 0);
}

/** How a raw file is named in messages: relative to the project when it is inside it. */
export function rawFileDisplayName(file: string, rawDir = RAW_DIR): string {
  const full = path.join(rawDir, file);
  const display = path.relative(PROJECT_DIR, full) || full;
  return display.startsWith("..") ? full : display;
}

/** Parse one raw file with its source's parser. */
export async function parseRawFile(entry: Pick<ManifestEntry, "source_id" | "file">, rawDir = RAW_DIR): Promise<CanonicalTables> {
  const source = sourceById(entry.source_id);
  if (!source) throw new Error(`data/manifest.json lists ${entry.file} under source '${entry.source_id}', which is not registered (npm run data -- sources)`);
  return source.parse(new Uint8Array(readFileSync(path.join(rawDir, entry.file))), rawFileDisplayName(entry.file, rawDir));
}

/** Bring a manifest entry up to date with the file on disk (sha256, bytes, rows). */
export async function describeRawFile(entry: ManifestEntry, rawDir = RAW_DIR): Promise<ManifestEntry> {
  const bytes = new Uint8Array(readFileSync(path.join(rawDir, entry.file)));
  const tables = await parseRawFile(entry, rawDir);
  return {...entry, sha256: sha256(bytes), bytes: bytes.length, rows: countRows(tables)};
}

export interface Snapshot {
  facts: FactRow[];
  areas: AreaRow[];
  groups: GroupRow[];
  indicators: IndicatorRow[];
  cqc_assessments: NonNullable<CanonicalTables["cqc_assessments"]>;
  cqc_locations: NonNullable<CanonicalTables["cqc_locations"]>;
  snapshot: SnapshotRow[];
  /** Facts two files gave differently: which was kept and which set aside (loaders/precedence.ts). */
  revisions: Revision[];
  /** What the validation layer checked (loaders/validation.ts): rules, facts, and the caveats real files carry. */
  validation?: ValidationSummary;
}

export interface BuildOptions {
  /** Today, for the validation's date rules (default: now). */
  now?: Date;
  /** Where the manifest is, for messages about its dates (default data/manifest.json). */
  manifestFile?: string;
}

/**
 * Assemble every raw file into one set of canonical tables. When two files give the same fact
 * (DHSC's time series and the annual file of 2018-19 both carry it), loaders/precedence.ts decides
 * which is kept, and every disagreement between them is kept as a revision.
 * `parse` lets the refresh reuse tables it has already parsed (default: parse each file).
 *
 * Every file's rows pass loaders/validation.ts before any is used: plausibility, consistency and
 * dates as each file is read, then each file against the release before it in the manifest. A
 * file that breaks a rule stops the assembly with a located DataError (ValidationError); the
 * snapshot carries the summary (rules, facts checked, caveats).
 */
export async function buildSnapshot(manifest = readManifest(), rawDir = RAW_DIR, parse: typeof parseRawFile = parseRawFile, options: BuildOptions = {}): Promise<Snapshot> {
  const validator = new Validator({now: options.now});
  const manifestFile = options.manifestFile ?? (path.relative(PROJECT_DIR, MANIFEST_PATH) || MANIFEST_PATH);
  const stats = new Map<string, CoverageStats>();
  const resolver = new FactResolver();
  const areas = new Map<string, AreaRow>(areaRows().map((a) => [a.code, a]));
  const groups: GroupRow[] = [...builtInGroups()];
  const cqc_assessments: Snapshot["cqc_assessments"] = [];
  const cqc_locations: Snapshot["cqc_locations"] = [];
  // Parsed ahead, on two cores where there are two (loaders/parallel-parse.ts), and used in manifest order.
  const parsedAhead = parse === parseRawFile ? parseAll(manifest.files, rawDir, parseRawFile) : null;
  for (const [order, entry] of manifest.files.entries()) {
    const tables = await (parsedAhead?.get(entry.file) ?? parse(entry, rawDir));
    const display = rawFileDisplayName(entry.file, rawDir);
    validator.checkFile({
      file: display, source: sourceById(entry.source_id), source_id: entry.source_id, tables,
      ending: await textEndingOfFile(path.join(rawDir, entry.file)),
      retrieved: {at: entry.retrieved_at, manifest: manifestFile, entry: entry.file}
    });
    stats.set(entry.file, coverageStats(tables));
    const rank = {sample: entry.sample, compilation: sourceById(entry.source_id)?.compilation ?? false, vintage: entry.vintage, order};
    for (const fact of tables.facts) resolver.add(factKey(fact), fact, rank);
    for (const area of tables.areas ?? []) areas.set(area.code, area);
    groups.push(...(tables.groups ?? []));
    cqc_assessments.push(...(tables.cqc_assessments ?? []));
    cqc_locations.push(...(tables.cqc_locations ?? []));
  }
  // Each file against the release before it (the same series and layout, the latest earlier vintage), now that all are read.
  for (const entry of manifest.files) {
    const before = releaseBefore(entry, manifest);
    if (before && stats.has(before.file)) validator.checkCoverage(rawFileDisplayName(entry.file, rawDir), stats.get(entry.file)!, {entry: before, stats: stats.get(before.file)!});
  }
  const {facts: parsed, revisions} = resolver.resolve();
  const facts = new Map<string, FactRow>(parsed.map((fact) => [factKey(fact), fact]));
  for (const derive of DERIVATIONS) {
    const derived = derive(parsed);
    validator.checkDerived(derived);
    for (const fact of derived) facts.set(factKey(fact), fact);
  }

  // Councils abolished since 2019 keep their own area (with "(former)" in the name) for the
  // years they published; same-boundary successors already carry their facts.
  for (const retired of RETIRED_COUNCILS) {
    if (areas.has(retired.code) || retired.same_boundary) continue;
    areas.set(retired.code, {
      code: retired.code, name: `${retired.name} (former council, to ${retired.abolished.slice(0, 4)})`, short_name: `${retired.name} (former)`, type: "former",
      region_code: null, region_name: null, ics_code: null, ics_name: null, cassr_code: retired.cassr, aliases: ""
    });
  }
  const allFacts = [...facts.values()];
  for (const fact of allFacts) {
    if (!indicatorById(fact.indicator_id)) throw new Error(`source ${fact.source_id} emitted indicator '${fact.indicator_id}', which is not in the catalogue (loaders/families/*/indicators.ts)`);
    if (!areas.has(fact.area_code) && !isKnownAreaCode(fact.area_code)) throw new Error(`source ${fact.source_id} emitted area '${fact.area_code}', which is not in the geography`);
  }
  const snapshot: SnapshotRow[] = manifest.files.map((f) => ({
    source_id: f.source_id, family: sourceById(f.source_id)?.family ?? "unknown", file: f.file, url: f.url, vintage: f.vintage,
    retrieved_at: f.retrieved_at, sha256: f.sha256, bytes: f.bytes, rows: f.rows, sample: f.sample,
    seeded: f.seeded
  }));
  return {facts: allFacts, areas: [...areas.values()], groups, indicators: indicatorRows(), cqc_assessments, cqc_locations, snapshot, revisions, validation: validator.summary()};
}

const TABLE_NAMES = ["facts", "areas", "groups", "indicators", "cqc_assessments", "cqc_locations", "snapshot"] as const;

/**
 * The snapshot, cached on disk as one Arrow file per table under a key over the manifest, the
 * raw files and the loader sources (loaders/cache-keys.ts snapshotInputs), so the CLI, the tests
 * and the site build parse every publisher file once; one process builds it while others wait.
 */
export async function snapshotCacheDir(): Promise<string> {
  const root = path.join(CACHE_DIR, "snapshot");
  const dir = path.join(root, keyOf(snapshotInputs()));
  mkdirSync(LOCK_DIR, {recursive: true});
  await buildOnce(path.join(LOCK_DIR, `snapshot-${path.basename(dir)}.lock`), () => existsSync(path.join(dir, "complete")), async () => {
    const snapshot = await buildSnapshot();
    const staging = `${dir}.tmp-${process.pid}`;
    mkdirSync(staging, {recursive: true});
    for (const name of TABLE_NAMES) writeFileSync(path.join(staging, `${name}.arrow`), toArrowIPC(name, snapshot[name] as object[]));
    writeFileSync(path.join(staging, "revisions.json"), JSON.stringify(snapshot.revisions));
    writeFileSync(path.join(staging, "validation.json"), JSON.stringify(snapshot.validation ?? null));
    writeFileSync(path.join(staging, "complete"), new Date().toISOString());
    for (const old of readdirSync(root)) if (old !== path.basename(staging)) rmSync(path.join(root, old), {recursive: true, force: true});
    renameSync(staging, dir);
  });
  return dir;
}

/** The whole snapshot as rows, from the cache. */
export async function loadSnapshot(): Promise<Snapshot> {
  const dir = await snapshotCacheDir();
  const read = <T>(name: TableName) => fromArrowIPC<T>(readFileSync(path.join(dir, `${name}.arrow`)));
  return {
    facts: read("facts"), areas: read("areas"), groups: read("groups"), indicators: read("indicators"),
    cqc_assessments: read("cqc_assessments"), cqc_locations: read("cqc_locations"), snapshot: read("snapshot"),
    revisions: JSON.parse(readFileSync(path.join(dir, "revisions.json"), "utf-8")) as Revision[],
    validation: existsSync(path.join(dir, "validation.json")) ? (JSON.parse(readFileSync(path.join(dir, "validation.json"), "utf-8")) as ValidationSummary | null) ?? undefined : undefined
  };
}
