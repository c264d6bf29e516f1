/**
 * A plain, fast reader for one sheet of an XLSX workbook, giving exactly the grid that SheetJS's
 * path in spreadsheet.ts gives (`XLSX.read` with one sheet, `dense`, `sheetRows`, then
 * `sheet_to_json` with `header: 1, raw: false, rawNumbers: true, defval: "", blankrows: true`,
 * each cell as text). SheetJS takes about a second and a lot of garbage collection for a sheet of
 * 49,000 rows; this takes a small fraction of that. Node builtins only.
 *
 * It is a shortcut, never a second opinion: whatever it does not fully understand it declines
 * (returns `undefined`) and the caller runs SheetJS, so a malformed, truncated, encrypted or
 * unusual file gets exactly today's result or today's located error. Declined, among others: a zip
 * SheetJS would refuse or read differently (data descriptors, ZIP64, encryption, other methods,
 * sizes that disagree, names that collide when case is ignored), an ODS/Numbers package, XLSB,
 * namespace-prefixed or otherwise unexpected worksheet XML, comments and VML drawings (SheetJS adds
 * cells for them), date (`t="d"`) and unknown cell types, a string cell whose number format would
 * rewrite its text, a sheet over the row limit, a workbook over the sheet limit, an empty sheet.
 *
 * Where the result depends on SheetJS's own quirks they are reproduced, each checked against
 * SheetJS 0.20.3 (@e965/xlsx) and covered by test/xlsx.test.ts:
 * - the sheet's range is the `<dimension ref>` when it has a colon (SheetJS ignores `ref="A1"`),
 *   else the span of the rows and of the cells that carry a type or a value;
 * - the grid starts at the range's first row and column, not at A1;
 * - a row with no stored cell (beyond the range's first row) is an empty array, not a row of "";
 *   a cell is stored only when it has a value (or is an error, boolean, formula string or inline
 *   string), and a hyperlink on an empty cell stores one too;
 * - numbers are `String(parseFloat(text))` whatever their format (dates included); errors are "";
 *   booleans "TRUE"/"FALSE"; `t="str"` text is unescaped twice (SheetJS does), `_xHHHH_` escapes are
 *   decoded, CRLF becomes LF in cell text;
 * - shared and inline strings follow SheetJS's `parse_si` (first `<t>`, or every `<t>` of the rich
 *   runs outside phonetic `<rPh>`).
 */
import {COMMENTS_REL, Decline, THREADED_COMMENTS_REL, WORKSHEET_RELS, checkMetadata, decline, decodeRange, openZip, parseContentTypes, parseRelationships, parseSharedStrings, parseStringItem, parseStyles, parseTag, parseWorkbookSheets, parseXmlBool, stripFrontSlash, unescapeXml, utf8Read, type SharedString, type Styles} from "./xlsx-parts.ts";

export interface XlsxSheetOptions {
  /** Sheet names to try in order (case-insensitive, the workbook's names trimmed); none: the first sheet. */
  sheets?: readonly string[];
  /** SheetJS's `sheetRows`: a sheet reaching this many rows is left to SheetJS. */
  maxRows: number;
  /** More sheets than this is SheetJS's error to give. */
  maxSheets: number;
  /** Entries checkZipSizes already inflated (zip.ts), so they are not inflated again. */
  inflated?: ReadonlyMap<number, Uint8Array | Error>;
  /** Told why the reader declined, for tests and debugging. */
  onDecline?: (reason: string) => void;
}

export type XlsxSheet =
  /** The chosen sheet's grid: rows of text cells from the sheet's range, as SheetJS gives them. */
  | {sheetNames: string[]; sheet: string; grid: string[][]}
  /** None of the sheets asked for is in the workbook. */
  | {sheetNames: string[]; sheet: undefined; grid: undefined};


