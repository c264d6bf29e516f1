/**
 * Writes the ASCOF sample in data/raw/reablement/ in the publisher's own layouts:
 * - ascof-trend.csv: the compiled trend layout (Year, ..., Measure_Value, ...), 2017-18 to 2020-21;
 * - ascof-2021-22.csv and ascof-2022-23.csv: the annual open-data CSV with old (pre-2023-24) codes;
 * - ascof-2023-24.csv: the annual CSV with the 2023-24 codes and the `Measure_Value` header spelling.
 * Values are ILLUSTRATIVE except those seed 003 gives (Medway and England, below), which are
 * placed in 2022-23 (the CQC report quotes no period; its England 2.91% matches 2022-23).
 * Usage: npx tsx scripts/sample/reablement.ts
 */
import {mkdirSync, writeFileSync} from "node:fs";
import path from "node:path";
import {COUNCILS, REGIONS} from "../../loaders/families/geography/index.ts";
import {normal, uniform} from "./random.ts";

const OUT = path.join(import.meta.dirname, "..", "..", "data", "raw", "reablement");
const MEDWAY = "E06000035";

interface MeasureSpec {
  old: string; new: string; description: string;
  kind: "proportion" | "rate" | "score";
  england: number; spread: number; trend: number;
  denominator: [number, number]; // per-council denominator range (proportions) or population (rates)
  disaggregations: {label: string; suffix: string; shift: number; share: number}[];
}

const MEASURES: MeasureSpec[] = [
  {old: "2B1", new: "2D1", description: "Proportion of older people (aged 65 and over) who were still at home 91 days after discharge from hospital into reablement/rehabilitation services",
    kind: "proportion", england: 82, spread: 6, trend: 0.3, denominator: [60, 1400], disaggregations: [
      {label: "65-74", suffix: "6574", shift: 3, share: 0.25}, {label: "75-84", suffix: "7584", shift: 0.5, share: 0.4}, {label: "85 and over", suffix: "85OV", shift: -3, share: 0.35},
      {label: "Female", suffix: "F", shift: 0.8, share: 0.6}, {label: "Male", suffix: "M", shift: -1.2, share: 0.4}]},
  {old: "2B2", new: "2D2", description: "Proportion of older people (aged 65 and over) offered reablement services following discharge from hospital",
    kind: "proportion", england: 2.9, spread: 1.6, trend: 0.02, denominator: [3000, 40000], disaggregations: []},
  {old: "2D", new: "2A", description: "Outcome of short-term services: sequel to service",
    kind: "proportion", england: 77.5, spread: 9, trend: 0.4, denominator: [200, 4000], disaggregations: [
      {label: "18-64", suffix: "1864", shift: 2, share: 0.3}, {label: "65 and over", suffix: "65OV", shift: -1, share: 0.7}]},
  {old: "2A1", new: "2B", description: "Long-term support needs of younger adults (aged 18-64) met by admission to residential and nursing care homes, per 100,000 population",
    kind: "rate", england: 14.6, spread: 4, trend: 0.1, denominator: [60000, 900000], disaggregations: []},
  {old: "2A2", new: "2C", description: "Long-term support needs of older adults (aged 65 and over) met by admission to residential and nursing care homes, per 100,000 population",
    kind: "rate", england: 560, spread: 120, trend: 2, denominator: [20000, 300000], disaggregations: []},
  {old: "1A", new: "1A", description: "Social care-related quality of life", kind: "score", england: 19.0, spread: 0.5, trend: 0.02, denominator: [0, 0], disaggregations: []},
  {old: "3A", new: "1D", description: "Overall satisfaction of people who use services with their care and support", kind: "proportion", england: 64, spread: 4, trend: 0.2, denominator: [250, 700], disaggregations: []},
  {old: "4A", new: "4A", description: "Proportion of people who use services who feel safe", kind: "proportion", england: 70, spread: 3.5, trend: 0.2, denominator: [250, 700], disaggregations: []}
];

/** Figures given by seed 003 (CQC report on Medway, L1151 and L1169), placed in 2022-23. */
const SEEDED: {code: string; area: string; value: number; numerator: number; denominator: number}[] = [
  {code: "2B1", area: MEDWAY, value: 72.0, numerator: 180, denominator: 250},
  {code: "2B1", area: "E92000001", value: 83.7, numerator: 65663, denominator: 78450},
  {code: "2B2", area: MEDWAY, value: 6.51, numerator: 252, denominator: 3871},
  {code: "2B2", area: "E92000001", value: 2.91, numerator: 78450, denominator: 2695876},
  {code: "2D", area: MEDWAY, value: 74.5, numerator: 1490, denominator: 2000},
  {code: "2D", area: "E92000001", value: 77.55, numerator: 145578, denominator: 187721}
];

const YEARS = ["2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24"];
const round1 = (x: number) => Math.round(x * 10) / 10;

interface Value {value: number | null; numerator: number | null; denominator: number | null; marker?: "[c]" | "[x]"}

