/**
 * The sections of a council's leadership page, each a function of the precomputed JSON
 * (data/council-pages/<code>.json) and the chosen comparator group: headline tiles, the spine
 * chart, plain-language sentences, what changed, sources and freshness, and the group itself.
 * Static JSON and Plot only: nothing here loads DuckDB.
 */
import {headlineSentence, type CouncilPageData, type GroupComparison, type GroupJson, type HeadlineValue} from "../lib/domain/council-data.js";
import {FAMILIES} from "../lib/domain/families.js";
import {JUDGEMENT_WORDS} from "../lib/domain/status.js";
import type {GroupInfo} from "../lib/domain/types.js";
import {chartFrame, dataTable} from "./chart-frame.js";
import {spineChart, type SpineRow} from "./spine-chart.js";
import {tile, tileGrid, JUDGEMENT_ICONS} from "./tiles.js";
import {toCsv, csvFilename} from "../lib/csv.js";
import {formatDate, formatNumber, formatPeriod, formatValue, ordinal} from "../lib/format.js";
import {el} from "./dom.js";

/**
 * Resolves after the browser has painted `value` (the next frame, then a task): cells below the
 * fold wait for it, so the tiles and the spine chart reach the screen first.
 */
export function afterPaint<T>(value: T): Promise<T> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(value), 0)));
}

export function groupById(data: CouncilPageData, groupId: string): GroupJson {
  return data.groups.find((g) => g.group_id === groupId) ?? data.groups.find((g) => g.group_id === data.default_group) ?? data.groups[0];
}

/** The group asked for in the page address (?group=…) when the council has it, else the default. */
export function initialGroup(data: CouncilPageData, search = globalThis.location?.search ?? ""): string {
  const requested = new URLSearchParams(search).get("group");
  return requested && data.comparisons[requested] ? requested : data.default_group;
}

/** Keep the chosen group in the address so a link or a printout reproduces the view. */
export function rememberGroup(data: CouncilPageData, groupId: string): void {
  const url = new URL(globalThis.location.href);
  if (groupId === data.default_group) url.searchParams.delete("group");
  else url.searchParams.set("group", groupId);
  if (url.href !== globalThis.location.href) history.replaceState(history.state, "", url);
}

/** "Medway compared with the CIPFA nearest neighbours (16 councils)". */
export function groupDescription(group: GroupJson): string {
  const size = group.kind === "all_england" ? "all 153 councils" : `${group.members.length} councils`;
  const kind = group.label.toLowerCase().includes(group.kind_label.toLowerCase()) ? "" : `${group.kind_label}, `;
  return `${group.label} (${kind}${size}, vintage ${group.vintage}${group.sample ? ", illustrative sample list" : ""})`;
}

/** A labelled select of the council's comparator groups; its `value` is the group id (for Framework's view()). */
export function groupSelect(data: CouncilPageData, selected: string): HTMLElement & {value: string} {
  const wrapper = el("div", {className: "controls council-controls"}) as HTMLDivElement & {value: string};
  const label = el("label", {}, "Compare with");
  const select = el("select");
  select.name = "group";
  select.setAttribute("data-control", "group");
  for (const group of data.groups) {
    const kind = group.label.toLowerCase().includes(group.kind_label.toLowerCase()) ? "" : `${group.kind_label}, `;
    const size = group.kind === "all_england" ? "153 councils" : `${group.members.length} councils`;
    // Selected as an attribute too, so the page's first paint, written from this markup, shows it.
    const option = new Option(`${group.label} (${kind}${size})${group.group_id === data.default_group ? " — default" : ""}`, group.group_id, group.group_id === selected, group.group_id === selected);
    select.append(option);
  }
  select.value = selected;
  label.append(select);
  wrapper.append(label);
  Object.defineProperty(wrapper, "value", {get: () => select.value, set: (v: string) => (select.value = v)});
  return wrapper;
}

