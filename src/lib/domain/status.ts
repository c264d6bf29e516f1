/**
 * The words for a value's status and for a comparison's outcome, said the same way on every page:
 * the explorers' tables and notes, the council pages' sentences and tiles, and the CSVs.
 */
import type {Polarity} from "./types.js";

/** A fact's status as the canonical table holds it (loaders/model.ts FactRow). */
export type Status = "ok" | "suppressed" | "not_available" | "provisional" | "estimate" | "derived";

const STATUS_WORDS: Readonly<Record<string, string>> = {
  suppressed: "suppressed by the publisher",
  not_available: "not available",
  // No row at all for the area: the publisher's file gives no value.
  missing: "no value published",
  provisional: "provisional",
  estimate: "estimate",
  derived: "derived"
};

/** "suppressed by the publisher", "no value published" (for an area with no row); an unknown status as it is. */
export function statusText(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

/**
 * A value against a benchmark with confidence limits (src/lib/stats.ts compareWithBenchmark):
 * better/similar/worse by polarity; higher/lower for indicators with no judgement; "not compared"
 * when there is no interval or no benchmark to test against.
 */
export type Verdict = "better" | "similar" | "worse" | "higher" | "lower" | "not compared";

/**
 * A council page's judgement of a headline figure, for the tile colour and its word and icon
 * (colour is never the only cue): the verdict's better/similar/worse and "not compared", spelt
 * the same, plus "no_judgement" for indicators whose polarity carries none.
 */
export type Judgement = Extract<Verdict, "better" | "similar" | "worse" | "not compared"> | "no_judgement";

export const JUDGEMENT_WORDS: Readonly<Record<Judgement, string>> = {
  better: "Better",
  similar: "Similar",
  worse: "Worse",
  no_judgement: "No judgement",
  "not compared": "Not compared"
};

/** "Higher is better", "Lower is better", "No judgement (higher is not better or worse)". */
export function polarityText(polarity: Polarity | string): string {
  return polarity === "high_is_good" ? "Higher is better" : polarity === "low_is_good" ? "Lower is better" : "No judgement (higher is not better or worse)";
}
