/**
 * Skills for Care's dimension vocabulary (sector, service, job role) across editions, in one table.
 *
 * Editions disagree: the 2019-20 LA data download wrote job roles as `Individual role - Care worker`
 * and `Job role group - Direct care`; the Oct-2021 file wrote `Care worker` and `Direct care`
 * (../shared/docs/data-sources.md §1, seen in third-party code reading both files). Case and
 * spacing drift too. Every published label is reduced to one canonical label here, and nowhere else.
 */

export type WorkforceDimension = "sector" | "service" | "job_role";

/** The order dimensions take in a breakdown string: `sector=...;service=...;job_role=...`. */
export const DIMENSION_ORDER: readonly WorkforceDimension[] = ["sector", "service", "job_role"];

/** The "all" value of each dimension: a row at that value is not broken down by it. */
export const ALL_VALUES: Record<WorkforceDimension, string> = {
  sector: "All sectors",
  service: "All services",
  job_role: "All job roles"
};

/**
 * Edition prefixes that carry no meaning of their own. `Job role group - ` marks a group of roles
 * (Direct care, Manager/supervisor, Regulated professional, Other); the canonical label of a group
 * is its plain name, as the Oct-2021 file writes it.
 */
const JOB_ROLE_PREFIXES = [/^individual role\s*[-–:]\s*/i, /^job role group\s*[-–:]\s*/i, /^job role\s*[-–:]\s*/i];

/**
 * Canonical labels, keyed by the normalised published form (see `vocabularyKey`). A label not in
 * the table is kept as published (tidied) and reported in the parse notes: the vocabulary is open,
 * and Skills for Care added job roles in August 2023.
 */
const CANONICAL: Record<WorkforceDimension, Record<string, string>> = {
  sector: Object.fromEntries(
    [
      ["all sectors", "All sectors"],
      ["all sector", "All sectors"],
      ["independent", "Independent"],
      ["independent sector", "Independent"],
      ["local authority", "Local authority"],
      ["local authority adult services", "Local authority"],
      ["nhs", "NHS"],
      ["direct payment recipients", "Direct payment recipients"],
      ["direct payments recipients", "Direct payment recipients"]
    ]
  ),
  service: Object.fromEntries(
    [
      ["all services", "All services"],
      ["all service", "All services"],
      ["adult residential", "Adult residential"],
      ["residential", "Adult residential"],
      ["adult domiciliary", "Adult domiciliary"],
      ["domiciliary care", "Adult domiciliary"],
      ["domiciliary", "Adult domiciliary"],
      ["adult community care", "Adult community care"],
      ["community care", "Adult community care"],
      ["community", "Adult community care"],
      ["adult day", "Adult day"],
      ["day care", "Adult day"],
      ["day", "Adult day"]
    ]
  ),
  job_role: Object.fromEntries(
    [
      ["all job roles", "All job roles"],
      ["all roles", "All job roles"],
      ["all job role", "All job roles"],
      ["care worker", "Care worker"],
      ["senior care worker", "Senior care worker"],
      ["support and outreach", "Support and outreach"],
      ["registered nurse", "Registered nurse"],
      ["nurse", "Registered nurse"],
      ["social worker", "Social worker"],
      ["occupational therapist", "Occupational therapist"],
      ["registered manager", "Registered manager"],
      ["senior management", "Senior management"],
      ["first line manager", "First line manager"],
      ["direct care", "Direct care"],
      ["manager supervisor", "Manager/supervisor"],
      ["managers supervisors", "Manager/supervisor"],
      ["regulated professional", "Regulated professional"],
      ["regulated professions", "Regulated professional"],
      ["other", "Other"],
      ["other roles", "Other"]
    ]
  )
};

/** Case, spacing, `&`/`and` and punctuation drift reduced away. */
export function vocabularyKey(label: string): string {
  return label.toLowerCase().replace(/&/g, " and ").replace(/[^a-z0-9]+/g, " ").trim();
}

export interface NormalisedLabel {
  label: string;
  known: boolean;
}

/** The canonical label of a published sector, service or job role. */
export function normaliseDimensionValue(dimension: WorkforceDimension, published: string): NormalisedLabel {
  let text = published.replace(/\s+/g, " ").trim();
  if (dimension === "job_role") for (const prefix of JOB_ROLE_PREFIXES) text = text.replace(prefix, "");
  const canonical = CANONICAL[dimension][vocabularyKey(text)];
  return canonical ? {label: canonical, known: true} : {label: text, known: false};
}

/**
 * The canonical breakdown: dimensions at their "all" value are left out, the rest joined in
 * DIMENSION_ORDER; all three at "all" is `total`. So "All sectors / All services / Care worker"
 * is `job_role=Care worker`, and comparator queries on `total` find every council's headline row.
 */
export function workforceBreakdown(values: Record<WorkforceDimension, string>): string {
  const parts = DIMENSION_ORDER.filter((dimension) => values[dimension] !== ALL_VALUES[dimension]).map((dimension) => `${dimension}=${values[dimension]}`);
  return parts.length ? parts.join(";") : "total";
}
