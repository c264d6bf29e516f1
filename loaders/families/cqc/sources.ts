/**
 * CQC extracts. LA assessments have no machine-readable file, so they are a curated CSV kept in
 * this repository (data/raw/cqc/la-assessments.csv). The care directory is published monthly as
 * `DD_Month_YYYY_HSCA_Active_Locations.ods` under a path that changes with every edition, so each
 * edition is its own source and `discovery` says how to find the current one. The "latest
 * ratings" file (`DD_Month_YYYY_Latest_ratings.ods`) is on the same page; it is a refresh source
 * only, with no committed file (the copy in ../shared/data/real is one county's cut of it).
 */
import type {SourceDefinition} from "../types.ts";
import {withLocations} from "../../model.ts";
import {editionFileStem, parseCareDirectory} from "./parse-care-directory.ts";
import {LA_ASSESSMENTS_SOURCE_ID, parseLaAssessments} from "./parse-la-assessments.ts";
import {parseLatestRatings} from "./parse-latest-ratings.ts";

/** When the curated assessments file was last checked against its sources. */
export const LA_ASSESSMENTS_AS_AT = "2026-11-22";

const CARE_DIRECTORY_LANDING = "https://www.cqc.org.uk/about-us/transparency/using-cqc-data";

/** CQC's files are under /sites/default/files/YYYY-MM/ and, from 2026, /system/files/YYYY-MM/ (the September 2026 links). */
const CQC_FILES_PATH = "(?:https://www\\.cqc\\.org\\.uk)?/(?:sites/default|system)/files/\\d{4}-\\d{2}/";

export const LATEST_RATINGS_SOURCE_ID = "cqc-latest-ratings";
/** The edition whose address was seen on the Using CQC data page (29 September 2026, in public code). */
const LATEST_RATINGS_EDITION = "2026-09-01";

/** The publisher's address of an edition: /sites/default/files/YYYY-MM/DD_Month_YYYY_HSCA_Active_Locations.ods. */
export function careDirectoryUrl(edition: string): string {
  return `https://www.cqc.org.uk/sites/default/files/${edition.slice(0, 7)}/${editionFileStem(edition)}.ods`;
}

function careDirectory(edition: string, note: string): SourceDefinition {
  const id = `cqc-care-directory-${edition.slice(0, 7)}`;
  const file = `${editionFileStem(edition)}.ods`;
  return {
    id, family: "cqc",
    title: `CQC care directory with filters (HSCA Active Locations), ${edition}`,
    publisher: "Care Quality Commission",
    vintage: edition,
    url: careDirectoryUrl(edition),
    format: "ods",
    raw_path: `cqc/${file}`,
    discovery: {
      landing_page: CARE_DIRECTORY_LANDING,
      link_pattern: `${CQC_FILES_PATH}\\d{1,2}_[A-Za-z]+_\\d{4}_HSCA_Active_Locations(?:-v\\d+)?\\.(?:ods|xlsx)`,
      note: `CQC publishes a new edition each month under /sites/default/files/YYYY-MM/ (from 2026 /system/files/YYYY-MM/); take the 'Care directory with filters' link from the landing page (it may be relative). ${note}`
    },
    parse: (bytes, fileName) => {
      const {facts, cqc_locations, locations} = parseCareDirectory(bytes, fileName, {source_id: id, editionDate: edition});
      return withLocations({facts, cqc_locations}, locations);
    }
  };
}

export const sources: SourceDefinition[] = [
  {
    id: LA_ASSESSMENTS_SOURCE_ID, family: "cqc",
    title: "CQC local authority assessments: overall %, rating and nine quality-statement scores (curated from CQC reports)",
    publisher: "Care Quality Commission (curated by this project)",
    vintage: LA_ASSESSMENTS_AS_AT,
    url: "https://www.cqc.org.uk/search/content/7217",
    format: "csv",
    raw_path: "cqc/la-assessments.csv",
    curated: true,
    parse: (bytes, file) => parseLaAssessments(bytes, file, {sourceId: LA_ASSESSMENTS_SOURCE_ID})
  },
  careDirectory("2026-04-01", "The 1 April 2026 file name follows CQC's pattern but was not seen; the committed file is an illustrative sample."),
  careDirectory("2026-05-05", "The 5 May 2026 address was seen in public code (data-sources.md §2.2); the committed file is an illustrative sample."),
  {
    id: LATEST_RATINGS_SOURCE_ID, family: "cqc",
    title: "CQC latest ratings: each location's latest rating by service and domain (adult social care locations' overall rating kept)",
    publisher: "Care Quality Commission",
    vintage: LATEST_RATINGS_EDITION,
    url: "https://www.cqc.org.uk/system/files/2026-09/01_September_2026_Latest_ratings.ods",
    format: "csv",
    raw_path: "cqc/cqc-latest-ratings-lincolnshire.csv",
    discovery: {
      landing_page: CARE_DIRECTORY_LANDING,
      link_pattern: `${CQC_FILES_PATH}\\d{1,2}_[A-Za-z]+_\\d{4}_Latest_ratings(?:-v\\d+)?\\.(?:ods|xlsx|csv)`,
      note: "CQC publishes a new edition each month beside the care directory; take the 'Latest ratings' link (data on sheet 'Locations'). Registered as csv because a CSV cut of it reads the same; the refresh accepts the ODS. Not committed: the copy used by the tests is Lincolnshire's cut in ../shared/data/real/cqc/."
    },
    parse: (bytes, file) => {
      const {facts, cqc_locations, locations} = parseLatestRatings(bytes, file, {source_id: LATEST_RATINGS_SOURCE_ID, editionDate: LATEST_RATINGS_EDITION});
      return withLocations({facts, cqc_locations}, locations);
    }
  }
];
