/**
 * A local stand-in for the publishers, for tests and the refresh benchmark: node:http on
 * 127.0.0.1 serving files at the publishers' own paths (`/A4/766F29/meas-from-asc-of-eng-2022-csv-v3.csv`),
 * so `npm run refresh -- --base-url <mirror>` exercises the same URLs it uses for real. Each route
 * can inject a fault the refresh must survive: 404, 500, a response slower than the timeout, a
 * truncated body, a body that stops half way with the connection left open (a stall), an HTML
 * page with status 200, a file whose header has a renamed column, or silence (the connection is
 * accepted and the request read, and not one byte is ever sent back).
 * A silent mirror ({silent: true}) treats every path that way. The mirror counts requests in
 * flight and the most at once (`inFlight`, `peakInFlight`), so a test can check a concurrency bound.
 *
 * As a command it serves the current data/raw files at every fetchable source's path:
 *   npx tsx scripts/mirror-server.ts [--raw-dir data/raw] [--port 8080] [--silent]
 */
import {createServer, type IncomingMessage, type ServerResponse} from "node:http";
import {existsSync, readFileSync} from "node:fs";
import type {AddressInfo} from "node:net";
import path from "node:path";
import {pathToFileURL} from "node:url";
import type {SourceDefinition} from "../loaders/families/types.ts";

export type MirrorFault = "not_found" | "server_error" | "slow" | "truncated" | "html" | "renamed_column" | "silent" | "stall";

export interface MirrorRoute {
  /** Serve this file from disk (read at request time, so a test can change it between runs). */
  file?: string;
  body?: string | Uint8Array;
  contentType?: string;
  fault?: MirrorFault;
  /** "slow": how long to wait before answering (default 30 s; the server's close() cuts it short). */
  delayMs?: number;
  /** "renamed_column": the header text to replace and its replacement. */
  renameColumn?: [from: string, to: string];
  /** Answer with this status and a short text body instead (429, 503 ...), with optional headers. */
  status?: number;
  headers?: Record<string, string>;
}

export interface Mirror {
  /** http://127.0.0.1:<port>, to pass as --base-url. */
  url: string;
  routes: Map<string, MirrorRoute>;
  /** Every path asked for, in order. */
  requests: string[];
  /** Requests whose response has not finished (or whose connection is still open, when silent). */
  readonly inFlight: number;
  /** The most requests in flight at once since the start or the last resetCounts(). */
  readonly peakInFlight: number;
  /** Forget the requests seen and the peak (between runs on one mirror). */
  resetCounts(): void;
  set(pathname: string, route: MirrorRoute): void;
  close(): Promise<void>;
}

export interface MirrorOptions {
  /** Every request is accepted and never answered (a publisher whose server hangs). */
  silent?: boolean;
  /** Listen on this port (default: any free one). */
  port?: number;
}

const CONTENT_TYPES: Record<string, string> = {
  ".csv": "text/csv; charset=utf-8", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".ods": "application/vnd.oasis.opendocument.spreadsheet", ".json": "application/json", ".html": "text/html; charset=utf-8"
};

export async function startMirror(routes: Record<string, MirrorRoute> = {}, options: MirrorOptions = {}): Promise<Mirror> {
  const table = new Map(Object.entries(routes).map(([pathname, route]) => [normalisePath(pathname), route]));
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let peakInFlight = 0;
  const server = createServer((request, response) => {
    const pathname = normalisePath(request.url ?? "/");
    requests.push(pathname);
    // A request is in flight until its response is sent ("finish") or the client gave up ("close",
    // the only end of a silent request). The peak is read a turn later (setImmediate runs after
    // pending I/O): client and mirror share one event loop, and a client that aborted one request
    // and started the next must not count twice because the first close was not yet read.
    // The socket's "end" (the client closed its side) is read with the I/O, before "close".
    const socket = request.socket;
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      inFlight--;
      socket.off("end", finished);
      socket.off("error", finished);
    };
    response.once("finish", finished);
    response.once("close", finished);
    socket.once("end", finished);
    socket.once("error", finished);
    inFlight++;
    setImmediate(() => { peakInFlight = Math.max(peakInFlight, inFlight); });
    const route = table.get(pathname);
    if (options.silent || route?.fault === "silent") return;
    serve(route, pathname, request, response, timers);
  });
  // Long keep-alive: a client busy parsing a large file should find its connection still open.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes: table,
    requests,
    get inFlight() { return inFlight; },
    get peakInFlight() { return peakInFlight; },
    resetCounts() { requests.length = 0; peakInFlight = inFlight; },
    set(pathname, route) { table.set(normalisePath(pathname), route); },
    close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    }
  };
}

