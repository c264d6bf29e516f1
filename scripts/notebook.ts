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
 * Writing a notebook from the template is here; reading, checking and indexing the notebooks is
 * site data (loaders/notebook-index.ts), shared with the index page's data loader.
 */
import {execFileSync} from "node:child_process";
import {existsSync, mkdirSync, readFileSync, writeFileSync} from "node:fs";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {
  INDEX_CACHE, NOTEBOOKS_DIR, NotebookError, PROJECT_DIR, QUESTION_PLACEHOLDER, indexCacheIsStale, isIsoDate, readNotebooks, refreshIndex
} from "../loaders/notebook-index.ts";

export const TEMPLATE_PATH = path.join(PROJECT_DIR, "templates", "notebook.md");

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
  if (!isIsoDate(date)) throw new NotebookError(`--date "${date}" is not a date as YYYY-MM-DD`);
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
