/**
 * Shared helpers for the browser tests and the bench: Debian's Chromium driven by playwright-core
 * (no browser download), pages opened with collectors for console errors, page errors, failed
 * requests and requests outside the test server's origin, chart waits, and axe-core checks.
 */
import {existsSync} from "node:fs";
import {createRequire} from "node:module";
import {chromium, type Browser, type BrowserContext, type Page, type Request} from "playwright-core";

/** Debian's `chromium` package, unless CHROMIUM_PATH says otherwise. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || "/usr/bin/chromium";
}

/** Throws a clear message when Chromium is not installed. */
export function assertChromium(): string {
  const executable = chromiumPath();
  if (!existsSync(executable)) {
    throw new Error(
      `Chromium not found at ${executable}. Install it with \`apt-get update && apt-get install -y chromium\` ` +
        `(Debian) or set CHROMIUM_PATH to a Chromium/Chrome binary. The browser tests use playwright-core, which downloads no browser.`
    );
  }
  return executable;
}

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
  "--disable-sync",
  // Any host name other than loopback fails at once instead of waiting on DNS: an external request
  // still shows up in the collectors (and fails the test) but cannot hang a page or leak.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"
];

/**
 * V8 flag for tests: compile WebAssembly with the baseline compiler only. DuckDB-Wasm is a 34 MB
 * module; by default V8 then re-compiles it with TurboFan on background threads, which on a
 * 2-core machine competes with the page and the test runner. Behaviour is identical; queries run
 * a little slower. The bench leaves it off (it measures what users get); E2E_FULL_WASM=1 turns it
 * off for tests too.
 */
export const TEST_JS_FLAGS = "--js-flags=--liftoff-only";

export async function launchBrowser(options: {headless?: boolean; liftoffOnly?: boolean} = {}): Promise<Browser> {
  const liftoffOnly = (options.liftoffOnly ?? true) && process.env.E2E_FULL_WASM !== "1";
  return chromium.launch({
    executablePath: assertChromium(),
    args: liftoffOnly ? [...CHROMIUM_ARGS, TEST_JS_FLAGS] : CHROMIUM_ARGS,
    headless: options.headless ?? true
  });
}

export interface FailedRequest {
  url: string;
  method: string;
  /** e.g. `net::ERR_NAME_NOT_RESOLVED`, or `HTTP 404`. */
  failure: string;
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** The test server's origin; requests elsewhere land in `externalRequests`. */
  origin: string;
  /** `console.error` messages (and Chromium's own "Failed to load resource" errors). */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: string[];
  /** Requests that failed at the network level or answered with HTTP status >= 400. */
  failedRequests: FailedRequest[];
  /** Every http(s)/ws(s) request whose origin is not the test server's. */
  externalRequests: string[];
  /** Every request made (URL), in order. */
  requests: string[];
  /** Closes the page (and its context when openPage created it). */
  close(): Promise<void>;
}

/**
 * Runs in every page before any page script: counts DuckDB-Wasm worker requests still awaiting
 * their answer (its protocol pairs each posted messageId with one response's requestId; other
 * workers' messages are not counted) and stamps the last DOM change, so `waitForMain` can tell
 * "idle" from "a query still running".
 */
const INIT_SCRIPT = `(() => {
  const state = (window.__e2e = {workerPending: 0, lastMutation: performance.now()});
  const pending = new Map();
  const seen = new WeakSet();
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (!seen.has(this)) {
      seen.add(this);
      let ids = new Set();
      pending.set(this, ids);
      this.addEventListener("message", (event) => {
        const data = event.data;
        // DuckDB-Wasm answers request messageId with one response carrying requestId; its
        // *_PROGRESS messages carry the same id but are not the answer.
        if (data && typeof data.requestId === "number" && !String(data.type).endsWith("_PROGRESS")) ids.delete(data.requestId);
        state.workerPending = [...pending.values()].reduce((n, s) => n + s.size, 0);
      });
      this.addEventListener("error", () => { ids.clear(); state.workerPending = [...pending.values()].reduce((n, s) => n + s.size, 0); });
    }
    if (message && typeof message.messageId === "number") pending.get(this).add(message.messageId);
    state.workerPending = [...pending.values()].reduce((n, s) => n + s.size, 0);
    return post.call(this, message, ...rest);
  };
  new MutationObserver(() => { state.lastMutation = performance.now(); })
    .observe(document, {subtree: true, childList: true, characterData: true});
})();`;

