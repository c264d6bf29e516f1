/**
 * Comparator group files. Councils, regions, ICSs and the England/region/ICS groups are code
 * (councils.ts, groups.ts); what comes from files is the published neighbour lists and the
 * project's custom groups. See data/raw/geography/README.md.
 *
 * CIPFA's nearest neighbours are one JSON file for every council, as MHCLG keeps it in its public
 * Oflog repository (cipfa.ts); it is `curated`: placed by hand, not fetched (CIPFA's own lists are
 * licensed). NHS England's peer model is code to run, not a published table (data-sources.md §5):
 * its lists are one CSV per focal council, so `raw_path` names the folder, and each file gets its
 * own manifest entry; the one committed is illustrative.
 */
import {createHash} from "node:crypto";
import type {SourceDefinition} from "../types.ts";
import {parseCustomGroups, parseNeighbourList, type NeighbourKind} from "./neighbours.ts";
import {parseCipfaJson} from "./cipfa.ts";

/**
 * The illustrative lists committed under data/raw/geography/ (see its README), recognised by
 * content (line endings normalised) so that they are flagged `sample: true`, while a real list
 * saved under the same name is not.
 */
const ILLUSTRATIVE_LIST_SHA256 = new Set([
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

const CIPFA_PROVENANCE = "CIPFA nearest neighbour model (15 nearest councils on standardised socio-economic variables), as kept in MHCLG's Oflog repository (communitiesuk/oflog-automated-text, src/lib/NN.json, commit c51214b); as on LG Inform, July 2024 (Trafford's list matches LG Inform's). The lists name councils as before April 2023 and give the neighbours in code order, not by nearness.";

export const sources: SourceDefinition[] = [
  {
    id: "comparators-cipfa",
    family: "geography",
    title: "CIPFA nearest neighbours (15 per council), every council in one file",
    publisher: "CIPFA nearest neighbour model, as published in MHCLG's Oflog repository",
    // Trafford's list in the file equals the CIPFA list LG Inform showed in July 2024.
    vintage: "2024-07",
    url: "https://github.com/communitiesuk/oflog-automated-text/blob/c51214b82bb79a715ac4d5449725bf91d1ecef63/src/lib/NN.json",
    format: "json",
    raw_path: "geography/cipfa-nearest-neighbours-oflog.json",
    curated: true,
    parse: (bytes, file) => {
      const {groups, notes} = parseCipfaJson(bytes, file, {vintage: "2024-07", provenance: CIPFA_PROVENANCE});
      return {facts: [], groups, notes};
    }
  },
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