function councilValue(m: MeasureSpec, code: string, year: string, shift = 0, share = 1): Value {
  const t = YEARS.indexOf(year) - 3;
  const effect = normal(`${m.old}|${code}|effect`) * m.spread;
  const noise = normal(`${m.old}|${code}|${year}|${shift}`) * m.spread * 0.35;
  const level = m.england + m.trend * t + effect + noise + shift;
  if (m.kind === "score") return {value: Math.round((level) * 10) / 10, numerator: null, denominator: null};
  const [lo, hi] = m.denominator;
  const denominator = Math.max(5, Math.round((lo + (hi - lo) * uniform(`${m.old}|${code}|size`)) * share * (0.9 + 0.2 * uniform(`${m.old}|${code}|${year}|size`))));
  if (m.kind === "rate") {
    const numerator = Math.max(0, Math.round((Math.max(level, 1) * denominator) / 100000));
    return {value: round1((numerator / denominator) * 100000), numerator, denominator};
  }
  const p = Math.min(99.5, Math.max(0.3, level)) / 100;
  const numerator = Math.round(p * denominator);
  if (denominator < 10 || uniform(`${m.old}|${code}|${year}|${shift}|suppress`) < 0.01) return {value: null, numerator: null, denominator: null, marker: "[c]"};
  return {value: round1((numerator / denominator) * 100), numerator, denominator};
}

function aggregate(values: Value[], m: MeasureSpec): Value {
  if (m.kind === "score") {
    const xs = values.map((v) => v.value).filter((v): v is number => v !== null);
    return {value: round1(xs.reduce((a, b) => a + b, 0) / xs.length), numerator: null, denominator: null};
  }
  const numerator = values.reduce((a, v) => a + (v.numerator ?? 0), 0);
  const denominator = values.reduce((a, v) => a + (v.denominator ?? 0), 0);
  const scale = m.kind === "rate" ? 100000 : 100;
  return {value: round1((numerator / denominator) * scale), numerator, denominator};
}

interface Row {code: string; description: string; level: string; ons: string; measureCode: string; disaggregation: string; type: string; value: string; group: string; groupDescription: string; year: string}

function rowsFor(year: string): Row[] {
  const rows: Row[] = [];
  const newCodes = year >= "2023-24";
  for (const m of MEASURES) {
    const group = newCodes ? m.new : m.old;
    const breakdowns = [{label: "Total", suffix: "", shift: 0, share: 1}, ...m.disaggregations];
    for (const b of breakdowns) {
      const byCouncil = new Map<string, Value>(COUNCILS.map((c) => [c.code, councilValue(m, c.code, year, b.shift, b.share)]));
      for (const seed of SEEDED) if (year === "2022-23" && seed.code === m.old && seed.area === MEDWAY && b.label === "Total") byCouncil.set(MEDWAY, seed);
      const areas: {code: string; description: string; level: string; ons: string; value: Value}[] = [];
      for (const c of COUNCILS) areas.push({code: c.cassr, description: c.name, level: "Council", ons: c.code, value: byCouncil.get(c.code)!});
      for (const r of REGIONS) {
        const members = COUNCILS.filter((c) => c.region_code === r.code).map((c) => byCouncil.get(c.code)!);
        areas.push({code: r.nhs_code, description: r.name, level: "Region", ons: r.code, value: aggregate(members, m)});
      }
      let england = aggregate([...byCouncil.values()], m);
      const seededEngland = SEEDED.find((s) => year === "2022-23" && s.code === m.old && s.area === "E92000001" && b.label === "Total");
      if (seededEngland) england = seededEngland;
      areas.push({code: "England", description: "England", level: "England", ons: "E92000001", value: england});
      for (const a of areas) {
        const format = (x: number | null) => (x === null ? a.value.marker ?? "[x]" : String(x));
        const types: [string, number | null][] = [["Outcome", a.value.value]];
        if (m.kind !== "score") types.push(["Numerator", a.value.numerator], ["Denominator", a.value.denominator]);
        for (const [type, value] of types) {
          rows.push({code: a.code, description: a.description, level: a.level, ons: a.ons, measureCode: group + b.suffix, disaggregation: b.label, type, value: format(value), group, groupDescription: m.description, year});
        }
      }
    }
  }
  return rows;
}

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const line = (cells: string[]) => cells.map(quote).join(",");

function writeAnnual(year: string, valueHeader: string) {
  const header = ["Geographical Code", "Geographical Description", "Geographical Level", "ONS Code", "ASCOF Measure Code", "Disaggregation Level", "Measure Type", valueHeader, "Measure Group", "Measure Group Description"];
  const lines = [line(header), ...rowsFor(year).map((r) => line([r.code, r.description, r.level, r.ons, r.measureCode, r.disaggregation, r.type, r.value, r.group, r.groupDescription]))];
  writeFileSync(path.join(OUT, `ascof-${year}.csv`), lines.join("\r\n") + "\r\n");
}

function writeTrend(years: string[]) {
  const header = ["Year", "Geographical Description", "ONS Code", "Measure Group", "Measure Group Description", "Measure_Value", "Geographical Level", "Disaggregation Level", "Measure Type"];
  const lines = [line(header)];
  for (const year of years) {
    for (const r of rowsFor(year)) {
      if (r.type !== "Outcome" || r.disaggregation !== "Total") continue;
      // The compiled trend file carries the older published name for Medway (`Medway Towns`).
      const description = r.ons === MEDWAY && year < "2019-20" ? "Medway Towns" : r.description;
      lines.push(line([year, description, r.ons, r.group, r.groupDescription, r.value, r.level, "Total", "Outcome"]));
    }
  }
  writeFileSync(path.join(OUT, "ascof-trend.csv"), lines.join("\n") + "\n");
}

mkdirSync(OUT, {recursive: true});
writeTrend(["2017-18", "2018-19", "2019-20", "2020-21"]);
writeAnnual("2021-22", "Measure Value");
writeAnnual("2022-23", "Measure Value");
writeAnnual("2023-24", "Measure_Value");
console.log(`wrote ASCOF sample to ${path.relative(process.cwd(), OUT)}`);