/**
 * The lines under the group select: which group the page compares with, why it is the default
 * when it is, and whether the headline figures are published or include the built-in sample.
 */
export function groupLine(data: CouncilPageData, groupId: string): DocumentFragment {
  const group = groupById(data, groupId);
  const lines = document.createDocumentFragment();
  const line = el("p", {className: "group-line"}, "Compared with ", el("strong", {}, groupDescription(group)), ". Ranks count 1st as best; colours, icons and words say how each value compares with England.");
  line.dataset.group = group.group_id;
  lines.append(line);
  if (group.group_id === data.default_group && data.default_group_reason) lines.append(el("p", {className: "group-reason"}, data.default_group_reason));
  lines.append(data.sample
    ? el("p", {className: "sample-note"}, el("span", {className: "sample-label"}, "Sample"), ` ${data.sample_note} `, el("a", {href: "../about#data-files"}, "Which files and figures"), ".")
    : el("p", {className: "status-note"}, `All ${data.published_headlines} headline figures on this page are published figures.`));
  return lines;
}

/** Data vintage in one line: "ASCOF 2023-24 · SAC 2022-23 · Skills for Care 2023-24 · CQC 5 May 2026". */
export function vintageLine(data: CouncilPageData): string {
  const short: Record<string, string> = {reablement: "ASCOF", safeguarding: "SAC", workforce: "Skills for Care", cqc: "CQC"};
  return data.freshness.filter((f) => f.latest_period).map((f) => `${short[f.family]} ${formatPeriod(f.latest_period!)}`).join(" · ");
}

/** The running header repeated at the top of every printed section (Chromium has no @page margin boxes). */
export function printHeader(data: CouncilPageData, groupId: string): HTMLElement {
  const group = groupById(data, groupId);
  return el("div", {className: "print-header"},
    el("strong", {}, `${data.name}: adult social care benchmark`),
    el("span", {}, ` · Snapshot ${formatDate(data.snapshot_generated_at)} · Compared with ${group.label}`),
    el("span", {}, ` · Data: ${vintageLine(data)}`)
  );
}

export function explorerHref(data: CouncilPageData, groupId: string, headline: Pick<HeadlineValue, "explorer" | "indicator_id">): string | null {
  if (!headline.explorer) return null;
  const params = new URLSearchParams({focal: data.code, group: groupId, indicator: headline.indicator_id});
  return `../${headline.explorer}?${params}`;
}

/** Value as shown in a tile: whole percentages for CQC's published score; `unit: false` leaves off a "per …" unit. */
export function headlineValueText(headline: HeadlineValue, value = headline.value, {unit = true}: {unit?: boolean} = {}): string {
  if (value === null) return headline.status === "suppressed" ? "Suppressed" : headline.status === "missing" ? "No value" : "Not available";
  const digits = headline.indicator_id === "cqc_overall_pct" ? 0 : 1;
  return unit || headline.unit === "%" ? formatValue(value, headline.unit, digits) : formatNumber(value, digits);
}

/** Compact value for the spine chart's right-hand column: "84.2%", "1,018.9". */
function compactValue(headline: HeadlineValue): string {
  if (headline.value === null) return "–";
  return headline.unit === "%" ? headlineValueText(headline) : formatNumber(headline.value, 1);
}

export function rankText(headline: HeadlineValue, comparison: GroupComparison, group: GroupJson): string {
  if (headline.value === null) return `Not ranked ${group.phrase}`;
  if (comparison.rank === null) return `Not ranked ${group.phrase}`;
  if (comparison.ranked === 1) return `The only council ${group.phrase} with ${headline.indicator_id === "cqc_overall_pct" ? "an assessment" : "a value"}`;
  const of = comparison.ranked === comparison.members || group.kind === "all_england" ? `${comparison.ranked}` : `${comparison.ranked} with a value`;
  return `${ordinal(comparison.rank)}${headline.polarity === "no_judgement" ? " highest" : ""} of ${of} ${group.phrase}`;
}

