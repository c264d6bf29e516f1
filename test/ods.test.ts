/**
 * The plain ODS reader (loaders/read/ods.ts): for every sheet of every real ODS workbook and of
 * hand-built ones, its grid is exactly the grid spreadsheet.ts builds from SheetJS (computed here
 * from @e965/xlsx directly, as `openWorkbook` + `sheetTable` do), and its sheet names are SheetJS's.
 * Whatever it cannot read faithfully (malformed, truncated, unusual) is `undefined`, never a throw
 * or a partial grid.
 */
import {existsSync, readFileSync} from "node:fs";
import path from "node:path";
import {deflateRawSync, gunzipSync} from "node:zlib";
import * as XLSX from "@e965/xlsx";
import {describe, expect, it, vi} from "vitest";
import {readOdsGrids} from "../loaders/read/ods.ts";
import {readSheet, SPREADSHEET_LIMITS} from "../loaders/read/spreadsheet.ts";
import {parseCareDirectory} from "../loaders/families/cqc/parse-care-directory.ts";
import {parseAscofTimeseries} from "../loaders/families/reablement/parse-ascof-timeseries.ts";
import {filesUnder} from "./support/files-under.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const SHARED_REAL = path.resolve(ROOT, "../shared/data/real");

/** The grids spreadsheet.ts gets from SheetJS today, sheet by sheet. */
function sheetJSGrids(bytes: Uint8Array, sheetRows: number = SPREADSHEET_LIMITS.rows): {sheetNames: string[]; grids: Map<string, string[][]>} {
  const error = console.error;
  console.error = () => {}; // SheetJS's "ODS number format may be incorrect" noise
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, {type: "array", cellDates: false, cellHTML: false, cellFormula: false, dense: true, sheetRows});
  } finally {
    console.error = error;
  }
  const grids = new Map<string, string[][]>();
  for (const name of workbook.SheetNames) {
    const grid = XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[name], {header: 1, raw: false, rawNumbers: true, defval: "", blankrows: true}) as unknown[][];
    grids.set(name, grid.map((row) => row.map((cell) => (cell === null || cell === undefined ? "" : cell instanceof Date ? dateCellText(cell) : String(cell)))));
  }
  return {sheetNames: workbook.SheetNames, grids};
}

function dateCellText(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}

function expectSameAsSheetJS(bytes: Uint8Array, sheetRows?: number): {sheetNames: string[]; grids: Map<string, string[][]>} {
  const expected = sheetJSGrids(bytes, sheetRows);
  const actual = readOdsGrids(bytes, undefined, sheetRows);
  expect(actual, "the reader declined the workbook").toBeDefined();
  expect(actual!.sheetNames).toEqual(expected.sheetNames);
  for (const name of expected.sheetNames) expect(actual!.grids.get(name), `sheet '${name}'`).toEqual(expected.grids.get(name));
  return actual!;
}

// ---- real workbooks ------------------------------------------------------------------------------

const realFiles = [...filesUnder(path.join(ROOT, "data/raw"), /\.ods$/i), ...filesUnder(SHARED_REAL, /\.ods$/i), ...filesUnder(path.join(ROOT, "test"), /\.ods(\.gz)?$/i)];

describe("real ODS workbooks: every sheet as SheetJS reads it", () => {
  it.skipIf(existsSync(SHARED_REAL))(`../shared/data/real is absent (${SHARED_REAL}): its workbooks are not compared`, () => {});
  it("finds some", () => expect(realFiles.length).toBeGreaterThan(0));
  for (const file of realFiles) {
    it(path.relative(ROOT, file), () => {
      let bytes = new Uint8Array(readFileSync(file));
      if (file.endsWith(".gz")) bytes = new Uint8Array(gunzipSync(bytes));
      expectSameAsSheetJS(bytes);
    });
  }
});

// ---- hand-built workbooks ------------------------------------------------------------------------

function crc32(data: Uint8Array): number {
  let crc = -1;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ -1) >>> 0;
}

