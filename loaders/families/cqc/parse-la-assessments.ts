/**
 * CQC local authority assessments (Care Act 2014 Part 1). CQC publishes these only as report
 * pages, so the project keeps a curated CSV that analysts extend as reports appear:
 * `data/raw/cqc/la-assessments.csv`, layout in `data/raw/cqc/README.md`.
 *
 * The published overall % is stored as published and never recomputed from the nine scores:
 * CQC published 59% for Medway whose scores sum to 21/36 = 58.3% (seed 003 L46, L943-975).
 * It is validated instead: the rating must be the one CQC's bands give that %.
 */
import type {CanonicalTables, CqcAssessmentRow, FactRow, RowOrigin} from "../../model.ts";
import {withLocations} from "../../model.ts";
import {locateColumns, readTable} from "../../read/table.ts";
import {DataError, parsePublishedNumber, type Location} from "../../validate.ts";
import {councilByCode, resolveCouncilName, type Council} from "../geography/index.ts";
import {qualityStatementBreakdown} from "./quality-statements.ts";
import {ratingByName} from "./ratings.ts";
import {LA_ASSESSMENT_BANDS, QUALITY_STATEMENTS, ratingForOverallPercent} from "../../../src/lib/domain/cqc.ts";

export const LA_ASSESSMENTS_SOURCE_ID = "cqc-la-assessments";

/** Pilots ran from May 2023 (data-sources.md §2.1); an earlier date is a typing error. */
const FIRST_ASSESSMENT_YEAR = 2023;

/** qs1..qs9, in the order of QUALITY_STATEMENTS. */
const SCORE_COLUMNS = ["qs1", "qs2", "qs3", "qs4", "qs5", "qs6", "qs7", "qs8", "qs9"] as const;
type ScoreColumn = (typeof SCORE_COLUMNS)[number];

const COLUMNS = {
  council: ["council", "local authority", "authority"],
  gss_code: ["gss_code", "gss code", "area_code", "ons code"],
  report_date: ["report_date", "report date", "published"],
  report_url: ["report_url", "report url", "url"],
  overall_pct: ["overall_pct", "overall %", "overall percent", "quality score"],
  rating: ["rating", "overall rating"],
  ...(Object.fromEntries(SCORE_COLUMNS.map((column) => [column, [column]])) as Record<ScoreColumn, string[]>),
  provenance: ["provenance", "source"],
  notes: ["notes"]
};

export interface ParseLaAssessmentsOptions {
  sourceId?: string;
  sample?: boolean;
}

/**
 * A report date as ISO 8601: a full date, or a reduced-precision month or year where the source
 * gives only that (seed 000 Table A5 gives the year of each report).
 */
export function parseReportDate(text: string, where: Location): string {
  const value = text.trim();
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  const expected = "an ISO date YYYY-MM-DD (or YYYY-MM / YYYY when only that is published), 2023 or later";
  if (!match) throw new DataError(where, "not an ISO report date", {value, expected});
  const [year, month, day] = [Number(match[1]), match[2] ? Number(match[2]) : 1, match[3] ? Number(match[3]) : 1];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new DataError(where, "not a calendar date", {value, expected});
  }
  if (year < FIRST_ASSESSMENT_YEAR) throw new DataError(where, "before CQC's local authority assessments began (pilots from May 2023)", {value, expected});
  return value;
}

function parseScore(text: string, where: Location): number | null {
  const value = text.trim();
  if (value === "") return null;
  if (!/^[1-4]$/.test(value)) throw new DataError(where, "not a quality statement score", {value, expected: "a whole number 1-4, or blank when the statement was not assessed"});
  return Number(value);
}

function parseOverallPercent(text: string, where: Location): number | null {
  const value = text.trim();
  if (value === "") return null;
  const percent = parsePublishedNumber(value);
  const min = LA_ASSESSMENT_BANDS[0].from;
  if (percent === undefined || percent < min || percent > 100) {
    throw new DataError(where, "not an overall percentage", {value, expected: `the published % (${min}-100), or blank when not published`});
  }
  return percent;
}

function parseReportUrl(text: string, where: Location): string {
  const value = text.trim();
  if (value === "") return "";
  if (!/^https:\/\/www\.cqc\.org\.uk\/\S+$/.test(value)) {
    throw new DataError(where, "not a CQC report address", {value, expected: "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/{slug}-{MMYY}, or blank"});
  }
  return value;
}

