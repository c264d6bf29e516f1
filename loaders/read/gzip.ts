/**
 * Gzip-compressed raw files (`.csv.gz`, or any file): recognised by the gzip magic bytes
 * (1F 8B), never by the name, and expanded before any reader sees them. Row and column numbers
 * in errors are those of the expanded text, which is what a person sees after `gunzip`; the file
 * name stays the compressed file's. Expansion is bounded, so a gzip bomb is refused by size:
 * zlib's `maxOutputLength` stops inflation as soon as the output passes the limit, so a bomb (or a
 * file of many gzip members) costs at most the limit, never its full expanded size.
 * The size the trailer declares (ISIZE, the last 4 bytes) only sizes the output buffer, so that an
 * honest file is inflated into one buffer instead of 16 KB chunks joined at the end (which held the
 * expanded file twice). It is never grounds for refusal: in a truncated file those 4 bytes are
 * compressed data, and the file must be reported as truncated, not as too large.
 */
import {gunzipSync} from "node:zlib";
import {DataError} from "../validate.ts";

/** Largest expanded size accepted (a real ASCOF year is about 12 MB expanded). */
export const GUNZIP_LIMIT_BYTES = 512 * 1024 * 1024;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The expanded size a gzip file's trailer declares (of its last member, modulo 2^32), or
 * undefined when the file is too short to have a trailer.
 */
export function gzipDeclaredSize(bytes: Uint8Array): number | undefined {
  if (bytes.length < 18) return undefined;
  const at = bytes.length - 4;
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/** Deflate expands at most about 1032 to 1: a declared size beyond that is not a real trailer. */
const DEFLATE_MAX_RATIO = 1032;

/** The bytes themselves, or their expansion when they are gzip-compressed (`limit`: for tests). */
export function gunzipIfCompressed(bytes: Uint8Array, file: string, limit = GUNZIP_LIMIT_BYTES): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  const declared = gzipDeclaredSize(bytes);
  const plausible = declared !== undefined && declared <= limit && declared <= DEFLATE_MAX_RATIO * bytes.length;
  try {
    // One more than the declared size, so an honest stream ends with room to spare in one buffer.
    const expanded = gunzipSync(bytes, {maxOutputLength: limit, ...(plausible ? {chunkSize: Math.max(64, declared + 1)} : {})});
    return new Uint8Array(expanded.buffer, expanded.byteOffset, expanded.byteLength);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_BUFFER_TOO_LARGE" || /larger than|maxOutputLength/i.test((error as Error).message)) {
      throw new DataError({file}, `the gzip stream expands to more than ${limit} bytes`, {value: `more than ${limit} bytes when inflated`, expected: "a compressed publisher file of a sensible size"});
    }
    const truncated = code === "Z_BUF_ERROR" || /unexpected end/i.test((error as Error).message);
    throw new DataError(
      {file},
      truncated ? "the gzip stream ends early: the file is truncated" : `the gzip stream is corrupt (${(error as Error).message})`,
      {expected: "a complete gzip-compressed file (gzip -t passes)"}
    );
  }
}
