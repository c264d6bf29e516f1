/**
 * CSV of exactly what a chart shows, with a metadata header a reader can cite: indicator,
 * definition, source, vintage, comparator group and members, filters, snapshot. Text cells that
 * a spreadsheet would execute (starting with =, +, -, @, tab or carriage return) are prefixed
 * with an apostrophe (OWASP "CSV injection"); numbers are written as numbers.
 */
export type CsvCell = string | number | boolean | null | undefined;

export function escapeCsvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvColumn<T> {
  label: string;
  value: (row: T) => CsvCell;
}

export function toCsv<T>(rows: readonly T[], columns: CsvColumn<T>[], metadata: [string, CsvCell][] = []): string {
  const lines: string[] = [];
  for (const [key, value] of metadata) lines.push(`${escapeCsvCell(key)},${escapeCsvCell(value)}`);
  if (metadata.length) lines.push("");
  lines.push(columns.map((c) => escapeCsvCell(c.label)).join(","));
  for (const row of rows) lines.push(columns.map((c) => escapeCsvCell(c.value(row))).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** A download link for CSV text (a Blob URL), labelled for screen readers. */
export function csvDownloadLink(csv: string, filename: string, label = "Download CSV of this chart"): HTMLAnchorElement {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([csv], {type: "text/csv;charset=utf-8"}));
  link.download = filename;
  link.textContent = label;
  link.className = "csv-download";
  link.setAttribute("data-csv", "");
  return link;
}

export function csvFilename(...parts: string[]): string {
  return parts.map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")).filter(Boolean).join("_") + ".csv";
}
