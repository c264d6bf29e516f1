/**
 * Pre-populates Observable Framework's npm cache (<root>/.observablehq/cache/_npm)
 * from node_modules, so `observable build` and `observable preview` never fetch
 * from cdn.jsdelivr.net (module bodies) or the npm registry (version lookups).
 *
 * Framework 1.13.x looks for `_npm/<name>@<version>/_esm.js` (the jsDelivr "+esm"
 * bundle) and `_npm/<name>@<version>/<file>` and only downloads when the file is
 * missing; it resolves an unversioned `npm:<name>` to the highest version that
 * has a directory in `_npm/`. This script writes exactly those files.
 *
 * Usage: tsx scripts/offline-npm-cache.ts [root=src]
 */
import { existsSync, readFileSync } from "node:fs";
import { copyFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { build, type Plugin } from "esbuild";

const projectDir = process.cwd();
const root = process.argv[2] ?? "src";
const npmCache = path.join(projectDir, root, ".observablehq", "cache", "_npm");

/** Packages emitted as separate ES modules, shared by pages and Framework's built-ins. */
const MODULES = ["htl", "isoformat", "d3-dsv", "d3", "@observablehq/plot", "apache-arrow", "@duckdb/duckdb-wasm"];

/** Non-module files that Framework's built-ins reference with import.meta.resolve. */
const FILES: Record<string, string[]> = {
  "@duckdb/duckdb-wasm": [
    "dist/duckdb-mvp.wasm",
    "dist/duckdb-browser-mvp.worker.js",
    "dist/duckdb-eh.wasm",
    "dist/duckdb-browser-eh.worker.js"
  ]
};

/**
 * Libraries that Framework's client bundle (recommendedLibraries.js, stdlib.js)
 * names in lazy `import("npm:…")` calls. Bundling the client resolves their
 * versions even when no page uses them; an empty `_npm/<name>@<version>/`
 * directory answers that lookup locally. A page that really uses one of them
 * fails the build loudly (jsDelivr unreachable) until it is added to MODULES.
 */
const PLACEHOLDERS = [
  "lodash", "arquero", "echarts", "leaflet", "mapbox-gl", "react", "react-dom",
  "topojson-client", "parquet-wasm", "@observablehq/sample-datasets"
];
const PLACEHOLDER_VERSION = "0.0.0-offline";

function packageJson(name: string): { version: string } {
  const file = path.join(projectDir, "node_modules", name, "package.json");
  if (!existsSync(file)) throw new Error(`${name} is not installed in node_modules (add it to package.json)`);
  return JSON.parse(readFileSync(file, "utf-8"));
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

const versions = new Map(MODULES.map((name) => [name, packageJson(name).version]));

// Framework pins DuckDB-Wasm (DUCKDB_WASM_VERSION in dist/duckdb.js) and ignores other versions.
const duckdbSource = readFileSync(path.join(projectDir, "node_modules/@observablehq/framework/dist/duckdb.js"), "utf-8");
const frameworkDuckDB = /DUCKDB_WASM_VERSION = "([^"]+)"/.exec(duckdbSource)?.[1];
if (frameworkDuckDB !== versions.get("@duckdb/duckdb-wasm")) {
  throw new Error(`Framework wants @duckdb/duckdb-wasm@${frameworkDuckDB}; node_modules has ${versions.get("@duckdb/duckdb-wasm")}`);
}

/** Keeps the other MODULES external, as relative paths inside the cache (like Framework's rewritten jsDelivr bundles). */
function externals(self: string, outDir: string): Plugin {
  return {
    name: "framework-npm-externals",
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = packageName(args.path);
        if (name === self || !versions.has(name) || args.path !== name) return undefined; // bundle it
        let rel = path.relative(outDir, path.join(npmCache, `${name}@${versions.get(name)}`, "_esm.js"));
        if (!rel.startsWith(".")) rel = `./${rel}`;
        return { path: rel, external: true };
      });
    }
  };
}

async function main() {
  const start = performance.now();
  // Drop stale versions (e.g. left by an earlier online build) so resolution is deterministic.
  for (const name of [...MODULES, ...PLACEHOLDERS]) {
    const dir = path.dirname(path.join(npmCache, name));
    if (!existsSync(dir)) continue;
    for (const entry of await readdir(dir)) {
      if (entry.startsWith(`${path.basename(name)}@`) && entry !== `${path.basename(name)}@${versions.get(name) ?? PLACEHOLDER_VERSION}`) {
        await rm(path.join(dir, entry), { recursive: true, force: true });
      }
    }
  }
  for (const [name, version] of versions) {
    const outDir = path.join(npmCache, `${name}@${version}`);
    const outFile = path.join(outDir, "_esm.js");
    await mkdir(outDir, { recursive: true });
    const result = await build({
      entryPoints: [name],
      absWorkingDir: projectDir,
      bundle: true,
      format: "esm",
      platform: "browser",
      target: ["es2022"],
      minify: true,
      legalComments: "none",
      define: { "process.env.NODE_ENV": '"production"' },
      write: false,
      logLevel: "warning",
      plugins: [externals(name, outDir)]
    });
    await writeFile(outFile, result.outputFiles[0].contents);
    console.log(`npm:${name}@${version} → ${path.relative(projectDir, outFile)} (${result.outputFiles[0].contents.length} bytes)`);
    for (const file of FILES[name] ?? []) {
      const target = path.join(outDir, file);
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(path.join(projectDir, "node_modules", name, file), target);
      console.log(`npm:${name}@${version}/${file} → ${path.relative(projectDir, target)}`);
    }
  }
  for (const name of PLACEHOLDERS) {
    await mkdir(path.join(npmCache, `${name}@${PLACEHOLDER_VERSION}`), { recursive: true });
  }
  console.log(`offline npm cache ready in ${Math.round(performance.now() - start)} ms`);
}

await main();
