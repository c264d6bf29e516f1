/**
 * Curates data/raw/cqc/la-assessments.csv from a third-party league table of CQC's local authority
 * assessment reports (../shared/data/real/cqc/cqc_league_tables.html: alxtrnr/bongo-twisty,
 * static/reports/, commit 3ac9d41; 72 councils) and the file's current rows.
 *
 * The scrape is not a source for the site (names only, not CQC's format), so it is read here, once,
 * and never by a loader. Every name resolves through geography (an unknown name fails). The rules:
 * - A value the current file holds from a CQC report or a seed paper is published: it is kept,
 *   and where the scrape differs the row's notes say so ("League table differs: ...").
 * - A blank is filled from the scrape (rating, the nine scores, the report month, the report URL),
 *   and the row's provenance ends with a sentence naming those fields, which is how a re-run
 *   knows them again: running the script on its own output changes nothing.
 * - The overall % is never taken from the scrape or computed: only a CQC report or a seed gives it.
 * - Each rating is checked against its nine scores where CQC's rule allows a verdict: the scores'
 *   share of 36 must fall in the rating's band unless it is within 2 points of a band edge
 *   (published percentages run up to 1.1 points above it: West Berkshire 65% against 23/36 =
 *   63.9%). A misfit is noted and reported, never corrected.
 *
 * Run: `npx tsx scripts/curate-cqc-assessments.ts` (writes the file), `--check` (exit 1 if the
 * file is not what the script would write), `--scrape FILE`, `--csv FILE`.
 */
