/**
 * Size checks on a zip container (XLSX and ODS workbooks are zips) made before anything is
 * expanded, so that an oversized workbook or a zip bomb is refused by its sizes rather than
 * inflated by SheetJS, which has no limit of its own.
 *
 * The central directory is read from the end of the file (the End Of Central Directory record,
 * and its ZIP64 form for archives over 4 GB or 65,535 entries); each entry's local header is read
 * too, because SheetJS trusts the local header's sizes over the directory's. Refused, each with a
 * located DataError naming the file and the entry:
 * - a total declared uncompressed size over ZIP_LIMITS.totalBytes, or more than ZIP_LIMITS.entries;
 * - an entry whose declared ratio is over ZIP_LIMITS.ratio while it expands past ZIP_LIMITS.ratioBytes;
 * - an entry that inflates to more than its header declares: a bomb can lie about its sizes, so each
 *   deflated entry is inflated once with its declared size as zlib's output limit (so no more than
 *   the sizes already accepted is ever expanded) and the output thrown away.
 */
import {inflateRawSync} from "node:zlib";
import {DataError} from "../validate.ts";

export const ZIP_LIMITS = {
  /** Largest total uncompressed size (a 3.5 MB ONS workbook holds about 35 MB). */
  totalBytes: 300 * 1024 * 1024,
  /** Largest compression ratio of an entry that also expands past `ratioBytes`. */
  ratio: 200,
  ratioBytes: 50 * 1024 * 1024,
  entries: 10_000
};

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** The larger of the sizes the central directory and the local header declare. */
  uncompressedSize: number;
  /** Where the entry's compressed data starts. */
  dataOffset: number;
}

const EOCD = 0x06054b50, ZIP64_LOCATOR = 0x07064b50, ZIP64_EOCD = 0x06064b50, CENTRAL = 0x02014b50, LOCAL = 0x04034b50;

