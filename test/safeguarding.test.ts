import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import type {FactRow} from "../loaders/model.ts";
import {DataError} from "../loaders/validate.ts";
import {parseSacCsv} from "../loaders/families/safeguarding/parse-sac-csv.ts";
import {parsePopulationMye} from "../loaders/families/safeguarding/parse-population-mye.ts";
import {deriveSafeguarding, populationPeriodFor} from "../loaders/families/safeguarding/derive.ts";
import {indicators} from "../loaders/families/safeguarding/indicators.ts";
import {derive, sacSource, sources} from "../loaders/families/safeguarding/sources.ts";
import {SAC_TABLES} from "../loaders/families/safeguarding/sac-tables.ts";

const FIXTURES = "test/fixtures/safeguarding";
const SMALL = `${FIXTURES}/sac-2021-22-small.csv`;
const smallText = readFileSync(SMALL, "utf8");
const bytes = (text: string) => new TextEncoder().encode(text);
const options = {source_id: "sac-2021-22", vintage: "2021-22"};

const parseSmall = () => parseSacCsv(readFileSync(SMALL), SMALL, options).facts;
/** The real mid-2021 MYE rows of England, the South East, Medway and Kent, in the publisher's workbook (test/support/mye-fixtures.ts). */
const MYE_2021 = `${FIXTURES}/mye-2021-small.xls`;
const population = () => parsePopulationMye(new Uint8Array(readFileSync(MYE_2021)), MYE_2021, {source_id: "ons-mye-2021", year: 2021}).facts;

function find(facts: readonly FactRow[], indicator_id: string, area_code: string, breakdown = "total", period = "2021-22"): FactRow | undefined {
  return facts.find((f) => f.indicator_id === indicator_id && f.area_code === area_code && f.breakdown === breakdown && f.period === period);
}

/** Run `parse` and return the DataError it throws (failing the test if it throws anything else or nothing). */
function dataError(parse: () => unknown): DataError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error("expected a DataError, but the file parsed");
}

/** The small fixture with one line's text replaced. */
function variant(find: string, replace: string, file = "data/raw/safeguarding/sac-2021-22.csv") {
  expect(smallText).toContain(find);
  return () => parseSacCsv(bytes(smallText.replace(find, replace)), file, options);
}

const lineOf = (text: string, needle: string) => text.split("\n").findIndex((line) => line.includes(needle)) + 1;