import {existsSync, readFileSync, writeFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import {parseLaAssessments} from "../loaders/families/cqc/parse-la-assessments.ts";
import {findRating, LA_ASSESSMENT_BANDS, RATINGS} from "../src/lib/domain/cqc.ts";
import {councilByCode, resolveCouncilName, type Council} from "../loaders/families/geography/index.ts";
import {locateColumns, readTable} from "../loaders/read/table.ts";
import {DataError, type Location} from "../loaders/validate.ts";

export const DEFAULT_SCRAPE = "../shared/data/real/cqc/cqc_league_tables.html";
export const DEFAULT_CSV = "data/raw/cqc/la-assessments.csv";
export const LEAGUE_TABLE = "third-party league table (alxtrnr/bongo-twisty, commit 3ac9d41)";
const FULL_ROW = `CQC report via ${LEAGUE_TABLE}`;
const FILLED_IN = `Filled in from the ${LEAGUE_TABLE}`;
const NOTE_SENTINELS = ["League table differs:", "Rating check:", "Score check:"];

export const CSV_COLUMNS = ["council", "gss_code", "report_date", "report_url", "overall_pct", "rating", "qs1", "qs2", "qs3", "qs4", "qs5", "qs6", "qs7", "qs8", "qs9", "provenance", "notes"] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export type AssessmentCsvRow = Record<CsvColumn, string>;

const SCORE_COLUMNS = ["qs1", "qs2", "qs3", "qs4", "qs5", "qs6", "qs7", "qs8", "qs9"] as const;
/** The fields the scrape can fill, in the order provenance lists them. */
const FILLABLE = ["rating", ...SCORE_COLUMNS, "report_date", "report_url"] as const;
type Fillable = (typeof FILLABLE)[number];
const LABEL: Record<Fillable, string> = {
  rating: "rating", qs1: "qs1", qs2: "qs2", qs3: "qs3", qs4: "qs4", qs5: "qs5", qs6: "qs6", qs7: "qs7", qs8: "qs8", qs9: "qs9",
  report_date: "report month", report_url: "report URL"
};

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
/** The league table's columns, as its header names them. */
const LEAGUE_HEADERS = ["Rank", "Authority Name", "Type", "Overall", "QS1", "QS2", "QS3", "QS4", "QS5", "QS6", "QS7", "QS8", "QS9", "Avg Score", "Date"];
const REPORT_URL = /^https:\/\/www\.cqc\.org\.uk\/care-services\/local-authority-assessment-reports\/[A-Za-z0-9-]+-(\d{2})(\d{2})$/;

export interface LeagueRow {
  /** The line of the row's <tr> in the HTML file. */
  line: number;
  council: Council;
  name: string;
  /** The rating as the scrape writes it; "Not Rated" for County Durham. */
  ratingText: string;
  scores: number[];
  /** The report month as ISO YYYY-MM. */
  month: string;
  url: string;
}

const lineAt = (text: string, index: number) => text.slice(0, index).split("\n").length;
const stripTags = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/&#39;|&rsquo;/g, "'").trim();

/** The master table of the league-table page: one row per council, every cell checked. */
export function readLeagueTable(html: string, file: string): LeagueRow[] {
  const start = html.indexOf('<table id="masterTable"');
  if (start < 0) throw new DataError({file}, "no table with id masterTable", {expected: "the league table page of alxtrnr/bongo-twisty static/reports/"});
  const end = html.indexOf("</table>", start);
  const header = [...html.slice(start, html.indexOf("</thead>", start)).matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => stripTags(m[1].replace(/<br\s*\/?>[\s\S]*$/, "")));
  if (header.join("|") !== LEAGUE_HEADERS.join("|")) {
    throw new DataError({file, row: lineAt(html, start)}, "the league table's columns have changed", {value: header.join(", "), expected: LEAGUE_HEADERS.join(", ")});
  }
  const rows: LeagueRow[] = [];
  const seen = new Map<string, number>();
  const rowPattern = /<tr data-type="[^"]*" data-rating="[^"]*" data-name="[^"]*">([\s\S]*?)<\/tr>/g;
  rowPattern.lastIndex = start;
  for (let match = rowPattern.exec(html); match && match.index < end; match = rowPattern.exec(html)) {
    const line = lineAt(html, match.index);
    const at = (column: string): Location => ({file, row: line, column});
    const cells = [...match[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
    if (cells.length !== LEAGUE_HEADERS.length) throw new DataError({file, row: line}, `${cells.length} cells where the header has ${LEAGUE_HEADERS.length}`, {expected: LEAGUE_HEADERS.join(", ")});
    const name = stripTags(cells[1]);
    const council = resolveCouncilName(name, at("Authority Name"));
    if (seen.has(council.code)) throw new DataError(at("Authority Name"), `${council.name} again (first at line ${seen.get(council.code)})`, {value: name, expected: "one row per council"});
    seen.set(council.code, line);

    const ratingText = stripTags(cells[3]);
    if (!findRating(ratingText) && ratingText.toLowerCase() !== "not rated") {
      throw new DataError(at("Overall"), "not a CQC rating", {value: ratingText, expected: `${RATINGS.map((r) => `'${r}'`).join(", ")} or 'Not Rated'`});
    }
    const scores = LEAGUE_HEADERS.slice(4, 13).map((column, i) => {
      const text = stripTags(cells[4 + i]);
      if (!/^[1-4]$/.test(text)) throw new DataError(at(column), "not a quality statement score", {value: text, expected: "a whole number 1-4"});
      return Number(text);
    });
    const dateText = stripTags(cells[14]);
    const date = /^([A-Za-z]+) (\d{4})$/.exec(dateText);
    const monthIndex = date ? MONTHS.indexOf(date[1]) : -1;
    if (!date || monthIndex < 0) throw new DataError(at("Date"), "not a report month", {value: dateText, expected: "a month and year, such as 'January 2025'"});
    const month = `${date[2]}-${String(monthIndex + 1).padStart(2, "0")}`;
    const url = /href="([^"]*)"/.exec(cells[1])?.[1] ?? "";
    const slug = REPORT_URL.exec(url);
    if (!slug) throw new DataError(at("Authority Name"), "the link is not a CQC local authority assessment report", {value: url, expected: "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/{slug}-{MMYY}"});
    if (`20${slug[2]}-${slug[1]}` !== month) throw new DataError(at("Date"), `the report month disagrees with the report's address (${slug[1]}${slug[2]})`, {value: dateText, expected: `the month in ${url}`});
    rows.push({line, council, name, ratingText, scores, month, url});
  }
  if (rows.length === 0) throw new DataError({file, row: lineAt(html, start)}, "the league table has no rows", {expected: "one <tr> per council"});
  return rows;
}

