/**
 * The canonical tables' schema, declared once: every table's columns with their type,
 * nullability and meaning. loaders/model.ts builds the Arrow schemas and the row types from it,
 * and the notebook kit (src/notebooks/kit.ts) lists it for analysts, so the two can never drift.
 * Pure data, importing only the domain: the loaders (Node) and the pages (browser) both load it.
 *
 * Types are what the pages' SQL sees (DuckDB-Wasm reads utf8 as VARCHAR, float64 as DOUBLE,
 * int32 as INTEGER, bool as BOOLEAN); how a column is stored (a dictionary for repeated strings)
 * is loaders/model.ts's and loaders/compact-arrow.ts's business.
 */
import {QUALITY_STATEMENTS, type QualityStatementId} from "./cqc.js";

export type ColumnType = "utf8" | "float64" | "int32" | "bool";

export interface TableColumn<N extends string = string> {
  name: N;
  type: ColumnType;
  nullable: boolean;
  description: string;
}

export interface CanonicalTable {
  name: string;
  description: string;
  columns: readonly TableColumn[];
}

/** A column declaration that keeps its name, type and nullability as literal types, for the row types. */
function column<const N extends string, const T extends ColumnType, const Nullable extends boolean = false>(
  name: N, type: T, description: string, nullable = false as Nullable
): {name: N; type: T; nullable: Nullable; description: string} {
  return {name, type, nullable, description};
}

