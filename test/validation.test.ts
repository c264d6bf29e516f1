/**
 * The validation layer (loaders/validation.ts), on the cases of issue 12 that a parser alone lets
 * through: each is a fixture in the publisher's own layout (test/fixtures/<family>/), refused through
 * `npm run data -- ingest` with a located message while a previous good output stays byte for byte.
 * Then the rules one by one on canonical rows, the snapshot assembly (a truncated release after the
 * release before it, a retrieval dated in the future), and every real published file in
 * ../shared/data/real passing (skipped, with a note, when that folder is absent).
 */
import {copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {gzipSync} from "node:zlib";
import {beforeAll, describe, expect, it} from "vitest";
import type {CanonicalTables, CqcLocationRow, FactRow, RowOrigin} from "../loaders/model.ts";
import {withLocations} from "../loaders/model.ts";
import {buildSnapshot, readManifest, type Manifest, type ManifestEntry} from "../loaders/snapshot.ts";
import {sourceById} from "../loaders/sources.ts";
import {DataError} from "../loaders/validate.ts";
import {areaNameProblem, checkAreaName} from "../loaders/area-names.ts";
import {
  KNOWN_CAVEATS, RULES, ValidationError, Validator, councilsOfTheDay, coverageStats, formatValidationSummary, periodStart, releaseBefore, textEndingOfFile,
  type FileToValidate
} from "../loaders/validation.ts";
import {cli, expectIngestRefused} from "./support/cli.ts";

const FIXTURES = "test/fixtures";
const REAL = "../shared/data/real";



function caught(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error("expected a DataError, but nothing was refused");
}

async function caughtAsync(run: () => Promise<unknown>): Promise<DataError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error("expected a DataError, but nothing was refused");
}

const fact = (extra: Partial<FactRow>): FactRow => ({
  indicator_id: "ascof_reablement_91_day", area_code: "E08000009", period: "2020-21", breakdown: "total", value: 88.9, numerator: 160, denominator: 180,
  status: "ok", source_id: "ascof-2020-21", vintage: "2020-21", ...extra
});

/** The findings the validator gives one file of facts (row numbers from `rows`, in order, when given). */
function findings(facts: FactRow[], extra: Partial<FileToValidate> = {}, rows?: number[]) {
  const locations = new Map<object, RowOrigin>();
  facts.forEach((f, i) => rows && locations.set(f, {row: rows[i], column: "Measure Value"}));
  const tables = withLocations({facts} as CanonicalTables, locations);
  return new Validator({now: new Date("2026-12-03T12:00:00Z")}).findings({file: "x.csv", source: sourceById("ascof-2020-21"), tables, ...extra});
}

// ---------------------------------------------------------------------------------------------
// The cases, through ingest

