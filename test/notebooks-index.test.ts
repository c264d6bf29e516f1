/**
 * The notebooks' index (loaders/notebook-index.ts, the README's notebook guide): every notebook's
 * front matter is complete and registers every canonical table; reading a folder of notebooks
 * orders them and names each problem's file; Framework's cached index is cleared and its staleness seen.
 */
import {existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync} from "node:fs";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {NOTEBOOKS_DIR, QUESTION_PLACEHOLDER, indexCacheIsStale, notebookIndex, notebookMeta, readFrontMatter, readNotebooks, refreshIndex} from "../loaders/notebook-index.ts";
import {TABLES} from "../src/notebooks/kit.ts";
import {tempDirs} from "./support/temp-dirs.ts";
import {SITE_FILES} from "../loaders/site-outputs.ts";

const notebookFiles = readdirSync(NOTEBOOKS_DIR).filter((f) => f.endsWith(".md") && f !== "index.md").sort();
const tempDir = tempDirs("notebooks-index");

describe("every notebook's front matter", () => {
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
      // facts may be one family's file when the notebook needs one family only (test/notebook-family-facts.test.ts).
      if (name === "facts") expect(target).toMatch(/^\.\.\/data\/site\/facts(-[a-z]+)?\.arrow$/);
      else expect(target).toBe(`../data/site/${name}.arrow`);
      expect(Object.keys(SITE_FILES), `${target} is a site data file`).toContain(path.basename(target));
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

});
