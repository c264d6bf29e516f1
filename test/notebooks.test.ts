/**
 * Analyst notebooks (src/notebooks/, the README's notebook guide): every notebook's front matter is complete
 * and registers every canonical table; `npm run notebook -- new` writes a page from the template and
 * never overwrites; the template's SQL runs; and each worked notebook's key figures, computed with
 * the notebook's own SQL (extracted from its Markdown) on DuckDB-Wasm 1.29.0 and the same library
 * functions the page calls, match the snapshot and the seed papers.
 */
import {spawnSync} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {DataType} from "apache-arrow";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {SCHEMAS} from "../loaders/model.ts";
import {loadSnapshot, type Snapshot} from "../loaders/snapshot.ts";
import {buildOptions} from "../loaders/site-data.ts";
import {
  NOTEBOOKS_DIR, QUESTION_PLACEHOLDER, TEMPLATE_PATH, createNotebook, notebookIndex, notebookMeta, readFrontMatter, readNotebooks,
  indexCacheIsStale, refreshIndex, renderTemplate, slugify
} from "../scripts/notebook.ts";
import {
  ENGLAND_CODE, TABLES, compareWithBenchmark, minimumDenominatorForSignificance, runComparator, sqlFrontMatter, tables, trendSql,
  valueInterval, wilsonInterval, type GroupInfo, type IndicatorOption, type Options
} from "../src/lib/notebook.ts";
import {openDuckDB, type NodeDuckDB} from "./support/duckdb-node.ts";

const PROJECT = path.resolve(import.meta.dirname, "..");
const notebookFiles = readdirSync(NOTEBOOKS_DIR).filter((f) => f.endsWith(".md") && f !== "index.md").sort();
const WORKED = ["reablement-gap.md", "ot-workforce-stability.md", "medway-kent-safeguarding.md"];

/** The ```sql``` cells of a notebook, by their id attribute. */
function sqlCells(file: string): Record<string, string> {
  const text = readFileSync(path.join(NOTEBOOKS_DIR, file), "utf-8");
  const cells: Record<string, string> = {};
  for (const match of text.matchAll(/^```sql([^\n]*)\n([\s\S]*?)^```/gm)) {
    const id = /\bid=([\w$]+)/.exec(match[1])?.[1];
    if (id) cells[id] = match[2];
  }
  return cells;
}

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "notebooks-test-"));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, {recursive: true, force: true});
});

