/**
 * Comparator group kinds: their order in every list, their labels, the phrase a sentence uses to
 * place a council in a group, and the rule for a council's default group. One home, because the
 * explorers' sentences, the council pages' sentences and the group pickers must read alike.
 */

export type GroupKind = "cipfa" | "nhse_peer" | "region" | "ics" | "custom" | "all_england";

/** The order groups are offered in: the closest comparators first, England last. */
export const GROUP_KINDS: readonly GroupKind[] = ["cipfa", "nhse_peer", "region", "ics", "custom", "all_england"];

const KIND_LABELS: Readonly<Record<GroupKind, string>> = {
  cipfa: "CIPFA nearest neighbours",
  nhse_peer: "NHS England ASC peer group",
  region: "Region",
  ics: "Integrated care system",
  custom: "Custom group",
  all_england: "All English councils"
};

/** "CIPFA nearest neighbours", "Integrated care system"; an unknown kind is shown as it is. */
export function groupKindLabel(kind: string): string {
  return KIND_LABELS[kind as GroupKind] ?? kind;
}

type Named = {kind: string; label: string};

/**
 * The group as a noun phrase: "its CIPFA nearest-neighbour group", "the South East region",
 * "the Kent and Medway ICS", "all English councils", "the group "Four councils"". Built-in ICS
 * labels already end in "ICS" (loaders/families/geography/groups.ts); the word is not doubled.
 */
export function groupName(group: Named): string {
  switch (group.kind) {
    case "cipfa": return "its CIPFA nearest-neighbour group";
    case "nhse_peer": return "its NHS England peer group";
    case "region": return `the ${group.label} region`;
    case "ics": return `the ${/\bICS$/.test(group.label) ? group.label : `${group.label} ICS`}`;
    case "all_england": return "all English councils";
    default: return `the group "${group.label}"`;
  }
}

/** How a sentence places a council in a group: "in the South East region", "among all English councils". */
export function groupPhrase(group: Named): string {
  return `${group.kind === "all_england" ? "among" : "in"} ${groupName(group)}`;
}

/** Groups in kind order, then by label. */
export function sortGroups<G extends Named>(groups: readonly G[]): G[] {
  const rank = (kind: string) => {
    const i = GROUP_KINDS.indexOf(kind as GroupKind);
    return i < 0 ? GROUP_KINDS.length : i;
  };
  return [...groups].sort((a, b) => rank(a.kind) - rank(b.kind) || a.label.localeCompare(b.label));
}

/** Whether a council can be compared within a group: the group is built around it, or (not being built around anyone) contains it. */
export function groupAppliesTo(group: {focal_code: string | null}, members: readonly string[], code: string): boolean {
  return group.focal_code ? group.focal_code === code : members.includes(code);
}

/**
 * The rule for the default comparator group, shared by the council pages and the explorers:
 * CIPFA nearest neighbours where the snapshot has them, else the region.
 */
export function chooseDefaultGroup<G extends {kind: string}>(groups: readonly G[]): G | undefined {
  return groups.find((g) => g.kind === "cipfa") ?? groups.find((g) => g.kind === "region") ?? groups[0];
}