interface NetworkState {
  inflight: Set<Request>;
  lastActivity: number;
}

const networkStates = new WeakMap<Page, NetworkState>();

function isExternal(url: string, origin: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true;
  }
  if (!["http:", "https:", "ws:", "wss:"].includes(parsed.protocol)) return false; // data:, blob:, about:
  return parsed.origin !== origin;
}

/**
 * Opens `url` in a fresh browser context (cold cache), or in `options.context`, and collects
 * errors and requests from the start. Navigation waits for `load` unless told otherwise; errors keep being collected until
 * `close()`.
 */
export async function openPage(
  browser: Browser,
  url: string,
  options: {
    waitUntil?: "load" | "domcontentloaded" | "commit" | "networkidle";
    viewport?: {width: number; height: number};
    timeout?: number;
    /** Open the page in this context (sharing its HTTP cache) instead of a fresh one; `close()` then closes only the page. */
    context?: BrowserContext;
  } = {}
): Promise<OpenedPage> {
  const origin = new URL(url).origin;
  const ownContext = !options.context;
  const context = options.context ?? (await browser.newContext({viewport: options.viewport ?? {width: 1280, height: 900}}));
  const page = await context.newPage();
  if (options.viewport && !ownContext) await page.setViewportSize(options.viewport);
  await page.addInitScript({content: INIT_SCRIPT});
  const network: NetworkState = {inflight: new Set(), lastActivity: Date.now()};
  networkStates.set(page, network);
  const opened: OpenedPage = {
    page,
    context,
    origin,
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    externalRequests: [],
    requests: [],
    close: () => (ownContext ? context.close() : page.close())
  };
  page.on("console", (message) => {
    if (message.type() === "error") {
      const location = message.location();
      opened.consoleErrors.push(location?.url ? `${message.text()} (${location.url}:${location.lineNumber})` : message.text());
    }
  });
  page.on("pageerror", (error) => opened.pageErrors.push(error.stack || error.message));
  const settled = (request: Request) => {
    network.inflight.delete(request);
    network.lastActivity = Date.now();
  };
  // Page-level events include the page's dedicated workers (DuckDB's wasm fetch): checked.
  page.on("requestfinished", settled);
  page.on("requestfailed", settled);
  const onRequest = (request: Request) => {
    network.inflight.add(request);
    network.lastActivity = Date.now();
    opened.requests.push(request.url());
    if (isExternal(request.url(), origin)) opened.externalRequests.push(request.url());
  };
  page.on("request", onRequest);
  page.on("requestfailed", (request) => {
    opened.failedRequests.push({url: request.url(), method: request.method(), failure: request.failure()?.errorText ?? "failed"});
  });
  page.on("response", (response) => {
    if (response.status() >= 400) {
      opened.failedRequests.push({url: response.url(), method: response.request().method(), failure: `HTTP ${response.status()}`});
    }
  });
  // WebSockets do not go through the request events.
  page.on("websocket", (socket) => {
    if (isExternal(socket.url(), origin)) opened.externalRequests.push(socket.url());
  });
  try {
    await page.goto(url, {waitUntil: options.waitUntil ?? "load", timeout: options.timeout ?? 60_000});
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

/**
 * Waits until Framework has rendered the page and gone quiet: `main` exists and has content, no
 * inline cell shows Framework's loading indicator, no request is in flight, no worker request
 * (DuckDB query) is awaiting its answer, and neither the network nor main's DOM has changed for
 * `quietMs`. Framework block cells have no loading indicator, so quiet is the only signal that a
 * query-driven chart has finished (or failed). With `openPage`'s instrumentation missing (a page
 * opened some other way) only the DOM and loading checks apply.
 * Returns the text of Framework error cells (`.observablehq--error`) in main, and whether the
 * page settled before the timeout (a page that animates forever never does).
 */
export async function waitForMain(page: Page, options: {timeout?: number; quietMs?: number} = {}): Promise<{errorCells: string[]; settled: boolean; ms: number}> {
  const timeout = options.timeout ?? 60_000;
  const quietMs = options.quietMs ?? 500;
  const start = Date.now();
  await page.waitForSelector("main", {state: "attached", timeout});
  const network = networkStates.get(page);
  let settled = false;
  while (Date.now() - start < timeout) {
    const state = await page.evaluate(() => {
      const main = document.querySelector("main");
      const e2e = (window as any).__e2e as {workerPending: number; lastMutation: number} | undefined;
      return {
        rendered: !!main && main.childElementCount > 0 && main.querySelectorAll("observablehq-loading").length === 0,
        workerPending: e2e?.workerPending ?? 0,
        sinceMutation: e2e ? performance.now() - e2e.lastMutation : Infinity,
        complete: document.readyState === "complete"
      };
    });
    const networkQuiet = !network || (network.inflight.size === 0 && Date.now() - network.lastActivity >= quietMs);
    if (state.rendered && state.complete && state.workerPending === 0 && state.sinceMutation >= quietMs && networkQuiet) {
      settled = true;
      break;
    }
    await page.waitForTimeout(100);
  }
  const errorCells = await page.$$eval("main .observablehq--error", (nodes) => nodes.map((node) => (node.textContent ?? "").trim().slice(0, 300)));
  return {errorCells, settled, ms: Date.now() - start};
}

/**
 * Waits until an element matching `selector` (a CSS selector list is fine) is in `main`-or-anywhere,
 * visible, and has a non-empty box. Returns `performance.now()` in the page at that moment, i.e.
 * milliseconds since the navigation started.
 */
export async function waitForChart(page: Page, selector: string, options: {timeout?: number} = {}): Promise<number> {
  const handle = await page.waitForFunction(
    (sel) => {
      for (const element of document.querySelectorAll(sel)) {
        const box = element.getBoundingClientRect();
        if (box.width <= 0 || box.height <= 0) continue;
        const style = getComputedStyle(element);
        if (style.visibility === "hidden" || style.display === "none") continue;
        return performance.now();
      }
      return false;
    },
    selector,
    {timeout: options.timeout ?? 60_000, polling: "raf"}
  );
  return (await handle.jsonValue()) as number;
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  /** CSS targets of the offending nodes (first 10). */
  targets: string[];
  count: number;
}

const require = createRequire(import.meta.url);

/**
 * Injects axe-core from node_modules and runs it on the whole document: the sidebar, the header,
 * the table of contents and the footer as well as the page's content (no region is left out).
 * Returns only violations with impact serious or critical.
 */
export async function runAxe(page: Page, options: {disableRules?: string[]} = {}): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as any).axe !== "undefined");
  if (!loaded) await page.addScriptTag({path: require.resolve("axe-core/axe.min.js")});
  const violations = await page.evaluate(
    async ({disableRules}) => {
      const axe = (window as any).axe;
      const rules: Record<string, {enabled: boolean}> = {};
      for (const id of disableRules) rules[id] = {enabled: false};
      const result = await axe.run(document, {resultTypes: ["violations"], rules});
      return (result.violations as any[]).map((v) => ({
        id: v.id as string,
        impact: (v.impact ?? "") as string,
        help: v.help as string,
        helpUrl: v.helpUrl as string,
        targets: (v.nodes as any[]).slice(0, 10).map((n) => (n.target as string[]).join(" ")),
        count: (v.nodes as any[]).length
      }));
    },
    {disableRules: options.disableRules ?? []}
  );
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** A readable multi-line summary of axe violations for assertion messages. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `[${v.impact}] ${v.id}: ${v.help} (${v.count} nodes: ${v.targets.slice(0, 3).join(", ")}) ${v.helpUrl}`).join("\n");
}

/** Failed requests minus those the browser itself aborted (navigation away, superseded fetches). */
export function realFailures(failed: FailedRequest[]): FailedRequest[] {
  return failed.filter((f) => f.failure !== "net::ERR_ABORTED");
}
