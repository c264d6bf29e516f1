/**
 * Cross-check the curated LA assessments against the third-party scrape of CQC's reports
 * (../shared/data/real/cqc/cqc_league_tables.html, alxtrnr/bongo-twisty commit 3ac9d41), with a
 * reader of its own (not the curation script's), so a bug in one shows up in the other. The
 * scrape is not a source for the site: scripts/curate-cqc-assessments.ts copies it into the
 * curated file once, keeping what a CQC report or a seed publishes, and every disagreement left
 * must be written in that row's notes.
 */
import {existsSync, readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {parseLaAssessments} from "../loaders/families/cqc/parse-la-assessments.ts";
import {findRating} from "../src/lib/domain/cqc.ts";
import {findCouncilByName} from "../loaders/families/geography/index.ts";
import type {CqcAssessmentRow} from "../loaders/model.ts";
import {readCurrentRows} from "../scripts/curate-cqc-assessments.ts";

const SCRAPE = "../shared/data/real/cqc/cqc_league_tables.html";
const CURATED = "data/raw/cqc/la-assessments.csv";
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

interface ScrapedRow {
  name: string;
  rating: string;
  scores: number[];
  month: string; // "January 2025"
}

function readScrape(html: string): ScrapedRow[] {
  const start = html.indexOf('id="masterTable"');
  const table = html.slice(start, html.indexOf("</table>", start));
  const rows: ScrapedRow[] = [];
  for (const [, rating, name, body] of table.matchAll(/<tr data-type="[^"]*" data-rating="([^"]*)" data-name="([^"]*)">([\s\S]*?)<\/tr>/g)) {
    const cells = [...body.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, "").trim());
    // Rank, Authority Name, Type, Overall, QS1..QS9, Avg Score, Date
    rows.push({name, rating, scores: cells.slice(4, 13).map(Number), month: cells[14]});
  }
  return rows;
}

const scoresOf = (row: CqcAssessmentRow) => [row.qs1, row.qs2, row.qs3, row.qs4, row.qs5, row.qs6, row.qs7, row.qs8, row.qs9];

describe.skipIf(!existsSync(SCRAPE))("CQC LA assessments against the third-party league table", () => {
  if (!existsSync(SCRAPE)) console.warn(`skipped: ${SCRAPE} not found (the shared real-data folder is absent outside CI)`);

  it("covers every council of the scrape, and every difference left is written in the row's notes", () => {
    const scraped = readScrape(readFileSync(SCRAPE, "utf-8"));
    expect(scraped).toHaveLength(72);
    const curated = parseLaAssessments(readFileSync(CURATED), CURATED).cqc_assessments;
    const notes = new Map(readCurrentRows(new Uint8Array(readFileSync(CURATED)), CURATED).map((r) => [r.council.code, r.values.notes]));

    const byCode = new Map<string, ScrapedRow>();
    for (const row of scraped) {
      const council = findCouncilByName(row.name);
      expect(council, `scrape name ${row.name}`).toBeDefined();
      byCode.set(council!.code, row);
    }
    expect(curated.map((r) => r.area_code).sort()).toEqual([...byCode.keys()].sort());

    const differences: string[] = [];
    const unexplained: string[] = [];
    for (const row of curated) {
      const other = byCode.get(row.area_code)!;
      const found: [string, string][] = [];
      if (findRating(other.rating) !== row.rating) found.push([`rating`, `'${other.rating}'`]);
      const [year, month] = row.report_date.split("-");
      if (other.month !== `${MONTHS[Number(month) - 1]} ${year}`) found.push(["report month", other.month]);
      scoresOf(row).forEach((score, i) => {
        if (score !== other.scores[i]) found.push([`qs${i + 1}`, String(other.scores[i])]);
      });
      for (const [field, value] of found) {
        differences.push(`${row.area_code} ${field}`);
        if (!notes.get(row.area_code)?.includes(`${field} ${value}`)) unexplained.push(`${row.area_code} ${field}: curated differs from the scrape's ${value} and the notes do not say so`);
      }
    }
    expect(unexplained).toEqual([]);
    // County Durham: the scrape says 'Not Rated'; CQC's press release gives Good.
    expect(differences).toEqual(["E06000047 rating"]);
  });

  it("agrees with CQC's report on Windsor and Maidenhead's QS9 (3), where seed 000 prints 2", () => {
    const windsor = parseLaAssessments(readFileSync(CURATED), CURATED).cqc_assessments.find((r) => r.area_code === "E06000040")!;
    const scraped = readScrape(readFileSync(SCRAPE, "utf-8")).find((r) => r.name === "Royal Borough of Windsor and Maidenhead")!;
    expect(windsor.qs9).toBe(3);
    expect(scraped.scores[8]).toBe(3);
  });
});
