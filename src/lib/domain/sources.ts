/**
 * Source ids and the sample rule. A fact's source_id names the extract it came from, or, for a
 * figure computed from others (rates over ONS populations, shares of counts), `derived:` and the
 * sorted ids of every extract behind it. A figure is sample when any of its input sources is a
 * sample file; every "Sample" label on a tile, chart, sentence or CSV follows from this rule.
 */

const DERIVED = "derived:";

/** The source ids behind a fact: itself, or the inputs of a derived fact (`derived:<id>+<id>`). */
export function inputSourceIds(sourceId: string): string[] {
  return sourceId.startsWith(DERIVED) ? sourceId.slice(DERIVED.length).split("+") : [sourceId];
}

/** The source id of a figure derived from others: `derived:` and the sorted extracts behind every input. */
export function derivedSourceId(inputs: readonly string[]): string {
  return `${DERIVED}${[...new Set(inputs.flatMap(inputSourceIds))].sort().join("+")}`;
}

/** True when a figure's source is a sample file, or a derivation from one. No source: no figure, not sample. */
export function isSampleSource(sourceId: string | null | undefined, sampleSources: ReadonlySet<string>): boolean {
  if (!sourceId) return false;
  return inputSourceIds(sourceId).some((id) => sampleSources.has(id));
}

/** A set of figures (a chart, an indicator's period) is sample when any one of them is. */
export function anySampleSource(sourceIds: Iterable<string | null | undefined>, sampleSources: ReadonlySet<string>): boolean {
  for (const id of sourceIds) if (isSampleSource(id, sampleSources)) return true;
  return false;
}

/** A comparison is sample when any figure in it is, or when its group's member list is: the list is an input too. */
export function isSampleComparison(figuresSample: boolean, group: {sample: boolean}): boolean {
  return figuresSample || group.sample;
}

/**
 * An explorer's view of one period against one group. Its figures are sample when any fact of
 * that period is (options.json's sample_periods, built by isSampleSource: loaders/site-data.ts).
 */
export function isSampleSelection(indicator: {sample_periods: readonly string[]}, period: string, group: {sample: boolean}): boolean {
  return isSampleComparison(indicator.sample_periods.includes(period), group);
}
