import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createHash} from "node:crypto";
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import {createServer} from "node:net";
import path from "node:path";
import {download, formatBytes, formatSeconds, isDownloadError} from "../loaders/fetch.ts";
import {exampleLink, publisherPath, routesForRawDir, startMirror, type Mirror} from "../scripts/mirror-server.ts";
import type {SourceDefinition} from "../loaders/families/types.ts";

const FIXTURES = path.join(import.meta.dirname, "fixtures", "refresh");
const CSV = path.join(FIXTURES, "ascof-2021-22-v1.csv");
const quick = {retries: 0, timeoutMs: 2000, backoffMs: 5};

let mirror: Mirror;
beforeAll(async () => {
  mirror = await startMirror({
    "/files/ok.csv": {file: CSV},
    "/files/missing.csv": {fault: "not_found"},
    "/files/broken.csv": {fault: "server_error"},
    "/files/slow.csv": {file: CSV, fault: "slow", delayMs: 5000},
    "/files/silent.csv": {fault: "silent"},
    "/files/stalled.csv": {file: CSV, fault: "stall"},
    "/files/truncated.csv": {file: CSV, fault: "truncated"},
    "/files/maintenance.csv": {fault: "html"},
    "/files/empty.csv": {body: ""},
    "/files/report.pdf.csv": {body: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0x00, 0x01, 0x02, 0xff, 0xfe])},
    "/files/throttled.csv": {status: 429, headers: {"retry-after": "0"}},
    "/files/with space.csv": {file: CSV}
  });
});
afterAll(async () => { await mirror.close(); });

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDownloadError(error)) return error;
    throw error;
  }
  throw new Error("expected the download to fail");
}

const requestsFor = (pathname: string) => mirror.requests.filter((p) => p === pathname).length;

