/**
 * The About page's generated parts (src/about.md): sources with URLs and vintages, definitions
 * from the indicator catalogue, series breaks, and every data file with its sample, seeded and
 * illustrative notes from the manifest. Built from data/council-pages/about.json.
 */
import type {AboutData, SourceFreshness} from "../lib/domain/council-data.js";
import {FAMILIES} from "../lib/domain/families.js";
import {polarityText} from "../lib/domain/status.js";
import {el} from "./dom.js";
import {formatDate, formatNumber} from "../lib/format.js";

/** The families in page order, after the geography and comparator groups every family rests on. */
const FAMILY_ORDER = ["geography", ...FAMILIES.map((f) => f.family)];
const FAMILY_NAMES: Record<string, string> = {geography: "Geography and comparator groups", ...Object.fromEntries(FAMILIES.map((f) => [f.family, f.label]))};

function headerRow(labels: string[]): HTMLTableSectionElement {
  const row = el("tr");
  for (const label of labels) {
    const th = el("th", {}, label);
    th.setAttribute("scope", "col");
    row.append(th);
  }
  return el("thead", {}, row);
}

export function sourcesTable(about: AboutData): HTMLElement {
  const root = el("div", {className: "about-sources"});
  for (const family of FAMILY_ORDER) {
    const sources = about.sources.filter((s) => s.family === family);
    if (!sources.length) continue;
    const table = el("table", {className: "freshness"});
    table.append(el("caption", {}, FAMILY_NAMES[family] ?? family));
    table.append(headerRow(["Source", "Publisher", "Release (vintage)", "In this build"]));
    const body = el("tbody");
    for (const source of sources) {
      const files = source.files.length
        ? source.files.map((f) => `${f.file}, retrieved ${formatDate(f.retrieved_at)}${f.sample ? " (sample)" : ""}`).join("; ")
        : "Not in this build";
      body.append(el("tr", {},
        el("td", {}, el("a", {href: source.url}, source.title), el("br"), el("code", {}, source.id)),
        el("td", {}, source.publisher + (source.curated ? " (curated in this repository)" : "")),
        el("td", {}, source.vintage),
        el("td", {}, files)));
    }
    table.append(body);
    root.append(table);
  }
  return root;
}

export function definitionsList(about: AboutData, {headlineOnly = false}: {headlineOnly?: boolean} = {}): HTMLElement {
  const root = el("div", {className: "definitions"});
  for (const family of FAMILY_ORDER) {
    const indicators = about.indicators.filter((i) => i.family === family && (!headlineOnly || i.headline));
    if (!indicators.length) continue;
    root.append(el("h3", {}, FAMILY_NAMES[family] ?? family));
    const list = el("dl");
    for (const i of indicators) {
      const dt = el("dt", {id: `def-${i.indicator_id}`}, i.title, i.headline ? el("span", {className: "status-note"}, " · headline indicator") : null);
      const dd = el("dd");
      dd.append(el("p", {}, i.definition));
      dd.append(el("p", {className: "status-note"}, `Unit: ${i.unit}. ${polarityText(i.polarity)}. Periods in this build: ${i.periods.length ? `${i.periods[0]}${i.periods.length > 1 ? ` to ${i.periods[i.periods.length - 1]}` : ""}` : "none"}. `,
        `Id: `, el("code", {}, i.indicator_id), i.codes.length ? `. Publisher codes: ${i.codes.map((c) => `${c.code}${c.from ? ` from ${c.from}` : ""}${c.to ? ` to ${c.to}` : ""}`).join(", ")}` : "", i.derived ? ". Calculated by this project from published figures." : "."));
      if (i.caveats) dd.append(el("p", {}, el("strong", {}, "Caveats: "), i.caveats));
      if (i.series_breaks.length) dd.append(el("p", {}, el("strong", {}, "Series breaks: "), i.series_breaks.map((b) => `${b.period}: ${b.note}`).join(" ")));
      dd.append(el("p", {className: "status-note"}, "Source: ", el("a", {href: i.source_url}, i.source)));
      list.append(dt, dd);
    }
    root.append(list);
  }
  return root;
}

export function seriesBreaksTable(about: AboutData): HTMLElement {
  const rows = about.indicators.flatMap((i) => i.series_breaks.map((b) => ({i, b})));
  if (!rows.length) return el("p", {}, "No series breaks are recorded in the catalogue.");
  const table = el("table", {className: "freshness"});
  table.append(headerRow(["Indicator", "From", "What changed"]));
  const body = el("tbody");
  for (const {i, b} of rows.sort((x, y) => x.b.period.localeCompare(y.b.period) || x.i.title.localeCompare(y.i.title))) {
    body.append(el("tr", {}, el("td", {}, el("a", {href: `#def-${i.indicator_id}`}, i.title)), el("td", {}, b.period), el("td", {}, b.note)));
  }
  table.append(body);
  return table;
}

