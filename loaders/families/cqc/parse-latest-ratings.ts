/**
 * CQC's "latest ratings" file, `DD_Month_YYYY_Latest_ratings.ods` on the Using CQC data page
 * (sheet `Locations`, header on row 1), or a CSV cut of it. It is long: one row per location,
 * service or population group and domain (`Service / Population Group`, `Domain`, `Latest Rating`,
 * `Publication Date`). We keep adult social care locations (`Location Type` 'Social Care Org';
 * GP, dental, hospital and ambulance locations are the other types) and give each one row: its
 * location-level overall rating (group 'Overall', domain 'Overall') and that rating's date. The
 * five key-question domains and the per-service ratings are not kept.
 *
 * What the layout cannot say: care home beds, and the service type beyond care home or not (it has
 * no service-type flags, so nursing and residential homes, or homecare and supported living, are
 * not told apart; the care directory has those). Since CQC's new assessment approach, a location
 * offering more than one type of service has no location-level rating and shows 'Not Rated' (CQC's
 * note on the September 2026 file); it is counted here as not rated, as the care directory does.
 */
import type {CanonicalTables, CqcLocationRow, RowOrigin} from "../../model.ts";
import {withLocations} from "../../model.ts";
import {locateColumns, normaliseHeader, readTable, type Table} from "../../read/table.ts";
import {DataError, type Location} from "../../validate.ts";
import {resolveCouncilName, type Council} from "../geography/index.ts";
import {cqcFileNameDate, parseDirectoryDate} from "./parse-care-directory.ts";
import {locationRatingByName} from "./ratings.ts";
import {NOT_YET_RATED} from "../../../src/lib/domain/cqc.ts";
import {CARE_HOME} from "./service-types.ts";

export const LATEST_RATINGS_SHEETS = ["Locations"];
const ADULT_SOCIAL_CARE_TYPE = "social care org";
const OVERALL = "overall";

/** Our name for each column -> the headers CQC has used for it. */
const COLUMNS = {
  location_id: ["Location ID", "Location Id"],
  location_type: ["Location Type", "Location Type/Sector"],
  inspection_category: ["Location Primary Inspection Category"],
  care_home: ["Care Home?", "Care home"],
  local_authority: ["Location Local Authority"],
  service_group: ["Service / Population Group", "Service/Population Group"],
  domain: ["Domain"],
  rating: ["Latest Rating"],
  publication_date: ["Publication Date"],
  report_type: ["Report Type"]
};
type Column = keyof typeof COLUMNS;
const OPTIONAL: Column[] = ["inspection_category", "service_group", "report_type"];

/** `01_September_2026_Latest_ratings.ods` -> `2026-09-01`; undefined when the name carries no date. */
export function latestRatingsEditionFromFileName(file: string): string | undefined {
  return cqcFileNameDate(file, "Latest[_ ]ratings");
}

export type SlashDateOrder = "day-month" | "month-day";

/**
 * Which way round the file's slash dates are. CQC's ODS holds date cells, but CSV exports of it
 * write text, and the copy in ../shared/data/real writes MM/DD/YYYY (`05/29/2026`). The order is
 * decided by the dates that can only be read one way (a first or second part over 12); a file
 * that has both kinds, or only ambiguous ones, is refused rather than guessed.
 */
export function slashDateOrder(dates: readonly {text: string; where: Location}[]): SlashDateOrder | undefined {
  let dayFirst: Location | undefined;
  let monthFirst: Location | undefined;
  let ambiguous: {text: string; where: Location} | undefined;
  for (const date of dates) {
    const match = /^(\d{1,2})\/(\d{1,2})\/\d{4}$/.exec(date.text.trim());
    if (!match) continue;
    const [first, second] = [Number(match[1]), Number(match[2])];
    if (first > 12) {
      if (monthFirst) throw mixedOrder(date, "DD/MM/YYYY", "MM/DD/YYYY", monthFirst);
      dayFirst ??= date.where;
    } else if (second > 12) {
      if (dayFirst) throw mixedOrder(date, "MM/DD/YYYY", "DD/MM/YYYY", dayFirst);
      monthFirst ??= date.where;
    } else if (first !== second) ambiguous ??= date;
  }
  if (dayFirst) return "day-month";
  if (monthFirst) return "month-day";
  if (ambiguous) {
    throw new DataError(ambiguous.where, "cannot tell whether the file's dates are DD/MM/YYYY or MM/DD/YYYY: no day in it is over 12", {value: ambiguous.text, expected: "ISO dates (YYYY-MM-DD), date cells, or slash dates of which at least one shows the order"});
  }
  return undefined;
}

