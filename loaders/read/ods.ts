/**
 * A plain reader of OpenDocument spreadsheets (.ods): for each sheet, exactly the grid of text cells
 * spreadsheet.ts gets from SheetJS (read with `cellDates: false, dense: true, sheetRows`; `sheet_to_json`
 * with `header: 1, raw: false, rawNumbers: true, defval: "", blankrows: true`; cells as `sheetTable` maps them).
 *
 * It is a port of SheetJS's `parse_content_xml` reduced to what reaches that grid, quirks included:
 * - the same tag regex, attribute parsing (`parsexmltag`) and entity decoding (`unescapexml`);
 * - the sheet's extent is SheetJS's range: rows and columns where a non-self-closing cell *starts*
 *   (a repeated cell's later columns lie outside it unless something else widens it; a self-closing
 *   cell never widens it), the rows clipped to `sheetRows`; a sheet with no such cell is A1:A1;
 * - a row with no stored cell is `[]` (SheetJS's dense rows), except the range's first row;
 * - numbers are `String(parseFloat(office:value))`; date and time cells, and numbers whose cell style
 *   is a date format (ODS number styles translated as SheetJS translates them), become dates:
 *   `YYYY-MM-DD`, or the full ISO timestamp when they carry a time (dateCellText in spreadsheet.ts);
 * - text is the `text:p` paragraphs joined by "\n", whitespace collapsed, `text:s`/`tab`/`line-break`
 *   expanded; `office:string-value` wins over the paragraphs; error cells (#DIV/0! etc.) are "".
 * Anything it does not fully understand (no manifest or content.xml, encryption, a zip feature, a
 * cell format it cannot render, unbalanced or truncated XML, any exception) gives `undefined`, so
 * the caller falls back to SheetJS and its errors. Sheet names are the raw `table:name` attribute,
 * entities not decoded, as SheetJS has them.
 */
import {inflateRawSync} from "node:zlib";
import {removeComments} from "./xlsx-parts.ts";

export type OdsGrids = {sheetNames: string[]; grids: Map<string, string[][]>};

const DEFAULT_SHEET_ROWS = 2_000_000; // SPREADSHEET_LIMITS.rows of spreadsheet.ts (not imported: it imports this module)
class Unsupported extends Error {}
const bail = (why: string): never => { throw new Unsupported(why); };

export function readOdsGrids(bytes: Uint8Array, wanted?: (sheetName: string) => boolean, sheetRows = DEFAULT_SHEET_ROWS): OdsGrids | undefined {
  try {
    const files = zipFiles(bytes), manifest = files.get("meta-inf/manifest.xml"), content = files.get("content.xml"), styles = files.get("styles.xml");
    // SheetJS reads a zip as ODS only with a manifest; it throws without content.xml or styles.xml, or when encrypted.
    if (!manifest || !content || !styles || /<[^<>]*:(?:encryption-data|algorithm|start-key-generation|key-derivation)\b/.test(manifest())) return undefined;
    const formats: Record<string, string> = {};
    parseNumberStyles(styles(), formats);
    return parseContent(content(), formats, wanted, sheetRows);
  } catch {
    return undefined;
  }
}

// ---- zip ---------------------------------------------------------------------------------------

/** The zip's entries by lower-cased name (SheetJS finds parts case-insensitively), each read as UTF-8 on demand. */
function zipFiles(bytes: Uint8Array): Map<string, () => string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true), u32 = (at: number) => view.getUint32(at, true);
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === 0x06054b50) { eocd = at; break; }
  }
  if (eocd < 0) bail("no zip directory");
  const count = u16(eocd + 10), offset = u32(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) bail("zip64");
  const files = new Map<string, () => string>();
  for (let i = 0, at = offset; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) bail("broken zip directory");
    const flags = u16(at + 8), method = u16(at + 10), compressed = u32(at + 20), size = u32(at + 24);
    const nameLength = u16(at + 28), local = u32(at + 42);
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + at + 46, nameLength).toString("latin1").toLowerCase();
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
    if (at > bytes.length) bail("broken zip directory");
    if (files.has(name)) bail("duplicate zip entry");
    files.set(name, () => {
      if (local + 30 > bytes.length || u32(local) !== 0x04034b50) bail("no local header");
      const localFlags = u16(local + 6), localMethod = u16(local + 8);
      if ((flags | localFlags) & 0x2049 || localMethod !== method) bail("zip flags");
      if (u32(local + 18) !== compressed || u32(local + 22) !== size) bail("zip sizes differ");
      const start = local + 30 + u16(local + 26) + u16(local + 28);
      if (start + compressed > bytes.length) bail("truncated zip entry");
      const raw = bytes.subarray(start, start + compressed);
      const data = method === 0 ? raw : method === 8 ? inflateRawSync(raw) : bail("zip method");
      if (data.length !== size) bail("zip entry size");
      return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("utf8");
    });
  }
  return files;
}