describe("download", () => {
  it("returns the bytes, their sha256 and the attempts taken", async () => {
    const result = await download(`${mirror.url}/files/ok.csv`, {...quick, expected: "csv"});
    const bytes = readFileSync(CSV);
    expect(Buffer.from(result.bytes).equals(bytes)).toBe(true);
    expect(result.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(result.attempts).toBe(1);
    expect(result.content_type).toMatch(/text\/csv/);
  });

  it("does not retry a 404 and names the URL and the status", async () => {
    const error = await failure(download(`${mirror.url}/files/missing.csv`, {...quick, retries: 3}));
    expect(error.message).toContain(`${mirror.url}/files/missing.csv`);
    expect(error.message).toContain("HTTP 404");
    expect(error.kind).toBe("http");
    expect(requestsFor("/files/missing.csv")).toBe(1);
  });

  it("retries a 500 with exponential backoff, then gives up naming the attempts", async () => {
    const waits: number[] = [];
    const error = await failure(download(`${mirror.url}/files/broken.csv`, {...quick, retries: 2, backoffMs: 100, sleep: async (ms) => { waits.push(ms); }}));
    expect(error.message).toMatch(/HTTP 500.*gave up after 3 attempts/);
    expect(waits).toEqual([100, 200]);
    expect(requestsFor("/files/broken.csv")).toBe(3);
  });

  it("retries a 429, waiting as long as Retry-After says", async () => {
    const waits: number[] = [];
    const error = await failure(download(`${mirror.url}/files/throttled.csv`, {...quick, retries: 1, backoffMs: 5000, sleep: async (ms) => { waits.push(ms); }}));
    expect(error.status).toBe(429);
    expect(waits).toEqual([0]);
  });

  it("times out a response slower than the timeout", async () => {
    const started = performance.now();
    const error = await failure(download(`${mirror.url}/files/slow.csv`, {...quick, timeoutMs: 300}));
    expect(error.kind).toBe("timeout");
    expect(error.message).toMatch(/timed out after 0\.3 s with no response/);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("a silent server (connection accepted, not a byte sent) costs one timeout: not retried, while a 500 is", async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => { waits.push(ms); };
    const silent = await failure(download(`${mirror.url}/files/silent.csv`, {...quick, timeoutMs: 300, retries: 3, sleep}));
    expect(silent.kind).toBe("timeout");
    expect(silent.retryable).toBe(false);
    expect(silent.attempts).toBe(1);
    expect(silent.message).toBe(`${mirror.url}/files/silent.csv: timed out after 0.3 s with no response: the server is not answering; not retried`);
    expect(requestsFor("/files/silent.csv")).toBe(1);
    expect(waits).toEqual([]);
    const before = requestsFor("/files/broken.csv");
    const broken = await failure(download(`${mirror.url}/files/broken.csv`, {...quick, timeoutMs: 300, retries: 3, sleep}));
    expect(broken.kind).toBe("http");
    expect(requestsFor("/files/broken.csv") - before).toBe(4);
    expect(waits).toHaveLength(3);
  });

  it("the timeout also covers a stall between chunks (headers and half the body, then nothing)", async () => {
    const error = await failure(download(`${mirror.url}/files/stalled.csv`, {...quick, timeoutMs: 300, retries: 2}));
    expect(error.kind).toBe("timeout");
    const half = formatBytes(Math.floor(readFileSync(CSV).length / 2));
    expect(error.message).toBe(`${mirror.url}/files/stalled.csv: timed out: no data for 0.3 s after ${half} of ${formatBytes(readFileSync(CSV).length)}: the download stalled; not retried`);
    expect(requestsFor("/files/stalled.csv")).toBe(1);
  });

  it("a signal (the refresh's deadline) stops a download in flight and a backoff wait at once, without a retry", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("the refresh's 0.2 s deadline was reached")), 200);
    const started = performance.now();
    const inFlight = await failure(download(`${mirror.url}/files/silent.csv`, {...quick, timeoutMs: 10_000, retries: 3, signal: controller.signal}));
    expect(inFlight.kind).toBe("deadline");
    expect(inFlight.message).toBe(`${mirror.url}/files/silent.csv: the refresh's 0.2 s deadline was reached while waiting for the server to answer`);
    // A 500 followed by a 10 s backoff: the wait is cut short, naming what was being retried.
    const waiting = new AbortController();
    setTimeout(() => waiting.abort(new Error("the refresh's 0.2 s deadline was reached")), 200);
    const backoff = await failure(download(`${mirror.url}/files/broken.csv`, {...quick, retries: 3, backoffMs: 10_000, signal: waiting.signal}));
    expect(backoff.kind).toBe("deadline");
    expect(backoff.message).toMatch(/the refresh's 0\.2 s deadline was reached while waiting to retry after: HTTP 500/);
    expect(backoff.attempts).toBe(1);
    // Already past: no request at all.
    const count = requestsFor("/files/ok.csv");
    const before = await failure(download(`${mirror.url}/files/ok.csv`, {...quick, signal: controller.signal}));
    expect(before.message).toMatch(/deadline was reached before the download started/);
    expect(requestsFor("/files/ok.csv")).toBe(count);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("detects a body shorter than its Content-Length (connection dropped)", async () => {
    const error = await failure(download(`${mirror.url}/files/truncated.csv`, quick));
    expect(error.kind).toBe("truncated");
    expect(error.message).toContain(`${mirror.url}/files/truncated.csv`);
    expect(error.message).toMatch(/truncated/);
  });

  it("rejects an HTML page served with status 200, quoting its title", async () => {
    const error = await failure(download(`${mirror.url}/files/maintenance.csv`, {...quick, expected: "csv"}));
    expect(error.kind).toBe("html");
    expect(error.message).toMatch(/HTML page \('Service unavailable - NHS England Digital'\)/);
  });

  it("accepts an HTML page only when asked for one (landing pages)", async () => {
    const page = await download(`${mirror.url}/files/maintenance.csv`, {...quick, expected: "html"});
    expect(new TextDecoder().decode(page.bytes)).toContain("<title>");
  });

  it("rejects an empty body", async () => {
    const error = await failure(download(`${mirror.url}/files/empty.csv`, {...quick, expected: "csv"}));
    expect(error.kind).toBe("empty");
    expect(error.message).toMatch(/empty body/);
  });

  it("rejects the wrong kind of file through the content sniffer", async () => {
    const error = await failure(download(`${mirror.url}/files/report.pdf.csv`, {...quick, expected: ["csv", "spreadsheet"]}));
    expect(error.kind).toBe("format");
    expect(error.message).toMatch(/wrong kind of file: not a text file \(binary content\).*; or not a spreadsheet/);
  });

  it("stops reading past the size cap", async () => {
    const error = await failure(download(`${mirror.url}/files/ok.csv`, {...quick, maxBytes: 100}));
    expect(error.kind).toBe("too_large");
    expect(error.message).toMatch(/over the 100 B limit/);
  });

  it("reports a refused connection clearly", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, "127.0.0.1", () => { const {port} = server.address() as {port: number}; server.close(() => resolve(port)); });
    });
    const error = await failure(download(`http://127.0.0.1:${port}/x.csv`, quick));
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(/connection refused/);
  });

  it("reports progress on stderr only when asked (or on a terminal), once a download has taken 2 s", async () => {
    const lines: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => { lines.push(String(chunk)); return true; }) as typeof process.stderr.write;
    try {
      await download(`${mirror.url}/files/ok.csv`, {...quick, progress: false});
      expect(lines).toEqual([]);
      mirror.set("/files/late.csv", {file: CSV, fault: "slow", delayMs: 2200});
      await download(`${mirror.url}/files/late.csv`, {...quick, timeoutMs: 5000, progress: true});
    } finally {
      process.stderr.write = write;
    }
    expect(lines.join("")).toMatch(new RegExp(`/files/late\\.csv: 1\\.\\d KB of 1\\.\\d KB \\(100%\\), done`));
  });

  it("serves and fetches paths with encoded spaces", async () => {
    const result = await download(`${mirror.url}/files/with%20space.csv`, quick);
    expect(result.bytes.length).toBe(readFileSync(CSV).length);
  });
});