describe("the issue's cases through npm run data -- ingest: refused, located, --out untouched", () => {
  let template: string;
  beforeAll(async () => {
    // A previous good ingest: every refused case must leave it byte for byte.
    template = path.join(mkdtempSync(path.join(tmpdir(), "asc-validation-")), "good");
    const {code, stdout} = await cli("ingest", "ascof-2020-21", `${FIXTURES}/reablement/ascof-annual.csv`, "--out", template);
    expect(code).toBe(0);
    expect(JSON.parse(stdout.trim()).validation).toMatchObject({rules: RULES.length, violations: 0});
  }, 120_000);

  const cases: [string, string, string, RegExp][] = [
    ["an ASCOF CSV cut mid-row, without a final line break (935 of 48,970 rows of the official 2020-21 file)", "ascof-2020-21", "reablement/ascof-2020-21-cut-mid-row.csv",
      /ascof-2020-21-cut-mid-row\.csv: the file does not end with a line break: it looks cut short.*expected a complete download.*\[rule text-ends-with-line-break\]/],
    ["a SAC CSV cut inside its last value (3405 became 34)", "sac-2021-22", "safeguarding/sac-2021-22-cut-last-value.csv",
      /sac-2021-22-cut-last-value\.csv: the file does not end with a line break.*3405 as 34/],
    ["a second Numerator row for the same measure and council with a different value", "ascof-2020-21", "reablement/ascof-second-numerator.csv",
      /ascof-second-numerator\.csv row 5 column 'Measure Value': a second Numerator row for the same measure, area, period and disaggregation, with a different value \(found '150'\); expected one Numerator row \(row 3 gives 160\)/],
    ["a negative numerator", "ascof-2020-21", "reablement/ascof-negative-numerator.csv",
      /ascof-negative-numerator\.csv row 3 column 'Measure Value': ascof_reablement_91_day, E08000009, 2020-21: a negative numerator \(found '-160'\); expected a numerator of 0 or more/],
    ["a negative denominator", "ascof-2020-21", "reablement/ascof-negative-denominator.csv",
      /ascof-negative-denominator\.csv row 4 column 'Measure Value': ascof_reablement_91_day, E08000009, 2020-21: a negative denominator \(found '-180'\)/],
    ["a numerator larger than its denominator", "ascof-2020-21", "reablement/ascof-numerator-above-denominator.csv",
      /ascof-numerator-above-denominator\.csv row 3 column 'Measure Value': ascof_reablement_91_day, E08000009, 2020-21: the numerator 200 is larger than the denominator 180 \(found '200'\)/],
    ["an outcome of 188.9% on a percentage measure", "ascof-2020-21", "reablement/ascof-outcome-188-9.csv",
      /ascof-outcome-188-9\.csv row 2 column 'Measure Value': ascof_reablement_91_day, E08000009, 2020-21: a percentage outside 0 to 100 \(found '188\.9'\); expected a percentage from 0 to 100/],
    ["'50%' as a count of concerns", "sac-2021-22", "safeguarding/sac-2021-22-percent-count.csv",
      /sac-2021-22-percent-count\.csv row 8 column 'VALUE': a percentage where SAC publishes a count \(found '50%'\)/],
    ["'50%' in an ASCOF Numerator row", "ascof-2020-21", "reablement/ascof-percent-numerator.csv",
      /ascof-percent-numerator\.csv row 3 column 'Measure Value': a percentage in a Numerator row \(found '50%'\)/],
    ["more Section 42 enquiries than concerns", "sac-2021-22", "safeguarding/sac-2021-22-s42-above-concerns.csv",
      /sac-2021-22-s42-above-concerns\.csv row 9 column 'VALUE': sac_s42_enquiries, E06000035, 2021-22: 2505 Section 42 and 120 other enquiries, 2625 in all, are more than the 2055 concerns \(row 8\)/],
    ["Medway on Trafford's code in an ASCOF CSV", "ascof-2020-21", "reablement/ascof-medway-on-trafford-code.csv",
      /ascof-medway-on-trafford-code\.csv row 2 column 'Geographical Description': the name does not match the area code E08000009 \(found 'Medway'\); expected a name of Trafford .*'Medway' is Medway, E06000035/],
    ["'Atlantis' in an ASCOF CSV", "ascof-2020-21", "reablement/ascof-atlantis.csv",
      /ascof-atlantis\.csv row 2 column 'Geographical Description': the name does not match the area code E08000009 \(found 'Atlantis'\); expected a name of Trafford/],
    ["a Year column spanning 2021-22 to 2023-24 in a single-year source", "ascof-2021-22", "reablement/ascof-trend-2021-22-to-2023-24.csv",
      /ascof-trend-2021-22-to-2023-24\.csv row 5 column 'Year': ascof_reablement_91_day, E08000009, 2022-23: a fact for 2022-23 in the single-year release for 2021-22 \(found '2022-23'\)/],
    ["an assessment dated 2099", "cqc-la-assessments", "cqc/la-assessments-2099.csv",
      /la-assessments-2099\.csv row 2 column 'report_date': the assessment of E06000035 is dated in the future \(found '2099-01-10'\); expected a date on or before today/],
    ["a SAC file cut at a line boundary, far smaller than the release before it (sac-2020-21 in data/manifest.json)", "sac-2021-22", "safeguarding/sac-2021-22-small.csv",
      /sac-2021-22-small\.csv: the file gives 38 rows where the release before it, sac-2020-21 \(safeguarding\/sac-2020-21\.csv\), gives 18256: it covers far less, and looks truncated/]
  ];

  it.each(cases)("%s", async (_, sourceId, fixture, message) => {
    const dir = mkdtempSync(path.join(tmpdir(), "asc-validation-case-"));
    const out = path.join(dir, "out");
    cpSync(template, out, {recursive: true});
    await expectIngestRefused(sourceId, `${FIXTURES}/${fixture}`, out, message);
    expect(readdirSync(dir).filter((name) => name.startsWith(".ingest-"))).toEqual([]);
  }, 60_000);

  it("accepts 'Medway Towns' on Medway's code, and prints what the validation checked", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "asc-validation-ok-")), "out");
    const {code, stdout} = await cli("ingest", "ascof-2020-21", `${FIXTURES}/reablement/ascof-medway-towns.csv`, "--out", out);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim());
    expect(summary).toMatchObject({rows: 1, areas: 1, validation: {facts: 1, violations: 0, caveats: []}});
    expect(existsSync(path.join(out, "facts.arrow"))).toBe(true);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// The rules, one by one