export function judgementLabel(comparison: GroupComparison): string {
  return comparison.judgement_basis === "quartile" ? `${comparison.judgement_text} (no England test)` : comparison.judgement_text;
}

function shortChange(headline: HeadlineValue): string {
  if (headline.change_direction === null) return headline.change_text.replace(/^./, (c) => c.toUpperCase());
  if (headline.change_direction === "same") return `No change since ${formatPeriod(headline.previous_period!)}`;
  const amount = headline.unit === "%" ? `${formatNumber(Math.abs(headline.change!), 1)} pts` : headline.change_pct !== null ? `${formatNumber(Math.abs(headline.change_pct), 1)}%` : formatNumber(Math.abs(headline.change!), 1);
  return `${headline.change_direction === "up" ? "Up" : "Down"} ${amount} since ${formatPeriod(headline.previous_period!)}`;
}

export function headlineTiles(data: CouncilPageData, groupId: string): HTMLElement {
  const group = groupById(data, groupId);
  const comparisons = data.comparisons[group.group_id];
  const tiles = data.headlines.map((headline, i) => {
    const comparison = comparisons[i];
    const notes: string[] = [];
    // A renumbering of the same measure (ASCOF 2023-24) is not a break in meaning: the About page lists it.
    if (headline.series_break && !/same measure/i.test(headline.series_break)) notes.push(`Series break ${headline.series_break}`);
    if (headline.status === "estimate") notes.push("Estimate (Skills for Care)");
    const cqcScore = headline.indicator_id === "cqc_overall_pct";
    if (cqcScore && data.cqc.assessed) notes.push(`Scores for the nine quality statements are in the CQC section.`);
    return tile({
      id: `tile-${headline.indicator_id}`,
      title: headline.short_title,
      value: headlineValueText(headline, headline.value, {unit: false}),
      unit: headline.value === null || headline.unit === "%" ? "" : headline.unit,
      period: headline.period ? formatPeriod(headline.period) : "",
      change: cqcScore && data.cqc.assessed ? `Rating: ${data.cqc.rating ?? "not given"}` : shortChange(headline),
      changeDirection: headline.change_direction,
      changeJudgement: headline.change_judgement,
      rank: rankText(headline, comparison, group),
      judgement: comparison.judgement,
      judgementText: judgementLabel(comparison),
      notes,
      sample: comparison.sample,
      href: explorerHref(data, group.group_id, headline),
      hrefLabel: `Explore ${headline.short_title.toLowerCase()}`
    });
  });
  return tileGrid(tiles, `Headline indicators for ${data.name}, compared ${group.phrase}`);
}

export function spineRows(data: CouncilPageData, groupId: string): SpineRow[] {
  const comparisons = data.comparisons[groupById(data, groupId).group_id];
  return data.headlines.map((headline, i) => {
    const c = comparisons[i];
    return {
      id: headline.indicator_id, label: headline.short_title, unit: headline.unit, valueText: compactValue(headline), value: headline.value, england: headline.england,
      worst: c.worst, best: c.best, q1: c.q1, median: c.median, q3: c.q3, judgement: c.judgement
    };
  });
}

function asGroupInfo(group: GroupJson): GroupInfo {
  return {group_id: group.group_id, kind: group.kind, label: group.label, focal_code: null, vintage: group.vintage, provenance: group.provenance, sample: group.sample, members: group.members.map((m) => m.code)};
}

export function spineDescription(data: CouncilPageData, groupId: string): string {
  const group = groupById(data, groupId);
  const comparisons = data.comparisons[group.group_id];
  const count = (j: string) => comparisons.filter((c) => c.judgement === j).length;
  const parts = data.headlines.map((h, i) => `${h.short_title}: ${headlineValueText(h)}, ${JUDGEMENT_WORDS[comparisons[i].judgement].toLowerCase()}`);
  return `Spine chart of ${data.headlines.length} headline indicators for ${data.name} ${group.phrase}: ${count("better")} better, ${count("similar")} similar and ${count("worse")} worse than the benchmark; ${count("no_judgement")} carry no judgement. ${parts.join("; ")}.`;
}