describe("every notebook's front matter", () => {
  it("finds the three worked notebooks", () => {
    for (const file of WORKED) expect(notebookFiles).toContain(file);
  });

  it.each(notebookFiles)("%s parses and has title, author, question and date", (file) => {
    const {meta, problems} = notebookMeta(readFileSync(path.join(NOTEBOOKS_DIR, file), "utf-8"), file);
    expect(problems).toEqual([]);
    expect(meta.title.length).toBeGreaterThan(5);
    expect(meta.author).not.toBe("");
    expect(meta.question).toMatch(/\?$/);
    expect(meta.question.startsWith(QUESTION_PLACEHOLDER)).toBe(false);
    expect(meta.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.each(notebookFiles)("%s registers every canonical table for sql cells, at paths that exist", (file) => {
    const data = readFrontMatter(readFileSync(path.join(NOTEBOOKS_DIR, file), "utf-8"), file);
    const sql = data.sql as Record<string, string>;
    expect(Object.keys(sql).sort()).toEqual(TABLES.map((t) => t.name).sort());
    for (const [name, target] of Object.entries(sql)) {
      expect(target).toBe(`../data/${name}.arrow`);
      expect(existsSync(path.join(NOTEBOOKS_DIR, `${target}.ts`)), `${target} has a data loader`).toBe(true);
    }
  });

  it("the index lists every notebook, newest first", () => {
    const {notebooks} = notebookIndex();
    expect(notebooks.map((n) => `${n.slug}.md`).sort()).toEqual(notebookFiles);
    const dates = notebooks.map((n) => n.date);
    expect(dates).toEqual([...dates].sort().reverse());
  });
});

describe("reading notebooks", () => {
  const page = (fields: string) => `---\n${fields}\n---\n\n# Page\n`;

  it("orders by date, newest first, then title, and skips index.md", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "index.md"), page("title: Index"));
    writeFileSync(path.join(dir, "old.md"), page('title: Old\nauthor: A\ndate: 2024-01-05\nquestion: "Old?"\nstatus: published'));
    writeFileSync(path.join(dir, "new-b.md"), page('title: B new\nauthor: A\ndate: 2025-03-01\nquestion: "B?"'));
    writeFileSync(path.join(dir, "new-a.md"), page('title: A new\nauthor: A\ndate: 2025-03-01\nquestion: "A?"'));
    const {notebooks, problems} = readNotebooks(dir);
    expect(problems).toEqual([]);
    expect(notebooks.map((n) => n.slug)).toEqual(["new-a", "new-b", "old"]);
    expect(notebooks[1]).toMatchObject({title: "B new", status: "draft", date: "2025-03-01", question: "B?"});
  });

  it("reports what is missing or wrong, naming the file", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "no-question.md"), page("title: T\nauthor: A\ndate: 2025-01-01"));
    writeFileSync(path.join(dir, "placeholder.md"), page(`title: T\nauthor: A\ndate: 2025-01-01\nquestion: "${QUESTION_PLACEHOLDER}: the question"`));
    writeFileSync(path.join(dir, "bad-date.md"), page('title: T\nauthor: A\ndate: 1 May 2025\nquestion: "Q?"'));
    writeFileSync(path.join(dir, "framework-draft.md"), page('title: T\nauthor: A\ndate: 2025-01-01\nquestion: "Q?"\ndraft: true'));
    writeFileSync(path.join(dir, "bad-yaml.md"), page('title: "unclosed\nauthor: A'));
    writeFileSync(path.join(dir, "no-front-matter.md"), "# Just a page\n");
    const {problems} = readNotebooks(dir);
    const about = (name: string) => problems.filter((p) => p.includes(name)).join("\n");
    expect(about("no-question.md")).toMatch(/no question/);
    expect(about("placeholder.md")).toMatch(/placeholder/);
    expect(about("bad-date.md")).toMatch(/YYYY-MM-DD/);
    expect(about("framework-draft.md")).toMatch(/status: draft/);
    expect(about("bad-yaml.md")).toMatch(/not valid YAML/);
    expect(about("no-front-matter.md")).toMatch(/no front matter/);
  });

  it("clears Framework's cached index so the next build re-reads the front matter, and says when it is stale", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "a.md"), page('title: A\nauthor: A\ndate: 2025-01-01\nquestion: "A?"'));
    const cache = path.join(dir, "cache", "index.json");
    const loader = path.join(dir, "index.json.ts");
    mkdirSync(path.dirname(cache), {recursive: true});
    writeFileSync(cache, JSON.stringify(notebookIndex(dir)));
    writeFileSync(loader, "");
    utimesSync(loader, new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(indexCacheIsStale(dir, cache)).toBe(false);
    writeFileSync(path.join(dir, "b.md"), page('title: B\nauthor: A\ndate: 2025-02-01\nquestion: "B?"'));
    expect(indexCacheIsStale(dir, cache)).toBe(true);
    refreshIndex(loader, cache);
    expect(existsSync(cache)).toBe(false);
    expect(statSync(loader).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    expect(indexCacheIsStale(dir, cache)).toBe(false);
  });

  it("makes file names from titles", () => {
    expect(slugify("Medway's reablement gap (2022-23)!")).toBe("medways-reablement-gap-2022-23");
    expect(slugify("Kent & Medway: safeguarding")).toBe("kent-and-medway-safeguarding");
    expect(slugify("Équipe café")).toBe("equipe-cafe");
    expect(slugify("Index")).toBe("index-notebook");
    expect(slugify("!!!")).toBe("");
  });
});