/** Every canonical table; each is registered by name in a notebook's `sql:` front matter. */
export const TABLES = [
  {
    name: "facts",
    description: "One row per published value, every family in one long table. Join areas on area_code and indicators on indicator_id.",
    columns: [
      column("indicator_id", "utf8", "Key into indicators; stable across publisher renumbering (ASCOF 2B1 and 2D1 are one indicator)"),
      column("area_code", "utf8", "ONS GSS code: council (E06/E08/E09/E10), region (E12), England (E92000001); NHSFP: for NHS footprints"),
      column("period", "utf8", "As published: 2023-24 for a financial year, an ISO date for a snapshot"),
      column("breakdown", "utf8", "total, or dimension=value (age=65-74; type_of_risk=Neglect and Acts of Omission)"),
      column("value", "float64", "The published value; null when suppressed or not available", true),
      column("numerator", "float64", "When published (or derived from published counts); used for intervals", true),
      column("denominator", "float64", "When published; used for intervals and funnel limits", true),
      column("status", "utf8", "ok, suppressed, not_available, provisional, estimate or derived"),
      column("source_id", "utf8", "The extract the row came from (snapshot.source_id); derived:<ids> for computed rows"),
      column("vintage", "utf8", "The release the row came from")
    ]
  },
  {
    name: "areas",
    description: "Councils, regions, England, former councils and NHS footprints, with their names as publishers write them.",
    columns: [
      column("code", "utf8", "GSS code (or NHSFP:<name> for an NHS footprint)"),
      column("name", "utf8", "Official name"),
      column("short_name", "utf8", "Name for chart labels"),
      column("type", "utf8", "UA, MD, LB, CC, region, country, nhs_footprint or former"),
      column("region_code", "utf8", "ONS region", true),
      column("region_name", "utf8", "ONS region name", true),
      column("ics_code", "utf8", "Integrated care system (ICB) code", true),
      column("ics_name", "utf8", "Integrated care system name", true),
      column("cassr_code", "utf8", "Council with adult social services responsibility code, as NHS England publishes", true),
      column("aliases", "utf8", "Published name variants, |-separated")
    ]
  },
  {
    name: "groups",
    description: "Comparator groups, one row per member. Join facts on member_code = area_code.",
    columns: [
      column("group_id", "utf8", "cipfa-E06000035, region-E12000008, england, custom-..."),
      column("kind", "utf8", "all_england, region, ics, cipfa, nhse_peer or custom"),
      column("label", "utf8", "Readable name of the group"),
      column("focal_code", "utf8", "The council a neighbour group is built around; null for regions, ICSs and custom groups", true),
      column("member_code", "utf8", "One member (the focal council is a member of its own group)"),
      column("rank", "int32", "Neighbour rank or distance order, where published", true),
      column("vintage", "utf8", "Release of the list"),
      column("provenance", "utf8", "Where the list comes from"),
      column("sample", "bool", "True when the list is an illustrative sample, not the publisher's")
    ]
  },
  {
    name: "indicators",
    description: "The catalogue: one row per indicator, the only place titles, units, polarity, definitions and sources live.",
    columns: [
      column("indicator_id", "utf8", "Indicator key (facts.indicator_id)"),
      column("family", "utf8", "workforce, cqc, safeguarding or reablement"),
      column("title", "utf8", "Title for charts"),
      column("short_title", "utf8", "Short title for labels"),
      column("unit", "utf8", "%, per 100,000 adults, count, days, years, score..."),
      column("value_type", "utf8", "proportion, rate, count, score or mean: decides which interval applies"),
      column("multiplier", "float64", "100 for a percentage, 100000 for a rate per 100,000; used for intervals", true),
      column("polarity", "utf8", "high_is_good, low_is_good or no_judgement"),
      column("definition", "utf8", "What is counted, with numerator and denominator"),
      column("source", "utf8", "Publisher and collection, for citation"),
      column("source_url", "utf8", "Publisher's page, for citation"),
      column("codes", "utf8", "JSON list of publisher codes over time [{code, from, to}]"),
      column("series_breaks", "utf8", "JSON list [{period, note}]: mark these on trends"),
      column("caveats", "utf8", "What to tell a reader"),
      column("derived", "bool", "True when computed here from published counts")
    ]
  },
  {
    name: "cqc_assessments",
    description: "CQC local authority assessments: the published overall score and rating and the nine quality-statement scores (1-4).",
    columns: [
      column("area_code", "utf8", "Council (GSS code)"),
      column("report_date", "utf8", "Publication date (ISO)"),
      column("report_url", "utf8", "The CQC report"),
      column("overall_pct", "float64", "Published overall score %; never recompute it from the nine scores", true),
      column("rating", "utf8", "Outstanding, Good, Requires improvement or Inadequate"),
      // One score column per quality statement, named by its id: qs1 … qs9.
      ...QUALITY_STATEMENTS.map((s) => column(s.id.toLowerCase() as Lowercase<QualityStatementId>, "int32", `Quality statement ${s.number}: ${s.name} (1-4, null if not assessed)`, true)),
      column("provenance", "utf8", "Where the row's figures come from (CQC report, seed paper and lines, or the league-table scrape)"),
      column("source_id", "utf8", "The extract the row came from"),
      column("sample", "bool", "True when the row is illustrative")
    ]
  },
  {
    name: "cqc_locations",
    description: "CQC-registered care locations by council from the care directory, with their latest rating.",
    columns: [
      column("location_id", "utf8", "CQC location id"),
      column("area_code", "utf8", "Council the location is in"),
      column("service_type", "utf8", "Service type (one rule, in loaders/families/cqc/service-types.ts)"),
      column("care_home", "bool", "True for a care home"),
      column("beds", "float64", "Care home beds", true),
      column("rating", "utf8", "Latest overall rating"),
      column("rating_date", "utf8", "Date of that rating", true),
      column("source_id", "utf8", "The directory edition"),
      column("vintage", "utf8", "Edition date")
    ]
  },
  {
    name: "snapshot",
    description: "The manifest of this build: one row per raw file, with its release, retrieval time and whether it is sample data.",
    columns: [
      column("source_id", "utf8", "Source id (facts.source_id)"),
      column("family", "utf8", "Family of the source"),
      column("file", "utf8", "Path under data/raw/"),
      column("url", "utf8", "Publisher's address for the extract"),
      column("vintage", "utf8", "Release"),
      column("retrieved_at", "utf8", "When it was fetched (ISO)"),
      column("sha256", "utf8", "Hash of the file"),
      column("bytes", "float64", "File size in bytes", true),
      column("rows", "float64", "Rows parsed", true),
      column("sample", "bool", "True when the file is the built-in sample rather than a publisher download"),
      column("seeded", "utf8", "Which figures in a sample file come from the seed papers, or empty")
    ]
  }
] as const satisfies readonly CanonicalTable[];

export type TableName = (typeof TABLES)[number]["name"];

/** The columns of one table, as declared above. */
export type ColumnsOf<T extends TableName> = Extract<(typeof TABLES)[number], {name: T}>["columns"][number];

type Value<C extends TableColumn> = (C["type"] extends "utf8" ? string : C["type"] extends "bool" ? boolean : number) | (C["nullable"] extends true ? null : never);

/**
 * A row of one table as plain values (strings, numbers, booleans, null where nullable). The
 * loaders' row interfaces (loaders/model.ts) extend these and narrow the enumerated columns.
 */
export type RowOf<T extends TableName> = {[C in ColumnsOf<T> as C["name"]]: Value<C>};

