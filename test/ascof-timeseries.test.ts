import {existsSync, readFileSync} from "node:fs";
import * as XLSX from "@e965/xlsx";
import {beforeAll, describe, expect, it} from "vitest";
import {parseAscofTimeseries, type AscofTimeseriesResult} from "../loaders/families/reablement/parse-ascof-timeseries.ts";
import {ascofIndicatorFor} from "../loaders/families/reablement/measures.ts";
import {indicators as reablementIndicators} from "../loaders/families/reablement/indicators.ts";
import {indicatorById} from "../loaders/indicators.ts";
import {sourceById} from "../loaders/sources.ts";
import {findDiscoveredLink} from "../loaders/refresh.ts";
import {isKnownAreaCode} from "../loaders/families/geography/index.ts";
import {predecessorByCode} from "../loaders/families/geography/predecessors.ts";
import {DataError} from "../loaders/validate.ts";
import type {FactRow} from "../loaders/model.ts";
import {expectDataError} from "./support/data-error.ts";

const OPTIONS = {source_id: "ascof-2024-25", vintage: "2024-25"};


function fact(facts: FactRow[], indicator_id: string, area_code: string, period: string, breakdown = "total") {
  return facts.find((f) => f.indicator_id === indicator_id && f.area_code === area_code && f.period === period && f.breakdown === breakdown);
}

/** [value, numerator, denominator, status] of one fact, or undefined. */
function figures(facts: FactRow[], indicator_id: string, area_code: string, period: string, breakdown = "total") {
  const f = fact(facts, indicator_id, area_code, period, breakdown);
  return f && [f.value, f.numerator, f.denominator, f.status];
}

// ---- synthetic workbooks in the publisher's layout ----------------------------------------------

type Cells = (string | number)[][];

const NOTE_ROWS = [
  ["This worksheet contains one table. Some cells refer to notes which can be found in the notes worksheet."],
  ["Numerator refers to ..."],
  ["Denominator refers to ..."],
  ["Outcome refers to ..."],
  ["Cells marked with an [x] indicate no data is available. Cells marked with an [c] indicate the figure has been suppressed. Cells marked with a [z] denotes data is not applicable. "]
];
const AREA_HEADER = ["Local authority code", "Local authority", "ONS area code"];

/** Table_2d(1) as the real file lays it out: title, five note rows, header on row 7. */
function reablementTable(rows: Cells, {notes = NOTE_ROWS} = {}): Cells {
  return [
    ["Table 2d(1): the proportion of people aged 65 and over discharged from hospital into reablement and who remained in the community within 12 weeks of discharge [note 9]"],
    ...notes,
    [...AREA_HEADER, "2024 to 2025 - numerator", "2024 to 2025 - denominator", "2024 to 2025 - outcome"],
    ...rows
  ];
}

const REABLEMENT_ROWS: Cells = [
  ["England", "England", "E92000001", "72,795", "120,005", 60.7],
  ["S", "Shire Counties", "[z]", 26580, 43625, 60.9],
  ["SE", "South East", "E12000008", 10000, 16000, 62.5],
  [312, "Trafford", "E08000009", 330, 519, 63.58],
  [821, "Medway Towns", "E06000035", 650, 1062, 61.21],
  ["H6X4G", "Cumberland", "E06000063", "[c]", "[c]", "[c]"],
  [906, "Isles of Scilly", "E06000053", "[x]", "[x]", "[x]"],
  [102, "Cumbria", "E10000006", "[z]", "[z]", "[z]"]
];

/** Table_1a, a survey table over two years, with a bracketed 2016-17 carers'-style cell. */
const SURVEY_TABLE: Cells = [
  ["Table 1a: social care-related quality of life score [note 1]"],
  ["This worksheet contains one table."],
  [...AREA_HEADER, "2016 to 2017 - margin of error", "2016 to 2017 - number of respondents", "2016 to 2017 - outcome", "2024 to 2025 - margin of error", "2024 to 2025 - number of respondents", "2024 to 2025 - outcome"],
  ["England", "England", "E92000001", "0 (0.5)", "63,188 (35,415)", "19.1 (19.0)", 0.1, 53190, 19],
  [821, "Medway Towns", "E06000035", 0.4, 310, 19.1, 0.5, 190, 18.8]
];