/** Paths are compared decoded, so `/a%20b.csv` and `/a b.csv` are one route. */
function normalisePath(pathname: string): string {
  try {
    return decodeURI(pathname);
  } catch {
    return pathname;
  }
}

function contentOf(route: MirrorRoute): Uint8Array {
  if (route.body !== undefined) return typeof route.body === "string" ? new TextEncoder().encode(route.body) : route.body;
  if (route.file) return new Uint8Array(readFileSync(route.file));
  return new Uint8Array();
}

function serve(route: MirrorRoute | undefined, pathname: string, _request: IncomingMessage, response: ServerResponse, timers: Set<NodeJS.Timeout>) {
  if (!route || route.fault === "not_found") {
    response.writeHead(404, {"content-type": "text/html; charset=utf-8"});
    response.end(`<!DOCTYPE html><html><head><title>Page not found</title></head><body>No file at ${escapeHtml(pathname)}</body></html>`);
    return;
  }
  if (route.status !== undefined && route.status !== 200) {
    response.writeHead(route.status, {"content-type": "text/plain", ...route.headers});
    response.end(`status ${route.status}`);
    return;
  }
  if (route.fault === "server_error") {
    response.writeHead(500, {"content-type": "text/plain"});
    response.end("Internal Server Error");
    return;
  }
  if (route.fault === "html") {
    const page = "<!DOCTYPE html>\n<html><head><title>Service unavailable - NHS England Digital</title></head><body><h1>Sorry, we're doing some maintenance</h1></body></html>\n";
    response.writeHead(200, {"content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(page)});
    response.end(page);
    return;
  }
  let body = contentOf(route);
  if (route.fault === "renamed_column" && route.renameColumn) {
    const text = new TextDecoder().decode(body);
    const lineEnd = text.indexOf("\n");
    const header = lineEnd < 0 ? text : text.slice(0, lineEnd);
    body = new TextEncoder().encode(header.replace(route.renameColumn[0], route.renameColumn[1]) + (lineEnd < 0 ? "" : text.slice(lineEnd)));
  }
  const headers = {
    "content-type": route.contentType ?? CONTENT_TYPES[path.extname(route.file ?? pathname).toLowerCase()] ?? "application/octet-stream",
    "content-length": body.length
  };
  if (route.fault === "slow") {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (response.destroyed) return;
      response.writeHead(200, headers);
      response.end(body);
    }, route.delayMs ?? 30_000);
    timers.add(timer);
    return;
  }
  if (route.fault === "stall") {
    // Headers and half the body, then nothing more, the connection kept open.
    response.writeHead(200, headers);
    response.write(body.subarray(0, Math.floor(body.length / 2)));
    return;
  }
  if (route.fault === "truncated") {
    // Announce the whole file, send half of it, then drop the connection.
    response.writeHead(200, headers);
    response.write(body.subarray(0, Math.floor(body.length / 2)), () => response.socket?.destroy());
    return;
  }
  response.writeHead(200, headers);
  response.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})[c]!);
}

/** The path and query of a publisher URL: where the mirror serves it. */
export function publisherPath(url: string): string {
  const parsed = new URL(url);
  return normalisePath(parsed.pathname + parsed.search);
}

/**
 * An address matching a discovery link pattern, for a mirror's landing page. Handles the shapes
 * the registry uses (literals, escapes, character classes, {n}, *, +, ?); returns undefined when
 * the pattern is beyond that, and never returns an address the pattern does not match.
 */