describe("plausibility rules on canonical rows", () => {
  it("accepts a value that agrees with its counts within the publisher's rounding, counts rounded to 5 included", () => {
    expect(findings([fact({})])).toEqual([]); // Trafford 2B1 2020-21: 88.9 = 160 / 180
    // Real 2014-15 ASCOF: 53.8% beside counts rounded to 5 (5 of 15): the true counts can be 7 of 13.
    expect(findings([fact({value: 53.8, numerator: 5, denominator: 15})])).toEqual([]);
    // Counts that are not multiples of 5 are taken as rounded to a whole number: 161 / 181 = 88.95 may be published as 88.8 (160.5 / 181.5 = 88.43).
    expect(findings([fact({value: 88.8, numerator: 161, denominator: 181})])).toEqual([]);
    expect(findings([fact({value: 88.3, numerator: 161, denominator: 181})]).map((f) => f.rule)).toEqual(["value-matches-fraction"]);
  });

  it("refuses a value that disagrees with its own numerator and denominator, naming both", () => {
    const [finding] = findings([fact({value: 50})], {}, [2]);
    expect(finding).toMatchObject({rule: "value-matches-fraction", where: {file: "x.csv", row: 2, column: "Measure Value"}, value: 50});
    expect(finding.problem).toMatch(/160 \/ 180 x 100 = 88\.889/);
  });

  it("refuses a count that is not whole, and any negative value", () => {
    const concerns = fact({indicator_id: "sac_concerns", value: 12.5, numerator: null, denominator: null, source_id: "sac-2021-22", period: "2021-22"});
    expect(findings([concerns], {source: sourceById("sac-2021-22")}).map((f) => f.rule)).toEqual(["counts-whole"]);
    expect(findings([fact({indicator_id: "ascof_admissions_65_plus", value: -1, numerator: null, denominator: null})]).map((f) => f.rule)).toEqual(["non-negative"]);
  });

  it("keeps percentages of shares and scores within 0 to 100, but lets a rate in per cent pass 100 (staff turnover)", () => {
    expect(findings([fact({value: 100.1, numerator: null, denominator: null})]).map((f) => f.rule)).toEqual(["percentage-range"]);
    const turnover = fact({indicator_id: "workforce-turnover-rate", value: 120, numerator: null, denominator: null, source_id: "oflog-asc-data", period: "2020-21"});
    expect(findings([turnover], {source: sourceById("oflog-asc-data")})).toEqual([]);
  });

  it("records the four ASCOF outcomes published above 100% as caveats, and no other fact like them", () => {
    const published = fact({indicator_id: "ascof_reablement_91_day", area_code: "E10000015", period: "2015-16", breakdown: "age=75-84", value: 103.4, numerator: 152, denominator: 147, source_id: "ascof-2015-16"});
    const validator = new Validator();
    const tables = {facts: [published]};
    expect(validator.findings({file: "ascof-open-data-2015-16.csv.gz", source: sourceById("ascof-2015-16"), tables})).toEqual([]);
    expect(validator.summary().caveats.map((c) => [c.rule, c.count])).toEqual([["numerator-within-denominator", 1], ["percentage-range", 1]]);
    // The published figure is a caveat in whatever file carries it (the annual files joined, as the memory bench ingests them) ...
    expect(findings([{...published, source_id: "ascof-trend"}], {source: sourceById("ascof-trend")})).toEqual([]);
    // ... but the same outcome for another council, or with other counts, is refused.
    expect(findings([{...published, area_code: "E08000009"}], {source: sourceById("ascof-2015-16")}).map((f) => f.rule)).toEqual(["numerator-within-denominator", "percentage-range"]);
    expect(findings([{...published, numerator: 153}], {source: sourceById("ascof-2015-16")}).map((f) => f.rule)).toContain("percentage-range");
  });

  it("lists every caveat against a rule of RULES", () => {
    const ids = new Set(RULES.map((r) => r.id));
    for (const caveat of KNOWN_CAVEATS) expect(ids.has(caveat.rule), caveat.rule).toBe(true);
  });
});

