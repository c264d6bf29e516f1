import {existsSync, readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {DataError} from "../loaders/validate.ts";
import type {CanonicalTables, FactRow} from "../loaders/model.ts";
import type {SourceDefinition} from "../loaders/families/types.ts";
import {parseLaAssessments} from "../loaders/families/cqc/parse-la-assessments.ts";
import {editionDateFromFileName, parseCareDirectory} from "../loaders/families/cqc/parse-care-directory.ts";
import {findQualityStatement, qualityStatementBreakdown, qualityStatementByName} from "../loaders/families/cqc/quality-statements.ts";
import {locationRatingByName} from "../loaders/families/cqc/ratings.ts";
import {QUALITY_STATEMENTS, THEMES, ratingForOverallPercent} from "../src/lib/domain/cqc.ts";
import {serviceTypeOf} from "../loaders/families/cqc/service-types.ts";
import {sources} from "../loaders/families/cqc/sources.ts";
import {indicators} from "../loaders/families/cqc/indicators.ts";
import {COUNCILS, ENGLAND_CODE} from "../loaders/families/geography/index.ts";
import {sampleEditions, writeCareDirectory, type DirectoryLocation, type WorkbookLayout} from "../scripts/sample/cqc.ts";

const CURATED = "data/raw/cqc/la-assessments.csv";
const HEADER = "council,gss_code,report_date,report_url,overall_pct,rating,qs1,qs2,qs3,qs4,qs5,qs6,qs7,qs8,qs9,provenance,notes";
const MEDWAY_ROW = "Medway,E06000035,2025-01-10,,59,Requires improvement,2,3,2,2,3,3,2,2,2,seed 003 L46,";

const text = (s: string) => new TextEncoder().encode(s);

/** Run `fn`, expect a DataError, return it for inspection. */
function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error("expected a DataError, but nothing was thrown");
}

function assessmentsCsv(...rows: string[]) {
  return text([HEADER, ...rows].join("\n") + "\n");
}

describe("CQC quality statements", () => {
  it("has nine statements in four themes, with canonical ids QS1..QS9", () => {
    expect(QUALITY_STATEMENTS.map((s) => s.id)).toEqual(["QS1", "QS2", "QS3", "QS4", "QS5", "QS6", "QS7", "QS8", "QS9"]);
    expect(THEMES).toHaveLength(4);
    expect(QUALITY_STATEMENTS.filter((s) => s.theme === "T1").map((s) => s.id)).toEqual(["QS1", "QS2", "QS3"]);
    expect(qualityStatementBreakdown(QUALITY_STATEMENTS[0])).toBe("quality_statement=QS1 Assessing needs");
  });

  it("maps the wordings CQC and councils use to one id (seed 003 L93-104, L255-265, L943-975)", () => {
    const cases: [string, string][] = [
      ["1. Assessing people's needs", "QS1"],
      ["Assessing needs", "QS1"],
      ["Supporting people to lead healthier lives", "QS2"],
      ["Supporting People to live healthier lives", "QS2"],
      ["Equity in experiences and outcomes", "QS3"],
      ["4. Care provision, integration and continuity of care", "QS4"],
      ["Partnership and communities", "QS5"],
      ["Partnerships & communities", "QS5"],
      ["Safe Systems, pathways and transitions", "QS6"],
      ["6. Safe pathways, systems and transitions", "QS6"],
      ["Safeguarding", "QS7"],
      ["governance, management and sustainability", "QS8"],
      ["QS9", "QS9"],
      ["Learning, improvement and innovation", "QS9"]
    ];
    for (const [name, id] of cases) expect(findQualityStatement(name)?.id, name).toBe(id);
    const error = dataError(() => qualityStatementByName("Workforce wellbeing", {file: "report.txt", row: 12}));
    expect(error.row).toBe(12);
    expect(error.value).toBe("Workforce wellbeing");
  });

  it("applies CQC's overall % bands", () => {
    expect(ratingForOverallPercent(25)).toBe("Inadequate");
    expect(ratingForOverallPercent(38)).toBe("Inadequate");
    expect(ratingForOverallPercent(39)).toBe("Requires improvement");
    expect(ratingForOverallPercent(62)).toBe("Requires improvement");
    expect(ratingForOverallPercent(63)).toBe("Good");
    expect(ratingForOverallPercent(87)).toBe("Good");
    expect(ratingForOverallPercent(88)).toBe("Outstanding");
    expect(ratingForOverallPercent(20)).toBeUndefined();
  });
});

