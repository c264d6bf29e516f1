/**
 * The notebooks' index: every analyst notebook's front matter (src/notebooks/*.md), read, checked
 * and listed newest first. Site data, so it lives with the other site data: the index page's data
 * loader (src/notebooks/index.json.ts) writes notebookIndex(), and `npm run notebook -- list|check|index`
 * (scripts/notebook.ts) reads and refreshes the same index.
 */
import {existsSync, readFileSync, readdirSync, rmSync, utimesSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {parse as parseYaml} from "yaml";

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const NOTEBOOKS_DIR = path.join(PROJECT_DIR, "src", "notebooks");
/** The index page's data loader. Framework re-runs a loader only when the loader file is newer than its cached output. */
export const INDEX_LOADER = path.join(NOTEBOOKS_DIR, "index.json.ts");
/** Where Framework caches the index loader's output (the source root's .observablehq/cache). */
export const INDEX_CACHE = path.join(PROJECT_DIR, "src", ".observablehq", "cache", "notebooks", "index.json");

/** The text a new notebook's question starts with until the author replaces it. */
export const QUESTION_PLACEHOLDER = "REPLACE ME";
export const STATUSES = ["draft", "review", "published"] as const;

export interface NotebookMeta {
  /** The page's file name without .md; its address is /notebooks/<slug>. */
  slug: string;
  title: string;
  author: string;
  /** ISO date (YYYY-MM-DD) the notebook was written or last revised. */
  date: string;
  question: string;
  status: string;
  /** Tables the front matter registers for sql cells. */
  tables: string[];
}

/** A problem an author can fix (bad front matter, a clashing file name): reported as one line, never a stack trace. */
export class NotebookError extends Error {}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;

/** The YAML front matter of a Markdown page as an object; a located error when it is missing or invalid. */
export function readFrontMatter(text: string, file: string): Record<string, unknown> {
  const match = FRONT_MATTER.exec(text);
  if (!match) throw new NotebookError(`${file}: no front matter (the file must start with a --- block)`);
  let data: unknown;
  try {
    data = parseYaml(match[1]);
  } catch (error) {
    throw new NotebookError(`${file}: front matter is not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw new NotebookError(`${file}: front matter must be a YAML mapping (key: value lines)`);
  return data as Record<string, unknown>;
}

const text = (value: unknown) => (value === null || value === undefined ? "" : value instanceof Date ? value.toISOString().slice(0, 10) : String(value).trim());

/** True for a date written as YYYY-MM-DD that is a real date. */
export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
}

/** A notebook's metadata from its front matter, and the problems that make it incomplete. */
export function notebookMeta(source: string, file: string): {meta: NotebookMeta; problems: string[]} {
  const data = readFrontMatter(source, file);
  const sql = data.sql && typeof data.sql === "object" ? Object.keys(data.sql as object) : [];
  const meta: NotebookMeta = {
    slug: path.basename(file).replace(/\.md$/, ""),
    title: text(data.title),
    author: text(data.author),
    date: text(data.date),
    question: text(data.question),
    status: text(data.status) || "draft",
    tables: sql
  };
  const problems: string[] = [];
  for (const key of ["title", "author", "date", "question"] as const) if (!meta[key]) problems.push(`${file}: front matter has no ${key}`);
  if (meta.date && !isIsoDate(meta.date)) problems.push(`${file}: date "${meta.date}" is not a date as YYYY-MM-DD`);
  if (meta.question.startsWith(QUESTION_PLACEHOLDER)) problems.push(`${file}: the question is still the template's placeholder; write the question this notebook answers`);
  if (!(STATUSES as readonly string[]).includes(meta.status)) problems.push(`${file}: status "${meta.status}" is not one of ${STATUSES.join(", ")}`);
  // Framework drops pages with `draft: true` from the build; notebooks say `status: draft` instead.
  if (data.draft !== undefined) problems.push(`${file}: use "status: draft", not "draft:" (Framework leaves draft pages out of the site)`);
  return {meta, problems};
}

/** Every notebook in a folder (index.md excluded), newest first, then by title. */
export function readNotebooks(dir = NOTEBOOKS_DIR): {notebooks: NotebookMeta[]; problems: string[]} {
  if (!existsSync(dir)) return {notebooks: [], problems: []};
  const notebooks: NotebookMeta[] = [];
  const problems: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(".md") || name === "index.md") continue;
    const file = path.join(dir, name);
    const shown = path.relative(PROJECT_DIR, file).startsWith("..") ? file : path.relative(PROJECT_DIR, file);
    try {
      const result = notebookMeta(readFileSync(file, "utf-8"), shown);
      notebooks.push(result.meta);
      problems.push(...result.problems);
    } catch (error) {
      if (!(error instanceof NotebookError)) throw error;
      problems.push(error.message);
    }
  }
  notebooks.sort((a, b) => b.date.localeCompare(a.date) || a.title.localeCompare(b.title));
  return {notebooks, problems};
}

/** What the index page shows: every notebook's front matter, newest first. */
export function notebookIndex(dir = NOTEBOOKS_DIR): {notebooks: NotebookMeta[]} {
  return {notebooks: readNotebooks(dir).notebooks};
}

/**
 * Make the next build or preview read the notebooks' front matter again. Framework's build reuses
 * a data loader's cached output whenever one exists (even when the loader is newer), and the
 * preview re-runs a loader only when the loader file is newer than its output; so delete the
 * cached index and touch the loader. `npm run notebook -- new` and `-- index` call this.
 */
export function refreshIndex(loader = INDEX_LOADER, cache = INDEX_CACHE): void {
  rmSync(cache, {force: true});
  if (existsSync(loader)) {
    const now = new Date();
    utimesSync(loader, now, now);
  }
}

/** True when Framework's cached index no longer matches the notebooks (the site would show an old list). */
export function indexCacheIsStale(dir = NOTEBOOKS_DIR, cache = INDEX_CACHE): boolean {
  if (!existsSync(cache)) return false;
  try {
    return JSON.stringify(JSON.parse(readFileSync(cache, "utf-8"))) !== JSON.stringify(notebookIndex(dir));
  } catch {
    return true;
  }
}
