/**
 * What a family module provides: the publisher extracts it knows how to parse (sources) and the
 * indicators it emits (catalogue entries). `loaders/sources.ts` and `loaders/indicators.ts`
 * gather these from every family; nothing else registers sources or indicators.
 */
import type {CanonicalTables, Family, Polarity, IndicatorRow} from "../model.ts";

export type SourceFormat = "csv" | "xlsx" | "ods" | "json" | "html";

export interface SourceDefinition {
  /** Stable id used by the CLI, the manifest and every fact row, e.g. "ascof-2023-24". */
  id: string;
  family: Family | "geography";
  title: string;
  publisher: string;
  /** The release: "2023-24" for a financial year, an ISO month or date for a dated snapshot. */
  vintage: string;
  /**
   * For a single-year release (an ASCOF annual file, a SAC year, a Skills for Care edition): the one
   * data period its facts carry. loaders/validation.ts refuses a file that gives any other period.
   */
  period?: string;
  /** The publisher's URL for this extract (for the refresh, and shown on pages). */
  url: string;
  format: SourceFormat;
  /** Where the file lives under data/raw/, e.g. "reablement/ascof-2023-24.csv". */
  raw_path: string;
  /**
   * When the publisher's URL is not stable (hashed paths, a new URL per release), how the current
   * file is found: a landing page and a pattern for the link on it.
   */
  discovery?: {landing_page: string; link_pattern: string; note: string};
  /** Curated files maintained in this repository (CQC LA assessments, the OT profile) are not fetched. */
  curated?: boolean;
  /**
   * A third party's compilation of a publisher's files (the ASCOF trend file): any publisher file
   * giving the same fact wins over it (loaders/precedence.ts).
   */
  compilation?: boolean;
  /** Parse one file of this source into canonical tables; throw DataError on bad input. */
  parse(bytes: Uint8Array, file: string): CanonicalTables | Promise<CanonicalTables>;
}

export interface IndicatorDefinition {
  indicator_id: string;
  family: Family;
  title: string;
  short_title: string;
  unit: string;
  value_type: IndicatorRow["value_type"];
  /** 100 for a percentage of numerator/denominator, 100000 for a rate per 100,000; null otherwise. */
  multiplier: number | null;
  polarity: Polarity;
  definition: string;
  source: string;
  source_url: string;
  /** Publisher codes over time, e.g. ASCOF 2B1 until 2022-23 and 2D1 from 2023-24. */
  codes?: {code: string; from?: string; to?: string}[];
  series_breaks?: {period: string; note: string}[];
  caveats?: string;
  derived?: boolean;
}

export interface FamilyModule {
  sources: SourceDefinition[];
  indicators: IndicatorDefinition[];
}
