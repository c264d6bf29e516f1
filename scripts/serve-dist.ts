/**
 * A small static file server for the built site (dist/), used by the browser tests and the bench.
 *
 * - Listens on 127.0.0.1 only (port 0 = a random free port).
 * - Framework's clean URLs: `/` → index.html, `/reablement` → reablement.html,
 *   `/council/E06000035` → council/E06000035.html, `/council/` → council/index.html.
 * - MIME types the site needs, including `application/wasm` (DuckDB-Wasm streaming compile needs it)
 *   and `application/vnd.apache.arrow.file` for Arrow IPC files.
 * - Single byte ranges (DuckDB-Wasm reads registered file URLs with Range requests), HEAD, ETag
 *   revalidation (304), `cache-control: no-cache`; 404 otherwise, `/favicon.ico` included (the site
 *   declares its icon in every page's head; a page without one makes the browser ask for
 *   /favicon.ico, and the 404 then fails the browser tests as it would log an error for a user).
 *
 * CLI: `tsx scripts/serve-dist.ts [dir=dist] [port=8080]`
 */
import {createReadStream, existsSync} from "node:fs";
import {stat} from "node:fs/promises";
import {createServer, type IncomingMessage, type ServerResponse} from "node:http";
import type {AddressInfo} from "node:net";
import path from "node:path";
import {pathToFileURL} from "node:url";

export const MIME_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".arrow": "application/vnd.apache.arrow.file",
  ".parquet": "application/vnd.apache.parquet",
  ".wasm": "application/wasm",
  ".csv": "text/csv; charset=utf-8",
  ".tsv": "text/tab-separated-values; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".pdf": "application/pdf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".zip": "application/zip"
};

export function mimeType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

export interface StaticServer {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Maps a URL path to a file under root, following Framework's clean URLs; undefined if none. */
export async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const file = path.join(root, path.normalize(decoded));
  if (file !== root && !file.startsWith(root + path.sep)) return undefined; // path traversal
  const candidates = decoded.endsWith("/") ? [path.join(file, "index.html")] : [file, `${file}.html`, path.join(file, "index.html")];
  for (const candidate of candidates) if (await isFile(candidate)) return candidate;
  return undefined;
}

function parseRange(header: string | undefined, size: number): {start: number; end: number} | "invalid" | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return "invalid"; // multiple ranges are not supported
  let start: number, end: number;
  if (match[1] === "") {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return "invalid";
  return {start, end};
}

async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, {allow: "GET, HEAD"}).end();
    return;
  }
  const urlPath = new URL(req.url ?? "/", "http://localhost").pathname;
  const file = await resolveFile(root, urlPath);
  if (!file) {
    res.writeHead(404, {"content-type": "text/plain; charset=utf-8"}).end(`404 not found: ${urlPath}\n`);
    return;
  }
  const {size, mtime} = await stat(file);
  // Always revalidate (dist/ changes under a running server when rebuilt), but answer 304 when
  // unchanged, so a browser reusing its cache (and V8's compiled-wasm cache) skips the body.
  const etag = `W/"${size.toString(16)}-${mtime.getTime().toString(16)}"`;
  const headers: Record<string, string | number> = {
    "content-type": mimeType(file),
    "accept-ranges": "bytes",
    "cache-control": "no-cache",
    etag,
    "last-modified": mtime.toUTCString()
  };
  if (req.headers["if-none-match"] === etag && !req.headers.range) {
    res.writeHead(304, {etag, "cache-control": "no-cache"}).end();
    return;
  }
  const range = parseRange(req.headers.range, size);
  if (range === "invalid") {
    res.writeHead(416, {"content-range": `bytes */${size}`}).end();
    return;
  }
  if (range) {
    headers["content-range"] = `bytes ${range.start}-${range.end}/${size}`;
    headers["content-length"] = range.end - range.start + 1;
    res.writeHead(206, headers);
  } else {
    headers["content-length"] = size;
    res.writeHead(200, headers);
  }
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  const stream = createReadStream(file, range ?? {});
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

/** Serves `dir` on 127.0.0.1; resolves once listening. */
export async function startStaticServer(dir: string, options: {port?: number} = {}): Promise<StaticServer> {
  const root = path.resolve(dir);
  if (!existsSync(root)) throw new Error(`startStaticServer: ${root} does not exist (run npm run build first)`);
  const server = createServer((req, res) => {
    handle(root, req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, {"content-type": "text/plain; charset=utf-8"});
      res.end(`500 ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const dir = process.argv[2] ?? "dist";
  const port = Number(process.argv[3] ?? 8080);
  let server: StaticServer;
  try {
    server = await startStaticServer(dir, {port});
  } catch (error) {
    console.error(`serve-dist: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  console.log(`serving ${path.resolve(dir)} at ${server.url}/ (Ctrl-C to stop)`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
