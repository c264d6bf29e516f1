/**
 * One sheet of a legacy Excel workbook (`.xls`: BIFF8 records in an OLE compound file), cut out
 * so SheetJS parses that sheet alone. SheetJS's `sheets` option does not apply to the legacy
 * format: it parses every sheet, 1 to 1.6 s for one of ONS's 13-sheet population workbooks, of
 * which one sheet is used. Here the compound file's `Workbook` stream is read (MS-CFB: header,
 * FAT, directory), its globals substream kept whole (shared strings, formats, styles), and only
 * the wanted sheet's substream appended; that sheet's BoundSheet8 record is pointed at its new
 * offset and the others at none, since SheetJS names a sheet by the offset of its BOF record.
 * Defined names are left out (SheetJS would file a filter range or print area under a sheet it
 * finds by index, which may be one not kept); the cells' values do not depend on them.
 *
 * Anything this does not expect (not a compound file, no Workbook stream, an encrypted or
 * pre-BIFF8 workbook, a record running past the stream's end) gives `undefined`, and the caller
 * parses the whole file with SheetJS as before: this is a shortcut, never the only way in.
 * test/biff.test.ts checks that the sheet read this way equals the full parse on every real
 * workbook.
 */

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;

const BOF = 0x0809;
const EOF = 0x000a;
const BOUNDSHEET = 0x0085;
const FILEPASS = 0x002f;
/** Where a sheet that is not kept points: past the end of any stream, so SheetJS files no cells under it. */
const NOWHERE = 0x7fffffff;

export interface BiffSheetStream {
  /** The sheet names in the workbook's order, as its BoundSheet8 records give them. */
  sheetNames: string[];
  /** A BIFF8 Workbook stream holding the globals and the one sheet named, or undefined when the workbook has no such sheet. */
  stream?: Uint8Array;
  /** The name of the sheet kept, as the workbook spells it. */
  sheet?: string;
}