describe("parseSacCsv: the publisher's long CSV", () => {
  it("reads every row into one fact with the release's period and source", () => {
    const facts = parseSmall();
    expect(facts).toHaveLength(smallText.trim().split("\n").length - 1);
    for (const fact of facts) {
      expect(fact).toMatchObject({period: "2021-22", source_id: "sac-2021-22", vintage: "2021-22", numerator: null, denominator: null});
    }
  });

  it("maps SG1f totals to the concerns and enquiries indicators for England, regions and councils", () => {
    const facts = parseSmall();
    expect(find(facts, "sac_concerns", "E92000001")).toMatchObject({value: 541535, status: "ok"});
    expect(find(facts, "sac_s42_enquiries", "E12000008")).toMatchObject({value: 25370, status: "ok"});
    expect(find(facts, "sac_s42_enquiries", "E06000035")).toMatchObject({value: 724, status: "ok"});
    expect(find(facts, "sac_other_enquiries", "E06000035")).toMatchObject({value: 120, status: "ok"});
    // published with a thousands separator
    expect(find(facts, "sac_concerns", "E10000016")?.value).toBe(12345);
  });

  it("keeps [c] as suppressed and [x] as not available, with null values", () => {
    const facts = parseSmall();
    expect(find(facts, "sac_other_enquiries", "E12000008")).toMatchObject({value: null, status: "not_available"});
    expect(find(facts, "sac_other_enquiries", "E10000016")).toMatchObject({value: null, status: "suppressed"});
    expect(find(facts, "sac_s42_individuals", "E06000035", "age=95+")).toMatchObject({value: null, status: "suppressed"});
    expect(find(facts, "sac_concluded_s42", "E06000035", "type_of_risk=Modern Slavery;source_of_risk=Service Provider")).toMatchObject({value: null, status: "not_available"});
  });

  it("turns CATEGORY and SUBCATEGORY into dimension=value breakdowns", () => {
    const facts = parseSmall();
    expect(find(facts, "sac_s42_individuals", "E06000035", "age=18-64")?.value).toBe(310);
    expect(find(facts, "sac_s42_individuals", "E06000035", "gender=Female")?.value).toBe(395);
    expect(find(facts, "sac_s42_individuals", "E10000016", "ethnicity=Asian / Asian British")?.value).toBe(45);
    expect(find(facts, "sac_concluded_s42", "E06000035", "type_of_risk=Neglect and Acts of Omission;source_of_risk=Service Provider")?.value).toBe(130);
    expect(find(facts, "sac_concluded_s42", "E06000035", "location_of_risk=Own Home;source_of_risk=Other - Known to individual")?.value).toBe(290);
    expect(find(facts, "sac_concluded_s42", "E06000035", "risk_outcome=Risk removed")?.value).toBe(160);
    expect(find(facts, "sac_concluded_s42", "E06000035", "mental_capacity=Yes, they lacked capacity")?.value).toBe(210);
    expect(find(facts, "sac_concluded_s42", "E06000035", "msp_asked=Yes they were asked and outcomes were expressed")?.value).toBe(520);
    expect(find(facts, "sac_concluded_s42", "E06000035", "msp_outcome=Fully Achieved")?.value).toBe(375);
    expect(find(facts, "sac_sars", "E06000035", "sar_case=Where one or more individuals died")?.status).toBe("suppressed");
  });

  it("accepts header and label drift: BOM, CRLF, spaced lower-case headers, Local Authority / National, Kent's own labels, '*'", () => {
    const file = `${FIXTURES}/sac-drift.csv`;
    const facts = parseSacCsv(readFileSync(file), file, {source_id: "sac-2021-22", vintage: "2021-22"}).facts;
    expect(facts.map((f) => [f.indicator_id, f.area_code, f.breakdown, f.value, f.status])).toEqual([
      ["sac_concerns", "E92000001", "total", 541535, "ok"],
      ["sac_s42_individuals", "E10000016", "ethnicity=Black / African / Caribbean / Black British", 45, "ok"],
      ["sac_s42_individuals", "E10000016", "ethnicity=Undeclared / Not Known", 400, "ok"],
      ["sac_s42_individuals", "E10000016", "primary_support_reason=Support with Memory and Cognition", 170, "ok"],
      ["sac_concluded_s42", "E10000016", "type_of_risk=Self-Neglect", null, "suppressed"]
    ]);
  });

  it("reads a council retired since (Cumbria in a pre-2023 file) under its own code", () => {
    const text = `${smallText.split("\n")[0]}\nCouncil,Shire County,E12000002,North West,E10000006,102,Cumbria,SG1f,Safeguarding Concerns,Total,Total,4500\n`;
    const [fact] = parseSacCsv(bytes(text), "cumbria.csv", options).facts;
    expect(fact).toMatchObject({area_code: "E10000006", value: 4500});
  });
});

