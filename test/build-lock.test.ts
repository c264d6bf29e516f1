/**
 * The cache builders' lock (loaders/build-lock.ts): one build however many processes ask, a dead
 * or stale owner taken over, a lock claimed in advance for a child honoured by that child.
 */
import {spawnSync} from "node:child_process";
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {buildOnce, claimLock, STALE_LOCK_MS, TOKEN_ENV} from "../loaders/build-lock.ts";

function scratch() {
  const dir = mkdtempSync(path.join(tmpdir(), "build-lock-"));
  return {lock: path.join(dir, "x.lock"), done: path.join(dir, "done")};
}

/** A pid no process has: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "0"]);
  return child.pid!;
}

describe("buildOnce", () => {
  it("runs one build for concurrent callers in one process, and none once done", async () => {
    const {lock, done} = scratch();
    let builds = 0;
    const build = async () => {
      builds++;
      await new Promise((r) => setTimeout(r, 50));
      writeFileSync(done, "yes");
    };
    await Promise.all([1, 2, 3].map(() => buildOnce(lock, () => existsSync(done), build)));
    await buildOnce(lock, () => existsSync(done), build);
    expect(builds).toBe(1);
    expect(existsSync(lock)).toBe(false);
  });

  it("waits for a live owner instead of building, then finds the result", async () => {
    const {lock, done} = scratch();
    // This test's parent process stands in for another live builder.
    writeFileSync(lock, JSON.stringify({pid: process.ppid, at: Date.now()}));
    setTimeout(() => writeFileSync(done, "theirs"), 300);
    let built = false;
    await buildOnce(lock, () => existsSync(done), async () => void (built = true));
    expect(built).toBe(false);
    expect(readFileSync(done, "utf-8")).toBe("theirs");
  });

  it("takes over the lock of a process that died, and of one older than any build", async () => {
    for (const owner of [{pid: deadPid(), at: Date.now()}, {pid: process.ppid, at: Date.now() - STALE_LOCK_MS - 1}]) {
      const {lock, done} = scratch();
      writeFileSync(lock, JSON.stringify(owner));
      await buildOnce(lock, () => existsSync(done), async () => writeFileSync(done, "mine"));
      expect(readFileSync(done, "utf-8")).toBe("mine");
      expect(existsSync(lock)).toBe(false);
    }
  });

  it("lets the process a lock was claimed for build, and releases the lock when the build fails", async () => {
    const {lock, done} = scratch();
    expect(claimLock(lock, process.pid)).toBe(true);
    expect(claimLock(lock, process.ppid)).toBe(false);
    await expect(buildOnce(lock, () => existsSync(done), async () => {
      throw new Error("data error");
    })).rejects.toThrow("data error");
    expect(existsSync(lock)).toBe(false);
  });

  it("hands a lock claimed for a launcher's pid to the child holding its token (tsx runs node in a process of its own)", async () => {
    const {lock, done} = scratch();
    expect(claimLock(lock, process.ppid, "t-123")).toBe(true);
    process.env[TOKEN_ENV] = "t-123";
    try {
      await buildOnce(lock, () => existsSync(done), async () => writeFileSync(done, "child"));
    } finally {
      delete process.env[TOKEN_ENV];
    }
    expect(readFileSync(done, "utf-8")).toBe("child");
    expect(existsSync(lock)).toBe(false);
  });
});