/** True if the bytes begin with the compound file signature (a legacy .xls, .doc, .msg...). */
export function isCompoundFile(bytes: Uint8Array): boolean {
  return bytes.length >= 512 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/** The compound file's `Workbook` stream, or undefined if the file is not laid out as expected. */
export function workbookStream(bytes: Uint8Array): Uint8Array | undefined {
  if (!isCompoundFile(bytes)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sectorShift = view.getUint16(0x1e, true);
  if (sectorShift !== 9 && sectorShift !== 12) return undefined;
  const sectorSize = 1 << sectorShift;
  const miniCutoff = view.getUint32(0x38, true);
  const sectorOffset = (sector: number) => (sector + 1) * sectorSize;
  const inFile = (sector: number) => sectorOffset(sector) + sectorSize <= bytes.length;

  // The FAT's own sectors: 109 listed in the header, the rest in a chain of DIFAT sectors.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const sector = view.getUint32(0x4c + i * 4, true);
    if (sector !== FREE && sector !== END_OF_CHAIN) fatSectors.push(sector);
  }
  let difat = view.getUint32(0x44, true);
  for (let guard = 0; difat !== END_OF_CHAIN && difat !== FREE; guard++) {
    if (guard > 10_000 || !inFile(difat)) return undefined;
    const base = sectorOffset(difat);
    for (let i = 0; i < sectorSize / 4 - 1; i++) {
      const sector = view.getUint32(base + i * 4, true);
      if (sector !== FREE && sector !== END_OF_CHAIN) fatSectors.push(sector);
    }
    difat = view.getUint32(base + sectorSize - 4, true);
  }
  const perSector = sectorSize / 4;
  const fat = new Uint32Array(fatSectors.length * perSector);
  for (const [n, sector] of fatSectors.entries()) {
    if (!inFile(sector)) return undefined;
    for (let i = 0; i < perSector; i++) fat[n * perSector + i] = view.getUint32(sectorOffset(sector) + i * 4, true);
  }
  const chain = (start: number, size: number): Uint8Array | undefined => {
    const out = new Uint8Array(size);
    let sector = start;
    for (let written = 0; written < size; ) {
      if (sector >= fat.length || !inFile(sector)) return undefined;
      const take = Math.min(sectorSize, size - written);
      out.set(bytes.subarray(sectorOffset(sector), sectorOffset(sector) + take), written);
      written += take;
      sector = fat[sector];
    }
    return out;
  };

  // The directory: 128-byte entries, from its first sector along the FAT.
  const directoryStart = view.getUint32(0x30, true);
  for (let sector = directoryStart, guard = 0; sector !== END_OF_CHAIN; sector = fat[sector], guard++) {
    if (guard > 100_000 || sector >= fat.length || !inFile(sector)) return undefined;
    for (let entry = sectorOffset(sector); entry < sectorOffset(sector) + sectorSize; entry += 128) {
      const nameBytes = Math.min(view.getUint16(entry + 64, true), 64);
      const name = new TextDecoder("utf-16le").decode(bytes.subarray(entry, entry + Math.max(0, nameBytes - 2)));
      if (bytes[entry + 66] !== 2 || name !== "Workbook") continue;
      const size = view.getUint32(entry + 120, true);
      // A Workbook under the mini-stream cutoff is a workbook of a few cells: not worth a shortcut.
      if (size < miniCutoff || view.getUint32(entry + 124, true) !== 0) return undefined;
      return chain(view.getUint32(entry + 116, true), size);
    }
  }
  return undefined;
}

/** Defined names (Lbl): SheetJS files a name's properties (a filter range, a print area) under the sheet it names by index, which here may not be kept. */
const NAME = 0x0018;

interface BoundSheet {
  /** Offset of the record's lbPlyPos field in the stream. */
  field: number;
  position: number;
  name: string;
}

/** The globals substream's end and its BoundSheet8 records, or undefined if the stream is not BIFF8 as expected. */
function readGlobals(stream: Uint8Array): {records: [number, number][]; length: number; sheets: BoundSheet[]} | undefined {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  if (stream.length < 8 || view.getUint16(0, true) !== BOF || view.getUint16(4, true) !== 0x0600) return undefined;
  const sheets: BoundSheet[] = [];
  // The records kept, as [start, end) in the stream, and their length so far.
  const records: [number, number][] = [];
  let length = 0;
  for (let at = 0; at + 4 <= stream.length; ) {
    const type = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    const data = at + 4;
    if (data + size > stream.length) return undefined;
    if (type === FILEPASS) return undefined;
    if (type === BOUNDSHEET) {
      const count = stream[data + 6];
      const wide = (stream[data + 7] & 1) === 1;
      const chars = stream.subarray(data + 8, data + 8 + count * (wide ? 2 : 1));
      const name = wide ? new TextDecoder("utf-16le").decode(chars) : String.fromCharCode(...chars);
      sheets.push({field: length + 4, position: view.getUint32(data, true), name});
    }
    if (type !== NAME) {
      records.push([at, data + size]);
      length += 4 + size;
    }
    at = data + size;
    if (type === EOF) return {records, length, sheets};
  }
  return undefined;
}

/** The end of the substream that begins at `start` (its BOF), charts and other nested substreams included. */
function substreamEnd(stream: Uint8Array, start: number): number | undefined {
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  if (start + 4 > stream.length || view.getUint16(start, true) !== BOF) return undefined;
  let depth = 0;
  for (let at = start; at + 4 <= stream.length; ) {
    const type = view.getUint16(at, true);
    const next = at + 4 + view.getUint16(at + 2, true);
    if (next > stream.length) return undefined;
    if (type === BOF) depth++;
    else if (type === EOF && --depth === 0) return next;
    at = next;
  }
  return undefined;
}

/**
 * The workbook's sheet names and, when one of `wanted` is among them (the first that is, compared
 * trimmed and case-insensitively), a Workbook stream holding only that sheet; undefined when the
 * shortcut does not apply and the whole file must be parsed.
 */
export function biffSheetStream(bytes: Uint8Array, wanted: readonly string[]): BiffSheetStream | undefined {
  const stream = workbookStream(bytes);
  if (!stream) return undefined;
  const globals = readGlobals(stream);
  if (!globals || !globals.sheets.length) return undefined;
  const sheetNames = globals.sheets.map((s) => s.name);
  const found = wanted.map((want) => globals.sheets.find((s) => s.name.trim().toLowerCase() === want.toLowerCase())).find(Boolean);
  if (!found) return {sheetNames};
  const end = substreamEnd(stream, found.position);
  if (end === undefined) return undefined;
  const out = new Uint8Array(globals.length + (end - found.position));
  let written = 0;
  for (const [from, to] of globals.records) {
    out.set(stream.subarray(from, to), written);
    written += to - from;
  }
  out.set(stream.subarray(found.position, end), globals.length);
  const view = new DataView(out.buffer);
  for (const sheet of globals.sheets) view.setUint32(sheet.field, sheet === found ? globals.length : NOWHERE, true);
  return {sheetNames, stream: out, sheet: found.name};
}
