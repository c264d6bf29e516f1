/**
 * The fast XLSX sheet reader (loaders/read/xlsx.ts) behind readSheet: for every sheet of every real
 * workbook and of hand-built ones, readSheet gives exactly the Table (or the error) that SheetJS's
 * path gives (`readSheetWithSheetJS`), and the fast reader really is the one that read it.
 * Whatever it declines (malformed, truncated, unusual) must still get SheetJS's located error.
 */
import {createHash} from "node:crypto";
import {existsSync, readFileSync} from "node:fs";
import path from "node:path";
import * as XLSX from "@e965/xlsx";
import {describe, expect, it, vi} from "vitest";
import {listSheets, readSheet, readSheetWithSheetJS, SPREADSHEET_LIMITS, type SheetChoice} from "../loaders/read/spreadsheet.ts";
import {readXlsxSheet} from "../loaders/read/xlsx.ts";
import {DataError} from "../loaders/validate.ts";
import {normaliseHeader} from "../loaders/read/table.ts";
import {MYE_SHEETS, parsePopulationMye} from "../loaders/families/safeguarding/parse-population-mye.ts";
import {isLaDataHeader, parseLaDataDownload} from "../loaders/families/workforce/parse-la-data-download.ts";
import {parseAscof} from "../loaders/families/reablement/parse-ascof.ts";
import {filesUnder} from "./support/files-under.ts";

// A switch to send readSheet down SheetJS's path, for comparing whole parsers on both paths.
const route = vi.hoisted(() => ({sheetJS: false}));
vi.mock("../loaders/read/xlsx.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../loaders/read/xlsx.ts")>();
  return {...original, readXlsxSheet: (...args: Parameters<typeof original.readXlsxSheet>) => (route.sheetJS ? undefined : original.readXlsxSheet(...args))};
});

function onSheetJS<T>(run: () => T): T {
  route.sheetJS = true;
  try {
    return run();
  } finally {
    route.sheetJS = false;
  }
}

/** A read's outcome: its Table, or its error's message and location. */
function outcome(run: () => unknown): unknown {
  try {
    return {table: run()};
  } catch (error) {
    if (error instanceof DataError) return {dataError: error.toJSON()};
    return {error: String(error)};
  }
}

/** Why the fast reader declines this read, or undefined when it reads it. */
function declined(bytes: Uint8Array, choice: SheetChoice = {}): string | undefined {
  let reason: string | undefined;
  const result = readXlsxSheet(bytes, {sheets: choice.sheets, maxRows: SPREADSHEET_LIMITS.rows, maxSheets: SPREADSHEET_LIMITS.sheets, onDecline: (why) => (reason = why)});
  return result ? undefined : (reason ?? "declined");
}

/**
 * Both paths agree: the same Table or error, and (through an isHeader that accepts nothing) the
 * same first 50 rows of the grid, empty rows as empty arrays included.
 */
function expectSamePaths(bytes: Uint8Array, file: string, choice: SheetChoice = {}): unknown {
  const fast = outcome(() => readSheet(bytes, file, choice));
  expect(fast).toEqual(outcome(() => readSheetWithSheetJS(bytes, file, choice)));
  const seen = (into: string[][]) => ({...choice, isHeader: (cells: string[]) => (into.push(cells), false)});
  const fastRows: string[][] = [], sheetJSRows: string[][] = [];
  expect(outcome(() => readSheet(bytes, file, seen(fastRows)))).toEqual(outcome(() => readSheetWithSheetJS(bytes, file, seen(sheetJSRows))));
  expect(fastRows).toEqual(sheetJSRows);
  return fast;
}

// ---------------------------------------------------------------------------------------------
// Real workbooks: every sheet, both paths.

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, "..");
const sharedReal = path.resolve(root, "../shared/data/real");
const rawFiles = filesUnder(path.join(root, "data/raw"), /\.xlsx$/i);
const fixtureFiles = filesUnder(path.join(root, "test"), /\.xlsx/i);
const sharedFiles = filesUnder(sharedReal, /\.xlsx$/i);

/** Each distinct workbook once (a shared copy identical to a data/raw one is not read twice). */
function distinct(files: string[], seen: Set<string>): string[] {
  return files.filter((file) => {
    const hash = createHash("sha1").update(readFileSync(file)).digest("hex");
    if (seen.has(hash)) return false;
    seen.add(hash);
    return true;
  });
}
const seenHashes = new Set<string>();
const realGroups: [string, string[]][] = [["data/raw", distinct(rawFiles, seenHashes)], ["test fixtures", distinct(fixtureFiles, seenHashes)], ["../shared/data/real", distinct(sharedFiles, seenHashes)]];

