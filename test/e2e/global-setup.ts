/**
 * vitest globalSetup for the browser tests: check Chromium, build the site once, serve dist/ on
 * 127.0.0.1, and hand the URL to the tests (`inject("baseUrl")`, and E2E_BASE_URL in the env).
 *
 * - `E2E_SKIP_BUILD=1` reuses an existing dist/ (the build still runs when dist/ is missing).
 * - `E2E_BASE_URL=http://…` tests an already running server instead (no build, no server).
 */
import {spawnSync} from "node:child_process";
import {existsSync} from "node:fs";
import path from "node:path";
import type {TestProject} from "vitest/node";
import {startStaticServer} from "../../scripts/serve-dist.ts";
import {assertChromium} from "./browser.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    distDir: string;
  }
}

export default async function setup(project: TestProject) {
  assertChromium();
  const root = path.resolve(project.config.root ?? process.cwd());
  const distDir = path.join(root, "dist");

  const external = process.env.E2E_BASE_URL;
  if (external) {
    project.provide("baseUrl", external.replace(/\/$/, ""));
    project.provide("distDir", distDir);
    return;
  }

  const skipBuild = process.env.E2E_SKIP_BUILD === "1" && existsSync(path.join(distDir, "index.html"));
  if (skipBuild) {
    console.log(`[e2e] E2E_SKIP_BUILD=1: reusing ${distDir}`);
  } else {
    const start = performance.now();
    console.log("[e2e] building the site (npm run build) …");
    const result = spawnSync("npm", ["run", "build"], {cwd: root, encoding: "utf-8", maxBuffer: 256 * 1024 * 1024, env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "1"}});
    if (result.status !== 0) {
      const output = `${result.stdout ?? ""}\n${result.stderr ?? ""}`.trim().split("\n").slice(-60).join("\n");
      throw new Error(`[e2e] npm run build failed (exit ${result.status ?? result.signal}); last lines:\n${output}`);
    }
    console.log(`[e2e] built in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  if (!existsSync(distDir)) throw new Error(`[e2e] ${distDir} does not exist after the build`);

  const server = await startStaticServer(distDir);
  process.env.E2E_BASE_URL = server.url;
  project.provide("baseUrl", server.url);
  project.provide("distDir", distDir);
  console.log(`[e2e] serving ${distDir} at ${server.url}`);
  return async () => {
    await server.close();
  };
}
