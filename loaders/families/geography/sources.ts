/**
 * Comparator group files. Councils, regions, ICSs and the England/region/ICS groups are code
 * (councils.ts, groups.ts); what comes from files is the published neighbour lists and the
 * project's custom groups. See data/raw/geography/README.md.
 *
 * Neither neighbour source can be fetched by the refresh: CIPFA's lists are licensed, and NHS
 * England's peer model is code to run, not a published table (data-sources.md §5). Both are
 * therefore `curated`: files are placed under data/raw/geography/ by hand, one per focal council,
 * so `raw_path` names the folder, and each file gets its own manifest entry.
 */
import {createHash} from "node:crypto";
import type {SourceDefinition} from "../types.ts";
import {parseCustomGroups, parseNeighbourList, type NeighbourKind} from "./neighbours.ts";

/**
 * The illustrative lists committed under data/raw/geography/ (see its README), recognised by
 * content (line endings normalised) so that they are flagged `sample: true`, while a real list
 * saved under the same name is not.
 */
const ILLUSTRATIVE_LIST_SHA256 = new Set([
  "3c76d9e3613239a2ff15b4cbff62f04ca1cd01eb6750d153a794e9f0a280b747", // cipfa/E06000035.csv Medway
  "54813321c5e83e920b9745ed78dde8e93e8246a94bd43a42f59224215d357eb0", // cipfa/E06000057.csv Northumberland
  "57551894d851051f0c5c86bc0d3f8ad8575908a848779b432481bb17d6698512", // cipfa/E06000066.csv Somerset
  "502107e887b2d26317e335db30eb150d116fb87b8879761a020bf213b696cc33", // cipfa/E08000026.csv Coventry
  "6be15d9dc2fc933e8bf8caedbde4f7781f9d684d5ffc2677091d2574b131cc21", // cipfa/E08000035.csv Leeds
  "7ef06dcfda5738d5135ae59d288c722dcc4639603923ca49c6e629d0f2262a2e", // cipfa/E09000007.csv Camden
  "35af71066f40e41635b45452bde3bac0aa85e974f9e2bcbb0a3926db9f6aaaa2", // cipfa/E10000016.csv Kent
  "fa3a896de1e628c6bfc4c59a8f695b220780b927aae968b8295c9e7bd89b6e84" // nhse-peer/E06000035.csv Medway
]);

export function isIllustrativeNeighbourList(bytes: Uint8Array): boolean {
  const text = new TextDecoder("utf-8").decode(bytes).replace(/\r\n?/g, "\n");
  return ILLUSTRATIVE_LIST_SHA256.has(createHash("sha256").update(text).digest("hex"));
}

const ILLUSTRATIVE_NOTE = "ILLUSTRATIVE SAMPLE chosen by hand, not the publisher's list (data/raw/geography/README.md)";

function neighbourSource(kind: NeighbourKind, fields: Omit<SourceDefinition, "family" | "format" | "parse" | "curated">, provenance: string): SourceDefinition {
  return {
    ...fields, family: "geography", format: "csv", curated: true,
    parse: (bytes, file) => {
      const sample = isIllustrativeNeighbourList(bytes);
      return {facts: [], groups: parseNeighbourList(bytes, file, {kind, vintage: fields.vintage, sample, provenance: sample ? `${ILLUSTRATIVE_NOTE}. ${provenance}` : provenance})};
    }
  };
}

export const sources: SourceDefinition[] = [
  neighbourSource("cipfa", {
    id: "comparators-cipfa",
    title: "CIPFA nearest neighbours (15 per council), one file per focal council",
    publisher: "CIPFA (CIPFAstats nearest neighbour model; licensed), as shown on LG Inform",
    vintage: "2021",
    // The open route: LG Inform's comparison group `{LA}_CIPFA_Near_Neighbours` (data-sources.md §5 route b).
    url: "https://lginform.local.gov.uk/",
    raw_path: "geography/cipfa/"
  }, "CIPFA nearest neighbour model (Euclidean distance on standardised socio-economic variables), 15 neighbours per council"),
  neighbourSource("nhse_peer", {
    id: "comparators-nhse-peer",
    title: "NHS England adult social care peer groups (15 per council), one file per focal council",
    publisher: "NHS England",
    vintage: "2023",
    url: "https://github.com/NHSDigital/ASC_LA_Peer_Groups",
    raw_path: "geography/nhse-peer/"
  }, "NHS England ASC peer model: Euclidean distance on Census 2021 features, 15 peers; excludes City of London and Isles of Scilly"),
  {
    id: "groups-custom",
    family: "geography",
    title: "Custom comparator groups defined by this project",
    publisher: "ASC Benchmark (curated)",
    vintage: "2023",
    // Maintained in this repository, so its address is its path here.
    url: "data/raw/geography/custom-groups.json",
    format: "json",
    raw_path: "geography/custom-groups.json",
    curated: true,
    parse: (bytes, file) => ({facts: [], groups: parseCustomGroups(bytes, file)})
  }
];