describe("npm run notebook -- new", () => {
  const run = (...args: string[]) =>
    spawnSync("npm", ["run", "--silent", "notebook", "--", ...args], {cwd: PROJECT, encoding: "utf-8", env: {...process.env, USER: "test-user"}});

  it("creates <out>/<slug>.md from the template with the front matter filled in, and prints the path", () => {
    const out = tempDir();
    const result = run("new", "Carers' waits: Medway v Kent", "--out", out, "--author", "A. Analyst", "--date", "2026-01-31");
    expect(result.status, result.stderr).toBe(0);
    const file = path.join(out, "carers-waits-medway-v-kent.md");
    expect(result.stdout.trim().split("\n").at(-1)).toBe(path.relative(PROJECT, file));
    const text = readFileSync(file, "utf-8");
    const {meta, problems} = notebookMeta(text, file);
    expect(meta).toMatchObject({title: "Carers' waits: Medway v Kent", author: "A. Analyst", date: "2026-01-31", status: "draft"});
    expect(meta.question.startsWith(QUESTION_PLACEHOLDER)).toBe(true);
    expect(problems.join("\n")).toMatch(/placeholder/);
    expect(meta.tables.sort()).toEqual(TABLES.map((t) => t.name).sort());
    expect(text).toContain("# Carers' waits: Medway v Kent");
    expect(text).toMatch(/^```sql id=overview display echo\n[\s\S]*FROM facts/m);
    expect(text).not.toMatch(/\{\{\w+\}\}/);
  });

  it("defaults the author to git's user.name or $USER, and the date to today", () => {
    const out = tempDir();
    const result = run("new", "Default author", "--out", out);
    expect(result.status, result.stderr).toBe(0);
    const {meta} = notebookMeta(readFileSync(path.join(out, "default-author.md"), "utf-8"), "default-author.md");
    const git = spawnSync("git", ["config", "user.name"], {cwd: PROJECT, encoding: "utf-8"}).stdout.trim();
    expect(meta.author).toBe(git || "test-user");
    expect(meta.date).toBe(new Date().toISOString().slice(0, 10));
  });

  it("refuses to overwrite an existing notebook and leaves it untouched", () => {
    const out = tempDir();
    expect(run("new", "Same title", "--out", out).status).toBe(0);
    const file = path.join(out, "same-title.md");
    writeFileSync(file, "my work\n");
    const again = run("new", "Same title", "--out", out);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    expect(readFileSync(file, "utf-8")).toBe("my work\n");
  });

  it("explains a missing title or a bad date", () => {
    const out = tempDir();
    expect(run("new", "--out", out).stderr).toMatch(/--out needs a value|one title/);
    expect(run("new", "Title", "--out", out, "--date", "31/01/2026").stderr).toMatch(/YYYY-MM-DD/);
    expect(readdirSync(out)).toEqual([]);
  });

  it("keeps quotes and colons in a title valid YAML", () => {
    const page = renderTemplate(readFileSync(TEMPLATE_PATH, "utf-8"), {title: 'Why "72%"? A: reablement <b>', author: "O'Brien: analyst", date: "2026-02-02"});
    const {meta} = notebookMeta(page, "x.md");
    expect(meta.title).toBe('Why "72%"? A: reablement <b>');
    expect(meta.author).toBe("O'Brien: analyst");
    expect(page).toContain("# Why \"72%\"? A: reablement &lt;b&gt;");
  });

  it("writes into src/notebooks by default (checked without writing: the default out dir)", () => {
    const out = tempDir();
    const file = createNotebook({title: "Scratch", outDir: out, author: "x", date: "2026-01-01"});
    expect(path.dirname(file)).toBe(out);
    expect(path.resolve(NOTEBOOKS_DIR)).toBe(path.join(PROJECT, "src", "notebooks"));
  });
});

describe("the notebook module", () => {
  it("lists the canonical tables exactly as loaders/model.ts defines them", () => {
    expect(TABLES.map((t) => t.name).sort()).toEqual(Object.keys(SCHEMAS).sort());
    for (const table of TABLES) {
      const schema = SCHEMAS[table.name];
      expect(table.columns.map((c) => c.name), table.name).toEqual(schema.fields.map((f) => f.name));
      for (const [i, field] of schema.fields.entries()) {
        // Dictionary-encoded strings (a smaller facts.arrow) are VARCHAR to SQL, like plain utf8.
        const type = DataType.isDictionary(field.type) ? field.type.dictionary : field.type;
        const expected = DataType.isUtf8(type) ? "utf8" : DataType.isFloat(type) ? "float64" : DataType.isInt(type) ? "int32" : DataType.isBool(type) ? "bool" : String(type);
        expect(`${table.name}.${field.name} ${table.columns[i].type} ${table.columns[i].nullable}`).toBe(`${table.name}.${field.name} ${expected} ${field.nullable}`);
      }
    }
    expect(tables().length).toBe(TABLES.reduce((n, t) => n + t.columns.length, 0));
    expect(tables().every((row) => row.description.length > 3)).toBe(true);
  });

  it("is documented in the README's notebook guide: every table and column", () => {
    const guide = readFileSync(path.join(PROJECT, "README.md"), "utf-8");
    for (const table of TABLES) {
      expect(guide, table.name).toContain(`| \`${table.name}\` |`);
      for (const column of table.columns) {
        if (/^qs\d$/.test(column.name)) expect(guide).toContain("`qs1` … `qs9`");
        else expect(guide, `${table.name}.${column.name}`).toContain(`\`${column.name}\``);
      }
    }
  });

  it("gives the template's sql front matter", () => {
    const template = readFileSync(TEMPLATE_PATH, "utf-8");
    expect(template).toContain(sqlFrontMatter());
  });

  it("re-exports every module in src/components", () => {
    const module = readFileSync(path.join(PROJECT, "src", "lib", "notebook.ts"), "utf-8");
    const components = readdirSync(path.join(PROJECT, "src", "components")).filter((f) => f.endsWith(".ts")).map((f) => f.replace(/\.ts$/, ""));
    const missing = components.filter((name) => !module.includes(`from "../components/${name}.js"`));
    expect(missing, "add these to src/lib/notebook.ts so notebook authors can use them").toEqual([]);
  });

  it("finds the smallest cohort at which a proportion differs from a benchmark", () => {
    const n = minimumDenominatorForSignificance(0.72, 0.837, 0.998)!;
    const at = (m: number) => wilsonInterval(Math.round(0.72 * m), m, 0.998).upper;
    expect(at(n)).toBeLessThan(0.837);
    expect(at(n - 1)).toBeGreaterThanOrEqual(0.837);
    expect(minimumDenominatorForSignificance(0.5, 0.5)).toBeNull();
  });
});

