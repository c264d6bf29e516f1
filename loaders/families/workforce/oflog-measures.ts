/**
 * The measure codes of MHCLG's Oflog adult social care extract (`ASC_data.csv` in
 * communitiesuk/oflog-automated-text), what each one is, and what this project does with it.
 *
 * Only ASC7 (Skills for Care's turnover rate) is loaded as facts. ASC1 to ASC5 restate ASCOF
 * outcomes, which the ASCOF sources already load with numerators and denominators: they are used
 * only to cross-check those facts (`oflog-crosscheck.ts`). ASC6 is a SALT activity measure with no
 * ASCOF counterpart. The ASCOF code of each was read from the `Measure` text and confirmed on the
 * values: ASC2 "ASC Quality of Life" is 1J (the adjusted score, about 0.4), not 1A (a score out
 * of 24); ASC1 is the carers' score out of 12 (1D); ASC3/ASC4 and ASC5 are percentages (3D1/3D2, 2D).
 */
export type OflogMeasureUse = "fact" | "ascof_crosscheck" | "not_used";

export interface OflogMeasure {
  code: string;
  /** The `Measure` text as published; a row whose text differs fails, so a reused code cannot slip through. */
  measure: string;
  use: OflogMeasureUse;
  /** ASCOF code (numbering up to 2022-23, the extract's last year), for ASC1 to ASC5. */
  ascof_code?: string;
  /** Decimal places ASCOF publishes the measure to: the rounding the cross-check allows for. */
  ascof_decimals?: number;
  /** The project's indicator for ASC7. */
  indicator_id?: string;
  note: string;
}

export const OFLOG_MEASURES: OflogMeasure[] = [
  {code: "ASC1", measure: "Outcome, ASC Carer Quality of Life", use: "ascof_crosscheck", ascof_code: "1D", ascof_decimals: 1, note: "carer-reported quality of life score (out of 12), carers' survey years only"},
  {code: "ASC2", measure: "Outcome, ASC Quality of Life", use: "ascof_crosscheck", ascof_code: "1J", ascof_decimals: 3, note: "adjusted social care-related quality of life: impact of services"},
  {code: "ASC3", measure: "Outcome, Ease of finding information about services : service users", use: "ascof_crosscheck", ascof_code: "3D1", ascof_decimals: 1, note: "% of service users who find it easy to find information"},
  {code: "ASC4", measure: "Outcome, Ease of finding information about support : carers", use: "ascof_crosscheck", ascof_code: "3D2", ascof_decimals: 1, note: "% of carers who find it easy to find information"},
  {code: "ASC5", measure: "Outcome, Outcome of short-term services: sequel to service", use: "ascof_crosscheck", ascof_code: "2D", ascof_decimals: 1, note: "% of short-term service episodes with no further or lower-level support"},
  {code: "ASC6", measure: "Outcome, Requests resulting in a service", use: "not_used", note: "SALT requests for support resulting in a service, scaled by population; not an ASCOF measure"},
  {code: "ASC7", measure: "Outcome, Workforce turnover rate", use: "fact", indicator_id: "workforce-turnover-rate", note: "Skills for Care staff turnover rate, %"}
];

export const OFLOG_MEASURE_BY_CODE = new Map(OFLOG_MEASURES.map((measure) => [measure.code, measure]));

/** Measure texts compared without case, spacing or spaces around punctuation. */
export function normaliseMeasureText(text: string): string {
  return text.trim().toLowerCase().replace(/\s*([,:;])\s*/g, "$1 ").replace(/\s+/g, " ").trim();
}
