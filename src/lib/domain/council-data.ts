/**
 * The contract between the build and the leadership pages: the shape of the precomputed JSON
 * behind the council pages, the overview and About, written at build time by
 * loaders/council-pages/ and read by the council-* components. Types, and the one rule that joins a
 * headline's sentence, in the domain layer so that the loaders import nothing from src/components:
 * the page reads static JSON and never needs DuckDB.
 */
import type {Family, Polarity} from "./types.js";
import type {GroupKind} from "./groups.js";
import type {Judgement, Verdict} from "./status.js";
import type {RatingBand} from "./cqc.js";

export interface IntervalJson {
  lower: number;
  upper: number;
}

export interface GroupJson {
  group_id: string;
  kind: GroupKind;
  kind_label: string;
  label: string;
  /** "in its CIPFA nearest-neighbour group", "among all English councils": used in sentences (domain/groups.ts groupPhrase). */
  phrase: string;
  vintage: string;
  provenance: string;
  sample: boolean;
  members: {code: string; name: string}[];
}

/** One headline indicator for one council, independent of the comparator group. */
export interface HeadlineValue {
  indicator_id: string;
  family: Family;
  title: string;
  short_title: string;
  unit: string;
  polarity: Polarity;
  definition: string;
  source: string;
  source_url: string;
  caveats: string;
  /** The latest period with data (for CQC's assessment: this council's report date). */
  period: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** ok, suppressed, not_available, estimate, derived, or missing (no row for this council). */
  status: string;
  vintage: string | null;
  source_id: string | null;
  previous_period: string | null;
  previous_value: number | null;
  /** Latest minus previous, on the value's scale (percentage points for a %). */
  change: number | null;
  /** Relative change in % of the previous value. */
  change_pct: number | null;
  /** "up" | "down" | "same", or null when there is no previous value. */
  change_direction: "up" | "down" | "same" | null;
  /** Polarity-aware: improved/worsened; "changed" for indicators with no judgement. */
  change_judgement: "improved" | "worsened" | "no change" | "changed" | null;
  /** A series break between the previous and the latest period, which makes the change not like-for-like. */
  series_break: string | null;
  /** "Rose by 6.6% from 956.0 to 1,018.9 per 100,000 adults". */
  change_text: string;
  england: number | null;
  ci95: IntervalJson | null;
  ci998: IntervalJson | null;
  /** Against England with 99.8% limits (Fingertips' "CI overlapping reference value"). */
  vs_england: Verdict;
  /** True when the value comes from a sample file (or a measure derived from one). */
  sample: boolean;
  /** The explorer page that has this indicator, when that page exists in this build. */
  explorer: string | null;
  /** The group-independent half of the sentence: "… rose by 6.6%, from 956.0 in 2021-22 to 1,018.9 … in 2022-23". */
  change_sentence: string;
}

/** One headline indicator for one council within one comparator group. */
export interface GroupComparison {
  indicator_id: string;
  /** Competition rank (ties shared), 1 = best by polarity; with no judgement, 1 = highest. */
  rank: number | null;
  /** Members with a value. */
  ranked: number;
  members: number;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
  /** Polarity-aware ends of the group's range (with no judgement: lowest and highest). */
  worst: number | null;
  best: number | null;
  judgement: Judgement;
  /**
   * How the judgement was made: against England with 99.8% confidence limits, against the
   * group's quartiles (no interval or no England value to test against), or not at all.
   */
  judgement_basis: "england" | "quartile" | "none";
  /** "Better than England", "Similar to England", "Higher than England (no judgement)". */
  judgement_text: string;
  /** True when the figures compared are sample or the group's member list is (domain/sources.ts isSampleComparison): the tile and sentence are labelled. */
  sample: boolean;
  /**
   * The group-dependent half of the plain-language sentence: "Medway is now 5th of 16 in the CIPFA
   * group (1st is best), not significantly different from England (82.8%)." The page shows
   * `${headline.change_sentence}; ${position_sentence}`.
   */
  position_sentence: string;
}

export interface QualityStatementScore {
  id: string;
  number: number;
  name: string;
  score: number | null;
  descriptor: string;
}

export interface CqcSummary {
  assessed: boolean;
  rating: string | null;
  overall_pct: number | null;
  report_date: string | null;
  report_url: string | null;
  /** Where to find reports when the curated row has no URL. */
  search_url: string;
  /** Where the assessment's figures come from (the curated row's provenance), or null when not assessed. */
  provenance: string | null;
  sample: boolean;
  band: RatingBand | null;
  bands: RatingBand[];
  themes: {id: string; name: string; statements: QualityStatementScore[]}[];
  note: string;
}