export function spinePanel(data: CouncilPageData, groupId: string, {width = 900}: {width?: number} = {}): HTMLElement {
  const group = groupById(data, groupId);
  const comparisons = data.comparisons[group.group_id];
  const rows = spineRows(data, groupId);
  const chart = spineChart(rows, {width});
  const table = dataTable(data.headlines.map((h, i) => ({h, c: comparisons[i]})), [
    {label: "Indicator", value: ({h}) => `${h.title} (${h.unit})`},
    {label: "Period", value: ({h}) => (h.period ? formatPeriod(h.period) : "–")},
    {label: data.short_name, value: ({h}) => headlineValueText(h), numeric: true},
    {label: "England", value: ({h}) => (h.england === null ? "–" : headlineValueText(h, h.england)), numeric: true},
    {label: "Worst", value: ({h, c}) => (c.worst === null ? "–" : headlineValueText(h, c.worst)), numeric: true},
    {label: "Lower quartile", value: ({h, c}) => (c.q1 === null ? "–" : headlineValueText(h, c.q1)), numeric: true},
    {label: "Median", value: ({h, c}) => (c.median === null ? "–" : headlineValueText(h, c.median)), numeric: true},
    {label: "Upper quartile", value: ({h, c}) => (c.q3 === null ? "–" : headlineValueText(h, c.q3)), numeric: true},
    {label: "Best", value: ({h, c}) => (c.best === null ? "–" : headlineValueText(h, c.best)), numeric: true},
    {label: "Rank", value: ({h, c}) => (c.rank === null ? "–" : `${c.rank} of ${c.ranked}`), numeric: true},
    {label: "Judgement", value: ({c}) => `${JUDGEMENT_ICONS[c.judgement]} ${judgementLabel(c)}`}
  ]);
  const csv = toCsv(data.headlines.map((h, i) => ({h, c: comparisons[i]})), [
    {label: "Indicator id", value: ({h}) => h.indicator_id},
    {label: "Indicator", value: ({h}) => h.title},
    {label: "Unit", value: ({h}) => h.unit},
    {label: "Polarity", value: ({h}) => h.polarity},
    {label: "Period", value: ({h}) => h.period},
    {label: "Value", value: ({h}) => h.value},
    {label: "Numerator", value: ({h}) => h.numerator},
    {label: "Denominator", value: ({h}) => h.denominator},
    {label: "Lower 99.8% CI", value: ({h}) => h.ci998?.lower},
    {label: "Upper 99.8% CI", value: ({h}) => h.ci998?.upper},
    {label: "England", value: ({h}) => h.england},
    {label: "Group worst", value: ({c}) => c.worst},
    {label: "Group lower quartile", value: ({c}) => c.q1},
    {label: "Group median", value: ({c}) => c.median},
    {label: "Group upper quartile", value: ({c}) => c.q3},
    {label: "Group best", value: ({c}) => c.best},
    {label: "Rank", value: ({c}) => c.rank},
    {label: "Ranked", value: ({c}) => c.ranked},
    {label: "Judgement", value: ({c}) => c.judgement},
    {label: "Judgement basis", value: ({c}) => c.judgement_basis},
    {label: "Previous period", value: ({h}) => h.previous_period},
    {label: "Previous value", value: ({h}) => h.previous_value},
    {label: "Source", value: ({h}) => h.source},
    {label: "Sample data", value: ({c}) => c.sample}
  ], [
    ["Council", `${data.name} (${data.code})`],
    ["Comparator group", `${group.label} (${group.kind_label}, vintage ${group.vintage})`],
    ["Group members", group.kind === "all_england" ? "All 153 English councils" : group.members.map((m) => m.name).join("; ")],
    ["Snapshot", data.snapshot_generated_at],
    ["Judgement", "Against England with 99.8% confidence limits where a numerator and denominator exist; otherwise against the group's quartiles"]
  ]);
  const figure = chartFrame({
    id: "spine-chart",
    title: `${data.name} at a glance: headline indicators against ${group.label}`,
    subtitle: "Each row is scaled to the comparator group's range. Better is always to the right; for indicators with no judgement the row runs from the lowest value (left) to the highest (right).",
    group: asGroupInfo(group),
    memberNames: group.kind === "all_england" ? undefined : group.members.map((m) => m.name),
    chart,
    description: spineDescription(data, groupId),
    table,
    csv: {text: csv, filename: csvFilename("headlines", data.code, group.group_id)},
    sample: data.sample,
    notes: [
      "Judgement: better or worse than England when the council's 99.8% confidence interval excludes England's value (Fingertips' method); where there is no interval or no England value, the council's quarter of the comparator group is shown instead and labelled \"no England test\".",
      "Workforce figures are Skills for Care estimates; their intervals treat the estimate as a count and understate the uncertainty."
    ]
  });
  const legend = el("div", {className: "legend spine-legend"},
    el("span", {}, legendSwatch("circle", "var(--better)"), "Council: better (▲)"),
    el("span", {}, legendSwatch("circle", "#f2c500"), "similar (●)"),
    el("span", {}, legendSwatch("circle", "var(--worse)"), "worse (▼)"),
    el("span", {}, legendSwatch("circle", "#4a77b4"), "no judgement (◆)"),
    el("span", {}, legendSwatch("diamond", "none"), "England"),
    el("span", {}, legendSwatch("tick", "#222"), "Group median"),
    el("span", {}, legendSwatch("band", "#9aa5b1"), "Middle half of the group (quartiles)"),
    el("span", {}, legendSwatch("band", "#d9dde3"), "Rest of the group's range")
  );
  figure.querySelector("figcaption")?.before(legend);
  return figure;
}

