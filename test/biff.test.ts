/**
 * The legacy-workbook shortcut (loaders/read/biff.ts): one sheet cut out of an .xls reads exactly
 * as that sheet of the whole workbook does, on every real ONS workbook the snapshot holds; and
 * anything the shortcut does not expect falls back to the full parse with the same errors.
 */
import {readFileSync, readdirSync} from "node:fs";
import path from "node:path";
import * as XLSX from "@e965/xlsx";
import {describe, expect, it} from "vitest";
import {biffSheetStream, isCompoundFile, workbookStream} from "../loaders/read/biff.ts";
import {readSheet} from "../loaders/read/spreadsheet.ts";
import {DataError} from "../loaders/validate.ts";

const RAW = "data/raw/population";
const XLS_FILES = readdirSync(RAW).filter((f) => f.endsWith(".xls")).sort();
const GRID = {header: 1, raw: false, rawNumbers: true, defval: "", blankrows: true} as const;
const READ = {type: "array", dense: true, cellFormula: false, cellHTML: false, cellDates: false} as const;

describe("one sheet cut out of a legacy .xls", () => {
  it("finds the seven real ONS workbooks (mid-2015 to mid-2021)", () => {
    expect(XLS_FILES).toEqual(["mye-2015.xls", "mye-2016.xls", "mye-2017.xls", "mye-2018.xls", "mye-2019.xls", "mye-2020.xls", "mye-2021.xls"]);
  });

  for (const file of XLS_FILES) {
    it(`${file}: the population sheet, the first sheet and the last read exactly as in the whole workbook, cells and range`, () => {
      const bytes = new Uint8Array(readFileSync(path.join(RAW, file)));
      expect(isCompoundFile(bytes)).toBe(true);
      const full = XLSX.read(bytes, READ);
      const population = full.SheetNames.find((n) => /^(MYE2 ?- ?(All|Persons)|Persons UK)$/.test(n.trim()))!;
      expect(population, "the sheet the population parser reads").toBeDefined();
      for (const name of new Set([population, full.SheetNames[0], full.SheetNames.at(-1)!])) {
        const cut = biffSheetStream(bytes, [name.trim().toUpperCase()])!;
        expect(cut.sheetNames).toEqual(full.SheetNames);
        expect(cut.sheet).toBe(name);
        // A fraction of the file: the globals and one sheet.
        expect(cut.stream!.length).toBeLessThan(workbookStream(bytes)!.length);
        const alone = XLSX.read(cut.stream!, READ);
        expect(alone.Sheets[name]["!ref"], `${file} ${name}`).toBe(full.Sheets[name]["!ref"]);
        expect(XLSX.utils.sheet_to_json(alone.Sheets[name], GRID), `${file} ${name}`).toEqual(XLSX.utils.sheet_to_json(full.Sheets[name], GRID));
      }
    }, 30_000);
  }

  it("names the sheets it has when the one asked for is missing, as the full parse does", () => {
    const bytes = new Uint8Array(readFileSync(path.join(RAW, "mye-2020.xls")));
    const cut = biffSheetStream(bytes, ["No such sheet"])!;
    expect(cut.stream).toBeUndefined();
    expect(cut.sheetNames).toContain("MYE2 - Persons");
    expect(() => readSheet(bytes, "mye-2020.xls", {sheets: ["No such sheet"]})).toThrow(DataError);
    expect(() => readSheet(bytes, "mye-2020.xls", {sheets: ["No such sheet"]})).toThrow(/no sheet named 'No such sheet'.*the workbook has 'Cover sheet', 'Contents'/s);
  });

  it("declines what it does not expect, so the whole file is parsed (and its errors are SheetJS's located ones)", () => {
    const bytes = new Uint8Array(readFileSync(path.join(RAW, "mye-2016.xls")));
    expect(biffSheetStream(new TextEncoder().encode("<html><body>Not found</body></html>".padEnd(600)), ["x"])).toBeUndefined();
    // Truncated: the FAT or the Workbook stream's sectors run past the end.
    const truncated = bytes.slice(0, Math.floor(bytes.length / 3));
    expect(biffSheetStream(truncated, ["MYE2 - All"])).toBeUndefined();
    expect(() => readSheet(truncated, "mye-2016.xls", {sheets: ["MYE2 - All"]})).toThrow(DataError);
    // An encrypted workbook (a FilePass record in the globals) is left to SheetJS.
    const stream = workbookStream(bytes)!;
    const bofLength = new DataView(stream.buffer).getUint16(2, true);
    const encrypted = bytes.slice();
    const at = findSubarray(encrypted, stream.subarray(0, 4 + bofLength + 4));
    expect(at).toBeGreaterThan(0);
    new DataView(encrypted.buffer).setUint16(at + 4 + bofLength, 0x002f, true);
    expect(biffSheetStream(encrypted, ["MYE2 - All"])).toBeUndefined();
  });
});

function findSubarray(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