const CONTENTS_HEADER = ["Metric", "Description", "Source", "Start year", "2022 to 2023 Code"];
const LOG: Cells = [
  ["Comparability over time table log"],
  ["2024 to 2025 metric code", "2022 to 2023 metric code", "Year of change", "Description of impact on comparability over time"],
  ["2D(1)", "2B(1)", "2024 to 2025", "This metric was new for 2024 to 2025 and is derived from Client Level Data (CLD) linked to health data."],
  ["2D(1)", "2B(1)", "2023 to 2024", "Measure 2B(1) was renamed to 2D(1) in 2023 to 2024."]
];

interface Fixture {
  contents?: Cells;
  tables?: Record<string, Cells>;
}

function workbook({contents, tables}: Fixture, bookType: "ods" | "xlsx" = "ods"): Uint8Array {
  const book = XLSX.utils.book_new();
  const add = (name: string, rows: Cells) => XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), name);
  add("Cover", [["Measures from the adult social care outcomes framework (ASCOF), England - time series of aggregated measures"]]);
  add("Contents", contents ?? [
    ["Contents table: measure descriptions and the start year"],
    ["To access data tables, select the table headings or tabs."],
    ["For further information ... see the Cover page."],
    CONTENTS_HEADER,
    ["1A", "Social care-related quality of life score", "ASCS", "2010 to 2011", "1A"],
    ["2D(1)", "The proportion of people aged 65 and over discharged from hospital into reablement and who remained in the community within 12 weeks of discharge", "CLD", "2024 to 2025", "2B(1)"]
  ]);
  add("Comparability_over_time_log", LOG);
  add("Notes", [["Notes"], ["Note number ", "Note text", "Note Link"]]);
  for (const [name, rows] of Object.entries(tables ?? {Table_1a: SURVEY_TABLE, "Table_2d(1)": reablementTable(REABLEMENT_ROWS)})) add(name, rows);
  return new Uint8Array(XLSX.write(book, {type: "array", bookType}) as ArrayBuffer);
}

describe("ASCOF time series: the publisher's layout, synthetic", () => {
  const result = parseAscofTimeseries(workbook({}), "ascof-timeseries.ods", OPTIONS);

  it("finds the header by content on row 7 and reads numerator, denominator and outcome", () => {
    expect(result.tables.find((t) => t.sheet === "Table_2d(1)")).toMatchObject({code: "2D(1)", old_code: "2B(1)", indicator_id: "ascof_reablement_91_day", header_row: 7, periods: ["2024-25"]});
    expect(figures(result.facts, "ascof_reablement_91_day", "E92000001", "2024-25")).toEqual([60.7, 72795, 120005, "ok"]);
    expect(figures(result.facts, "ascof_reablement_91_day", "E08000009", "2024-25")).toEqual([63.58, 330, 519, "ok"]);
    expect(figures(result.facts, "ascof_reablement_91_day", "E12000008", "2024-25")).toEqual([62.5, 10000, 16000, "ok"]);
    expect(fact(result.facts, "ascof_reablement_91_day", "E06000035", "2024-25")).toEqual({
      indicator_id: "ascof_reablement_91_day", area_code: "E06000035", period: "2024-25", breakdown: "total",
      value: 61.21, numerator: 650, denominator: 1062, status: "ok", source_id: "ascof-2024-25", vintage: "2024-25"
    });
  });

  it("moves with the header: two more note rows put it on row 9", () => {
    const moved = parseAscofTimeseries(workbook({tables: {Table_1a: SURVEY_TABLE, "Table_2d(1)": reablementTable(REABLEMENT_ROWS, {notes: [...NOTE_ROWS, ["More notes"], ["And more"]]})}}), "moved.ods", OPTIONS);
    expect(moved.tables.find((t) => t.sheet === "Table_2d(1)")!.header_row).toBe(9);
    expect(moved.facts).toEqual(result.facts);
  });

  it("[c] is suppressed, [x] not available, [z] and council-type rows give no fact", () => {
    expect(figures(result.facts, "ascof_reablement_91_day", "E06000063", "2024-25")).toEqual([null, null, null, "suppressed"]);
    expect(figures(result.facts, "ascof_reablement_91_day", "E06000053", "2024-25")).toEqual([null, null, null, "not_available"]);
    expect(result.facts.some((f) => f.area_code === "E10000006" || f.area_code === "[z]")).toBe(false);
    expect(result.skipped["council-type aggregate rows (not areas in this model)"]).toBe(1);
  });

  it("survey tables: respondents are the denominator, the numerator is null, a bracketed figure keeps the official one", () => {
    expect(figures(result.facts, "ascof_quality_of_life", "E92000001", "2016-17")).toEqual([19.1, null, 63188, "ok"]);
    expect(figures(result.facts, "ascof_quality_of_life", "E06000035", "2024-25")).toEqual([18.8, null, 190, "ok"]);
    expect(result.notes.some((n) => /Table_1a 2016-17: a cell with a bracketed second figure/.test(n))).toBe(true);
  });

  it("reads the same from an XLSX copy", () => {
    expect(parseAscofTimeseries(workbook({}, "xlsx"), "ascof-timeseries.xlsx", OPTIONS).facts).toEqual(result.facts);
  });
});