export function dataFilesTable(files: SourceFreshness[]): HTMLElement {
  const table = el("table", {className: "freshness data-files"});
  table.append(headerRow(["File (data/raw/…)", "Source and release", "Publisher and licence", "Where this copy came from", "Retrieved", "Sample?", "From the seed papers", "Illustrative"]));
  const body = el("tbody");
  for (const f of files) {
    const row = el("tr", {},
      el("td", {}, el("code", {}, f.file ?? "")),
      el("td", {}, el("a", {href: f.url}, f.title), ` (${f.vintage})`),
      el("td", {}, [f.publisher, f.licence].filter(Boolean).join("; ") || "–"),
      el("td", {}, f.copy_of || (f.sample ? "Built by this project" : "The publisher's download")),
      el("td", {}, formatDate(f.retrieved_at)),
      el("td", {}, f.sample ? el("span", {className: "sample-label"}, "Sample") : "Published data"),
      el("td", {}, f.seeded || "–"),
      el("td", {}, f.illustrative || "–"));
    row.setAttribute("data-file", f.file ?? "");
    body.append(row);
  }
  table.append(body);
  return table;
}

/** Where two raw files give the same fact differently: the counts, and the largest differences. */
export function revisionsTable(about: AboutData): HTMLElement {
  const summary = about.revisions;
  const root = el("div", {className: "revisions"});
  if (!summary || summary.total === 0) {
    root.append(el("p", {}, "No two files in this build give any fact differently."));
    return root;
  }
  root.append(el("p", {}, `${formatNumber(summary.total)} facts are given differently by two files. `,
    summary.by_sources.map((s) => `${formatNumber(s.count)} kept from ${s.kept} over ${s.other}`).join("; "), "."));
  const table = el("table", {className: "freshness"});
  table.append(headerRow(["Indicator", "Area", "Period", "Breakdown", "Kept", "Set aside"]));
  const body = el("tbody");
  for (const r of summary.examples) {
    body.append(el("tr", {},
      el("td", {}, el("a", {href: `#def-${r.indicator_id}`}, r.title)), el("td", {}, r.area), el("td", {}, r.period), el("td", {}, r.breakdown),
      el("td", {}, `${r.kept} (${r.kept_source})`), el("td", {}, `${r.other} (${r.other_source})`)));
  }
  table.append(body);
  root.append(el("p", {className: "status-note"}, `The ${summary.examples.length} largest differences; npm run data -- check lists them all.`), table);
  return root;
}

const RULE_KINDS: Record<string, string> = {plausibility: "Plausibility", consistency: "Consistency", dates: "Dates", coverage: "Coverage"};

/**
 * What the validation layer checked before this build's snapshot was accepted (loaders/validation.ts):
 * a sentence with the totals, one row per rule (what it checks, how many rows it judged, violations,
 * caveats), then each caveat (a rule real published files break, recorded instead of refused) with
 * its count and a few examples.
 */
export function validationTable(about: AboutData): HTMLElement {
  const summary = about.validation;
  const root = el("div", {className: "validation"});
  if (!summary) {
    root.append(el("p", {}, "This build's snapshot carries no validation summary."));
    return root;
  }
  const caveatCount = summary.caveats.reduce((n, c) => n + c.count, 0);
  root.append(el("p", {},
    `${summary.rules.length} rules judged ${formatNumber(summary.facts)} facts and ${formatNumber(summary.rows)} other rows from ${formatNumber(summary.files)} files on ${formatDate(summary.checked_on)}: `,
    `${formatNumber(summary.violations)} violations (a file that breaks a rule is refused, so a build has none) and ${formatNumber(caveatCount)} caveats, `,
    "where published files break a rule and are kept as published."));
  const table = el("table", {className: "freshness validation-rules"});
  table.append(headerRow(["Rule", "Kind", "What it checks", "Rows judged", "Violations", "Caveats"]));
  const body = el("tbody");
  for (const rule of summary.rules) {
    const row = el("tr", {},
      el("td", {}, el("code", {}, rule.id)),
      el("td", {}, RULE_KINDS[rule.kind] ?? rule.kind),
      el("td", {}, rule.description),
      el("td", {}, rule.checked === null ? "Applied by the parsers, row by row" : formatNumber(rule.checked)),
      el("td", {}, formatNumber(rule.violations)),
      el("td", {}, formatNumber(rule.caveats)));
    row.setAttribute("data-rule", rule.id);
    body.append(row);
  }
  table.append(body);
  root.append(table);
  if (summary.caveats.length) {
    const list = el("ul", {className: "validation-caveats"});
    for (const caveat of summary.caveats) {
      const examples = el("ul");
      for (const example of caveat.examples.slice(0, 3)) examples.append(el("li", {}, el("code", {}, example)));
      list.append(el("li", {}, el("strong", {}, `${caveat.rule}, ${formatNumber(caveat.count)} ${caveat.count === 1 ? "row" : "rows"}: `), caveat.reason, ".", examples));
    }
    root.append(el("p", {}, "Caveats:"), list);
  }
  return root;
}
