/**
 * A council's CQC local authority assessment for its page: the rating and overall score as CQC
 * published them, the band the score falls in, and the nine quality-statement scores by theme with
 * CQC's descriptors (the framework is the domain's: src/lib/domain/cqc.ts).
 */
import type {Snapshot} from "../snapshot.ts";
import {bandForOverallPercent, LA_ASSESSMENT_BANDS, QUALITY_STATEMENTS, SCORE_DESCRIPTORS, THEMES, type Score} from "../../src/lib/domain/cqc.ts";
import {isSampleSource} from "../../src/lib/domain/sources.ts";
import type {CqcSummary} from "../../src/lib/domain/council-data.ts";

/** CQC's search of local authority assessments, for a council whose report address the source does not give. */
const CQC_SEARCH_URL = "https://www.cqc.org.uk/search/content/7217";

export function cqcSummary(snapshot: Pick<Snapshot, "cqc_assessments">, code: string, name: string, sampleSources: ReadonlySet<string>): CqcSummary {
  const rows = snapshot.cqc_assessments.filter((a) => a.area_code === code).sort((a, b) => a.report_date.localeCompare(b.report_date));
  const row = rows[rows.length - 1];
  const bands = LA_ASSESSMENT_BANDS.map((b) => ({...b}));
  const themes = THEMES.map((theme) => ({
    id: theme.id, name: theme.name,
    statements: QUALITY_STATEMENTS.filter((s) => s.theme === theme.id).map((s) => {
      const score = row ? ((row as unknown as Record<string, number | null>)[`qs${s.number}`] ?? null) : null;
      return {id: s.id, number: s.number, name: s.name, score, descriptor: score ? SCORE_DESCRIPTORS[score as Score] : "Not scored in the source"};
    })
  }));
  if (!row) {
    return {
      assessed: false, rating: null, overall_pct: null, report_date: null, report_url: null, search_url: CQC_SEARCH_URL, provenance: null, sample: false,
      band: null, bands, themes,
      note: `No CQC local authority assessment of ${name} is in this build's curated file: either CQC has not yet published one, or it has not been added.`
    };
  }
  const band = row.overall_pct === null ? null : bandForOverallPercent(row.overall_pct) ?? null;
  const scored = themes.flatMap((t) => t.statements).filter((s) => s.score !== null).length;
  const notes = [
    "CQC publishes the overall percentage; it is shown as published, not recomputed from the nine scores.",
    row.overall_pct === null ? "This council's sources give the rating and the nine scores but not the overall percentage, so none is shown." : "",
    scored < 9 ? `The source quotes ${scored} of the nine quality-statement scores; the others are shown as not scored.` : "",
    row.report_url ? "" : "The source does not give the report's web address; search CQC's local authority assessments for it."
  ].filter(Boolean);
  return {
    assessed: true, rating: row.rating || null, overall_pct: row.overall_pct, report_date: row.report_date, report_url: row.report_url || null,
    search_url: CQC_SEARCH_URL, provenance: row.provenance || null, sample: row.sample || isSampleSource(row.source_id, sampleSources), band, bands, themes, note: notes.join(" ")
  };
}