describe("worked notebooks: key figures on the snapshot", () => {
  let snapshot: Snapshot;
  let options: Options;
  let db: NodeDuckDB;
  const indicator = (id: string) => options.indicators.find((i) => i.indicator_id === id) as IndicatorOption;
  const group = (id: string) => options.groups.find((g) => g.group_id === id) as GroupInfo;

  beforeAll(async () => {
    snapshot = await loadSnapshot();
    options = buildOptions(snapshot) as unknown as Options;
    db = await openDuckDB({facts: snapshot.facts, areas: snapshot.areas, groups: snapshot.groups, indicators: snapshot.indicators, snapshot: snapshot.snapshot});
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  it("the template's SQL cells run and return rows", async () => {
    const page = renderTemplate(readFileSync(TEMPLATE_PATH, "utf-8"), {title: "T", author: "A", date: "2026-01-01"});
    const cells = [...page.matchAll(/^```sql([^\n]*)\n([\s\S]*?)^```/gm)].map((m) => m[2]);
    expect(cells.length).toBeGreaterThanOrEqual(2);
    for (const cell of cells) expect((await db.query(cell)).length).toBeGreaterThan(0);
  });

  describe("reablement-gap: Medway 72.0% against England 83.7% (seed 003)", () => {
    const cells = sqlCells("reablement-gap.md");

    it("shows the seed's two values and finds the gap significant at 99.8%", async () => {
      const rows = await db.query(cells.gap);
      const medway = rows.find((r) => r.area_code === "E06000035")!;
      const england = rows.find((r) => r.area_code === ENGLAND_CODE)!;
      expect([medway.value, england.value]).toEqual([72, 83.7]);
      expect([medway.numerator, medway.denominator]).toEqual([180, 250]);
      const fact = {value: medway.value as number, numerator: medway.numerator as number, denominator: medway.denominator as number};
      const ci95 = valueInterval(fact, "proportion", 100, 0.95)!;
      const ci998 = valueInterval(fact, "proportion", 100, 0.998)!;
      expect([ci95.lower.toFixed(1), ci95.upper.toFixed(1)]).toEqual(["66.1", "77.2"]);
      expect([ci998.lower.toFixed(1), ci998.upper.toFixed(1)]).toEqual(["62.5", "79.8"]);
      expect(compareWithBenchmark(ci998, england.value as number, "high_is_good")).toBe("worse");
    });

    it("says how large a cohort the verdict needs (42 at 95%, 99 at 99.8%)", () => {
      expect(minimumDenominatorForSignificance(0.72, 0.837, 0.95)).toBe(42);
      expect(minimumDenominatorForSignificance(0.72, 0.837, 0.998)).toBe(99);
    });

    it("ranks Medway last of 15 with values in its CIPFA group, and marks the series break and the suppressed year", async () => {
      const cipfa = group("cipfa-E06000035");
      const info = indicator("ascof_reablement_91_day");
      const result = await runComparator(db, {focal: "E06000035", group: cipfa.group_id, indicator: info.indicator_id, period: "2022-23", breakdown: "total"}, info, cipfa, "Medway", "E12000008");
      expect(result.focal?.rank).toBe(15);
      expect(result.stats.with_value).toBe(15);
      expect(result.sentence).toMatch(/^Medway is 15th of 15 in its CIPFA nearest-neighbour group/);
      const trend = await db.query(trendSql({focal: "E06000035", group: cipfa.group_id, indicator: info.indicator_id, breakdown: "total"}));
      expect(trend.map((r) => r.period)).toEqual(["2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]);
      expect(trend.find((r) => r.period === "2020-21")).toMatchObject({focal: null, focal_status: "suppressed"});
      const withValue = trend.filter((r) => r.focal !== null);
      expect(withValue.reduce((low, r) => ((r.focal as number) < (low.focal as number) ? r : low)).period).toBe("2022-23");
      expect(info.series_breaks.map((b) => b.period)).toContain("2023-24");
    });
  });

  describe("ot-workforce-stability: seed 000 Table A1", () => {
    const cells = sqlCells("ot-workforce-stability.md");

    it("flags Southampton and Wokingham on two measures, with the quartiles the page quotes", async () => {
      const rows = await db.query(cells.profile);
      expect(rows.length).toBe(15);
      expect(rows.filter((r) => (r.flags as number) >= 2).map((r) => r.area)).toEqual(["Southampton", "Wokingham"]);
      expect(rows[0]).toMatchObject({permanent_q1: 89, role_q1: 2.95, age_q3: 29.5});
      expect(rows.filter((r) => r.low_permanent).map((r) => r.area).sort()).toEqual(["Berkshire West", "Bracknell Forest", "Buckinghamshire"]);
      expect(rows.find((r) => r.area === "Medway")).toMatchObject({permanent_pct: 95, years_in_role: 2.6, role_under_3_pct: 58, short_tenure: true, flags: 1});
      expect(rows.find((r) => r.area === "Kent")).toMatchObject({filled_posts: 100, permanent_pct: 98, years_in_role: 7.9});
      expect(rows.find((r) => r.area === "Slough")).toMatchObject({permanent_pct: null, low_permanent: null, gaps: 8});
    });

    it("keeps blanks as gaps: 28 cells in 7 areas, 21 of them ethnicity", async () => {
      const gaps = await db.query(cells.gaps);
      expect(gaps.length).toBe(28);
      expect(new Set(gaps.map((g) => g.area)).size).toBe(7);
      expect(gaps.filter((g) => String(g.indicator_id).includes("-ethnicity-")).length).toBe(21);
      expect(gaps.every((g) => g.status === "not_available")).toBe(true);
    });

    it("keeps the two NHS footprints as published", async () => {
      const footprints = await db.query(cells.footprints);
      expect(footprints.map((f) => [f.name, f.filled_posts])).toEqual([["Berkshire West", 25], ["Surrey Heartlands", 75]]);
    });
  });

  describe("medway-kent-safeguarding: seed 004", () => {
    const cells = sqlCells("medway-kent-safeguarding.md");

    it("reproduces Medway's 956 concerns and 393 enquiries per 100,000 in 2021-22, and the conversion rates the page quotes", async () => {
      const rows = await db.query(cells.volumes);
      const at = (code: string, period: string) => rows.find((r) => r.area_code === code && r.period === period)!;
      expect(Math.round(at("E06000035", "2021-22").concerns_per_100k as number)).toBe(956);
      expect(Math.round(at("E06000035", "2021-22").enquiries_per_100k as number)).toBe(393);
      expect((at("E06000035", "2021-22").conversion_pct as number).toFixed(1)).toBe("41.1");
      expect((at("E10000016", "2021-22").conversion_pct as number).toFixed(1)).toBe("37.4");
      expect((at(ENGLAND_CODE, "2021-22").conversion_pct as number).toFixed(1)).toBe("34.4");
      expect((at("E06000035", "2021-22").s42_share_pct as number).toFixed(1)).toBe("85.8");
      expect((at("E06000035", "2022-23").conversion_pct as number).toFixed(1)).toBe("39.8");
      expect((at("E10000016", "2022-23").conversion_pct as number).toFixed(1)).toBe("23.5");
    });

    it("finds Medway's 71.9% of outcomes fully achieved not significantly different from England's 68.0%", async () => {
      const rows = await db.query(cells.msp);
      const fully = (code: string, period = "2021-22") => rows.find((r) => r.area_code === code && r.period === period && r.indicator_id === "sac_msp_fully_achieved")!;
      const medway = fully("E06000035");
      expect([medway.numerator, medway.denominator]).toEqual([374, 520]);
      expect((medway.value as number).toFixed(1)).toBe("71.9");
      const england = fully(ENGLAND_CODE).value as number;
      expect(england.toFixed(1)).toBe("68.0");
      expect((fully(ENGLAND_CODE, "2020-21").value as number).toFixed(1)).toBe("68.1");
      const fact = {value: medway.value as number, numerator: medway.numerator as number, denominator: medway.denominator as number};
      const ci95 = valueInterval(fact, "proportion", 100, 0.95)!;
      expect([ci95.lower.toFixed(1), ci95.upper.toFixed(1)]).toEqual(["67.9", "75.6"]);
      expect(compareWithBenchmark(ci95, england, "high_is_good")).toBe("similar");
      const kent = fully("E10000016");
      expect(compareWithBenchmark(valueInterval({value: kent.value as number, numerator: kent.numerator as number, denominator: kent.denominator as number}, "proportion", 100, 0.998), england, "high_is_good")).toBe("similar");
    });

    it("shows Kent's recording change: no support reason 17% to 25% (seed 004 line 2057)", async () => {
      const rows = await db.query(cells.recording);
      const share = (code: string, period: string) => Math.round(rows.find((r) => r.area_code === code && r.period === period)!.no_support_reason_pct as number);
      expect([share("E10000016", "2020-21"), share("E10000016", "2021-22")]).toEqual([17, 25]);
      expect(share("E06000035", "2021-22")).toBe(33);
    });
  });

  it("labels the data behind each notebook from the manifest", () => {
    const file = (source: string) => options.snapshot.files.find((f) => f.source_id === source);
    expect(file("ascof-2022-23")).toMatchObject({sample: true});
    expect(file("ascof-2022-23")?.seeded).toMatch(/72\.0%/);
    expect(file("sfc-ot-profile-2024-09")).toMatchObject({sample: false});
    expect(file("sfc-ot-profile-2024-09")?.seeded).toMatch(/seed 000/);
    expect(file("sac-2021-22")?.seeded).toMatch(/seed 004/);
  });
});
