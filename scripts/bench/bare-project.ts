/**
 * The floor of this stack: a bare Observable Framework project, generated in a folder of its own,
 * that does the least possible work with the same Framework, Plot and DuckDB-Wasm as the site.
 * scripts/bench/floor.ts builds and loads it side by side with the site and reports the site's
 * figures as ratios to it.
 *
 * The project (everything generated here; nothing is read from src/):
 * - `src/council/[code].md` with one dynamic path per council code given (the site has 153): each
 *   page fetches `data/council/<code>.json` (a small JSON file, a few hundred bytes) and draws one
 *   Plot bar chart from it;
 * - `src/plot.md`: one Plot bar chart from data written in the page;
 * - `src/duckdb.md`: one Arrow file (`data/floor.arrow`, synthetic facts in the site's long
 *   shape, dictionary-encoded strings and three float columns, of a given size) registered with
 *   DuckDBClient.of, one GROUP BY query, one Plot bar chart from its rows;
 * - `src/index.md`: a title, so the build has a home page.
 * The offline recipe is the site's: `node_modules` is a symlink to this project's, the build's
 * prebuild step runs scripts/offline-npm-cache.ts (Framework's npm cache filled from node_modules),
 * and the config has `globalStylesheets: []` and no DuckDB extensions. Builds go through
 * `npm run build` like the site's, so both pay the same process start-up.
 *
 * Every chart's SVG carries `aria-label="floor chart"`: FLOOR_CHART is the selector that says it is drawn.
 *
 *   tsx scripts/bench/bare-project.ts [dir]   # generate one to look at (then `npm run build` in it)
 */
