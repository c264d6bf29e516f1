/**
 * CQC's local authority assessment framework, once for the loaders and the site: nine quality
 * statements in four themes, each scored 1-4 with CQC's descriptor, the rating words, and the
 * overall-percentage bands with the rule that places a score in one.
 *
 * Canonical statement names are those printed beside the scores in CQC's report on Medway
 * (seed 003, L943-975); the aliases are the other wordings CQC and councils use for the same
 * statement (seed 003 L93-104, L255-265, L1119; data-sources.md §2.1), so a curated row or a
 * report heading can be matched to one id (loaders/families/cqc/quality-statements.ts).
 * Bands: CQC "How we determine ratings": 25-38% Inadequate, 39-62% Requires improvement,
 * 63-87% Good, 88% and over Outstanding (data-sources.md §2.1, seed 003 §3).
 */

export type ThemeId = "T1" | "T2" | "T3" | "T4";
export type QualityStatementId = "QS1" | "QS2" | "QS3" | "QS4" | "QS5" | "QS6" | "QS7" | "QS8" | "QS9";
export type Score = 1 | 2 | 3 | 4;

export interface Theme {
  id: ThemeId;
  name: string;
  aliases: string[];
}

export interface QualityStatement {
  id: QualityStatementId;
  /** 1..9, the column qs1..qs9 of cqc_assessments. */
  number: number;
  theme: ThemeId;
  name: string;
  aliases: string[];
}

export const THEMES: readonly Theme[] = [
  {id: "T1", name: "Working with people", aliases: ["How the local authority works with people", "How Medway works with people"]},
  {id: "T2", name: "Providing support", aliases: []},
  {id: "T3", name: "Ensuring safety", aliases: ["How the local authority ensures safety in the system", "How the local authority ensures safety within the system"]},
  {id: "T4", name: "Leadership", aliases: ["How the local authority is run"]}
];

export const QUALITY_STATEMENTS: readonly QualityStatement[] = [
  {id: "QS1", number: 1, theme: "T1", name: "Assessing needs", aliases: ["Assessing people's needs"]},
  {id: "QS2", number: 2, theme: "T1", name: "Supporting people to lead healthier lives", aliases: ["Supporting people to live healthier lives"]},
  {id: "QS3", number: 3, theme: "T1", name: "Equity in experience and outcomes", aliases: ["Equity in experiences and outcomes"]},
  {id: "QS4", number: 4, theme: "T2", name: "Care provision, integration and continuity", aliases: ["Care provision, integration and continuity of care"]},
  {id: "QS5", number: 5, theme: "T2", name: "Partnerships and communities", aliases: ["Partnership and communities"]},
  {id: "QS6", number: 6, theme: "T3", name: "Safe pathways, systems and transitions", aliases: ["Safe systems, pathways and transitions"]},
  {id: "QS7", number: 7, theme: "T3", name: "Safeguarding", aliases: []},
  {id: "QS8", number: 8, theme: "T4", name: "Governance, management and sustainability", aliases: []},
  {id: "QS9", number: 9, theme: "T4", name: "Learning, improvement and innovation", aliases: []}
];

/** "Working with people": the name of the theme a statement belongs to. */
export function themeName(statement: Pick<QualityStatement, "theme">): string {
  return THEMES.find((theme) => theme.id === statement.theme)!.name;
}

/** CQC's descriptor for each score (seed 003 L943-975; CQC "How we determine ratings"). */
export const SCORE_DESCRIPTORS: Readonly<Record<Score, string>> = {
  1: "Evidence shows significant shortfalls",
  2: "Evidence shows some shortfalls",
  3: "Evidence shows a good standard",
  4: "Evidence shows an exceptional standard"
};

export const RATINGS = ["Outstanding", "Good", "Requires improvement", "Inadequate"] as const;
export type Rating = (typeof RATINGS)[number];

/** What a location without a published rating is called in our tables and facts. */
export const NOT_YET_RATED = "Not yet rated";
export type LocationRating = Rating | typeof NOT_YET_RATED;

/** The canonical rating for a published word ("Requires Improvement" -> "Requires improvement"), or undefined. */
export function findRating(text: string): Rating | undefined {
  const wanted = text.trim().toLowerCase().replace(/\s+/g, " ");
  return RATINGS.find((rating) => rating.toLowerCase() === wanted);
}

export interface RatingBand {
  rating: Rating;
  from: number;
  to: number;
}

/** The local authority assessment's overall-percentage bands, lowest first. */
export const LA_ASSESSMENT_BANDS: readonly RatingBand[] = [
  {rating: "Inadequate", from: 25, to: 38},
  {rating: "Requires improvement", from: 39, to: 62},
  {rating: "Good", from: 63, to: 87},
  {rating: "Outstanding", from: 88, to: 100}
];

/**
 * The band a published overall percentage falls in. CQC publishes whole percentages; a
 * fractional one falls in the band whose whole-number range it rounds into.
 */
export function bandForOverallPercent(percent: number): RatingBand | undefined {
  const whole = Math.round(percent);
  return LA_ASSESSMENT_BANDS.find((band) => whole >= band.from && whole <= band.to);
}

/** The rating CQC's bands give a published overall percentage. */
export function ratingForOverallPercent(percent: number): Rating | undefined {
  return bandForOverallPercent(percent)?.rating;
}
