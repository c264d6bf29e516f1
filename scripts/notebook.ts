/**
 * `npm run notebook -- <command>`: analyst notebooks in src/notebooks/ (guide: the README's "Notebooks" section).
 *
 *   new "<title>" [--out <dir>] [--author <name>] [--date YYYY-MM-DD]
 *       create <dir>/<slug>.md (default src/notebooks) from templates/notebook.md, with the front
 *       matter filled in and a question placeholder to replace; refuses to overwrite; prints the path
 *   list [--dir <dir>]
 *       the notebooks' front matter as JSON, newest first (what src/notebooks/index.json.ts serves)
 *   check [--dir <dir>]
 *       every notebook's front matter parses and is complete, and Framework's cached index is not
 *       out of date; exit 1 with one line per problem
 *   index
 *       make the next build or preview re-read the front matter (after editing it by hand)
 *
 * The Node side of the notebooks: the page index's data loader (src/notebooks/index.json.ts) and the
 * tests use the functions exported here.
 */
import {execFileSync} from "node:child_process";
import {existsSync, mkdirSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync} from "node:fs";
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {parse as parseYaml} from "yaml";

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const NOTEBOOKS_DIR = path.join(PROJECT_DIR, "src", "notebooks");
export const TEMPLATE_PATH = path.join(PROJECT_DIR, "templates", "notebook.md");
/** The index page's data loader. Framework re-runs a loader only when the loader file is newer than its cached output. */
export const INDEX_LOADER = path.join(NOTEBOOKS_DIR, "index.json.ts");

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
  if (meta.date && (!/^\d{4}-\d{2}-\d{2}$/.test(meta.date) || Number.isNaN(Date.parse(meta.date)))) problems.push(`${file}: date "${meta.date}" is not a date as YYYY-MM-DD`);
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

/** Where Framework caches the index loader's output (the source root's .observablehq/cache). */
export const INDEX_CACHE = path.join(PROJECT_DIR, "src", ".observablehq", "cache", "notebooks", "index.json");

/**
 * Make the next build or preview read the notebooks' front matter again. Framework's build reuses
 * a data loader's cached output whenever one exists (even when the loader is newer), and the
 * preview re-runs a loader only when the loader file is newer than its output; so delete the
 * cached index and touch the loader. `new` and `index` call this.
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

/** "Medway's reablement gap (2022-23)!" -> "medways-reablement-gap-2022-23" */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return slug === "index" ? "index-notebook" : slug;
}

/** A double-quoted YAML scalar (JSON strings are valid YAML). */
export function yamlString(value: string): string {
  return JSON.stringify(value);
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export interface NewNotebook {
  title: string;
  author: string;
  date: string;
}

/** The template with the front matter filled in. Placeholders: {{title}} (YAML), {{heading}}, {{author}} (YAML), {{byline}}, {{date}}. */
export function renderTemplate(template: string, fields: NewNotebook): string {
  const values: Record<string, string> = {
    title: yamlString(fields.title),
    heading: escapeHtml(fields.title),
    author: yamlString(fields.author),
    byline: escapeHtml(fields.author),
    date: fields.date
  };
  const rendered = template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
  const left = /\{\{\w+\}\}/.exec(rendered);
  if (left) throw new NotebookError(`${path.relative(PROJECT_DIR, TEMPLATE_PATH)}: unknown placeholder ${left[0]}`);
  return rendered;
}

/** The author for a new notebook: `git config user.name`, else $USER, else "Unknown author". */
export function defaultAuthor(cwd = PROJECT_DIR): string {
  try {
    const name = execFileSync("git", ["config", "user.name"], {cwd, encoding: "utf-8", stdio: ["ignore", "pipe", "ignore"]}).trim();
    if (name) return name;
  } catch {
    // no git, or no user.name: fall back to the environment
  }
  return process.env.USER || process.env.USERNAME || "Unknown author";
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Create `<outDir>/<slug>.md` from the template. Refuses to overwrite an existing file. When the
 * notebook goes into src/notebooks, the index loader's mtime is bumped so Framework rebuilds the index.
 */
export function createNotebook(options: {title: string; outDir?: string; author?: string; date?: string; templatePath?: string}): string {
  const title = options.title.trim();
  if (!title) throw new NotebookError('a notebook needs a title: npm run notebook -- new "Is Medway\'s reablement gap significant?"');
  const slug = slugify(title);
  if (!slug) throw new NotebookError(`the title "${title}" gives an empty file name; use some letters or digits`);
  const date = options.date ?? today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new NotebookError(`--date "${date}" is not a date as YYYY-MM-DD`);
  const outDir = path.resolve(options.outDir ?? NOTEBOOKS_DIR);
  const file = path.join(outDir, `${slug}.md`);
  if (existsSync(file)) throw new NotebookError(`${file} already exists; choose another title or edit that notebook (nothing was written)`);
  const template = readFileSync(options.templatePath ?? TEMPLATE_PATH, "utf-8");
  const page = renderTemplate(template, {title, author: options.author?.trim() || defaultAuthor(), date});
  mkdirSync(outDir, {recursive: true});
  writeFileSync(file, page, {flag: "wx"});
  if (outDir === path.resolve(NOTEBOOKS_DIR)) refreshIndex();
  return file;
}

// ---- command line ----------------------------------------------------------------------------

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith("--")) throw new NotebookError(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

const USAGE = `usage:
  npm run notebook -- new "<title>" [--out <dir>] [--author <name>] [--date YYYY-MM-DD]
  npm run notebook -- list [--dir <dir>]
  npm run notebook -- check [--dir <dir>]
  npm run notebook -- index`;

export function main(argv: string[]): number {
  const args = [...argv];
  const command = args.shift();
  try {
    if (command === "new") {
      const out = option(args, "--out");
      const author = option(args, "--author");
      const date = option(args, "--date");
      if (args.length !== 1) throw new NotebookError(`new takes one title (quote it)\n${USAGE}`);
      const file = createNotebook({title: args[0], outDir: out, author, date});
      console.log(path.relative(process.cwd(), file) || file);
      console.error(`Next: replace the question placeholder (${QUESTION_PLACEHOLDER}) in the front matter, then npm run dev and open /notebooks/${path.basename(file, ".md")}`);
      return 0;
    }
    if (command === "index") {
      refreshIndex();
      console.log(`the notebooks index will be rebuilt from front matter (${path.relative(process.cwd(), INDEX_CACHE)} removed)`);
      return 0;
    }
    if (command === "list" || command === "check") {
      const dir = path.resolve(option(args, "--dir") ?? NOTEBOOKS_DIR);
      const {notebooks, problems} = readNotebooks(dir);
      if (command === "list") console.log(JSON.stringify(notebooks, null, 2));
      if (command === "check" && dir === path.resolve(NOTEBOOKS_DIR) && indexCacheIsStale(dir)) {
        problems.push(`${path.relative(process.cwd(), INDEX_CACHE)}: Framework's cached index is out of date, so a build would list old notebooks; run npm run notebook -- index`);
      }
      for (const problem of problems) console.error(problem);
      if (command === "check" && !problems.length) console.log(`${notebooks.length} notebooks, front matter complete`);
      return command === "check" && problems.length ? 1 : 0;
    }
    console.error(USAGE);
    return 2;
  } catch (error) {
    if (error instanceof NotebookError) {
      console.error(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
