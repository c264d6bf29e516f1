/**
 * The panels each family's explorer shows, in order. One list per family so that a chart added
 * for a family appears on its page without touching the page.
 */
import type {Panel} from "./explorer.js";
import {rankedBarPanel} from "./explorer.js";

const PANELS: Record<string, Panel[]> = {
  reablement: [rankedBarPanel],
  safeguarding: [rankedBarPanel],
  workforce: [rankedBarPanel],
  cqc: [rankedBarPanel]
};

export function familyPanels(family: string): Panel[] {
  return PANELS[family] ?? [rankedBarPanel];
}
