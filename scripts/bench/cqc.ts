/**
 * Ingest benchmark for the CQC family: a care directory the size of the July 2026 edition
 * (about 30,000 adult social care locations over the 153 councils, plus other directorates and
 * dormant locations), generated in memory in CQC's ODS layout (README sheet, then
 * `HSCA_Active_Locations`), then parsed exactly as `ingest` would parse it (workbook read, sheet
 * and header search, directorate filter, council resolution, validation, service types,
 * aggregation to facts).
 *
 *   npx tsx scripts/bench/cqc.ts
 *
 * `rows` counts data rows read from the sheet; the timing covers the parse only, not the generation.
 */
import {pathToFileURL} from "node:url";
import {parseCareDirectory} from "../../loaders/families/cqc/parse-care-directory.ts";
import {generateDirectory, writeCareDirectory} from "../sample/cqc.ts";

/** About 30,000 ASC locations: 153 councils, county councils weighted three times (see generateDirectory). */
const BENCH_PER_COUNCIL = 154;

export async function benchCqcIngest(): Promise<{family: string; rows: number; seconds: number; rowsPerSecond: number}> {
  const locations = generateDirectory({edition: "2026-07-01", seed: 20260701, perCouncil: BENCH_PER_COUNCIL, others: 400, dormant: 300});
  const bytes = writeCareDirectory(locations, {bookType: "ods"});
  const started = performance.now();
  const result = parseCareDirectory(bytes, "bench/01_July_2026_HSCA_Active_Locations.ods", {source_id: "cqc-care-directory-bench"});
  const seconds = (performance.now() - started) / 1000;
  if (!result.facts.length || result.summary.locations < 25_000) throw new Error(`the CQC benchmark parsed only ${result.summary.locations} locations`);
  return {family: "cqc", rows: result.summary.rows, seconds, rowsPerSecond: result.summary.rows / seconds};
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchCqcIngest();
  console.log(JSON.stringify({...result, seconds: Number(result.seconds.toFixed(3)), rowsPerSecond: Math.round(result.rowsPerSecond)}));
}
