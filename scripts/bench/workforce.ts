/**
 * Ingest benchmark for the workforce family: a Skills for Care LA data download at realistic size
 * (every council, England and the regions x 5 sectors x 5 services x 14 job roles, about 40,000
 * rows), generated in memory in the publisher's layout, then parsed exactly as `ingest` would parse
 * it (workbook read, header search, area and vocabulary resolution, validation, facts).
 *
 *   npx tsx scripts/bench/workforce.ts
 *
 * `rows` counts sheet rows read; the timing covers the parse only, not the generation.
 */
import {pathToFileURL} from "node:url";
import {parseLaDataDownload} from "../../loaders/families/workforce/parse-la-data-download.ts";
import {BENCH_DIMENSIONS, buildLaDataWorkbook, EDITION_STYLES} from "../sample/workforce.ts";

export async function benchWorkforceIngest(): Promise<{family: string; rows: number; seconds: number; rowsPerSecond: number}> {
  const bytes = buildLaDataWorkbook({style: EDITION_STYLES["2023-24"], dimensions: BENCH_DIMENSIONS});
  const started = performance.now();
  const result = parseLaDataDownload(bytes, "bench/LA-data-download.xlsx", {sourceId: "sfc-la-data-bench", vintage: "2023-24", period: "2023-24"});
  const seconds = (performance.now() - started) / 1000;
  if (!result.tables.facts.length) throw new Error("the workforce benchmark parsed no facts");
  return {family: "workforce", rows: result.inputRows, seconds, rowsPerSecond: result.inputRows / seconds};
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchWorkforceIngest();
  console.log(JSON.stringify({...result, seconds: Number(result.seconds.toFixed(3)), rowsPerSecond: Math.round(result.rowsPerSecond)}));
}