describe("parseSacCsv: bad input fails with the file, row and column", () => {
  const FILE = "data/raw/safeguarding/sac-2021-22.csv";

  it("a truncated download", () => {
    const cut = smallText.slice(0, smallText.indexOf("Kent,SG1f,Section 42") + 10);
    const error = dataError(() => parseSacCsv(bytes(cut), FILE, options));
    expect(error.file).toBe(FILE);
    expect(error.row).toBe(lineOf(smallText, "Kent,SG1f,Section 42"));
    expect(error.message).toMatch(/truncated/);
  });

  it("a file with a header and nothing else", () => {
    const error = dataError(() => parseSacCsv(bytes(smallText.split("\n")[0] + "\n"), FILE, options));
    expect(error).toMatchObject({file: FILE, row: 1});
    expect(error.message).toMatch(/no data rows/);
  });

  it("an HTML page saved as .csv", () => {
    const html = "<!DOCTYPE html><html><head><title>Page not found - NHS England Digital</title></head><body><h1>Not found</h1></body></html>";
    const error = dataError(() => parseSacCsv(bytes(html), FILE, options));
    expect(error.file).toBe(FILE);
    expect(error.message).toMatch(/HTML page/);
    expect(error.message).toContain("Page not found");
  });

  it("a renamed column: ENQUIRY_TYPE missing", () => {
    const error = dataError(variant("TABLE_REFERENCE,ENQUIRY_TYPE,", "TABLE_REFERENCE,ENQUIRY_KIND,"));
    expect(error).toMatchObject({file: FILE, row: 1, column: "ENQUIRY_TYPE"});
    expect(error.message).toContain("ENQUIRY_KIND");
  });

  it("a VALUE that is not a number, [c] or [x]", () => {
    const error = dataError(variant("Medway,SG1f,Other Enquiries,Total,Total,120", "Medway,SG1f,Other Enquiries,Total,Total,n/a"));
    expect(error).toMatchObject({file: FILE, row: lineOf(smallText, "Medway,SG1f,Other Enquiries"), column: "VALUE", value: "n/a"});
    expect(error.message).toBe(`${FILE} row ${error.row} column 'VALUE': not a number, [c] or [x] (found 'n/a'); expected a count, [c] (suppressed, under 5) or [x] (not available)`);
  });

  it("a VALUE that is not a whole count", () => {
    const error = dataError(variant("Medway,SG1f,Other Enquiries,Total,Total,120", "Medway,SG1f,Other Enquiries,Total,Total,12.5"));
    expect(error).toMatchObject({column: "VALUE", value: "12.5"});
  });

  it("an unknown council code", () => {
    const line = lineOf(smallText, "Kent,SG1c");
    const error = dataError(variant("E10000016,820,Kent,SG1c", "E10000099,820,Kent,SG1c"));
    expect(error).toMatchObject({file: FILE, row: line, column: "ONS_CODE", value: "E10000099"});
    expect(error.message).toMatch(/unknown area code/);
  });

  it("a CASSR code that names another council than the ONS code", () => {
    const error = dataError(variant("E06000035,821,Medway,SG5a", "E06000035,820,Medway,SG5a"));
    expect(error).toMatchObject({row: lineOf(smallText, "Medway,SG5a"), column: "LA_CODE", value: "820"});
    expect(error.message).toMatch(/Kent/);
  });

  it("a GEOGRAPHY level that contradicts the code", () => {
    const error = dataError(variant("Council,Shire County,E12000008,South East,E10000016,820,Kent,SG1c", "Region,Shire County,E12000008,South East,E10000016,820,Kent,SG1c"));
    expect(error).toMatchObject({column: "GEOGRAPHY", value: "Region"});
  });

  it("an unknown TABLE_REFERENCE", () => {
    const error = dataError(variant("Medway,SG5a,", "Medway,SG9z,"));
    expect(error).toMatchObject({file: FILE, row: lineOf(smallText, "Medway,SG5a"), column: "TABLE_REFERENCE", value: "SG9z"});
    expect(error.message).toMatch(/SG1f/);
  });

  it("an unknown ENQUIRY_TYPE, CATEGORY or SUBCATEGORY", () => {
    expect(dataError(variant("Medway,SG1f,Other Enquiries", "Medway,SG1f,Odd Enquiries"))).toMatchObject({column: "ENQUIRY_TYPE", value: "Odd Enquiries"});
    const category = dataError(variant("Modern Slavery,Service Provider", "Modern Slavry,Service Provider"));
    expect(category).toMatchObject({row: lineOf(smallText, "Modern Slavery"), column: "CATEGORY", value: "Modern Slavry"});
    expect(category.message).toMatch(/Neglect and Acts of Omission/);
    expect(dataError(variant("Own Home,Service Provider", "Own Home,Council"))).toMatchObject({column: "SUBCATEGORY", value: "Council"});
  });

  it("the same figure twice", () => {
    const line = smallText.split("\n").find((l) => l.includes("Medway,SG1f,Section 42"))!;
    const error = dataError(() => parseSacCsv(bytes(smallText + line + "\n"), FILE, options));
    expect(error).toMatchObject({row: smallText.trim().split("\n").length + 1, column: "VALUE"});
    expect(error.message).toContain(`first at row ${lineOf(smallText, "Medway,SG1f,Section 42")}`);
  });
});

describe("population source (ONS mid-year estimates; the parser's own tests are in population-mye.test.ts)", () => {
  it("reads adults 18+ and people 65+ per area with the mid-year as an ISO date", () => {
    const facts = population();
    expect(facts).toHaveLength(4 * 2); // England, South East, Medway, Kent; the district and Cardiff rows are left out
    expect(find(facts, "population_18_plus", "E06000035", "total", "2021-06-30")).toMatchObject({value: 216012, status: "ok", source_id: "ons-mye-2021", vintage: "mid-2021"});
    expect(find(facts, "population_18_plus", "E10000016", "total", "2021-06-30")?.value).toBe(1242310);
    expect(find(facts, "population_65_plus", "E06000035", "total", "2021-06-30")?.value).toBe(46332);
  });

  it("pairs each financial year with the mid-year estimate at its start", () => {
    expect(populationPeriodFor("2021-22")).toBe("2021-06-30");
  });
});