describe("mirror helpers", () => {
  it("formats timeouts as the reports give them", () => {
    expect([300, 400, 1500, 2000, 60_000, 12_345].map(formatSeconds)).toEqual(["0.3 s", "0.4 s", "1.5 s", "2 s", "60 s", "12 s"]);
  });

  it("counts requests in flight; a silent mirror never answers any path", async () => {
    const silent = await startMirror({"/a.csv": {body: "a,b\n1,2\n"}}, {silent: true});
    try {
      const aborts = [new AbortController(), new AbortController()];
      const pending = aborts.map((c, i) => fetch(`${silent.url}/${i ? "a.csv" : "anything"}`, {signal: c.signal}).catch(() => "aborted"));
      for (let i = 0; i < 50 && silent.inFlight < 2; i++) await new Promise((r) => setTimeout(r, 10));
      expect(silent.inFlight).toBe(2);
      expect(silent.requests).toEqual(expect.arrayContaining(["/anything", "/a.csv"]));
      for (const c of aborts) c.abort();
      expect(await Promise.all(pending)).toEqual(["aborted", "aborted"]);
      for (let i = 0; i < 50 && silent.inFlight > 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(silent.inFlight).toBe(0);
      expect(silent.peakInFlight).toBe(2);
    } finally {
      await silent.close();
    }
  });

  it("keeps the publisher's path and query", () => {
    expect(publisherPath("https://files.digital.nhs.uk/A4/766F29/meas-from-asc-of-eng-2022-csv-v3.csv")).toBe("/A4/766F29/meas-from-asc-of-eng-2022-csv-v3.csv");
    expect(publisherPath("https://example.org/a%20b.csv?x=1")).toBe("/a b.csv?x=1");
  });

  it("makes a link that matches a discovery pattern, or none", () => {
    const nhs = "https://files\\.digital\\.nhs\\.uk/[0-9A-F]{2}/[0-9A-F]{6}/meas-from-asc-of-eng-[^\"']*\\.csv";
    const link = exampleLink(nhs)!;
    expect(link).toMatch(new RegExp(`^${nhs}$`));
    expect(exampleLink("https://assets\\.publishing\\.service\\.gov\\.uk/media/[0-9a-f]+/[^\"']*\\.csv")).toMatch(/^https:\/\/assets\.publishing\.service\.gov\.uk\/media\/0\/x+\.csv$/);
    expect(exampleLink("https://x\\.org/(a|b)\\.csv")).toBeUndefined();
    const cqc = "(?:https://www\\.cqc\\.org\\.uk)?/sites/default/files/\\d{4}-\\d{2}/\\d{1,2}_[A-Za-z]+_\\d{4}_HSCA_Active_Locations(?:-v\\d+)?\\.(?:ods|xlsx)";
    expect(exampleLink(cqc)).toMatch(new RegExp(`^(?:${cqc})$`));
    // Sources sharing a pattern get different links from their fillers.
    expect(exampleLink("LA-data-download[^\"']*\\.xlsx", "sfc-2022-23")).toBe("LA-data-downloadsfc-2022-23.xlsx");
  });

  it("plans a mirror of a raw folder: registered addresses, one landing page per address listing every source on it", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "asc-mirror-plan-"));
    try {
      mkdirSync(path.join(dir, "cqc"));
      for (const name of ["april.ods", "may.ods", "latest.csv", "kept.csv"]) writeFileSync(path.join(dir, "cqc", name), "x");
      const page = "https://www.cqc.example/using-cqc-data";
      const source = (id: string, raw_path: string, url: string, extra: Partial<SourceDefinition> = {}): SourceDefinition => ({
        id, family: "cqc", title: id, publisher: "CQC", vintage: id, url, format: "csv", raw_path, parse: () => ({facts: []}),
        discovery: {landing_page: page, link_pattern: "/files/[^\"']*\\.csv", note: ""}, ...extra
      });
      const plan = routesForRawDir(dir, [
        source("april", "cqc/april.ods", "https://www.cqc.example/files/2026-04/april.ods"),
        source("may", "cqc/may.ods", "https://www.cqc.example/files/2026-05/may.ods"),
        source("latest", "cqc/latest.csv", page),
        source("kept", "cqc/kept.csv", "https://x.example/kept.csv", {curated: true, discovery: undefined}),
        source("absent", "cqc/absent.csv", "https://x.example/absent.csv", {discovery: undefined})
      ]);
      expect(plan.served).toEqual(["april", "may", "latest"]);
      expect(plan.skipped).toEqual([{source_id: "kept", reason: "curated in the repository"}, {source_id: "absent", reason: "no file at cqc/absent.csv"}]);
      expect(plan.routes["/files/2026-04/april.ods"]).toEqual({file: path.join(dir, "cqc/april.ods")});
      expect(plan.routes["/files/latest.csv"]).toEqual({file: path.join(dir, "cqc/latest.csv")});
      const landing = String(plan.routes["/using-cqc-data"].body);
      expect(landing).toContain('href="https://www.cqc.example/files/2026-04/april.ods"');
      expect(landing).toContain('href="https://www.cqc.example/files/2026-05/may.ods"');
      expect(landing).toContain('href="https://www.cqc.example/files/latest.csv"');
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