export interface CurrentRow {
  line: number;
  council: Council;
  values: AssessmentCsvRow;
}

/**
 * The current file's rows as written. Read leniently (a hand-added row may leave the report date
 * or URL for the scrape to fill); the script's output is validated by the site's own parser.
 */
export function readCurrentRows(bytes: Uint8Array, file: string): CurrentRow[] {
  const table = readTable(bytes, file);
  const columns = locateColumns(table, Object.fromEntries(CSV_COLUMNS.map((c) => [c, [c]])) as Record<CsvColumn, string[]>, ["gss_code", "report_url", "overall_pct", "notes", ...SCORE_COLUMNS]);
  return table.rows.map((row, i) => {
    const line = table.rowNumbers[i];
    const values = Object.fromEntries(CSV_COLUMNS.map((c) => [c, columns[c] >= 0 ? (row[columns[c]] ?? "").trim() : ""])) as AssessmentCsvRow;
    const council = resolveCouncilName(values.council, {file, row: line, column: "council"});
    if (values.gss_code !== "" && councilByCode(values.gss_code)?.code !== council.code) {
      throw new DataError({file, row: line, column: "gss_code"}, `not the code of ${council.name}`, {value: values.gss_code, expected: council.code});
    }
    return {line, council, values};
  });
}

/** Split a provenance into the hand-written part and the fields an earlier run filled from the scrape. */
export function splitProvenance(text: string): {hand: string; filled: Set<Fillable>} {
  const at = [FULL_ROW, FILLED_IN].map((s) => text.indexOf(s)).filter((i) => i >= 0).sort((a, b) => a - b)[0];
  if (at === undefined) return {hand: text.trim(), filled: new Set()};
  const generated = text.slice(at);
  const list = generated.slice(generated.lastIndexOf(": ") + 2).replace(/\.$/, "");
  const filled = new Set<Fillable>();
  for (const item of list.split(", ")) {
    const range = /^qs(\d)-qs(\d)$/.exec(item);
    if (range) for (let n = Number(range[1]); n <= Number(range[2]); n++) filled.add(`qs${n}` as Fillable);
    else {
      const field = FILLABLE.find((f) => LABEL[f] === item);
      if (!field) throw new Error(`provenance lists '${item}', which is not a field the league table fills: ${text}`);
      filled.add(field);
    }
  }
  return {hand: text.slice(0, at).trim(), filled};
}

/** `rating, qs1, ..., qs8, report month` -> `rating, qs1-qs8, report month`. */
function fieldList(fields: ReadonlySet<Fillable>): string {
  const items: string[] = [];
  const scores = SCORE_COLUMNS.filter((c) => fields.has(c)).map((c) => Number(c.slice(2)));
  const runs: string[] = [];
  for (let i = 0; i < scores.length; i++) {
    let j = i;
    while (j + 1 < scores.length && scores[j + 1] === scores[j] + 1) j++;
    runs.push(i === j ? `qs${scores[i]}` : `qs${scores[i]}-qs${scores[j]}`);
    i = j;
  }
  if (fields.has("rating")) items.push(LABEL.rating);
  items.push(...runs);
  if (fields.has("report_date")) items.push(LABEL.report_date);
  if (fields.has("report_url")) items.push(LABEL.report_url);
  return items.join(", ");
}

function stripGeneratedNotes(text: string): string {
  const at = NOTE_SENTINELS.map((s) => text.indexOf(s)).filter((i) => i >= 0).sort((a, b) => a - b)[0];
  return (at === undefined ? text : text.slice(0, at)).trim();
}

/** Report dates agree when one is the other at a finer precision (2024 and 2024-11; 2025-01-10 and 2025-01). */
const sameReport = (a: string, b: string) => a === "" || b === "" || a.startsWith(b) || b.startsWith(a);