describe("derived measures (hand-worked)", () => {
  const derived = () => deriveSafeguarding([...parseSmall(), ...population()]);

  it("% of enquiries that are Section 42: Medway 2021-22 = 724 / 844 = 85.8% (seed 004 L1877)", () => {
    const fact = find(derived(), "sac_s42_share", "E06000035")!;
    expect(fact).toMatchObject({numerator: 724, denominator: 844, status: "derived", source_id: "derived:sac-2021-22", vintage: "2021-22"});
    expect(fact.value!.toFixed(1)).toBe("85.8");
  });

  it("conversion of concerns to enquiries: Medway (724 + 120) / 2,055 = 41.1%", () => {
    const fact = find(derived(), "sac_conversion_rate", "E06000035")!;
    expect(fact).toMatchObject({numerator: 844, denominator: 2055});
    expect(fact.value!.toFixed(1)).toBe("41.1");
  });

  it("rates per 100,000 adults: Medway 2,055 concerns and 844 enquiries over 216,012 adults (ONS mid-2021)", () => {
    const facts = derived();
    const concerns = find(facts, "sac_concerns_per_100k", "E06000035")!;
    expect(concerns).toMatchObject({numerator: 2055, denominator: 216012, source_id: "derived:ons-mye-2021+sac-2021-22", vintage: "2021-22"});
    // Seed 004 quotes 956 concerns and 393 enquiries per 100,000 (L1864, L1888): that implies about
    // 214,950 adults, not the ONS mid-2021 estimate (216,012) nor mid-2020 (213,701).
    expect(Math.round(concerns.value!)).toBe(951);
    expect(Math.round(find(facts, "sac_enquiries_per_100k", "E06000035")!.value!)).toBe(391);
    expect(find(facts, "sac_s42_per_100k", "E06000035")!.value).toBeCloseTo((724 / 216012) * 100000, 9);
    expect(find(facts, "sac_concerns_per_100k", "E10000016")!.value).toBeCloseTo((12345 / 1242310) * 100000, 9);
  });

  it("skips a measure whose input is suppressed or not available", () => {
    const facts = derived();
    expect(find(facts, "sac_s42_share", "E12000008")).toBeUndefined(); // other enquiries [x]
    expect(find(facts, "sac_conversion_rate", "E10000016")).toBeUndefined(); // other enquiries [c]
    expect(find(facts, "sac_s42_per_100k", "E10000016")).toBeDefined();
  });

  it("sums the type x source and location x source cells into totals, with [c] as 0 and [x]-only totals left out", () => {
    const facts = derived();
    expect(find(facts, "sac_concluded_s42", "E06000035", "type_of_risk=Neglect and Acts of Omission")).toMatchObject({value: 215, status: "derived"});
    expect(find(facts, "sac_concluded_s42", "E06000035", "type_of_risk=Modern Slavery")).toBeUndefined();
    expect(find(facts, "sac_concluded_s42", "E06000035", "location_of_risk=Own Home")?.value).toBe(360);
    // source of risk comes from SG2b (one location per enquiry), not SG2a (several types per enquiry)
    expect(find(facts, "sac_concluded_s42", "E06000035", "source_of_risk=Service Provider")?.value).toBe(70 + 85);
    // the total of concluded enquiries is the sum of SG3a, as NHS England computes it
    expect(find(facts, "sac_concluded_s42", "E06000035")).toMatchObject({value: 700, status: "derived"});
  });

  it("composition as % of concluded enquiries, of risk outcomes and of expressed outcomes", () => {
    const facts = derived();
    const neglect = find(facts, "sac_concluded_share", "E06000035", "type_of_risk=Neglect and Acts of Omission")!;
    expect(neglect).toMatchObject({numerator: 215, denominator: 700});
    expect(find(facts, "sac_concluded_share", "E06000035", "msp_asked=Yes they were asked and outcomes were expressed")).toMatchObject({numerator: 520, denominator: 700});
    expect(find(facts, "sac_risk_outcome_share", "E06000035", "risk_outcome=Risk removed")).toMatchObject({numerator: 160, denominator: 410});
    expect(find(facts, "sac_risk_reduced_or_removed", "E06000035")).toMatchObject({numerator: 395, denominator: 410});
    expect(find(facts, "sac_msp_outcome_share", "E06000035", "msp_outcome=Partially Achieved")).toMatchObject({numerator: 125, denominator: 520});
    const fully = find(facts, "sac_msp_fully_achieved", "E06000035")!;
    expect(fully).toMatchObject({numerator: 375, denominator: 520});
    expect(fully.value).toBeCloseTo(72.115, 3);
  });

  it("individuals: each group's share of its breakdown's total; suppressed groups get no share", () => {
    const facts = derived();
    expect(find(facts, "sac_individuals_share", "E06000035", "gender=Female")).toMatchObject({numerator: 395, denominator: 685});
    expect(find(facts, "sac_individuals_share", "E06000035", "gender=Not Known")).toBeUndefined();
  });

  it("never re-derives a total the publisher published", () => {
    const published: FactRow = {...parseSmall()[0], indicator_id: "sac_concluded_s42", area_code: "E06000035", breakdown: "total", value: 705};
    const facts = deriveSafeguarding([...parseSmall(), published]);
    expect(find(facts, "sac_concluded_s42", "E06000035")).toBeUndefined();
    expect(find(facts, "sac_concluded_share", "E06000035", "mental_capacity=Not Recorded")).toMatchObject({numerator: 70, denominator: 705});
  });

  it("every derived fact is status derived, with numerator and denominator for intervals", () => {
    for (const fact of derived()) {
      expect(fact.status).toBe("derived");
      expect(fact.source_id).toMatch(/^derived:/);
      if (fact.indicator_id !== "sac_concluded_s42") {
        expect(fact.numerator).not.toBeNull();
        expect(fact.denominator).toBeGreaterThan(0);
      }
    }
  });
});

