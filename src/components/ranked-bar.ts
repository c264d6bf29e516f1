/**
 * Ranked (caterpillar) bar chart: every group member's value, best first by the indicator's
 * polarity, the focal council highlighted by colour AND by a bold, marked label, 95% intervals as
 * whiskers where a numerator and denominator exist, and the group median (dashed) and England
 * (solid) as reference lines.
 */
import * as Plot from "npm:@observablehq/plot";
import type {ComparatorResult, IndicatorInfo, MemberResult} from "../lib/comparator.js";
import {formatValue} from "../lib/format.js";

export const FOCAL_MARK = "◆";

export function rankedBar(result: ComparatorResult, indicator: IndicatorInfo, {width = 720}: {width?: number} = {}): SVGSVGElement | HTMLElement {
  const data = result.members.filter((m) => m.value !== null);
  const label = (m: MemberResult) => (m.is_focal ? `${FOCAL_MARK} ${m.short_name}` : m.short_name);
  const order = data.map(label);
  const withCi = data.filter((m) => m.ci95);
  const references: {label: string; value: number; dash: string}[] = [];
  if (result.stats.median !== null) references.push({label: `Group median ${formatValue(result.stats.median, indicator.unit)}`, value: result.stats.median, dash: "4,3"});
  if (result.england !== null) references.push({label: `England ${formatValue(result.england, indicator.unit)}`, value: result.england, dash: "none"});
  const height = Math.max(160, 22 * data.length + 70);
  const chart = Plot.plot({
    width,
    height,
    marginLeft: 190,
    marginRight: 40,
    marginTop: 36,
    x: {label: indicator.unit === "%" ? "Per cent" : indicator.unit, grid: true, nice: true, zero: indicator.value_type !== "score"},
    y: {domain: order, label: null, tickSize: 0},
    marks: [
      Plot.barX(data, {
        x: "value",
        y: label,
        fill: (m: MemberResult) => (m.is_focal ? "var(--focal)" : "#9bb0c4"),
        title: (m: MemberResult) => `${m.name}: ${formatValue(m.value, indicator.unit)} (rank ${m.rank})`
      }),
      Plot.ruleY(withCi, {y: label, x1: (m: MemberResult) => m.ci95!.lower, x2: (m: MemberResult) => m.ci95!.upper, stroke: "#333", strokeWidth: 1.2}),
      Plot.ruleX(references, {x: "value", stroke: "var(--benchmark)", strokeDasharray: "dash", strokeWidth: 1.5}),
      Plot.text(references, {x: "value", frameAnchor: "top", dy: -24, text: "label", fontSize: 11, lineAnchor: "top", textAnchor: "middle"}),
      Plot.text(data, {x: "value", y: label, text: (m: MemberResult) => formatValue(m.value, indicator.unit), dx: 4, textAnchor: "start", fontSize: 10, fill: "currentColor"})
    ]
  });
  // Colour is not the only cue: the focal council's label is bold and marked.
  for (const text of chart.querySelectorAll("g[aria-label='y-axis tick label'] text")) {
    if (text.textContent?.startsWith(FOCAL_MARK)) {
      text.setAttribute("font-weight", "bold");
      text.setAttribute("data-focal", "true");
    }
  }
  // Reference labels: place them one above the other so they never collide.
  const referenceTexts = chart.querySelectorAll("g[aria-label='text']")[0]?.querySelectorAll("text") ?? [];
  referenceTexts.forEach((text, i) => text.setAttribute("transform", `${text.getAttribute("transform") ?? ""} translate(0, ${i * 13})`));
  const focal = result.focal;
  chart.setAttribute("data-focal", focal?.area_code ?? "");
  chart.setAttribute("data-focal-rank", focal?.rank === null || focal?.rank === undefined ? "" : String(focal.rank));
  return chart;
}

/** A text alternative for the ranked bar chart, generated from the data. */
export function rankedBarDescription(result: ComparatorResult, indicator: IndicatorInfo, focalName: string): string {
  const data = result.members.filter((m) => m.value !== null);
  if (!data.length) return `No values are published for this selection.`;
  const best = data[0];
  const worst = data[data.length - 1];
  const missing = result.members.filter((m) => m.value === null);
  const order = indicator.polarity === "no_judgement" ? "highest to lowest" : "best to worst";
  return [
    `Bar chart of ${indicator.title} for ${data.length} councils, ordered ${order}.`,
    `${best.name} is first at ${formatValue(best.value, indicator.unit)}; ${worst.name} is last at ${formatValue(worst.value, indicator.unit)}.`,
    result.sentence,
    missing.length ? `No value for ${missing.map((m) => `${m.name} (${m.status.replace("_", " ")})`).join(", ")}.` : "",
    focalName ? "" : ""
  ].filter(Boolean).join(" ");
}
