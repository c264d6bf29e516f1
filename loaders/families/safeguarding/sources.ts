/**
 * Safeguarding extracts: one Safeguarding Adults Collection (SAC) open-data CSV per year, and the
 * ONS mid-year population estimates (one MYE workbook per mid-year, 2015 to 2022) that the rates
 * per 100,000 adults need.
 *
 * NHS Digital/NHS England published SAC up to 2023-24 on digital.nhs.uk, with the files on hashed
 * paths (files.digital.nhs.uk/{2 hex}/{6 hex}/...), so the refresh takes the CSV link from the
 * year's landing page. DHSC publishes from 2024-25 on GOV.UK ("previously published by NHS
 * England"), again with hashed attachment paths. The years registered are the years shipped in
 * data/raw/safeguarding (see its README: a sample in the publisher's layout, not the real files).
 */
import type {SourceDefinition} from "../types.ts";
import type {FactRow} from "../../model.ts";
import {parseSacCsv} from "./parse-sac-csv.ts";
import {parsePopulationMye} from "./parse-population-mye.ts";
import {deriveSafeguarding} from "./derive.ts";
import {ONS_MYE_URL} from "./indicators.ts";

const NHS_PUBLICATIONS = "https://digital.nhs.uk/data-and-information/publications/statistical/safeguarding-adults";

/**
 * Landing page per release. The slugs changed over the years; those marked unconfirmed follow the
 * neighbouring years' pattern and should be checked on the first live refresh.
 */
const LANDING_PAGES: Record<string, {url: string; confirmed: boolean}> = {
  "2015-16": {url: "https://www.gov.uk/government/statistics/safeguarding-adults-2015-to-2016-experimental-statistics", confirmed: true},
  "2016-17": {url: `${NHS_PUBLICATIONS}/2016-17`, confirmed: true},
  "2017-18": {url: `${NHS_PUBLICATIONS}/annual-report-2017-18-england`, confirmed: false},
  "2018-19": {url: `${NHS_PUBLICATIONS}/annual-report-2018-19-england`, confirmed: true},
  "2019-20": {url: `${NHS_PUBLICATIONS}/2019-20`, confirmed: true},
  "2020-21": {url: `${NHS_PUBLICATIONS}/2020-21`, confirmed: false},
  "2021-22": {url: `${NHS_PUBLICATIONS}/2021-22`, confirmed: true},
  "2022-23": {url: `${NHS_PUBLICATIONS}/2022-23`, confirmed: true},
  "2023-24": {url: `${NHS_PUBLICATIONS}/2023-24`, confirmed: false}
};

/** `2024-25` -> the GOV.UK statistics page DHSC publishes for that year. */
function govUkLandingPage(year: string): string {
  const [start, end] = [year.slice(0, 4), `20${year.slice(5, 7)}`];
  return `https://www.gov.uk/government/statistics/safeguarding-adults-england-${start}-to-${end}`;
}

/** The source definition for one SAC release (used for the registered years, and to add the next). */
export function sacSource(year: string): SourceDefinition {
  const id = `sac-${year}`;
  const dhsc = year >= "2024-25";
  const landing = dhsc ? {url: govUkLandingPage(year), confirmed: year === "2024-25"} : LANDING_PAGES[year];
  if (!landing) throw new Error(`no SAC landing page is known for ${year}: add it to LANDING_PAGES`);
  const unconfirmed = landing.confirmed ? "" : " This landing-page address follows the neighbouring years' pattern and is not yet confirmed.";
  return {
    id, family: "safeguarding", title: `Safeguarding Adults Collection ${year} (CSV)`,
    publisher: dhsc ? "DHSC" : year <= "2021-22" ? "NHS Digital" : "NHS England",
    vintage: year, period: year, url: landing.url, format: "csv", raw_path: `safeguarding/${id}.csv`,
    discovery: dhsc
      ? {
          landing_page: landing.url,
          link_pattern: "https://assets\\.publishing\\.service\\.gov\\.uk/media/[0-9a-f]+/[^\"']*\\.csv",
          note: `GOV.UK attachment paths carry a content hash; take the CSV link from the statistics page.${unconfirmed}`
        }
      : {
          landing_page: landing.url,
          link_pattern: "https://files\\.digital\\.nhs\\.uk/[0-9A-F]{2}/[0-9A-F]{6}/[^\"']*\\.csv",
          note: `NHS England publishes each release on a hashed path; take the open-data CSV link from the landing page (the data tables are an XLSX beside it, e.g. files.digital.nhs.uk/BE/C03367/sac-eng-2021-22-data-tables.xlsx).${unconfirmed}${year < "2020-21" ? " Releases before 2020-21 may not use the long CSV layout (unconfirmed) and used '*' for suppressed values." : ""}`
        },
    parse: (bytes, file) => parseSacCsv(bytes, file, {source_id: id, vintage: year})
  };
}

export const SAC_YEARS = ["2015-16", "2016-17", "2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23"];

/**
 * The ONS mid-year estimates workbook for one mid-year (MYE2 persons by single year of age).
 * ONS files each edition under a `mid<YYYY>...` folder of the dataset
 * (`/file?uri=/.../populationestimatesforukenglandandwalesscotlandandnorthernireland/mid2021/ukpopestimatesmid2021on2021geographyfinal.xls`),
 * so the refresh takes the year's link from the dataset page. Up to mid-2021 the file is a legacy
 * `.xls` (format "xlsx": SheetJS reads both, and the sniff accepts either).
 */
export function myeSource(year: number): SourceDefinition {
  const id = `ons-mye-${year}`;
  const extension = year >= 2022 ? "xlsx" : "xls";
  return {
    id, family: "safeguarding", title: `Population estimates for the UK, mid-${year}: persons by single year of age and local authority (ONS MYE2)`,
    publisher: "ONS", vintage: `mid-${year}`, url: ONS_MYE_URL, format: "xlsx", raw_path: `population/mye-${year}.${extension}`,
    discovery: {
      landing_page: ONS_MYE_URL,
      link_pattern: `populationestimatesforukenglandandwalesscotlandandnorthernireland/mid${year}(?!\\d)[a-z0-9]*/[A-Za-z0-9_-]+\\.xlsx?$`,
      note: `The dataset page links the latest edition; earlier mid-years are on its 'previous versions' pages (.../previous/vN), so for a past year the link may have to be taken from there. ONS has published some years on two council geographies (mid${year}april${year + 1}localauthoritydistrictcodes): check the councils the file lists.`
    },
    parse: (bytes, file) => parsePopulationMye(bytes, file, {source_id: id, year})
  };
}

export const MYE_YEARS = [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022];

export const sources: SourceDefinition[] = [...SAC_YEARS.map(sacSource), ...MYE_YEARS.map(myeSource)];

/** Derived measures (conversion, % Section 42, rates per 100,000 adults, shares), computed once at snapshot assembly. */
export function derive(facts: readonly FactRow[]): FactRow[] {
  return deriveSafeguarding(facts);
}
