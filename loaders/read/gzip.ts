/**
 * Gzip-compressed raw files (`.csv.gz`, or any file): recognised by the gzip magic bytes
 * (1F 8B), never by the name, and expanded before any reader sees them. Row and column numbers
 * in errors are those of the expanded text, which is what a person sees after `gunzip`; the file
 * name stays the compressed file's. Expansion is bounded, so a gzip bomb is refused by size.
 */
import {gunzipSync} from "node:zlib";
import {DataError} from "../validate.ts";

/** Largest expanded size accepted (a real ASCOF year is about 6 MB expanded). */
export const GUNZIP_LIMIT_BYTES = 512 * 1024 * 1024;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The bytes themselves, or their expansion when they are gzip-compressed. */
export function gunzipIfCompressed(bytes: Uint8Array, file: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    const expanded = gunzipSync(bytes, {maxOutputLength: GUNZIP_LIMIT_BYTES});
    return new Uint8Array(expanded.buffer, expanded.byteOffset, expanded.byteLength);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_BUFFER_TOO_LARGE" || /larger than|maxOutputLength/i.test((error as Error).message)) {
      throw new DataError({file}, `the gzip stream expands to more than ${GUNZIP_LIMIT_BYTES} bytes`, {expected: "a compressed publisher file of a sensible size"});
    }
    const truncated = code === "Z_BUF_ERROR" || /unexpected end/i.test((error as Error).message);
    throw new DataError(
      {file},
      truncated ? "the gzip stream ends early: the file is truncated" : `the gzip stream is corrupt (${(error as Error).message})`,
      {expected: "a complete gzip-compressed file (gzip -t passes)"}
    );
  }
}