describe("consistency rules on canonical rows", () => {
  const sac = (indicator_id: string, value: number | null, breakdown = "total") =>
    fact({indicator_id, value, numerator: null, denominator: null, breakdown, area_code: "E06000035", period: "2021-22", source_id: "sac-2021-22", vintage: "2021-22", status: value === null ? "suppressed" : "ok"});

  it("refuses Section 42 and other enquiries above the concerns, alone or together, and accepts them within", () => {
    const sacSource = {source: sourceById("sac-2021-22")};
    expect(findings([sac("sac_concerns", 2055), sac("sac_s42_enquiries", 724), sac("sac_other_enquiries", 120)], sacSource)).toEqual([]);
    expect(findings([sac("sac_concerns", 2055), sac("sac_s42_enquiries", 2100), sac("sac_other_enquiries", null)], sacSource).map((f) => f.rule)).toEqual(["enquiries-within-concerns"]);
    expect(findings([sac("sac_concerns", 1000), sac("sac_s42_enquiries", 700), sac("sac_other_enquiries", 400)], sacSource).map((f) => f.rule)).toEqual(["enquiries-within-concerns"]);
  });

  it("refuses a second value for one fact within a file, and notes the same value given twice", () => {
    expect(findings([fact({}), fact({value: 80, numerator: null, denominator: null})], {}, [2, 9]).map((f) => [f.rule, f.where.row, f.problem.includes("the first is row 2")])).toEqual([["one-value-per-fact", 9, true]]);
    const validator = new Validator();
    expect(validator.findings({file: "x.csv", source: sourceById("ascof-2020-21"), tables: {facts: [fact({}), fact({})]}})).toEqual([]);
    expect(validator.summary().caveats).toMatchObject([{rule: "one-value-per-fact", count: 1}]);
  });

  it("refuses another year in a single-year source, naming the Year column the parser read", () => {
    const [finding] = findings([fact({period: "2022-23"})], {source: sourceById("ascof-2020-21")});
    expect(finding).toMatchObject({rule: "single-year-period", value: "2022-23"});
    // A time series (DHSC's ODS) and a compilation (the trend file) hold many years.
    expect(sourceById("ascof-2024-25")!.period).toBeUndefined();
    expect(sourceById("ascof-trend")!.period).toBeUndefined();
    expect(sourceById("sac-2021-22")!.period).toBe("2021-22");
  });

  it("checks an area's name against its code: Medway Towns is Medway; Medway is not Trafford; Atlantis is nothing", () => {
    expect(areaNameProblem("E06000035", "Medway Towns")).toBeUndefined();
    expect(areaNameProblem("E12000006", "Eastern")).toBeUndefined(); // ASCOF to 2018-19
    expect(areaNameProblem("E12000006", "EAST")).toBeUndefined(); // ONS mid-year estimates
    expect(areaNameProblem("E10000009", "Dorset County")).toBeUndefined(); // the retired county, as DHSC's ODS names it
    expect(areaNameProblem("E92000001", "England")).toBeUndefined();
    expect(areaNameProblem("E08000009", "Medway")).toMatch(/Trafford.*'Medway' is Medway, E06000035/);
    const error = caught(() => checkAreaName("E08000009", "Atlantis", {file: "f.csv", row: 7, column: "LA_NAME"}));
    expect(error).toMatchObject({file: "f.csv", row: 7, column: "LA_NAME", value: "Atlantis"});
    expect(areaNameProblem("E12000008", "London")).toMatch(/South East/);
  });

  it("applies the name rule in SAC's LA_NAME and ASCOF's Geographical Description as the rows are read", () => {
    const sac = readFileSync(`${FIXTURES}/safeguarding/sac-2021-22-small.csv`, "utf8").replace("E06000035,821,Medway,SG1f,Safeguarding Concerns", "E06000035,821,Atlantis,SG1f,Safeguarding Concerns");
    const error = caught(() => sourceById("sac-2021-22")!.parse(new TextEncoder().encode(sac), "sac.csv"));
    expect(error).toMatchObject({file: "sac.csv", row: 8, column: "LA_NAME", value: "Atlantis"});
    expect(error.message).toMatch(/the name does not match the area code E06000035.*expected a name of Medway/);
    const tables = sourceById("ascof-2020-21")!.parse(readFileSync(`${FIXTURES}/reablement/ascof-medway-towns.csv`), "medway.csv") as CanonicalTables;
    expect(tables.facts).toMatchObject([{area_code: "E06000035", value: 72, numerator: 180, denominator: 250}]);
    // The parser says where each fact was read; the locations are no table (not a key of the tables).
    expect(tables.locations!.get(tables.facts[0])).toEqual({row: 2, sheet: undefined, column: "Measure Value", parts: {numerator: {row: 3, column: "Measure Value"}, denominator: {row: 4, column: "Measure Value"}}, period_column: undefined});
    expect(Object.keys(tables)).toEqual(["facts"]);
  });
});