describe("ASCOF time series: bad input is a located error", () => {
  it("a table sheet missing for a Contents row names the sheet", () => {
    const error = expectDataError(() => parseAscofTimeseries(workbook({tables: {Table_1a: SURVEY_TABLE}}), "missing.ods", OPTIONS), {file: "missing.ods", sheet: "Contents", row: 6, column: "Metric"});
    expect(error.message).toMatch(/no sheet 'Table_2d\(1\)'/);
  });

  it("a table sheet without a Contents row", () => {
    expectDataError(() => parseAscofTimeseries(workbook({tables: {Table_1a: SURVEY_TABLE, "Table_2d(1)": reablementTable(REABLEMENT_ROWS), "Table_2d(2)": reablementTable(REABLEMENT_ROWS)}}), "extra.ods", OPTIONS), {file: "extra.ods", sheet: "Table_2d(2)", message: /no row in the Contents sheet/});
  });

  it("an unknown ONS code names sheet, row and column", () => {
    const rows = REABLEMENT_ROWS.map((r) => (r[1] === "Trafford" ? [312, "Trafford", "E08999999", 330, 519, 63.58] : r));
    const error = expectDataError(() => parseAscofTimeseries(workbook({tables: {Table_1a: SURVEY_TABLE, "Table_2d(1)": reablementTable(rows)}}), "bad.ods", OPTIONS), {file: "bad.ods", sheet: "Table_2d(1)", row: 11, column: "ONS area code"});
    expect(error.value).toBe("E08999999");
  });

  it("a name that contradicts its code (while 'Medway Towns' passes as Medway's alias)", () => {
    const rows = REABLEMENT_ROWS.map((r) => (r[1] === "Trafford" ? [312, "Trafford", "E06000035", 330, 519, 63.58] : r));
    expectDataError(() => parseAscofTimeseries(workbook({tables: {Table_1a: SURVEY_TABLE, "Table_2d(1)": reablementTable(rows)}}), "bad.ods", OPTIONS), {sheet: "Table_2d(1)", row: 11, column: "Local authority", message: /does not match ONS code E06000035/});
  });

  it("a value that is not a number or a marker", () => {
    const rows = REABLEMENT_ROWS.map((r) => (r[1] === "Trafford" ? [312, "Trafford", "E08000009", 330, 519, "n/a"] : r));
    expectDataError(() => parseAscofTimeseries(workbook({tables: {Table_1a: SURVEY_TABLE, "Table_2d(1)": reablementTable(rows)}}), "bad.ods", OPTIONS), {sheet: "Table_2d(1)", row: 11, column: "2024 to 2025 - outcome"});
  });

  it("a Contents code that maps to nothing in the catalogue, naming the Contents row", () => {
    const contents: Cells = [["Contents"], CONTENTS_HEADER, ["1A", "Quality of life", "ASCS", "2010 to 2011", "1A"], ["9Z", "A measure nobody catalogued", "CLD", "2024 to 2025", "Not applicable"]];
    expectDataError(() => parseAscofTimeseries(workbook({contents, tables: {Table_1a: SURVEY_TABLE, "Table_9z": reablementTable(REABLEMENT_ROWS)}}), "new.ods", OPTIONS), {sheet: "Contents", row: 4, column: "Metric", message: /9Z .* maps to nothing in the catalogue/});
  });

  it("a Contents 2022-23 code that contradicts the catalogue without a log row to settle it", () => {
    const contents: Cells = [["Contents"], CONTENTS_HEADER, ["1A", "Quality of life", "ASCS", "2010 to 2011", "1B"]];
    expectDataError(() => parseAscofTimeseries(workbook({contents, tables: {Table_1a: SURVEY_TABLE}}), "wrong.ods", OPTIONS), {sheet: "Contents", row: 3, column: "2022 to 2023 Code"});
  });

  it("an unknown measure heading names the header cell", () => {
    const table = reablementTable(REABLEMENT_ROWS);
    table[6] = [...AREA_HEADER, "2024 to 2025 - numerator", "2024 to 2025 - denominator", "2024 to 2025 - rate"];
    expectDataError(() => parseAscofTimeseries(workbook({tables: {Table_1a: SURVEY_TABLE, "Table_2d(1)": table}}), "bad.ods", OPTIONS), {sheet: "Table_2d(1)", row: 7, column: "2024 to 2025 - rate"});
  });

  it("a truncated ODS (cut bytes) is a DataError naming the file", () => {
    const bytes = workbook({});
    for (const fraction of [0.3, 0.7, 0.98]) {
      expectDataError(() => parseAscofTimeseries(bytes.subarray(0, Math.floor(bytes.length * fraction)), "cut.ods", OPTIONS), {file: "cut.ods", message: /truncated/});
    }
  });

  it("an HTML page saved as .ods", () => {
    expectDataError(() => parseAscofTimeseries(new TextEncoder().encode("<!DOCTYPE html><html><head><title>Page not found</title></head><body></body></html>"), "page.ods", OPTIONS), {file: "page.ods", message: /HTML page/});
  });
});

