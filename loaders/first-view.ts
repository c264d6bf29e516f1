/**
 * `first-view-<family>.json`: what an explorer needs to draw its first chart before DuckDB-Wasm
 * has loaded (src/lib/first-view.ts reads it): the facts of the family's default indicator (its
 * first in the catalogue with data, as the page's default) in that indicator's latest period,
 * every breakdown, and the name and short name of every area a comparator group holds.
 */
import type {FirstView} from "../src/lib/first-view.ts";
import type {Snapshot} from "./snapshot.ts";
import {familyFacts} from "./site-data.ts";

export function firstView(snapshot: Pick<Snapshot, "facts" | "indicators" | "areas" | "groups">, family: string): FirstView | null {
  const facts = familyFacts(snapshot.facts, snapshot.indicators, family);
  const periods = new Map<string, Set<string>>();
  for (const fact of facts) {
    if (!periods.has(fact.indicator_id)) periods.set(fact.indicator_id, new Set());
    periods.get(fact.indicator_id)!.add(fact.period);
  }
  const indicator = snapshot.indicators.find((i) => i.family === family && periods.has(i.indicator_id));
  if (!indicator) return null;
  const period = [...periods.get(indicator.indicator_id)!].sort().at(-1)!;
  const rows = facts.filter((f) => f.indicator_id === indicator.indicator_id && f.period === period);
  const members = new Set(snapshot.groups.map((g) => g.member_code));
  const areas: FirstView["areas"] = {};
  for (const area of snapshot.areas) if (members.has(area.code)) areas[area.code] = [area.name, area.short_name];
  return {
    indicator_id: indicator.indicator_id,
    period,
    facts: {
      area_code: rows.map((f) => f.area_code),
      breakdown: rows.map((f) => f.breakdown),
      value: rows.map((f) => f.value),
      numerator: rows.map((f) => f.numerator),
      denominator: rows.map((f) => f.denominator),
      status: rows.map((f) => f.status)
    },
    areas
  };
}
