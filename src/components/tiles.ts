/**
 * Headline tiles (Evidence's BigValue, Fingertips' benchmark colours): a value with its period,
 * the change since the previous period with an arrow, the rank in the comparator group and a
 * polarity-aware judgement. Colour is never the only cue: every judgement also has an icon and a
 * word, and every change an arrow and a word.
 */
import type {Judgement} from "../lib/domain/status.js";
import {el} from "./dom.js";

export interface TileOptions {
  id: string;
  title: string;
  /** The value as shown ("84.2%", "559.5"). */
  value: string;
  /** A unit shown smaller beside the value ("per 100,000"), or "". */
  unit?: string;
  /** "2023-24", "5 May 2026". */
  period: string;
  /** "up 12.2 percentage points from 72.0% in 2022-23", or why there is no change to show. */
  change: string;
  changeDirection: "up" | "down" | "same" | null;
  /** improved / worsened / no change / changed (no judgement) / null. */
  changeJudgement: string | null;
  /** "5th of 16 in the CIPFA group". */
  rank: string;
  judgement: Judgement;
  judgementText: string;
  /** Extra lines (series breaks, notes). */
  notes?: string[];
  sample?: boolean;
  /** A link to the explorer with this council, group and indicator selected. */
  href?: string | null;
  hrefLabel?: string;
}

export const JUDGEMENT_ICONS: Record<Judgement, string> = {
  better: "▲",
  similar: "●",
  worse: "▼",
  no_judgement: "◆",
  "not compared": "○"
};

const CHANGE_ARROWS = {up: "↑", down: "↓", same: "→"} as const;

export function tile(options: TileOptions): HTMLElement {
  const article = el("div", {className: `tile tile--${options.judgement.replace(/[_ ]/g, "-")}`});
  article.id = options.id;
  article.setAttribute("data-tile", options.id);
  const title = el("h3", {className: "tile-title"}, options.title);
  title.id = `${options.id}-title`;
  if (options.sample) title.append(" ", el("span", {className: "sample-label"}, "Sample"));
  article.append(title);

  const value = el("p", {className: "tile-value"});
  value.append(el("span", {className: "tile-number"}, options.value));
  if (options.unit) value.append(" ", el("span", {className: "tile-unit"}, options.unit));
  value.append(" ", el("span", {className: "tile-period"}, options.period));
  value.setAttribute("data-value", "");
  article.append(value);

  const changeClass = options.changeJudgement === "improved" ? "change-improved" : options.changeJudgement === "worsened" ? "change-worsened" : "change-neutral";
  const change = el("p", {className: `tile-change ${changeClass}`});
  if (options.changeDirection) {
    const arrow = el("span", {className: "tile-arrow"}, CHANGE_ARROWS[options.changeDirection]);
    arrow.setAttribute("aria-hidden", "true");
    change.append(arrow, " ");
  }
  change.append(options.change);
  if (options.changeJudgement === "improved" || options.changeJudgement === "worsened") change.append(el("span", {className: "tile-change-word"}, ` (${options.changeJudgement})`));
  article.append(change);

  article.append(el("p", {className: "tile-rank"}, options.rank));

  const judgement = el("p", {className: "tile-judgement"});
  const icon = el("span", {className: "tile-icon"}, JUDGEMENT_ICONS[options.judgement]);
  icon.setAttribute("aria-hidden", "true");
  judgement.append(icon, " ", options.judgementText);
  article.append(judgement);

  for (const note of options.notes ?? []) article.append(el("p", {className: "tile-note"}, note));
  if (options.href) {
    const link = el("a", {className: "tile-link no-print"}, options.hrefLabel ?? "Explore");
    link.href = options.href;
    article.append(link);
  }
  return article;
}

export function tileGrid(tiles: HTMLElement[], label: string): HTMLElement {
  const grid = el("ul", {className: "tiles"});
  grid.setAttribute("aria-label", label);
  for (const t of tiles) grid.append(el("li", {}, t));
  return grid;
}
