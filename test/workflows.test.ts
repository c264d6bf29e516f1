/**
 * The GitHub workflows: valid against GitHub's workflow schema (action-validator, a wasm build
 * that runs offline), and shaped as the refresh contract needs (schedule, order of steps, only
 * first-party actions, deploy only after the build job succeeds).
 */
import {describe, expect, it} from "vitest";
import {readFileSync} from "node:fs";
import path from "node:path";
import {validateWorkflow} from "@action-validator/core";
import {parse} from "yaml";

const WORKFLOWS = path.join(import.meta.dirname, "..", ".github", "workflows");
const ALLOWED_ACTIONS = ["actions/checkout", "actions/setup-node", "actions/cache", "actions/upload-pages-artifact", "actions/deploy-pages"];

interface Step {name?: string; id?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string; "continue-on-error"?: boolean}
interface Job {needs?: string | string[]; if?: string; permissions?: Record<string, string>; steps: Step[]; outputs?: Record<string, string>; environment?: unknown}
interface Workflow {on: Record<string, unknown>; jobs: Record<string, Job>; permissions?: Record<string, string>}

const read = (name: string) => readFileSync(path.join(WORKFLOWS, name), "utf-8");
const load = (name: string) => parse(read(name)) as Workflow;

describe("workflow files", () => {
  it("the validator rejects an invalid workflow (so a pass means something)", () => {
    const result = validateWorkflow("name: x\non: [push]\njobs:\n  a:\n    runs-onn: ubuntu-latest\n    steps: []\n");
    expect(result.errors.length).toBeGreaterThan(0);
  });

  for (const name of ["refresh.yml", "ci.yml"]) {
    it(`${name} is a valid GitHub workflow`, () => {
      const result = validateWorkflow(read(name));
      expect(result.errors, JSON.stringify(result.errors, null, 2)).toEqual([]);
    });

    it(`${name} uses only first-party actions, pinned to a major version`, () => {
      const uses = Object.values(load(name).jobs).flatMap((job) => job.steps.map((s) => s.uses).filter((u): u is string => Boolean(u)));
      for (const action of uses) {
        const [repo, version] = action.split("@");
        expect(ALLOWED_ACTIONS, action).toContain(repo);
        expect(version, action).toMatch(/^v\d+$/);
      }
    });
  }
});

describe("refresh.yml", () => {
  const workflow = load("refresh.yml");
  const job = workflow.jobs.refresh;
  const runs = job.steps.map((s) => s.run ?? s.uses ?? "");
  const indexOf = (needle: string) => runs.findIndex((r) => r.includes(needle));

  it("runs weekly on a schedule and on demand", () => {
    const schedule = workflow.on.schedule as {cron: string}[];
    expect(schedule).toHaveLength(1);
    expect(schedule[0].cron.split(" ")).toHaveLength(5);
    expect(schedule[0].cron.split(" ")[4]).not.toBe("*");
    expect(workflow.on).toHaveProperty("workflow_dispatch");
  });

  it("sets up Node 20 with the npm cache and caches the loader cache by date", () => {
    const node = job.steps.find((s) => s.uses?.startsWith("actions/setup-node"))!;
    expect(node.with).toMatchObject({"node-version": 20, cache: "npm"});
    const cache = job.steps.find((s) => s.uses?.startsWith("actions/cache"))!;
    expect(String(cache.with!.path)).toContain("src/.observablehq/cache");
    expect(String(cache.with!.path)).toContain(".cache");
    expect(String(cache.with!.key)).toContain("steps.date.outputs.date");
  });

  it("refreshes, tests, builds, writes briefings, keeps the snapshot, then uploads the site, in that order", () => {
    const order = ["actions/checkout", "actions/setup-node", "actions/cache", "npm ci", "apt-get install -y chromium", "npm run refresh", "npm test",
      "npm run build", "npm run briefing -- --all --out dist/briefings", "gh pr create", "actions/upload-pages-artifact"].map(indexOf);
    expect(order.every((i) => i >= 0), JSON.stringify(order)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("lets a failed source through to tests and build (previous copies kept) but fails the run at the end, naming the step", () => {
    const refresh = job.steps.find((s) => s.id === "refresh")!;
    expect(refresh["continue-on-error"]).toBe(true);
    expect(job.outputs?.refresh).toBe("${{ steps.refresh.outcome }}");
    const report = workflow.jobs.report;
    expect(report.if).toBe("always()");
    expect(report.steps.some((s) => s.if === "needs.refresh.outputs.refresh == 'failure'" && /exit 1/.test(s.run ?? ""))).toBe(true);
    // Tests and build are not allowed to fail quietly.
    for (const step of job.steps.filter((s) => /npm (test|run build)/.test(s.run ?? ""))) expect(step["continue-on-error"]).toBeUndefined();
  });

  it("commits only the data it refreshed, on a branch, and proposes it with gh", () => {
    const keep = job.steps.find((s) => s.id === "keep")!;
    expect(keep.run).toMatch(/git add -A -- data\/raw data\/manifest\.json/);
    expect(keep.run).not.toMatch(/git add (-A|\.)\s*$/m);
    expect(keep.run).toMatch(/git push --force origin "\$branch"/);
    expect(keep.env?.GH_TOKEN).toBe("${{ github.token }}");
    expect(job.permissions).toMatchObject({contents: "write", "pull-requests": "write"});
  });

  it("deploys to Pages only after the refresh job succeeds, with the permissions Pages needs", () => {
    const deploy = workflow.jobs.deploy;
    expect(deploy.needs).toBe("refresh");
    expect(deploy.if).toBeUndefined();
    expect(deploy.permissions).toMatchObject({pages: "write", "id-token": "write"});
    expect(deploy.steps.map((s) => s.uses)).toEqual(["actions/deploy-pages@v4"]);
    const upload = job.steps.find((s) => s.uses?.startsWith("actions/upload-pages-artifact"))!;
    expect(upload.with).toMatchObject({path: "dist"});
    expect(workflow.permissions).toEqual({contents: "read"});
  });
});

describe("ci.yml", () => {
  const workflow = load("ci.yml");
  it("runs .ci/run on push and pull request", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
    const runs = workflow.jobs.test.steps.map((s) => s.run ?? "");
    expect(runs.some((r) => r.trim() === "bash .ci/run")).toBe(true);
    expect(runs.findIndex((r) => r.includes("npm ci"))).toBeLessThan(runs.findIndex((r) => r.includes("bash .ci/run")));
  });
});