describe("ASCOF 2024-25 source registration", () => {
  it("the ODS is ascof-2024-25 and the long CSV keeps its parser as ascof-2024-25-csv", () => {
    const ods = sourceById("ascof-2024-25")!;
    expect(ods).toMatchObject({format: "ods", publisher: "DHSC", vintage: "2024-25", raw_path: "reablement/ascof-timeseries-2015-16-to-2024-25-dhsc.ods"});
    const page = `<a href="https://assets.publishing.service.gov.uk/media/68ab12cd/ascof-2024-25.csv">csv</a><a href="https://assets.publishing.service.gov.uk/media/68ab12ce/ascof-timeseries-2015-16-to-2024-25.ods">ods</a>`;
    expect(findDiscoveredLink(page, ods.discovery!.link_pattern, ods.url)).toBe("https://assets.publishing.service.gov.uk/media/68ab12ce/ascof-timeseries-2015-16-to-2024-25.ods");
    const csv = sourceById("ascof-2024-25-csv")!;
    expect(csv).toMatchObject({format: "csv", vintage: "2024-25", raw_path: "reablement/ascof-2024-25.csv"});
    expect(findDiscoveredLink(page, csv.discovery!.link_pattern, csv.url)).toBe("https://assets.publishing.service.gov.uk/media/68ab12cd/ascof-2024-25.csv");
  });

  it("the new measures are in the catalogue, in their families", () => {
    expect(indicatorById("ascof_s42_risk_reduced_removed")).toMatchObject({family: "safeguarding", unit: "%", value_type: "proportion", multiplier: 100, polarity: "high_is_good", source: "ASCOF (DHSC)", codes: [{code: "4B", from: "2023-24"}]});
    expect(indicatorById("ascof_residential_good_outstanding")).toMatchObject({family: "cqc", unit: "%", value_type: "proportion", polarity: "high_is_good"});
    expect(indicatorById("workforce-turnover-rate")!.caveats).toMatch(/2023-24 and 2024-25 .* ASCOF 6A/);
    // 4B is period-aware: the old code meant "services made me feel safe".
    expect(ascofIndicatorFor("4B", "2022-23")).toBe("ascof_services_feel_safe");
    expect(ascofIndicatorFor("4B", "2024-25")).toBe("ascof_s42_risk_reduced_removed");
  });
});

const REAL = "../shared/data/real/ascof/ascof-timeseries-2015-16-to-2024-25-dhsc.ods";
const hasReal = existsSync(REAL);
if (!hasReal) console.warn(`skipping the real ASCOF time series tests: ${REAL} is absent (it exists beside the project in CI)`);