/** One sheet of an XLSX, or `undefined` when SheetJS should read it (see the module comment). */
export function readXlsxSheet(bytes: Uint8Array, options: XlsxSheetOptions): XlsxSheet | undefined {
  try {
    return read(bytes, options);
  } catch (error) {
    options.onDecline?.(error instanceof Decline ? error.message : `unexpected ${(error as Error)?.stack ?? error}`);
    return undefined;
  }
}

function read(bytes: Uint8Array, options: XlsxSheetOptions): XlsxSheet {
  const zip = openZip(bytes, options.inflated);
  // SheetJS's parse_zip: an ODS, UOC or Numbers package is not read as OOXML.
  for (const name of ["META-INF/manifest.xml", "objectdata.xml", "Index/Document.iwa"]) if (zip.has(name)) decline(`a ${name} entry`);
  const contentTypes = zip.text("[Content_Types].xml") ?? decline("no [Content_Types].xml");
  const ct = parseContentTypes(contentTypes);

  let workbookPath: string;
  if (ct.workbooks.length) workbookPath = ct.workbooks[0] ?? decline("a workbook content type without a part name");
  else {
    if (!zip.has("xl/workbook.xml")) decline("no workbook part");
    workbookPath = "xl/workbook.xml";
  }
  if (workbookPath.slice(-3) === "bin") decline("an XLSB workbook");
  // Parts SheetJS reads (and throws without) before any sheet, for every read of the workbook.
  const stylesPath = ct.styles[0] ? stripFrontSlash(ct.styles[0]) : undefined;
  if (stylesPath !== undefined && (!zip.has(stylesPath) || stylesPath.slice(-4) === ".bin")) decline("the styles part is missing or binary");
  if (ct.metadata.length) checkMetadata(zip.text(stripFrontSlash(ct.metadata[0])) ?? decline("the metadata part is missing"), ct.metadata[0]);
  if (ct.people.length && !zip.has(stripFrontSlash(ct.people[0]))) decline("the people part is missing");

  const workbookXml = zip.text(stripFrontSlash(workbookPath)) ?? decline("the workbook part is missing");
  const sheets = parseWorkbookSheets(workbookXml);
  const sheetNames = sheets.map((sheet) => sheet.name);
  if (sheetNames.length === 0) decline("a workbook with no sheets");
  if (sheetNames.length > options.maxSheets) decline("over the sheet limit");
  const folded = new Set(sheetNames.map((name) => name.toLowerCase()));
  if (folded.size !== sheetNames.length) decline("sheet names that differ only in case");

  // Which sheet: as readSheet chooses it.
  let index = 0;
  if (options.sheets?.length) {
    const found = options.sheets.map((want) => sheetNames.findIndex((name) => name.trim().toLowerCase() === want.toLowerCase())).find((i) => i >= 0);
    if (found === undefined) return {sheetNames, sheet: undefined, grid: undefined};
    index = found;
  }

  // The worksheet part, found as SheetJS finds it from the workbook's relationships.
  const slash = workbookPath.lastIndexOf("/");
  let relsPath = (workbookPath.slice(0, slash + 1) + "_rels/" + workbookPath.slice(slash + 1) + ".rels").replace(/^\//, "");
  if (!zip.has(relsPath)) relsPath = "xl/_rels/workbook.xml.rels";
  const relsXml = zip.text(relsPath) ?? decline("no workbook relationships");
  const rels = parseRelationships(relsXml);
  const relations = sheets.map((sheet) => rels.get(sheet.id ?? "") ?? decline(`sheet '${sheet.name}' has no relationship`));
  const relation = relations[index];
  if (relation.type !== undefined && relation.type !== "" && !WORKSHEET_RELS.includes(relation.type)) decline("not a worksheet");
  const target = relation.target;
  let sheetPath = "xl/" + target.replace(/[/]?xl\//, "");
  if (!zip.has(sheetPath)) sheetPath = target;
  if (!zip.has(sheetPath)) sheetPath = relsPath.replace(/_rels\/[\S\s]*$/, "") + target;
  if (!zip.has(sheetPath)) decline("the worksheet part is missing");
  if (sheetPath.slice(-4) === ".bin") decline("a binary worksheet");

  // Comments add cells (SheetJS stubs them in), as do the notes of a VML drawing.
  const sheetRelsPath = sheetPath.replace(/^(.*)(\/)([^/]*)$/, "$1/_rels/$3.rels");
  const sheetRels = zip.text(sheetRelsPath);
  if (sheetRels !== undefined) for (const rel of parseRelationships(sheetRels).values()) if (rel.type === COMMENTS_REL || rel.type === THREADED_COMMENTS_REL) decline("comments");

  const styles = stylesPath === undefined ? undefined : parseStyles(zip.text(stylesPath) ?? decline("no styles"));
  const sstPath = ct.strs[0] ? stripFrontSlash(ct.strs[0]) : undefined;
  if (sstPath !== undefined && sstPath.slice(-4) === ".bin") decline("binary shared strings");
  const sstXml = sstPath === undefined ? undefined : zip.text(sstPath);
  // Parsed only for a sheet that uses them (SheetJS parses them always, but a failure there only
  // leaves it without strings, which such a sheet then trips over: declined here).
  let strings: SharedString[] | undefined;
  const sharedStrings = () => (strings ??= sstXml === undefined ? [] : parseSharedStrings(sstXml));

  const sheetXml = zip.text(sheetPath) ?? decline("the worksheet part is missing");
  const grid = readWorksheet(sheetXml, {styles, sharedStrings, maxRows: options.maxRows});
  return {sheetNames, sheet: sheetNames[index], grid};
}

// ---------------------------------------------------------------------------------------------
// The worksheet: its range, then a strict scan of <sheetData>, then the grid.

interface SheetContext {
  styles: Styles | undefined;
  sharedStrings: () => SharedString[];
  maxRows: number;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

function readWorksheet(x: string, context: SheetContext): string[][] {
  // SheetJS searches the whole part for these (its before/after split of <sheetData> is a no-op).
  if (/legacyDrawing r:id="(.*?)"/.test(x)) decline("a VML drawing (notes)");
  let range: ReturnType<typeof decodeRange> | undefined;
  const dimensionAt = x.search(/<(?:\w*:)?dimension/);
  if (dimensionAt > 0) {
    const ref = x.slice(dimensionAt, dimensionAt + 50).match(/"(\w*:\w*)"/);
    if (ref) {
      const d = decodeRange(ref[1]);
      if (d.s.r <= d.e.r && d.s.c <= d.e.c && d.s.r >= 0 && d.s.c >= 0) range = d;
    }
  }

  const scan: Scan = {rows: [], guess: {s: {r: 2000000, c: 2000000}, e: {r: 0, c: 0}}, selfClosingRows: false};
  // SheetJS reads the cells between the first <sheetData ...> and the first </sheetData> after it.
  // The scan stops at the first "</" that is not a row's, cell's or value's own: the same place,
  // since nothing else inside may hold "<" (anything else declines).
  const open = /<(?:\w+:)?sheetData\b[^<>]*>/g;
  const opened = open.exec(x);
  let outside = [x]; // the parts outside <sheetData>, where hyperlinks are
  if (opened) {
    if (opened[0].endsWith("/>")) {
      if (/<\/(?:\w+:)?sheetData>/.test(x.slice(open.lastIndex))) decline("<sheetData/> and then </sheetData>");
    } else {
      const close = scanSheetData(x, open.lastIndex, scan, context);
      outside = [x.slice(0, opened.index), x.slice(close)];
    }
  }

  if (!range) {
    if (scan.selfClosingRows) decline("empty <row/> elements with no dimension");
    const guess = scan.guess;
    if (guess.e.c >= guess.s.c && guess.e.r >= guess.s.r) range = guess;
  }
  if (!range) decline("an empty sheet");
  if (context.maxRows > 0 && context.maxRows <= range.e.r) decline("over the row limit");

  // Hyperlinks put a stub cell in every cell they cover: a row with one is a row of "".
  const linked = new Set<number>();
  for (const link of outside.flatMap((part) => part.match(/<(?:\w+:)?hyperlink [^<>]*>/gm) ?? [])) {
    const val = parseTag(utf8Read(link), true);
    if (!val.ref) break;
    const span = decodeRange(val.ref);
    if (span.e.c < span.s.c || span.e.r < span.s.r) continue;
    if (span.s.c < 0) decline("a hyperlink SheetJS fails on (a negative column)");
    if ((span.e.r - span.s.r + 1) * (span.e.c - span.s.c + 1) > 1e6) decline("a hyperlink over a huge range");
    for (let r = Math.max(span.s.r, range.s.r); r <= Math.min(span.e.r, range.e.r); r++) linked.add(r);
  }

  // sheet_to_json: the range's rows; its first row and every row holding a cell are full width.
  const width = range.e.c - range.s.c + 1, first = range.s.c;
  const grid: string[][] = new Array(range.e.r - range.s.r + 1);
  for (let r = range.s.r; r <= range.e.r; r++) {
    const cells = scan.rows[r];
    if (!cells && !linked.has(r) && r !== range.s.r) {
      grid[r - range.s.r] = [];
      continue;
    }
    let row: string[];
    if (cells) {
      row = first === 0 && cells.length <= width ? cells : cells.slice(first, first + width);
      for (let c = 0; c < width; c++) if (row[c] === undefined) row[c] = "";
      row.length = width;
    } else row = new Array<string>(width).fill("");
    grid[r - range.s.r] = row;
  }
  return grid;
}

interface Scan {
  /** Stored cells' text by 0-based row, sparse by 0-based column. */
  rows: (string[] | undefined)[];
  /** SheetJS's guess at the range, from the rows and the cells with a type or value. */
  guess: {s: {r: number; c: number}; e: {r: number; c: number}};
  /** Whether any <row/> was seen (SheetJS counts only some of them in its guess). */
  selfClosingRows: boolean;
}

// The attributes of the tag last read by readTag: offsets of each name and value in the part.
const MAX_ATTRIBUTES = 64;
const attributeOffsets = new Int32Array(MAX_ATTRIBUTES * 4);
let attributeCount = 0, tagEnd = 0, tagSelfClosing = false;

/** Read the attributes of the tag whose name ends at `at`, up to its > or />. */
function readTag(x: string, at: number): void {
  attributeCount = 0;
  for (;;) {
    let c = x.charCodeAt(at);
    if (c === 62) { tagEnd = at + 1; tagSelfClosing = false; return; }
    if (c === 47 && x.charCodeAt(at + 1) === 62) { tagEnd = at + 2; tagSelfClosing = true; return; }
    // SheetJS's parsexmltag reads no attributes from a tag split only by tabs: none are taken.
    if (c === 9 || !isSpace(c)) decline("unexpected markup in a tag");
    while (isSpace(c)) if ((c = x.charCodeAt(++at)) === 9) decline("a tab in a tag");
    if (c === 62 || c === 47) continue;
    const nameStart = at;
    while (c !== 61 && c !== 62 && c !== 47 && c !== 60 && c !== 34 && c !== 39 && !isSpace(c) && at < x.length) c = x.charCodeAt(++at);
    if (c !== 61 || at === nameStart) decline("an attribute without a value");
    const quote = x.charCodeAt(at + 1);
    if (quote !== 34 && quote !== 39) decline("an unquoted attribute");
    let v = at + 2;
    for (; v < x.length && (c = x.charCodeAt(v)) !== quote; v++) if (c === 60 || c === 62) decline("< or > in an attribute");
    if (v >= x.length) decline("an unterminated attribute");
    if (attributeCount === MAX_ATTRIBUTES) decline("too many attributes");
    const k = attributeCount++ * 4;
    attributeOffsets[k] = nameStart;
    attributeOffsets[k + 1] = at;
    attributeOffsets[k + 2] = at + 2;
    attributeOffsets[k + 3] = v;
    at = v + 1;
  }
}

/** Whether attribute `a`'s name is exactly the one-char `name`. */
const attributeIs = (x: string, a: number, name: number) => attributeOffsets[a * 4 + 1] - attributeOffsets[a * 4] === 1 && x.charCodeAt(attributeOffsets[a * 4]) === name;
const attributeValue = (x: string, a: number) => x.slice(attributeOffsets[a * 4 + 2], attributeOffsets[a * 4 + 3]);

function hasColon(x: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (x.charCodeAt(k) === 58) return true;
  return false;
}

/** A non-negative integer written plainly (digits, no leading zero, at most 9), or -1. */
function plainNumber(x: string, from: number, to: number): number {
  if (to <= from || to - from > 9 || (to - from > 1 && x.charCodeAt(from) === 48)) return -1;
  let n = 0;
  for (let k = from; k < to; k++) {
    const d = x.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const C_R = 114, C_S = 115, C_T = 116;

// Cell types (t): none, or SheetJS's n, s, str, inlineStr, b, e; OTHER for the rest (d included).
const NO_TYPE = 0, TYPE_N = 1, TYPE_S = 2, TYPE_STR = 3, TYPE_INLINE = 4, TYPE_B = 5, TYPE_E = 6, TYPE_OTHER = 7;

function cellType(x: string, from: number, to: number): number {
  const length = to - from, c = x.charCodeAt(from);
  if (length === 0) return TYPE_N; // t="": SheetJS's `tag.t || "n"`
  if (length === 1) return c === 115 ? TYPE_S : c === 110 ? TYPE_N : c === 98 ? TYPE_B : c === 101 ? TYPE_E : TYPE_OTHER;
  const t = x.slice(from, to);
  return t === "str" ? TYPE_STR : t === "inlineStr" ? TYPE_INLINE : TYPE_OTHER;
}

/**
 * The cells of `<sheetData>` from `start` (after its tag), stored as SheetJS's parse_ws_xml_data
 * stores them and with its guess at the range, up to `</sheetData>`; returns the index after it.
 * Accepts only rows of cells with plain `r`, each cell holding an optional formula, then value or
 * inline string; anything else declines.
 */
function scanSheetData(x: string, start: number, scan: Scan, context: SheetContext): number {
  const {guess} = scan;
  const end = x.length;
  let i = start;
  for (;;) {
    let c = x.charCodeAt(i);
    while (isSpace(c)) c = x.charCodeAt(++i);
    if (i >= end) decline("an unclosed <sheetData>");
    if (c === 60 && x.startsWith("</sheetData>", i)) return i + 12;
    if (!x.startsWith("<row", i) || !(isSpace(c = x.charCodeAt(i + 4)) || c === 62 || c === 47)) decline(`unexpected markup in <sheetData>: ${x.slice(i, i + 20)}`);
    readTag(x, i + 4);
    i = tagEnd;
    // SheetJS's parsexmltag files some other names as r too (x:r, R, r_x): only a plain r will do.
    let rAttribute = -1;
    for (let a = 0; a < attributeCount; a++) {
      const nameStart = attributeOffsets[a * 4], nameEnd = attributeOffsets[a * 4 + 1], n0 = x.charCodeAt(nameStart);
      if (attributeIs(x, a, C_R) && rAttribute < 0) rAttribute = a;
      else if ((n0 === C_R || n0 === 82 || hasColon(x, nameStart, nameEnd)) && /^(?:[^:]*:)?[rR](?:_|$)|^[rR]_/.test(x.slice(nameStart, nameEnd))) decline("a row attribute SheetJS reads as r");
    }
    if (rAttribute < 0) decline("a row without r");
    const rStart = attributeOffsets[rAttribute * 4 + 2], rEnd = attributeOffsets[rAttribute * 4 + 3];
    const rowNumber = plainNumber(x, rStart, rEnd);
    if (rowNumber < 1) decline("a row without a plain r");
    if (context.maxRows > 0 && rowNumber > context.maxRows) decline("over the row limit");
    if (tagSelfClosing) {
      scan.selfClosingRows = true;
      continue;
    }
    if (guess.s.r > rowNumber - 1) guess.s.r = rowNumber - 1;
    if (guess.e.r < rowNumber - 1) guess.e.r = rowNumber - 1;
    i = scanRow(x, i, rowNumber, scan, context);
  }
}

/** One row's cells, from after its tag up to `</row>`; returns the index after it. */
function scanRow(x: string, i: number, rowNumber: number, scan: Scan, context: SheetContext): number {
  const textKept = context.styles?.textKept;
  const {rows, guess} = scan;
  let c = 0;
  let cells: string[] | undefined;

  // The row's cells, up to </row>.
  for (;;) {
    c = x.charCodeAt(i);
    while (isSpace(c)) c = x.charCodeAt(++i);
    if (c === 60 && x.charCodeAt(i + 1) === 47) {
      if (!x.startsWith("</row>", i)) decline("unexpected markup in a row");
      return i + 6;
    }
    // SheetJS splits a row at "<c" and a space, / or >: a tab or newline there is left to it.
    if (c !== 60 || x.charCodeAt(i + 1) !== 99 || !((c = x.charCodeAt(i + 2)) === 32 || c === 62 || c === 47)) decline(`unexpected markup in a row: ${x.slice(i, i + 20)}`);
    readTag(x, i + 2);
    i = tagEnd;
    let ref = -1, style = -1, type = NO_TYPE;
    for (let a = 0; a < attributeCount; a++) {
      const nameStart = attributeOffsets[a * 4], nameLength = attributeOffsets[a * 4 + 1] - nameStart;
      const n0 = x.charCodeAt(nameStart);
      if (nameLength === 1 && n0 === C_R && ref < 0) ref = a;
      else if (nameLength === 1 && n0 === C_S && style < 0) style = a;
      else if (nameLength === 1 && n0 === C_T && type === NO_TYPE) type = cellType(x, attributeOffsets[a * 4 + 2], attributeOffsets[a * 4 + 3]);
      else if (((nameLength === 2 && /^(?:cm|vm|ph)$/.test(x.slice(nameStart, nameStart + 2))) || (nameLength === 9 && x.startsWith("xml:space", nameStart))) && /^[0-9a-zA-Z]*$/.test(attributeValue(x, a))) continue;
      else decline(`a cell attribute ${x.slice(nameStart, nameStart + nameLength)}`);
    }
    // The cell's position: its r, in this row.
    if (ref < 0) decline("a cell without r");
    const refStart = attributeOffsets[ref * 4 + 2], refEnd = attributeOffsets[ref * 4 + 3];
    let column = 0, k = refStart;
    for (; k < refEnd && (c = x.charCodeAt(k)) >= 65 && c <= 90; k++) column = 26 * column + c - 64;
    if (k === refStart || k - refStart > 3 || plainNumber(x, k, refEnd) !== rowNumber) decline("a cell reference out of its row");
    column -= 1;
    let styleIndex = -1;
    if (style >= 0) {
      styleIndex = plainNumber(x, attributeOffsets[style * 4 + 2], attributeOffsets[style * 4 + 3]);
      if (styleIndex < 0) decline("an odd cell style");
    }

    let valueStart = -1, valueEnd = -1; // the raw text of <v>, when it has some
    let inline: string | undefined; // the inner XML of <is>
    if (!tagSelfClosing) {
      let seenValue = false;
      for (;;) {
        c = x.charCodeAt(i);
        while (isSpace(c)) c = x.charCodeAt(++i);
        if (c !== 60) decline("text in a cell");
        const d = x.charCodeAt(i + 1);
        if (d === 47) {
          if (!x.startsWith("</c>", i)) decline("unexpected markup in a cell");
          i += 4;
          break;
        }
        if (d === 118 && !seenValue && inline === undefined) { // <v
          seenValue = true;
          if (x.charCodeAt(i + 2) === 62) i += 3;
          else {
            readTag(x, i + 2);
            i = tagEnd;
            if (tagSelfClosing) continue;
          }
          const close = x.indexOf("<", i);
          if (close < 0 || !x.startsWith("</v>", close)) decline("markup in a value");
          if (close > i) { valueStart = i; valueEnd = close; }
          i = close + 4;
        } else if (d === 102 && !seenValue && inline === undefined) { // <f
          readTag(x, i + 2);
          i = tagEnd;
          if (tagSelfClosing) continue;
          const close = x.indexOf("<", i);
          if (close < 0 || !x.startsWith("</f>", close)) decline("markup in a formula");
          i = close + 4;
        } else if (d === 105 && inline === undefined && x.startsWith("<is>", i)) {
          const close = x.indexOf("</is>", i + 4);
          if (close < 0) decline("an unclosed inline string");
          inline = x.slice(i + 4, close);
          // SheetJS cuts a row at every <c ...> and looks for <v ...> anywhere in the cell.
          if (/<\/?(?:\w+:)?(?:c[ />]|v\b|is\b|row\b|sheetData\b|hyperlink\b)/.test(inline) || /<[^>]*</.test(inline)) decline("an inline string SheetJS may cut differently");
          i = close + 5;
        } else decline(`unexpected markup in a cell: ${x.slice(i, i + 20)}`);
      }
    }

    // What SheetJS stores for the cell (parse_ws_xml_data), as the text sheet_to_json gives.
    if (type === NO_TYPE && valueStart < 0) continue;
    if (guess.s.c > column) guess.s.c = column;
    if (guess.e.c < column) guess.e.c = column;
    let text: string;
    switch (type) {
      case NO_TYPE: case TYPE_N: {
        if (valueStart < 0) continue;
        const raw = x.slice(valueStart, valueEnd);
        const v = unescapeXml(raw);
        if (v === "") continue;
        // String(parseFloat(v)), which is v itself for a plain integer of up to 15 digits.
        text = v === raw && /^(?:0|-?[1-9][0-9]{0,14})$/.test(v) ? v : String(parseFloat(v));
        break;
      }
      case TYPE_S: {
        if (valueStart < 0) continue;
        let index = plainNumber(x, valueStart, valueEnd);
        if (index < 0) index = parseInt(unescapeXml(x.slice(valueStart, valueEnd)), 10);
        const item = context.sharedStrings()[index];
        if (!item) decline("a shared string index out of range");
        text = styledText(item.t, styleIndex, textKept);
        break;
      }
      case TYPE_STR:
        text = valueStart < 0 ? "" : styledText(unescapeXml(utf8Read(unescapeXml(x.slice(valueStart, valueEnd))), true), styleIndex, textKept);
        break;
      case TYPE_INLINE:
        text = inline === undefined ? "" : styledText(parseStringItem(inline).t, styleIndex, textKept);
        break;
      case TYPE_B:
        text = styledText(valueStart >= 0 && parseXmlBool(unescapeXml(x.slice(valueStart, valueEnd))) ? "TRUE" : "FALSE", styleIndex, textKept);
        break;
      case TYPE_E:
        text = "";
        break;
      default:
        decline("a cell type not read here");
    }
    if (!cells) cells = rows[rowNumber - 1] ??= [];
    cells[column] = text;
  }
}

/** The text sheet_to_json gives a string or boolean cell: unchanged, unless its number format rewrites it. */
function styledText(text: string | undefined, style: number, textKept: boolean[] | undefined): string {
  if (text === undefined || text === "") return "";
  if (style >= 0 && textKept !== undefined && textKept[style] === false) decline("a text cell whose number format rewrites it");
  return text;
}
