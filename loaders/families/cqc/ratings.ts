/**
 * CQC's rating words, and the overall-percentage bands of the local authority assessment
 * (CQC "How we determine ratings": 25-38% Inadequate, 39-62% Requires improvement, 63-87% Good,
 * 88% and over Outstanding; data-sources.md §2.1, seed 003 §3).
 */
import {DataError, type Location} from "../../validate.ts";

export const RATINGS = ["Outstanding", "Good", "Requires improvement", "Inadequate"] as const;
export type Rating = (typeof RATINGS)[number];

/** What a location without a published rating is called in our tables and facts. */
export const NOT_YET_RATED = "Not yet rated";
export type LocationRating = Rating | typeof NOT_YET_RATED;

function normaliseRatingText(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, " ");
}

/** The canonical rating for a published word ("Requires Improvement" -> "Requires improvement"), or undefined. */
export function findRating(text: string): Rating | undefined {
  const wanted = normaliseRatingText(text);
  return RATINGS.find((rating) => rating.toLowerCase() === wanted);
}

export function ratingByName(text: string, where: Location): Rating {
  const rating = findRating(text);
  if (!rating) throw new DataError(where, "not a CQC rating", {value: text, expected: RATINGS.map((r) => `'${r}'`).join(", ")});
  return rating;
}

/**
 * A care location's latest overall rating. Blank, "Not yet rated", "Insufficient evidence to
 * rate" and "Not Rated" (the latest-ratings file's word for a location that has no location-level
 * rating, such as one offering several services) all mean there is no rating to count, so they
 * share one bucket.
 */
export function locationRatingByName(text: string, where: Location): LocationRating {
  const wanted = normaliseRatingText(text);
  if (wanted === "" || wanted === "-" || wanted === "not yet rated" || wanted === "no published rating" || wanted === "insufficient evidence to rate" || wanted === "not rated") return NOT_YET_RATED;
  const rating = findRating(text);
  if (!rating) {
    throw new DataError(where, "not a CQC overall rating", {
      value: text,
      expected: `${RATINGS.map((r) => `'${r}'`).join(", ")}, 'Insufficient evidence to rate', 'Not Rated' or blank (not yet rated)`
    });
  }
  return rating;
}

export const LA_ASSESSMENT_BANDS: readonly {rating: Rating; from: number; to: number}[] = [
  {rating: "Inadequate", from: 25, to: 38},
  {rating: "Requires improvement", from: 39, to: 62},
  {rating: "Good", from: 63, to: 87},
  {rating: "Outstanding", from: 88, to: 100}
];

/**
 * The rating CQC's bands give a published overall percentage. CQC publishes whole percentages;
 * a fractional one falls in the band whose whole-number range it rounds into.
 */
export function ratingForOverallPercent(percent: number): Rating | undefined {
  const whole = Math.round(percent);
  return LA_ASSESSMENT_BANDS.find((band) => whole >= band.from && whole <= band.to)?.rating;
}
