/**
 * The files the leadership pages are built from: one tar archive of small JSON files (one per
 * council, the overview and About), the change report when a refresh has written one, and which
 * explorer pages exist in this build.
 */
import {existsSync} from "node:fs";
import path from "node:path";
import {readChangeReport, type ChangeReport} from "../changes.ts";
import {FAMILIES} from "../../src/lib/domain/families.ts";
import type {CouncilPagesOutput} from "./page.ts";

/**
 * data/changes.json from the refresh's change report, or null when no refresh has written one (no
 * previous snapshot to compare with). A file that cannot be read becomes an empty report whose
 * message says so (loaders/changes.ts readChangeReport).
 */
export function changeReportIfAny(file: string): ChangeReport | null {
  return existsSync(file) ? readChangeReport(file) : null;
}

export function explorersInBuild(srcDir: string): string[] {
  return FAMILIES.map((f) => f.family).filter((family) => existsSync(path.join(srcDir, `${family}.md`)));
}

/**
 * A POSIX ustar archive of small text files. Framework extracts files from a .tar made by a data
 * loader in-process, so one loader run serves all 153 council pages (a parameterised loader
 * would start one tsx process per council).
 */
export function tarArchive(files: readonly {name: string; content: string | Uint8Array}[], mtime = 0): Uint8Array {
  const encoder = new TextEncoder();
  const blocks: Uint8Array[] = [];
  for (const file of files) {
    const body = typeof file.content === "string" ? encoder.encode(file.content) : file.content;
    const name = encoder.encode(file.name);
    if (name.length > 100) throw new Error(`tar entry name too long: ${file.name}`);
    const header = new Uint8Array(512);
    const put = (text: string, offset: number) => header.set(encoder.encode(text), offset);
    header.set(name, 0);
    put("0000644\0", 100); // mode
    put("0000000\0", 108); // uid
    put("0000000\0", 116); // gid
    put(body.length.toString(8).padStart(11, "0") + "\0", 124);
    put(Math.floor(mtime / 1000).toString(8).padStart(11, "0") + "\0", 136);
    put("        ", 148); // checksum placeholder: eight spaces
    put("0", 156); // regular file
    put("ustar\0", 257);
    put("00", 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    put(sum.toString(8).padStart(6, "0") + "\0 ", 148);
    blocks.push(header, body);
    const padding = (512 - (body.length % 512)) % 512;
    if (padding) blocks.push(new Uint8Array(padding));
  }
  blocks.push(new Uint8Array(1024)); // two zero blocks end the archive
  const total = blocks.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}

export function councilPagesArchive(output: CouncilPagesOutput): Uint8Array {
  return tarArchive([
    {name: "overview.json", content: JSON.stringify(output.overview)},
    {name: "about.json", content: JSON.stringify(output.about)},
    ...[...output.councils].map(([code, page]) => ({name: `${code}.json`, content: JSON.stringify(page)}))
  ]);
}