/** A zip of the given entries (the first stored, the rest deflated unless `stored`). */
function zip(entries: [string, string | Uint8Array][], stored = false): Uint8Array {
  const locals: Buffer[] = [], centrals: Buffer[] = [];
  let offset = 0;
  entries.forEach(([name, content], i) => {
    const data = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
    const method = i === 0 || stored ? 0 : 8;
    const packed = method === 0 ? data : deflateRawSync(data);
    const nameBytes = Buffer.from(name, "utf8");
    const header = (central: boolean) => {
      const b = Buffer.alloc(central ? 46 : 30);
      b.writeUInt32LE(central ? 0x02014b50 : 0x04034b50, 0);
      const at = central ? 2 : 0;
      if (central) b.writeUInt16LE(20, 4);
      b.writeUInt16LE(20, 4 + at);
      b.writeUInt16LE(method, 8 + at);
      b.writeUInt32LE(crc32(data), 14 + at);
      b.writeUInt32LE(packed.length, 18 + at);
      b.writeUInt32LE(data.length, 22 + at);
      b.writeUInt16LE(nameBytes.length, 26 + at);
      if (central) b.writeUInt32LE(offset, 42);
      return Buffer.concat([b, nameBytes]);
    };
    centrals.push(header(true));
    const local = Buffer.concat([header(false), packed]);
    locals.push(local);
    offset += local.length;
  });
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xlink="http://www.w3.org/1999/xlink"';
const MANIFEST = '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>';
const STYLES = `<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${NS}><office:styles><number:number-style style:name="N2"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1"/></number:number-style><number:date-style style:name="NDATE"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/></number:date-style></office:styles></office:document-styles>`;

function content(automaticStyles: string, tables: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${NS} office:version="1.2"><office:automatic-styles>${automaticStyles}</office:automatic-styles><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`;
}

function ods(contentXml: string, options: {styles?: string | null; manifest?: string | null; stored?: boolean} = {}): Uint8Array {
  const entries: [string, string][] = [["mimetype", "application/vnd.oasis.opendocument.spreadsheet"]];
  if (options.manifest !== null) entries.push(["META-INF/manifest.xml", options.manifest ?? MANIFEST]);
  if (options.styles !== null) entries.push(["styles.xml", options.styles ?? STYLES]);
  entries.push(["content.xml", contentXml]);
  return zip(entries, options.stored);
}

const str = (text: string, attrs = "") => `<table:table-cell office:value-type="string"${attrs}><text:p>${text}</text:p></table:table-cell>`;
const num = (value: string, attrs = "") => `<table:table-cell office:value-type="float" office:value="${value}"${attrs}><text:p>${value}</text:p></table:table-cell>`;
const row = (cells: string, attrs = "") => `<table:table-row${attrs}>${cells}</table:table-row>`;
const table = (name: string, rows: string) => `<table:table table:name="${name}">${rows}</table:table>`;

const AUTOMATIC = '<number:date-style style:name="N90"><number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/></number:date-style><number:percentage-style style:name="N91"><number:number number:decimal-places="1" number:min-decimal-places="1" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style><number:time-style style:name="N92"><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/></number:time-style><number:boolean-style style:name="N99"><number:boolean/></number:boolean-style>'
  + '<style:style style:name="ceDate" style:family="table-cell" style:data-style-name="N90"/><style:style style:name="cePct" style:family="table-cell" style:data-style-name="N91"/><style:style style:name="ceTime" style:family="table-cell" style:data-style-name="N92"/><style:style style:name="ceNum" style:family="table-cell" style:data-style-name="N2"/><style:style style:name="ceYM" style:family="table-cell" style:data-style-name="NDATE"/><style:style style:name="ceBool" style:family="table-cell" style:data-style-name="N99"/>';

describe("hand-built ODS workbooks: the same grid as SheetJS", () => {
  it("row and column repeats, covered cells, trailing empty repeats", () => {
    const bytes = ods(content("", table("Repeats", [
      row(str("a") + `<table:table-cell table:number-columns-repeated="2"/>` + str("b") + `<table:table-cell table:number-columns-repeated="1000"/>`),
      row(`<table:table-cell table:number-columns-repeated="3"/>`, ' table:number-rows-repeated="2"'),
      row(num("7") + num("8"), ' table:number-rows-repeated="3"'),
      row(`<table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>merged</text:p></table:table-cell><table:covered-table-cell/>` + str("after")),
      row(`<table:table-cell table:number-columns-repeated="3" office:value-type="string"><text:p>rep</text:p></table:table-cell>` + str("z")),
      row(`<table:table-cell table:number-columns-repeated="4" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>`),
      row(`<table:covered-table-cell table:number-columns-repeated="2"/>` + str("c")),
      row(`<table:table-cell table:number-columns-repeated="1024"/>`, ' table:number-rows-repeated="1048000"')
    ].join(""))));
    const grid = expectSameAsSheetJS(bytes).grids.get("Repeats")!;
    expect(grid[0]).toEqual(["a", "", "", "b"]);
    expect(grid[1]).toEqual([]);
    expect(grid[3]).toEqual(["7", "8", "", ""]);
    expect(grid[7]).toEqual(["rep", "rep", "rep", "z"]);
    expect(grid[9]).toEqual(["", "", "c", ""]);
    expect(grid.length).toBe(10); // the 1,048,000 trailing empty rows are self-closing cells: not in the range
  });

  it("a repeated cell's later columns lie outside SheetJS's range unless something else widens it", () => {
    const bytes = ods(content("", table("Narrow", row(`<table:table-cell table:number-columns-repeated="3" office:value-type="string"><text:p>x</text:p></table:table-cell>`))));
    expect(expectSameAsSheetJS(bytes).grids.get("Narrow")).toEqual([["x"]]);
  });

  it("a huge repeat of empty but non-self-closing cells widens the grid as SheetJS does", () => {
    const bytes = ods(content("", table("Tail", row(str("x")) + row("<table:table-cell></table:table-cell>", ' table:number-rows-repeated="5"') + row(str("y")))));
    expectSameAsSheetJS(bytes);
  });

  it("text: text:s, text:tab, text:line-break, spans, links, entities, several paragraphs", () => {
    const bytes = ods(content("", table("Text", [
      row(str('a<text:s/>b<text:s text:c="3"/>c')),
      row(str("tab<text:tab/>here") + str("line<text:line-break/>break")),
      row(str('<text:span text:style-name="T1">span</text:span> and <text:a xlink:href="https://example.org/?a=1&amp;b=2">link</text:a>')),
      row(str("&lt;&amp;&gt; &quot;q&quot; &apos;s&apos; &#233; &#xe9; _x0041_")),
      row(`<table:table-cell office:value-type="string"><text:p>one</text:p><text:p>two</text:p><text:p/><text:p>three</text:p></table:table-cell>`),
      row(`<table:table-cell office:value-type="string"><text:p></text:p><text:p>second</text:p></table:table-cell>`),
      row(str("  spaced \n  out  ") + str("")),
      row(`<table:table-cell office:value-type="string" office:string-value="from attribute"><text:p>ignored</text:p></table:table-cell>`),
      row(`<table:table-cell office:value-type="string" office:string-value="self-closing"/>` + `<table:table-cell>` + `<text:p>no value type</text:p></table:table-cell>`),
      row(`<table:table-cell office:value-type="string"><office:annotation><dc:creator>me</dc:creator><text:p>a note</text:p></office:annotation><text:p>annotated</text:p></table:table-cell>`),
      row(str("Ünïcödé — “quotes” 🙂")),
      row(`<table:table-cell table:formula="of:=['Bob''s sheet'.A1]" office:value-type="float" office:value="4" table:style-name="ceNum"><text:p>4</text:p></table:table-cell>`)
    ].join("")) + table("Bob's", row(str("it's")))));
    const grid = expectSameAsSheetJS(bytes).grids.get("Text")!;
    expect(grid[0][0]).toBe("a b   c");
    expect(grid[4][0]).toBe("one\ntwo\n\nthree");
  });

  it("numbers, percentages, currency, booleans, dates, times, errors", () => {
    const bytes = ods(content(AUTOMATIC, table("Values", [
      row(num("1.5") + num("-0.000001") + num("12345678901234567890") + num("1E-3") + `<table:table-cell office:value-type="float"><text:p>no value</text:p></table:table-cell>`),
      row(`<table:table-cell office:value-type="percentage" office:value="0.125" table:style-name="cePct"><text:p>12.5%</text:p></table:table-cell><table:table-cell office:value-type="currency" office:currency="GBP" office:value="3.5"><text:p>£3.50</text:p></table:table-cell>` + num("2.5", ' table:style-name="ceNum"')),
      row(`<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="false"/><table:table-cell office:value-type="boolean" office:boolean-value="false"></table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="true" table:style-name="ceBool"></table:table-cell>`),
      row(`<table:table-cell office:value-type="date" office:date-value="2024-05-12" table:style-name="ceDate"><text:p>12/05/2024</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-05-12T13:45:30"><text:p>x</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-05-12T13:45:30.25"><text:p>x</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="1900-02-28"><text:p>x</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="1899-12-31"><text:p>x</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-05-12" table:style-name="ceNum"><text:p>x</text:p></table:table-cell>`),
      row(`<table:table-cell office:value-type="time" office:time-value="PT13H45M30S"><text:p>13:45:30</text:p></table:table-cell><table:table-cell office:value-type="time" office:time-value="PT36H00M00S" table:style-name="ceTime"><text:p>36:00</text:p></table:table-cell>` + num("45424.5", ' table:style-name="ceDate"') + num("45424", ' table:style-name="ceYM"') + num("60.5", ' table:style-name="ceDate"')),
      row(`<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell><table:table-cell table:formula="of:=NA()" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#N/A</text:p></table:table-cell><table:table-cell table:formula="of:=X" office:value-type="float" office:value="0" calcext:value-type="error"><text:p>Err:502</text:p></table:table-cell>`)
    ].join(""))));
    const grid = expectSameAsSheetJS(bytes).grids.get("Values")!;
    expect(grid[0][0]).toBe("1.5");
    expect(grid[1][0]).toBe("0.125");
    expect(grid[3][0]).toBe("2024-05-12");
    expect(grid[3][1]).toBe("2024-05-12T13:45:30.000Z");
  });

  it("a 1904 date system", () => {
    const bytes = ods(content("", `<table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>` + table("D", row(`<table:table-cell office:value-type="date" office:date-value="2024-05-12"><text:p>x</text:p></table:table-cell>`))));
    expectSameAsSheetJS(bytes);
  });

  it("header rows, row groups, hidden rows and columns, leading empty rows and columns", () => {
    const bytes = ods(content("", table("Wrapped", [
      `<table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/>`,
      row(`<table:table-cell table:number-columns-repeated="5"/>`, ' table:number-rows-repeated="2"'),
      `<table:table-header-rows>${row("<table:table-cell/>" + str("Head"))}</table:table-header-rows>`,
      `<table:table-row-group>${row("<table:table-cell/>" + num("1"), ' table:visibility="collapse"')}${row("<table:table-cell/>" + num("2"))}</table:table-row-group>`,
      `<table:table-rows>${row("<table:table-cell/>" + num("3") + str("wide"))}</table:table-rows>`
    ].join("")) + table("Empty", row("<table:table-cell/>")) + table("Nothing", "")));
    const result = expectSameAsSheetJS(bytes);
    expect(result.grids.get("Wrapped")![0]).toEqual(["Head", ""]); // SheetJS's range starts at the first cell with content
    expect(result.grids.get("Empty")).toEqual([[""]]);
  });

  it("the row limit", () => {
    const rows = Array.from({length: 8}, (_, i) => row(num(String(i)))).join("") + row(str("r"), ' table:number-rows-repeated="4"');
    const bytes = ods(content("", table("Rows", rows)));
    for (const limit of [3, 9, 10, 100]) expectSameAsSheetJS(bytes, limit);
  });

  it("a sheet filtered out by `wanted` is listed but not read", () => {
    const bytes = ods(content("", table("Keep", row(str("k"))) + table("Skip", row(str("s"))) + table("A&amp;B", row(str("amp")))));
    const result = readOdsGrids(bytes, (name) => name !== "Skip");
    expect(result?.sheetNames).toEqual(sheetJSGrids(bytes).sheetNames);
    expect(result?.sheetNames).toEqual(["Keep", "Skip", "A&amp;B"]); // names as SheetJS has them: entities not decoded
    expect([...result!.grids.keys()]).toEqual(["Keep", "A&amp;B"]);
    expect(result!.grids.get("Keep")).toEqual([["k"]]);
  });

  it("stored (uncompressed) entries", () => {
    expectSameAsSheetJS(ods(content("", table("S", row(str("stored")))), {stored: true}));
  });

  it("workbooks SheetJS writes itself", () => {
    const workbook = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([["name", "n", "when", "ok"], ["a", 1.25, new Date(Date.UTC(2024, 4, 12)), true], [], ["b", -3, "text", false], [null, null, null, "x"]], {cellDates: true}), "First");
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet([["only"]]), "Second sheet");
    const bytes = new Uint8Array(XLSX.write(workbook, {type: "array", bookType: "ods"}));
    expectSameAsSheetJS(bytes);
  });
});

