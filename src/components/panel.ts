/**
 * The panel contract: what every chart panel receives and returns. The explorer (explorer.ts)
 * builds one context per selection and hands it to each panel in turn; a notebook builds the same
 * context (src/notebooks/kit.ts comparatorContext) to draw the same panels. Kept apart from the
 * explorer so a chart's file depends on this contract, not on the controls that drive it.
 */
import type {ComparatorResult, GroupInfo, QueryRunner, Selection} from "../lib/comparator.js";
import {groupKindLabel} from "../lib/domain/groups.js";
import {isSampleSelection} from "../lib/domain/sources.js";
import {formatBreakdown} from "../lib/format.js";
import type {CouncilOption, IndicatorOption, Options} from "../lib/selection.js";

/** The fields of a selection, in the order the controls and the page address hold them. */
export const SELECTION_KEYS = ["focal", "group", "indicator", "period", "breakdown"] as const;

export interface PanelContext {
  db: QueryRunner;
  options: Options;
  selection: Selection;
  indicator: IndicatorOption;
  group: GroupInfo;
  focal: CouncilOption;
  result: ComparatorResult;
  sample: boolean;
  width: number;
  /**
   * True once an "About this view" panel describes this selection (the explorer always shows one;
   * a notebook's `aboutThisView(context)` sets it): frames then leave the shared facts to it.
   */
  aboutShown?: boolean;
  /** Metadata rows for a CSV download, so every export carries the same header. */
  csvMetadata(extra?: [string, string][]): [string, string | number][];
}

/** A chart panel: its frame for this selection, or null when it has nothing to show. */
export type Panel = (context: PanelContext) => Promise<HTMLElement | null> | HTMLElement | null;

/**
 * The CSV metadata header shared by every chart export: what the figures are, where they come
 * from and which selection they belong to, so a downloaded file stands on its own.
 */
export function csvMetadata(options: Options, indicator: IndicatorOption, selection: Selection, group: GroupInfo, councilName: (code: string) => string, extra: [string, string][] = []): [string, string | number][] {
  return [
    ["Indicator", `${indicator.title} (${indicator.indicator_id})`],
    ["Unit", indicator.unit],
    ["Definition", indicator.definition],
    ["Polarity", indicator.polarity],
    ["Source", indicator.source],
    ["Source URL", indicator.source_url],
    ["Period", selection.period],
    ["Release (vintage)", indicator.vintages[selection.period] ?? ""],
    ["Extracts", (indicator.period_sources?.[selection.period] ?? []).join("; ")],
    ["Breakdown", formatBreakdown(selection.breakdown)],
    ["Focal council", `${councilName(selection.focal)} (${selection.focal})`],
    ["Comparator group", `${group.label} (${groupKindLabel(group.kind)}, vintage ${group.vintage})`],
    ["Group members", group.members.map(councilName).join("; ")],
    ["Group provenance", group.provenance],
    ...extra,
    ["Snapshot", options.snapshot.generated_at],
    ["Sample data", isSampleSelection(indicator, selection.period, group) ? "yes: illustrative values except figures from the seed papers" : "no"]
  ];
}