describe("date rules", () => {
  const validator = () => new Validator({now: new Date("2026-12-03T06:00:00Z")});
  const location = (extra: Partial<CqcLocationRow>): CqcLocationRow => ({
    location_id: "1-101", area_code: "E06000035", service_type: "Care home", care_home: true, beds: 10, rating: "Good", rating_date: "2026-03-31",
    source_id: "cqc-care-directory-2026-04", vintage: "2026-04-01", ...extra
  });

  it("refuses a rating dated in the future or after the edition that lists it, located by the parser's row", () => {
    const rows = [location({rating_date: "2099-01-01"}), location({location_id: "1-102", rating_date: "2026-04-02"})];
    const tables = withLocations({facts: [], cqc_locations: rows} as CanonicalTables, new Map<object, RowOrigin>([[rows[0], {row: 12, sheet: "HSCA_Active_Locations", column: "Publication Date"}]]));
    const found = validator().findings({file: "care.ods", source: sourceById("cqc-care-directory-2026-04"), tables});
    expect(found.map((f) => [f.rule, f.where.row, f.value])).toEqual([["no-future-dates", 12, "2099-01-01"], ["rating-within-edition", 12, "2099-01-01"], ["rating-within-edition", undefined, "2026-04-02"]]);
    expect(found[0].where).toMatchObject({file: "care.ods", sheet: "HSCA_Active_Locations", column: "Publication Date"});
  });

  it("refuses a retrieval dated after today, naming the manifest and the file; today itself passes", () => {
    const check = (at: string) => validator().findings({file: "x.csv", tables: {facts: []}, retrieved: {at, manifest: "data/manifest.json", entry: "reablement/x.csv"}});
    expect(check("2026-12-03T00:00:00.000Z")).toEqual([]);
    expect(check("2099-01-01T00:00:00.000Z")).toMatchObject([{rule: "no-future-dates", where: {file: "data/manifest.json", column: "retrieved_at"}, problem: "the retrieval of reablement/x.csv is dated in the future"}]);
  });

  it("reads periods and partial dates from their first day", () => {
    expect(periodStart("2023-24")).toBe("2023-04-01");
    expect(periodStart("2025-10")).toBe("2025-10-01");
    expect(periodStart("2099-01-10")).toBe("2099-01-10");
    expect(periodStart("mid-2022")).toBe("2022-06-30");
  });
});

