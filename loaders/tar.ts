/**
 * A POSIX ustar archive. Framework extracts the members of a .tar made by a data loader
 * in-process, so one loader run serves many files: all 153 council pages' JSON
 * (src/data/council-pages.tar.ts; a parameterised loader would start a tsx process per council)
 * and the site's tables and options (src/data/site.tar.ts; a loader each would be thirteen).
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

/** The members of a ustar archive as `tarArchive` writes it (regular files, names up to 100 bytes). */
export function tarEntries(archive: Uint8Array): {name: string; content: Uint8Array}[] {
  const decoder = new TextDecoder();
  const field = (offset: number, length: number, at: number) => decoder.decode(archive.subarray(at + offset, at + offset + length)).replace(/\0.*$/s, "");
  const entries: {name: string; content: Uint8Array}[] = [];
  for (let at = 0; ; ) {
    if (at + 512 > archive.length) throw new Error(`tar archive ends at byte ${archive.length} without its end blocks: truncated`);
    const name = field(0, 100, at);
    if (!name) break; // the zero blocks that end the archive
    const size = parseInt(field(124, 12, at).trim(), 8);
    if (!Number.isFinite(size) || at + 512 + size > archive.length) throw new Error(`tar member ${name}: size ${field(124, 12, at)} runs past the end of the archive`);
    if (field(156, 1, at) === "0" || field(156, 1, at) === "") entries.push({name, content: archive.subarray(at + 512, at + 512 + size)});
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}
