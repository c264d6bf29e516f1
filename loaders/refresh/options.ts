/**
 * The refresh's options: what runRefresh accepts, their defaults, and the command line that sets
 * them (loaders/refresh.ts lists every option with what it does).
 */
import type {SourceDefinition} from "../families/types.ts";
import type {Manifest, Snapshot} from "../snapshot.ts";

export interface RefreshOptions {
  baseUrl?: string;
  only?: string[];
  rawDir?: string;
  manifestPath?: string;
  changesPath?: string;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  maxBytes?: number;
  progress?: boolean;
  /**
   * The whole run's limit in seconds (default 600): when it passes, downloads in flight stop, no
   * source starts, and every unfinished source fails as "deadline" keeping its previous file.
   */
  deadlineSeconds?: number;
  /** Sources fetched at a time (default 3); each makes one request at a time. */
  concurrency?: number;
  /** Which sources to consider (default: the registry). */
  sources?: readonly SourceDefinition[];
  /** Test seam: how the snapshot is assembled (default buildSnapshot). */
  assemble?: (manifest: Manifest, rawDir: string) => Promise<Snapshot>;
  now?: () => Date;
  /** Where the summary goes (default stdout) and where problems go (default stderr). */
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/** A bad option or argument (the CLI prints it and exits 2), as opposed to a failed run. */
export class UsageError extends Error {}

/** The whole run's limit in seconds, and the sources downloaded at a time, unless an option or the environment says otherwise. */
export const DEFAULT_DEADLINE_SECONDS = 600;
export const DEFAULT_CONCURRENCY = 3;

/**
 * The command line, with two settings also read from the environment (for the scheduled job):
 * REFRESH_DEADLINE_SECONDS and REFRESH_CONCURRENCY; an option given on the command line wins.
 */
export function parseRefreshArgs(args: string[], env: Record<string, string | undefined> = process.env): RefreshOptions {
  const options: RefreshOptions = {only: []};
  const number = (name: string, text: string) => {
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value) || value < 0) throw new UsageError(`${name} needs a non-negative number, not '${text}'`);
    return value;
  };
  const seconds = (name: string, text: string) => {
    const value = number(name, text);
    if (value === 0) throw new UsageError(`${name} needs a number of seconds above 0, not '${text}'`);
    return value;
  };
  const count = (name: string, text: string) => {
    const value = number(name, text);
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`${name} needs a whole number of at least 1, not '${text}'`);
    return value;
  };
  if (env.REFRESH_DEADLINE_SECONDS) options.deadlineSeconds = seconds("REFRESH_DEADLINE_SECONDS", env.REFRESH_DEADLINE_SECONDS);
  if (env.REFRESH_CONCURRENCY) options.concurrency = count("REFRESH_CONCURRENCY", env.REFRESH_CONCURRENCY);
  for (let i = 0; i < args.length; i++) {
    const name = args[i];
    if (name === "--progress") { options.progress = true; continue; }
    const value = args[i + 1];
    const needsValue = ["--base-url", "--only", "--raw-dir", "--manifest", "--changes", "--timeout", "--retries", "--backoff", "--max-bytes", "--deadline", "--concurrency"];
    if (!needsValue.includes(name)) throw new UsageError(`unknown option '${name}'\n${USAGE}`);
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${name} needs a value`);
    i++;
    switch (name) {
      case "--base-url": options.baseUrl = value; break;
      case "--only": options.only!.push(...value.split(",").map((s) => s.trim()).filter(Boolean)); break;
      case "--raw-dir": options.rawDir = value; break;
      case "--manifest": options.manifestPath = value; break;
      case "--changes": options.changesPath = value; break;
      case "--timeout": options.timeoutMs = number(name, value); break;
      case "--retries": options.retries = number(name, value); break;
      case "--backoff": options.backoffMs = number(name, value); break;
      case "--max-bytes": options.maxBytes = number(name, value); break;
      case "--deadline": options.deadlineSeconds = seconds(name, value); break;
      case "--concurrency": options.concurrency = count(name, value); break;
    }
  }
  return options;
}

const USAGE = "usage: npm run refresh [-- --base-url <url>] [--only <source-id>] [--raw-dir <dir>] [--manifest <path>] [--changes <path>] [--timeout <ms>] [--retries <n>] [--backoff <ms>] [--max-bytes <n>] [--deadline <seconds>] [--concurrency <n>] [--progress]";
