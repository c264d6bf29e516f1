/**
 * ASCOF extracts. NHS England published the open-data CSV each year up to 2023-24 on hashed
 * file paths (files.digital.nhs.uk/{2 hex}/{6 hex}/...), so the current file is found from the
 * landing page; DHSC publishes from 2024-25 on GOV.UK. Where the file's own address is known
 * (2021-22) it is the url; otherwise the url is the landing page and `discovery` says which link
 * on it is the file (the refresh follows it).
 */
import type {SourceDefinition} from "../types.ts";
import {parseAscof, type AscofParseResult} from "./parse-ascof.ts";
import {withLocations} from "../../model.ts";
import {parseAscofTimeseries} from "./parse-ascof-timeseries.ts";

const GOVUK_2024_25 = "https://www.gov.uk/government/statistics/measures-from-the-adult-social-care-outcomes-framework-england-2024-to-2025";

const NHS_LANDING = (year: string) => `https://digital.nhs.uk/data-and-information/publications/statistical/adult-social-care-outcomes-framework-ascof/england-${year}`;
const NHS_DISCOVERY = (year: string) => ({
  landing_page: NHS_LANDING(year),
  link_pattern: "https://files\\.digital\\.nhs\\.uk/[0-9A-F]{2}/[0-9A-F]{6}/meas-from-asc-of-eng-[^\"']*\\.csv",
  note: "NHS England publishes each release on a hashed path; take the open-data CSV link from the landing page."
});

/** The canonical tables of a parse: its facts, where each was read (for loaders/validation.ts), and its notes. */
function tables({facts, locations, notes}: AscofParseResult) {
  return withLocations({facts, ...(notes.length ? {notes} : {})}, locations);
}

function annual(year: string, url: string, raw_path: string, extra: Partial<SourceDefinition> = {}): SourceDefinition {
  const id = extra.id ?? `ascof-${year}`;
  return {
    id, family: "reablement", title: `ASCOF ${year} open data (CSV)`, publisher: year >= "2024-25" ? "DHSC" : year >= "2022-23" ? "NHS England" : "NHS Digital",
    vintage: year, url, format: "csv", raw_path,
    // A single-year release: a file whose Year column gives other years is refused (loaders/validation.ts).
    period: year,
    discovery: year >= "2024-25" ? undefined : NHS_DISCOVERY(year),
    parse: (bytes, file) => tables(parseAscof(bytes, file, {source_id: id, vintage: year, period: year})),
    ...extra
  };
}

/**
 * A release before 2019-20: final, so never refreshed (`curated`). The committed copy is the official
 * open-data CSV restored from a public stack of them (data/raw/reablement/README.md), gzip-compressed.
 */
function historical(year: string): SourceDefinition {
  return annual(year, NHS_LANDING(year), `reablement/ascof-open-data-${year}.csv.gz`, {discovery: undefined, curated: true});
}

export const sources: SourceDefinition[] = [
  {
    id: "ascof-trend", family: "reablement", title: "ASCOF outcomes 2017-18 to 2023-24, compiled from the annual open-data files (trend layout)",
    publisher: "NHS Digital and NHS England (compiled by a third party from the annual open-data files)",
    vintage: "2017-18 to 2023-24", url: "https://digital.nhs.uk/data-and-information/publications/statistical/adult-social-care-outcomes-framework-ascof",
    format: "csv", raw_path: "reablement/ascof-trend.csv.gz",
    // A compilation of the annual files, not a publisher download: the refresh leaves it alone, and
    // any official file giving the same fact wins over it (loaders/precedence.ts).
    curated: true, compilation: true,
    parse: (bytes, file) => tables(parseAscof(bytes, file, {source_id: "ascof-trend", vintage: "trend"}))
  },
  ...["2014-15", "2015-16", "2016-17", "2017-18", "2018-19"].map(historical),
  annual("2020-21", NHS_LANDING("2020-21"), "reablement/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx", {
    title: "ASCOF 2020-21 open data (the publisher's CSV saved as XLSX)", format: "xlsx", curated: true, discovery: undefined
  }),
  annual("2021-22", "https://files.digital.nhs.uk/A4/766F29/meas-from-asc-of-eng-2022-csv-v3.csv", "reablement/ascof-2021-22.csv"),
  annual("2022-23", NHS_LANDING("2022-23"), "reablement/ascof-2022-23.csv"),
  annual("2023-24", NHS_LANDING("2023-24"), "reablement/ascof-2023-24.csv"),
  // 2024-25 (DHSC, GOV.UK): the ODS time series is the release's complete table set and the source of
  // record; the long CSV registration is kept under its own id, its layout known only from GOV.UK's
  // guidance prose (data-sources.md §4.1), so it is not confirmed against a real file.
  {
    id: "ascof-2024-25", family: "reablement",
    title: "ASCOF 2024-25 time series of aggregated measures, 2015-16 to 2024-25 (ODS, one table per measure)", publisher: "DHSC",
    vintage: "2024-25", url: GOVUK_2024_25, format: "ods", raw_path: "reablement/ascof-timeseries-2015-16-to-2024-25-dhsc.ods",
    discovery: {
      landing_page: GOVUK_2024_25,
      link_pattern: "https://assets\\.publishing\\.service\\.gov\\.uk/media/[0-9a-f]+/[^\"']*\\.ods",
      note: "GOV.UK attachment paths carry a content hash; take the ODS link from the statistics page."
    },
    parse: (bytes, file) => {
      const {facts, locations} = parseAscofTimeseries(bytes, file, {source_id: "ascof-2024-25", vintage: "2024-25"});
      return withLocations({facts}, locations);
    }
  },
  annual("2024-25", GOVUK_2024_25, "reablement/ascof-2024-25.csv", {
    id: "ascof-2024-25-csv",
    title: "ASCOF 2024-25 open data (CSV; layout unconfirmed)",
    discovery: {
      landing_page: GOVUK_2024_25,
      link_pattern: "https://assets\\.publishing\\.service\\.gov\\.uk/media/[0-9a-f]+/[^\"']*\\.csv",
      note: "GOV.UK attachment paths carry a content hash; take the CSV link from the statistics page."
    },
    parse: (bytes, file) => tables(parseAscof(bytes, file, {source_id: "ascof-2024-25-csv", vintage: "2024-25", period: "2024-25"}))
  })
];