// ---- SheetJS's XML primitives ------------------------------------------------------------------

/** SheetJS's `xlmlregex`: a tag, its prefix and local name; attributes only as name="value". */
const tagPattern = () => /<([/]?)([^\s?><!/:"]*:|)([^\s?<>:/"]+)(?:\s+[^<>=?"'\s]+="[^"]*?")*\s*[/]?>/gm;

/**
 * SheetJS's `parsexmltag` (`raw`: its `parsexmltagraw`, keys keep their prefix). A tag the tag
 * pattern matched has only name="value" attributes, so they are walked in order; a tab in a tag
 * (where SheetJS's attribute split would differ) is declined.
 */
function parseTag(tag: string, raw = false): Record<string, string> {
  const z: Record<string, string> = {};
  let eq = 0;
  for (let c = 0; eq !== tag.length; ++eq) if ((c = tag.charCodeAt(eq)) === 32 || c === 10 || c === 13) break;
  z[0] = tag.slice(0, eq);
  if (eq === tag.length) return z;
  if (tag.indexOf("\t") >= 0) bail("tab in a tag");
  for (let i = eq, at: number; (at = tag.indexOf('="', i)) >= 0; ) {
    const end = tag.indexOf('"', at + 2), key = attributeKey(tag.slice(i, at).trim(), raw), v = tag.slice(at + 2, end);
    i = end + 1;
    if (key.ext && z[key.k]) continue;
    z[key.k] = v;
    z[key.lower] = v;
  }
  return z;
}

/** How parsexmltag keys an attribute name (cached: a workbook uses a few dozen names). */
const attributeKeys = [new Map<string, {k: string; lower: string; ext: boolean}>(), new Map<string, {k: string; lower: string; ext: boolean}>()];
function attributeKey(q: string, raw: boolean): {k: string; lower: string; ext: boolean} {
  const cache = attributeKeys[raw ? 1 : 0];
  let key = cache.get(q);
  if (!key) {
    const j = raw ? -1 : q.indexOf(":");
    const k = j < 0 ? (q.indexOf("_") > 0 ? q.slice(0, q.indexOf("_")) : q) : (j === 5 && q.slice(0, 5) === "xmlns" ? "xmlns" : "") + q.slice(j + 1);
    key = {k, lower: k.toLowerCase(), ext: j >= 0 && q.slice(j - 3, j) === "ext"};
    if (cache.size < 10_000) cache.set(q, key);
  }
  return key;
}

const ENTITIES: Record<string, string> = {"&quot;": '"', "&apos;": "'", "&gt;": ">", "&lt;": "<", "&amp;": "&"};
const ENTITY = /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi, CODE = /_x([\da-fA-F]{4})_/gi;
/** SheetJS's `unescapexml`, odd corners included (`&AMP;` is U+0000, `_x0041_` is "A"). */
function unescapeXml(text: string): string {
  const i = text.indexOf("<![CDATA[");
  if (i === -1) return text.replace(ENTITY, ($$, $1) => ENTITIES[$$] || String.fromCharCode(parseInt($1, $$.indexOf("x") > -1 ? 16 : 10)) || $$).replace(CODE, (_m, c) => String.fromCharCode(parseInt(c, 16)));
  const j = text.indexOf("]]>");
  return unescapeXml(text.slice(0, i)) + text.slice(i + 9, j) + unescapeXml(text.slice(j + 3));
}

/** SheetJS's `parse_text_p`: one paragraph's inner XML as text. */
function paragraphText(xml: string): string {
  if (!/[<&_\t\r\n]|^ | $|  /.test(xml)) return xml; // plain text: nothing to change
  const fixed = xml
    .replace(/[\t\r\n]/g, " ").trim().replace(/ +/g, " ")
    .replace(/<text:s\/>/g, " ")
    .replace(/<text:s text:c="(\d+)"\/>/g, (_m, n) => Array(parseInt(n, 10) + 1).join(" "))
    .replace(/<text:tab[^<>]*\/>/g, "\t")
    .replace(/<text:line-break\/>/g, "\n");
  return unescapeXml(fixed.replace(/<[^<>]*>/g, ""));
}

/** SheetJS's `str_remove_ng(str, "<!--", "-->")`. */
function prepare(xml: string): string {
  if (xml.slice(0, 1024).includes("<!DOCTYPE")) bail("doctype");
  return removeComments(xml);
}

const isBool = (v: string | undefined) => v === "1" || v === "true";

// ---- dates (SheetJS's datenum / numdate / parseDate / parse_isodur) ----------------------------

const DAY = 24 * 60 * 60 * 1000;
const EPOCH = Date.UTC(1899, 11, 30, 0, 0, 0), EPOCH1 = Date.UTC(1899, 11, 31, 0, 0, 0), EPOCH1904 = Date.UTC(1904, 0, 1, 0, 0, 0);

function dateSerial(date: Date, date1904: boolean): number {
  const res = (date.getTime() - EPOCH) / DAY;
  if (date1904) return res - 1462 < -1402 ? res - 1462 - 1 : res - 1462;
  return res < 60 ? res - 1 : res;
}

function parseDate(str: string, date1904: boolean): Date {
  let m = str.match(/^(\d+):(\d+)(:\d+)?(\.\d+)?$/);
  if (m) return new Date((date1904 ? EPOCH1904 : EPOCH1) + ((parseInt(m[1], 10) * 60 + parseInt(m[2], 10)) * 60 + (m[3] ? parseInt(m[3].slice(1), 10) : 0)) * 1000 + (m[4] ? parseInt((m[4] + "000").slice(1, 4), 10) : 0));
  m = str.match(/^(\d+)-(\d+)-(\d+)$/);
  if (m) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], 0, 0, 0, 0));
  m = str.match(/^(\d+)-(\d+)-(\d+)[T ](\d+):(\d+)(:\d+)?(\.\d+)?$/);
  if (m) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], (m[6] && parseInt(m[6].slice(1), 10)) || 0, (m[7] && parseInt((m[7] + "0000").slice(1, 4), 10)) || 0));
  return new Date(str);
}

