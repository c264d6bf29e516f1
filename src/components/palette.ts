/**
 * Colours and second cues shared by every chart. The verdict colours are from the Okabe-Ito
 * palette (safe for the common colour-vision deficiencies), and every verdict also has a shape
 * and a word, so colour is never the only cue: better ▲ blue, worse ▼ vermilion, similar ● grey,
 * not compared ○; for indicators with no judgement, higher ▲ and lower ▼ in two blues.
 */
import type {Verdict} from "../lib/stats.js";

export const FOCAL_COLOUR = "#c2185b";
export const MEMBER_COLOUR = "#8da4ba";
export const BENCHMARK_COLOUR = "#222222";
export const BAND_COLOUR = "#dbe4ec";

export interface VerdictStyle {
  colour: string;
  /** A Plot symbol name. */
  symbol: "triangle" | "circle";
  /** Degrees: a triangle pointing down is rotated 180. */
  rotate: number;
  /** A glyph for text and tables. */
  glyph: string;
  hollow: boolean;
  label: string;
}

export const VERDICT_STYLES: Record<Verdict, VerdictStyle> = {
  better: {colour: "#0072b2", symbol: "triangle", rotate: 0, glyph: "▲", hollow: false, label: "significantly better"},
  worse: {colour: "#d55e00", symbol: "triangle", rotate: 180, glyph: "▼", hollow: false, label: "significantly worse"},
  similar: {colour: "#7a7a7a", symbol: "circle", rotate: 0, glyph: "●", hollow: false, label: "not significantly different"},
  higher: {colour: "#56b4e9", symbol: "triangle", rotate: 0, glyph: "▲", hollow: false, label: "significantly higher (no judgement)"},
  lower: {colour: "#1a4f7a", symbol: "triangle", rotate: 180, glyph: "▼", hollow: false, label: "significantly lower (no judgement)"},
  "not compared": {colour: "#7a7a7a", symbol: "circle", rotate: 0, glyph: "○", hollow: true, label: "not compared (no interval)"}
};

export function verdictStyle(verdict: Verdict): VerdictStyle {
  return VERDICT_STYLES[verdict] ?? VERDICT_STYLES["not compared"];
}

/**
 * Categorical colours for stacked compositions: Okabe-Ito's eight, then Paul Tol's muted set
 * for longer lists; segments also carry their percentage as text and the table gives every value.
 */
export const CATEGORY_COLOURS = [
  "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000",
  "#882255", "#44aa99", "#999933", "#aa4499", "#dddddd"
];

/** Text colour that reads on a fill (WCAG relative luminance). */
export function textOn(fill: string): string {
  const hex = fill.replace("#", "");
  if (hex.length !== 6) return "#000";
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  return luminance > 0.35 ? "#000" : "#fff";
}

/** A legend as HTML (keyboard- and screen-reader-readable), one entry per mark kind. */
export function legend(entries: {label: string; swatch: string; colour?: string; dash?: boolean}[]): HTMLElement {
  const box = document.createElement("div");
  box.className = "legend";
  for (const entry of entries) {
    const item = document.createElement("span");
    const swatch = document.createElement("span");
    swatch.setAttribute("aria-hidden", "true");
    swatch.textContent = entry.swatch;
    if (entry.colour) swatch.style.color = entry.colour;
    swatch.style.fontWeight = "700";
    item.append(swatch, document.createTextNode(entry.label));
    box.append(item);
  }
  return box;
}
