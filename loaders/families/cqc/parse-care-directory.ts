/**
 * CQC's care directory with filters, `DD_Month_YYYY_HSCA_Active_Locations` (data-sources.md §2.2):
 * one row per active registered location, every sector. Recent editions are ODS with a README on
 * sheet 1 and the data on sheet `HSCA_Active_Locations`; older ones are XLSX with the header at
 * row 7, or the data on sheet 2. We keep adult social care locations that are not dormant, map
 * CQC's local authority names to GSS codes, give each location one service type, and aggregate.
 */
import type {CanonicalTables, CqcLocationRow, RowOrigin} from "../../model.ts";
import {withLocations} from "../../model.ts";
import {listSheets} from "../../read/spreadsheet.ts";
import {locateColumns, normaliseHeader, readTable, type Table} from "../../read/table.ts";
import {DataError, parsePublishedNumber, type Location} from "../../validate.ts";
import {resolveCouncilName, type Council} from "../geography/index.ts";
import {aggregateLocations} from "./aggregate-locations.ts";
import {locationRatingByName} from "./ratings.ts";
import {isCareHomeType, serviceTypeOf} from "./service-types.ts";

export const DATA_SHEETS = ["HSCA_Active_Locations", "HSCA Active Locations"];
const ADULT_SOCIAL_CARE = "adult social care";

/** Our name for each column -> the headers CQC has used for it, current first. */
const COLUMNS = {
  location_id: ["Location ID", "Location Id", "CQC Location ID", "Location CQC ID"],
  location_name: ["Location Name"],
  local_authority: ["Location Local Authority", "Local Authority", "Location LA"],
  rating: ["Location Latest Overall Rating", "Latest Overall Rating", "Overall Rating"],
  publication_date: ["Publication Date", "Location Latest Overall Rating Publication Date", "Latest Rating Publication Date"],
  directorate: ["Location Inspection Directorate", "Inspection Directorate"],
  care_home: ["Care home?", "Care Home", "Location Care Home"],
  beds: ["Care homes beds", "Care home beds", "Location Care Homes Beds", "Care homes beds at location"],
  dormant: ["Dormant (Y/N)", "Dormant", "Location Dormant"],
  with_nursing: ["Service type - Care home service with nursing", "Service type: Care home service with nursing", "Care home service with nursing"],
  without_nursing: ["Service type - Care home service without nursing", "Service type: Care home service without nursing", "Care home service without nursing"],
  domiciliary: ["Service type - Domiciliary care service", "Service type: Domiciliary care service", "Domiciliary care service"],
  supported_living: ["Service type - Supported living service", "Service type: Supported living service", "Supported living service"],
  extra_care: ["Service type - Extra Care housing services", "Service type: Extra Care housing services", "Extra Care housing services"],
  shared_lives: ["Service type - Shared Lives", "Service type: Shared Lives", "Shared Lives"]
};
type Column = keyof typeof COLUMNS;
const OPTIONAL: Column[] = ["location_name", "publication_date", "dormant"];

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/**
 * The edition date CQC puts at the start of its file names, `<day>_<Month>_<year>_<what>`, for the
 * file kind `kind` matches (`HSCA[_ ]Active[_ ]Locations`, `Latest[_ ]ratings`); undefined when the
 * name carries no such date.
 */
