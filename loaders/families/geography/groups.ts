/**
 * Built-in comparator groups that follow from the council list itself: all England, each of the
 * nine regions, and each ICS recorded in councils.ts. Published neighbour lists (CIPFA, NHS England
 * peers) and custom groups come from files instead: see neighbours.ts.
 */
import type {GroupRow} from "../../model.ts";
import {INTEGRATED_CARE_SYSTEMS, REGIONS} from "./councils.ts";

interface GroupMember {
  code: string;
  region_code: string;
  ics_code: string | null;
}

const VINTAGE = "2023";
const PROVENANCE_REGION = "ONS English regions (E12), April 2023 council geography";
const PROVENANCE_ICS = "NHS integrated care boards (E54, April 2023); a council straddling ICSs is placed in the one covering most of its population";

export function buildBuiltInGroups(councils: readonly GroupMember[]): GroupRow[] {
  const row = (group_id: string, kind: GroupRow["kind"], label: string, member_code: string, provenance: string): GroupRow => ({
    group_id, kind, label, focal_code: null, member_code, rank: null, vintage: VINTAGE, provenance, sample: false
  });
  const rows: GroupRow[] = councils.map((council) =>
    row("england", "all_england", `All ${councils.length} English councils`, council.code, "The councils with adult social care responsibility in England, April 2023 geography"));
  for (const region of REGIONS) {
    for (const council of councils.filter((c) => c.region_code === region.code)) {
      rows.push(row(`region-${region.code}`, "region", region.name, council.code, PROVENANCE_REGION));
    }
  }
  for (const ics of INTEGRATED_CARE_SYSTEMS) {
    for (const council of councils.filter((c) => c.ics_code === ics.code)) {
      rows.push(row(`ics-${ics.code}`, "ics", `${ics.name} ICS`, council.code, PROVENANCE_ICS));
    }
  }
  return rows;
}
