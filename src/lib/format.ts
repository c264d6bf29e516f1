/** en-GB formatting, by hand because Plot has no global locale (observablehq/plot#384). */
const numberFormats = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  let format = numberFormats.get(digits);
  if (!format) numberFormats.set(digits, (format = new Intl.NumberFormat("en-GB", {minimumFractionDigits: 0, maximumFractionDigits: digits})));
  return format.format(value);
}

const fixedFormats = new Map<number, Intl.NumberFormat>();

/** A value with its unit as a reader expects it: "72.0%", "560.8 per 100,000", "19.1". */
export function formatValue(value: number | null | undefined, unit: string, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "no value";
  // Cached: constructing an Intl.NumberFormat costs far more than formatting (the council pages format tens of thousands of values at build time).
  let format = fixedFormats.get(digits);
  if (!format) fixedFormats.set(digits, (format = new Intl.NumberFormat("en-GB", {minimumFractionDigits: digits, maximumFractionDigits: digits})));
  const fixed = format.format(value);
  if (unit === "%") return `${fixed}%`;
  if (unit === "count") return formatNumber(value, 0);
  if (unit.startsWith("per ")) return `${fixed} ${unit}`;
  if (unit === "days") return `${fixed} days`;
  return fixed;
}

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({1: "st", 2: "nd", 3: "rd"} as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {day: "numeric", month: "long", year: "numeric", timeZone: "UTC"});

export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return dateFormat.format(date);
}

/** "2023-24" stays as published; an ISO date becomes "30 September 2024". */
export function formatPeriod(period: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(period) ? formatDate(period) : period;
}

/** "age=65-74;sex=Female" → "Age 65-74, Female"; "total" → "All". */
export function formatBreakdown(breakdown: string): string {
  if (breakdown === "total") return "All";
  return breakdown
    .split(";")
    .map((part) => {
      const [dimension, value] = part.split("=");
      if (dimension === "age") return `Age ${value}`;
      if (dimension === "sex") return value;
      return `${dimension.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase())}: ${value}`;
    })
    .join(", ");
}
