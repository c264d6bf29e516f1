import {existsSync, readFileSync} from "node:fs";
import * as XLSX from "@e965/xlsx";
import {describe, expect, it} from "vitest";
import {parseAscof} from "../loaders/families/reablement/parse-ascof.ts";
import {ascofCodeHistory, ascofIndicatorFor, ascofBreakdown} from "../loaders/families/reablement/measures.ts";
import {indicatorById} from "../loaders/indicators.ts";
import {DataError} from "../loaders/validate.ts";
import type {FactRow} from "../loaders/model.ts";
import {expectDataError} from "./support/data-error.ts";

const fixture = (name: string) => new Uint8Array(readFileSync(`test/fixtures/reablement/${name}`));
const text = (s: string) => new TextEncoder().encode(s);
const find = (facts: FactRow[], where: Partial<FactRow>) => facts.filter((f) => Object.entries(where).every(([k, v]) => f[k as keyof FactRow] === v));


describe("ASCOF annual open-data file", () => {
  const {facts, skipped} = parseAscof(fixture("ascof-annual.csv"), "ascof-annual.csv", {source_id: "ascof-2020-21", vintage: "2020-21", period: "2020-21"});

  it("joins each Outcome with its Numerator and Denominator", () => {
    expect(find(facts, {area_code: "E08000009", indicator_id: "ascof_reablement_91_day", breakdown: "total"})).toEqual([
      {indicator_id: "ascof_reablement_91_day", area_code: "E08000009", period: "2020-21", breakdown: "total", value: 88.9, numerator: 160, denominator: 180, status: "ok", source_id: "ascof-2020-21", vintage: "2020-21"}
    ]);
  });

  it("keeps every disaggregation as a breakdown", () => {
    expect(find(facts, {area_code: "E08000009", indicator_id: "ascof_reablement_91_day"}).map((f) => f.breakdown).sort()).toEqual(["age=65-74", "age=85+", "total"]);
    expect(find(facts, {breakdown: "age=65-74"})[0]).toMatchObject({value: 90.5, numerator: 38, denominator: 42});
  });

  it("reads [c] as suppressed and [x] as not available, with null values", () => {
    expect(find(facts, {breakdown: "age=85+"})[0]).toMatchObject({value: null, status: "suppressed"});
    expect(find(facts, {indicator_id: "ascof_reablement_offered"})[0]).toMatchObject({value: null, status: "not_available"});
  });

  it("keeps regions and England, and leaves council-type aggregates, survey bases and margins of error out (counted)", () => {
    expect(find(facts, {area_code: "E12000002"})[0].value).toBe(84.1);
    expect(find(facts, {area_code: "E92000001"})[0].value).toBe(82.3);
    expect(facts.some((f) => f.area_code === "")).toBe(false);
    expect(find(facts, {indicator_id: "ascof_satisfaction_service_users"})[0]).toMatchObject({value: 66.2, numerator: null, denominator: null});
    expect(Object.values(skipped).reduce((a, b) => a + b, 0)).toBe(3);
  });

  it("reads the same data from the publisher's XLSX copy", () => {
    const workbook = XLSX.read(readFileSync("test/fixtures/reablement/ascof-annual.csv", "utf-8"), {type: "string", raw: true});
    const xlsx = new Uint8Array(XLSX.write(workbook, {type: "array", bookType: "xlsx"}));
    const fromXlsx = parseAscof(xlsx, "ascof-annual.xlsx", {source_id: "ascof-2020-21", vintage: "2020-21", period: "2020-21"}).facts;
    expect(fromXlsx).toEqual(facts);
  });
});

describe("header and value spellings across vintages", () => {
  const base = "Geographical Code,Geographical Description,Geographical Level,ONS Code,ASCOF Measure Code,Disaggregation Level,Measure Type,Measure Value,Measure Group";
  const row = "887,Medway,Council,E06000035,2B1,Total,Outcome,72.0,2B1";

  it("accepts ONS Area Code (2018-19 and earlier), Measure_Value and case drift", () => {
    for (const header of [base.replace("ONS Code", "ONS Area Code"), base.replace("Measure Value", "Measure_Value"), base.toUpperCase(), base.replace("Disaggregation Level", "Disaggregation")]) {
      const {facts} = parseAscof(text(`${header}\n${row}\n`), "x.csv", {source_id: "s", vintage: "2022-23", period: "2022-23"});
      expect(facts).toHaveLength(1);
      expect(facts[0]).toMatchObject({area_code: "E06000035", value: 72, indicator_id: "ascof_reablement_91_day"});
    }
  });

  it("reads the GOV.UK 2024-25 layout (lower-case headings, no Measure Group, 'Local authority', '18 to 64')", () => {
    const {facts} = parseAscof(fixture("ascof-2024-25-govuk.csv"), "ascof-2024-25.csv", {source_id: "ascof-2024-25-csv", vintage: "2024-25", period: "2024-25"});
    expect(find(facts, {indicator_id: "ascof_reablement_91_day", area_code: "E06000035"})[0]).toMatchObject({value: 73.4, numerator: 191, denominator: 260});
    expect(find(facts, {indicator_id: "ascof_short_term_outcome"})[0].breakdown).toBe("age=18-64");
    expect(find(facts, {area_code: "E92000001"})[0].value).toBe(83.9);
  });
});

