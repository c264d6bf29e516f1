/**
 * The panels each family's explorer shows, in order. One list per family so that a chart added
 * for a family appears on its page without touching the page. Every family gets the comparator
 * charts (ranked bar, distribution, trend, funnel); the family's own charts follow.
 */
import {compositionPanel} from "./composition.js";
import {cqcGridPanel} from "./cqc-grid.js";
import {distributionPanel} from "./distribution.js";
import {funnelPanel} from "./funnel.js";
import type {Panel} from "./panel.js";
import {rankedBarPanel} from "./ranked-bar.js";
import {scoreInBandPanel} from "./score-in-band.js";
import {trendPanel} from "./trend.js";
import {otProfilePanel, workforceProfilePanel} from "./workforce-profile.js";

const COMPARATOR_PANELS: Panel[] = [rankedBarPanel, distributionPanel, trendPanel, funnelPanel];

const PANELS: Record<string, Panel[]> = {
  reablement: COMPARATOR_PANELS,
  safeguarding: [...COMPARATOR_PANELS, (context) => compositionPanel(context)],
  workforce: [...COMPARATOR_PANELS, workforceProfilePanel, otProfilePanel],
  cqc: [...COMPARATOR_PANELS, cqcGridPanel, scoreInBandPanel]
};

export function familyPanels(family: string): Panel[] {
  return PANELS[family] ?? COMPARATOR_PANELS;
}
