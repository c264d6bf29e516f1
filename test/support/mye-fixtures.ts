/**
 * Writes the small ONS mid-year estimate fixtures (test/fixtures/safeguarding/mye-*-small.*) from
 * the real workbooks in ../shared/data/real/population: every sheet name of the real workbook,
 * the persons sheet's title rows and header exactly as published, and the real rows of a few
 * areas (with districts, a metropolitan county, Wales and the UK that the parser must leave
 * out). Other sheets keep only their first rows. Same container as the original: BIFF `.xls` to
 * mid-2021, `.xlsx` for mid-2022.
 *
 *   npx tsx test/support/mye-fixtures.ts
 */
import {readFileSync, writeFileSync} from "node:fs";
import * as XLSX from "@e965/xlsx";
import {MYE_SHEETS} from "../../loaders/families/safeguarding/parse-population-mye.ts";

const REAL = "../shared/data/real/population";
const OUT = "test/fixtures/safeguarding";

export const MYE_FIXTURES = [
  {year: 2016, file: `${OUT}/mye-2016-small.xls`, bookType: "biff8" as const, codes: [
    "K02000001", "E92000001", "E12000002", "E12000008", "E06000035", "E08000009", "E11000001", "E10000002", "E10000016", "E07000105",
    "E10000021", "E10000023", "E06000028", "W92000004"
  ]},
  {year: 2021, file: `${OUT}/mye-2021-small.xls`, bookType: "biff8" as const, codes: [
    "K02000001", "E92000001", "E12000008", "E06000035", "E10000016", "E07000105", "W06000015"
  ]},
  {year: 2022, file: `${OUT}/mye-2022-small.xlsx`, bookType: "xlsx" as const, codes: [
    "S12000033", "K02000001", "E92000001", "E06000052", "E06000053", "E09000001", "E06000035", "E10000016", "E06000065", "E08000009", "E07000105", "E12000002", "E12000007", "E12000008"
  ]}
];

type Cell = string | number;

function trimRow(row: Cell[]): Cell[] {
  const out = [...row];
  while (out.length && (out[out.length - 1] === "" || out[out.length - 1] === undefined)) out.pop();
  return out;
}

export function writeMyeFixtures(): void {
  for (const {year, file, bookType, codes} of MYE_FIXTURES) {
    const real = XLSX.read(readFileSync(`${REAL}/mye-${year}.${year >= 2022 ? "xlsx" : "xls"}`), {type: "buffer", dense: true});
    const small = XLSX.utils.book_new();
    for (const name of real.SheetNames) {
      const rows = XLSX.utils.sheet_to_json<Cell[]>(real.Sheets[name], {header: 1, raw: true, defval: "", blankrows: true}).map(trimRow);
      const persons = MYE_SHEETS.some((want) => want.toLowerCase() === name.trim().toLowerCase());
      let kept = rows.slice(0, 3);
      if (persons) {
        const header = rows.findIndex((row) => String(row[0]).trim().toLowerCase() === "code");
        const byCode = new Map(rows.slice(header + 1).map((row) => [String(row[0]), row]));
        const missing = codes.filter((code) => !byCode.has(code));
        if (missing.length) throw new Error(`mye-${year}: no rows for ${missing.join(", ")}`);
        // Keep the publisher's row order.
        kept = [...rows.slice(0, header + 1), ...rows.slice(header + 1).filter((row) => codes.includes(String(row[0])))];
      }
      XLSX.utils.book_append_sheet(small, XLSX.utils.aoa_to_sheet(kept), name);
    }
    writeFileSync(file, new Uint8Array(XLSX.write(small, {type: "array", bookType})));
    console.log(`wrote ${file}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) writeMyeFixtures();