// ---- what it declines ------------------------------------------------------------------------------

describe("malformed or unusual input: undefined, never a throw or a partial grid", () => {
  const good = content("", table("S", row(str("a")) + row(str("b"))));
  const bytes = ods(good);

  it("reads the good workbook", () => expect(readOdsGrids(bytes)?.grids.get("S")).toEqual([["a"], ["b"]]));
  it("truncated bytes", () => {
    for (const length of [0, 10, 100, bytes.length >> 1, bytes.length - 30, bytes.length - 1]) expect(readOdsGrids(bytes.subarray(0, length))).toBeUndefined();
  });
  it("not a zip", () => expect(readOdsGrids(new TextEncoder().encode("a,b\n1,2\n"))).toBeUndefined());
  it("no content.xml", () => expect(readOdsGrids(zip([["mimetype", "application/vnd.oasis.opendocument.spreadsheet"], ["META-INF/manifest.xml", MANIFEST], ["styles.xml", STYLES]]))).toBeUndefined());
  it("no manifest (SheetJS would not read it as ODS)", () => expect(readOdsGrids(ods(good, {manifest: null}))).toBeUndefined());
  it("no styles.xml (SheetJS throws)", () => expect(readOdsGrids(ods(good, {styles: null}))).toBeUndefined());
  it("content.xml cut in half", () => {
    for (const at of [good.length >> 1, good.indexOf("</table:table>"), good.length - 5]) expect(readOdsGrids(ods(good.slice(0, at)))).toBeUndefined();
  });
  it("encrypted", () => {
    const manifest = MANIFEST.replace('<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>', '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1"/></manifest:file-entry>');
    expect(readOdsGrids(ods(good, {manifest}))).toBeUndefined();
  });
  it("a corrupt deflate stream", () => {
    const broken = ods(good).slice();
    const at = Buffer.from(broken).indexOf("content.xml") + "content.xml".length;
    for (let i = at; i < at + 20; i++) broken[i] ^= 0xff;
    expect(readOdsGrids(broken)).toBeUndefined();
  });
  it("an unknown value type, a bad time value, unbalanced XML", () => {
    expect(readOdsGrids(ods(content("", table("S", row(`<table:table-cell office:value-type="complex"><text:p>x</text:p></table:table-cell>`)))))).toBeUndefined();
    expect(readOdsGrids(ods(content("", table("S", row(`<table:table-cell office:value-type="time" office:time-value="13:00"><text:p>x</text:p></table:table-cell>`)))))).toBeUndefined();
    expect(readOdsGrids(ods(content("", table("S", row(`<table:table-cell office:value-type="time" office:time-value="P1DT02H00M00S"><text:p>x</text:p></table:table-cell>`)))))).toBeUndefined(); // SheetJS throws on days
    expect(readOdsGrids(ods(good.replace("</office:spreadsheet>", "</office:spreadsheet></office:document-content>")))).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Wired into spreadsheet.ts: the parsers that read ODS give the same result as on SheetJS alone.

const route = vi.hoisted(() => ({sheetJS: false}));
vi.mock("../loaders/read/ods.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../loaders/read/ods.ts")>();
  return {...original, readOdsGrids: (...args: Parameters<typeof original.readOdsGrids>) => (route.sheetJS ? undefined : original.readOdsGrids(...args))};
});

describe("readSheet and readWorkbook on an ODS, through the fast reader", () => {
  const raw = (file: string) => new Uint8Array(readFileSync(path.join(ROOT, "data", "raw", file)));
  it("give the CQC care directory's and the ASCOF time series' parsers the same result as SheetJS alone", () => {
    const json = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? [...v.entries()] : v));
    const same = (what: string, read: () => unknown) => {
      const fast = json(read());
      route.sheetJS = true;
      let sheetJS: string;
      try {
        sheetJS = json(read());
      } finally {
        route.sheetJS = false;
      }
      expect(fast.length, what).toBeGreaterThan(1000);
      expect(fast === sheetJS, `${what}: the same result on both paths`).toBe(true);
    };
    for (const file of ["01_April_2026_HSCA_Active_Locations.ods", "05_May_2026_HSCA_Active_Locations.ods"]) {
      const bytes = raw(`cqc/${file}`);
      same(file, () => parseCareDirectory(bytes, file, {source_id: "cqc-care-directory"}));
    }
    const series = raw("reablement/ascof-timeseries-2015-16-to-2024-25-dhsc.ods");
    same("ascof time series", () => parseAscofTimeseries(series, "ascof-timeseries-2015-16-to-2024-25-dhsc.ods", {source_id: "ascof-2024-25", vintage: "2024-25"}));
  }, 120_000);

  it("keeps the located error for a sheet the workbook lacks", () => {
    const bytes = raw("cqc/01_April_2026_HSCA_Active_Locations.ods");
    expect(() => readSheet(bytes, "april.ods", {sheets: ["No such sheet"]})).toThrow(/no sheet named 'No such sheet'/);
    route.sheetJS = true;
    try {
      expect(() => readSheet(bytes, "april.ods", {sheets: ["No such sheet"]})).toThrow(/no sheet named 'No such sheet'/);
    } finally {
      route.sheetJS = false;
    }
  });
});
