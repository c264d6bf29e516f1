/**
 * The overview page for leadership (src/index.md): choose a council, the national and regional
 * picture (CQC ratings across assessed councils, the spread of each headline indicator across
 * all councils with a region highlighted) and freshness of every source. Static JSON and Plot.
 */
import * as Plot from "npm:@observablehq/plot";
import type {OverviewData} from "../lib/domain/council-data.js";
import {chartFrame, dataTable} from "./chart-frame.js";
import {el} from "./dom.js";
import {withoutInnerAriaLabels} from "./spine-chart.js";
import {formatNumber, formatPeriod, formatValue} from "../lib/format.js";
import {quantile} from "../lib/stats.js";
import {DEFAULT_FOCAL_CODE} from "../lib/domain/areas.js";

/**
 * A council picker that opens the council's page when the form is submitted (a button, not on
 * change: moving through a select with the keyboard must not navigate away, WCAG 3.2.2).
 */
export function councilPicker(overview: OverviewData, {base = "./"}: {base?: string} = {}): HTMLFormElement {
  const form = el("form", {className: "controls council-picker"});
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "Open a council's page");
  const label = el("label", {}, "Council");
  const select = el("select");
  select.name = "council";
  select.setAttribute("data-control", "council");
  for (const region of overview.regions) {
    const group = document.createElement("optgroup");
    group.label = region.name;
    for (const c of overview.councils.filter((c) => c.region_code === region.code)) group.append(new Option(c.name, c.code));
    select.append(group);
  }
  select.value = DEFAULT_FOCAL_CODE;
  label.append(select);
  const button = el("button", {}, "Open council page");
  button.type = "submit";
  form.append(label, button);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.href = `${base}council/${encodeURIComponent(select.value)}`;
  });
  return form;
}

export function regionSelect(overview: OverviewData): HTMLElement & {value: string} {
  const wrapper = el("div", {className: "controls"}) as HTMLDivElement & {value: string};
  const label = el("label", {}, "Highlight a region");
  const select = el("select");
  select.name = "region";
  select.setAttribute("data-control", "region");
  select.append(new Option("None (England only)", ""));
  for (const region of overview.regions) select.append(new Option(region.name, region.code));
  select.value = "E12000008";
  label.append(select);
  wrapper.append(label);
  Object.defineProperty(wrapper, "value", {get: () => select.value, set: (v: string) => (select.value = v)});
  return wrapper;
}

const RATING_FILL: Record<string, string> = {Outstanding: "#1b5e20", Good: "#4c9a4c", "Requires improvement": "#d08c00", Inadequate: "#b2182b"};

export function cqcRatingsPanel(overview: OverviewData): HTMLElement {
  const {cqc} = overview;
  const chart = withoutInnerAriaLabels(Plot.plot({
    width: 640,
    height: 170,
    marginLeft: 170,
    marginRight: 40,
    x: {label: "Councils", grid: true, tickFormat: "d"},
    y: {label: null, domain: cqc.by_rating.map((r) => r.rating)},
    marks: [
      Plot.barX(cqc.by_rating, {x: "count", y: "rating", fill: (d: {rating: string}) => RATING_FILL[d.rating] ?? "#999"}),
      Plot.text(cqc.by_rating, {x: "count", y: "rating", text: (d: {count: number}) => String(d.count), dx: 6, textAnchor: "start"})
    ]
  }));
  const table = dataTable(cqc.councils, [
    {label: "Council", value: (c) => c.name},
    {label: "Region", value: (c) => c.region_name},
    {label: "Overall score", value: (c) => (c.overall_pct === null ? "–" : `${c.overall_pct}%`), numeric: true},
    {label: "Rating", value: (c) => c.rating},
    {label: "Published", value: (c) => formatPeriod(c.report_date)}
  ]);
  const description = `${cqc.assessed} of ${cqc.total} councils have a CQC local authority assessment in this build: ${cqc.by_rating.map((r) => `${r.count} ${r.rating}`).join(", ")}.`;
  return chartFrame({
    id: "cqc-ratings",
    title: "CQC local authority assessments: councils by rating",
    subtitle: `${cqc.assessed} of ${cqc.total} councils assessed in this build's curated file`,
    chart,
    description,
    sentence: description,
    table,
    sample: cqc.sample,
    notes: ["Councils without an assessment are either not yet assessed by CQC or not yet in the curated file. The overall percentage is CQC's published figure."]
  });
}

type OverviewIndicator = OverviewData["indicators"][number];

