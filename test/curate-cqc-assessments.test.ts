/**
 * The curation script for data/raw/cqc/la-assessments.csv (scripts/curate-cqc-assessments.ts):
 * a four-council cut of the third-party league table in its exact markup
 * (test/fixtures/cqc/league-table-four-councils.html: Camden, Windsor and Maidenhead, Medway,
 * County Durham) merged with hand-written current rows, then the real scrape and the committed file.
 */
import {existsSync, readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {
  assessmentsCsv, checkAgainstScores, curateAssessments, curateFiles, readCurrentRows, readLeagueTable, splitProvenance,
  CSV_COLUMNS, DEFAULT_CSV, DEFAULT_SCRAPE, type AssessmentCsvRow
} from "../scripts/curate-cqc-assessments.ts";
import {parseLaAssessments} from "../loaders/families/cqc/parse-la-assessments.ts";
import {DataError} from "../loaders/validate.ts";
import {expectDataError} from "./support/data-error.ts";

const FIXTURE = "test/fixtures/cqc/league-table-four-councils.html";
const HTML = readFileSync(FIXTURE, "utf-8");
const CSV = "la-assessments.csv";
const HEADER = CSV_COLUMNS.join(",");
const text = (s: string) => new TextEncoder().encode(s);
const lineOf = (html: string, needle: string) => html.slice(0, html.indexOf(needle)).split("\n").length;

const CURRENT = [
  HEADER,
  "Medway,E06000035,2025-01-10,,59,Requires improvement,2,3,2,2,3,3,2,2,2,seed 003 L46 L943-975,Published 59% against 21/36",
  "Royal Borough of Windsor and Maidenhead,E06000040,2024,,62,Requires improvement,,,,,,,,,2,seed 000 Table A5 L980,",
  "County Durham,,,,,Good,,,,,,,,,,CQC press release,",
  "Kent,E10000016,2025,,56,Requires improvement,,,,,,,,,3,seed 000 Table A5 L978,"
].join("\n") + "\n";


function curate(html = HTML, current = CURRENT) {
  const result = curateAssessments(readLeagueTable(html, FIXTURE), readCurrentRows(text(current), CSV), {scrape: FIXTURE, csv: CSV});
  return {result, csv: assessmentsCsv(result.rows), byCode: new Map(result.rows.map((r) => [r.gss_code, r]))};
}

describe("reading the league table", () => {
  it("reads every row: name resolved, rating, nine scores, report month and address", () => {
    const rows = readLeagueTable(HTML, FIXTURE);
    expect(rows.map((r) => r.council.code)).toEqual(["E09000007", "E06000040", "E06000035", "E06000047"]);
    expect(rows[0]).toMatchObject({name: "London Borough of Camden", ratingText: "Outstanding", scores: [3, 3, 4, 3, 4, 4, 3, 4, 4], month: "2025-02", url: "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/camden-0225"});
    expect(rows[0].line).toBe(lineOf(HTML, 'data-name="London Borough of Camden"'));
    expect(rows[3]).toMatchObject({ratingText: "Not Rated", scores: [2, 3, 2, 3, 3, 3, 2, 3, 3], month: "2024-08"});
  });

  it("fails on a name geography does not know, naming the line and the nearest councils", () => {
    const html = HTML.replaceAll("London Borough of Camden", "London Borough of Camdem");
    const error = expectDataError(() => readLeagueTable(html, FIXTURE), {file: FIXTURE, row: lineOf(html, 'data-name="London Borough of Camdem"'), column: "Authority Name", value: "London Borough of Camdem", message: /unknown council/});
    expect(error.expected).toMatch(/Camden/);
  });

  it("fails on a bad score, a month that disagrees with the report's address, and changed columns", () => {
    const medway = HTML.indexOf('data-name="Medway Council"');
    const badScore = HTML.slice(0, medway) + HTML.slice(medway).replace('<td class="rating-cell requires-improvement">2</td>', '<td class="rating-cell requires-improvement">5</td>');
    expectDataError(() => readLeagueTable(badScore, FIXTURE), {row: lineOf(HTML, 'data-name="Medway Council"'), column: "QS1", value: "5"});
    const badMonth = HTML.replace("<td>February 2025</td>", "<td>March 2025</td>");
    expectDataError(() => readLeagueTable(badMonth, FIXTURE), {row: lineOf(HTML, 'data-name="London Borough of Camden"'), column: "Date", value: "March 2025", message: /0225/});
    expectDataError(() => readLeagueTable(HTML.replace("<th>Avg Score</th>", "<th>Mean</th>"), FIXTURE), {file: FIXTURE, message: /columns have changed/});
    expectDataError(() => readLeagueTable("<html><body>Not found</body></html>", FIXTURE), {file: FIXTURE, message: /masterTable/});
  });
});

describe("curating: published values kept, blanks filled, provenance per row", () => {
  const {result, csv, byCode} = curate();

  it("writes one row per council, sorted by name, that the site's parser accepts", () => {
    expect(result.rows.map((r) => r.gss_code)).toEqual(["E09000007", "E06000047", "E10000016", "E06000035", "E06000040"]);
    expect(result).toMatchObject({fromLeagueOnly: ["Camden"], merged: ["Windsor and Maidenhead", "Medway", "County Durham"], publishedOnly: ["Kent"]});
    expect(parseLaAssessments(text(csv), CSV).cqc_assessments).toHaveLength(5);
  });

  it("takes a council only the scrape has whole, with the overall % left blank", () => {
    expect(byCode.get("E09000007")).toMatchObject({
      council: "London Borough of Camden", report_date: "2025-02", report_url: "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/camden-0225",
      overall_pct: "", rating: "Outstanding", qs1: "3", qs3: "4", qs9: "4", notes: "",
      provenance: "CQC report via third-party league table (alxtrnr/bongo-twisty, commit 3ac9d41), report URL https://www.cqc.org.uk/care-services/local-authority-assessment-reports/camden-0225: rating, qs1-qs9, report month, report URL."
    });
  });

  it("keeps a published score the scrape contradicts and notes it; fills the rest and refines a year to the month", () => {
    // Seed 000's QS9 of 2 for Windsor and Maidenhead, before CQC's report corrected it: kept, noted, and
    // the published 62% sits 3.7 points from 21/36, which the score check reports.
    const windsor = byCode.get("E06000040")!;
    expect(windsor).toMatchObject({overall_pct: "62", rating: "Requires improvement", qs1: "3", qs8: "2", qs9: "2", report_date: "2024-11"});
    expect(windsor.notes).toBe("League table differs: qs9 3 (kept 2, as published). Score check: the published 62% is more than 2 points from the nine scores' 21/36 (58.3%): check the scores and the % against the report.");
    expect(windsor.provenance).toBe("seed 000 Table A5 L980. Filled in from the third-party league table (alxtrnr/bongo-twisty, commit 3ac9d41), report URL https://www.cqc.org.uk/care-services/local-authority-assessment-reports/windsormaidenhead-1124: qs1-qs8, report month, report URL.");
    expect(result.disagreements).toEqual(["Windsor and Maidenhead: qs9 3 (kept 2, as published)", "County Durham: rating 'Not Rated' (kept Good, as published)"]);
  });

  it("keeps a published rating where the scrape has none, and a full date where it has only the month", () => {
    expect(byCode.get("E06000047")).toMatchObject({rating: "Good", qs1: "2", qs9: "3", report_date: "2024-08", notes: "League table differs: rating 'Not Rated' (kept Good, as published)."});
    const medway = byCode.get("E06000035")!;
    expect(medway).toMatchObject({report_date: "2025-01-10", overall_pct: "59", report_url: "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/medway-0125", notes: "Published 59% against 21/36"});
    expect(medway.provenance).toMatch(/^seed 003 L46 L943-975\. Filled in from .*: report URL\.$/);
  });

  it("leaves a council the scrape lacks as it was", () => {
    expect(byCode.get("E10000016")).toMatchObject({report_date: "2025", qs1: "", qs9: "3", provenance: "seed 000 Table A5 L978"});
  });

  it("is re-runnable: curating its own output changes nothing", () => {
    expect(curate(HTML, csv).csv).toBe(csv);
    expect(splitProvenance(byCode.get("E06000040")!.provenance)).toEqual({hand: "seed 000 Table A5 L980.", filled: new Set(["qs1", "qs2", "qs3", "qs4", "qs5", "qs6", "qs7", "qs8", "report_date", "report_url"])});
  });

  it("refuses a council whose rating neither the scrape nor the file gives", () => {
    const withoutDurham = CURRENT.split("\n").filter((l) => !l.startsWith("County Durham")).join("\n");
    expectDataError(() => curate(HTML, withoutDurham), {file: FIXTURE, row: lineOf(HTML, 'data-name="County Durham"'), column: "Overall", value: "Not Rated", message: /no rating for County Durham/});
  });

  it("refuses an unknown council or a code that is not the named council's in the current file", () => {
    expectDataError(() => readCurrentRows(text(`${HEADER}\nGotham,,2025,,,Good,,,,,,,,,,s,\n`), CSV), {file: CSV, row: 2, column: "council", value: "Gotham"});
    expectDataError(() => readCurrentRows(text(`${HEADER}\nMedway,E10000016,2025,,,Good,,,,,,,,,,s,\n`), CSV), {file: CSV, row: 2, column: "gss_code", value: "E10000016"});
  });
});

describe("checking ratings against the nine scores (CQC's bands)", () => {
  const row = (values: Partial<AssessmentCsvRow>): AssessmentCsvRow => ({...(Object.fromEntries(CSV_COLUMNS.map((c) => [c, ""])) as AssessmentCsvRow), ...values});
  const medwayScores = {qs1: "2", qs2: "3", qs3: "2", qs4: "2", qs5: "3", qs6: "3", qs7: "2", qs8: "2", qs9: "2"};

  it("notes a rating the scores put clearly in another band, and a published % far from them; never changes either", () => {
    expect(checkAgainstScores(row({...medwayScores, rating: "Requires improvement", overall_pct: "59"}))).toEqual([]);
    const notes = checkAgainstScores(row({...medwayScores, rating: "Good", overall_pct: "70"}));
    expect(notes[0]).toBe("Rating check: the nine scores sum to 21/36 (58.3%), in CQC's Requires improvement band, not Good: the published rating is kept; check it against the report.");
    expect(notes[1]).toMatch(/^Score check: the published 70% is more than 2 points from the nine scores' 21\/36 \(58\.3%\)/);
    const {result} = curate(HTML, CURRENT.replace("Medway,E06000035,2025-01-10,,59,Requires improvement", "Medway,E06000035,2025-01-10,,,Good"));
    expect(result.rows.find((r) => r.gss_code === "E06000035")).toMatchObject({rating: "Good"});
    expect(result.checks.filter((c) => c.startsWith("Medway: Rating check"))).toHaveLength(1);
  });

  it("gives no verdict within 2 points of a band edge, where a published % can differ from the scores' share", () => {
    // 22/36 = 61.1% and 23/36 = 63.9% straddle the Requires improvement / Good edge at 62.5%.
    const scores = (sum: number) => Object.fromEntries(Array.from({length: 9}, (_, i) => [`qs${i + 1}`, String(i < sum - 18 ? 3 : 2)]));
    expect(checkAgainstScores(row({...scores(22), rating: "Good"}))).toEqual([]);
    expect(checkAgainstScores(row({...scores(23), rating: "Requires improvement"}))).toEqual([]);
    expect(checkAgainstScores(row({...scores(21), rating: "Good"}))).toHaveLength(1);
    expect(checkAgainstScores(row({qs9: "2", rating: "Good"}))).toEqual([]);
  });
});

describe.skipIf(!existsSync(DEFAULT_SCRAPE))("the real league table and the committed file", () => {
  if (!existsSync(DEFAULT_SCRAPE)) console.warn(`skipped: ${DEFAULT_SCRAPE} not found (the shared real-data folder is absent outside CI)`);

  it("the committed file is what the script writes from the real scrape (run it after editing a row)", () => {
    const {text: written, result} = curateFiles({scrape: DEFAULT_SCRAPE, csv: DEFAULT_CSV});
    expect(written === readFileSync(DEFAULT_CSV, "utf-8"), "data/raw/cqc/la-assessments.csv is stale: run npx tsx scripts/curate-cqc-assessments.ts").toBe(true);
    expect(result.rows).toHaveLength(72);
    expect(result.fromLeagueOnly).toHaveLength(62);
    expect(result.merged.sort()).toEqual(["Bracknell Forest", "Buckinghamshire", "County Durham", "Kent", "Medway", "Surrey", "West Berkshire", "West Sussex", "Windsor and Maidenhead", "Wokingham"]);
    expect(result.publishedOnly).toEqual([]);
    expect(result.disagreements).toEqual(["County Durham: rating 'Not Rated' (kept Good, as published)"]);
    expect(result.checks).toEqual([]);
  });
});
