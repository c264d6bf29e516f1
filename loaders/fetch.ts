/**
 * Download one publisher file, defensively: a timeout, retries with exponential backoff on
 * failures that may pass (network errors and resets, truncated bodies, HTTP 5xx and 429; never
 * 404 or another 4xx), a size cap enforced while streaming, and a check of what arrived (an HTML
 * page served with status 200, an empty body, fewer bytes than Content-Length announced, a file
 * of the wrong kind) before anyone parses it. Errors name the URL and what went wrong.
 *
 * The timeout covers every wait of an attempt: connecting, the response headers, and each gap
 * between body chunks. A timeout is never retried: a server that accepts the connection and sends
 * nothing would only cost another full timeout per retry (three retries of a 60 s timeout made
 * one silent server cost four minutes a file). An optional `signal` (the refresh's whole-run
 * deadline) aborts the attempt and any backoff wait at once, as a "deadline" failure.
 */
import {createHash} from "node:crypto";
import {expectFormat, sniffFormat} from "./read/sniff.ts";

export type ExpectedFormat = "csv" | "xlsx" | "ods" | "spreadsheet" | "json" | "html";

export interface DownloadOptions {
  /**
   * Abort an attempt when nothing has arrived for this long: no connection and response headers
   * yet, or no body chunk since the last one. Default 60 s. Never retried.
   */
  timeoutMs?: number;
  /** Further attempts after the first, for failures that may pass. Default 3. */
  retries?: number;
  /** Wait before the first retry; doubles each time. Default 1 s. */
  backoffMs?: number;
  /** Refuse bodies larger than this, checked while streaming. Default 200 MB. */
  maxBytes?: number;
  /**
   * What the file must be. A list accepts any of them (an ASCOF "CSV" link that serves the XLSX
   * copy is still readable, because the readers go by content). "html" accepts a web page (the
   * landing pages the refresh reads links from). Omit to check only for HTML pages and empty bodies.
   */
  expected?: ExpectedFormat | ExpectedFormat[];
  /** Report bytes received on stderr. Default: only when stderr is a terminal. */
  progress?: boolean;
  /** Test seam: the clock used for backoff waits. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Stop at once when this aborts (the refresh's deadline): the download fails as "deadline",
   * naming the signal's reason (an Error's message), and is not retried.
   */
  signal?: AbortSignal;
}

export interface Download {
  /** The URL asked for. */
  url: string;
  /** The URL that answered, after redirects. */
  final_url: string;
  bytes: Uint8Array;
  sha256: string;
  content_type: string;
  attempts: number;
  seconds: number;
}

export type DownloadFailure = "http" | "timeout" | "deadline" | "network" | "too_large" | "truncated" | "empty" | "html" | "format";

export class DownloadError extends Error {
  readonly url: string;
  readonly kind: DownloadFailure;
  readonly status?: number;
  readonly retryable: boolean;
  /** From a Retry-After header, when the server said how long to wait. */
  retryAfterMs?: number;
  /** The connection was reset before any response: possibly a stale keep-alive connection. */
  staleConnection = false;
  attempts = 1;

  constructor(url: string, kind: DownloadFailure, problem: string, detail: {status?: number; retryable?: boolean} = {}) {
    super(`${url}: ${problem}`);
    this.name = "DownloadError";
    this.url = url;
    this.kind = kind;
    this.status = detail.status;
    this.retryable = detail.retryable ?? false;
  }
}

export function isDownloadError(error: unknown): error is DownloadError {
  return error instanceof DownloadError;
}