/** The entries of a zip's central directory; a located error when there is none or it is broken. */
export function readZipDirectory(bytes: Uint8Array, file: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  const broken = (detail: string) => new DataError({file}, `cannot read the workbook (${detail}): the file is truncated or not a spreadsheet`, {expected: "a complete XLSX or ODS workbook (a zip with its central directory)"});
  const fits = (at: number, length: number) => at >= 0 && at + length <= bytes.length;

  // The EOCD record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === EOCD && at + 22 + u16(at + 20) <= bytes.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw broken("no zip central directory at the end of the file");
  let count = u16(eocd + 10);
  let offset = u32(eocd + 16);
  if ((count === 0xffff || offset === 0xffffffff) && fits(eocd - 20, 20) && u32(eocd - 20) === ZIP64_LOCATOR) {
    const record = u64(eocd - 20 + 8);
    if (!fits(record, 56) || u32(record) !== ZIP64_EOCD) throw broken("the ZIP64 directory record is missing");
    count = u64(record + 32);
    offset = u64(record + 48);
  }
  if (count > ZIP_LIMITS.entries) throw new DataError({file}, `the workbook has ${count} zip entries, over the limit of ${ZIP_LIMITS.entries}`, {expected: "a workbook of a sensible size"});

  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (!fits(at, 46) || u32(at) !== CENTRAL) throw broken(`central directory entry ${i + 1} of ${count} is missing`);
    const method = u16(at + 10);
    let compressedSize = u32(at + 20);
    let uncompressedSize = u32(at + 24);
    const nameLength = u16(at + 28), extraLength = u16(at + 30), commentLength = u16(at + 32);
    let localOffset = u32(at + 42);
    if (!fits(at + 46, nameLength + extraLength)) throw broken(`central directory entry ${i + 1} of ${count} is cut short`);
    const name = new TextDecoder("utf-8", {fatal: false}).decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // ZIP64: the 8-byte sizes and offset, for each field that says 0xFFFFFFFF, in this order.
    const zip64 = extraField(view, at + 46 + nameLength, extraLength, 0x0001);
    if (zip64) {
      let field = zip64.at;
      const next = () => {
        const value = field + 8 <= zip64.at + zip64.length ? u64(field) : undefined;
        field += 8;
        return value;
      };
      if (uncompressedSize === 0xffffffff) uncompressedSize = next() ?? uncompressedSize;
      if (compressedSize === 0xffffffff) compressedSize = next() ?? compressedSize;
      if (localOffset === 0xffffffff) localOffset = next() ?? localOffset;
    }
    if (!fits(localOffset, 30) || u32(localOffset) !== LOCAL) throw broken(`the local header of '${name}' is missing`);
    const localNameLength = u16(localOffset + 26), localExtraLength = u16(localOffset + 28);
    let localCompressed = u32(localOffset + 18);
    let localUncompressed = u32(localOffset + 22);
    const localZip64 = extraField(view, localOffset + 30 + localNameLength, localExtraLength, 0x0001);
    // In a local header the ZIP64 field holds both sizes, when both 32-bit fields say 0xFFFFFFFF.
    if (localZip64 && localZip64.length >= 16 && localUncompressed === 0xffffffff) {
      localUncompressed = u64(localZip64.at);
      localCompressed = u64(localZip64.at + 8);
    }
    entries.push({
      name, method,
      compressedSize: Math.max(compressedSize, localCompressed),
      uncompressedSize: Math.max(uncompressedSize, localUncompressed),
      dataOffset: localOffset + 30 + localNameLength + localExtraLength
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The data of one extra field (by header id) within an extra-field block, if present and whole. */
function extraField(view: DataView, start: number, length: number, id: number): {at: number; length: number} | undefined {
  const end = Math.min(start + length, view.byteLength);
  for (let at = start; at + 4 <= end; ) {
    const size = view.getUint16(at + 2, true);
    if (view.getUint16(at, true) === id && at + 4 + size <= end) return {at: at + 4, length: size};
    at += 4 + size;
  }
  return undefined;
}

/**
 * What `checkZipSizes` inflated, when a caller asks to keep it: by where each deflated entry's data
 * starts in the file, its inflated bytes, or the error zlib gave for a corrupt stream. The fast
 * XLSX reader (xlsx.ts) reads its parts from here rather than inflating them a second time.
 */
export type InflatedEntries = Map<number, Uint8Array | Error>;

/**
 * Refuse a zip whose sizes, declared or real, are over ZIP_LIMITS (see the module comment).
 * `keep`: filled with every deflated entry's inflated bytes (or its inflate error).
 */
export function checkZipSizes(bytes: Uint8Array, file: string, keep?: InflatedEntries): ZipEntry[] {
  const entries = readZipDirectory(bytes, file);
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (total > ZIP_LIMITS.totalBytes) {
      throw new DataError({file}, `the workbook's zip entries expand to more than ${ZIP_LIMITS.totalBytes} bytes (${total} bytes declared by the entries up to '${entry.name}')`, {
        value: `${entry.uncompressedSize} bytes declared for '${entry.name}'`, expected: `a workbook expanding to at most ${ZIP_LIMITS.totalBytes} bytes`
      });
    }
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (ratio > ZIP_LIMITS.ratio && entry.uncompressedSize > ZIP_LIMITS.ratioBytes) {
      throw new DataError({file}, `zip entry '${entry.name}' is compressed ${Math.round(ratio)} to 1 (${entry.compressedSize} bytes expanding to ${entry.uncompressedSize}): a zip bomb`, {
        value: `${entry.uncompressedSize} bytes from ${entry.compressedSize}`, expected: `at most ${ZIP_LIMITS.ratio} to 1 for an entry over ${ZIP_LIMITS.ratioBytes} bytes`
      });
    }
  }
  for (const entry of entries) {
    if (entry.method !== 8) continue;
    try {
      const inflated = inflateRawSync(bytes.subarray(entry.dataOffset), {maxOutputLength: Math.max(1, entry.uncompressedSize), chunkSize: Math.max(64, entry.uncompressedSize + 1)});
      keep?.set(entry.dataOffset, inflated);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ERR_BUFFER_TOO_LARGE") {
        keep?.set(entry.dataOffset, error as Error);
        continue; // a corrupt stream is SheetJS's to report
      }
      throw new DataError({file}, `zip entry '${entry.name}' expands to more than the ${entry.uncompressedSize} bytes its headers declare: a zip bomb or a corrupt workbook`, {
        value: `more than ${entry.uncompressedSize} bytes`, expected: `the ${entry.uncompressedSize} bytes declared`
      });
    }
  }
  return entries;
}