describe("coverage rules", () => {
  it("counts the councils of the day across the reorganisations since 2019", () => {
    expect(councilsOfTheDay("2014-04-01")).toBe(152);
    expect(councilsOfTheDay("2019-04-01")).toBe(151); // Bournemouth, Christchurch and Poole; Dorset
    expect(councilsOfTheDay("2021-04-01")).toBe(152); // North and West Northamptonshire
    expect(councilsOfTheDay("2023-04-01")).toBe(153); // Cumberland, Westmorland and Furness
  });

  it("finds the release before a file in the manifest: the latest earlier one, or for ingest the one immediately before", () => {
    const manifest = readManifest();
    expect(releaseBefore({source_id: "ascof-2020-21", vintage: "2020-21"}, manifest)?.source_id).toBe("ascof-2018-19");
    expect(releaseBefore({source_id: "ascof-2020-21", vintage: "2020-21"}, manifest, {adjacent: true})).toBeUndefined(); // no 2019-20 file
    expect(releaseBefore({source_id: "ascof-2021-22", vintage: "2021-22"}, manifest, {adjacent: true})?.source_id).toBe("ascof-2020-21");
    expect(releaseBefore({source_id: "sac-2021-22", vintage: "2021-22"}, manifest)?.source_id).toBe("sac-2020-21");
    expect(releaseBefore({source_id: "ons-mye-2016", vintage: "mid-2016"}, manifest)?.source_id).toBe("ons-mye-2015");
    expect(releaseBefore({source_id: "cqc-care-directory-2026-05", vintage: "2026-05-05"}, manifest)?.source_id).toBe("cqc-care-directory-2026-04");
    expect(releaseBefore({source_id: "ascof-2024-25", vintage: "2024-25"}, manifest)).toBeUndefined(); // DHSC's ODS: a layout of its own
    expect(releaseBefore({source_id: "ascof-2014-15", vintage: "2014-15"}, manifest)).toBeUndefined();
  });

  it("refuses a measure given for far fewer councils than the release before gave it", () => {
    const councils = ["E08000009", "E06000035", "E10000016", "E09000001"];
    const stats = (n: number, period: string) => coverageStats({facts: councils.slice(0, n).map((area_code) => fact({area_code, period}))});
    const validator = new Validator();
    expect(() => validator.checkCoverage("b.csv", stats(4, "2021-22"), {entry: {source_id: "ascof-2020-21", file: "a.csv", vintage: "2020-21"}, stats: stats(4, "2020-21")})).not.toThrow();
    expect(() => validator.checkCoverage("b.csv", stats(2, "2021-22"), {entry: {source_id: "ascof-2020-21", file: "a.csv", vintage: "2020-21"}, stats: stats(2, "2020-21")})).not.toThrow();
    const error = caught(() => validator.checkCoverage("b.csv", stats(1, "2021-22"), {entry: {source_id: "ascof-2020-21", file: "a.csv", vintage: "2020-21"}, stats: stats(4, "2020-21")}));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/b\.csv: the file gives 1 rows where the release before it, ascof-2020-21 \(a\.csv\), gives 4/);
    expect(error.message).toMatch(/ascof_reablement_91_day is given for 1 of the 152 councils of 2021-22/);
  });

  it("tells how a text file ends, through gzip, and says nothing of workbooks and JSON", async () => {
    expect(await textEndingOfFile("data/raw/reablement/ascof-open-data-2018-19.csv.gz")).toBe("line_break");
    expect(await textEndingOfFile(`${FIXTURES}/reablement/ascof-2020-21-cut-mid-row.csv`)).toBe("none");
    const dir = mkdtempSync(path.join(tmpdir(), "asc-ending-"));
    writeFileSync(path.join(dir, "cut.csv.gz"), gzipSync(readFileSync(`${FIXTURES}/safeguarding/sac-2021-22-cut-last-value.csv`)));
    expect(await textEndingOfFile(path.join(dir, "cut.csv.gz"))).toBe("none");
    expect(await textEndingOfFile("data/raw/reablement/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx")).toBeUndefined();
    expect(await textEndingOfFile("data/raw/geography/cipfa-nearest-neighbours-oflog.json")).toBeUndefined();
  });

  it("accepts a group list without a final line break, as a caveat (NHS England's Trafford list is published so)", () => {
    const validator = new Validator();
    expect(validator.findings({file: "trafford_nhsennpg.csv", source: sourceById("comparators-nhse-peer"), tables: {facts: [], groups: []}, ending: "none"})).toEqual([]);
    expect(validator.summary().caveats).toMatchObject([{rule: "text-ends-with-line-break", count: 1}]);
  });
});