import {mkdirSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {Dictionary, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray} from "apache-arrow";
import {seededRandom} from "../sample/cqc.ts";

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The selector of every bare page's one chart. */
export const FLOOR_CHART = 'main svg[aria-label="floor chart"]';

export interface BareProject {
  dir: string;
  dist: string;
  /** URL paths of the pages, for a server over `dist`. */
  pages: {plot: string; duckdb: string; council: (code: string) => string};
  councils: number;
  arrowBytes: number;
  arrowRows: number;
  councilJsonBytes: number;
}


const INDICATORS = Array.from({length: 24}, (_, i) => `floor_indicator_${String(i).padStart(2, "0")}`);
const PERIODS = Array.from({length: 12}, (_, i) => `${2013 + i}-${String(14 + i).slice(-2)}`);
const BREAKDOWNS = ["total", ...Array.from({length: 40}, (_, i) => `dimension_${i % 5}=value ${i}`)];
const STATUSES = ["ok", "ok", "ok", "ok", "suppressed", "derived"];
const SOURCES = Array.from({length: 16}, (_, i) => `floor-source-${i}`);

/** `rows` synthetic facts: the site's facts schema (SCHEMAS.facts) in shape, random in content, as an Arrow IPC stream. */
export function floorArrow(rows: number, areaCodes: readonly string[]): Uint8Array {
  const next = seededRandom(13);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const columns = {
    indicator_id: [] as string[], area_code: [] as string[], period: [] as string[], breakdown: [] as string[],
    value: [] as (number | null)[], numerator: [] as (number | null)[], denominator: [] as (number | null)[],
    status: [] as string[], source_id: [] as string[], vintage: [] as string[]
  };
  for (let i = 0; i < rows; i++) {
    const status = pick(STATUSES);
    const denominator = Math.round(50 + next() * 5000);
    const numerator = Math.round(denominator * next());
    columns.indicator_id.push(INDICATORS[i % INDICATORS.length]);
    columns.area_code.push(areaCodes[Math.floor(i / INDICATORS.length) % areaCodes.length]);
    columns.period.push(pick(PERIODS));
    columns.breakdown.push(next() < 0.4 ? "total" : pick(BREAKDOWNS));
    columns.value.push(status === "suppressed" ? null : Math.round((numerator / denominator) * 1000) / 10);
    columns.numerator.push(status === "suppressed" ? null : numerator);
    columns.denominator.push(status === "suppressed" ? null : denominator);
    columns.status.push(status);
    const source = pick(SOURCES);
    columns.source_id.push(source);
    columns.vintage.push(`${source} 2025`);
  }
  const dictionary = () => new Dictionary(new Utf8(), new Int32());
  const table = new Table({
    indicator_id: vectorFromArray(columns.indicator_id, dictionary()),
    area_code: vectorFromArray(columns.area_code, dictionary()),
    period: vectorFromArray(columns.period, dictionary()),
    breakdown: vectorFromArray(columns.breakdown, dictionary()),
    value: vectorFromArray(columns.value, new Float64()),
    numerator: vectorFromArray(columns.numerator, new Float64()),
    denominator: vectorFromArray(columns.denominator, new Float64()),
    status: vectorFromArray(columns.status, dictionary()),
    source_id: vectorFromArray(columns.source_id, dictionary()),
    vintage: vectorFromArray(columns.vintage, dictionary())
  });
  return tableToIPC(table, "stream");
}

/** An Arrow file within 0.1% of `bytes` (the row count scaled until it fits, at most four tries). */
export function floorArrowOfSize(bytes: number, areaCodes: readonly string[]): {arrow: Uint8Array; rows: number} {
  let rows = 20_000;
  let arrow = floorArrow(rows, areaCodes);
  for (let i = 0; i < 4 && Math.abs(arrow.length - bytes) > bytes * 0.001; i++) {
    rows = Math.max(1, Math.round((rows * bytes) / arrow.length));
    arrow = floorArrow(rows, areaCodes);
  }
  return {arrow, rows};
}

const CONFIG = (codes: readonly string[]) => `// Generated by scripts/bench/bare-project.ts: the floor the site is measured against.
export default {
  title: "Floor",
  root: "src",
  output: "dist",
  // The site's offline recipe: no Google Fonts, no DuckDB extensions.
  globalStylesheets: [],
  duckdb: {extensions: {json: null, parquet: null}},
  // An icon in the page, so no page asks for /favicon.ico.
  head: '<link rel="icon" href="data:,">',
  dynamicPaths: ${JSON.stringify(codes.map((code) => `/council/${code}`))}
};
`;

const INDEX_PAGE = `---
title: Floor
---

# Floor

A bare Framework project, generated by the bench.
`;

const PLOT_PAGE = `---
title: One Plot chart
---

# One Plot chart

\`\`\`js
const rows = Array.from({length: 16}, (_, i) => ({label: \`Council \${i + 1}\`, value: 50 + ((i * 37) % 45)}));
display(Plot.plot({ariaLabel: "floor chart", marginLeft: 90, marks: [Plot.barX(rows, {x: "value", y: "label", sort: {y: "-x"}}), Plot.ruleX([0])]}));
\`\`\`
`;

const COUNCIL_PAGE = `---
title: Council
---

# Council

\`\`\`js
const data = await FileAttachment(\`../data/council/\${observable.params.code}.json\`).json();
\`\`\`

\`\`\`js
display(Plot.plot({ariaLabel: "floor chart", marginLeft: 90, marks: [Plot.barX(data.values, {x: "value", y: "label", sort: {y: "-x"}}), Plot.ruleX([0])]}));
\`\`\`
`;

const DUCKDB_PAGE = (indicator: string, period: string) => `---
title: One DuckDB query
---

# One DuckDB query

\`\`\`js
const db = await DuckDBClient.of({facts: FileAttachment("data/floor.arrow")});
const rows = Array.from(await db.query(\`SELECT area_code, avg(value) AS value FROM facts
  WHERE indicator_id = '${indicator}' AND period = '${period}' AND breakdown = 'total' AND value IS NOT NULL
  GROUP BY area_code ORDER BY value DESC LIMIT 16\`), (row) => row.toJSON());
display(Plot.plot({ariaLabel: "floor chart", marginLeft: 90, marks: [Plot.barX(rows, {x: "value", y: "area_code", sort: {y: "-x"}}), Plot.ruleX([0])]}));
\`\`\`
`;

/** One council's JSON: a handful of labelled values, like a headline panel. */
function councilJson(code: string, index: number): string {
  const next = seededRandom(index + 1);
  return JSON.stringify({code, values: Array.from({length: 12}, (_, i) => ({label: `Measure ${i + 1}`, value: Math.round(next() * 1000) / 10}))});
}

/**
 * Writes the bare project into `dir` (emptied first; default a new folder under the system's
 * temporary folder). `arrowBytes`: the size of the DuckDB page's Arrow file.
 */
export function createBareProject(options: {councilCodes: readonly string[]; arrowBytes: number; dir?: string}): BareProject {
  const dir = path.resolve(options.dir ?? path.join(tmpdir(), `asc-floor-${process.pid}`));
  rmSync(dir, {recursive: true, force: true});
  mkdirSync(path.join(dir, "src", "council"), {recursive: true});
  mkdirSync(path.join(dir, "src", "data", "council"), {recursive: true});
  symlinkSync(path.join(projectDir, "node_modules"), path.join(dir, "node_modules"), "dir");
  const tsx = path.join(projectDir, "node_modules", ".bin", "tsx");
  const offlineCache = path.join(projectDir, "scripts", "offline-npm-cache.ts");
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({
    name: "asc-benchmark-floor",
    private: true,
    type: "module",
    scripts: {prebuild: `${tsx} ${offlineCache} src`, build: "OBSERVABLE_TELEMETRY_DISABLE=1 observable build"}
  }, null, 2) + "\n");
  writeFileSync(path.join(dir, "observablehq.config.js"), CONFIG(options.councilCodes));
  writeFileSync(path.join(dir, "src", "index.md"), INDEX_PAGE);
  writeFileSync(path.join(dir, "src", "plot.md"), PLOT_PAGE);
  writeFileSync(path.join(dir, "src", "council", "[code].md"), COUNCIL_PAGE);
  let councilJsonBytes = 0;
  options.councilCodes.forEach((code, index) => {
    const json = councilJson(code, index);
    councilJsonBytes = Math.max(councilJsonBytes, Buffer.byteLength(json));
    writeFileSync(path.join(dir, "src", "data", "council", `${code}.json`), json);
  });
  const {arrow, rows} = floorArrowOfSize(options.arrowBytes, options.councilCodes);
  writeFileSync(path.join(dir, "src", "data", "floor.arrow"), arrow);
  writeFileSync(path.join(dir, "src", "duckdb.md"), DUCKDB_PAGE(INDICATORS[0], PERIODS.at(-1)!));
  return {
    dir,
    dist: path.join(dir, "dist"),
    pages: {plot: "/plot", duckdb: "/duckdb", council: (code) => `/council/${code}`},
    councils: options.councilCodes.length,
    arrowBytes: arrow.length,
    arrowRows: rows,
    councilJsonBytes
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const {COUNCILS} = await import("../../loaders/families/geography/index.ts");
  const bare = createBareProject({councilCodes: COUNCILS.map((c) => c.code), arrowBytes: 7 * 2 ** 20, dir: process.argv[2]});
  console.log(JSON.stringify({...bare, pages: undefined}, null, 2));
}