describe("CQC LA assessments (curated file)", () => {
  const curated = parseLaAssessments(readFileSync(CURATED), CURATED);

  it("holds the 72 councils of the league table, the seeds' councils among them, each with its provenance", () => {
    const codes = curated.cqc_assessments.map((a) => a.area_code);
    expect(codes).toHaveLength(72);
    expect(new Set(codes).size).toBe(72);
    expect(codes).toEqual(expect.arrayContaining(["E06000035", "E06000036", "E06000037", "E06000040", "E06000041", "E06000060", "E10000016", "E10000030", "E10000032", "E06000047"]));
    expect(curated.cqc_assessments.every((a) => a.source_id === "cqc-la-assessments" && !a.sample && a.provenance.length > 20)).toBe(true);
    // Every rating, all nine scores and the report month are known for every council.
    expect(curated.cqc_assessments.every((a) => [a.qs1, a.qs2, a.qs3, a.qs4, a.qs5, a.qs6, a.qs7, a.qs8, a.qs9].every((s) => s !== null) && /^\d{4}-\d{2}/.test(a.report_date))).toBe(true);
    // The overall % only where a CQC report or a seed publishes it: Medway and seed 000's eight councils.
    expect(curated.cqc_assessments.filter((a) => a.overall_pct !== null).map((a) => a.area_code).sort()).toEqual(
      ["E06000035", "E06000036", "E06000037", "E06000040", "E06000041", "E06000060", "E10000016", "E10000030", "E10000032"]
    );
    const ratings = new Map<string, number>();
    for (const a of curated.cqc_assessments) ratings.set(a.rating, (ratings.get(a.rating) ?? 0) + 1);
    expect(Object.fromEntries(ratings)).toEqual({"Outstanding": 2, "Good": 48, "Requires improvement": 21, "Inadequate": 1});
  });

  it("has Medway's row as seed 003 gives it, with the published 59% kept (not 21/36 = 58.3%)", () => {
    const medway = curated.cqc_assessments.find((a) => a.area_code === "E06000035")!;
    expect(medway).toMatchObject({report_date: "2025-01-10", report_url: "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/medway-0125", overall_pct: 59, rating: "Requires improvement"});
    expect(medway.provenance).toMatch(/^seed 003 .*Filled in from the third-party league table .*: report URL\.$/);
    const scores = [medway.qs1, medway.qs2, medway.qs3, medway.qs4, medway.qs5, medway.qs6, medway.qs7, medway.qs8, medway.qs9];
    expect(scores).toEqual([2, 3, 2, 2, 3, 3, 2, 2, 2]);
    expect((100 * scores.reduce((a: number, b) => a + (b ?? 0), 0)) / 36).toBeCloseTo(58.33, 2);

    const facts = curated.facts.filter((f) => f.area_code === "E06000035");
    expect(facts.find((f) => f.indicator_id === "cqc_overall_pct")).toMatchObject({value: 59, period: "2025-01-10", breakdown: "total", status: "ok"});
    const qs = facts.filter((f) => f.indicator_id === "cqc_qs_score");
    expect(qs).toHaveLength(9);
    expect(qs.find((f) => f.breakdown === "quality_statement=QS2 Supporting people to lead healthier lives")?.value).toBe(3);
    expect(qs.find((f) => f.breakdown === "quality_statement=QS9 Learning, improvement and innovation")?.value).toBe(2);
  });

  it("keeps what Table A5 of seed 000 publishes (%, rating, QS9) and takes only the rest from the league table", () => {
    const kent = curated.cqc_assessments.find((a) => a.area_code === "E10000016")!;
    expect(kent).toMatchObject({report_date: "2025-05", overall_pct: 56, rating: "Requires improvement", qs1: 2, qs3: 3, qs8: 2, qs9: 3});
    expect(kent.provenance).toMatch(/^seed 000 .*Table A5 L978\. Filled in from .*: qs1-qs8, report month, report URL\.$/);
    const wokingham = curated.cqc_assessments.find((a) => a.area_code === "E06000041")!;
    expect(wokingham).toMatchObject({report_date: "2025-08", overall_pct: 81, rating: "Good", qs5: 4, qs9: 4});
    expect(curated.facts.filter((f) => f.area_code === "E10000016").map((f) => f.indicator_id)).toEqual(["cqc_overall_pct", ...Array(9).fill("cqc_qs_score")]);
  });

  it("takes Windsor and Maidenhead's QS9 from CQC's report (3), not seed 000's 2, and says so", () => {
    const windsor = curated.cqc_assessments.find((a) => a.area_code === "E06000040")!;
    expect(windsor).toMatchObject({report_date: "2024-11-08", overall_pct: 62, rating: "Requires improvement", qs1: 3, qs2: 3, qs3: 2, qs9: 3});
    expect(windsor.provenance).toMatch(/^CQC's report, summary page/);
  });

  it("gives County Durham CQC's published rating (Good) where the league table shows 'Not Rated'", () => {
    const durham = curated.cqc_assessments.find((a) => a.area_code === "E06000047")!;
    expect(durham).toMatchObject({report_date: "2024-08", overall_pct: null, rating: "Good", qs1: 2, qs2: 3, qs4: 3, qs7: 2, qs9: 3});
    expect(durham.provenance).toMatch(/press release/);
  });

  it("has the league-table councils' rows as the scrape gives them (Camden, Blackpool)", () => {
    const camden = curated.cqc_assessments.find((a) => a.area_code === "E09000007")!;
    expect(camden).toMatchObject({report_date: "2025-02", report_url: "https://www.cqc.org.uk/care-services/local-authority-assessment-reports/camden-0225", overall_pct: null, rating: "Outstanding"});
    expect([camden.qs1, camden.qs2, camden.qs3, camden.qs4, camden.qs5, camden.qs6, camden.qs7, camden.qs8, camden.qs9]).toEqual([3, 3, 4, 3, 4, 4, 3, 4, 4]);
    expect(camden.provenance).toMatch(/^CQC report via third-party league table \(alxtrnr\/bongo-twisty, commit 3ac9d41\), report URL https:\/\/www\.cqc\.org\.uk\/.*camden-0225: rating, qs1-qs9, report month, report URL\.$/);
    const blackpool = curated.cqc_assessments.find((a) => a.area_code === "E06000009")!;
    expect(blackpool).toMatchObject({report_date: "2025-08", rating: "Inadequate", qs1: 1, qs4: 2, qs9: 1});
    expect(curated.facts.some((f) => f.area_code === "E09000007" && f.indicator_id === "cqc_overall_pct")).toBe(false);
  });

  it("keeps a fractional published % as published and normalises rating capitalisation", () => {
    const {cqc_assessments} = parseLaAssessments(assessmentsCsv("Medway,,2025-01-10,,58.5%,Requires Improvement,,,,,,,,,,seed,"), "a.csv");
    expect(cqc_assessments[0]).toMatchObject({overall_pct: 58.5, rating: "Requires improvement"});
  });

  it("records the rating and scores only when the % is blank", () => {
    const {cqc_assessments, facts} = parseLaAssessments(assessmentsCsv("Bristol City Council,,2025-05,,,Good,2,3,2,2,3,3,2,3,3,an analyst's row,"), "a.csv");
    expect(cqc_assessments[0]).toMatchObject({area_code: "E06000023", overall_pct: null, rating: "Good", report_date: "2025-05"});
    expect(facts.map((f) => f.indicator_id)).toEqual(Array(9).fill("cqc_qs_score"));
  });

  it("rejects a score outside 1-4 with file, row and column", () => {
    const error = dataError(() => parseLaAssessments(assessmentsCsv(MEDWAY_ROW, "Kent,,2025,,56,Requires improvement,2,2,5,,,,,,3,seed 000,"), "la.csv"));
    expect(error).toMatchObject({file: "la.csv", row: 3, column: "qs3", value: "5"});
    expect(error.expected).toMatch(/1-4/);
    expect(dataError(() => parseLaAssessments(assessmentsCsv("Kent,,2025,,56,Requires improvement,2.5,,,,,,,,,s,"), "la.csv")).column).toBe("qs1");
  });

  it("rejects a rating inconsistent with the published % (CQC's bands)", () => {
    const error = dataError(() => parseLaAssessments(assessmentsCsv("Kent,,2025,,56,Good,,,,,,,,,3,seed 000,"), "la.csv"));
    expect(error).toMatchObject({file: "la.csv", row: 2, column: "rating", value: "Good"});
    expect(error.message).toMatch(/56%.*Requires improvement/);
    expect(dataError(() => parseLaAssessments(assessmentsCsv("Kent,,2025,,88,Good,,,,,,,,,3,s,"), "la.csv")).column).toBe("rating");
    expect(dataError(() => parseLaAssessments(assessmentsCsv("Kent,,2025,,Excellent,Good,,,,,,,,,3,s,"), "la.csv")).column).toBe("overall_pct");
  });

  it("rejects an unknown council and a code that is not the named council's", () => {
    const unknown = dataError(() => parseLaAssessments(assessmentsCsv("Gotham City Council,,2025,,56,Requires improvement,,,,,,,,,3,s,"), "la.csv"));
    expect(unknown).toMatchObject({file: "la.csv", row: 2, column: "council", value: "Gotham City Council"});
    const mismatch = dataError(() => parseLaAssessments(assessmentsCsv("Medway,E10000016,2025-01-10,,59,Requires improvement,,,,,,,,,2,s,"), "la.csv"));
    expect(mismatch).toMatchObject({row: 2, column: "gss_code", value: "E10000016"});
    expect(mismatch.message).toMatch(/Kent.*Medway/);
  });

  it("rejects bad dates, a missing rating, a missing provenance and duplicate rows", () => {
    for (const date of ["10/01/2025", "2025-02-30", "2019-05-01", "Jan 2025", ""]) {
      const error = dataError(() => parseLaAssessments(assessmentsCsv(`Medway,,${date},,59,Requires improvement,,,,,,,,,2,s,`), "la.csv"));
      expect(error, date).toMatchObject({file: "la.csv", row: 2, column: "report_date"});
    }
    expect(dataError(() => parseLaAssessments(assessmentsCsv("Medway,,2025,,59,,,,,,,,,,2,s,"), "la.csv")).column).toBe("rating");
    expect(dataError(() => parseLaAssessments(assessmentsCsv("Medway,,2025,,59,Requires improvement,,,,,,,,,2,,"), "la.csv")).column).toBe("provenance");
    const duplicate = dataError(() => parseLaAssessments(assessmentsCsv(MEDWAY_ROW, "Medway Towns,,2025-01-10,,59,Requires improvement,,,,,,,,,2,s,"), "la.csv"));
    expect(duplicate).toMatchObject({row: 3, column: "report_date"});
    expect(dataError(() => parseLaAssessments(assessmentsCsv("Medway,,2025,http://example.com/x,59,Requires improvement,,,,,,,,,2,s,"), "la.csv")).column).toBe("report_url");
  });

  it("rejects a file without a required column", () => {
    const error = dataError(() => parseLaAssessments(text("council,report_date,overall_pct\nMedway,2025,59\n"), "la.csv"));
    expect(error).toMatchObject({file: "la.csv", row: 1, column: "rating"});
  });
});

// --- Care directory -------------------------------------------------------------------------

let serial = 0;
/** One hand-made location; every field explicit in the tests that count them. */
function loc(partial: Partial<DirectoryLocation> & Pick<DirectoryLocation, "localAuthority" | "kind">): DirectoryLocation {
  serial++;
  const careHome = partial.kind === "nursing" || partial.kind === "residential";
  return {
    id: `1-${String(500_000_000 + serial)}`,
    name: `Fixture location ${serial}`,
    region: "South East",
    directorate: "Adult social care",
    category: careHome ? "Residential social care" : "Community based adult social care services",
    dormant: false,
    beds: null,
    rating: "Good",
    publicationDate: new Date(Date.UTC(2024, 4, 12)),
    providerId: "1-000000001",
    providerName: "Fixture provider",
    startDate: new Date(Date.UTC(2015, 0, 1)),
    alsoWithoutNursing: false,
    alsoDomiciliary: false,
    ...partial
  };
}

/** Medway: 9 active ASC locations (5 care homes, 160 beds), plus a hospital and a dormant home that must be dropped. */
const FIXTURE: DirectoryLocation[] = [
  loc({localAuthority: "Medway", kind: "nursing", beds: 40, rating: "Good", alsoWithoutNursing: true}),
  loc({localAuthority: "Medway", kind: "nursing", beds: 60, rating: "Requires improvement"}),
  loc({localAuthority: "Medway", kind: "residential", beds: 10, rating: "Outstanding"}),
  loc({localAuthority: "Medway", kind: "residential", beds: 20, rating: "Good"}),
  loc({localAuthority: "Medway", kind: "residential", beds: 30, rating: "", publicationDate: null}),
  loc({localAuthority: "Medway", kind: "domiciliary", rating: "Good"}),
  loc({localAuthority: "Medway", kind: "domiciliary", rating: "Inadequate"}),
  loc({localAuthority: "Medway", kind: "supported", rating: "Good", alsoDomiciliary: true}),
  loc({localAuthority: "Medway", kind: "extra", rating: "Requires improvement", alsoDomiciliary: true}),
  loc({localAuthority: "Medway", kind: "other", directorate: "Hospitals", category: "Acute hospital - NHS non-specialist"}),
  loc({localAuthority: "Medway", kind: "residential", beds: 25, dormant: true}),
  loc({localAuthority: "Kent", kind: "residential", beds: 15, rating: "Good"}),
  loc({localAuthority: "Bristol, City of", kind: "shared", rating: "Outstanding", region: "South West"}),
  loc({localAuthority: "Unspecified", kind: "other", directorate: "Primary medical services", category: "GP Practices"})
];
const MAY_FILE = "05_May_2026_HSCA_Active_Locations.ods";

function fact(facts: FactRow[], indicator: string, area: string, breakdown = "total") {
  return facts.find((f) => f.indicator_id === indicator && f.area_code === area && f.breakdown === breakdown);
}

function parseFixture(layout: WorkbookLayout, file = MAY_FILE, locations = FIXTURE) {
  return parseCareDirectory(writeCareDirectory(locations, layout), file, {source_id: "cqc-care-directory-2026-05"});
}

describe("CQC care directory", () => {
  it("derives one service type per location, most specific setting first", () => {
    const none = {careHome: false, careHomeWithNursing: false, careHomeWithoutNursing: false, sharedLives: false, extraCare: false, supportedLiving: false, domiciliary: false};
    expect(serviceTypeOf({...none, careHome: true, careHomeWithNursing: true, careHomeWithoutNursing: true})).toBe("Care home with nursing");
    expect(serviceTypeOf({...none, careHome: true})).toBe("Care home without nursing");
    expect(serviceTypeOf({...none, domiciliary: true, supportedLiving: true})).toBe("Supported living");
    expect(serviceTypeOf({...none, domiciliary: true, extraCare: true})).toBe("Extra care");
    expect(serviceTypeOf({...none, sharedLives: true})).toBe("Shared Lives");
    expect(serviceTypeOf({...none, domiciliary: true})).toBe("Domiciliary care");
    expect(serviceTypeOf(none)).toBe("Other");
  });

  it("puts locations without a rating in one 'Not yet rated' bucket", () => {
    const where = {file: "d.ods", sheet: "HSCA_Active_Locations", row: 9, column: "Location Latest Overall Rating"};
    for (const text of ["", "Not yet rated", "Insufficient evidence to rate"]) expect(locationRatingByName(text, where)).toBe("Not yet rated");
    expect(locationRatingByName("Requires Improvement", where)).toBe("Requires improvement");
    expect(dataError(() => locationRatingByName("Excellent", where))).toMatchObject({row: 9, value: "Excellent"});
  });

  it("reads the date of the edition from CQC's file name", () => {
    expect(editionDateFromFileName("data/raw/cqc/05_May_2026_HSCA_Active_Locations.ods")).toBe("2026-05-05");
    expect(editionDateFromFileName("01_March_2024_HSCA_Active_Locations-v2.xlsx")).toBe("2024-03-01");
    expect(editionDateFromFileName("01_December_2020_HSCA_Active_Locations.xlsx")).toBe("2020-12-01");
    expect(editionDateFromFileName("directory.ods")).toBeUndefined();
  });

  it("reads the current ODS layout (README sheet first), keeps adult social care only and counts per council (hand-checked)", () => {
    const {facts, cqc_locations, summary} = parseFixture({bookType: "ods"});
    expect(summary).toMatchObject({edition: "2026-05-05", rows: 14, adultSocialCare: 12, otherDirectorates: 2, dormant: 1, locations: 11});
    expect(cqc_locations).toHaveLength(11);

    const medway = "E06000035";
    expect(fact(facts, "cqc_locations_count", medway)?.value).toBe(9);
    expect(fact(facts, "cqc_locations_count", medway, "service_type=Care home")?.value).toBe(5);
    expect(fact(facts, "cqc_locations_count", medway, "service_type=Care home with nursing")?.value).toBe(2);
    expect(fact(facts, "cqc_locations_count", medway, "service_type=Care home without nursing")?.value).toBe(3);
    expect(fact(facts, "cqc_locations_count", medway, "service_type=Domiciliary care")?.value).toBe(2);
    expect(fact(facts, "cqc_locations_count", medway, "service_type=Supported living")?.value).toBe(1);
    expect(fact(facts, "cqc_locations_count", medway, "service_type=Extra care")?.value).toBe(1);
    expect(fact(facts, "cqc_locations_count", medway, "service_type=Shared Lives")?.value).toBe(0);
    expect(fact(facts, "cqc_care_home_beds", medway, "service_type=Care home")?.value).toBe(160);
    expect(fact(facts, "cqc_care_home_beds", medway, "service_type=Care home with nursing")?.value).toBe(100);
    expect(fact(facts, "cqc_care_home_beds", medway, "total")).toBeUndefined();

    // Care homes: Outstanding 1, Good 2, RI 1, not yet rated 1 -> 3/5 Good or Outstanding.
    expect(fact(facts, "cqc_locations_good_or_outstanding_pct", medway, "service_type=Care home")).toMatchObject({value: 60, numerator: 3, denominator: 5, status: "ok"});
    expect(fact(facts, "cqc_locations_not_yet_rated_pct", medway, "service_type=Care home")).toMatchObject({numerator: 1, denominator: 5});
    // All nine: Outstanding 1, Good 4, RI 2, Inadequate 1, not yet rated 1.
    expect(fact(facts, "cqc_locations_good_or_outstanding_pct", medway)).toMatchObject({numerator: 5, denominator: 9});
    expect(fact(facts, "cqc_locations_requires_improvement_pct", medway)).toMatchObject({numerator: 2, denominator: 9});
    expect(fact(facts, "cqc_locations_inadequate_pct", medway)).toMatchObject({numerator: 1, denominator: 9});
    // No share where there is nothing to divide by.
    expect(fact(facts, "cqc_locations_good_or_outstanding_pct", medway, "service_type=Shared Lives")).toBeUndefined();

    // Region (Medway + Kent) and England (+ Bristol, whose CQC name is "Bristol, City of").
    expect(fact(facts, "cqc_locations_count", "E12000008")?.value).toBe(10);
    expect(fact(facts, "cqc_care_home_beds", "E12000008", "service_type=Care home")?.value).toBe(175);
    expect(fact(facts, "cqc_locations_count", ENGLAND_CODE)?.value).toBe(11);
    expect(fact(facts, "cqc_locations_count", "E06000023", "service_type=Shared Lives")?.value).toBe(1);
    // Every council has a count, zero included.
    expect(facts.filter((f) => f.indicator_id === "cqc_locations_count" && f.breakdown === "total")).toHaveLength(COUNCILS.length + 9 + 1);
    expect(facts.every((f) => f.period === "2026-05-05" && f.vintage === "2026-05-05" && f.source_id === "cqc-care-directory-2026-05")).toBe(true);

    const first = cqc_locations[0];
    expect(first).toMatchObject({area_code: medway, service_type: "Care home with nursing", care_home: true, beds: 40, rating: "Good", rating_date: "2024-05-12"});
    expect(cqc_locations.find((l) => l.service_type === "Domiciliary care")).toMatchObject({care_home: false, beds: null});
    expect(cqc_locations.filter((l) => l.rating === "Not yet rated")).toHaveLength(1);
  });

  it("reads the older XLSX layouts the same way: header at row 7, and data on sheet 2", () => {
    const ods = parseFixture({bookType: "ods"});
    for (const layout of [{bookType: "xlsx", layout: "header-row-7"}, {bookType: "xlsx", layout: "sheet-2"}, {bookType: "xlsx", layout: "current"}] as WorkbookLayout[]) {
      const parsed = parseFixture(layout, "01_December_2020_HSCA_Active_Locations.xlsx");
      expect(parsed.summary.locations, layout.layout).toBe(11);
      expect(parsed.cqc_locations.map((l) => ({...l, vintage: "", source_id: ""}))).toEqual(ods.cqc_locations.map((l) => ({...l, vintage: "", source_id: ""})));
      expect(parsed.facts.length).toBe(ods.facts.length);
    }
  });

  it("accepts header drift that keeps the meaning", () => {
    const parsed = parseFixture({bookType: "ods", headers: {"Location ID": "Location Id", "Care homes beds": "Care home beds", "Location Latest Overall Rating": "Latest Overall Rating"}});
    expect(fact(parsed.facts, "cqc_care_home_beds", "E06000035", "service_type=Care home")?.value).toBe(160);
  });

  it("takes the edition date from the source when the file name has none, and refuses a contradiction", () => {
    const bytes = writeCareDirectory(FIXTURE, {bookType: "ods"});
    expect(parseCareDirectory(bytes, "upload.ods", {source_id: "s", editionDate: "2026-05-05"}).summary.edition).toBe("2026-05-05");
    expect(dataError(() => parseCareDirectory(bytes, "upload.ods", {source_id: "s"})).file).toBe("upload.ods");
    expect(dataError(() => parseCareDirectory(bytes, MAY_FILE, {source_id: "s", editionDate: "2026-04-01"})).message).toMatch(/2026-05-05.*2026-04-01/);
  });

  describe("bad inputs are located errors", () => {
    const good = writeCareDirectory(FIXTURE, {bookType: "ods"});

    it("truncated ODS", () => {
      const error = dataError(() => parseCareDirectory(good.subarray(0, Math.floor(good.length / 2)), MAY_FILE, {source_id: "s"}));
      expect(error.file).toBe(MAY_FILE);
      expect(error.message).toMatch(/truncated|cannot read/i);
    });

    it("an HTML page saved as .ods", () => {
      const html = text("<!DOCTYPE html><html><head><title>Page not found | Care Quality Commission</title></head><body>Sorry</body></html>");
      const error = dataError(() => parseCareDirectory(html, MAY_FILE, {source_id: "s"}));
      expect(error.file).toBe(MAY_FILE);
      expect(error.message).toMatch(/HTML page.*Page not found/);
    });

    it("a renamed column", () => {
      const error = dataError(() => parseFixture({bookType: "ods", headers: {"Location Local Authority": "Location LA Name"}}));
      expect(error).toMatchObject({file: MAY_FILE, sheet: "HSCA_Active_Locations", row: 1, column: "Location Local Authority"});
      expect(error.expected).toMatch(/Location LA Name/);
    });

    it("a missing column", () => {
      const error = dataError(() => parseFixture({bookType: "ods", headers: {"Location Inspection Directorate": null}}));
      expect(error).toMatchObject({sheet: "HSCA_Active_Locations", row: 1, column: "Location Inspection Directorate"});
    });

    it("the wrong sheet", () => {
      const error = dataError(() => parseFixture({bookType: "ods", dataSheetName: "Dual_Registration_Locations"}));
      expect(error.file).toBe(MAY_FILE);
      expect(error.message).toMatch(/HSCA_Active_Locations/);
      expect(error.expected).toMatch(/'README', 'Dual_Registration_Locations'/);
    });

    it("an unknown local authority name", () => {
      const error = dataError(() => parseFixture({bookType: "ods"}, MAY_FILE, [...FIXTURE.slice(0, 3), loc({localAuthority: "Gotham", kind: "domiciliary"})]));
      expect(error).toMatchObject({file: MAY_FILE, sheet: "HSCA_Active_Locations", row: 5, column: "Location Local Authority", value: "Gotham"});
      expect(error.message).toMatch(/unknown council/);
    });

    it("an unknown rating, a bad flag and a bad bed count", () => {
      const rating = dataError(() => parseFixture({bookType: "ods"}, MAY_FILE, [loc({localAuthority: "Kent", kind: "domiciliary", rating: "Very good"})]));
      expect(rating).toMatchObject({row: 2, column: "Location Latest Overall Rating", value: "Very good"});
      const beds = dataError(() => parseFixture({bookType: "ods"}, MAY_FILE, [loc({localAuthority: "Kent", kind: "residential", beds: -3})]));
      expect(beds).toMatchObject({row: 2, column: "Care homes beds", value: "-3"});
      const duplicate = FIXTURE[0];
      expect(dataError(() => parseFixture({bookType: "ods"}, MAY_FILE, [duplicate, duplicate])).message).toMatch(/twice/);
    });
  });
});

/** Each registered source parsed once from its committed file (the ODS parses take seconds). */
const parsedSources = new Map<string, Promise<CanonicalTables>>();
function parseSource(source: SourceDefinition): Promise<CanonicalTables> {
  if (!parsedSources.has(source.id)) {
    parsedSources.set(source.id, Promise.resolve(source.parse(new Uint8Array(readFileSync(`data/raw/${source.raw_path}`)), `data/raw/${source.raw_path}`)));
  }
  return parsedSources.get(source.id)!;
}

describe("CQC sample and registry", () => {
  it("regenerates the committed sample byte for byte", () => {
    for (const {file, bytes} of sampleEditions()) {
      expect(Buffer.from(bytes).equals(readFileSync(`data/raw/cqc/${file}`)), `${file} is out of date: run npx tsx scripts/sample/cqc.ts`).toBe(true);
    }
  });

  it("parses both sample editions through their registered sources: every council present, change between editions", async () => {
    const results = [];
    for (const source of sources.filter((s) => s.id.startsWith("cqc-care-directory-"))) {
      const tables = await parseSource(source);
      const counts = tables.facts.filter((f) => f.indicator_id === "cqc_locations_count" && f.breakdown === "total" && f.area_code.match(/^E0[689]|^E10/));
      expect(counts).toHaveLength(153);
      expect(counts.every((f) => (f.value ?? 0) > 0)).toBe(true);
      expect(tables.cqc_locations!.length).toBeGreaterThan(2000);
      results.push(tables);
    }
    expect(results).toHaveLength(2);
    const [april, may] = results.map((t) => fact(t.facts, "cqc_locations_count", ENGLAND_CODE)!.value);
    expect(april).not.toBe(may);
  });

  it("registers the sources and catalogue entries the family emits", async () => {
    expect(sources.map((s) => s.id)).toEqual(["cqc-la-assessments", "cqc-care-directory-2026-04", "cqc-care-directory-2026-05", "cqc-latest-ratings"]);
    expect(sources[0].curated).toBe(true);
    expect(sources[2].url).toBe("https://www.cqc.org.uk/sites/default/files/2026-05/05_May_2026_HSCA_Active_Locations.ods");
    const pattern = new RegExp(sources[2].discovery!.link_pattern);
    expect(pattern.test('<a href="/sites/default/files/2026-07/01_July_2026_HSCA_Active_Locations.ods">')).toBe(true);
    expect(pattern.test("https://www.cqc.org.uk/sites/default/files/2024-03/01_March_2024_HSCA_Active_Locations-v2.xlsx")).toBe(true);
    // From September 2026 CQC links its files under /system/files/ (seen on the Using CQC data page).
    expect(pattern.test("https://www.cqc.org.uk/system/files/2026-09/01_September_2026_HSCA_Active_Locations.ods")).toBe(true);
    expect(pattern.test("https://www.cqc.org.uk/system/files/2026-09/01_September_2026_Latest_ratings.ods")).toBe(false);

    const catalogue = new Set(indicators.map((i) => i.indicator_id));
    const emitted = new Set<string>();
    // The latest-ratings source has no committed file (a refresh source; it emits locations, no facts).
    for (const source of sources.filter((s) => existsSync(`data/raw/${s.raw_path}`))) {
      const tables = await parseSource(source);
      for (const f of tables.facts) emitted.add(f.indicator_id);
    }
    // ASCOF 6B (residential providers rated good or outstanding) is a CQC measure the reablement family's ASCOF source emits.
    const emittedElsewhere = ["ascof_residential_good_outstanding"];
    expect([...emitted].sort()).toEqual([...catalogue].filter((id) => !emittedElsewhere.includes(id)).sort());
    expect(emittedElsewhere.every((id) => catalogue.has(id))).toBe(true);
    const headline = indicators.find((i) => i.indicator_id === "cqc_locations_good_or_outstanding_pct")!;
    expect(headline).toMatchObject({polarity: "high_is_good", unit: "%", multiplier: 100, source: "Care Quality Commission"});
  });
});