describe("compiled trend layout and the 2023-24 renumbering", () => {
  const {facts} = parseAscof(fixture("ascof-trend.csv"), "ascof-trend.csv", {source_id: "ascof-trend", vintage: "trend"});

  it("holds 2B1 and 2D1 as one indicator, so Medway's series runs across the change", () => {
    const series = find(facts, {area_code: "E06000035", indicator_id: "ascof_reablement_91_day"}).map((f) => [f.period, f.value]);
    expect(series).toEqual([["2021-22", 61.7], ["2022-23", 69.6], ["2023-24", 71.1]]);
    expect(find(facts, {area_code: "E06000035", indicator_id: "ascof_short_term_outcome"}).map((f) => f.period)).toEqual(["2022-23", "2023-24"]);
  });

  it("reads the blank disaggregation and measure type of 2023-24 rows as Total and Outcome", () => {
    expect(find(facts, {period: "2023-24", area_code: "E06000035", indicator_id: "ascof_reablement_91_day"})[0].breakdown).toBe("total");
  });

  it("recodes a council that became unitary on the same boundary (North Yorkshire)", () => {
    expect(find(facts, {indicator_id: "ascof_reablement_91_day", area_code: "E06000065"}).map((f) => f.period)).toEqual(["2022-23", "2023-24"]);
  });

  it("records the code history and the series break in the catalogue", () => {
    expect(ascofCodeHistory("ascof_reablement_91_day")).toEqual([{code: "2B1", to: "2022-23"}, {code: "2D1", from: "2023-24"}]);
    expect(indicatorById("ascof_reablement_91_day")!.series_breaks![0]).toMatchObject({period: "2023-24"});
    expect(indicatorById("ascof_short_term_outcome")!.codes).toEqual([{code: "2D", to: "2022-23"}, {code: "2A", from: "2023-24"}]);
  });

  it("treats a reused code by its period: 1B is control over daily life before 2023-24 and the adjusted quality of life after", () => {
    expect(ascofIndicatorFor("1B", "2022-23")).toBe("ascof_control_daily_life");
    expect(ascofIndicatorFor("1B", "2023-24")).toBe("ascof_quality_of_life_adjusted");
    expect(ascofIndicatorFor("2A", "2022-23")).toBeUndefined();
    expect(ascofBreakdown("85 and over")).toBe("age=85+");
  });
});

describe("bad input: a located error and nothing returned", () => {
  const good = readFileSync("test/fixtures/reablement/ascof-annual.csv", "utf-8");
  const options = {source_id: "s", vintage: "2020-21", period: "2020-21"};

  it("a truncated file (cut inside a quoted field)", () => {
    expectDataError(() => parseAscof(text(good.slice(0, good.indexOf("Denominator") + 40)), "cut.csv", options), {file: "cut.csv", message: /truncated/});
  });

  it("a truncated file (cut mid-row)", () => {
    const cut = good.split("\n").slice(0, 4).join("\n") + "\n312,Trafford,Council,E08000009,2B1";
    expectDataError(() => parseAscof(text(cut), "cut.csv", options), {file: "cut.csv", row: 5, message: /truncated/});
  });

  it("an HTML error page saved as .csv", () => {
    expectDataError(() => parseAscof(text("<!DOCTYPE html><html><head><title>Page not found</title></head><body>404</body></html>"), "ascof.csv", options), {file: "ascof.csv", message: /HTML page.*Page not found/});
  });

  it("a renamed column", () => {
    expectDataError(() => parseAscof(text(good.replace("Measure Value", "Value")), "renamed.csv", options), {file: "renamed.csv", row: 1, column: "Measure Value", message: /required column is missing/});
  });

  it("a missing column", () => {
    const lines = good.trim().split("\n").map((l) => l.split(",").filter((_, i) => i !== 3).join(","));
    expectDataError(() => parseAscof(text(lines.join("\n")), "missing.csv", options), {column: "ONS Code"});
  });

  it("a non-numeric value, naming row and column", () => {
    const bad = good.replace("Outcome,88.9", "Outcome,n/a");
    const error = expectDataError(() => parseAscof(text(bad), "bad.csv", options), {file: "bad.csv", row: 2, column: "Measure Value"});
    expect(error.message).toContain("found 'n/a'");
  });

  it("an unknown area code and an unknown measure", () => {
    expectDataError(() => parseAscof(text(good.replace(",E08000009,2B1,Total,Outcome,88.9", ",E08999999,2B1,Total,Outcome,88.9")), "bad.csv", options), {row: 2, column: "ONS Code"});
    expectDataError(() => parseAscof(text(good.replace("Outcome,66.2,3A", "Outcome,66.2,9Z")), "bad.csv", options), {row: 12, column: "Measure Group", message: /not in the catalogue/});
  });
});