/** Sheets SheetJS itself cannot give a table for (an empty sheet has no range): both paths fail alike. */
const SHEETJS_FAILS = new Set(["File_11_-_IoD2019_Local_Authority_District_Summaries__upper-tier__.xlsx/Notes"]);

describe("real workbooks: readSheet gives SheetJS's Table for every sheet", () => {
  it("has the workbooks to compare", () => {
    expect(rawFiles.length).toBeGreaterThanOrEqual(4);
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(1);
  });
  for (const [group, files] of realGroups) {
    describe.skipIf(group === "../shared/data/real" && !existsSync(sharedReal))(`${group}${existsSync(sharedReal) || group !== "../shared/data/real" ? "" : " (absent: skipped)"}`, () => {
      for (const file of files) {
        it(path.relative(root, file), () => {
          const bytes = new Uint8Array(readFileSync(file));
          const name = path.basename(file);
          const sheets = listSheets(bytes, name);
          for (const sheet of sheets) {
            const fast = outcome(() => readSheet(bytes, name, {sheets: [sheet]}));
            expect(fast, `${name} '${sheet}'`).toEqual(outcome(() => readSheetWithSheetJS(bytes, name, {sheets: [sheet]})));
            if (SHEETJS_FAILS.has(`${name}/${sheet}`)) expect(fast).toHaveProperty("error");
            else expect(declined(bytes, {sheets: [sheet]}), `${name} '${sheet}' read by the fast reader`).toBeUndefined();
          }
          // No choice: the first sheet.
          expect(outcome(() => readSheet(bytes, name))).toEqual(outcome(() => readSheetWithSheetJS(bytes, name)));
        });
      }
    });
  }
});

/** parse-population-mye.ts's header test (its own is private), copied. */
function isMyeHeader(cells: string[]): boolean {
  const normalised = cells.map(normaliseHeader);
  return normalised[0] === "code" && normalised[1] === "name" && normalised.includes("all ages") && normalised.includes("0") && normalised.includes("90");
}

