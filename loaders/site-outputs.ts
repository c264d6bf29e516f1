/**
 * Every file the site's data loaders serve, built in one process from one load of the snapshot
 * (see loaders/site-cache.ts for why). A new data file adds its entry to SITE_FILES and is
 * served as data/site/<name>; a new loader adds its entry to SITE_OUTPUTS and is one line:
 * `await emitSiteOutput("<name>")`.
 */
import {mkdirSync, readdirSync, renameSync, rmSync, writeFileSync} from "node:fs";
import path from "node:path";
import type {TableName} from "./model.ts";
import {loadSnapshot, readManifest, PROJECT_DIR, type Snapshot} from "./snapshot.ts";
import {buildOptions, familyTableBytes, tableBytes} from "./site-data.ts";
import {readChangeReport} from "./changes.ts";
import {notebookIndex} from "./notebook-index.ts";
import {buildCouncilPages, councilPagesArchive, explorersInBuild, changeReportIfAny} from "./council-pages/index.ts";
import {tarArchive} from "./tar.ts";
import {firstView} from "./first-view.ts";

type Output = (snapshot: Snapshot) => Uint8Array | string | Promise<Uint8Array | string>;

const CHANGES_FILE = path.join(PROJECT_DIR, "data", "changes.json");
const table = (name: TableName): Output => (snapshot) => tableBytes(snapshot, name);
const family = (name: string): Output => (snapshot) => familyTableBytes(snapshot, name);
const first = (name: string): Output => (snapshot) => JSON.stringify(firstView(snapshot, name));

/**
 * The site's data files (src/data/site.tar.ts serves them as one archive, data/site/<name>):
 * the canonical tables, each family's facts, each explorer's first view (loaders/first-view.ts),
 * the controls' options and the change report.
 */
export const SITE_FILES: Readonly<Record<string, Output>> = {
  "facts.arrow": table("facts"),
  "areas.arrow": table("areas"),
  "groups.arrow": table("groups"),
  "indicators.arrow": table("indicators"),
  "cqc_assessments.arrow": table("cqc_assessments"),
  "cqc_locations.arrow": table("cqc_locations"),
  "snapshot.arrow": table("snapshot"),
  "facts-reablement.arrow": family("reablement"),
  "facts-safeguarding.arrow": family("safeguarding"),
  "facts-workforce.arrow": family("workforce"),
  "facts-cqc.arrow": family("cqc"),
  "first-view-reablement.json": first("reablement"),
  "first-view-safeguarding.json": first("safeguarding"),
  "first-view-workforce.json": first("workforce"),
  "first-view-cqc.json": first("cqc"),
  "options.json": (snapshot) => JSON.stringify(buildOptions(snapshot)),
  // The change report the last `npm run refresh` wrote, or an empty report saying none has yet.
  "changes.json": () => JSON.stringify(readChangeReport(CHANGES_FILE))
};

/**
 * What each data loader serves, named as its loader is without the loader's own extension. The
 * site's files travel as one tar archive because Framework runs every data loader in a process
 * of its own, one after another, and extracts an archive's members in-process: thirteen loader
 * processes become one.
 */
export const SITE_OUTPUTS: Readonly<Record<string, Output>> = {
  "site.tar": async (snapshot) => {
    const files: {name: string; content: string | Uint8Array}[] = [];
    for (const [name, make] of Object.entries(SITE_FILES)) files.push({name, content: await make(snapshot)});
    return tarArchive(files);
  },
  "council-pages.tar": (snapshot) => councilPagesArchive(buildCouncilPages(snapshot, {
    manifest: readManifest(),
    changes: changeReportIfAny(CHANGES_FILE),
    explorers: explorersInBuild(path.join(PROJECT_DIR, "src"))
  })),
  "notebooks-index.json": () => JSON.stringify(notebookIndex())
};

/**
 * Build every site file into `dir`, all or nothing: written to a staging folder that is renamed
 * into place once complete, and older keys' folders swept away. A data error stops the build here
 * with its located message, and no loader serves a half-built set.
 */
export async function buildSiteOutputs(dir: string): Promise<void> {
  const snapshot = await loadSnapshot();
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, {recursive: true, force: true});
  mkdirSync(staging, {recursive: true});
  for (const [name, make] of Object.entries(SITE_OUTPUTS)) writeFileSync(path.join(staging, name), await make(snapshot));
  writeFileSync(path.join(staging, "complete"), new Date().toISOString());
  const root = path.dirname(dir);
  for (const old of readdirSync(root)) if (old !== path.basename(staging)) rmSync(path.join(root, old), {recursive: true, force: true});
  renameSync(staging, dir);
}
