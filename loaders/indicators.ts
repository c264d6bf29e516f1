/**
 * The indicator catalogue: one entry per indicator with title, unit, polarity, definition,
 * source and code history. Each family declares its own in loaders/families/<family>/indicators.ts;
 * this module gathers them and is the only place charts read indicator knowledge from.
 */
import type {IndicatorRow} from "./model.ts";
import type {IndicatorDefinition} from "./families/types.ts";
import {indicators as reablement} from "./families/reablement/indicators.ts";
import {indicators as safeguarding} from "./families/safeguarding/indicators.ts";
import {indicators as workforce} from "./families/workforce/indicators.ts";
import {indicators as cqc} from "./families/cqc/indicators.ts";

export const CATALOGUE: IndicatorDefinition[] = [...reablement, ...safeguarding, ...workforce, ...cqc];

const byId = new Map<string, IndicatorDefinition>();
for (const indicator of CATALOGUE) {
  if (byId.has(indicator.indicator_id)) throw new Error(`indicator ${indicator.indicator_id} is declared twice in the catalogue`);
  byId.set(indicator.indicator_id, indicator);
}

export function indicatorById(id: string): IndicatorDefinition | undefined {
  return byId.get(id);
}

export function indicatorRows(): IndicatorRow[] {
  return CATALOGUE.map((i) => ({
    indicator_id: i.indicator_id,
    family: i.family,
    title: i.title,
    short_title: i.short_title,
    unit: i.unit,
    value_type: i.value_type,
    multiplier: i.multiplier,
    polarity: i.polarity,
    definition: i.definition,
    source: i.source,
    source_url: i.source_url,
    codes: JSON.stringify(i.codes ?? []),
    series_breaks: JSON.stringify(i.series_breaks ?? []),
    caveats: i.caveats ?? "",
    derived: i.derived ?? false
  }));
}