describe("the data/raw workbooks, read as their parsers read them", () => {
  const raw = (relative: string) => new Uint8Array(readFileSync(path.join(root, "data/raw", relative)));
  const cases: [string, SheetChoice][] = [
    ["reablement/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx", {}],
    ["population/mye-2022.xlsx", {sheets: MYE_SHEETS, isHeader: isMyeHeader}],
    ["workforce/LA-data-download-2022-23.xlsx", {sheets: ["LA level data"], isHeader: isLaDataHeader}],
    ["workforce/LA-data-download-2023-24.xlsx", {sheets: ["LA level data"], isHeader: isLaDataHeader}]
  ];
  for (const [file, choice] of cases) {
    it(`${file}: the same Table and grid on both paths, read by the fast reader`, () => {
      const bytes = raw(file);
      const table = expectSamePaths(bytes, file, choice) as {table: {rows: unknown[]; header: string[]}};
      expect(table.table.rows.length).toBeGreaterThan(100);
      expect(declined(bytes, choice)).toBeUndefined();
    });
  }

  it("the parsers' results are the same on both paths", () => {
    // As JSON, with each Map (of facts to their rows) as its entries in order: a deep comparison
    // of Maps keyed by objects is quadratic, far too slow for tens of thousands of facts.
    const json = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? [...v.entries()] : v));
    const same = (what: string, read: () => unknown) => {
      const fast = json(read()), sheetJS = json(onSheetJS(read));
      expect(fast.length, what).toBeGreaterThan(1000);
      expect(fast === sheetJS, `${what}: the same result on both paths`).toBe(true);
    };
    const mye = raw("population/mye-2022.xlsx");
    same("mye-2022", () => parsePopulationMye(mye, "mye-2022.xlsx", {source_id: "ons-mye-2022", year: 2022}));
    for (const year of ["2022-23", "2023-24"]) {
      const bytes = raw(`workforce/LA-data-download-${year}.xlsx`);
      same(year, () => parseLaDataDownload(bytes, `LA-data-download-${year}.xlsx`, {sourceId: `sfc-${year}`, vintage: year, period: year}));
    }
    const ascof = raw("reablement/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx");
    same("ascof 2020-21", () => parseAscof(ascof, "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx", {source_id: "ascof-2020-21", vintage: "2020-21", period: "2020-21"}));
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-built workbooks: the XML written here, zipped by SheetJS's CFB.

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

interface Book {
  sheets: {name: string; xml: string}[];
  sharedStrings?: string;
  styles?: string;
  /** Parts to leave out, or to replace (by name). */
  omit?: string[];
  parts?: Record<string, string | Uint8Array>;
  compression?: boolean;
}

const escapeAttribute = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

function workbook(book: Book): Uint8Array {
  const parts: Record<string, string | Uint8Array> = {};
  const overrides = [`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`];
  const rels: string[] = [];
  book.sheets.forEach((sheet, i) => {
    parts[`xl/worksheets/sheet${i + 1}.xml`] = sheet.xml;
    overrides.push(`<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`);
    rels.push(`<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  });
  if (book.sharedStrings !== undefined) {
    parts["xl/sharedStrings.xml"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN_NS}">${book.sharedStrings}</sst>`;
    overrides.push(`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`);
    rels.push(`<Relationship Id="rIdS" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`);
  }
  if (book.styles !== undefined) {
    parts["xl/styles.xml"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN_NS}">${book.styles}</styleSheet>`;
    overrides.push(`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`);
    rels.push(`<Relationship Id="rIdT" Type="${REL_NS}/styles" Target="/xl/styles.xml"/>`);
  }
  parts["[Content_Types].xml"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join("")}</Types>`;
  parts["_rels/.rels"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  parts["xl/workbook.xml"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${book.sheets.map((sheet, i) => `<sheet name="${escapeAttribute(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets></workbook>`;
  parts["xl/_rels/workbook.xml.rels"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join("")}</Relationships>`;
  Object.assign(parts, book.parts);
  const zip = XLSX.CFB.utils.cfb_new();
  for (const [name, content] of Object.entries(parts)) {
    if (book.omit?.includes(name)) continue;
    XLSX.CFB.utils.cfb_add(zip, name, typeof content === "string" ? new TextEncoder().encode(content) : content);
  }
  return new Uint8Array(XLSX.CFB.write(zip, {fileType: "zip", type: "array", compression: book.compression ?? true} as Parameters<typeof XLSX.CFB.write>[1]) as ArrayLike<number>);
}

/** A worksheet part: `dimension` (none when undefined) and the rows' XML. */
function worksheet(rows: string, dimension: string | undefined = undefined, after = ""): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${dimension === undefined ? "" : `<dimension ref="${dimension}"/>`}<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>${rows}</sheetData>${after}</worksheet>`;
}

const STYLES = `<numFmts count="3"><numFmt numFmtId="164" formatCode="0.000"/><numFmt numFmtId="165" formatCode="0;-0;0;&quot;Note: &quot;@"/><numFmt numFmtId="166" formatCode="[$-809]dd/mm/yyyy"/></numFmts>`
  + `<fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>`
  + `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`
  + `<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>`;

const SHARED = [
  `<si><t>Code</t></si>`,
  `<si><t xml:space="preserve"> padded &amp; &lt;escaped&gt; &quot;quoted&quot; &#8364;&#x41; _x0042_ </t></si>`,
  `<si><r><rPr><b/><sz val="11"/></rPr><t>Rich</t></r><r><t xml:space="preserve"> text</t></r><rPh sb="0" eb="1"><t>ルビ</t></rPh><phoneticPr fontId="1"/></si>`,
  `<si><t>Caf\u00e9 \u2013 na\u00efve</t><rPh sb="0" eb="1"><t>ignored</t></rPh></si>`,
  `<si><t>line one_x000D_\r\nline two</t></si>`,
  `<si><t/></si>`,
  `<si><t>Name</t></si>`
].join("");

describe("hand-built workbooks: the same Table as SheetJS, by the fast reader", () => {
  it("reads every kind of cell as SheetJS's text", () => {
    const rows = [
      `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>6</v></c><c r="C1" t="inlineStr"><is><t>Value</t></is></c><c r="D1" t="str"><v>Other</v></c></row>`,
      `<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2"><v>1.5E-3</v></c><c r="D2" t="b"><v>1</v></c></row>`,
      `<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" t="s"><v>4</v></c><c r="C3"><v>1E+21</v></c><c r="D3" t="b"><v>0</v></c></row>`,
      `<row r="4"><c r="A4" t="e"><v>#N/A</v></c><c r="B4" t="e"><v>#NULL!</v></c><c r="C4"><v>-0</v></c><c r="D4" t="s"><v>5</v></c></row>`,
      `<row r="5"><c r="A5" t="str"><v>str &amp;amp; &#233; _x0041_</v></c><c r="B5" t="inlineStr"><is><r><t>in</t></r><r><rPr><i/></rPr><t xml:space="preserve">line </t></r></is></c><c r="C5" s="1"><v>45000.5</v></c><c r="D5" s="2"><v>0.12345678901234568</v></c></row>`,
      `<row r="6"><c r="A6"><f>SUM(C2:C3)</f><v>1.0000000000000001E+21</v></c><c r="B6" t="str"><f>A1&amp;"x"</f><v>Codex</v></c><c r="C6"><f t="shared" ref="C6:C7" si="0">C5*2</f></c><c r="D6" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>`,
      `<row r="7"><c r="A7"><v>007</v></c><c r="B7" s="3" t="s"><v>0</v></c><c r="C7" s="6"><v>0.5</v></c><c r="D7" s="5"><v>44927</v></c></row>`,
      `<row r="8"><c r="A8" t="s"/><c r="B8" s="2"/><c r="C8"><v/></c><c r="D8"><v></v></c></row>`,
      `<row r="9"><c r="A9" t="str"/><c r="B9" t="inlineStr"/><c r="C9" t="b"/><c r="D9" t="n"><v>  12</v></c></row>`
    ].join("");
    const bytes = workbook({sheets: [{name: "Cells", xml: worksheet(rows, "A1:D9")}], sharedStrings: SHARED, styles: STYLES});
    expect(declined(bytes)).toBeUndefined();
    const {table} = expectSamePaths(bytes, "cells.xlsx") as {table: {header: string[]; rows: string[][]}};
    expect(table.header).toEqual(["Code", "Name", "Value", "Other"]);
    expect(table.rows).toEqual([
      [' padded & <escaped> "quoted" €A B ', "Rich text", "0.0015", "TRUE"],
      ["Café – naïve", "line one\r\nline two", "1e+21", "FALSE"],
      ["", "", "0", ""],
      // SheetJS unescapes a formula string twice and decodes &#233; as a UTF-8 byte: U+FFFD, kept.
      ["str & \uFFFD A", "inline ", "45000.5", "0.12345678901234568"],
      ["1.0000000000000001e+21", "Codex", "", ""],
      ["7", "Code", "0.5", "44927"],
      ["", "", "FALSE", "12"]
    ]);
  });

  it("keeps blank rows and missing cells as SheetJS does, and the rows' numbers", () => {
    const rows = `<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is></c></row>`
      + `<row r="2"><c r="A2"><v>1</v></c><c r="C2"><v>3</v></c></row>`
      + `<row r="3" spans="1:3"/>`
      + `<row r="5"><c r="B5" s="0"/></row>`
      + `<row r="6"><c r="B6"><v>2</v></c></row>`;
    const bytes = workbook({sheets: [{name: "Gaps", xml: worksheet(rows, "A1:C8")}], compression: false});
    expect(declined(bytes)).toBeUndefined();
    const {table} = expectSamePaths(bytes, "gaps.xlsx") as {table: {rows: string[][]; rowNumbers: number[]}};
    expect(table.rows).toEqual([["1", "", "3"], ["", "2", ""]]);
    expect(table.rowNumbers).toEqual([2, 6]);
  });

  it("starts the grid where the sheet's range starts, as SheetJS does (from the dimension, or from the cells)", () => {
    const rows = `<row r="3"><c r="B3" t="inlineStr"><is><t>h1</t></is></c><c r="C3" t="inlineStr"><is><t>h2</t></is></c></row><row r="4"><c r="B4"><v>1</v></c><c r="C4"><v>2</v></c></row>`;
    for (const dimension of ["B3:C4", "A1", undefined, "A1:C4"]) {
      const bytes = workbook({sheets: [{name: "Offset", xml: worksheet(rows, dimension)}]});
      expect(declined(bytes), dimension).toBeUndefined();
      const {table} = expectSamePaths(bytes, "offset.xlsx") as {table: {header: string[]; rows: string[][]; rowNumbers: number[]; headerRow: number}};
      // Today's behaviour, kept: row numbers count from the range's first row, not from A1.
      if (dimension !== "A1:C4") {
        expect(table.header).toEqual(["h1", "h2"]);
        expect(table).toMatchObject({rows: [["1", "2"]], rowNumbers: [2], headerRow: 1});
      } else expect(table).toMatchObject({header: [], rows: [], headerRow: 1});
    }
  });

  it("chooses a sheet by name out of several (trimmed, any case, first present wins) and names the sheets when none is there", () => {
    const sheet = (text: string) => worksheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row><row r="2"><c r="A2"><v>1</v></c></row>`, "A1:A2");
    const bytes = workbook({sheets: [{name: "Notes", xml: sheet("notes")}, {name: " Data ", xml: sheet("data")}, {name: "Data & more", xml: sheet("more")}]});
    const cases: [SheetChoice, string][] = [[{sheets: ["missing", "DATA"]}, "data"], [{sheets: ["data & MORE", "notes"]}, "more"], [{}, "notes"], [{sheets: []}, "notes"]];
    for (const [choice, header] of cases) {
      expect(declined(bytes, choice)).toBeUndefined();
      expect(expectSamePaths(bytes, "several.xlsx", choice)).toMatchObject({table: {header: [header]}});
    }
    const missing = expectSamePaths(bytes, "several.xlsx", {sheets: ["Summary", "Totals"]});
    expect(missing).toMatchObject({dataError: {file: "several.xlsx", error: expect.stringMatching(/no sheet named 'Summary' or 'Totals'/), expected: "one of those sheets; the workbook has 'Notes', ' Data ', 'Data & more'"}});
  });

  it("fills the rows a hyperlink covers, as SheetJS's stub cells do, and reads pretty-printed XML", () => {
    const rows = `\n  <row r="1">\n    <c r="A1" t="inlineStr"><is><t>x</t></is></c>\n    <c r="B1" t="inlineStr"><is><t>y</t></is></c>\n  </row>\n  <row r="4">\n   <c r="A4">\n     <v>1</v>\n   </c>\n  </row>\n`;
    const after = `<hyperlinks><hyperlink ref="B2" location="'Other'!A1" display="link"/><hyperlink ref="A3:B3" r:id="rId9"/></hyperlinks>`;
    const bytes = workbook({sheets: [{name: "Links", xml: worksheet(rows, "A1:B5", after)}]});
    expect(declined(bytes)).toBeUndefined();
    expectSamePaths(bytes, "links.xlsx");
    const grid: string[][] = [];
    expect(() => readSheet(bytes, "links.xlsx", {isHeader: (cells) => (grid.push(cells), false)})).toThrow(DataError);
    expect(grid).toEqual([["x", "y"], ["", ""], ["", ""], ["1", ""], []]);
  });

  it("leaves to SheetJS what it does not read the same way, with the same result", () => {
    const rich = `<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row>`;
    const cases: [string, Book, RegExp][] = [
      ["a text format that rewrites text", {sheets: [{name: "S", xml: worksheet(rich + `<row r="2"><c r="A2" s="4" t="inlineStr"><is><t>see</t></is></c></row>`, "A1:A2")}], styles: STYLES}, /rewrites/],
      ["a tab inside a cell tag", {sheets: [{name: "S", xml: worksheet(rich + `<row r="2"><c\tr="A2"><v>1</v></c></row>`, "A1:A2")}]}, /unexpected markup/],
      ["a date cell", {sheets: [{name: "S", xml: worksheet(rich + `<row r="2"><c r="A2" t="d"><v>2024-05-12</v></c></row>`, "A1:A2")}]}, /cell type/],
      ["a namespace prefix", {sheets: [{name: "S", xml: worksheet(rich + `<x:row r="2"/>`, "A1:A2")}]}, /unexpected markup/],
      ["a range past the row limit", {sheets: [{name: "S", xml: worksheet(rich, `A1:A${SPREADSHEET_LIMITS.rows + 1}`)}]}, /row limit/],
      ["an empty sheet", {sheets: [{name: "S", xml: worksheet("", "A1")}]}, /empty sheet/],
      ["a comments part", {sheets: [{name: "S", xml: worksheet(rich, "A1:A1")}], parts: {"xl/worksheets/_rels/sheet1.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/comments" Target="../comments1.xml"/></Relationships>`}}, /comments/],
      ["a shared string out of range", {sheets: [{name: "S", xml: worksheet(rich + `<row r="2"><c r="A2" t="s"><v>99</v></c></row>`, "A1:A2")}], sharedStrings: SHARED}, /out of range/]
    ];
    for (const [what, book, reason] of cases) {
      const bytes = workbook(book);
      expect(declined(bytes), what).toMatch(reason);
      expectSamePaths(bytes, "declined.xlsx");
    }
  });

  it("reads a workbook SheetJS wrote (shared formulas, dates, booleans, numbers) as SheetJS reads it", () => {
    const book = XLSX.utils.book_new();
    const sheet = XLSX.utils.aoa_to_sheet([["when", "flag", "n", "text"], [new Date(Date.UTC(2024, 4, 12)), true, 1e-7, "a\nb"], [45000, false, -12.5, ""], [], [null, null, 3, "tail"]], {cellDates: false});
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["other"]]), "First");
    XLSX.utils.book_append_sheet(book, sheet, "Second");
    for (const bookSST of [false, true]) {
      const bytes = new Uint8Array(XLSX.write(book, {type: "array", bookType: "xlsx", bookSST, compression: bookSST}));
      for (const choice of [{}, {sheets: ["second"]}]) {
        expect(declined(bytes, choice)).toBeUndefined();
        expectSamePaths(bytes, "written.xlsx", choice);
      }
    }
  });
});