function legendSwatch(kind: "circle" | "diamond" | "tick" | "band", fill: string): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "14");
  svg.setAttribute("aria-hidden", "true");
  let shape: SVGElement;
  if (kind === "circle") {
    shape = document.createElementNS(ns, "circle");
    shape.setAttribute("cx", "8"); shape.setAttribute("cy", "7"); shape.setAttribute("r", "5");
    shape.setAttribute("stroke", "#111");
  } else if (kind === "diamond") {
    shape = document.createElementNS(ns, "path");
    shape.setAttribute("d", "M8 1 L14 7 L8 13 L2 7 Z");
    shape.setAttribute("stroke", "#222"); shape.setAttribute("stroke-width", "2");
  } else if (kind === "tick") {
    shape = document.createElementNS(ns, "rect");
    shape.setAttribute("x", "7"); shape.setAttribute("y", "0"); shape.setAttribute("width", "2"); shape.setAttribute("height", "14");
  } else {
    shape = document.createElementNS(ns, "rect");
    shape.setAttribute("x", "0"); shape.setAttribute("y", "3"); shape.setAttribute("width", "16"); shape.setAttribute("height", "8");
  }
  shape.setAttribute("fill", fill);
  svg.append(shape);
  return svg;
}

export function sentencesPanel(data: CouncilPageData, groupId: string): HTMLElement {
  const group = groupById(data, groupId);
  const comparisons = data.comparisons[group.group_id];
  const root = el("div", {className: "council-sentences"});
  for (const {family, label} of FAMILIES) {
    const items = data.headlines.map((h, i) => ({h, c: comparisons[i]})).filter(({h}) => h.family === family);
    if (!items.length) continue;
    const heading = el("h3", {}, label);
    const list = el("ul");
    for (const {h, c} of items) {
      const li = el("li", {}, headlineSentence(h, c));
      li.setAttribute("data-sentence", h.indicator_id);
      if (c.sample) li.append(" ", el("span", {className: "sample-label"}, "Sample"));
      list.append(li);
    }
    const href = items.map(({h}) => explorerHref(data, group.group_id, h)).find(Boolean);
    root.append(heading, list);
    if (href) root.append(el("p", {className: "explorer-link no-print"}, el("a", {href}, `Explore ${label.toLowerCase()} for ${data.name} ${group.phrase}`)));
  }
  return root;
}