export function parseLaAssessments(bytes: Uint8Array, file: string, options: ParseLaAssessmentsOptions = {}): Required<Pick<CanonicalTables, "facts" | "cqc_assessments" | "locations">> {
  const sourceId = options.sourceId ?? LA_ASSESSMENTS_SOURCE_ID;
  const sample = options.sample ?? false;
  const table = readTable(bytes, file);
  const columns = locateColumns(table, COLUMNS, ["gss_code", "report_url", "notes"]);
  // Per column, once: its index and the name locations give it (the header, or our name when absent).
  const columnName = Object.fromEntries(Object.keys(COLUMNS).map((key) => [key, columns[key as keyof typeof COLUMNS] >= 0 ? table.header[columns[key as keyof typeof COLUMNS]] : key])) as Record<keyof typeof COLUMNS, string>;
  const cell = (row: string[], key: keyof typeof COLUMNS) => (columns[key] >= 0 ? (row[columns[key]] ?? "").trim() : "");
  const at = (row: number, key: keyof typeof COLUMNS): Location => ({file, row, column: columnName[key]});
  const breakdowns = QUALITY_STATEMENTS.map(qualityStatementBreakdown);

  const assessments: CqcAssessmentRow[] = [];
  const facts: FactRow[] = [];
  const locations = new Map<object, RowOrigin>();
  const seen = new Map<string, number>();
  /** Councils by published name: a name is resolved once however many rows carry it. */
  const councils = new Map<string, Council>();
  /** Report dates as checked, by text: many reports share a month. */
  const reportDates = new Map<string, string>();
  const fact = (line: number, code: string, reportDate: string, indicator_id: string, breakdown: string, value: number, column: keyof typeof COLUMNS) => {
    const row: FactRow = {
      indicator_id, area_code: code, period: reportDate, breakdown, value,
      numerator: null, denominator: null, status: "ok", source_id: sourceId, vintage: reportDate
    };
    locations.set(row, {row: line, column: columnName[column]});
    facts.push(row);
  };

  const rows = table.rows;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    const line = table.rowNumbers[index];
    const name = cell(row, "council");
    if (name === "") throw new DataError(at(line, "council"), "council name is blank", {expected: "the council's name as CQC or the source writes it"});
    let council = councils.get(name);
    if (!council) councils.set(name, (council = resolveCouncilName(name, at(line, "council"))));

    const code = cell(row, "gss_code");
    if (code !== "") {
      const byCode = councilByCode(code);
      if (!byCode) throw new DataError(at(line, "gss_code"), "unknown GSS code", {value: code, expected: `the code of ${council.name} (${council.code}), or blank`});
      if (byCode.code !== council.code) {
        throw new DataError(at(line, "gss_code"), `the code is ${byCode.name}'s but the council column names ${council.name}`, {value: code, expected: `${council.code}, or blank`});
      }
    }

    const dateText = cell(row, "report_date");
    let reportDate = reportDates.get(dateText);
    if (reportDate === undefined) reportDates.set(dateText, (reportDate = parseReportDate(dateText, at(line, "report_date"))));
    const key = `${council.code} ${reportDate}`;
    if (seen.has(key)) throw new DataError(at(line, "report_date"), `a second row for ${council.name} on the same report date (first at row ${seen.get(key)})`, {value: reportDate, expected: "one row per council and report"});
    seen.set(key, line);

    const overall = parseOverallPercent(cell(row, "overall_pct"), at(line, "overall_pct"));
    const ratingText = cell(row, "rating");
    const rating = ratingByName(ratingText, at(line, "rating"));
    if (overall !== null) {
      const banded = ratingForOverallPercent(overall);
      if (banded !== rating) {
        throw new DataError(at(line, "rating"), `the rating does not match the published overall ${overall}%: CQC's bands put ${overall}% in '${banded}'`, {
          value: ratingText,
          expected: `'${banded}' (bands: ${LA_ASSESSMENT_BANDS.map((b) => `${b.from}-${b.to === 100 ? "" : b.to}% ${b.rating}`).join(", ")})`
        });
      }
    }

    const scores = SCORE_COLUMNS.map((column) => parseScore(cell(row, column), at(line, column)));
    const provenance = cell(row, "provenance");
    if (provenance === "") throw new DataError(at(line, "provenance"), "provenance is blank", {expected: "where the figures come from (report, seed and line)"});

    const [qs1, qs2, qs3, qs4, qs5, qs6, qs7, qs8, qs9] = scores;
    const assessment: CqcAssessmentRow = {
      area_code: council.code,
      report_date: reportDate,
      report_url: parseReportUrl(cell(row, "report_url"), at(line, "report_url")),
      overall_pct: overall,
      rating,
      qs1, qs2, qs3, qs4, qs5, qs6, qs7, qs8, qs9,
      provenance,
      source_id: sourceId,
      sample
    };
    assessments.push(assessment);
    locations.set(assessment, {row: line, column: columnName.report_date});

    if (overall !== null) fact(line, council.code, reportDate, "cqc_overall_pct", "total", overall, "overall_pct");
    for (let i = 0; i < QUALITY_STATEMENTS.length; i++) {
      const score = scores[i];
      if (score !== null) fact(line, council.code, reportDate, "cqc_qs_score", breakdowns[i], score, SCORE_COLUMNS[i]);
    }
  }

  if (assessments.length === 0) throw new DataError({file}, "no assessment rows", {expected: "at least one council's assessment below the header"});
  return withLocations({facts, cqc_assessments: assessments}, locations);
}