/** Letters that barely compress, so that a deflate stream of them is long. */
function noise(length: number): string {
  let seed = 12345, text = "";
  for (let i = 0; i < length; i++) text += String.fromCharCode(97 + ((seed = (seed * 1103515245 + 12345) % 2147483648) % 26));
  return text;
}

describe("malformed workbooks: the same located error as SheetJS's path", () => {
  const good = () => workbook({sheets: [{name: "LA level data", xml: worksheet(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>6</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row>`, "A1:B2")}], sharedStrings: SHARED});
  const choice: SheetChoice = {sheets: ["LA level data"], isHeader: (cells) => cells.includes("Area")};

  function expectSameError(bytes: Uint8Array, expectDataError = true): void {
    const fast = outcome(() => readSheet(bytes, "broken.xlsx", choice));
    expect(fast).toEqual(outcome(() => readSheetWithSheetJS(bytes, "broken.xlsx", choice)));
    if (expectDataError) expect(fast).toMatchObject({dataError: {file: "broken.xlsx"}});
  }

  it("a workbook the fast reader reads gives the same error for a missing header", () => {
    expect(declined(good())).toBeUndefined();
    expectSameError(good());
  });

  it("truncated bytes", () => {
    const bytes = good();
    for (const length of [bytes.length - 1, bytes.length - 30, Math.floor(bytes.length / 2), 40]) expectSameError(bytes.subarray(0, length));
  });

  it("a zip without xl/workbook.xml", () => {
    const bytes = workbook({sheets: [{name: "LA level data", xml: worksheet(`<row r="1"><c r="A1"><v>1</v></c></row>`, "A1:A1")}], omit: ["xl/workbook.xml"]});
    expect(declined(bytes)).toMatch(/workbook part/);
    expectSameError(bytes);
  });

  it("a worksheet cut in half", () => {
    const rows = Array.from({length: 40}, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="B${i + 1}" t="inlineStr"><is><t>row ${i}</t></is></c></row>`).join("");
    const xml = worksheet(rows, "A1:B40");
    const bytes = workbook({sheets: [{name: "LA level data", xml: xml.slice(0, Math.floor(xml.length / 2))}]});
    expect(declined(bytes)).toMatch(/unclosed|unexpected/);
    expectSameError(bytes);
    expectSamePaths(bytes, "broken.xlsx", {sheets: ["LA level data"]});
  });

  it("a corrupt deflate stream in a part the sheet does not need", () => {
    const bytes = workbook({sheets: [{name: "LA level data", xml: worksheet(`<row r="1"><c r="A1"><v>1</v></c></row>`, "A1:A1")}], parts: {"docProps/app.xml": "<Properties>" + noise(6000) + "</Properties>"}});
    // Spoil the middle of docProps/app.xml's deflated data.
    const name = new TextEncoder().encode("docProps/app.xml");
    let at = -1;
    for (let i = 0; i < bytes.length - name.length && at < 0; i++) if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 3 && bytes[i + 3] === 4 && name.every((b, j) => bytes[i + 30 + j] === b)) at = i + 30 + name.length;
    const spoiled = bytes.slice();
    for (let i = at + 100; i < at + 110; i++) spoiled[i] ^= 0xff;
    expectSameError(spoiled, false);
  });
});
