/**
 * Build-time precomputation for the leadership pages, one module per job: the snapshot indexed
 * (context.ts), each headline's value and change (headlines.ts), its rank, spread and judgement in
 * each comparator group (comparison.ts), the sentences (sentences.ts), the CQC assessment (cqc.ts),
 * freshness (freshness.ts), what changed (changes.ts), a council's page (page.ts), the overview
 * (overview.ts), About (about.ts), the archive the pages read (archive.ts) and the council index
 * (council-index.ts). Pure functions over the snapshot; src/data/council-pages.tar.ts writes the
 * result as one JSON file per council (plus the overview and About data) in a tar archive, so the
 * council pages read small static JSON and never load DuckDB. The JSON's shape is the domain's
 * contract, src/lib/domain/council-data.ts.
 */
export {HEADLINE_INDICATORS, snapshotContext, type BuildOptions, type SnapshotContext} from "./context.ts";
export {buildCouncilPage, buildCouncilPages, type CouncilPagesOutput} from "./page.ts";
export {changeReportIfAny, councilPagesArchive, explorersInBuild, tarArchive} from "./archive.ts";