describe("catalogue and registry", () => {
  it("declares every indicator the parser and derive emit, with the polarity the brief sets", () => {
    const ids = new Set(indicators.map((i) => i.indicator_id));
    const emitted = new Set([...parseSmall(), ...derive([...parseSmall(), ...population()])].map((f) => f.indicator_id));
    for (const id of emitted) expect(ids).toContain(id);
    for (const table of SAC_TABLES) for (const e of table.enquiryTypes) expect(ids).toContain(e.indicator_id);
    const polarity = Object.fromEntries(indicators.map((i) => [i.indicator_id, i.polarity]));
    expect(polarity.sac_msp_fully_achieved).toBe("high_is_good");
    expect(polarity.sac_risk_reduced_or_removed).toBe("high_is_good");
    expect(polarity.sac_concerns).toBe("no_judgement");
    expect(polarity.sac_conversion_rate).toBe("no_judgement");
    for (const indicator of indicators) {
      expect(indicator.definition.length).toBeGreaterThan(40);
      // Every Safeguarding Adults Collection ratio is derived here; ASCOF 4B is a published proportion.
      if (indicator.indicator_id.startsWith("sac_")) expect(indicator.derived ?? false).toBe(indicator.multiplier !== null);
    }
  });

  it("registers one source per shipped year and one ONS mid-year estimates workbook per mid-year", () => {
    expect(sources.map((s) => s.id)).toEqual([
      "sac-2015-16", "sac-2016-17", "sac-2017-18", "sac-2018-19", "sac-2019-20", "sac-2020-21", "sac-2021-22", "sac-2022-23",
      "ons-mye-2015", "ons-mye-2016", "ons-mye-2017", "ons-mye-2018", "ons-mye-2019", "ons-mye-2020", "ons-mye-2021", "ons-mye-2022"
    ]);
    const latest = sources.find((s) => s.id === "sac-2022-23")!;
    expect(latest).toMatchObject({vintage: "2022-23", raw_path: "safeguarding/sac-2022-23.csv", url: "https://digital.nhs.uk/data-and-information/publications/statistical/safeguarding-adults/2022-23"});
    expect(latest.discovery?.link_pattern).toContain("files\\.digital\\.nhs\\.uk");
    expect(sacSource("2024-25")).toMatchObject({publisher: "DHSC", url: "https://www.gov.uk/government/statistics/safeguarding-adults-england-2024-to-2025"});
  });
});

