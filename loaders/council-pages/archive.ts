/**
 * The files the leadership pages are built from: one tar archive of small JSON files (one per
 * council, the overview and About), the change report when a refresh has written one, and which
 * explorer pages exist in this build.
 */
import {existsSync} from "node:fs";
import path from "node:path";
import {readChangeReport, type ChangeReport} from "../changes.ts";
import {FAMILIES} from "../../src/lib/domain/families.ts";
import type {CouncilPagesOutput} from "./page.ts";
import {tarArchive} from "../tar.ts";

export {tarArchive};

/**
 * data/changes.json from the refresh's change report, or null when no refresh has written one (no
 * previous snapshot to compare with). A file that cannot be read becomes an empty report whose
 * message says so (loaders/changes.ts readChangeReport).
 */
export function changeReportIfAny(file: string): ChangeReport | null {
  return existsSync(file) ? readChangeReport(file) : null;
}

export function explorersInBuild(srcDir: string): string[] {
  return FAMILIES.map((f) => f.family).filter((family) => existsSync(path.join(srcDir, `${family}.md`)));
}

export function councilPagesArchive(output: CouncilPagesOutput): Uint8Array {
  return tarArchive([
    {name: "overview.json", content: JSON.stringify(output.overview)},
    {name: "about.json", content: JSON.stringify(output.about)},
    ...[...output.councils].map(([code, page]) => ({name: `${code}.json`, content: JSON.stringify(page)}))
  ]);
}
