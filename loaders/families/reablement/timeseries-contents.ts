/**
 * The two index sheets of DHSC's ASCOF time series workbook (parse-ascof-timeseries.ts describes the
 * layout): `Contents`, one row per measure with its 2024-25 and 2022-23 codes, and
 * `Comparability_over_time_log`; and how a Contents row is resolved to one catalogue indicator
 * across the 2023-24 renumbering, or deliberately not kept.
 */
import type {Workbook} from "../../read/spreadsheet.ts";
import {locateColumns} from "../../read/table.ts";
import {DataError, type Location} from "../../validate.ts";
import {ASCOF_MEASURES, RENUMBERED_FROM, ascofIndicatorFor, normaliseAscofCode} from "./measures.ts";

/**
 * Measures in the workbook that are deliberately not loaded, by normalised 2024-25 code.
 * 2E(2a) and 2E(2b) are new in 2024-25: people of any primary support reason receiving long-term
 * support who live in their own home or with family, aged 18 to 64 and aged 65 and over. They are
 * not 2E(1) (learning disability), so they must not go into ascof_ld_own_home. There is no earlier
 * series, and the catalogue has no entry for them yet. Adding one means deciding whether they are
 * one indicator with age breakdowns or two, and what the definition says; until then they are left out.
 */
export const NOT_KEPT: Record<string, string> = {
  "2E2A": "new 2024-25 CLD measure (long-term support, own home or with family, aged 18 to 64) with no catalogue entry yet",
  "2E2B": "new 2024-25 CLD measure (long-term support, own home or with family, aged 65 and over) with no catalogue entry yet"
};

export interface ContentsEntry {
  code: string;
  old_code: string | null;
  description: string;
  row: number;
}

export const CODE_PATTERN = /^\d[A-Z](\(\d[A-Z]?\)|\(\d?[A-Z]\))?$/i;

/** "2024 to 2025" -> "2024-25"; undefined when the text is not two consecutive years. */
export function periodFromYears(text: string): string | undefined {
  const match = /^\s*(\d{4})\s+to\s+(\d{4})\s*$/i.exec(text);
  if (!match || Number(match[2]) !== Number(match[1]) + 1) return undefined;
  return `${match[1]}-${match[2].slice(2)}`;
}

/** "2024-25" -> "2024 to 2025". */
export function yearsFromPeriod(period: string): string {
  const start = Number(period.slice(0, 4));
  return `${start} to ${start + 1}`;
}

/** The last period of the old numbering (2022-23), whose codes Contents gives. */
const LAST_OLD_START = Number(RENUMBERED_FROM.slice(0, 4)) - 1;
const LAST_OLD_PERIOD = `${LAST_OLD_START}-${String(LAST_OLD_START + 1).slice(2)}`;

/** One row of the Comparability_over_time_log sheet. */
export interface ComparabilityEntry {
  /** The release's code (`2D(1)`), null for measures removed from the framework (`[z]`). */
  code: string | null;
  old_code: string | null;
  period: string;
  description: string;
  row: number;
}

/** The Contents sheet: each measure's 2024-25 code, its 2022-23 code (or none), description and row; a code listed twice is refused. */
export function readContents(workbook: Workbook, vintage: string): {byCode: Map<string, ContentsEntry>} {
  const table = workbook.sheet("Contents", {isHeader: (cells) => cells.some((c) => c.toLowerCase() === "metric") && cells.some((c) => /\bcode$/i.test(c))});
  const oldHeader = `${yearsFromPeriod(LAST_OLD_PERIOD)} Code`;
  const columns = locateColumns(table, {metric: ["Metric"], description: ["Description"], old_code: [oldHeader]});
  const byCode = new Map<string, ContentsEntry>();
  table.rows.forEach((cells, i) => {
    const row = table.rowNumbers[i];
    const code = cells[columns.metric].trim();
    const oldText = cells[columns.old_code].trim();
    if (!CODE_PATTERN.test(code)) {
      throw new DataError({file: table.file, sheet: table.sheet, row, column: "Metric"}, `not an ASCOF ${vintage} metric code`, {value: cells[columns.metric], expected: "a code such as 1A, 2D(1) or 3D(1a)"});
    }
    let old_code: string | null = null;
    if (!/^not applicable$/i.test(oldText)) {
      if (!CODE_PATTERN.test(oldText)) throw new DataError({file: table.file, sheet: table.sheet, row, column: table.header[columns.old_code]}, "not an ASCOF metric code or 'Not applicable'", {value: oldText, expected: "a code such as 2B(1), or 'Not applicable' for a measure new since 2023-24"});
      old_code = oldText;
    }
    const key = normaliseAscofCode(code);
    const twice = byCode.get(key);
    if (twice) throw new DataError({file: table.file, sheet: table.sheet, row, column: "Metric"}, "a code listed twice in Contents", {value: code, expected: `one row per measure (the first is row ${twice.row})`});
    byCode.set(key, {code, old_code, description: cells[columns.description].trim(), row});
  });
  return {byCode};
}

