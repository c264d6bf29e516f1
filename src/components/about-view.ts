/**
 * "About this view": what a reader needs to know about one selection, said once beside the
 * controls instead of under every chart. Indicator with unit, definition, polarity, period with
 * its release and extracts, breakdown, source with its link, series breaks, caveats, and the
 * comparator group with kind, vintage, provenance and members. A collapsible <details>, open on
 * a wide screen and closed on a phone unless the reader has chosen otherwise.
 *
 * The explorer shows one per selection; a notebook displays `aboutThisView(context)` once and the
 * panels it shows after it with the same context keep only what is their own (their note, the
 * members without a value, their text alternative, table and CSV). The CSVs keep the full header.
 */
import type {GroupInfo} from "../lib/comparator.js";
import type {IndicatorOption} from "../lib/selection.js";
import {formatBreakdown, formatPeriod} from "../lib/format.js";
import {groupKindLabel} from "../lib/domain/groups.js";
import {polarityText} from "../lib/domain/status.js";
import type {PanelContext} from "./panel.js";

export type AboutRows = [term: string, value: string | Node][];

function text(tag: string, content: string, className = ""): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.textContent = content;
  return node;
}

/** The rows describing an indicator (and, with a period, the release and extracts behind it). */
export function indicatorRows(indicator: IndicatorOption, period?: string): AboutRows {
  const rows: AboutRows = [
    ["Indicator", `${indicator.title} (${indicator.unit})`],
    ["Definition", indicator.definition],
    ["Polarity", polarityText(indicator.polarity)]
  ];
  if (period) {
    const extracts = indicator.period_sources?.[period] ?? [];
    rows.push(["Period", `${formatPeriod(period)} (release ${indicator.vintages[period] ?? "unknown"}${extracts.length ? `; from ${extracts.join("; ")}` : ""})`]);
  }
  const source = document.createElement("span");
  source.append(`${indicator.source}. `);
  if (indicator.source_url) {
    const link = document.createElement("a");
    link.href = indicator.source_url;
    link.rel = "external";
    link.textContent = "Publisher page";
    link.className = "text-link"; // underlined: distinguishable from the text around it without colour
    source.append(link);
  }
  rows.push(["Source", source]);
  const breaks = (indicator.series_breaks ?? []).map((b) => `${b.period}: ${b.note}`).join(" ");
  if (breaks) rows.push(["Series breaks", breaks]);
  if (indicator.caveats) rows.push(["Caveats", indicator.caveats]);
  return rows;
}

/** The rows describing a comparator group: label, kind, size, vintage, provenance and members. */
export function groupRows(group: GroupInfo, memberNames?: string[]): AboutRows {
  const rows: AboutRows = [["Comparator group", `${group.label} — ${groupKindLabel(group.kind)}, ${group.members.length} councils, vintage ${group.vintage}${group.sample ? " (illustrative sample list)" : ""}. ${group.provenance}`]];
  if (memberNames?.length) rows.push(["Members", memberNames.join(", ")]);
  return rows;
}

export function definitionList(rows: AboutRows): HTMLDListElement {
  const list = document.createElement("dl");
  for (const [term, value] of rows) {
    if (!value) continue;
    const dd = document.createElement("dd");
    dd.append(value);
    list.append(text("dt", term), dd);
  }
  return list;
}

/** Whether the "About this view" panel starts open: the reader's last choice, else open on a wide screen. */
let readerChoice: boolean | null = null;
function startOpen(): boolean {
  if (readerChoice !== null) return readerChoice;
  return typeof matchMedia === "undefined" ? true : matchMedia("(min-width: 640px)").matches;
}

/**
 * The panel for one selection. Marks the context so that panels drawn from it afterwards leave
 * the shared facts to this panel (see `ownMetadata`).
 */
export function aboutThisView(context: PanelContext): HTMLDetailsElement {
  const {indicator, group, focal, selection, options} = context;
  const names = new Map(options.councils.map((c) => [c.code, c.name]));
  const details = document.createElement("details");
  details.className = "about-view";
  details.setAttribute("data-about-view", "");
  details.open = startOpen();
  details.addEventListener("toggle", () => (readerChoice = details.open));
  const summary = document.createElement("summary");
  summary.append(text("span", "About this view", "about-view-title"));
  summary.append(text("span", `${indicator.short_title || indicator.title} · ${formatPeriod(selection.period)} · ${focal.name} against ${group.label}`, "about-view-line"));
  if (context.sample) summary.append(text("span", "Sample data", "sample-label"));
  details.append(summary);
  const rows: AboutRows = [
    ...indicatorRows(indicator, selection.period),
    ["Breakdown", formatBreakdown(selection.breakdown)],
    ["Focal council", `${focal.name} (${focal.code})`],
    ...groupRows(group, group.members.map((code) => names.get(code) ?? code)),
    ["Snapshot", `Built ${options.snapshot.generated_at.slice(0, 10)}${context.sample ? "; this view includes sample data (illustrative values except figures from the seed papers)" : ""}`]
  ];
  details.append(definitionList(rows));
  context.aboutShown = true;
  return details;
}

/**
 * What a panel's frame should still say about the data: everything when no "About this view"
 * panel is shown for the context; otherwise only an indicator that is not the selection's (a
 * composition's share, a CQC grid's scores), and never the group again.
 */
export function ownMetadata(context: PanelContext, own: {indicator?: IndicatorOption; period?: string} = {}): {indicator?: IndicatorOption; period?: string; group?: GroupInfo; memberNames?: string[]} {
  const indicator = own.indicator ?? context.indicator;
  if (context.aboutShown) return indicator.indicator_id === context.indicator.indicator_id ? {} : {indicator, period: own.period};
  const names = new Map(context.options.councils.map((c) => [c.code, c.name]));
  return {indicator, period: own.period, group: context.group, memberNames: context.group.members.map((code) => names.get(code) ?? code)};
}