describe("parseSacCsv: both plausible CATEGORY shapes of the risk tables, short and long labels", () => {
  // The same Medway and England figures (illustrative counts) written two ways: the value in CATEGORY
  // with SUBCATEGORY 'Total' or blank, and the dimension in CATEGORY ('Type of Risk') with the value
  // in SUBCATEGORY. The SG2a type-by-source cell has one shape in both.
  const VALUES = `${FIXTURES}/sac-risk-category-values.csv`;
  const DIMENSIONS = `${FIXTURES}/sac-risk-category-dimensions.csv`;
  const valuesText = readFileSync(VALUES, "utf8");
  const dimensionsText = readFileSync(DIMENSIONS, "utf8");
  const parseText = (text: string, file = "sac-risk.csv") => parseSacCsv(bytes(text), file, options).facts;
  const shorten = (text: string) => text
    .replace(/Physical Abuse/g, "Physical")
    .replace(/Neglect and Acts of Omission/g, "Neglect")
    .replace(/Other - Known to individual/g, "Known to individual")
    .replace(/Other - Unknown to individual/g, "Unknown to individual")
    .replace(/Care Home - Residential/g, "Care Home Residential");

  it("gives identical facts from either shape", () => {
    const byValue = parseText(valuesText);
    expect(parseText(dimensionsText)).toEqual(byValue);
    expect(byValue.map((f) => [f.area_code, f.breakdown, f.value, f.status])).toEqual([
      ["E92000001", "type_of_risk=Physical Abuse", 21640, "ok"],
      ["E92000001", "source_of_risk=Service Provider", 25530, "ok"],
      ["E06000035", "type_of_risk=Physical Abuse;source_of_risk=Service Provider", 40, "ok"],
      ["E06000035", "type_of_risk=Physical Abuse", 95, "ok"],
      ["E06000035", "type_of_risk=Neglect and Acts of Omission", 300, "ok"],
      ["E06000035", "type_of_risk=Self-Neglect", null, "suppressed"],
      ["E06000035", "source_of_risk=Service Provider", 200, "ok"],
      ["E06000035", "source_of_risk=Other - Known to individual", 380, "ok"],
      ["E06000035", "location_of_risk=Own Home", 360, "ok"],
      ["E06000035", "location_of_risk=Care Home - Residential", 100, "ok"],
      // (SG2b's restatement of the Service Provider total, 200, is the same fact: not repeated.)
      ["E06000035", "source_of_risk=Other - Unknown to individual", null, "suppressed"]
    ]);
    expect(new Set(byValue.map((f) => f.indicator_id))).toEqual(new Set(["sac_concluded_s42"]));
  });

  it("short labels give the same facts as long ones, in either shape", () => {
    const long = parseText(valuesText);
    expect(shorten(valuesText)).not.toBe(valuesText);
    expect(parseText(shorten(valuesText))).toEqual(long);
    expect(parseText(shorten(dimensionsText))).toEqual(long);
  });

  it("an unknown label is a located error listing the known ones", () => {
    const category = dataError(() => parseText(valuesText.replace("Medway,SG2a,Concluded Section 42 Enquiries,Physical Abuse,Total", "Medway,SG2a,Concluded Section 42 Enquiries,Physcal Abuse,Total")));
    expect(category).toMatchObject({file: "sac-risk.csv", row: lineOf(valuesText, "Physical Abuse,Total,95"), column: "CATEGORY", value: "Physcal Abuse"});
    expect(category.expected).toContain("'Physical Abuse'");
    expect(category.expected).toContain("'Type of Risk'");

    const subcategory = dataError(() => parseText(dimensionsText.replace("Type of Risk,Physical Abuse,95", "Type of Risk,Physcal,95")));
    expect(subcategory).toMatchObject({row: lineOf(dimensionsText, "Type of Risk,Physical Abuse,95"), column: "SUBCATEGORY", value: "Physcal"});
    expect(subcategory.expected).toContain("'Self-Neglect'");

    const heading = dataError(() => parseText(dimensionsText.replace("Location of Risk,Own Home", "Place of Risk,Own Home")));
    expect(heading).toMatchObject({row: lineOf(dimensionsText, "Location of Risk,Own Home"), column: "CATEGORY", value: "Place of Risk"});
    expect(heading.expected).toContain("'Location of Risk'");
  });

  it("a figure two tables restate differently, or one table gives in both shapes, is a located error", () => {
    const restated = "Medway,SG2b,Concluded Section 42 Enquiries,Source of Risk,Service Provider,200";
    const differ = dataError(() => parseText(dimensionsText.replace(restated, restated.replace(",200", ",205"))));
    expect(differ).toMatchObject({row: lineOf(dimensionsText, restated), column: "VALUE", value: "205"});
    expect(differ.message).toMatch(/tables SG2a and SG2b give the same figure differently \(first at row 8/);

    const twice = `${valuesText}Council,Unitary Authority,E12000008,South East,E06000035,821,Medway,SG2a,Concluded Section 42 Enquiries,Type of Risk,Physical,95\n`;
    expect(dataError(() => parseText(twice)).message).toMatch(/the same figure appears twice \(first at row 5/);
  });
});