export function cqcFileNameDate(file: string, kind: string): string | undefined {
  const base = file.split(/[\\/]/).pop() ?? file;
  const match = new RegExp(`(\\d{1,2})[_ -]([A-Za-z]+)[_ -](\\d{4})[_ -]${kind}`, "i").exec(base);
  if (!match) return undefined;
  const month = MONTHS.indexOf(match[2].toLowerCase());
  if (month < 0) return undefined;
  const day = Number(match[1]);
  const date = new Date(Date.UTC(Number(match[3]), month, day));
  if (date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** `05_May_2026_HSCA_Active_Locations.ods` -> `2026-05-05`; undefined when the name carries no date. */
export function editionDateFromFileName(file: string): string | undefined {
  return cqcFileNameDate(file, "HSCA[_ ]Active[_ ]Locations");
}

/** The file name for an edition date, as CQC names it: `2026-05-05` -> `05_May_2026_HSCA_Active_Locations`. */
export function editionFileStem(isoDate: string): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  const name = MONTHS[month - 1];
  return `${String(day).padStart(2, "0")}_${name[0].toUpperCase()}${name.slice(1)}_${year}_HSCA_Active_Locations`;
}

/** The header is the first row with a location ID heading; a missing column is then reported by name. */
const isHeaderRow = (cells: string[]) => {
  const normalised = new Set(cells.map(normaliseHeader));
  return COLUMNS.location_id.some((h) => normalised.has(normaliseHeader(h)));
};

/** The data sheet by its name; older editions named it differently, so fall back to any "... Active Locations" sheet. */
function readDataSheet(bytes: Uint8Array, file: string): Table {
  try {
    return readTable(bytes, file, {sheets: DATA_SHEETS, isHeader: isHeaderRow});
  } catch (error) {
    if (!(error instanceof DataError) || error.sheet !== undefined || !error.message.includes("no sheet named")) throw error;
    const fallback = listSheets(bytes, file).find((name) => /active\s*_?\s*locations/i.test(name.replace(/_/g, " ")));
    if (!fallback) throw error;
    return readTable(bytes, file, {sheets: [fallback], isHeader: isHeaderRow});
  }
}

function parseFlag(text: string, where: Location): boolean {
  const value = text.trim().toLowerCase();
  if (value === "y" || value === "yes") return true;
  if (value === "n" || value === "no" || value === "" || value === "-") return false;
  throw new DataError(where, "not a Y/N flag", {value: text, expected: "Y, N or blank"});
}

function parseBeds(text: string, where: Location): number | null {
  const value = text.trim();
  if (value === "" || value === "-") return null;
  const beds = parsePublishedNumber(value);
  if (beds === undefined || beds < 0 || !Number.isInteger(beds)) throw new DataError(where, "not a number of beds", {value, expected: "a whole number of beds, or blank"});
  return beds;
}

/** Publication dates arrive as ISO text, as DD/MM/YYYY text, or as a spreadsheet date serial. */
export function parseDirectoryDate(text: string, where: Location): string | null {
  const value = text.trim();
  if (value === "" || value === "-") return null;
  let year: number, month: number, day: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(value))) [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value))) [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if (/^\d{5}(\.\d+)?$/.test(value)) {
    // Spreadsheet serial: days since 1899-12-30 (the 1900 leap-year quirk is before any CQC date).
    const date = new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(value)) * 86_400_000);
    [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else throw new DataError(where, "not a date", {value, expected: "a date as YYYY-MM-DD or DD/MM/YYYY, or blank"});
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || year < 2000) {
    throw new DataError(where, "not a calendar date", {value, expected: "a date as YYYY-MM-DD or DD/MM/YYYY since 2000"});
  }
  return date.toISOString().slice(0, 10);
}

export interface ParseCareDirectoryOptions {
  source_id: string;
  /** The edition date (ISO), when the file name does not carry it. */
  editionDate?: string;
}

export interface CareDirectorySummary {
  edition: string;
  rows: number;
  adultSocialCare: number;
  otherDirectorates: number;
  dormant: number;
  locations: number;
}

export type CareDirectoryTables = Required<Pick<CanonicalTables, "facts" | "cqc_locations" | "locations">> & {summary: CareDirectorySummary};