export function exampleLink(pattern: string, filler = "x"): string | undefined {
  let out = "";
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    let piece: string;
    let anythingBut = false;
    if (pattern.startsWith("(?:", i)) {
      // An optional or plain non-capturing group: take its first alternative.
      const close = pattern.indexOf(")", i);
      if (close < 0) return undefined;
      const inner = pattern.slice(i + 3, close).split("|")[0];
      const optional = pattern[close + 1] === "?";
      i = close + (optional ? 2 : 1);
      if (optional) continue;
      const sub = exampleLink(inner, filler);
      if (sub === undefined) return undefined;
      out += sub;
      continue;
    }
    if (c === "\\") {
      const next = pattern[i + 1];
      piece = next === "d" ? "0" : next === "w" ? "x" : next;
      i += 2;
    } else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end < 0) return undefined;
      const body = pattern.slice(i + 1, end);
      anythingBut = body.startsWith("^");
      piece = anythingBut ? "x" : body.replace(/^\\/, "")[0];
      i = end + 1;
    } else if ("()|^$".includes(c)) {
      return undefined;
    } else if (c === ".") {
      piece = "x";
      i++;
    } else {
      piece = c;
      i++;
    }
    const quantifier = /^(\{(\d+)(?:,\d*)?\}|[*+?])/.exec(pattern.slice(i));
    if (quantifier) {
      i += quantifier[0].length;
      const openEnded = quantifier[0] === "*" || quantifier[0] === "+";
      // An open-ended "anything but quotes" run takes the filler, so two sources' links differ.
      if (openEnded && anythingBut) piece = filler;
      else piece = piece.repeat(quantifier[2] !== undefined ? Number(quantifier[2]) : quantifier[0] === "*" ? 4 : 1);
    }
    out += piece;
  }
  try {
    return new RegExp(`^(?:${pattern})$`).test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

export interface RawDirMirrorPlan {
  routes: Record<string, MirrorRoute>;
  /** Source ids the mirror can serve. */
  served: string[];
  skipped: {source_id: string; reason: string}[];
}

/**
 * Routes that serve each source's current file in `rawDir` where the refresh will look for it:
 * at its registered address; for a source found only through a landing page, at a made-up
 * address matching its link pattern, listed on a mirror of the landing page (one page per
 * landing address, listing every source that shares it).
 */
export function routesForRawDir(rawDir: string, sources: readonly SourceDefinition[]): RawDirMirrorPlan {
  const plan: RawDirMirrorPlan = {routes: {}, served: [], skipped: []};
  const pages = new Map<string, {title: string; links: string[]}>();
  for (const source of sources) {
    if (source.curated) { plan.skipped.push({source_id: source.id, reason: "curated in the repository"}); continue; }
    if (source.raw_path.endsWith("/")) { plan.skipped.push({source_id: source.id, reason: "one file per council (folder)"}); continue; }
    const file = path.join(rawDir, source.raw_path);
    if (!existsSync(file)) { plan.skipped.push({source_id: source.id, reason: `no file at ${source.raw_path}`}); continue; }
    let address = source.url;
    if (source.discovery) {
      if (source.url === source.discovery.landing_page) {
        const link = exampleLink(source.discovery.link_pattern, source.id.replace(/[^A-Za-z0-9-]/g, "-"));
        if (!link) { plan.skipped.push({source_id: source.id, reason: "cannot make an address matching its link pattern"}); continue; }
        address = new URL(link, source.discovery.landing_page).href;
      }
      const pagePath = publisherPath(source.discovery.landing_page);
      const page = pages.get(pagePath) ?? {title: source.title, links: []};
      page.links.push(address);
      pages.set(pagePath, page);
    }
    plan.routes[publisherPath(address)] = {file};
    plan.served.push(source.id);
  }
  for (const [pagePath, page] of pages) {
    plan.routes[pagePath] = {
      body: `<!DOCTYPE html><html><head><title>${escapeHtml(page.title)}</title></head><body><ul>${page.links.map((link) => `<li><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></li>`).join("")}</ul></body></html>`,
      contentType: "text/html; charset=utf-8"
    };
  }
  return plan;
}

async function main(args: string[]) {
  const value = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const {SOURCES} = await import("../loaders/sources.ts");
  const {RAW_DIR} = await import("../loaders/snapshot.ts");
  const rawDir = path.resolve(value("--raw-dir") ?? RAW_DIR);
  const plan = routesForRawDir(rawDir, SOURCES);
  const port = value("--port");
  const silent = args.includes("--silent");
  const mirror = await startMirror(plan.routes, {port: port ? Number(port) : undefined, silent});
  const url = mirror.url;
  console.log(silent ? `silent mirror at ${url}: accepts every connection and never answers` : `mirror of ${rawDir} at ${url} (${plan.served.length} sources)`);
  for (const skip of plan.skipped) console.log(`  not served: ${skip.source_id}: ${skip.reason}`);
  console.log(`try: npm run refresh -- --base-url ${url} --raw-dir <copy of data/raw> --manifest <copy of manifest>`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error) => { console.error(error); process.exitCode = 1; });
}