/** The band edges as points on the continuous scale (CQC publishes whole %: 62 is RI, 63 Good). */
const BAND_EDGES = LA_ASSESSMENT_BANDS.slice(1).map((band) => band.from - 0.5);
const CHECK_MARGIN = 2;

/** CQC's rule applied where it gives a verdict: the rating against the nine scores, the published % against them. */
export function checkAgainstScores(row: AssessmentCsvRow): string[] {
  const scores = SCORE_COLUMNS.map((c) => row[c]);
  if (scores.some((s) => s === "")) return [];
  const sum = scores.reduce((a, s) => a + Number(s), 0);
  const share = (100 * sum) / 36;
  const notes: string[] = [];
  const rating = findRating(row.rating);
  const band = LA_ASSESSMENT_BANDS.find((b) => share >= b.from - 0.5 && share < b.to + 0.5)?.rating;
  const nearEdge = BAND_EDGES.some((edge) => Math.abs(share - edge) < CHECK_MARGIN);
  if (rating && band && band !== rating && !nearEdge) {
    notes.push(`Rating check: the nine scores sum to ${sum}/36 (${share.toFixed(1)}%), in CQC's ${band} band, not ${rating}: the published rating is kept; check it against the report.`);
  }
  if (row.overall_pct !== "" && Math.abs(Number(row.overall_pct) - share) > CHECK_MARGIN) {
    notes.push(`Score check: the published ${row.overall_pct}% is more than ${CHECK_MARGIN} points from the nine scores' ${sum}/36 (${share.toFixed(1)}%): check the scores and the % against the report.`);
  }
  return notes;
}

export interface CurationResult {
  rows: AssessmentCsvRow[];
  fromLeagueOnly: string[];
  merged: string[];
  publishedOnly: string[];
  disagreements: string[];
  checks: string[];
}

function leagueValue(row: LeagueRow, field: Fillable): string {
  if (field === "rating") return findRating(row.ratingText) ?? "";
  if (field === "report_date") return row.month;
  if (field === "report_url") return row.url;
  return String(row.scores[Number(field.slice(2)) - 1]);
}

/** Merge the league table into the current rows under the rules above. */
export function curateAssessments(league: readonly LeagueRow[], current: readonly CurrentRow[], files: {scrape: string; csv: string}): CurationResult {
  const result: CurationResult = {rows: [], fromLeagueOnly: [], merged: [], publishedOnly: [], disagreements: [], checks: []};
  const used = new Set<CurrentRow>();
  const out: {council: Council; row: AssessmentCsvRow}[] = [];

  for (const scraped of league) {
    const candidates = current.filter((c) => c.council.code === scraped.council.code && sameReport(c.values.report_date, scraped.month));
    if (candidates.length > 1) {
      throw new DataError({file: files.csv, row: candidates[1].line, column: "report_date"}, `two rows for ${scraped.council.name} match the league table's report of ${scraped.month} (the other at row ${candidates[0].line})`, {value: candidates[1].values.report_date, expected: "one row per council and report"});
    }
    const mine = candidates[0];
    if (mine) used.add(mine);
    const {hand, filled: filledBefore} = splitProvenance(mine?.values.provenance ?? "");
    const row: AssessmentCsvRow = mine ? {...mine.values} : (Object.fromEntries(CSV_COLUMNS.map((c) => [c, ""])) as AssessmentCsvRow);
    if (!mine) row.council = scraped.name;
    row.gss_code = scraped.council.code;
    const filled = new Set<Fillable>();
    const differs: string[] = [];
    for (const field of FILLABLE) {
      const published = row[field] !== "" && !filledBefore.has(field) ? row[field] : "";
      const fromLeague = leagueValue(scraped, field);
      if (published === "") {
        if (fromLeague === "") {
          throw new DataError({file: files.scrape, row: scraped.line, column: "Overall"}, `the league table gives no rating for ${scraped.council.name} and ${files.csv} has none`, {
            value: scraped.ratingText,
            expected: `a row in ${files.csv} with the rating CQC published (its report or press release), cited in provenance`
          });
        }
        row[field] = fromLeague;
        filled.add(field);
      } else if (field === "report_date") {
        if (!sameReport(published, fromLeague)) differs.push(`report month ${fromLeague} (kept ${published}, as published)`);
        else if (/^\d{4}$/.test(published)) {
          row[field] = fromLeague; // the seed gives the year only: the month refines it
          filled.add(field);
        }
      } else if (field === "rating" ? findRating(published) !== findRating(scraped.ratingText) : published !== fromLeague) {
        differs.push(`${LABEL[field]} ${field === "rating" ? `'${scraped.ratingText}'` : fromLeague} (kept ${published}, as published)`);
      }
    }
    const generated = filled.size === FILLABLE.length && hand === ""
      ? `${FULL_ROW}, report URL ${scraped.url}: ${fieldList(filled)}.`
      : filled.size ? `${FILLED_IN}, report URL ${scraped.url}: ${fieldList(filled)}.` : "";
    row.provenance = hand && generated ? `${hand.replace(/[.\s]+$/, "")}. ${generated}` : hand || generated;
    const notes = [stripGeneratedNotes(row.notes)];
    if (differs.length) notes.push(`League table differs: ${differs.join("; ")}.`);
    const checks = checkAgainstScores(row);
    notes.push(...checks);
    row.notes = notes.filter(Boolean).join(" ");

    (hand ? result.merged : result.fromLeagueOnly).push(scraped.council.name);
    for (const d of differs) result.disagreements.push(`${scraped.council.name}: ${d}`);
    for (const c of checks) result.checks.push(`${scraped.council.name}: ${c}`);
    out.push({council: scraped.council, row});
  }
  for (const mine of current) {
    if (used.has(mine)) continue;
    result.publishedOnly.push(mine.council.name);
    out.push({council: mine.council, row: {...mine.values, gss_code: mine.council.code}});
  }
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  out.sort((a, b) => byText(a.council.name, b.council.name) || byText(a.row.report_date, b.row.report_date));
  result.rows = out.map((o) => o.row);
  return result;
}

