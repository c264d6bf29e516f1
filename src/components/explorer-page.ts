/**
 * One family's explorer page, from what the build already knows: the family's indicators come
 * from the catalogue (options.json, each indicator's `family`, in the catalogue's order, so the
 * family's first indicator with data is the default view), its panels from panels.ts, the focal
 * council from the domain's default. A page then says only what is its own: its family, the
 * tables it loads (the family's facts-<family>.arrow, so its first view fetches nothing else),
 * any default that differs, and its prose.
 */
import type {Family} from "../lib/domain/types.js";
import {queryRunner} from "../lib/database.js";
import type {FirstView} from "../lib/first-view.js";
import type {Options} from "../lib/selection.js";
import {createExplorer} from "./explorer.js";
import {familyPanels} from "./panels.js";

/** The page's DuckDB client (Framework's `DuckDBClient.of(...)`, or a promise of it). */
type DuckDBClient = Parameters<typeof queryRunner>[0];

export interface ExplorerPageConfig {
  family: Family;
  options: Options;
  db: DuckDBClient | Promise<DuckDBClient>;
  /** The family's first-view file (`FileAttachment("data/site/first-view-<family>.json").json()`), so the first chart needs no DuckDB. */
  firstView?: FirstView | null | Promise<FirstView | null>;
  /** The kind of comparator group shown when the URL names none, where it is not the council's default group. */
  defaultGroupKind?: string;
}

/** The family's indicators, in the catalogue's order (options.json keeps it). */
export function familyIndicators(options: Pick<Options, "indicators">, family: Family): string[] {
  return options.indicators.filter((i) => i.family === family).map((i) => i.indicator_id);
}

export function explorerPage({family, options, db, firstView, defaultGroupKind}: ExplorerPageConfig): HTMLElement {
  return createExplorer({
    options,
    db: Promise.resolve(db).then(queryRunner),
    firstView,
    indicators: familyIndicators(options, family),
    panels: familyPanels(family),
    defaultGroupKind
  });
}
