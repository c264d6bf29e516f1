/**
 * The frame every chart sits in, so no page can forget what a reader needs: title and unit from
 * the catalogue, a sample label, the chart with a text alternative generated from the data, its
 * key, its own notes (what the marks mean, the members without a value), the table behind it
 * (in a frame of its own that scrolls sideways on a phone) and a CSV download of exactly what is
 * plotted, with the full metadata header.
 *
 * The facts shared by every chart of a selection (indicator, definition, polarity, period,
 * source, caveats, comparator group and members) are said once, in the "About this view" panel
 * (about-view.ts). A frame given an indicator or a group of its own (a council page's spine
 * chart, a notebook's chart) keeps them in a collapsed "About this chart" under its notes.
 */
import type {GroupInfo} from "../lib/comparator.js";
import type {IndicatorOption} from "../lib/selection.js";
import {csvDownloadLink} from "../lib/csv.js";
import {definitionList, groupRows, indicatorRows} from "./about-view.js";
import {el} from "./dom.js";

export interface ChartFrameOptions {
  id: string;
  title: string;
  subtitle?: string;
  /** The chart's own indicator, when no "About this view" panel describes it (collapsed under the notes). */
  indicator?: IndicatorOption;
  period?: string;
  /** The chart's own comparator group, when no "About this view" panel describes it. */
  group?: GroupInfo;
  memberNames?: string[];
  sentence?: string;
  chart: Element;
  /** A key to the marks, shown under the chart (colour is never the only cue, so it names shapes too). */
  legend?: HTMLElement;
  /** A text alternative generated from the data (set as the chart's accessible description). */
  description: string;
  table?: HTMLTableElement;
  csv?: {text: string; filename: string};
  sample?: boolean;
  notes?: string[];
}

/**
 * A wide table in a frame of its own: on a narrow screen it scrolls sideways inside the frame,
 * never the page. The frame is focusable and named, so a keyboard can scroll it too.
 */
export function scrollFrame(table: HTMLElement, label: string): HTMLDivElement {
  const frame = el("div", {className: "table-scroll"}, table);
  frame.tabIndex = 0;
  frame.setAttribute("role", "region");
  frame.setAttribute("aria-label", label);
  return frame;
}

export function chartFrame(options: ChartFrameOptions): HTMLElement {
  const {indicator, group} = options;
  const figure = el("figure", {className: "chart", id: options.id});
  figure.setAttribute("data-chart", options.id);
  const heading = el("h3", {}, options.title);
  if (options.sample) heading.append(el("span", {className: "sample-label", title: "Built from the sample data: illustrative values except figures from the seed papers"}, "Sample data"));
  figure.append(heading);
  if (options.subtitle) figure.append(el("p", {className: "subtitle"}, options.subtitle));
  if (options.sentence) figure.append(el("p", {className: "sentence", role: "status"}, options.sentence));

  const descriptionId = `${options.id}-description`;
  options.chart.setAttribute("aria-describedby", descriptionId);
  if (!options.chart.getAttribute("role")) options.chart.setAttribute("role", "img");
  options.chart.setAttribute("aria-label", options.title);
  // Plot labels its mark groups (aria-label on <g>), which ARIA prohibits on an element with no role;
  // naming them as groups keeps the labels valid (the chart itself is one image with a generated description).
  for (const node of options.chart.querySelectorAll("[aria-label]")) {
    if (node.tagName.toLowerCase() === "g") node.setAttribute("role", "group");
    else if (!node.getAttribute("role")) node.removeAttribute("aria-label");
  }
  figure.append(options.chart);
  if (options.legend) figure.append(options.legend);
  figure.append(el("p", {className: "sr-only", id: descriptionId}, options.description));

  const caption = el("figcaption");
  for (const note of options.notes ?? []) if (note) caption.append(el("p", {className: "chart-note"}, note));
  const about = [...(indicator ? indicatorRows(indicator, options.period) : []), ...(group ? groupRows(group, options.memberNames) : [])];
  if (about.length) caption.append(el("details", {className: "chart-about"}, el("summary", {}, "About this chart"), definitionList(about)));
  if (caption.childNodes.length) figure.append(caption);

  if (options.table) {
    const tableDetails = el("details", {className: "chart-table"}, el("summary", {}, "Table behind this chart"), scrollFrame(options.table, `Table behind: ${options.title}`));
    figure.append(tableDetails);
  }
  if (options.csv) figure.append(csvDownloadLink(options.csv.text, options.csv.filename));
  return figure;
}

/** A plain HTML table from rows and columns, with numeric cells aligned and the focal row marked. */
export function dataTable<T>(rows: T[], columns: {label: string; value: (row: T) => string; numeric?: boolean}[], isFocal?: (row: T) => boolean): HTMLTableElement {
  const table = el("table");
  const head = el("thead");
  const headRow = el("tr");
  for (const column of columns) {
    const th = el("th", {className: column.numeric ? "number" : ""}, column.label);
    th.setAttribute("scope", "col");
    headRow.append(th);
  }
  head.append(headRow);
  const body = el("tbody");
  for (const row of rows) {
    const tr = el("tr", {className: isFocal?.(row) ? "focal" : ""});
    for (const column of columns) tr.append(el("td", {className: column.numeric ? "number" : ""}, column.value(row)));
    body.append(tr);
  }
  table.append(head, body);
  return table;
}
