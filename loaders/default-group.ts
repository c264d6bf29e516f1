/**
 * Each council's default comparator group, decided once where the site's data is made (options.json
 * for the explorers, the council pages' JSON) by the rule in src/lib/domain/groups.ts: CIPFA nearest
 * neighbours where the snapshot has them, else the region. When the default is not CIPFA's, the
 * reason says why, in a sentence the pages show where the group is set.
 */
import {chooseDefaultGroup} from "../src/lib/domain/groups.ts";
import {whyNoCipfaList} from "./families/geography/cipfa.ts";
import type {Council} from "./families/geography/index.ts";

export interface DefaultGroup {
  default_group: string;
  /** "" when the default is the council's CIPFA nearest neighbours. */
  default_group_reason: string;
}

/** `groups` are the council's own (built around it or containing it). */
export function defaultComparatorGroup(council: Pick<Council, "code" | "name">, groups: readonly {group_id: string; kind: string; label: string}[]): DefaultGroup {
  const chosen = chooseDefaultGroup(groups);
  if (!chosen || chosen.kind === "cipfa") return {default_group: chosen?.group_id ?? "", default_group_reason: ""};
  const why = whyNoCipfaList(council);
  const instead = chosen.kind === "region" ? `its region, ${chosen.label}` : chosen.label;
  return {default_group: chosen.group_id, default_group_reason: `${why[0].toUpperCase()}${why.slice(1)}, so by default ${council.name} is compared with ${instead}.`};
}
