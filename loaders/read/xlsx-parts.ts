/**
 * The parts of an XLSX package as SheetJS 0.20.3 reads them, for the fast one-sheet reader
 * (xlsx.ts, whose module comment says what is reproduced and what is declined): the zip as
 * CFB.read reads it, SheetJS's small XML helpers ported as they are, and the package parts
 * (content types, relationships, the workbook's sheets, metadata, styles and number formats,
 * shared strings). Anything unexpected declines: `decline` throws a `Decline`, which xlsx.ts
 * turns into "let SheetJS read it".
 */
import {inflateRawSync} from "node:zlib";

/** Thrown inside the reader to decline; never escapes it (xlsx.ts catches it). */
export class Decline extends Error {}
export function decline(reason: string): never {
  throw new Decline(reason);
}

// ---------------------------------------------------------------------------------------------
// The zip, read as SheetJS's CFB.read reads it, or declined.

interface Zip {
  has(name: string): boolean;
  /** An entry as a binary string (one char per byte, as SheetJS holds XML before decoding). */
  text(name: string): string | undefined;
}

const EOCD = 0x06054b50, CENTRAL = 0x02014b50, LOCAL = 0x04034b50;

export function openZip(bytes: Uint8Array, inflated: ReadonlyMap<number, Uint8Array | Error> | undefined): Zip {
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) decline("not a zip");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  // CFB takes the last end-of-directory signature in the file.
  let eocd = bytes.length - 4;
  while (eocd >= 0 && !(bytes[eocd] === 0x50 && bytes[eocd + 1] === 0x4b && bytes[eocd + 2] === 0x05 && bytes[eocd + 3] === 0x06)) eocd--;
  if (eocd < 0 || eocd + 22 > bytes.length || u32(eocd) !== EOCD) decline("no end of central directory");
  const count = u16(eocd + 8);
  if (count !== u16(eocd + 10) || count === 0xffff) decline("a split or ZIP64 archive");
  let at = u32(eocd + 16);
  interface Entry {name: string; method: number; size: number; start: number}
  const entries = new Map<string, Entry>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== CENTRAL) decline("a broken central directory");
    const compressed = u32(at + 20), size = u32(at + 24);
    const nameLength = u16(at + 28), extraLength = u16(at + 30), commentLength = u16(at + 32);
    const local = u32(at + 42);
    if (compressed === 0xffffffff || size === 0xffffffff || local === 0xffffffff) decline("ZIP64 sizes");
    if (at + 46 + nameLength + extraLength > bytes.length) decline("a broken central directory");
    if (hasZip64Field(bytes, at + 46 + nameLength, extraLength)) decline("a ZIP64 field");
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    if (local + 30 > bytes.length || u32(local) !== LOCAL) decline("a missing local header");
    const flags = u16(local + 6), method = u16(local + 8);
    const localCompressed = u32(local + 18), localSize = u32(local + 22);
    const localNameLength = u16(local + 26), localExtraLength = u16(local + 28);
    if (flags & 0x2049) decline("encryption or a data descriptor");
    if (method !== 0 && method !== 8) decline(`compression method ${method}`);
    if (localCompressed !== compressed || localSize !== size) decline("local and central sizes differ");
    const start = local + 30 + localNameLength + localExtraLength;
    if (start > bytes.length || localNameLength !== nameLength) decline("a broken local header");
    for (let j = 0; j < nameLength; j++) if (bytes[local + 30 + j] !== nameBytes[j]) decline("local and central names differ");
    if (hasZip64Field(bytes, local + 30 + localNameLength, localExtraLength)) decline("a ZIP64 field");
    let name = "";
    for (const byte of nameBytes) {
      if (byte < 0x20 || byte > 0x7e || byte === 0x5c) decline("an entry name SheetJS may match differently");
      name += String.fromCharCode(byte);
    }
    if (name.startsWith("/") || name.includes("//") || name.toLowerCase().startsWith("root entry")) decline("an entry name SheetJS may match differently");
    const key = name.toLowerCase();
    if (entries.has(key)) decline("entry names that collide");
    if (method === 0 && (compressed !== size || start + size > bytes.length)) decline("a stored entry cut short");
    entries.set(key, {name, method, size, start});
    at += 46 + nameLength + extraLength + commentLength;
  }
  // SheetJS inflates every entry when it opens the zip: one corrupt stream fails the whole read.
  const contents = new Map<string, Uint8Array>();
  const content = (entry: Entry): Uint8Array => {
    let data = contents.get(entry.name);
    if (data) return data;
    if (entry.method === 0) data = bytes.subarray(entry.start, entry.start + entry.size);
    else {
      const kept = inflated?.get(entry.start);
      if (kept instanceof Error) decline(`a corrupt entry '${entry.name}'`);
      // Not inflated by checkZipSizes: its reading of the directory differs, so its limits did not apply.
      if (inflated && !kept) decline(`entry '${entry.name}' was not size-checked`);
      data = kept ?? inflateRawSync(bytes.subarray(entry.start), {maxOutputLength: Math.max(1, entry.size)});
      if (data.length !== entry.size) decline(`entry '${entry.name}' inflates to another size than declared`);
    }
    contents.set(entry.name, data);
    return data;
  };
  for (const entry of entries.values()) if (entry.method === 8) content(entry);
  return {
    has: (name) => entries.has(name.toLowerCase()),
    text(name) {
      const entry = entries.get(name.toLowerCase());
      if (!entry) return undefined;
      const data = content(entry);
      // SheetJS decodes UTF-16 parts by their byte order mark; such a part is left to it.
      if (data.length === 0 || data.subarray(0, 3).some((byte) => byte === 0xfe || byte === 0xff)) decline(`part '${name}' is empty or UTF-16`);
      return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("latin1");
    }
  };
}

