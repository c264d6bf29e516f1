/**
 * The leadership pages' data: one JSON per council (council-pages/<code>.json), plus
 * council-pages/overview.json and council-pages/about.json, in one tar archive. Framework extracts
 * each file in-process, so one run of this loader serves all 153 council pages; a parameterised
 * loader (council/[code].json.ts) would start a tsx process per council (see loaders/council-pages.ts).
 */
import path from "node:path";
import {buildCouncilPages, councilPagesArchive, explorersInBuild, changeReportIfAny} from "../../loaders/council-pages.ts";
import {loadSnapshot, readManifest, PROJECT_DIR} from "../../loaders/snapshot.ts";

const snapshot = await loadSnapshot();
const output = buildCouncilPages(snapshot, {
  manifest: readManifest(),
  changes: changeReportIfAny(path.join(PROJECT_DIR, "data", "changes.json")),
  explorers: explorersInBuild(path.join(PROJECT_DIR, "src"))
});
process.stdout.write(councilPagesArchive(output));