export function changesPanel(data: CouncilPageData): HTMLElement {
  const root = el("div", {className: "council-changes"});
  root.setAttribute("data-changes", data.changes.available ? "available" : "none");
  root.append(el("p", {}, data.changes.message));
  if (data.changes.items.length) {
    const list = el("ul");
    for (const item of data.changes.items) list.append(el("li", {}, item));
    root.append(list);
  }
  if (data.changes.available) root.append(el("p", {className: "no-print"}, el("a", {href: "../changes"}, "Everything that changed in this refresh")));
  return root;
}

export function freshnessPanel(freshness: CouncilPageData["freshness"], {aboutHref = "../about#data-files"}: {aboutHref?: string} = {}): HTMLElement {
  const table = el("table", {className: "freshness"});
  const head = el("tr");
  for (const label of ["Family", "Latest period", "Last retrieved", "Files (release)"]) {
    const th = el("th", {}, label);
    th.setAttribute("scope", "col");
    head.append(th);
  }
  table.append(el("thead", {}, head));
  const body = el("tbody");
  for (const family of freshness) {
    const files = el("ul", {className: "plain"});
    for (const source of family.sources) {
      const li = el("li", {}, el("a", {href: source.url}, source.title), ` (${source.vintage})`);
      if (source.sample) li.append(" ", el("span", {className: "sample-label"}, "Sample"));
      // The full note ("Medway and England 2022-23 values … are from seed 003 …") is in About's data-files table.
      if (source.seeded) li.append(" ", el("span", {className: "seeded-label"}, "Includes seed-paper figures"));
      files.append(li);
    }
    if (!family.sources.length) files.append(el("li", {}, "No files in this build"));
    const th = el("th", {}, family.label);
    th.setAttribute("scope", "row");
    const row = el("tr", {}, th, el("td", {}, family.latest_period ? formatPeriod(family.latest_period) : "–"), el("td", {}, family.retrieved_at ? formatDate(family.retrieved_at) : "–"), el("td", {}, files));
    row.setAttribute("data-family", family.family);
    body.append(row);
  }
  table.append(body);
  const samples = freshness.some((f) => f.sample);
  return el("div", {className: "council-freshness"}, table,
    el("p", {className: "status-note"},
      samples ? "Files marked Sample are the built-in sample: their values are illustrative except the figures taken from the seed council papers. " : "",
      "Every file, with what is seeded or illustrative in it: ", el("a", {href: aboutHref}, "About the data"), "."));
}

export function groupPanel(data: CouncilPageData, groupId: string): HTMLElement {
  const group = groupById(data, groupId);
  const root = el("div", {className: "council-group"});
  root.append(el("p", {}, `${data.name} is compared with ${groupDescription(group)}. ${group.provenance}`));
  if (group.group_id === data.default_group && data.default_group_reason) root.append(el("p", {className: "group-reason"}, data.default_group_reason));
  if (group.sample) root.append(el("p", {className: "sample-note"}, el("span", {className: "sample-label"}, "Sample"), " This neighbour list is illustrative, chosen by hand: not the publisher's list."));
  if (group.kind !== "all_england") {
    const list = el("ul", {className: "members"});
    for (const member of group.members) {
      const li = el("li");
      // Groups built around one council (CIPFA, NHS England peers) are not on the neighbours' pages.
      const shared = group.kind !== "cipfa" && group.kind !== "nhse_peer";
      if (member.code === data.code) li.append(el("strong", {}, `◆ ${member.name}`));
      else li.append(el("a", {href: `./${member.code}${shared ? `?group=${encodeURIComponent(group.group_id)}` : ""}`}, member.name));
      list.append(li);
    }
    root.append(list);
  }
  return root;
}
