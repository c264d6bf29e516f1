/**
 * CQC's local authority assessment framework as the charts need it: the nine quality statements
 * in four themes, the score descriptors and the overall-percentage rating bands. The loaders hold
 * the same lists (loaders/families/cqc/quality-statements.ts and ratings.ts), which the browser
 * cannot import; test/components.test.ts checks that the two agree.
 * Bands: CQC "How we determine ratings": 25-38% Inadequate, 39-62% Requires improvement,
 * 63-87% Good, 88% and over Outstanding.
 */
export const QUALITY_STATEMENTS: readonly {id: string; number: number; theme: string; name: string}[] = [
  {id: "QS1", number: 1, theme: "Working with people", name: "Assessing needs"},
  {id: "QS2", number: 2, theme: "Working with people", name: "Supporting people to lead healthier lives"},
  {id: "QS3", number: 3, theme: "Working with people", name: "Equity in experience and outcomes"},
  {id: "QS4", number: 4, theme: "Providing support", name: "Care provision, integration and continuity"},
  {id: "QS5", number: 5, theme: "Providing support", name: "Partnerships and communities"},
  {id: "QS6", number: 6, theme: "Ensuring safety", name: "Safe pathways, systems and transitions"},
  {id: "QS7", number: 7, theme: "Ensuring safety", name: "Safeguarding"},
  {id: "QS8", number: 8, theme: "Leadership", name: "Governance, management and sustainability"},
  {id: "QS9", number: 9, theme: "Leadership", name: "Learning, improvement and innovation"}
];

export const SCORE_DESCRIPTORS: Readonly<Record<1 | 2 | 3 | 4, string>> = {
  1: "Evidence shows significant shortfalls",
  2: "Evidence shows some shortfalls",
  3: "Evidence shows a good standard",
  4: "Evidence shows an exceptional standard"
};

export const RATING_BANDS: readonly {rating: string; from: number; to: number}[] = [
  {rating: "Inadequate", from: 25, to: 38},
  {rating: "Requires improvement", from: 39, to: 62},
  {rating: "Good", from: 63, to: 87},
  {rating: "Outstanding", from: 88, to: 100}
];

/** The band a published overall percentage falls in (CQC publishes whole percentages). */
export function bandFor(percent: number): string | undefined {
  const whole = Math.round(percent);
  return RATING_BANDS.find((band) => whole >= band.from && whole <= band.to)?.rating;
}

/** Score colours: PuOr, a diverging scheme safe for colour-blind readers; the score is also printed in each cell. */
export const SCORE_COLOURS: Readonly<Record<1 | 2 | 3 | 4, string>> = {1: "#e66101", 2: "#fdb863", 3: "#b2abd2", 4: "#5e3c99"};

/** One council's latest assessment as cqcAssessmentsSql returns it. */
export interface AssessmentRow {
  area_code: string;
  name: string;
  short_name: string;
  is_focal: boolean;
  report_date: string | null;
  report_url: string | null;
  overall_pct: number | null;
  rating: string | null;
  scores: (number | null)[];
  /** Where the figures come from (report, seed paper, league-table scrape); null when not assessed. */
  provenance: string | null;
  sample: boolean;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function assessmentRows(rows: Record<string, unknown>[]): AssessmentRow[] {
  return rows.map((row) => ({
    area_code: String(row.area_code), name: String(row.name), short_name: String(row.short_name ?? row.name), is_focal: Boolean(row.is_focal),
    report_date: row.report_date === null || row.report_date === undefined ? null : String(row.report_date),
    report_url: row.report_url ? String(row.report_url) : null,
    overall_pct: num(row.overall_pct), rating: row.rating ? String(row.rating) : null,
    scores: QUALITY_STATEMENTS.map((qs) => num(row[`qs${qs.number}`])),
    provenance: row.provenance ? String(row.provenance) : null,
    sample: Boolean(row.sample)
  }));
}
