/**
 * Workforce sources: Skills for Care's local area data download (one source per edition), the
 * curated occupational therapists' employment profile from seed 000, and MHCLG's Oflog extract
 * (Skills for Care turnover by council, 2016-17 to 2022-23).
 */
import type {SourceDefinition} from "../types.ts";
import {WORKFORCE_SOURCE_URL} from "./indicators.ts";
import {parseLaDataDownload} from "./parse-la-data-download.ts";
import {OT_PROFILE_SOURCE_ID, OT_PROFILE_VINTAGE, parseOtProfile} from "./parse-ot-profile.ts";
import {OFLOG_SOURCE_ID, OFLOG_VINTAGE, parseOflogAscData} from "./parse-oflog-asc-data.ts";

const RAW_DATA_BASE = "https://www.skillsforcare.org.uk/adult-social-care-workforce-data/Workforce-intelligence/documents/Raw-data";

const LA_DATA_DISCOVERY_NOTE =
  "Skills for Care replaces 'LA-data-download.xlsx' every October with the current year's edition; earlier editions have appeared under dated names " +
  "(LA-data-download-2019-20.xlsx, LA-data-download-Oct-2021.xlsx). The dated name of this edition is not confirmed: take the link from the landing page.";

/** One edition of the LA data download. `url` is the publisher's address for that edition. */
function laDataEdition(period: string, url: string): SourceDefinition {
  const id = `sfc-la-data-${period}`;
  return {
    id,
    family: "workforce",
    title: `Skills for Care local area data download ${period.replace("-", "/")} (ASC-WDS workforce estimates by council, sector, service and job role)`,
    publisher: "Skills for Care",
    vintage: period,
    period,
    url,
    format: "xlsx",
    raw_path: `workforce/LA-data-download-${period}.xlsx`,
    discovery: {landing_page: WORKFORCE_SOURCE_URL, link_pattern: "LA-data-download[^\"']*\\.xlsx", note: LA_DATA_DISCOVERY_NOTE},
    parse: (bytes, file) => parseLaDataDownload(bytes, file, {sourceId: id, vintage: period, period}).tables
  };
}

export const sources: SourceDefinition[] = [
  // The dated name follows the 2019-20 pattern; not confirmed (data-sources.md §8).
  laDataEdition("2022-23", `${RAW_DATA_BASE}/LA-data-download-2022-23.xlsx`),
  // The current-year address: it serves 2023-24 until Skills for Care's next October release.
  laDataEdition("2023-24", `${RAW_DATA_BASE}/LA-data-download.xlsx`),
  {
    id: OT_PROFILE_SOURCE_ID,
    family: "workforce",
    title: "Occupational therapists' employment profile, September 2024, all sectors, 15 South East areas (Skills for Care data, transcribed from the ALIGNS programme annex, Table A1: seed 000)",
    publisher: "Skills for Care (via the ALIGNS programme annex)",
    vintage: OT_PROFILE_VINTAGE,
    url: WORKFORCE_SOURCE_URL,
    format: "csv",
    raw_path: "workforce/ot-employment-profile-2024-09.csv",
    curated: true,
    parse: (bytes, file) => parseOtProfile(bytes, file).tables
  },
  {
    id: OFLOG_SOURCE_ID,
    family: "workforce",
    title: "Oflog adult social care extract: Skills for Care staff turnover rate by council, 2016-17 to 2022-23 (code ASC7; its ASCOF restatements ASC1 to ASC6 are only cross-checked)",
    publisher: "MHCLG (Office for Local Government), from Skills for Care",
    // The file as kept in MHCLG's public repository at commit 16628da (4 November 2024); the
    // extract carries no release name, so the commit date is its vintage.
    vintage: OFLOG_VINTAGE,
    url: "https://github.com/communitiesuk/oflog-automated-text/blob/16628da1e26909e5d88de993585959d7633f7df1/src/lib/ASC_data.csv",
    format: "csv",
    raw_path: "workforce/oflog-asc-data.csv",
    // Not a publisher download (a repository file, final for these years): never fetched. Skills
    // for Care's own files win over it where both give a fact (loaders/precedence.ts).
    curated: true,
    compilation: true,
    parse: (bytes, file) => parseOflogAscData(bytes, file).tables
  }
];