function durationSeconds(s: string): number {
  const m = s.match(/P([0-9.]+Y)?([0-9.]+M)?([0-9.]+D)?T([0-9.]+H)?([0-9.]+M)?([0-9.]+S)?/);
  if (!m) return bail("time value");
  return m.slice(1).reduce((sec, part, i) => {
    if (!part) return sec;
    const unit = part.slice(-1);
    if (unit === "Y" || unit === "D" || (unit === "M" && i < 3)) bail("duration unit"); // SheetJS throws on these
    return sec + (unit === "D" ? 86400 : unit === "H" ? 3600 : unit === "M" ? 60 : 1) * parseInt(part, 10);
  }, 0);
}

/** A number cell whose format is a date, as sheet_to_json gives it (numdate) and sheetTable writes it. */
function serialText(v: number): string {
  if (v >= 60 && v < 61) return String(v);
  const date = new Date();
  date.setTime((v > 60 ? v : v + 1) * DAY + EPOCH);
  const iso = date.toISOString(); // throws on NaN, as sheetTable would
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}

// ---- number formats (SheetJS's parse_ods_styles and fmt_is_date), only to tell dates ----------

const fill = (c: string, n: number) => (n > 0 ? c.repeat(Math.ceil(n)) : "");
function commaify(s: string): string {
  let j = s.length % 3, o = s.substr(0, j);
  for (; s.length > 3 && j !== s.length; j += 3) o += (o.length > 0 ? "," : "") + s.substr(j, 3);
  return s.length <= 3 ? s : o;
}