const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function assessmentsCsv(rows: readonly AssessmentCsvRow[]): string {
  return [CSV_COLUMNS.join(","), ...rows.map((row) => CSV_COLUMNS.map((c) => csvField(row[c])).join(","))].join("\n") + "\n";
}

/** Read both inputs, merge, and return the CSV text, validated by the site's parser. */
export function curateFiles(files: {scrape: string; csv: string}): {text: string; result: CurationResult} {
  const league = readLeagueTable(readFileSync(files.scrape, "utf-8"), files.scrape);
  const current = readCurrentRows(new Uint8Array(readFileSync(files.csv)), files.csv);
  const result = curateAssessments(league, current, files);
  const text = assessmentsCsv(result.rows);
  parseLaAssessments(new TextEncoder().encode(text), files.csv);
  return {text, result};
}

function main(argv: string[]): number {
  const option = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
  const files = {scrape: option("--scrape", DEFAULT_SCRAPE), csv: option("--csv", DEFAULT_CSV)};
  if (!existsSync(files.scrape)) {
    console.error(`${files.scrape} not found: the league table lives in the shared real-data folder (../shared/data/real/cqc/)`);
    return 2;
  }
  const {text, result} = curateFiles(files);
  const summary = [
    `${result.rows.length} assessments: ${result.fromLeagueOnly.length} from the league table only, ${result.merged.length} merged with published rows, ${result.publishedOnly.length} published only.`,
    ...result.disagreements.map((d) => `differs: ${d}`),
    ...result.checks.map((c) => `check: ${c}`)
  ].join("\n");
  if (argv.includes("--check")) {
    const same = readFileSync(files.csv, "utf-8") === text;
    console.log(same ? `${files.csv} is up to date. ${summary}` : `${files.csv} is not what the script writes: run npx tsx scripts/curate-cqc-assessments.ts`);
    return same ? 0 : 1;
  }
  writeFileSync(files.csv, text);
  console.log(`wrote ${files.csv}. ${summary}`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof DataError ? error.message : error);
    process.exitCode = 1;
  }
}
