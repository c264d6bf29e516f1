/**
 * How a value is written in the table behind a chart and in its CSV, the same way for every
 * chart: tables show the formatted value (no unit in the cell; the unit is in the header), CSVs
 * the number rounded to what the publisher gives, blank when there is none.
 */
import {formatValue} from "../lib/format.js";

export function valueHeader(unit: string): string {
  return unit === "%" ? "Value (%)" : `Value (${unit})`;
}

/** "84.2" for 84.2%, "560.8" for 560.8 per 100,000: the number as formatted, without its unit. */
export function valueCell(value: number | null | undefined, unit: string, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const text = formatValue(value, unit, digits);
  if (unit === "%") return text.replace(/%$/, "");
  if (unit.startsWith("per ")) return text.slice(0, -unit.length - 1);
  if (unit === "days") return text.replace(/ days$/, "");
  return text;
}

/** A number for a CSV cell: rounded to `digits` decimals (limits and medians carry float noise). */
export function csvNumber(value: number | null | undefined, digits = 3): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