const REAL = "../shared/data/real/ascof";
const hasReal = existsSync(REAL);
if (!hasReal) console.warn(`skipping the real-file ASCOF tests: ${REAL} is absent (it exists beside the project in CI)`);

describe.skipIf(!hasReal)("real published ASCOF files", () => {
  let trend: FactRow[] | undefined;
  const trendFacts = () => (trend ??= parseAscof(new Uint8Array(readFileSync(`${REAL}/trend_data.csv`)), "trend_data.csv", {source_id: "ascof-trend", vintage: "trend"}).facts);

  it("the official 2020-21 file matches the publication: Trafford 2B1 88.9 = 160 / 180", () => {
    const {facts} = parseAscof(new Uint8Array(readFileSync(`${REAL}/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx`)), "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx", {source_id: "ascof-2020-21", vintage: "2020-21", period: "2020-21"});
    expect(find(facts, {area_code: "E08000009", indicator_id: "ascof_reablement_91_day", breakdown: "total"})[0]).toMatchObject({value: 88.9, numerator: 160, denominator: 180, status: "ok"});
    expect(find(facts, {area_code: "E08000009", indicator_id: "ascof_reablement_91_day", breakdown: "age=65-74"})[0]).toMatchObject({value: 90.5, numerator: 38, denominator: 42});
    // Every council of the 2020-21 geography, the nine regions and England are present for 2B1.
    const areas = new Set(find(facts, {indicator_id: "ascof_reablement_91_day", breakdown: "total"}).map((f) => f.area_code));
    expect(areas.size).toBeGreaterThanOrEqual(150 + 9 + 1);
    expect(facts.filter((f) => f.status === "suppressed").length).toBeGreaterThan(0);
    // Numerator over denominator reproduces the published percentage wherever all three are given.
    for (const f of facts.filter((f) => f.value !== null && f.numerator !== null && f.denominator && ["ascof_reablement_91_day", "ascof_reablement_offered"].includes(f.indicator_id))) {
      expect(Math.abs((f.numerator! / f.denominator!) * 100 - f.value!)).toBeLessThan(0.051);
    }
  });

  it("the compiled trend file gives one unbroken Medway series for the 91-day measure, 2017-18 to 2023-24", () => {
    const facts = trendFacts();
    const series = find(facts, {area_code: "E06000035", indicator_id: "ascof_reablement_91_day", breakdown: "total"}).map((f) => f.period);
    expect(series).toEqual(["2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]);
    expect(find(facts, {area_code: "E92000001", indicator_id: "ascof_reablement_offered", period: "2022-23"})[0].value).toBe(2.9);
  });

  it("the renumbering map keeps England's values continuous across 2022-23 and 2023-24", () => {
    const facts = trendFacts();
    const england = (id: string, period: string) => find(facts, {area_code: "E92000001", indicator_id: id, period})[0]?.value;
    // A mapped measure moves by little between years; a wrong mapping (e.g. 1B to 1B) jumps by orders of magnitude.
    for (const id of ["ascof_control_daily_life", "ascof_quality_of_life_adjusted", "ascof_satisfaction_service_users", "ascof_satisfaction_carers", "ascof_short_term_outcome", "ascof_admissions_65_plus", "ascof_reablement_91_day", "ascof_reablement_offered", "ascof_ld_own_home", "ascof_direct_payments_users", "ascof_social_contact_users"]) {
      const before = england(id, "2022-23") ?? england(id, "2021-22");
      const after = england(id, "2023-24");
      expect(before, id).toBeDefined();
      expect(after, id).toBeDefined();
      expect(Math.abs(after! - before!) / Math.max(Math.abs(before!), 1), id).toBeLessThan(0.25);
    }
  });

  it("catalogue polarity agrees with the published measure directions", () => {
    const lines = readFileSync(`${REAL}/measure_direction.csv`, "utf-8").replace(/^\uFEFF/, "").trim().split(/\r?\n/).slice(1);
    const direction = (fragment: string) => lines.find((l) => l.toLowerCase().includes(fragment))?.split(",").pop();
    expect(direction("overall satisfaction of people who use services")).toBe("Higher is better");
    expect(indicatorById("ascof_satisfaction_service_users")!.polarity).toBe("high_is_good");
    const admissions = lines.find((l) => /admission/i.test(l));
    if (admissions) expect(admissions.endsWith("Lower is better")).toBe(true);
    expect(indicatorById("ascof_admissions_65_plus")!.polarity).toBe("low_is_good");
  });
});