const DEFAULTS = {timeoutMs: 60_000, retries: 3, backoffMs: 1_000, maxBytes: 200 * 1024 * 1024};
/** A Retry-After longer than this is not worth waiting for in a scheduled job. */
const MAX_RETRY_AFTER_MS = 60_000;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "0.3 s", "60 s": timeouts as the reports give them. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) || seconds >= 10 ? seconds.toFixed(0) : String(Number(seconds.toPrecision(2)))} s`;
}

/** Why a signal aborted, as text: the reason's message when it is an Error. */
function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "the download was cancelled";
}

function deadlineError(url: string, signal: AbortSignal, doing: string): DownloadError {
  return new DownloadError(url, "deadline", `${abortReason(signal)} ${doing}`);
}

/**
 * Wait `ms` (the backoff), or less if the signal aborts first. The default clock is a timer that
 * is cleared on abort, so a cancelled run does not stay alive for a long Retry-After.
 */
async function pause(ms: number, signal: AbortSignal | undefined, sleep: DownloadOptions["sleep"]): Promise<void> {
  if (signal?.aborted) return;
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => { onAbort = resolve; signal?.addEventListener("abort", onAbort, {once: true}); });
  let timer: NodeJS.Timeout | undefined;
  const slept = sleep ? sleep(ms) : new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); });
  try {
    await Promise.race([slept, aborted]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

export async function download(url: string, options: DownloadOptions = {}): Promise<Download> {
  const settings = {...DEFAULTS, ...definedOnly(options)};
  const signal = options.signal;
  const started = performance.now();
  let attempt = 0;
  let staleConnectionRetried = false;
  for (;;) {
    attempt++;
    if (signal?.aborted) {
      const failure = deadlineError(url, signal, attempt === 1 ? "before the download started" : "while waiting to retry");
      failure.attempts = attempt - 1;
      throw failure;
    }
    try {
      const result = await attemptDownload(url, settings);
      checkContent(url, result.bytes, result.contentType, options.expected);
      return {
        url, final_url: result.finalUrl, bytes: result.bytes, sha256: result.sha256, content_type: result.contentType,
        attempts: attempt, seconds: (performance.now() - started) / 1000
      };
    } catch (error) {
      const failure = error instanceof DownloadError ? error : new DownloadError(url, "network", describeNetworkError(error), {retryable: true});
      failure.attempts = attempt;
      // A pooled keep-alive connection the server has since closed fails at once with a reset;
      // one immediate retry on a fresh connection is not a real attempt.
      if (failure.staleConnection && !staleConnectionRetried) {
        staleConnectionRetried = true;
        attempt--;
        continue;
      }
      if (!failure.retryable || attempt > settings.retries) {
        if (attempt > 1) failure.message += ` (gave up after ${attempt} attempts)`;
        throw failure;
      }
      const wait = failure.retryAfterMs ?? settings.backoffMs * 2 ** (attempt - 1);
      if (settings.progress || process.stderr.isTTY) process.stderr.write(`${failure.message}; retrying in ${(wait / 1000).toFixed(1)} s\n`);
      await pause(wait, signal, options.sleep);
      if (signal?.aborted) {
        const stopped = deadlineError(url, signal, `while waiting to retry after: ${failure.message.replace(`${url}: `, "")}`);
        stopped.attempts = attempt;
        throw stopped;
      }
    }
  }
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

interface Attempt {
  bytes: Uint8Array;
  sha256: string;
  contentType: string;
  finalUrl: string;
}

async function attemptDownload(url: string, settings: typeof DEFAULTS & DownloadOptions): Promise<Attempt> {
  const started = performance.now();
  const controller = new AbortController();
  // Why the attempt was aborted: our own timer, or the caller's signal (the run's deadline).
  let stoppedBy: "timeout" | "deadline" | undefined;
  const external = settings.signal;
  const onExternalAbort = () => { stoppedBy ??= "deadline"; controller.abort(); };
  external?.addEventListener("abort", onExternalAbort, {once: true});
  let timer: NodeJS.Timeout | undefined;
  // Each arm() starts a new wait. When the timer fires, the abort waits one turn of the event loop
  // (setImmediate runs after pending I/O): a chunk that arrived while the thread was busy (another
  // source's parse) re-arms first, so only a real silence aborts.
  let generation = 0;
  const arm = () => {
    clearTimeout(timer);
    const mine = ++generation;
    timer = setTimeout(() => setImmediate(() => {
      if (mine !== generation || stoppedBy) return;
      stoppedBy = "timeout";
      controller.abort();
    }), settings.timeoutMs);
  };
  const limit = formatSeconds(settings.timeoutMs);
  /** The error for an aborted attempt: before the response headers, or `received` bytes into the body. */
  const stopped = (body?: {received: number; total?: number}): DownloadError => {
    const sofar = body ? `${formatBytes(body.received)}${body.total ? ` of ${formatBytes(body.total)}` : ""}` : "";
    if (stoppedBy === "deadline" && external) {
      return deadlineError(url, external, body ? `while downloading (after ${sofar})` : "while waiting for the server to answer");
    }
    return new DownloadError(url, "timeout", body
      ? `timed out: no data for ${limit} after ${sofar}: the download stalled; not retried`
      : `timed out after ${limit} with no response: the server is not answering; not retried`);
  };
  if (external?.aborted) throw deadlineError(url, external, "before the download started");
  arm();
  try {
    let response: Response;
    try {
      // identity: Content-Length then counts the bytes we receive, so a short body is detectable.
      response = await fetch(url, {signal: controller.signal, redirect: "follow", headers: {"accept-encoding": "identity", "user-agent": "asc-benchmark-refresh"}});
    } catch (error) {
      if (stoppedBy) throw stopped();
      const code = (error as {cause?: {code?: string}})?.cause?.code;
      if (code === "UND_ERR_CONNECT_TIMEOUT") {
        throw new DownloadError(url, "timeout", `could not connect (${describeNetworkError(error)}): the server is not answering; not retried`);
      }
      const failure = new DownloadError(url, "network", describeNetworkError(error), {retryable: true});
      failure.staleConnection = code === "ECONNRESET" || code === "UND_ERR_SOCKET";
      throw failure;
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const retryable = response.status >= 500 || response.status === 429;
      const failure = new DownloadError(url, "http",
        `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${response.status === 404 ? " (not found: has the publisher moved the file?)" : ""}`,
        {status: response.status, retryable});
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      if (retryable) failure.retryAfterMs = retryAfter;
      throw failure;
    }
    const announced = response.headers.get("content-length");
    const encoding = (response.headers.get("content-encoding") ?? "identity").toLowerCase();
    const expectedLength = announced !== null && encoding === "identity" ? Number(announced) : undefined;
    if (expectedLength !== undefined && expectedLength > settings.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw new DownloadError(url, "too_large", `the server announces ${formatBytes(expectedLength)}, over the ${formatBytes(settings.maxBytes)} limit`);
    }
    const hash = createHash("sha256");
    const chunks: Uint8Array[] = [];
    let received = 0;
    const progress = progressReporter(url, expectedLength, settings.progress ?? Boolean(process.stderr.isTTY), started);
    const reader = response.body?.getReader();
    try {
      while (reader) {
        arm();
        let step: ReadableStreamReadResult<Uint8Array>;
        try {
          step = await reader.read();
        } catch (error) {
          if (stoppedBy) throw stopped({received, total: expectedLength});
          if (expectedLength !== undefined && received < expectedLength) {
            throw new DownloadError(url, "truncated", `the connection closed after ${formatBytes(received)} of the ${formatBytes(expectedLength)} announced (truncated download)`, {retryable: true});
          }
          throw new DownloadError(url, "network", `the connection failed after ${formatBytes(received)}: ${describeNetworkError(error)}`, {retryable: true});
        }
        if (step.done) break;
        received += step.value.length;
        if (received > settings.maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw new DownloadError(url, "too_large", `more than the ${formatBytes(settings.maxBytes)} limit arrived; stopped reading`);
        }
        hash.update(step.value);
        chunks.push(step.value);
        progress.update(received);
      }
    } finally {
      progress.done(received);
    }
    if (expectedLength !== undefined && received !== expectedLength) {
      throw new DownloadError(url, "truncated", `received ${formatBytes(received)} but the server announced ${formatBytes(expectedLength)} (Content-Length): truncated download`, {retryable: true});
    }
    return {bytes: concat(chunks, received), sha256: hash.digest("hex"), contentType: response.headers.get("content-type") ?? "", finalUrl: response.url || url};
  } finally {
    clearTimeout(timer);
    generation++;
    external?.removeEventListener("abort", onExternalAbort);
  }
}

/** What arrived must be data: not empty, not a web page, and of the kind asked for. */
function checkContent(url: string, bytes: Uint8Array, contentType: string, expected: DownloadOptions["expected"]): void {
  const accepted = expected === undefined ? [] : Array.isArray(expected) ? expected : [expected];
  if (bytes.length === 0) throw new DownloadError(url, "empty", "the server sent an empty body");
  if (accepted.includes("html")) return;
  if (sniffFormat(bytes) === "html") {
    const title = /<title>([^<]*)<\/title>/i.exec(new TextDecoder().decode(bytes.subarray(0, 8192)))?.[1]?.trim();
    throw new DownloadError(url, "html",
      `the server sent an HTML page${title ? ` ('${title}')` : ""}${contentType ? ` (${contentType.split(";")[0]})` : ""}, not data: probably an error or landing page`);
  }
  if (accepted.length === 0) return;
  const problems: string[] = [];
  for (const format of accepted) {
    try {
      expectFormat(bytes, url, format as Exclude<ExpectedFormat, "html">);
      return;
    } catch (error) {
      problems.push((error as Error).message.replace(`${url}: `, ""));
    }
  }
  throw new DownloadError(url, "format", `wrong kind of file: ${problems.join("; or ")}`);
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_RETRY_AFTER_MS ? ms : undefined;
}

function describeNetworkError(error: unknown): string {
  const cause = (error as {cause?: {code?: string; message?: string}})?.cause;
  const code = cause?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused (is the server up?)",
    ENOTFOUND: "host not found (DNS)",
    ECONNRESET: "connection reset by the server",
    ETIMEDOUT: "connection timed out",
    UND_ERR_CONNECT_TIMEOUT: "no connection within the connect timeout",
    EAI_AGAIN: "DNS lookup failed (no network?)",
    UND_ERR_SOCKET: "the server closed the connection"
  };
  if (code && known[code]) return known[code];
  const message = cause?.message ?? (error as Error)?.message ?? String(error);
  return code ? `${message} (${code})` : message;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) { out.set(chunk, offset); offset += chunk.length; }
  return out;
}

/** Bytes so far on stderr, at most once a second, and only once a download has taken 2 s. */
function progressReporter(url: string, total: number | undefined, enabled: boolean, started: number) {
  let last = 0;
  let shown = false;
  const tty = Boolean(process.stderr.isTTY);
  const line = (received: number) => `  ${url}: ${formatBytes(received)}${total ? ` of ${formatBytes(total)} (${Math.floor((received / total) * 100)}%)` : ""}`;
  return {
    update(received: number) {
      if (!enabled) return;
      const now = performance.now();
      if (now - started < 2000 || now - last < 1000) return;
      last = now;
      shown = true;
      process.stderr.write(tty ? `\r${line(received)}\x1b[K` : `${line(received)}\n`);
    },
    done(received: number) {
      if (enabled && shown) process.stderr.write(tty ? `\r${line(received)}, done\x1b[K\n` : `${line(received)}, done\n`);
    }
  };
}
