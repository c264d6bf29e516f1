import {existsSync, readFileSync, readdirSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {DataError} from "../loaders/validate.ts";
import {fromArrowIPC, toArrowIPC, type FactRow} from "../loaders/model.ts";
import {COUNCILS} from "../loaders/families/geography/index.ts";
import {readTable} from "../loaders/read/table.ts";
import {isLaDataHeader, LA_DATA_SHEET, parseLaDataDownload, parseLaDataTable, type LaDataDownloadOptions} from "../loaders/families/workforce/parse-la-data-download.ts";
import {parseOtProfile} from "../loaders/families/workforce/parse-ot-profile.ts";
import {OT_PROFILE_FIELDS, otIndicatorId} from "../loaders/families/workforce/ot-profile-fields.ts";
import {indicators, OT_PROFILE_GROUPS} from "../loaders/families/workforce/indicators.ts";
import {sources} from "../loaders/families/workforce/sources.ts";
import {normaliseDimensionValue} from "../loaders/families/workforce/vocabulary.ts";
import {EDITION_STYLES, laDataSheetRows, workbookBytes} from "../scripts/sample/workforce.ts";

const ROOT = join(import.meta.dirname, "..");
const OPTIONS: LaDataDownloadOptions = {sourceId: "sfc-la-data-test", vintage: "2023-24", period: "2023-24"};
const CONFIRMED_HEADER = ["CSSR (LA area)", "Sector", "Service", "Job role", "Turnover rate", "Vacancy rate", "Sickness - Mean (divide by Employees)", "Zero Hour Contracts - Yes"];

type Row = (string | number)[];

function parse(rows: Row[], options: {rates?: "fraction" | "percent"; headerRow?: number; sheetName?: string; file?: string} = {}) {
  return parseLaDataDownload(workbookBytes(rows, options), options.file ?? "LA-data-download.xlsx", OPTIONS);
}

function fact(facts: FactRow[], indicator: string, area: string, breakdown = "total"): FactRow {
  const found = facts.filter((f) => f.indicator_id === `workforce-${indicator}` && f.area_code === area && f.breakdown === breakdown);
  expect(found, `${indicator} ${area} ${breakdown}`).toHaveLength(1);
  return found[0];
}

function dataError(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error("expected a DataError, nothing was thrown");
}

describe("Skills for Care LA data download: editions", () => {
  // The 2019-20 style: prefixed job roles, rates as fractions in percentage-formatted cells.
  const prefixedFractions: Row[] = [
    CONFIRMED_HEADER,
    ["Redcar & Cleveland", "All sectors", "All services", "All job roles", 0.283, 0.095, 6.2, 0.25],
    ["Redcar & Cleveland", "All sectors", "All services", "Individual role - Care worker", 0.331, 0.112, 5.8, 0.352],
    ["Redcar & Cleveland", "All sectors", "All services", "Job role group - Direct care", 0.305, 0.101, 6, 0.301],
    ["Redcar & Cleveland", "Independent", "Adult domiciliary", "Individual role - Care worker", 0.36, 0.12, 5.1, 0.58]
  ];
  // The Oct-2021 style: plain job roles, percentages, header drift, title rows above the header.
  const plainPercent: Row[] = [
    ["Local authority area data download"],
    [],
    ["LA area", "SECTOR", "Service", "job role", "Turnover  rate", "Vacancy Rate", "Sickness - mean (divide by employees)", "Zero hour contracts - yes"],
    ["Redcar and Cleveland", "All sectors", "All services", "All job roles", 28.3, 9.5, 6.2, 25],
    ["Redcar and Cleveland", "All sectors", "All services", "Care worker", 33.1, 11.2, 5.8, 35.2],
    ["Redcar and Cleveland", "All sectors", "All services", "Direct care", 30.5, 10.1, 6, 30.1],
    ["Redcar and Cleveland", "Independent", "Adult domiciliary", "Care worker", 36, 12, 5.1, 58]
  ];

  it("reads the prefixed, fraction edition and stores percentages", () => {
    const result = parse(prefixedFractions, {rates: "fraction"});
    expect(result.rateScale).toBe("fraction");
    expect(fact(result.tables.facts, "turnover-rate", "E06000003").value).toBe(28.3);
    expect(fact(result.tables.facts, "vacancy-rate", "E06000003", "job_role=Care worker").value).toBe(11.2);
    expect(fact(result.tables.facts, "zero-hours-share", "E06000003", "job_role=Direct care").value).toBe(30.1);
    expect(fact(result.tables.facts, "sickness-days", "E06000003").value).toBe(6.2);
    expect(fact(result.tables.facts, "turnover-rate", "E06000003", "sector=Independent;service=Adult domiciliary;job_role=Care worker").value).toBe(36);
    expect(result.tables.facts.every((f) => f.status === "estimate" && f.period === "2023-24" && f.source_id === "sfc-la-data-test")).toBe(true);
  });

  it("reads the plain, percentage edition with drifted headers below title rows to the same facts", () => {
    const plain = parse(plainPercent);
    expect(plain.rateScale).toBe("percent");
    const prefixed = parse(prefixedFractions, {rates: "fraction"});
    const key = (f: FactRow) => `${f.indicator_id}|${f.area_code}|${f.breakdown}|${f.value}`;
    expect(plain.tables.facts.map(key).sort()).toEqual(prefixed.tables.facts.map(key).sort());
  });

  it("reads percentages written with a % sign", () => {
    const result = parse([CONFIRMED_HEADER, ["Telford & Wrekin", "All sectors", "All services", "All job roles", "28.3%", "9.5%", "6.2", "25%"]]);
    expect(fact(result.tables.facts, "turnover-rate", "E06000020").value).toBe(28.3);
    expect(fact(result.tables.facts, "zero-hours-share", "E06000020").value).toBe(25);
  });

  it("also reads the sheet saved as CSV", () => {
    const csv = `${CONFIRMED_HEADER.join(",")}\nSt Helens,All sectors,All services,All job roles,26.1%,8.9%,5.9,19%\n`;
    const result = parseLaDataDownload(new TextEncoder().encode(csv), "LA-data-download.csv", OPTIONS);
    expect(fact(result.tables.facts, "vacancy-rate", "E08000013").value).toBe(8.9);
  });

  it("normalises the job-role vocabulary of every edition in one table", () => {
    expect(normaliseDimensionValue("job_role", "Individual role - Care worker")).toEqual({label: "Care worker", known: true});
    expect(normaliseDimensionValue("job_role", "Job role group - Direct care")).toEqual({label: "Direct care", known: true});
    expect(normaliseDimensionValue("job_role", "  occupational   THERAPIST ")).toEqual({label: "Occupational therapist", known: true});
    expect(normaliseDimensionValue("sector", "all sectors").label).toBe("All sectors");
    expect(normaliseDimensionValue("job_role", "Individual role - Activities worker")).toEqual({label: "Activities worker", known: false});
  });

  it("keeps an unknown job role as published and says so in the notes", () => {
    const result = parse([CONFIRMED_HEADER, ["Bristol", "All sectors", "All services", "Individual role - Activities worker", 0.2, 0.05, 3, 0.1]]);
    expect(fact(result.tables.facts, "turnover-rate", "E06000023", "job_role=Activities worker").value).toBe(20);
    expect(result.notes.join("\n")).toMatch(/job role 'Activities worker' is not in the vocabulary table/);
  });

  it("leaves unknown measure columns out with a note, and maps the counts it knows", () => {
    const result = parse([
      ["CSSR (LA area)", "Region", "Sector", "Service", "Job role", "Filled posts", "Employees", "Leavers", "Vacancies", "Turnover rate", "Vacancy rate", "Sickness - Mean (divide by Employees)", "Zero Hour Contracts - Yes", "Average hourly pay"],
      ["Durham", "North East", "All sectors", "All services", "All job roles", 11000, 10500, 3000, 900, 28.6, 7.6, 6.1, 21, 11.2]
    ]);
    expect(result.notes.join("\n")).toMatch(/column B 'Region' is not a measure this loader maps/);
    expect(result.notes.join("\n")).toMatch(/column N 'Average hourly pay' is not a measure this loader maps/);
    const turnover = fact(result.tables.facts, "turnover-rate", "E06000047");
    expect([turnover.value, turnover.numerator, turnover.denominator]).toEqual([28.6, 3000, 10500]);
    const vacancy = fact(result.tables.facts, "vacancy-rate", "E06000047");
    expect([vacancy.numerator, vacancy.denominator]).toEqual([900, 11900]);
    expect(fact(result.tables.facts, "filled-posts", "E06000047").value).toBe(11000);
    expect(result.tables.facts.some((f) => f.indicator_id.includes("pay"))).toBe(false);
  });
});

describe("Skills for Care LA data download: suppression and areas", () => {
  it("turns * into a null value with status suppressed, and a blank into not_available", () => {
    const result = parse([CONFIRMED_HEADER, ["Stoke on Trent", "All sectors", "All services", "Occupational therapist", "*", "*", "", 0.02], ["Stoke on Trent", "All sectors", "All services", "All job roles", 0.27, 0.09, 5.5, 0.2]]);
    const turnover = fact(result.tables.facts, "turnover-rate", "E06000021", "job_role=Occupational therapist");
    expect([turnover.value, turnover.status, turnover.numerator]).toEqual([null, "suppressed", null]);
    const sickness = fact(result.tables.facts, "sickness-days", "E06000021", "job_role=Occupational therapist");
    expect([sickness.value, sickness.status]).toEqual([null, "not_available"]);
    expect(fact(result.tables.facts, "zero-hours-share", "E06000021", "job_role=Occupational therapist").value).toBe(2);
  });

  it("files the combined Cornwall and Isles of Scilly row under Cornwall, and says so", () => {
    const result = parse([CONFIRMED_HEADER, ["Cornwall and Isles of Scilly", "All sectors", "All services", "All job roles", 0.22, 0.08, 5, 0.2]]);
    expect(fact(result.tables.facts, "turnover-rate", "E06000052").value).toBe(22);
    expect(result.tables.facts.some((f) => f.area_code === "E06000053")).toBe(false);
    expect(result.notes.join("\n")).toMatch(/'Cornwall and Isles of Scilly' filed under E06000052: .*include the Isles of Scilly/);
    expect(result.notes.join("\n")).toMatch(/151 of 153 councils have no rows in this file/); // Cornwall and Scilly are both covered
    for (const indicator of indicators.filter((i) => !i.indicator_id.startsWith("workforce-ot-"))) {
      expect(indicator.caveats, indicator.indicator_id).toMatch(/Cornwall's values include the Isles of Scilly/);
    }
  });

  it("resolves publisher spellings: &, short forms, no hyphens", () => {
    const names: [string, string][] = [
      ["Telford & Wrekin", "E06000020"], ["Brighton & Hove", "E06000043"], ["Hammersmith & Fulham", "E09000013"],
      ["Bristol", "E06000023"], ["Durham", "E06000047"], ["Kingston upon Hull", "E06000010"], ["Stoke on Trent", "E06000021"],
      ["Stockton on Tees", "E06000004"], ["Southend on Sea", "E06000033"], ["Herefordshire", "E06000019"], ["St Helens", "E08000013"],
      ["Bournemouth Christchurch and Poole", "E06000058"], ["Windsor & Maidenhead", "E06000040"]
    ];
    const result = parse([CONFIRMED_HEADER, ...names.map(([name]) => [name, "All sectors", "All services", "All job roles", 0.25, 0.1, 5, 0.2])]);
    for (const [name, code] of names) expect(fact(result.tables.facts, "turnover-rate", code).value, name).toBe(25);
  });

  it("maps England and region rows to E92000001 and E12 codes", () => {
    const result = parse([CONFIRMED_HEADER, ...["England", "South East", "Yorkshire and the Humber", "East of England"].map((name) => [name, "All sectors", "All services", "All job roles", 0.25, 0.1, 5, 0.2])]);
    expect(result.tables.facts.filter((f) => f.indicator_id === "workforce-turnover-rate").map((f) => f.area_code)).toEqual(["E92000001", "E12000008", "E12000003", "E12000006"]);
  });
});

describe("Skills for Care LA data download: bad input is a located error", () => {
  const good = workbookBytes([CONFIRMED_HEADER, ["Bristol", "All sectors", "All services", "All job roles", 0.25, 0.1, 5, 0.2]]);

  it("rejects a truncated workbook", () => {
    const error = dataError(() => parseLaDataDownload(good.subarray(0, Math.floor(good.length / 2)), "data/raw/workforce/LA-data-download-2023-24.xlsx", OPTIONS));
    expect(error.file).toBe("data/raw/workforce/LA-data-download-2023-24.xlsx");
    expect(error.message).toMatch(/truncated|not a spreadsheet|cannot read/);
  });

  it("rejects an HTML page saved as .xlsx", () => {
    const html = new TextEncoder().encode("<!DOCTYPE html><html><head><title>Page not found | Skills for Care</title></head><body>Sorry</body></html>");
    const error = dataError(() => parseLaDataDownload(html, "LA-data-download.xlsx", OPTIONS));
    expect(error.file).toBe("LA-data-download.xlsx");
    expect(error.message).toMatch(/HTML page.*Page not found.*expected a XLSX file/);
  });

  it("names the missing column when Turnover rate is renamed", () => {
    const header = CONFIRMED_HEADER.map((h) => (h === "Turnover rate" ? "Turnover (%)" : h));
    const error = dataError(() => parse([["Title"], header, ["Bristol", "All sectors", "All services", "All job roles", 0.25, 0.1, 5, 0.2]]));
    expect([error.sheet, error.row, error.column]).toEqual(["LA level data", 2, "Turnover rate"]);
    expect(error.expected).toMatch(/'Turnover \(%\)'/);
  });

  it("lists the sheets present when LA level data is missing", () => {
    const error = dataError(() => parse([CONFIRMED_HEADER, ["Bristol", "All sectors", "All services", "All job roles", 0.25, 0.1, 5, 0.2]], {sheetName: "LA data"}));
    expect(error.message).toMatch(/no sheet named 'LA level data'/);
    expect(error.expected).toMatch(/'Notes', 'LA data'/);
  });

  it("names the row, column and value of an unknown council", () => {
    const error = dataError(() => parse([CONFIRMED_HEADER, ["Bristol", "All sectors", "All services", "All job roles", 0.25, 0.1, 5, 0.2], ["Bristle", "All sectors", "All services", "All job roles", 0.25, 0.1, 5, 0.2]]));
    expect([error.sheet, error.row, error.column, error.value]).toEqual(["LA level data", 3, "CSSR (LA area)", "Bristle"]);
    expect(error.message).toMatch(/unknown council name/);
  });

  it("names the row, column and value of a non-numeric measure", () => {
    const error = dataError(() => parse([CONFIRMED_HEADER, ["Bristol", "All sectors", "All services", "All job roles", 0.25, "n/a", 5, 0.2]]));
    expect([error.file, error.sheet, error.row, error.column, error.value]).toEqual(["LA-data-download.xlsx", "LA level data", 2, "Vacancy rate", "n/a"]);
  });

  it("refuses a percentage among fractions rather than reading 25 as 2,500%", () => {
    const error = dataError(() => parse([CONFIRMED_HEADER, ...[0.25, 0.3, 0.28].map((t, i) => [["Bristol", "Bath & North East Somerset", "Plymouth"][i], "All sectors", "All services", "All job roles", t, 0.1, 5, i === 2 ? 25 : 0.2])]));
    expect([error.row, error.column]).toEqual([4, "Zero Hour Contracts - Yes"]);
    expect(error.expected).toMatch(/fractions/);
  });

  it("refuses two rows for the same area, sector, service and job role", () => {
    const row = ["Bristol", "All sectors", "All services", "Care worker", 0.25, 0.1, 5, 0.2];
    const error = dataError(() => parse([CONFIRMED_HEADER, row, ["Bristol", "All sectors", "All services", "Individual role - Care worker", 0.25, 0.1, 5, 0.2]]));
    expect(error.row).toBe(3);
    expect(error.message).toMatch(/first at row 2/);
  });
});

describe("the workforce sample", () => {
  for (const source of sources.filter((s) => !s.curated)) {
    const file = `data/raw/${source.raw_path}`;
    const style = EDITION_STYLES[source.vintage as keyof typeof EDITION_STYLES];

    it(`${source.id}: every council once, Cornwall and Isles of Scilly as one row, England and the regions, and what the sample script writes`, () => {
      const bytes = readFileSync(join(ROOT, file));
      expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
      const table = readTable(bytes, file, {sheets: [LA_DATA_SHEET], isHeader: isLaDataHeader});

      // The committed file holds what scripts/sample/workforce.ts generates (regenerate it after changing the script or the council list).
      const generated = laDataSheetRows({style}).slice(style.titleRows.length + 1).map((row) => row.map(String));
      expect(table.rows.length).toBe(generated.length);
      expect(table.rows).toEqual(generated);

      const result = parseLaDataTable(table, {sourceId: source.id, vintage: source.vintage, period: source.vintage});
      const headline = result.tables.facts.filter((f) => f.indicator_id === "workforce-turnover-rate" && f.breakdown === "total");
      const codes = new Set(headline.map((f) => f.area_code));
      const councils = COUNCILS.filter((c) => c.code !== "E06000053").map((c) => c.code);
      expect(councils.filter((code) => !codes.has(code))).toEqual([]);
      expect(codes.has("E06000053")).toBe(false);
      expect(codes.has("E92000001")).toBe(true);
      expect([...codes].filter((code) => code.startsWith("E12"))).toHaveLength(9);
      expect(result.tables.facts.some((f) => f.status === "suppressed")).toBe(true);
      const england = (indicator: string) => result.tables.facts.find((f) => f.indicator_id === indicator && f.area_code === "E92000001" && f.breakdown === "total")!.value!;
      expect(england("workforce-turnover-rate")).toBeGreaterThan(20);
      expect(england("workforce-turnover-rate")).toBeLessThan(35);
      expect(england("workforce-vacancy-rate")).toBeGreaterThan(7);
      expect(england("workforce-vacancy-rate")).toBeLessThan(12);
      expect(new Set(result.tables.facts.map((f) => f.breakdown))).toContain("job_role=Occupational therapist");
      expect(result.rateScale).toBe(style.rates);
      expect(result.notes.join("\n")).not.toMatch(/councils have no rows/);
    });
  }
});

describe("OT employment profile (seed 000, Table A1)", () => {
  const file = "data/raw/workforce/ot-employment-profile-2024-09.csv";
  const bytes = readFileSync(join(ROOT, file));
  const result = parseOtProfile(bytes, file);
  const value = (area: string, field: string) => {
    const found = result.tables.facts.filter((f) => f.area_code === area && f.indicator_id === otIndicatorId(field));
    expect(found, `${area} ${field}`).toHaveLength(1);
    return found[0];
  };

  it("holds 15 areas with every field, September 2024", () => {
    expect(new Set(result.tables.facts.map((f) => f.area_code)).size).toBe(15);
    expect(result.tables.facts).toHaveLength(15 * OT_PROFILE_FIELDS.length);
    expect(new Set(result.tables.facts.map((f) => f.period))).toEqual(new Set(["2024-09-30"]));
    expect(new Set(result.tables.facts.map((f) => f.source_id))).toEqual(new Set(["sfc-ot-profile-2024-09"]));
  });

  it("represents Berkshire West and Surrey Heartlands as NHS footprints, not councils", () => {
    expect(result.tables.areas.map((a) => [a.code, a.type])).toEqual([["NHSFP:berkshire-west", "nhs_footprint"], ["NHSFP:surrey-heartlands", "nhs_footprint"]]);
    expect(value("NHSFP:berkshire-west", "permanent_pct").value).toBe(67);
    expect(value("NHSFP:surrey-heartlands", "age_55_plus_pct").value).toBe(27);
    expect(result.tables.facts.some((f) => f.area_code === "E10000030" || f.area_code === "E06000037")).toBe(false);
  });

  it("keeps blanks as gaps, never zeros", () => {
    for (const field of ["permanent_pct", "temporary_pct", "indirect_pct", "ethnicity_white_pct"]) {
      expect([value("E06000039", field).value, value("E06000039", field).status], `Slough ${field}`).toEqual([null, "not_available"]);
    }
    expect(value("E06000041", "years_in_sector_mean").value).toBeNull(); // Wokingham: "Data not available"
    expect(value("E06000036", "years_in_sector_mean").status).toBe("not_available"); // Bracknell Forest: "Not available"
    expect(value("E06000043", "female_pct").value).toBeNull(); // Brighton & Hove
    expect(value("E06000041", "temporary_pct")).toMatchObject({value: 0, status: "ok"}); // a published zero stays zero
  });

  it("matches the seed's figures", () => {
    expect(value("E10000016", "filled_posts").value).toBe(100); // Kent
    expect(value("E06000035", "role_under_3_pct").value).toBe(58); // Medway
    expect(value("E06000060", "indirect_pct").value).toBe(13); // Buckinghamshire
    expect(value("E10000025", "fte_ratio").value).toBe(0.8); // Oxfordshire
    expect(value("E06000045", "nationality_british_pct").value).toBe(83); // Southampton, the shifted row
    expect(value("E10000032", "years_in_sector_mean").value).toBe(8.5); // West Sussex
    expect(value("E06000044", "nationality_eu_pct").value).toBe(12); // Portsmouth
    expect(value("E06000043", "age_mean").value).toBe(49.5); // Brighton & Hove
  });

  it("records the source's own out-of-tolerance sum (Southampton, years in sector, 108)", () => {
    expect(result.notes.join("\n")).toMatch(/Southampton: years in sector shares sum to 108/);
  });

  const seedDir = join(ROOT, "../shared/seeds");
  const seedFile = existsSync(seedDir) ? readdirSync(seedDir).find((name) => name.startsWith("000_")) : undefined;
  it.skipIf(!seedFile)("agrees with every figure of Table A1 in the seed text", () => {
    const fromSeed = readTableA1(readFileSync(join(seedDir, seedFile!), "utf8"));
    const areaOrder = ["E06000060", "E10000025", "NHSFP:berkshire-west", "E06000038", "E06000041", "E06000039", "E06000036", "E10000016", "E06000035", "E06000044", "E06000045", "NHSFP:surrey-heartlands", "E10000011", "E10000032", "E06000043"];
    let compared = 0;
    for (const field of OT_PROFILE_FIELDS) {
      areaOrder.forEach((area, i) => {
        expect(value(area, field.field).value, `${area} ${field.field}`).toBe(fromSeed[field.field]?.[i] ?? null);
        compared++;
      });
    }
    expect(compared).toBe(435);
  });
});

describe("OT employment profile: bad input is a located error", () => {
  const good = readFileSync(join(ROOT, "data/raw/workforce/ot-employment-profile-2024-09.csv"), "utf8");
  const lines = good.split("\n");
  const lineOf = (prefix: string) => lines.findIndex((line) => line.startsWith(prefix));
  const edited = (prefix: string, replace: (line: string) => string | null) => {
    const copy = [...lines];
    const at = lineOf(prefix);
    const replacement = replace(copy[at]);
    if (replacement === null) copy.splice(at, 1);
    else copy[at] = replacement;
    return new TextEncoder().encode(copy.join("\n"));
  };
  const file = "ot-employment-profile-2024-09.csv";

  it("an unknown area", () => {
    const error = dataError(() => parseOtProfile(edited("Kent,permanent_pct", (l) => l.replace("Kent", "Kent and Medway")), file));
    expect([error.file, error.row, error.column, error.value]).toEqual([file, lineOf("Kent,permanent_pct") + 1, "area_name", "Kent and Medway"]);
  });

  it("a non-numeric value", () => {
    const error = dataError(() => parseOtProfile(edited("Medway,filled_posts", (l) => l.replace(",25,", ",twenty-five,")), file));
    expect([error.row, error.column, error.value]).toEqual([lineOf("Medway,filled_posts") + 1, "value", "twenty-five"]);
  });

  it("a share over 100", () => {
    const error = dataError(() => parseOtProfile(edited("Reading,permanent_pct", (l) => l.replace(",94,", ",940,")), file));
    expect([error.column, error.value]).toEqual(["value", "940"]);
  });

  it("filled posts not rounded to 5", () => {
    const error = dataError(() => parseOtProfile(edited("Kent,filled_posts", (l) => l.replace(",100,", ",101,")), file));
    expect(error.expected).toMatch(/multiple of 5/);
  });

  it("shares that do not sum to 100 without a note", () => {
    const error = dataError(() => parseOtProfile(edited("Medway,male_pct", (l) => l.replace(",1,", ",11,")), file));
    expect(error.message).toMatch(/Medway: the gender shares sum to 110/);
    expect(error.column).toBe("value");
  });

  it("a missing field", () => {
    const error = dataError(() => parseOtProfile(edited("Portsmouth,age_mean", () => null), file));
    expect(error.message).toMatch(/Portsmouth has no row for age_mean/);
  });

  it("a wrong unit", () => {
    const error = dataError(() => parseOtProfile(edited("Slough,fte_ratio", (l) => l.replace(",ratio,", ",%,")), file));
    expect([error.column, error.value]).toEqual(["unit", "%"]);
  });
});

describe("workforce catalogue and sources", () => {
  it("declares every indicator the parsers emit, once", () => {
    const ids = indicators.map((i) => i.indicator_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ["workforce-turnover-rate", "workforce-vacancy-rate", "workforce-sickness-days", "workforce-zero-hours-share", "workforce-filled-posts", ...OT_PROFILE_FIELDS.map((f) => otIndicatorId(f.field))]) {
      expect(ids).toContain(id);
    }
    const byId = new Map(indicators.map((i) => [i.indicator_id, i]));
    expect(byId.get("workforce-turnover-rate")!.polarity).toBe("low_is_good");
    expect(byId.get("workforce-vacancy-rate")!.polarity).toBe("low_is_good");
    expect(byId.get("workforce-filled-posts")!.polarity).toBe("no_judgement");
    expect(byId.get("workforce-filled-posts")!.series_breaks![0].note).toMatch(/August 2023/);
    expect(byId.get("workforce-ot-permanent-pct")!.polarity).toBe("high_is_good");
    expect(byId.get("workforce-ot-indirect-pct")!.polarity).toBe("low_is_good");
    expect(byId.get("workforce-ot-age-55-plus-pct")!.polarity).toBe("low_is_good");
    expect(OT_PROFILE_GROUPS.employment_status).toEqual(["workforce-ot-permanent-pct", "workforce-ot-temporary-pct", "workforce-ot-indirect-pct"]);
  });

  it("hands the CLI and the snapshot only canonical tables, which convert to Arrow and back", async () => {
    const la = sources.find((s) => s.id === "sfc-la-data-2023-24")!;
    const ot = sources.find((s) => s.id === "sfc-ot-profile-2024-09")!;
    const laTables = await la.parse(workbookBytes([CONFIRMED_HEADER, ["Cornwall and Isles of Scilly", "All sectors", "All services", "Care worker", "*", 9.1, 5, 30]]), "LA-data-download.xlsx");
    const otTables = await ot.parse(readFileSync(join(ROOT, "data/raw/workforce/ot-employment-profile-2024-09.csv")), "ot.csv");
    expect(Object.keys(laTables)).toEqual(["facts"]);
    expect(Object.keys(otTables)).toEqual(["facts", "areas"]);
    const facts = fromArrowIPC<FactRow>(toArrowIPC("facts", laTables.facts));
    expect(facts.find((f) => f.indicator_id === "workforce-turnover-rate")).toMatchObject({area_code: "E06000052", breakdown: "job_role=Care worker", value: null, status: "suppressed", source_id: "sfc-la-data-2023-24", period: "2023-24"});
    expect(fromArrowIPC<FactRow>(toArrowIPC("facts", otTables.facts))).toHaveLength(435);
    expect(fromArrowIPC(toArrowIPC("areas", otTables.areas!)).map((a) => (a as {type: string}).type)).toEqual(["nhs_footprint", "nhs_footprint"]);
  });

  it("registers two LA data editions, the curated OT profile and the Oflog extract (test/oflog.test.ts)", () => {
    expect(sources.map((s) => s.id)).toEqual(["sfc-la-data-2022-23", "sfc-la-data-2023-24", "sfc-ot-profile-2024-09", "oflog-asc-data"]);
    expect(sources.find((s) => s.id === "sfc-ot-profile-2024-09")!.curated).toBe(true);
    for (const source of sources) expect(existsSync(join(ROOT, "data/raw", source.raw_path)), source.raw_path).toBe(true);
  });
});

/**
 * An independent reading of Table A1 from the seed's PDF-to-text extraction (tab-separated, three
 * blocks of five areas), so a slip in the hand transcription shows up as a difference.
 */
function readTableA1(text: string): Record<string, (number | null)[]> {
  const lines = text.split("\n");
  const blocks = lines.map((line, i) => (line.startsWith("Data fields\t") ? i : -1)).filter((i) => i >= 0);
  const out: Record<string, (number | null)[]> = {};
  const put = (field: string, block: number, values: (string | undefined)[]) => {
    out[field] ??= Array(15).fill(null);
    values.forEach((v, k) => {
      const match = /([\d.]+)%?\s*$/.exec((v ?? "").trim());
      out[field][block * 5 + k] = match ? Number(match[1]) : null;
    });
  };
  const simple: Record<string, string> = {
    "Permanently employed (%)": "permanent_pct", "Temporarily employed (%)": "temporary_pct", "Indirectly employed (%)": "indirect_pct",
    "Work full-time (%)": "full_time_pct", "Work part-time (%)": "part_time_pct", "FTE filled post ratio": "fte_ratio", "Number of filled posts": "filled_posts"
  };
  const bands: Record<string, string> = {"10 or more": "10_plus", "3-9": "3_to_9", "Less than 3": "under_3"};
  const ethnic: Record<string, string> = {White: "white", "Black/African/Caribbean/BlackBritish": "black", "Asian/AsianBritish": "asian", Mixed: "mixed", Other: "other"};
  const nation: Record<string, string> = {British: "british", "Non-EU": "non_eu", EU: "eu"};
  const age: Record<string, string> = {"< 25": "age_under_25_pct", "25-54": "age_25_to_54_pct", "55 & >": "age_55_plus_pct"};
  blocks.forEach((start, b) => {
    let experience = "";
    for (const line of lines.slice(start, blocks[b + 1] ?? start + 40)) {
      const c = line.split("\t");
      const odd = [1, 3, 5, 7, 9].map((k) => c[k]);
      const even = [2, 4, 6, 8, 10].map((k) => c[k]);
      if (simple[c[0]]) put(simple[c[0]], b, odd);
      else if (c[0] === "Experience in the sector" || c[0] === "Experience in role") {
        experience = c[0].endsWith("sector") ? "sector" : "role";
        put(experience === "sector" ? "years_in_sector_mean" : "years_in_role_mean", b, odd);
      } else if (c[0] === "" && bands[c[2]] && experience) put(`${experience}_${bands[c[2]]}_pct`, b, odd);
      else if (c[0] === "Gender") put("female_pct", b, even);
      else if (c[0] === "" && c[1] === "Male") put("male_pct", b, even);
      else if (c[0] === "" && ethnic[(c[1] ?? "").replace(/ /g, "")]) put(`ethnicity_${ethnic[c[1].replace(/ /g, "")]}_pct`, b, even);
      else if (c[0] === "" && nation[c[1]]) put(`nationality_${nation[c[1]]}_pct`, b, even);
      else if (nation[c[0]]) put(`nationality_${nation[c[0]]}_pct`, b, c.slice(1).filter((x) => x && !nation[x])); // block 3: label cell shifted
      else if (c[0] === "Age") put("age_mean", b, odd);
      else if (c[0] === "" && age[c[1]]) put(age[c[1]], b, even);
    }
  });
  return out;
}