export function parseCareDirectory(bytes: Uint8Array, file: string, options: ParseCareDirectoryOptions): CareDirectoryTables {
  const fromName = editionDateFromFileName(file);
  if (fromName && options.editionDate && fromName !== options.editionDate) {
    throw new DataError({file}, `the file name says the edition of ${fromName} but the source is registered for ${options.editionDate}`, {expected: "the edition the source describes"});
  }
  const edition = fromName ?? options.editionDate;
  if (!edition) throw new DataError({file}, "cannot tell which edition this is", {expected: "a file name like 05_May_2026_HSCA_Active_Locations.ods, or the source's edition date"});

  const table = readDataSheet(bytes, file);
  const columns = locateColumns(table, COLUMNS, OPTIONAL);
  const where = (row: number, key: Column): Location => ({file, sheet: table.sheet, row, column: table.header[columns[key]] ?? COLUMNS[key][0]});
  const cell = (row: string[], key: Column) => (columns[key] >= 0 ? row[columns[key]] ?? "" : "");

  const councils = new Map<string, Council>();
  const seen = new Map<string, number>();
  const locations: CqcLocationRow[] = [];
  const origins = new Map<object, RowOrigin>();
  const summary: CareDirectorySummary = {edition, rows: table.rows.length, adultSocialCare: 0, otherDirectorates: 0, dormant: 0, locations: 0};

  table.rows.forEach((row, index) => {
    const line = table.rowNumbers[index];
    const directorate = cell(row, "directorate").trim();
    if (directorate === "") throw new DataError(where(line, "directorate"), "inspection directorate is blank", {expected: "'Adult social care', 'Hospitals', 'Primary medical services', ..."});
    if (directorate.toLowerCase() !== ADULT_SOCIAL_CARE) {
      summary.otherDirectorates++;
      return;
    }
    summary.adultSocialCare++;
    if (parseFlag(cell(row, "dormant"), where(line, "dormant"))) {
      summary.dormant++;
      return;
    }

    const id = cell(row, "location_id").trim();
    if (!/^\S+$/.test(id)) throw new DataError(where(line, "location_id"), "location ID is blank or malformed", {value: id, expected: "CQC's location ID, such as 1-101639876"});
    if (seen.has(id)) throw new DataError(where(line, "location_id"), `location listed twice (first at row ${seen.get(id)})`, {value: id, expected: "one row per location"});
    seen.set(id, line);

    const laName = cell(row, "local_authority").trim();
    let council = councils.get(laName);
    if (!council) {
      if (laName === "") throw new DataError(where(line, "local_authority"), "local authority is blank", {expected: "the council the location is in"});
      council = resolveCouncilName(laName, where(line, "local_authority"));
      councils.set(laName, council);
    }

    const flag = (key: Column) => parseFlag(cell(row, key), where(line, key));
    const serviceType = serviceTypeOf({
      careHome: flag("care_home"),
      careHomeWithNursing: flag("with_nursing"),
      careHomeWithoutNursing: flag("without_nursing"),
      sharedLives: flag("shared_lives"),
      extraCare: flag("extra_care"),
      supportedLiving: flag("supported_living"),
      domiciliary: flag("domiciliary")
    });
    const careHome = isCareHomeType(serviceType);
    const beds = parseBeds(cell(row, "beds"), where(line, "beds"));

    const location: CqcLocationRow = {
      location_id: id,
      area_code: council.code,
      service_type: serviceType,
      care_home: careHome,
      beds: careHome ? beds : null,
      rating: locationRatingByName(cell(row, "rating"), where(line, "rating")),
      rating_date: parseDirectoryDate(cell(row, "publication_date"), where(line, "publication_date")),
      source_id: options.source_id,
      vintage: edition
    };
    locations.push(location);
    origins.set(location, {row: line, sheet: table.sheet, column: where(line, "publication_date").column});
  });

  summary.locations = locations.length;
  if (locations.length === 0) {
    throw new DataError({file, sheet: table.sheet}, "no active adult social care locations", {expected: "rows with Location Inspection Directorate 'Adult social care'"});
  }
  const facts = aggregateLocations(locations, {period: edition, source_id: options.source_id, vintage: edition});
  return withLocations({facts, cqc_locations: locations, summary}, origins);
}
