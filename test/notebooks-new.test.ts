/**
 * `npm run notebook -- new` (scripts/notebook.ts): writes a page from templates/notebook.md with
 * the front matter filled in, never overwrites, explains bad input, and keeps any title valid YAML.
 */
import {spawnSync} from "node:child_process";
import {readFileSync, readdirSync, writeFileSync} from "node:fs";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {NOTEBOOKS_DIR, QUESTION_PLACEHOLDER, notebookMeta} from "../loaders/notebook-index.ts";
import {TEMPLATE_PATH, createNotebook, renderTemplate, slugify} from "../scripts/notebook.ts";
import {TABLES} from "../src/notebooks/kit.ts";
import {tempDirs} from "./support/temp-dirs.ts";

const PROJECT = path.resolve(import.meta.dirname, "..");
const tempDir = tempDirs("notebooks-new");

it("makes file names from titles", () => {
  expect(slugify("Medway's reablement gap (2022-23)!")).toBe("medways-reablement-gap-2022-23");
  expect(slugify("Kent & Medway: safeguarding")).toBe("kent-and-medway-safeguarding");
  expect(slugify("Équipe café")).toBe("equipe-cafe");
  expect(slugify("Index")).toBe("index-notebook");
  expect(slugify("!!!")).toBe("");
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
