/**
 * One builder at a time for a cached result that several processes may want at once: Framework
 * starts a process per data loader, the build's warm-up (scripts/warm-data.ts) may already be
 * building, and tests run in parallel workers. The first to take the lock builds; the others wait
 * for the result and read it. A lock whose process has died, or that is older than any build
 * could take, is taken over, so a killed build never wedges the next one.
 *
 * Node builtins only: the data loaders that merely copy a cached file import this, and every
 * import is paid for in each loader process's start-up.
 */
import {readFileSync, rmSync, statSync, writeFileSync} from "node:fs";

/** Longer than any build of the snapshot and site outputs takes, however loaded the machine. */
export const STALE_LOCK_MS = 15 * 60 * 1000;
const POLL_MS = 100;

interface LockOwner {
  pid: number;
  at: number;
  /** Set when the lock was claimed for a child in advance: the child, given the same token in BUILD_LOCK_TOKEN, owns it. */
  token?: string;
}

/** The environment variable through which a lock claimed in advance is handed to the child it was claimed for. */
export const TOKEN_ENV = "BUILD_LOCK_TOKEN";

function readOwner(lockFile: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(lockFile, "utf-8")) as Partial<LockOwner>;
    if (typeof owner.pid === "number") return {pid: owner.pid, at: typeof owner.at === "number" ? owner.at : statSync(lockFile).mtimeMs, token: owner.token};
  } catch {
    // Missing, or caught half-written: treated as no owner yet.
  }
  return null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Write a lock naming `pid` as its owner; false when someone holds it already. A `token` hands
 * the lock to a child process started with that token in BUILD_LOCK_TOKEN: the pid a parent
 * knows may be a launcher's (tsx starts node in a process of its own), not the builder's.
 */
export function claimLock(lockFile: string, pid = process.pid, token?: string): boolean {
  return createExclusive(lockFile, JSON.stringify({pid, at: Date.now(), ...(token ? {token} : {})} satisfies LockOwner));
}

/** Create `file` with `content` unless it exists (one atomic step, so of two processes exactly one succeeds). */
export function createExclusive(file: string, content = ""): boolean {
  try {
    writeFileSync(file, content, {flag: "wx"});
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/**
 * Run `build` unless `isDone()`, holding `lockFile` while it runs; while another live process
 * holds the lock, wait for it and then check again. A lock claimed for this process in advance
 * (the warm-up's parent claims it for its child, by pid and token) counts as held.
 */
export function buildOnce(lockFile: string, isDone: () => boolean, build: () => Promise<void>): Promise<void> {
  // Callers in one process share one attempt: the lock names a process, not a caller.
  let attempt = inFlight.get(lockFile);
  if (!attempt) {
    attempt = buildOrWait(lockFile, isDone, build).finally(() => inFlight.delete(lockFile));
    inFlight.set(lockFile, attempt);
  }
  return attempt;
}

const inFlight = new Map<string, Promise<void>>();

async function buildOrWait(lockFile: string, isDone: () => boolean, build: () => Promise<void>): Promise<void> {
  for (;;) {
    if (isDone()) return;
    const owner = readOwner(lockFile);
    const handedOver = owner?.token !== undefined && owner.token === process.env[TOKEN_ENV];
    const mine = owner?.pid === process.pid || handedOver || (!owner && claimLock(lockFile));
    if (mine) {
      try {
        if (!isDone()) await build();
      } finally {
        rmSync(lockFile, {force: true});
      }
      return;
    }
    if (owner && (!isAlive(owner.pid) || Date.now() - owner.at > STALE_LOCK_MS)) {
      rmSync(lockFile, {force: true});
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
