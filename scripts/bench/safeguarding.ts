/**
 * Ingest benchmark for the safeguarding family: Safeguarding Adults Collection CSVs at full size
 * (every council, region and England, every table including the SG2a_b1 type x location cells the
 * committed sample leaves out: about 34,000 rows a release), three releases, about 100,000 rows,
 * generated in memory in the publisher's layout by the sample script, then parsed exactly as
 * `ingest` would parse them (CSV read, header aliases, area and CASSR checks, label table, value
 * markers, duplicate check, facts).
 *
 *   npx tsx scripts/bench/safeguarding.ts
 *
 * `rows` counts CSV data rows read; the timing covers the parse only, not the generation.
 */
import {pathToFileURL} from "node:url";
import {parseSacCsv} from "../../loaders/families/safeguarding/parse-sac-csv.ts";
import {sacYearCsv} from "../sample/safeguarding.ts";

const BENCH_YEARS = ["2020-21", "2021-22", "2022-23"];

export async function benchSafeguardingIngest(): Promise<{family: string; rows: number; seconds: number; rowsPerSecond: number}> {
  const encoder = new TextEncoder();
  const files = BENCH_YEARS.map((year) => ({year, bytes: encoder.encode(sacYearCsv(year, {typeByLocation: true}))}));
  let rows = 0;
  const started = performance.now();
  for (const {year, bytes} of files) {
    rows += parseSacCsv(bytes, `bench/sac-${year}.csv`, {source_id: `sac-${year}`, vintage: year}).facts.length;
  }
  const seconds = (performance.now() - started) / 1000;
  if (rows < 90_000) throw new Error(`the safeguarding benchmark parsed only ${rows} rows`);
  return {family: "safeguarding", rows, seconds, rowsPerSecond: rows / seconds};
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchSafeguardingIngest();
  console.log(JSON.stringify({...result, seconds: Number(result.seconds.toFixed(3)), rowsPerSecond: Math.round(result.rowsPerSecond)}));
}