function hasZip64Field(bytes: Uint8Array, start: number, length: number): boolean {
  for (let at = start; at + 4 <= start + length; ) {
    const id = bytes[at] | (bytes[at + 1] << 8), size = bytes[at + 2] | (bytes[at + 3] << 8);
    if (id === 0x0001) return true;
    at += 4 + size;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// SheetJS's small XML helpers, ported as they are (xlsx.mjs 0.20.3), for the parts outside the
// sheet's cells: their exact behaviour on odd input is what keeps the results identical.

const tagRegex = /<[/?]?[a-zA-Z0-9:_-]+(?:\s+[^"\s?<>/]+\s*=\s*(?:"[^"]*"|'[^']*'|[^'"<>\s=]+))*\s*[/?]?>/gm;
const attributeRegex = /\s([^"\s?>/]+)\s*=\s*((?:")([^"]*)(?:")|(?:')([^']*)(?:')|([^'">\s]+))/g;

type Tag = Record<string | number, string>;

/** SheetJS's parsexmltag: attributes by local name (and lower-cased), `0` the tag's name. */
export function parseTag(tag: string, skipRoot = false): Tag {
  const z: Tag = {};
  let eq = 0, c = 0;
  for (; eq !== tag.length; ++eq) if ((c = tag.charCodeAt(eq)) === 32 || c === 10 || c === 13) break;
  if (!skipRoot) z[0] = tag.slice(0, eq);
  if (eq === tag.length) return z;
  const m = tag.match(attributeRegex);
  if (m) for (let i = 0; i !== m.length; ++i) {
    const cc = m[i].slice(1);
    for (c = 0; c !== cc.length; ++c) if (cc.charCodeAt(c) === 61) break;
    let q = cc.slice(0, c).trim();
    while (cc.charCodeAt(c + 1) === 32) ++c;
    const quot = ((eq = cc.charCodeAt(c + 1)) === 34 || eq === 39) ? 1 : 0;
    const v = cc.slice(c + 1 + quot, cc.length - quot);
    let j = 0;
    for (j = 0; j !== q.length; ++j) if (q.charCodeAt(j) === 58) break;
    if (j === q.length) {
      if (q.indexOf("_") > 0) q = q.slice(0, q.indexOf("_"));
      z[q] = v;
      z[q.toLowerCase()] = v;
    } else {
      const k = (j === 5 && q.slice(0, 5) === "xmlns" ? "xmlns" : "") + q.slice(j + 1);
      if (z[k] && q.slice(j - 3, j) === "ext") continue;
      z[k] = v;
      z[k.toLowerCase()] = v;
    }
  }
  return z;
}

const stripNamespace = (name: string) => name.replace(/<(\/?)\w+:/, "<$1");
export const stripFrontSlash = (path: string) => (path.charAt(0) === "/" ? path.slice(1) : path);

const ENTITIES: Record<string, string> = {"&quot;": '"', "&apos;": "'", "&gt;": ">", "&lt;": "<", "&amp;": "&"};
const entityRegex = /&(?:quot|apos|gt|lt|amp|#x?([\da-fA-F]+));/gi, codeRegex = /_x([\da-fA-F]{4})_/gi;

function rawUnescape(text: string): string {
  const s = text + "", i = s.indexOf("<![CDATA[");
  if (i === -1) {
    return s
      .replace(entityRegex, ($$: string, $1: string) => ENTITIES[$$] || String.fromCharCode(parseInt($1, $$.indexOf("x") > -1 ? 16 : 10)) || $$)
      .replace(codeRegex, (_m: string, code: string) => String.fromCharCode(parseInt(code, 16)));
  }
  const j = s.indexOf("]]>");
  return rawUnescape(s.slice(0, i)) + s.slice(i + 9, j) + rawUnescape(s.slice(j + 3));
}

/** SheetJS's unescapexml; `xlsx`: CRLF to LF as well. */
export function unescapeXml(text: string, xlsx = false): string {
  if (text.indexOf("&") < 0 && text.indexOf("_") < 0 && text.indexOf("<") < 0 && (!xlsx || text.indexOf("\r") < 0)) return text;
  const out = rawUnescape(text);
  return xlsx ? out.replace(/\r\n/g, "\n") : out;
}

/** SheetJS's utf8read on a binary string: its bytes decoded as UTF-8. */
export function utf8Read(binary: string): string {
  if (binary === undefined) throw new TypeError("utf8read of undefined"); // Buffer.from(undefined) throws in SheetJS too
  if (!/[^\x00-\x7f]/.test(binary)) return binary;
  return Buffer.from(binary, "latin1").toString("utf8");
}

const matchCache = new Map<string, [RegExp, RegExp]>();
function tagPair(tag: string): [RegExp, RegExp] {
  let res = matchCache.get(tag);
  if (!res) matchCache.set(tag, (res = [new RegExp("<(?:\\w+:)?" + tag + "\\b[^<>]*>", "g"), new RegExp("</(?:\\w+:)?" + tag + ">", "g")]));
  res[0].lastIndex = res[1].lastIndex = 0;
  return res;
}

/** SheetJS's str_match_xml_ns: the first element named `tag` (any prefix): [whole, inner, start, end of inner]. */
function matchElement(str: string, tag: string): [string, string, number, number] | null {
  const [open, close] = tagPair(tag);
  let m = open.exec(str);
  if (!m) return null;
  const si = m.index, sf = open.lastIndex;
  close.lastIndex = open.lastIndex;
  m = close.exec(str);
  if (!m) return null;
  return [str.slice(si, close.lastIndex), str.slice(sf, m.index), sf, m.index];
}

/** SheetJS's str_remove_xml_ns_g: every element named `tag` taken out; null when one is not closed. */
function removeElements(str: string, tag: string): string | null {
  const [open, close] = tagPair(tag);
  const out: string[] = [];
  let m: RegExpExecArray | null, ef = 0;
  while ((m = open.exec(str))) {
    out.push(str.slice(ef, m.index));
    ef = m.index;
    close.lastIndex = open.lastIndex;
    m = close.exec(str);
    if (!m) return null;
    ef = close.lastIndex;
    open.lastIndex = close.lastIndex;
  }
  out.push(str.slice(ef));
  return out.join("");
}

/** SheetJS's parsexmlbool. */
export function parseXmlBool(value: string | undefined): boolean {
  return value === "1" || value === "true";
}

/** SheetJS's safe_decode_range (0-based). */
export function decodeRange(range: string): {s: {c: number; r: number}; e: {c: number; r: number}} {
  const o = {s: {c: 0, r: 0}, e: {c: 0, r: 0}};
  let idx = 0, i = 0, cc = 0;
  const len = range.length;
  for (idx = 0; i < len; ++i) {
    if ((cc = range.charCodeAt(i) - 64) < 1 || cc > 26) break;
    idx = 26 * idx + cc;
  }
  o.s.c = --idx;
  for (idx = 0; i < len; ++i) {
    if ((cc = range.charCodeAt(i) - 48) < 0 || cc > 9) break;
    idx = 10 * idx + cc;
  }
  o.s.r = --idx;
  if (i === len || cc !== 10) {
    o.e.c = o.s.c;
    o.e.r = o.s.r;
    return o;
  }
  ++i;
  for (idx = 0; i !== len; ++i) {
    if ((cc = range.charCodeAt(i) - 64) < 1 || cc > 26) break;
    idx = 26 * idx + cc;
  }
  o.e.c = --idx;
  for (idx = 0; i !== len; ++i) {
    if ((cc = range.charCodeAt(i) - 48) < 0 || cc > 9) break;
    idx = 10 * idx + cc;
  }
  o.e.r = --idx;
  return o;
}

// ---------------------------------------------------------------------------------------------
// Package parts: content types, relationships, the workbook's sheets, styles, shared strings.

const CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types";
const SPREADSHEET_NS = ["http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main", "http://schemas.microsoft.com/office/excel/2006/main", "http://schemas.microsoft.com/office/excel/2006/2"];
export const WORKSHEET_RELS = ["http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", "http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet"];
export const COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
export const THREADED_COMMENTS_REL = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment";

/** The content types SheetJS's parse_ct files under the kinds this reader needs. */
const CONTENT_KINDS: Record<string, "workbooks" | "strs" | "styles" | "metadata" | "people"> = {
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "workbooks",
  "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "workbooks",
  "application/vnd.ms-excel.sheet.binary.macroEnabled.main": "workbooks",
  "application/vnd.ms-excel.addin.macroEnabled.main+xml": "workbooks",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "workbooks",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml": "strs",
  "application/vnd.ms-excel.sharedStrings": "strs",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml": "styles",
  "application/vnd.ms-excel.styles": "styles",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml": "metadata",
  "application/vnd.ms-excel.sheetMetadata": "metadata",
  "application/vnd.ms-excel.person+xml": "people"
};

export function parseContentTypes(xml: string): Record<"workbooks" | "strs" | "styles" | "metadata" | "people", string[]> {
  const ct = {workbooks: [] as string[], strs: [] as string[], styles: [] as string[], metadata: [] as string[], people: [] as string[]};
  let xmlns: string | undefined;
  for (const x of xml.match(tagRegex) ?? []) {
    const y = parseTag(x);
    switch (y[0].replace(/<\w*:/, "<")) {
      case "<Types": xmlns = y["xmlns" + (y[0].match(/<(\w+):/) ?? ["", ""])[1]]; break;
      case "<Default": if (y.Extension === undefined) decline("a default content type without an extension"); break;
      case "<Override": {
        const kind = CONTENT_KINDS[y.ContentType];
        if (kind) ct[kind].push(y.PartName);
        break;
      }
    }
  }
  if (xmlns !== CONTENT_TYPES_NS) decline("content types in another namespace");
  return ct;
}

interface Relationship {type: string | undefined; target: string}

export function parseRelationships(xml: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  for (const x of xml.match(tagRegex) ?? []) {
    const y = parseTag(x);
    if (y[0] !== "<Relationship") continue;
    // SheetJS resolves every internal target against the part's path, and throws on a missing one.
    if (y.Target === undefined && y.TargetMode !== "External") decline("a relationship without a target");
    rels.set(y.Id, {type: y.Type, target: unescapeXml(y.Target)});
  }
  return rels;
}

/** The `<sheet>` elements of workbook.xml, as SheetJS's parse_wb_xml collects them. */
export function parseWorkbookSheets(xml: string): {name: string; id: string | undefined}[] {
  const sheets: {name: string; id: string | undefined}[] = [];
  let xmlns = "xmlns", namespace: string | undefined;
  for (const x of xml.match(tagRegex) ?? []) {
    const y = parseTag(x);
    switch (stripNamespace(y[0])) {
      case "<workbook":
        if (x.match(/<\w+:workbook/)) xmlns = "xmlns" + x.match(/<(\w+):/)![1];
        namespace = y[xmlns];
        break;
      case "<sheet":
        if (y.name === undefined) decline("a sheet with no name");
        sheets.push({name: unescapeXml(utf8Read(y.name)), id: y.id || y.strRelID});
        break;
    }
  }
  if (namespace === undefined || !SPREADSHEET_NS.includes(namespace)) decline("a workbook in another namespace");
  return sheets;
}

/** SheetJS parses xl/metadata.xml on every read and fails on a cell or value type it has not seen. */
export function checkMetadata(xml: string, name: string): void {
  if (name.slice(-4) === ".bin") decline("binary metadata");
  let types = 0, kind = 2;
  for (const x of xml.match(tagRegex) ?? []) {
    const y = parseTag(x);
    switch (stripNamespace(y[0])) {
      case "<metadataType": types++; break;
      case "<cellMetadata": kind = 1; break;
      case "<valueMetadata": kind = 0; break;
      case "</cellMetadata>": case "</valueMetadata>": kind = 2; break;
      case "<rc": {
        const t = (y.t as unknown as number) - 1;
        if (kind !== 2 && !(t >= 0 && t < types && Number.isInteger(t))) decline("metadata SheetJS cannot read");
        break;
      }
    }
  }
}

/**
 * Per cell style (`s`), whether SheetJS's number format leaves a string or boolean cell's text as
 * it is. Formats are SheetJS's table as parse_zip resets it, then this workbook's `<numFmts>`.
 */
export interface Styles {
  /** Undefined when the workbook has no `<cellXfs>` (no formatting at all). */
  textKept?: boolean[];
}

export function parseStyles(xml: string): Styles {
  const data = removeDoctype(removeComments(xml));
  const formats = new Map<number, string>();
  const numFmts = matchElement(data, "numFmts");
  if (numFmts) {
    for (const x of numFmts[0].match(tagRegex) ?? []) {
      const y = parseTag(x);
      if (stripNamespace(y[0]) !== "<numFmt") continue;
      const format = unescapeXml(utf8Read(y.formatCode)), id = parseInt(y.numFmtId, 10);
      if (id > 0x188) decline("a number format id SheetJS renumbers");
      if (id > 0) formats.set(id, format === "d.m" ? "d\\.m" : format);
    }
  }
  const cellXfs = matchElement(data, "cellXfs");
  if (!cellXfs) return {};
  const textKept: boolean[] = [];
  let seenXf = false;
  for (const x of cellXfs[0].match(tagRegex) ?? []) {
    const y = parseTag(x);
    switch (stripNamespace(y[0])) {
      case "<xf": case "<xf/>": case "<xf>": {
        seenXf = true;
        const raw = y.numFmtId;
        const id = raw ? parseInt(raw, 10) : raw === undefined ? 0 : NaN;
        textKept.push(Number.isInteger(id) && id >= 0 && id <= 0x188 && textFormatKept(id, formats));
        break;
      }
      case "<alignment": case "<alignment/>": case "<alignment>":
        if (!seenXf) decline("an alignment outside a cell format");
        break;
    }
  }
  return {textKept};
}

/** Whether SSF leaves text (and TRUE/FALSE) unchanged under format `id`: its text section is `@` or General. */
function textFormatKept(id: number, formats: Map<number, string>): boolean {
  if (id === 0) return true;
  const format = formats.get(id);
  // SheetJS's built-in table has no text sections; of the implicit formats, 41 to 44 pad text.
  if (format === undefined) return !(id >= 41 && id <= 44);
  if (isGeneral(format)) return true;
  const sections = splitFormat(format);
  if (sections === undefined || sections.length > 4) return true; // SSF throws; SheetJS falls back to General
  const last = sections[sections.length - 1];
  const section = sections.length === 4 || last.indexOf("@") > -1 ? last : "@";
  return section === "@" || isGeneral(section);
}

function isGeneral(s: string): boolean {
  return s.length >= 7 && s.slice(0, 7).toLowerCase() === "general";
}

/** SSF_split_fmt; undefined where it throws (an unterminated string). */
function splitFormat(fmt: string): string[] | undefined {
  const out: string[] = [];
  let inString = false, j = 0;
  for (let i = 0; i < fmt.length; ++i) {
    switch (fmt.charCodeAt(i)) {
      case 34: inString = !inString; break;
      case 95: case 42: case 92: ++i; break;
      case 59: out.push(fmt.substr(j, i - j)); j = i + 1;
    }
  }
  out.push(fmt.substr(j));
  return inString ? undefined : out;
}

/** SheetJS's comment stripping (`<!-- … -->`), as ported; ods.ts uses it too. */
export function removeComments(str: string): string {
  const out: string[] = [];
  let last = 0, si = str.indexOf("<!--");
  if (si === -1) return str;
  while (si > -1) {
    out.push(str.slice(last, si));
    const ei = str.indexOf("-->", si + 4);
    if (ei === -1) break;
    if ((si = str.indexOf("<!--", (last = ei + 3))) === -1) out.push(str.slice(last));
  }
  return out.join("");
}

function removeDoctype(str: string): string {
  const si = str.slice(0, 1024).indexOf("<!DOCTYPE");
  if (si === -1) return str;
  const m = str.match(/<[\w]/);
  if (!m) return str;
  return str.slice(0, si) + str.slice(m.index);
}

export interface SharedString {t: string | undefined}

/** SheetJS's parse_sst_xml. */
export function parseSharedStrings(xml: string): SharedString[] {
  const out: SharedString[] = [];
  const sst = matchElement(xml, "sst");
  if (!sst) return out;
  const items = sst[1].replace(/<(?:\w+:)?(?:si|sstItem)>/g, "").split(/<\/(?:\w+:)?(?:si|sstItem)>/);
  for (const item of items) out.push(parseStringItem(item.trim()));
  return out;
}

/** SheetJS's parse_si: the text of a shared or inline string. */
export function parseStringItem(x: string): SharedString {
  if (!x) return {t: ""};
  if (/^\s*<(?:\w+:)?t[^>]*>/.test(x)) return {t: unescapeXml(utf8Read(x.slice(x.indexOf(">") + 1).split(/<\/(?:\w+:)?t>/)[0] || ""), true)};
  if (/<(?:\w+:)?r\b[^<>]*>/.test(x)) {
    const runs = removeElements(x, "rPh");
    if (runs === null) decline("an unclosed phonetic run");
    return {t: unescapeXml(utf8Read((runs.match(/<(?:\w+:)?t\b[^<>]*>([^<]*)<\/(?:\w+:)?t>/g) || []).join("").replace(tagRegex, "")), true)};
  }
  return {t: undefined};
}