function mixedOrder(date: {text: string; where: Location}, reads: string, other: string, otherAt: Location): DataError {
  return new DataError(date.where, `this date reads only as ${reads}, but row ${otherAt.row} has one that reads only as ${other}`, {value: date.text, expected: "one day/month order throughout the file"});
}

/** A publication date as ISO: ISO text and spreadsheet cells as the care directory reads them, slash dates in the file's order. */
export function parseRatingDate(text: string, where: Location, order: SlashDateOrder | undefined): string | null {
  const value = text.trim();
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (!match || order !== "month-day") return parseDirectoryDate(value, where);
  return parseDirectoryDate(`${match[2]}/${match[1]}/${match[3]}`, where);
}

function parseFlag(text: string, where: Location): boolean {
  const value = text.trim().toLowerCase();
  if (value === "y" || value === "yes") return true;
  if (value === "n" || value === "no") return false;
  throw new DataError(where, "not a Y/N flag", {value: text, expected: "Y or N"});
}

export interface ParseLatestRatingsOptions {
  source_id: string;
  /** The edition date (ISO), when the file name does not carry it. */
  editionDate?: string;
}

export interface LatestRatingsSummary {
  edition: string;
  rows: number;
  /** Rows of other location types (GP practices, dentists, hospitals, ambulances), left out. */
  otherLocationTypeRows: number;
  /** Rows reporting on a provider rather than a location, left out. */
  otherReportTypeRows: number;
  locations: number;
  careHomes: number;
  /** Locations without a location-level rating whose services are rated (CQC's multi-service rule). */
  notRatedWithServiceRatings: number;
}

export type LatestRatingsTables = Required<Pick<CanonicalTables, "facts" | "cqc_locations" | "locations">> & {summary: LatestRatingsSummary};

interface LocationRows {
  id: string;
  firstRow: number;
  localAuthority: string;
  careHome: string;
  category: string;
  overall?: {row: number; rating: string; date: string};
  otherDomains: string[];
  serviceRated: boolean;
}

const isHeaderRow = (cells: string[]) => {
  const normalised = new Set(cells.map(normaliseHeader));
  return normalised.has(normaliseHeader("Location ID")) && normalised.has(normaliseHeader("Domain"));
};