const STYLE_TOKENS: Record<string, Record<string, string> & {other: string}> = {
  day: {short: "d", long: "dd", other: "dd"}, "day-of-week": {short: "ddd", long: "dddd", other: "ddd"},
  era: {short: "ee", long: "eeee", other: "eeee"}, hours: {short: "h", long: "hh", other: "hh"},
  minutes: {short: "m", long: "mm", other: "mm"}, seconds: {short: "s", long: "ss", other: "ss"},
  year: {short: "yy", long: "yyyy", other: "yy"}
};
const FORMAT_STYLES = new Set(["number-style", "currency-style", "percentage-style", "date-style", "time-style", "text-style"]);

/** Number style name -> the format string SheetJS builds for it, added to `map`. */
function parseNumberStyles(xml: string, map: Record<string, string>): void {
  const str = prepare(xml), re = tagPattern();
  let rn: RegExpExecArray | null, tag: Record<string, string> = {}, nf = "", tidx = -1, etpos = 0;
  const inner = () => str.slice(tidx, re.lastIndex - rn![0].length).replace(/"/g, '""');
  while ((rn = re.exec(str))) {
    const name = localName(rn[3]), close = rn[1] === "/", selfClosing = rn[0].charAt(rn[0].length - 2) === "/";
    if (FORMAT_STYLES.has(name) || name === "boolean-style") {
      if (close) {
        if (name !== "boolean-style" && tag["truncate-on-overflow"] === "false") {
          if (/h/.test(nf)) nf = nf.replace(/h+/, "[$&]");
          else if (/m/.test(nf)) nf = nf.replace(/m+/, "[$&]");
          else if (/s/.test(nf)) nf = nf.replace(/s+/, "[$&]");
        }
        map[tag.name] = name === "boolean-style" ? "General" : nf;
        nf = "";
      } else if (!selfClosing) { nf = ""; tag = parseTag(rn[0]); }
    } else if (name === "boolean") nf += "General";
    else if (name === "text" || name === "fill-character") {
      if (close) nf += name === "fill-character" ? `"${inner()}"*` : inner() === "%" && tag[0] === "<number:percentage-style" ? "%" : `"${inner()}"`;
      else if (!selfClosing) tidx = re.lastIndex;
    } else if (STYLE_TOKENS[name]) {
      const y = parseTag(rn[0]), tokens = STYLE_TOKENS[name];
      nf += y.style === "short" || y.style === "long" ? tokens[y.style] : tokens.other;
      if (name === "seconds" && y["decimal-places"]) nf += "." + fill("0", +y["decimal-places"]);
    } else if (name === "month") {
      const y = parseTag(rn[0]);
      nf += (y.textual ? "mm" : "") + (y.style === "long" ? "mm" : "m");
    } else if (name === "am-pm") nf += "AM/PM";
    else if (name === "scientific-number") {
      const y = parseTag(rn[0]);
      nf += "0." + fill("0", +y["min-decimal-places"] || +y["decimal-places"] || 2) + fill("?", +y["decimal-places"] - +y["min-decimal-places"] || 0) + "E" + (isBool(y["forced-exponent-sign"]) ? "+" : "") + fill("0", +y["min-exponent-digits"] || 2);
    } else if (name === "fraction") {
      const y = parseTag(rn[0]);
      nf += (!+y["min-integer-digits"] ? "#" : fill("0", +y["min-integer-digits"])) + " " + fill("?", +y["min-numerator-digits"] || 1) + "/" + (+y["denominator-value"] ? y["denominator-value"] : fill("?", +y["min-denominator-digits"] || 1));
    } else if (name === "currency-symbol") {
      if (close) nf += `"${inner()}"`;
      else if (!selfClosing) tidx = re.lastIndex;
      else nf += "$";
    } else if (name === "text-properties") {
      const color = (parseTag(rn[0]).color || "").toLowerCase().replace("#", "");
      if (color === "ff0000" || color === "red") nf = "[Red]" + nf;
    } else if (name === "text-content") nf += "@";
    else if (name === "map") {
      const y = parseTag(rn[0]);
      if (unescapeXml(y.condition ?? "undefined") === "value()>=0") nf = map[y["apply-style-name"]] + ";" + nf;
    } else if (name === "number") {
      if (close) continue;
      const y = parseTag(rn[0]);
      let t = fill("0", +y["min-integer-digits"] || 1);
      if (isBool(y.grouping)) t = commaify(fill("#", Math.max(0, 4 - t.length)) + t);
      if (+y["min-decimal-places"] || +y["decimal-places"]) t += ".";
      if (+y["min-decimal-places"]) t += fill("0", +y["min-decimal-places"] || 1);
      if (+y["decimal-places"] - (+y["min-decimal-places"] || 0)) t += fill("0", +y["decimal-places"] - (+y["min-decimal-places"] || 0));
      nf += t;
    } else if (name === "embedded-text") {
      if (close) nf = etpos === 0 ? nf + `"${inner()}"` : nf.slice(0, etpos) + `"${inner()}"` + nf.slice(etpos);
      else if (!selfClosing) { tidx = re.lastIndex; etpos = -+parseTag(rn[0]).position || 0; }
    }
  }
}

const isGeneral = (s: string, i = 0) => s.length >= 7 + i && s.slice(i, i + 7).toLowerCase() === "general";

const dateFormats = new Map<string, boolean>();
const isDateFormat = (fmt: string) => dateFormats.get(fmt) ?? (dateFormats.size < 10_000 ? dateFormats.set(fmt, fmtIsDate(fmt)).get(fmt)! : fmtIsDate(fmt));

/** SheetJS's `fmt_is_date`. */
function fmtIsDate(fmt: string): boolean {
  let i = 0, c = "";
  while (i < fmt.length) {
    switch ((c = fmt.charAt(i))) {
      case "G": if (isGeneral(fmt, i)) i += 6; i++; break;
      case '"': for (; fmt.charCodeAt(++i) !== 34 && i < fmt.length; ); ++i; break;
      case "\\": case "_": i += 2; break;
      case "@": ++i; break;
      case "B": case "b": case "M": case "D": case "Y": case "H": case "S": case "E":
      case "m": case "d": case "y": case "h": case "s": case "e": case "g": return true;
      case "A": case "a": case "上":
        if (fmt.substr(i, 3).toUpperCase() === "A/P" || fmt.substr(i, 5).toUpperCase() === "AM/PM" || fmt.substr(i, 5).toUpperCase() === "上午/下午") return true;
        ++i; break;
      case "[": {
        let o = c;
        while (fmt.charAt(i++) !== "]" && i < fmt.length) o += fmt.charAt(i);
        if (/\[[HhMmSs\u0E0A\u0E19\u0E17]*\]/.test(o)) return true;
        break;
      }
      case ".": case "0": case "#":
        while (i < fmt.length && ("0#?.,E+-%".indexOf((c = fmt.charAt(++i))) > -1 || (c === "\\" && fmt.charAt(i + 1) === "-" && "0#".indexOf(fmt.charAt(i + 2)) > -1)));
        break;
      case "?": while (fmt.charAt(++i) === c); break;
      case "*": ++i; if (fmt.charAt(i) === " " || fmt.charAt(i) === "*") ++i; break;
      case "1": case "2": case "3": case "4": case "5": case "6": case "7": case "8": case "9":
        while (i < fmt.length && "0123456789".indexOf(fmt.charAt(++i)) > -1);
        break;
      default: ++i;
    }
  }
  return false;
}

// ---- content.xml ---------------------------------------------------------------------------------

const localName = (name: string) => (name.indexOf("_") < 0 ? name : name.slice(0, name.indexOf("_")));
const PURE_STATE = new Set(["document", "document-content", "spreadsheet", "scripts", "styles", "font-face-decls", "master-styles"]);
const IGNORE_STATE = new Set(["meta", "settings", "config-item-set", "config-item-map-indexed", "config-item-map-entry", "config-item-map-named", "shapes", "frame", "text-box", "image", "data-pilot-tables", "list-style", "form", "dde-links", "event-listeners", "chart"]);
const ERRORS: Record<string, number> = {"#NULL!": 0, "#DIV/0!": 7, "#VALUE!": 15, "#REF!": 23, "#NAME?": 29, "#NUM!": 36, "#N/A": 42, "#GETTING_DATA": 43, "#WTF?": 255};
const MAX_CELLS = 20_000_000;

function parseContent(xml: string, formats: Record<string, string>, wanted: ((name: string) => boolean) | undefined, sheetRows: number): OdsGrids {
  const str = prepare(xml), re = tagPattern();
  const sheetNames: string[] = [], grids = new Map<string, string[][]>();
  const cellStyles = new Map<string, string>();
  const state: string[] = [];
  let date1904 = false, sawDocument = false, inTable = false, keep = false, sheetName = "";
  let data: string[][] = [], R = -1, C = -1, rowRepeat = 1, stored = 0;
  let s = {r: 0, c: 0}, e = {r: 0, c: 0};
  let ctag: Record<string, string> = {}, rowTag = ctag, cellText = "", textIndex = 0, savedText = "", savedIndex = 0, nfIndex = -1;
  let cellType = "", cellFormat: string | undefined, cellNumber = 0, cellError = false;
  const limit = sheetRows > 0 ? sheetRows : Infinity;
  const store = (row: number, col: number, text: string) => (data[row] ??= [])[col] = text;
  const repeatOf = (tag: Record<string, string>, n = parseInt(tag["number-columns-repeated"] || "1", 10)) => (Number.isNaN(n) ? bail("column repeat") : n);
  /** A non-number cell's text without a `w`: SheetJS formats its value with the cell's format. */
  const formatted = (value: string | boolean, format: string | undefined) => {
    if (format !== undefined && isDateFormat(format)) bail("date format on text");
    if (typeof value === "string" && value === "") return "";
    if (format === undefined || isGeneral(format)) return typeof value === "boolean" ? (value ? "TRUE" : "FALSE") : value;
    return bail("text with a number format");
  };
  let rn: RegExpExecArray | null;
  while ((rn = re.exec(str))) {
    const tag = rn[0], name = localName(rn[3]), close = rn[1] === "/", selfClosing = tag.charAt(tag.length - 2) === "/";
    switch (name) {
      case "table-cell":
        if (selfClosing) {
          ++C;
          ctag = tag === "<table:table-cell/>" ? {} : parseTag(tag);
          const repeat = repeatOf(ctag);
          if ((ctag["数据类型"] || ctag["value-type"]) === "string" && keep) {
            store(R, C, formatted(unescapeXml(ctag["string-value"] || ""), cellStyles.get(ctag["style-name"])));
          }
          C += repeat - 1;
        } else if (!close) {
          ++C;
          cellText = savedText = "";
          textIndex = savedIndex = 0;
          // SheetJS's range: where non-self-closing cells start, over all the rows a repeated row covers.
          if (C > e.c) e.c = C;
          if (C < s.c) s.c = C;
          if (R < s.r) s.r = R;
          e.r = Math.max(e.r, R + rowRepeat - 1);
          ctag = parseTag(tag);
          cellError = tag.includes("calcext:value-type") && tag.includes('"error"') && parseTag(tag, true)["calcext:value-type"] === "error";
          cellType = ctag["数据类型"] || ctag["value-type"];
          if (ctag["style-name"] in Object.prototype) bail("style name");
          cellFormat = cellStyles.get(ctag["style-name"]);
          switch (cellType) {
            case "boolean": break;
            case "float": case "percentage": case "currency": cellNumber = parseFloat(ctag.value); break;
            case "date": cellNumber = dateSerial(parseDate(ctag["date-value"], date1904), date1904); cellFormat ??= "m/d/yy"; break;
            case "time": cellNumber = durationSeconds(ctag["time-value"]) / 86400; cellFormat ??= "HH:MM:SS"; break;
            default:
              if (cellType === "string" || cellType === "text" || !cellType) {
                cellType = "string";
                if (ctag["string-value"] != null) cellText = unescapeXml(ctag["string-value"]);
              } else bail(`value type ${cellType}`);
          }
        } else {
          const repeat = repeatOf(ctag), b = ctag["boolean-value"];
          // The cell's text: undefined for a stub (a string cell without a paragraph), which is not stored.
          const text = !keep ? undefined
            : cellError && ERRORS[cellText] != null ? ""
            : cellType === "string" ? (textIndex === 0 ? undefined : cellText || formatted("", cellFormat))
            : cellType === "boolean" ? cellText || formatted(isBool(b) || +b >= 1, cellFormat)
            : cellFormat !== undefined && isDateFormat(cellFormat) ? serialText(cellNumber) : String(cellNumber);
          if (text !== undefined && !(limit <= R)) {
            const rows = Math.min(rowRepeat, limit - R);
            if ((stored += rows * repeat) > MAX_CELLS) bail("too many cells");
            for (let r = 0; r < rows; r++) for (let c = 0; c < repeat; c++) store(R + r, C + c, text);
            if (e.c <= C) e.c = C;
          }
          C += repeat - 1;
          cellText = "";
        }
        break;
      case "p": case "文本串":
        if (!state.length) bail("paragraph outside the document");
        if (state[state.length - 1] === "master-styles" || !keep) break;
        if (close && !ctag["string-value"]) {
          const text = paragraphText(str.slice(textIndex, rn.index));
          cellText = (cellText.length > 0 ? cellText + "\n" : "") + text;
        } else if (tag.slice(-2) === "/>") cellText += "\n";
        else textIndex = rn.index + tag.length;
        break;
      case "table-row":
        if (close) { R += rowRepeat; rowRepeat = 1; break; }
        rowTag = parseTag(tag);
        if (rowTag["行号"]) bail("UOF row number");
        if (R === -1) R = 0;
        rowRepeat = +rowTag["number-rows-repeated"] || 1;
        C = -1;
        break;
      case "covered-table-cell":
        if (!close) {
          ++C;
          ctag = parseTag(tag);
          C += (parseInt(ctag["number-columns-repeated"] || "1", 10) || 1) - 1;
        }
        cellText = "";
        break;
      case "table":
        if (close) {
          if (!inTable) bail("table close");
          const empty = !(e.c >= s.c && e.r >= s.r);
          const range = empty ? {s: {r: 0, c: 0}, e: {r: 0, c: 0}} : {s, e: {r: limit <= e.r ? limit - 1 : e.r, c: e.c}};
          if (keep) {
            const grid: string[][] = [];
            for (let r = range.s.r; r <= range.e.r; r++) {
              const row = data[r] ?? (r === range.s.r ? [] : undefined), out: string[] = [];
              if (row) for (let c = range.s.c; c <= range.e.c; c++) out.push(row[c] ?? "");
              grid.push(out);
            }
            grids.set(sheetName, grid);
          }
          sheetNames.push(sheetName);
          inTable = false;
        } else if (!selfClosing) {
          const t = parseTag(tag);
          if (typeof (sheetName = t["名称"] || t.name) !== "string") bail("sheet without a name");
          keep = !wanted || wanted(sheetName);
          R = C = -1;
          [s, e, data, inTable] = [{r: 10000000, c: 10000000}, {r: 0, c: 0}, [], true];
        }
        break;
      case "annotation":
        if (close) {
          if (state.pop() !== name) bail("unbalanced XML");
          [cellText, textIndex] = [savedText, savedIndex];
        } else if (!selfClosing) {
          state.push(name);
          [savedText, savedIndex, cellText, textIndex] = [cellText, textIndex, "", 0];
        }
        break;
      case "text-style": case "boolean-style": case "number-style": case "currency-style": case "percentage-style": case "date-style": case "time-style":
        if (close) parseNumberStyles(str.slice(nfIndex < 0 ? bail("style close") : nfIndex, re.lastIndex), formats);
        else if (!selfClosing) nfIndex = re.lastIndex - tag.length;
        break;
      case "style": {
        const t = parseTag(tag), format: unknown = formats[t["data-style-name"]];
        if (t.family === "table-cell" && format) {
          if (typeof format !== "string" || String(t.name) in Object.prototype) bail("style name");
          cellStyles.set(String(t.name), format as string);
        }
        break;
      }
      case "text":
        if (!selfClosing && close && !state.length) bail("number text outside the document");
        break;
      case "null-date":
        if (parseTag(tag)["date-value"] === "1904-01-01") date1904 = true;
        break;
      case "named-range":
        if (parseTag(tag)["cell-range-address"] === undefined) bail("named range");
        break;
      default:
        if (!PURE_STATE.has(name) && !IGNORE_STATE.has(name)) break;
        if (close && state.pop() !== name) bail("unbalanced XML");
        if (!close && !selfClosing) state.push(name);
        if (name === "document-content" || name === "document") sawDocument = true;
        if (IGNORE_STATE.has(name)) [cellText, textIndex] = ["", 0];
    }
  }
  if (!sawDocument || state.length || inTable) bail("truncated content.xml");
  return {sheetNames, grids};
}