function indicatorStrip(indicator: OverviewIndicator, overview: OverviewData, regionCode: string, width: number): SVGSVGElement | HTMLElement {
  const inRegion = new Set(overview.councils.filter((c) => c.region_code === regionCode).map((c) => c.code));
  const values = indicator.values.map((v) => ({...v, highlighted: inRegion.has(v.code)}));
  const regionValues = values.filter((v) => v.highlighted).map((v) => v.value);
  const regionMedian = quantile(regionValues, 0.5);
  const england = indicator.england !== null ? [{label: "England", value: indicator.england}] : [];
  const median = regionCode && regionMedian !== null ? [{label: "Region median", value: regionMedian}] : [];
  // Reverse the axis for low-is-good indicators so that better is always to the right.
  const reverse = indicator.polarity === "low_is_good";
  return withoutInnerAriaLabels(Plot.plot({
    width,
    height: 96,
    marginLeft: 12,
    marginRight: 16,
    marginTop: 22,
    marginBottom: 30,
    x: {label: null, reverse, nice: true, ticks: 4, tickFormat: (d: number) => formatNumber(d, 1)},
    y: {axis: null},
    marks: [
      Plot.tickX(values.filter((v) => !v.highlighted), {x: "value", stroke: "#b9c2cc", strokeWidth: 1}),
      Plot.tickX(values.filter((v) => v.highlighted), {x: "value", stroke: "var(--focal)", strokeWidth: 2}),
      Plot.ruleX(england, {x: "value", stroke: "var(--benchmark)", strokeWidth: 2}),
      Plot.ruleX(median, {x: "value", stroke: "var(--focal)", strokeDasharray: "4,3", strokeWidth: 2}),
      Plot.text(england, {x: "value", frameAnchor: "top", dy: -18, text: "label", fontSize: 10, lineAnchor: "top"}),
      Plot.text(median, {x: "value", frameAnchor: "bottom", dy: 4, text: "label", fontSize: 10, lineAnchor: "top", fill: "var(--focal)"})
    ]
  }));
}

export function indicatorMultiples(overview: OverviewData, regionCode: string, {width = 900}: {width?: number} = {}): HTMLElement {
  const region = overview.regions.find((r) => r.code === regionCode);
  const columns = width > 900 ? 3 : width > 560 ? 2 : 1;
  const cell = Math.floor((Math.min(width, 1200) - (columns - 1) * 16) / columns);
  const grid = el("div", {className: "overview-multiples grid"});
  grid.style.gridTemplateColumns = `repeat(${columns}, minmax(0, 1fr))`;
  for (const indicator of overview.indicators) {
    const values = indicator.values.map((v) => v.value);
    const inRegion = new Set(overview.councils.filter((c) => c.region_code === regionCode).map((c) => c.code));
    const regionValues = indicator.values.filter((v) => inRegion.has(v.code)).map((v) => v.value);
    const median = quantile(values, 0.5);
    const regionMedian = quantile(regionValues, 0.5);
    const direction = indicator.polarity === "high_is_good" ? "higher is better" : indicator.polarity === "low_is_good" ? "lower is better (axis reversed: better to the right)" : "no judgement";
    const description = `${indicator.title}, ${indicator.period ? formatPeriod(indicator.period) : "latest assessment"}: ${values.length} councils with a value, median ${formatValue(median, indicator.unit)}` +
      `${indicator.england !== null ? `, England ${formatValue(indicator.england, indicator.unit)}` : ""}${region && regionMedian !== null ? `, ${region.name} median ${formatValue(regionMedian, indicator.unit)} (${regionValues.length} councils)` : ""}.`;
    const figure = chartFrame({
      id: `spread-${indicator.indicator_id}`,
      title: indicator.short_title,
      subtitle: `${indicator.period ? formatPeriod(indicator.period) : "Each council's latest assessment"} · ${indicator.unit} · ${direction}`,
      chart: indicatorStrip(indicator, overview, regionCode, cell),
      description,
      sample: indicator.sample
    });
    figure.append(el("p", {className: "status-note"}, description));
    grid.append(figure);
  }
  return grid;
}

export function multiplesLegend(overview: OverviewData, regionCode: string): HTMLElement {
  const region = overview.regions.find((r) => r.code === regionCode);
  return el("p", {className: "legend"},
    el("span", {}, "Each tick is one council."),
    region ? el("span", {}, el("strong", {className: "legend-focal"}, "Pink ticks"), ` are councils in ${region.name}; the dashed line is the region's median.`) : null,
    el("span", {}, "The solid dark line is England.")
  );
}