export function parseLatestRatings(bytes: Uint8Array, file: string, options: ParseLatestRatingsOptions): LatestRatingsTables {
  const fromName = latestRatingsEditionFromFileName(file);
  if (fromName && options.editionDate && fromName !== options.editionDate) {
    throw new DataError({file}, `the file name says the edition of ${fromName} but the source is registered for ${options.editionDate}`, {expected: "the edition the source describes"});
  }
  const edition = fromName ?? options.editionDate;
  if (!edition) throw new DataError({file}, "cannot tell which edition this is", {expected: "a file name like 01_September_2026_Latest_ratings.ods, or the source's edition date"});

  const table: Table = readTable(bytes, file, {sheets: LATEST_RATINGS_SHEETS, isHeader: isHeaderRow});
  const columns = locateColumns(table, COLUMNS, OPTIONAL);
  const where = (row: number, key: Column): Location => ({file, sheet: table.sheet, row, column: table.header[columns[key]] ?? COLUMNS[key][0]});
  const cell = (row: string[], key: Column) => (columns[key] >= 0 ? (row[columns[key]] ?? "").trim() : "");
  const summary: LatestRatingsSummary = {edition, rows: table.rows.length, otherLocationTypeRows: 0, otherReportTypeRows: 0, locations: 0, careHomes: 0, notRatedWithServiceRatings: 0};

  const byId = new Map<string, LocationRows>();
  const dates: {text: string; where: Location}[] = [];
  table.rows.forEach((row, index) => {
    const line = table.rowNumbers[index];
    const type = cell(row, "location_type");
    if (type === "") throw new DataError(where(line, "location_type"), "location type is blank", {expected: "'Social Care Org', 'Primary Medical Services', 'NHS Healthcare Organisation', ..."});
    if (type.toLowerCase() !== ADULT_SOCIAL_CARE_TYPE) {
      summary.otherLocationTypeRows++;
      return;
    }
    const reportType = cell(row, "report_type");
    if (columns.report_type >= 0 && reportType.toLowerCase() !== "location") {
      summary.otherReportTypeRows++;
      return;
    }
    const id = cell(row, "location_id");
    if (!/^\S+$/.test(id)) throw new DataError(where(line, "location_id"), "location ID is blank or malformed", {value: id, expected: "CQC's location ID, such as 1-101639876"});

    let location = byId.get(id);
    if (!location) {
      location = {id, firstRow: line, localAuthority: cell(row, "local_authority"), careHome: cell(row, "care_home"), category: cell(row, "inspection_category"), otherDomains: [], serviceRated: false};
      byId.set(id, location);
    }
    for (const key of ["local_authority", "care_home"] as const) {
      const first = key === "local_authority" ? location.localAuthority : location.careHome;
      if (cell(row, key) !== first) {
        throw new DataError(where(line, key), `location ${id} says '${first}' here at its first row (${location.firstRow})`, {value: cell(row, key), expected: "the same value on every row of a location"});
      }
    }

    const group = columns.service_group >= 0 ? cell(row, "service_group") : "Overall";
    const domain = cell(row, "domain");
    if (domain === "") throw new DataError(where(line, "domain"), "domain is blank", {expected: "'Overall', 'Safe', 'Effective', 'Caring', 'Responsive' or 'Well-led'"});
    const date = cell(row, "publication_date");
    dates.push({text: date, where: where(line, "publication_date")});
    if (group.toLowerCase() === OVERALL && domain.toLowerCase() === OVERALL) {
      if (location.overall) throw new DataError(where(line, "domain"), `a second overall rating for location ${id} (first at row ${location.overall.row})`, {value: domain, expected: "one row with Service / Population Group 'Overall' and Domain 'Overall' per location"});
      location.overall = {row: line, rating: cell(row, "rating"), date};
    } else {
      location.otherDomains.push(`${group} / ${domain}`);
      if (domain.toLowerCase() === OVERALL && cell(row, "rating") !== "") location.serviceRated = true;
    }
  });

  const order = slashDateOrder(dates);
  const councils = new Map<string, Council>();
  const locations: CqcLocationRow[] = [];
  const origins = new Map<object, RowOrigin>();
  for (const location of byId.values()) {
    if (!location.overall) {
      throw new DataError(where(location.firstRow, "domain"), `location ${location.id} has ${location.otherDomains.length} domain rows but no overall rating row`, {
        value: location.otherDomains.slice(0, 3).join("; "),
        expected: `a row with ${columns.service_group >= 0 ? "Service / Population Group 'Overall' and " : ""}Domain 'Overall'`
      });
    }
    const name = location.localAuthority;
    if (name === "") throw new DataError(where(location.firstRow, "local_authority"), "local authority is blank", {expected: "the council the location is in"});
    let council = councils.get(name);
    if (!council) councils.set(name, (council = resolveCouncilName(name, where(location.firstRow, "local_authority"))));

    const careHome = parseFlag(location.careHome, where(location.firstRow, "care_home"));
    const rating = locationRatingByName(location.overall.rating, where(location.overall.row, "rating"));
    const ratingDate = parseRatingDate(location.overall.date, where(location.overall.row, "publication_date"), order);
    if (ratingDate && ratingDate > edition) {
      throw new DataError(where(location.overall.row, "publication_date"), `published after the edition date ${edition}`, {value: location.overall.date, expected: `a date on or before ${edition}: is this file a later edition?`});
    }
    if (rating === NOT_YET_RATED && location.serviceRated) summary.notRatedWithServiceRatings++;
    if (careHome) summary.careHomes++;
    const row: CqcLocationRow = {
      location_id: location.id,
      area_code: council.code,
      service_type: careHome ? CARE_HOME : location.category || "Adult social care (not a care home)",
      care_home: careHome,
      beds: null,
      rating,
      rating_date: ratingDate,
      source_id: options.source_id,
      vintage: edition
    };
    locations.push(row);
    origins.set(row, {row: location.overall.row, sheet: table.sheet, column: where(location.overall.row, "publication_date").column});
  }

  summary.locations = locations.length;
  if (locations.length === 0) {
    throw new DataError({file, sheet: table.sheet}, "no adult social care locations", {expected: "rows with Location Type 'Social Care Org'"});
  }
  return withLocations({facts: [], cqc_locations: locations, summary}, origins);
}
