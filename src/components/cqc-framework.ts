/**
 * CQC's local authority assessment as the charts draw it: the score colours and the rows of
 * cqcAssessmentsSql. The framework itself (statements, themes, descriptors, rating bands) is the
 * domain's, src/lib/domain/cqc.ts, shared with the loaders.
 */
import {QUALITY_STATEMENTS, type Score} from "../lib/domain/cqc.js";

/** Score colours: PuOr, a diverging scheme safe for colour-blind readers; the score is also printed in each cell. */
export const SCORE_COLOURS: Readonly<Record<Score, string>> = {1: "#e66101", 2: "#fdb863", 3: "#b2abd2", 4: "#5e3c99"};

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
