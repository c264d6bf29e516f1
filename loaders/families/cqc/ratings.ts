/**
 * Reading CQC's rating words as files print them, as located errors when they are not one
 * (the words, the bands and the band rule are the domain's: src/lib/domain/cqc.ts).
 */
import {DataError, type Location} from "../../validate.ts";
import {findRating, NOT_YET_RATED, RATINGS, type LocationRating, type Rating} from "../../../src/lib/domain/cqc.ts";

function normaliseRatingText(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, " ");
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