/** Comparability_over_time_log, row by row: returned as the result's `comparability`, and consulted where Contents and the catalogue disagree. */
export function readComparabilityLog(workbook: Workbook, vintage: string): ComparabilityEntry[] {
  const table = workbook.sheet("Comparability_over_time_log", {isHeader: (cells) => cells.some((c) => c.toLowerCase() === "year of change")});
  const columns = locateColumns(table, {
    code: [`${yearsFromPeriod(vintage)} metric code`],
    old_code: [`${yearsFromPeriod(LAST_OLD_PERIOD)} metric code`],
    year: ["Year of change"],
    description: ["Description of impact on comparability over time"]
  });
  return table.rows.map((cells, i) => {
    const row = table.rowNumbers[i];
    const where = (column: keyof typeof columns) => ({file: table.file, sheet: table.sheet, row, column: table.header[columns[column]]});
    const code = cells[columns.code].trim();
    const oldCode = cells[columns.old_code].trim();
    for (const [text, column] of [[code, "code"], [oldCode, "old_code"]] as const) {
      if (text !== "[z]" && !CODE_PATTERN.test(text)) throw new DataError(where(column), "not an ASCOF metric code or [z]", {value: text, expected: "a code such as 2D(1), or [z] for a measure not in one of the two numberings"});
    }
    const period = periodFromYears(cells[columns.year]);
    if (!period) throw new DataError(where("year"), "not a financial year", {value: cells[columns.year], expected: "a year such as '2024 to 2025'"});
    return {code: code === "[z]" ? null : code, old_code: oldCode === "[z]" ? null : oldCode, period, description: cells[columns.description].trim(), row};
  });
}

/** The catalogue indicator of one Contents row, cross-checked between its two codes (see the module comment). */
export function resolveMeasure(entry: ContentsEntry, log: ComparabilityEntry[], vintage: string, file: string, note: (text: string) => void): {indicator_id: string} | {not_kept: string} {
  const where = (column: string): Location => ({file, sheet: "Contents", row: entry.row, column});
  const oldColumn = `${yearsFromPeriod(LAST_OLD_PERIOD)} Code`;
  const current = ascofIndicatorFor(entry.code, vintage);
  const previous = entry.old_code ? ascofIndicatorFor(entry.old_code, LAST_OLD_PERIOD) : undefined;
  if (entry.old_code && !previous) {
    throw new DataError(where(oldColumn), `${entry.code}'s ${LAST_OLD_PERIOD} code ${entry.old_code} is not in the catalogue`, {value: entry.old_code, expected: "a code listed as old_code in loaders/families/reablement/measures.ts"});
  }
  if (current && (!previous || previous === current)) return {indicator_id: current};
  if (current && previous) {
    // Contents and the catalogue disagree: the comparability log's own pairing for this code decides.
    const logged = log.filter((e) => e.code && normaliseAscofCode(e.code) === normaliseAscofCode(entry.code) && e.old_code);
    const loggedIds = new Set(logged.map((e) => ascofIndicatorFor(e.old_code!, LAST_OLD_PERIOD)));
    if (logged.length && loggedIds.size === 1 && loggedIds.has(current)) {
      note(`Contents row ${entry.row} gives ${entry.old_code} as the ${LAST_OLD_PERIOD} code of ${entry.code}, a different measure in the catalogue (${previous}); Comparability_over_time_log gives ${logged[0].old_code}, which matches ${current}: filed as ${current}`);
      return {indicator_id: current};
    }
    throw new DataError(where(oldColumn), `Contents maps ${entry.code} to ${entry.old_code}, but the catalogue holds ${entry.code} as ${current} and ${entry.old_code} as ${previous}`, {
      value: entry.old_code,
      expected: `the ${LAST_OLD_PERIOD} code of ${current}, or a Comparability_over_time_log row confirming it`
    });
  }
  if (previous) {
    // A 2024-25 code the catalogue does not list (2E(1)): accept the 2022-23 code's measure when its
    // 2023-24 code is the start of this one (2E -> 2E(1)).
    const newCode = ASCOF_MEASURES.find((m) => m.indicator_id === previous)?.new_code;
    if (newCode && normaliseAscofCode(entry.code).startsWith(newCode)) {
      note(`${entry.code} is not a catalogue code; its ${LAST_OLD_PERIOD} code ${entry.old_code} and ${RENUMBERED_FROM} code ${newCode} are ${previous}: filed as ${previous}`);
      return {indicator_id: previous};
    }
    throw new DataError(where("Metric"), `${entry.code} is not in the catalogue, and its ${LAST_OLD_PERIOD} code ${entry.old_code} (${previous}) had the ${RENUMBERED_FROM} code ${newCode ?? "none"}`, {
      value: entry.code,
      expected: "a code listed in loaders/families/reablement/measures.ts"
    });
  }
  const notKept = NOT_KEPT[normaliseAscofCode(entry.code)];
  if (notKept) return {not_kept: notKept};
  throw new DataError(where("Metric"), `ASCOF ${entry.code} ('${entry.description}') maps to nothing in the catalogue`, {
    value: entry.code,
    expected: "a new_code in loaders/families/reablement/measures.ts, or an entry in NOT_KEPT (timeseries-contents.ts) saying why it is left out"
  });
}
