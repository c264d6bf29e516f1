/**
 * Ingest benchmark for the reablement family: `parseAscof` on the real ASCOF 2020-21 open-data
 * workbook (../shared/data/real/ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx, about 2 MB),
 * as `ingest` would parse it (workbook read, header search, validation, council resolution, joins
 * of outcome, numerator and denominator rows).
 *
 *   npx tsx scripts/bench/ascof.ts
 *
 * `seconds` covers the whole parse (workbook read included); `readSeconds` the workbook read alone
 * (`readTable`, run after the parse, so with a warm JIT, to count the rows read). Skipped when the file is absent.
 */
import {existsSync, readFileSync} from "node:fs";
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {parseAscof} from "../../loaders/families/reablement/parse-ascof.ts";
import {readTable} from "../../loaders/read/table.ts";

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ASCOF_FILE = path.resolve(projectDir, "../shared/data/real/ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx");

export async function benchAscofIngest() {
  if (!existsSync(ASCOF_FILE)) return {skipped: `${ASCOF_FILE} is not on this machine`};
  const bytes = new Uint8Array(readFileSync(ASCOF_FILE));
  const file = path.basename(ASCOF_FILE);

  const start = performance.now();
  const {facts, skipped} = parseAscof(bytes, file, {source_id: "ascof-2020-21", vintage: "2020-21", period: "2020-21"});
  const seconds = (performance.now() - start) / 1000;
  if (facts.length === 0) throw new Error(`parseAscof returned no facts from ${file}`);

  const readStart = performance.now();
  const table = readTable(bytes, file);
  const readSeconds = (performance.now() - readStart) / 1000;

  const rows = table.rows.length;
  return {
    family: "reablement",
    file,
    MB: Math.round((bytes.length / 2 ** 20) * 100) / 100,
    seconds: Math.round(seconds * 1000) / 1000,
    readSeconds: Math.round(readSeconds * 1000) / 1000,
    rows,
    facts: facts.length,
    skippedRows: Object.values(skipped).reduce((a, b) => a + b, 0),
    rowsPerSecond: Math.round(rows / seconds)
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchAscofIngest()));
}
