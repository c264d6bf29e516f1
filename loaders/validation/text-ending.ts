/**
 * How a raw file's text ends, for the rule that a text file carrying figures ends with a line
 * break (a number cut short still parses, so a file cut at a line boundary looks whole).
 */
import {createReadStream, existsSync, openSync, readSync, closeSync, fstatSync} from "node:fs";
import {createGunzip} from "node:zlib";
import {sniffFormat} from "../read/sniff.ts";

export type TextEnding = "line_break" | "none";

/**
 * How a raw file's text ends: "line_break", "none", or undefined for a workbook, JSON or binary
 * file. A gzip-compressed file is expanded as a stream, keeping only its first bytes (to tell text
 * from a workbook) and its last byte, so a large file costs no memory.
 */
export async function textEndingOfFile(file: string): Promise<TextEnding | undefined> {
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, "r");
  let head: Uint8Array;
  let last: number | undefined;
  let size: number;
  try {
    size = fstatSync(fd).size;
    if (size === 0) return undefined;
    head = new Uint8Array(Math.min(size, 4096));
    readSync(fd, head, 0, head.length, 0);
    const tail = new Uint8Array(1);
    readSync(fd, tail, 0, 1, size - 1);
    last = tail[0];
  } finally {
    closeSync(fd);
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const expanded = await new Promise<{head: Uint8Array; last?: number} | undefined>((resolve) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      let lastByte: number | undefined;
      const stream = createReadStream(file).pipe(createGunzip());
      stream.on("data", (chunk: Buffer) => {
        if (kept < 4096) {
          chunks.push(chunk.subarray(0, 4096 - kept));
          kept += Math.min(chunk.length, 4096 - kept);
        }
        if (chunk.length) lastByte = chunk[chunk.length - 1];
      });
      stream.on("end", () => resolve({head: new Uint8Array(Buffer.concat(chunks)), last: lastByte}));
      stream.on("error", () => resolve(undefined));
    });
    if (!expanded || expanded.last === undefined) return undefined;
    head = expanded.head;
    last = expanded.last;
  }
  if (sniffFormat(head) !== "text") return undefined;
  const start = new TextDecoder().decode(head.subarray(0, 64)).replace(/^\uFEFF/, "").trimStart();
  if (start.startsWith("{") || start.startsWith("[")) return undefined; // JSON: its parser checks the structure
  return last === 0x0a || last === 0x0d ? "line_break" : "none";
}
