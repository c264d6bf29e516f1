/**
 * The frame every chart sits in, so no page can forget what a reader needs: title and unit from
 * the catalogue, period, source and vintage, the comparator group with its kind, vintage and
 * members, caveats and series breaks, a sample label, a text alternative generated from the data,
 * the table behind the chart and a CSV download of exactly what is plotted.
 */
import type {GroupInfo} from "../lib/comparator.js";
import type {IndicatorOption} from "../lib/selection.js";
import {csvDownloadLink} from "../lib/csv.js";
import {formatPeriod} from "../lib/format.js";

export interface ChartFrameOptions {
  id: string;
  title: string;
  subtitle?: string;
  indicator?: IndicatorOption;
  period?: string;
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

const KIND_LABELS: Record<string, string> = {
  cipfa: "CIPFA nearest neighbours", nhse_peer: "NHS England ASC peer group", region: "Region", ics: "Integrated care system",
  custom: "Custom group", all_england: "All English councils"
};

export function groupKindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & {className?: string} = {}, ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

export function chartFrame(options: ChartFrameOptions): HTMLElement {
  const {indicator, group} = options;
  const figure = element("figure", {className: "chart", id: options.id});
  figure.setAttribute("data-chart", options.id);
  const heading = element("h3", {}, options.title);
  if (options.sample) heading.append(element("span", {className: "sample-label", title: "Built from the sample data: illustrative values except figures from the seed papers"}, "Sample data"));
  figure.append(heading);
  if (options.subtitle) figure.append(element("p", {className: "subtitle"}, options.subtitle));
  if (options.sentence) figure.append(element("p", {className: "sentence", role: "status"}, options.sentence));

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
  figure.append(element("p", {className: "sr-only", id: descriptionId}, options.description));

  const caption = element("figcaption");
  const details = element("dl");
  const add = (term: string, value: string | Node | null | undefined) => {
    if (!value) return;
    details.append(element("dt", {}, term), element("dd", {}, value));
  };
  if (indicator) {
    add("Indicator", `${indicator.title} (${indicator.unit})`);
    add("Definition", indicator.definition);
    add("Polarity", indicator.polarity === "high_is_good" ? "Higher is better" : indicator.polarity === "low_is_good" ? "Lower is better" : "No judgement (higher is not better or worse)");
    if (options.period) {
      const extracts = indicator.period_sources?.[options.period] ?? [];
      add("Period", `${formatPeriod(options.period)} (release ${indicator.vintages[options.period] ?? "unknown"}${extracts.length ? `; from ${extracts.join("; ")}` : ""})`);
    }
    const source = element("span", {}, `${indicator.source}. `);
    if (indicator.source_url) {
      const link = element("a", {href: indicator.source_url, rel: "external"}, "Publisher page");
      link.style.textDecoration = "underline"; // distinguishable from the text around it without colour
      source.append(link);
    }
    add("Source", source);
    const breaks = indicator.series_breaks.map((b) => `${b.period}: ${b.note}`).join(" ");
    add("Series breaks", breaks);
    add("Caveats", indicator.caveats);
  }
  if (group) {
    add("Comparator group", `${group.label} — ${groupKindLabel(group.kind)}, ${group.members.length} councils, vintage ${group.vintage}${group.sample ? " (illustrative sample list)" : ""}. ${group.provenance}`);
    if (options.memberNames?.length) add("Members", options.memberNames.join(", "));
  }
  for (const note of options.notes ?? []) add("Note", note);
  caption.append(details);
  figure.append(caption);

  if (options.table) {
    const tableDetails = element("details", {}, element("summary", {}, "Table behind this chart"), options.table);
    figure.append(tableDetails);
  }
  if (options.csv) figure.append(csvDownloadLink(options.csv.text, options.csv.filename));
  return figure;
}

/** A plain HTML table from rows and columns, with numeric cells aligned and the focal row marked. */
export function dataTable<T>(rows: T[], columns: {label: string; value: (row: T) => string; numeric?: boolean}[], isFocal?: (row: T) => boolean): HTMLTableElement {
  const table = element("table");
  const head = element("thead");
  const headRow = element("tr");
  for (const column of columns) {
    const th = element("th", {className: column.numeric ? "number" : ""}, column.label);
    th.setAttribute("scope", "col");
    headRow.append(th);
  }
  head.append(headRow);
  const body = element("tbody");
  for (const row of rows) {
    const tr = element("tr", {className: isFocal?.(row) ? "focal" : ""});
    for (const column of columns) tr.append(element("td", {className: column.numeric ? "number" : ""}, column.value(row)));
    body.append(tr);
  }
  table.append(head, body);
  return table;
}
