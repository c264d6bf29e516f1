/**
 * A council page's first screen as the page itself draws it for the default comparator group,
 * for the build to write into the page's HTML (scripts/first-paint.ts): the name and lede, the
 * group select, the group line, the headline tiles and the spine chart. The browser paints them
 * with the HTML, before Framework's runtime, Plot or the council's JSON have loaded; each cell
 * then replaces its own as it draws (Framework shows a block's placeholder until the cell
 * displays, and these are written as that placeholder).
 *
 * The page names its first-screen cells with a `// first paint: <slot>` comment, and a slot this
 * module does not know is an error at build time; its inline expressions are filled where their
 * text is one of FIRST_PAINT_TEXT's (the footer's date, further down, is left to the runtime).
 *
 * Only the build imports this module; it needs a DOM (the build gives it jsdom's).
 */
import type {CouncilPageData} from "../lib/domain/council-data.js";
import {formatDate} from "../lib/format.js";
import {groupLine, groupSelect, headlineTiles, spinePanel, vintageLine} from "./council-page.js";

/** The spine chart's width in the first paint: the page's own cap (`Math.min(width, 960)`). */
export const FIRST_PAINT_WIDTH = 960;

export interface FirstPaintSlot {
  /** True when what it shows depends on the comparator group (a page opened with ?group= drops it). */
  byGroup: boolean;
  /** True when it holds a control that does nothing until the page's script runs: made inert. */
  control: boolean;
  render(data: CouncilPageData): Node;
}

/** The page's block cells, by the name in their `// first paint:` comment. */
export const FIRST_PAINT_SLOTS: Record<string, FirstPaintSlot> = {
  "select": {byGroup: true, control: true, render: (data) => groupSelect(data, data.default_group)},
  "group-line": {byGroup: true, control: false, render: (data) => groupLine(data, data.default_group)},
  "tiles": {byGroup: true, control: false, render: (data) => headlineTiles(data, data.default_group)},
  "spine": {byGroup: true, control: false, render: (data) => spinePanel(data, data.default_group, {width: FIRST_PAINT_WIDTH})}
};

/** The page's inline expressions in its heading and lede, by their source text. */
export const FIRST_PAINT_TEXT: Record<string, (data: CouncilPageData) => string> = {
  "data.name": (data) => data.name,
  "data.region_name": (data) => data.region_name,
  "formatDate(data.snapshot_generated_at)": (data) => formatDate(data.snapshot_generated_at),
  "vintageLine(data)": (data) => vintageLine(data)
};
