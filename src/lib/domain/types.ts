/**
 * The shared vocabulary of the domain, in one place for both sides of the build: the loaders
 * (run by tsx) and the Framework site import these types, so an indicator, a polarity or a
 * family means the same thing wherever it is read. Types only, and no imports beyond the domain.
 */
import type {GroupKind} from "./groups.js";

/** Which way is better: the judgement a rank, a quartile or a test against England carries. */
export type Polarity = "high_is_good" | "low_is_good" | "no_judgement";

/** The four families of published data, each with its explorer page and loader folder. */
export type Family = "reablement" | "safeguarding" | "workforce" | "cqc";

/** How an indicator's value is built, which decides its confidence interval (src/lib/stats.ts valueInterval). */
export type ValueType = "proportion" | "rate" | "count" | "score" | "mean";

/**
 * An indicator as the catalogue defines it. The canonical table (loaders/model.ts IndicatorRow)
 * stores `codes` and `series_breaks` as JSON text; options.json and the pages carry them parsed.
 */
export interface Indicator {
  indicator_id: string;
  family: Family;
  title: string;
  short_title: string;
  /** "%", "per 100,000 adults", "count", "days", "score". */
  unit: string;
  value_type: ValueType;
  /** 100 for a percentage of numerator/denominator, 100000 for a rate per 100,000; null otherwise (used for intervals). */
  multiplier: number | null;
  polarity: Polarity;
  definition: string;
  source: string;
  source_url: string;
  caveats: string;
  derived: boolean;
}

/** Publisher codes over time (ASCOF 2B1 until 2022-23, 2D1 from 2023-24) and the series breaks, parsed. */
export interface IndicatorHistory {
  codes: {code: string; from?: string; to?: string}[];
  series_breaks: {period: string; note: string}[];
}

/**
 * A comparator group: built around one council (CIPFA nearest neighbours, NHS England peers) or
 * not (England, a region, an ICS, a custom group). The canonical table has one row per member
 * (loaders/model.ts GroupRow); GroupInfo, as options.json carries it, lists the members.
 */
export interface Group {
  group_id: string;
  kind: GroupKind;
  label: string;
  /** The council the group is built around; null for groups that are not (region, ICS, custom, England). */
  focal_code: string | null;
  vintage: string;
  provenance: string;
  /** True when the membership list is the project's illustrative sample. */
  sample: boolean;
}

export interface GroupInfo extends Group {
  members: string[];
}