describe.skipIf(!hasReal)("the real DHSC ASCOF 2024-25 time series", () => {
  let result: AscofTimeseriesResult;
  let facts: FactRow[];
  beforeAll(() => {
    const bytes = new Uint8Array(readFileSync(REAL));
    const started = performance.now();
    result = parseAscofTimeseries(bytes, "ascof-timeseries-2015-16-to-2024-25-dhsc.ods", OPTIONS);
    facts = result.facts;
    console.info(`parsed ${REAL} (${bytes.length} bytes, ${result.tables.length} tables) into ${facts.length} facts in ${Math.round(performance.now() - started)} ms`);
  }, 60_000);

  it("keeps a survey outcome printed beside 0 respondents as not available (Table_1b 2019-20: Trafford, Kent)", () => {
    for (const area of ["E08000009", "E10000016"]) {
      const fact = facts.find((f) => f.indicator_id === "ascof_quality_of_life_adjusted" && f.area_code === area && f.period === "2019-20" && f.breakdown === "total");
      expect(fact).toMatchObject({value: null, denominator: 0, status: "not_available"});
    }
    expect(facts.some((f) => f.denominator === 0 && f.value !== null && f.numerator === null)).toBe(false);
    expect(result.notes.some((n) => /0 respondents/.test(n))).toBe(true);
  });

  it("maps every table through Contents and the catalogue, one indicator per measure", () => {
    const byCode = Object.fromEntries(result.tables.map((t) => [t.code, [t.old_code, t.indicator_id]]));
    expect(byCode).toMatchObject({
      "1A": ["1A", "ascof_quality_of_life"], "1B": ["1J", "ascof_quality_of_life_adjusted"], "1D": ["3A", "ascof_satisfaction_service_users"],
      "2A": ["2D", "ascof_short_term_outcome"], "2B": ["2A(1)", "ascof_admissions_18_64"], "2C": ["2A(2)", "ascof_admissions_65_plus"],
      "2D(1)": ["2B(1)", "ascof_reablement_91_day"], "2D(2)": ["2B(2)", "ascof_reablement_offered"], "2E(1)": ["1G", "ascof_ld_own_home"],
      "2E(2a)": [null, null], "2E(2b)": [null, null],
      "3A": ["1B", "ascof_control_daily_life"], "3D(1a)": ["1C(1a)", "ascof_self_directed_support_users"],
      // Contents gives 1C(1b), a publisher slip; the comparability log's 1C(2A) settles it.
      "3D(2a)": ["1C(1b)", "ascof_direct_payments_users"],
      "4B": [null, "ascof_s42_risk_reduced_removed"], "5A(1)": ["1I(1)", "ascof_social_contact_users"],
      "6A": [null, "workforce-turnover-rate"], "6B": [null, "ascof_residential_good_outstanding"]
    });
    expect(result.tables).toHaveLength(25);
    expect(result.notes.some((n) => /Contents row 23 gives 1C\(1b\) .* Comparability_over_time_log gives 1C\(2A\)/.test(n))).toBe(true);
    expect(new Set(facts.map((f) => f.indicator_id)).size).toBe(23);
  });

  it("survey measures 2015-16 to 2024-25: respondents as denominator, one series across the renumbering", () => {
    expect(figures(facts, "ascof_quality_of_life", "E92000001", "2015-16")).toEqual([19.1, null, 63188, "ok"]);
    expect(figures(facts, "ascof_quality_of_life", "E06000035", "2015-16")).toEqual([19.3, null, 318, "ok"]);
    expect(figures(facts, "ascof_quality_of_life", "E08000009", "2024-25")).toEqual([18.8, null, 320, "ok"]);
    expect(figures(facts, "ascof_quality_of_life_adjusted", "E92000001", "2022-23")).toEqual([0.411, null, 25570, "ok"]);
    const medway = facts.filter((f) => f.indicator_id === "ascof_control_daily_life" && f.area_code === "E06000035").map((f) => f.period);
    expect(medway).toEqual(["2015-16", "2016-17", "2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]);
    // 2016-17 carers' survey: "51,230 (35,415)" and "7.7 (7.6)", the official figures outside the brackets.
    expect(figures(facts, "ascof_carer_quality_of_life", "E92000001", "2016-17")).toEqual([7.7, null, 51230, "ok"]);
    expect(figures(facts, "ascof_carer_quality_of_life", "E06000035", "2016-17")).toEqual([7.6, null, 365, "ok"]);
    // The carers' survey is biennial: [z] years give no fact.
    expect(fact(facts, "ascof_carer_quality_of_life", "E06000035", "2015-16")).toBeUndefined();
  });

  it("CLD measures 2024-25 only, with numerator and denominator", () => {
    expect(figures(facts, "ascof_reablement_91_day", "E06000035", "2024-25")).toEqual([61.21, 650, 1062, "ok"]);
    expect(figures(facts, "ascof_reablement_91_day", "E08000009", "2024-25")).toEqual([63.58, 330, 519, "ok"]);
    expect(figures(facts, "ascof_reablement_91_day", "E92000001", "2024-25")).toEqual([60.7, 72795, 120005, "ok"]);
    expect(figures(facts, "ascof_short_term_outcome", "E08000009", "2024-25")).toEqual([59.4, 464, 781, "ok"]);
    expect(figures(facts, "ascof_admissions_65_plus", "E92000001", "2024-25")).toEqual([592.5, 65060, 10981090, "ok"]);
    expect(figures(facts, "ascof_direct_payments_users", "E06000035", "2024-25")).toEqual([23.4, 488, 2087, "ok"]);
    expect(figures(facts, "ascof_ld_own_home", "E08000009", "2024-25")).toEqual([88.6, 404, 456, "ok"]);
    expect(facts.filter((f) => f.indicator_id === "ascof_reablement_91_day").every((f) => f.period === "2024-25")).toBe(true);
    // Council numerators and denominators are unrounded: they reproduce the published percentage.
    for (const f of facts.filter((f) => ["ascof_reablement_91_day", "ascof_reablement_offered", "ascof_short_term_outcome", "ascof_ld_own_home"].includes(f.indicator_id) && f.value !== null && f.numerator !== null && f.denominator && /^E0[6-9]|^E10/.test(f.area_code))) {
      expect(Math.abs((f.numerator! / f.denominator!) * 100 - f.value!), `${f.indicator_id} ${f.area_code}`).toBeLessThan(0.051);
    }
  });

  it("4B (section 42 risk reduced or removed), 6A (turnover) and 6B (residential providers good or outstanding), 2023-24 and 2024-25", () => {
    expect(figures(facts, "ascof_s42_risk_reduced_removed", "E06000035", "2023-24")).toEqual([97.5, 430, 445, "ok"]);
    expect(figures(facts, "ascof_s42_risk_reduced_removed", "E08000009", "2024-25")).toEqual([94.2, 325, 345, "ok"]);
    expect(figures(facts, "ascof_s42_risk_reduced_removed", "E92000001", "2024-25")).toEqual([91.2, 130610, 143210, "ok"]);
    // South Tyneside 2024-25: numerator 390 over denominator 330, outcome withheld as [z] (note 16).
    expect(fact(facts, "ascof_s42_risk_reduced_removed", "E08000023", "2024-25")).toBeUndefined();

    expect(figures(facts, "workforce-turnover-rate", "E06000035", "2023-24")).toEqual([15.5, null, null, "ok"]);
    expect(figures(facts, "workforce-turnover-rate", "E08000009", "2024-25")).toEqual([23.6, null, null, "ok"]);
    expect(figures(facts, "workforce-turnover-rate", "E92000001", "2023-24")).toEqual([24.8, null, null, "ok"]);
    // A percentage, as published: every value between 0 and 100, England near a quarter.
    expect(facts.filter((f) => f.indicator_id === "workforce-turnover-rate" && f.value !== null).every((f) => f.value! > 1 && f.value! < 100)).toBe(true);
    // Cornwall: its own row for 2023-24, the combined "Cornwall and Isles of Scilly" row for 2024-25.
    expect(figures(facts, "workforce-turnover-rate", "E06000052", "2023-24")).toEqual([26.7, null, null, "ok"]);
    expect(figures(facts, "workforce-turnover-rate", "E06000052", "2024-25")).toEqual([20.2, null, null, "ok"]);
    expect(result.notes.some((n) => /Cornwall and Isles of Scilly/.test(n))).toBe(true);

    expect(figures(facts, "ascof_residential_good_outstanding", "E06000035", "2024-25")).toEqual([73.8, 48, 65, "ok"]);
    expect(figures(facts, "ascof_residential_good_outstanding", "E08000009", "2024-25", "rating=Outstanding")).toEqual([11.5, 6, 52, "ok"]);
    expect(figures(facts, "ascof_residential_good_outstanding", "E08000009", "2023-24", "rating=Good")).toEqual([72.2, 39, 54, "ok"]);
    expect(figures(facts, "ascof_residential_good_outstanding", "E92000001", "2023-24")).toEqual([80.3, 11331, 14105, "ok"]);
    expect(figures(facts, "ascof_residential_good_outstanding", "E92000001", "2024-25", "rating=Not yet rated")).toEqual([0.2, 25, 13820, "ok"]);
    expect(new Set(facts.filter((f) => f.indicator_id === "ascof_residential_good_outstanding").map((f) => f.breakdown))).toEqual(new Set(["total", "rating=Outstanding", "rating=Good", "rating=Other", "rating=Not yet rated"]));
  });

  it("statuses: [c] suppressed, [x] not available", () => {
    expect(figures(facts, "ascof_reablement_91_day", "E06000063", "2024-25")).toEqual([null, null, null, "suppressed"]);
    expect(figures(facts, "ascof_feel_safe", "E92000001", "2020-21")).toEqual([null, null, null, "not_available"]);
    // Derby did not submit the 2024-25 survey (note 5).
    expect(figures(facts, "ascof_quality_of_life", "E06000015", "2024-25")).toEqual([null, null, null, "not_available"]);
    expect(facts.filter((f) => f.status === "suppressed").length).toBeGreaterThan(10);
  });

  it("areas: councils, regions and England through geography; retired councils for their own years", () => {
    expect(facts.every((f) => isKnownAreaCode(f.area_code) || predecessorByCode(f.area_code))).toBe(true);
    // "Medway Towns" is Medway; the council-type aggregates are left out.
    expect(fact(facts, "ascof_quality_of_life", "E06000035", "2024-25")).toBeDefined();
    expect(result.skipped["council-type aggregate rows (not areas in this model)"]).toBeGreaterThan(100);
    // Dorset County (E10000009) keeps its years to 2018-19; 4B's 2024-25 row under that code is Dorset Council's.
    expect(facts.filter((f) => f.area_code === "E10000009").every((f) => f.period <= "2018-19")).toBe(true);
    expect(figures(facts, "ascof_quality_of_life", "E10000009", "2015-16")).toEqual([19.2, null, 433, "ok"]);
    expect(figures(facts, "ascof_s42_risk_reduced_removed", "E06000059", "2024-25")).toEqual([92.5, 445, 485, "ok"]);
    const regions = new Set(facts.filter((f) => f.indicator_id === "ascof_residential_good_outstanding" && f.area_code.startsWith("E12")).map((f) => f.area_code));
    expect(regions.size).toBe(9);
  });

  it("the catalogue's 2024-25 series breaks are those the Comparability_over_time_log lists", () => {
    const logged = new Set(result.comparability.filter((e) => e.period === "2024-25" && e.code).map((e) => {
      const table = result.tables.find((t) => t.code.trim() === e.code);
      const id = table?.indicator_id ?? ascofIndicatorFor(e.code!, "2024-25");
      expect(id, `log row ${e.row} (${e.code})`).toBeTruthy();
      return id!;
    }));
    const catalogued = new Set(reablementIndicators.filter((i) => i.series_breaks?.some((b) => b.period === "2024-25")).map((i) => i.indicator_id));
    expect([...catalogued].sort()).toEqual([...logged].sort());
    expect(indicatorById("ascof_reablement_91_day")!.series_breaks!.find((b) => b.period === "2024-25")!.note).toMatch(/remained in the community within 12 weeks of discharge/);
  });

  it("the source's parse gives the same facts", async () => {
    const tables = await sourceById("ascof-2024-25")!.parse(new Uint8Array(readFileSync(REAL)), REAL);
    expect(tables.facts).toHaveLength(facts.length);
  }, 60_000);

  it("a truncated copy of the real file is a DataError naming the file", () => {
    const bytes = new Uint8Array(readFileSync(REAL));
    expectDataError(() => parseAscofTimeseries(bytes.subarray(0, bytes.length - 1000), "cut.ods", OPTIONS), {file: "cut.ods", message: /truncated/});
  });
});