export interface SourceFreshness {
  source_id: string;
  title: string;
  url: string;
  vintage: string;
  retrieved_at: string;
  sample: boolean;
  /** Which figures in the file come from the seed papers, or "". */
  seeded: string;
  /** Council pages leave these out (About lists every file in full). */
  publisher?: string;
  file?: string;
  illustrative?: string;
  /** Where this copy came from when it is not the publisher's own download. */
  copy_of?: string;
  licence?: string;
}

/** Facts two raw files gave differently, and which the snapshot kept (loaders/precedence.ts). */
export interface RevisionSummary {
  total: number;
  by_sources: {kept: string; other: string; count: number}[];
  /** The largest disagreements, for the About page's table. */
  examples: {indicator_id: string; title: string; area_code: string; area: string; period: string; breakdown: string; kept: string; kept_source: string; other: string; other_source: string}[];
}

/**
 * What the validation layer checked before the build's snapshot was accepted (loaders/validation.ts):
 * each rule with how many rows it judged, the violations (always 0 in a build), and the caveats:
 * what real published files break, counted, with examples.
 */
export interface ValidationView {
  checked_on: string;
  files: number;
  facts: number;
  rows: number;
  violations: number;
  rules: {id: string; kind: string; applied: "rows" | "reading"; description: string; checked: number | null; violations: number; caveats: number}[];
  caveats: {rule: string; reason: string; count: number; examples: string[]}[];
}

export interface FamilyFreshness {
  family: Family;
  label: string;
  /** The latest period of the family's headline indicators in this build. */
  latest_period: string | null;
  /** Most recent retrieval of any of the family's files. */
  retrieved_at: string | null;
  sample: boolean;
  sources: SourceFreshness[];
}

export interface CouncilChanges {
  /** False when no change report exists (no previous snapshot to compare with). */
  available: boolean;
  generated_at: string | null;
  message: string;
  /** Plain sentences, most important first. */
  items: string[];
  counts: {revisions: number; rank_moves: number; new_periods: number; sources: number};
}

export interface CouncilPageData {
  version: 1;
  code: string;
  name: string;
  short_name: string;
  region_code: string;
  region_name: string;
  snapshot_generated_at: string;
  /** The default comparator group: CIPFA where the snapshot has one, else the region. */
  default_group: string;
  /** Why the default is not the council's CIPFA nearest neighbours ("" when it is). */
  default_group_reason: string;
  groups: GroupJson[];
  headlines: HeadlineValue[];
  /** group_id → one comparison per headline indicator, in the order of `headlines`. */
  comparisons: Record<string, GroupComparison[]>;
  cqc: CqcSummary;
  freshness: FamilyFreshness[];
  changes: CouncilChanges;
  sample: boolean;
  /** Headline figures with a value from a published file, and from the sample. */
  published_headlines: number;
  sample_headlines: number;
  sample_note: string;
}

export interface OverviewData {
  version: 1;
  snapshot_generated_at: string;
  councils: {code: string; name: string; region_code: string; region_name: string}[];
  regions: {code: string; name: string}[];
  cqc: {
    assessed: number;
    total: number;
    by_rating: {rating: string; count: number}[];
    councils: {code: string; name: string; region_name: string; rating: string; overall_pct: number | null; report_date: string}[];
    sample: boolean;
  };
  /** The headline indicators across every council: the same identity as a council page's headline, then the values. */
  indicators: (Pick<HeadlineValue, "indicator_id" | "family" | "title" | "short_title" | "unit" | "polarity"> & {
    period: string | null;
    england: number | null;
    sample: boolean;
    values: {code: string; value: number}[];
  })[];
  freshness: FamilyFreshness[];
}

export interface AboutData {
  version: 1;
  snapshot_generated_at: string;
  sources: {id: string; family: string; title: string; publisher: string; url: string; vintage: string; curated: boolean; files: SourceFreshness[]}[];
  indicators: {
    indicator_id: string; family: string; title: string; unit: string; polarity: Polarity; definition: string;
    source: string; source_url: string; caveats: string; series_breaks: {period: string; note: string}[];
    codes: {code: string; from?: string; to?: string}[]; periods: string[]; headline: boolean; derived: boolean;
  }[];
  files: SourceFreshness[];
  freshness: FamilyFreshness[];
  revisions: RevisionSummary;
  /** The validation summary, or null for a snapshot assembled without it. */
  validation?: ValidationView | null;
}

/** A headline's sentence as the page shows it: the group-independent half, then the group-dependent half. */
export function headlineSentence(headline: Pick<HeadlineValue, "change_sentence">, comparison: Pick<GroupComparison, "position_sentence">): string {
  return comparison.position_sentence ? `${headline.change_sentence}; ${comparison.position_sentence}` : `${headline.change_sentence}.`;
}