// ---------------------------------------------------------------------------------------------
// The snapshot assembly

describe("buildSnapshot runs the validation layer on every file", () => {
  function rawDirWith(files: Record<string, string | Buffer>): string {
    const dir = mkdtempSync(path.join(tmpdir(), "asc-validation-raw-"));
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), {recursive: true});
      if (typeof content === "string" && existsSync(content)) copyFileSync(content, path.join(dir, name));
      else writeFileSync(path.join(dir, name), content);
    }
    return dir;
  }
  const entry = (source_id: string, file: string, extra: Partial<ManifestEntry> = {}): ManifestEntry => ({
    source_id, file, url: "https://example.org", vintage: sourceById(source_id)!.vintage, retrieved_at: "2026-01-01T00:00:00.000Z",
    sha256: "", bytes: 0, rows: 0, sample: false, seeded: "", illustrative: "", ...extra
  });

  it("refuses a release cut at a line boundary that covers far less than the release before it", async () => {
    const cut = readFileSync(`${FIXTURES}/reablement/ascof-2020-21-cut-mid-row.csv`, "utf8");
    const whole = cut.slice(0, cut.lastIndexOf("\n") + 1); // the partial last row dropped: it ends with a line break
    const rawDir = rawDirWith({"reablement/2018-19.csv.gz": "data/raw/reablement/ascof-open-data-2018-19.csv.gz", "reablement/2020-21.csv": whole});
    const manifest: Manifest = {generated_at: "2026-01-01T00:00:00.000Z", files: [entry("ascof-2018-19", "reablement/2018-19.csv.gz"), entry("ascof-2020-21", "reablement/2020-21.csv")]};
    const error = await caughtAsync(() => buildSnapshot(manifest, rawDir));
    expect(error.message).toMatch(/2020-21\.csv: the file gives \d+ rows where the release before it, ascof-2018-19 \(reablement\/2018-19\.csv\.gz\), gives 17333: it covers far less, and looks truncated/);
    expect(error.message).toMatch(/rule rows-against-release-before/);
  }, 120_000);

  it("refuses a file the manifest says was retrieved in the future, and carries the summary when all pass", async () => {
    const rawDir = rawDirWith({"reablement/x.csv": `${FIXTURES}/reablement/ascof-annual.csv`});
    const future = {generated_at: "2026-01-01T00:00:00.000Z", files: [entry("ascof-2020-21", "reablement/x.csv", {retrieved_at: "2099-01-01T00:00:00.000Z"})]};
    const error = await caughtAsync(() => buildSnapshot(future, rawDir));
    expect(error).toMatchObject({file: "data/manifest.json", column: "retrieved_at", value: "2099-01-01T00:00:00.000Z"});
    expect(error.message).toMatch(/the retrieval of reablement\/x\.csv is dated in the future/);

    const snapshot = await buildSnapshot({...future, files: [entry("ascof-2020-21", "reablement/x.csv")]}, rawDir);
    expect(snapshot.validation).toMatchObject({files: 1, violations: 0, caveats: []});
    expect(snapshot.validation!.facts).toBe(snapshot.facts.length);
    const lines = formatValidationSummary(snapshot.validation!);
    expect(lines[0]).toMatch(/^validation: 16 rules over 1 files \(7 facts, 0 other rows\), 0 violations, 0 caveats/);
    expect(lines.some((line) => /rule text-ends-with-line-break \(coverage\): 1 checked, 0 violations/.test(line))).toBe(true);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Every real file passes

const REAL_FILES: [string, string][] = [
  ["comparators-cipfa", "comparators/cipfa-nearest-neighbours-oflog.json"],
  ["comparators-nhse-peer", "comparators/trafford_nhsennpg.csv"],
  ["ascof-trend", "ascof/trend_data.csv"],
  ...["2014-15", "2015-16", "2016-17", "2017-18", "2018-19"].map((year): [string, string] => [`ascof-${year}`, `ascof/ascof-open-data-${year}.csv.gz`]),
  ["ascof-2020-21", "ascof/meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"],
  ["ascof-2024-25", "ascof/ascof-timeseries-2015-16-to-2024-25-dhsc.ods"],
  ...[2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022].map((year): [string, string] => [`ons-mye-${year}`, `population/mye-${year}.${year >= 2022 ? "xlsx" : "xls"}`]),
  ["oflog-asc-data", "workforce/oflog-asc-data.csv"],
  ["cqc-latest-ratings", "cqc/cqc-latest-ratings-lincolnshire.csv"]
];
const hasReal = REAL_FILES.every(([, file]) => existsSync(path.join(REAL, file)));
if (!hasReal) console.warn(`skipping the real-file validation tests: ${REAL} is absent or incomplete (it exists beside the project in CI)`);

describe.skipIf(!hasReal)("every real published file in ../shared/data/real passes the validation layer", () => {
  it("assembles them all with no violation; what they break is recorded as caveats, with counts", async () => {
    const manifest: Manifest = {
      generated_at: "2026-12-03T00:00:00.000Z",
      files: REAL_FILES.map(([source_id, file]) => ({
        source_id, file, url: sourceById(source_id)!.url, vintage: sourceById(source_id)!.vintage, retrieved_at: "2026-12-03T00:00:00.000Z",
        sha256: "", bytes: 0, rows: 0, sample: false, seeded: "", illustrative: ""
      }))
    };
    const snapshot = await buildSnapshot(manifest, REAL);
    const summary = snapshot.validation!;
    console.info(formatValidationSummary(summary).join("\n"));
    expect(summary.violations).toBe(0);
    expect(summary.files).toBe(REAL_FILES.length);
    expect(Object.fromEntries(summary.caveats.map((c) => [c.rule, c.count]))).toEqual({"numerator-within-denominator": 4, "percentage-range": 4, "text-ends-with-line-break": 1});
    const checked = Object.fromEntries(summary.rules.map((r) => [r.id, r.checked]));
    expect(checked["value-matches-fraction"]).toBeGreaterThan(70_000); // the ASCOF files' outcomes beside their counts
    expect(checked["single-year-period"]).toBeGreaterThan(50_000); // the annual ASCOF files
    expect(checked["councils-against-release-before"]).toBeGreaterThan(50); // 2014-15 to 2020-21, the mid-year estimates
    expect(checked["rating-within-edition"]).toBe(349); // CQC's Lincolnshire adult social care locations with a rating date
  }, 300_000);
});
