/**
 * ASCOF extracts. NHS England published the open-data CSV each year up to 2023-24 on hashed
 * file paths (files.digital.nhs.uk/{2 hex}/{6 hex}/...), so the current file is found from the
 * landing page; DHSC publishes from 2024-25 on GOV.UK. Where the file's own address is known
 * (2021-22) it is the url; otherwise the url is the landing page and `discovery` says which link
 * on it is the file (the refresh follows it).
 */
import type {SourceDefinition} from "../types.ts";
import {parseAscof} from "./parse-ascof.ts";

const NHS_LANDING = (year: string) => `https://digital.nhs.uk/data-and-information/publications/statistical/adult-social-care-outcomes-framework-ascof/england-${year}`;
const NHS_DISCOVERY = (year: string) => ({
  landing_page: NHS_LANDING(year),
  link_pattern: "https://files\\.digital\\.nhs\\.uk/[0-9A-F]{2}/[0-9A-F]{6}/meas-from-asc-of-eng-[^\"']*\\.csv",
  note: "NHS England publishes each release on a hashed path; take the open-data CSV link from the landing page."
});

function annual(year: string, url: string, raw_path: string, extra: Partial<SourceDefinition> = {}): SourceDefinition {
  const id = `ascof-${year}`;
  return {
    id, family: "reablement", title: `ASCOF ${year} open data (CSV)`, publisher: year >= "2024-25" ? "DHSC" : "NHS England",
    vintage: year, url, format: "csv", raw_path,
    discovery: year >= "2024-25" ? undefined : NHS_DISCOVERY(year),
    parse: (bytes, file) => ({facts: parseAscof(bytes, file, {source_id: id, vintage: year, period: year}).facts}),
    ...extra
  };
}

export const sources: SourceDefinition[] = [
  {
    id: "ascof-trend", family: "reablement", title: "ASCOF outcomes 2017-18 onwards, compiled trend layout", publisher: "NHS England (compiled from the annual open-data files)",
    vintage: "2017-18 to 2020-21", url: "https://digital.nhs.uk/data-and-information/publications/statistical/adult-social-care-outcomes-framework-ascof",
    format: "csv", raw_path: "reablement/ascof-trend.csv",
    // A compilation of the annual files, not a publisher download: the refresh leaves it alone and
    // the annual sources (listed after it, so they win on overlap) bring new releases.
    curated: true,
    parse: (bytes, file) => ({facts: parseAscof(bytes, file, {source_id: "ascof-trend", vintage: "trend"}).facts})
  },
  annual("2020-21", NHS_LANDING("2020-21"), "reablement/ascof-2020-21.csv"),
  annual("2021-22", "https://files.digital.nhs.uk/A4/766F29/meas-from-asc-of-eng-2022-csv-v3.csv", "reablement/ascof-2021-22.csv"),
  annual("2022-23", NHS_LANDING("2022-23"), "reablement/ascof-2022-23.csv"),
  annual("2023-24", NHS_LANDING("2023-24"), "reablement/ascof-2023-24.csv"),
  annual("2024-25", "https://www.gov.uk/government/statistics/measures-from-the-adult-social-care-outcomes-framework-england-2024-to-2025", "reablement/ascof-2024-25.csv", {
    discovery: {
      landing_page: "https://www.gov.uk/government/statistics/measures-from-the-adult-social-care-outcomes-framework-england-2024-to-2025",
      link_pattern: "https://assets\\.publishing\\.service\\.gov\\.uk/media/[0-9a-f]+/[^\"']*\\.csv",
      note: "GOV.UK attachment paths carry a content hash; take the CSV link from the statistics page."
    }
  })
];
