/**
 * CQC's "latest ratings" layout (loaders/families/cqc/parse-latest-ratings.ts): a five-location cut
 * of the real Lincolnshire file in its exact layout (test/fixtures/cqc/, MM/DD/YYYY dates as that
 * export writes them), the same rows as an ODS with sheet `Locations` and date cells, bad inputs
 * with located errors, then the real file (../shared/data/real/cqc/, skipped when absent).
 */
import {existsSync, readFileSync} from "node:fs";
import * as XLSX from "@e965/xlsx";
import {describe, expect, it} from "vitest";
import {latestRatingsEditionFromFileName, parseLatestRatings, slashDateOrder} from "../loaders/families/cqc/parse-latest-ratings.ts";
import {sources} from "../loaders/families/cqc/sources.ts";
import {DataError} from "../loaders/validate.ts";
import type {CqcLocationRow} from "../loaders/model.ts";
import {expectDataError} from "./support/data-error.ts";

const FIXTURE = "test/fixtures/cqc/latest-ratings-lincolnshire-five-locations.csv";
const FIXTURE_TEXT = readFileSync(FIXTURE, "utf-8");
const REAL = "../shared/data/real/cqc/cqc-latest-ratings-lincolnshire.csv";
const LINCOLNSHIRE = "E10000019";
const OPTIONS = {source_id: "cqc-latest-ratings", editionDate: "2026-09-01"};
const text = (s: string) => new TextEncoder().encode(s);
const parse = (csv: string, file = "latest.csv") => parseLatestRatings(text(csv), file, OPTIONS);
const byId = (rows: CqcLocationRow[], id: string) => rows.find((r) => r.location_id === id);
/** The 1-based line of the first fixture row matching all the needles. */
const lineWith = (csv: string, ...needles: string[]) => csv.split("\n").findIndex((l) => needles.every((n) => l.includes(n))) + 1;


describe("CQC latest ratings: the layout", () => {
  const {cqc_locations, facts, summary} = parse(FIXTURE_TEXT);

  it("keeps the three adult social care locations, one row each, and leaves the GP practice and the dentist out", () => {
    expect(summary).toMatchObject({edition: "2026-09-01", rows: 62, otherLocationTypeRows: 24, otherReportTypeRows: 0, locations: 3, careHomes: 2, notRatedWithServiceRatings: 1});
    expect(cqc_locations.map((l) => l.location_id)).toEqual(["1-10041249501", "1-10723430806", "1-115522855"]);
    expect(facts).toEqual([]);
  });

  it("takes the location-level overall rating and its date, not a service's or a domain's (hand-checked against the rows)", () => {
    // MSP Case Management Ltd: 'Overall' / 'Overall' Good, published 05/29/2026 (rows for Homecare and five domains ignored).
    expect(byId(cqc_locations, "1-10041249501")).toEqual({
      location_id: "1-10041249501", area_code: LINCOLNSHIRE, service_type: "Community based adult social care services", care_home: false,
      beds: null, rating: "Good", rating_date: "2026-05-29", source_id: "cqc-latest-ratings", vintage: "2026-09-01"
    });
    // Eagle House Residential Care Home: Outstanding, 06/04/2025 read as 4 June 2025 (the file is month-first).
    expect(byId(cqc_locations, "1-10723430806")).toMatchObject({service_type: "Care home", care_home: true, rating: "Outstanding", rating_date: "2025-06-04"});
    // Grosvenor House Care Home: no location-level rating ('Not Rated', no date) although its Care Homes and Homecare services are rated Good.
    expect(byId(cqc_locations, "1-115522855")).toMatchObject({care_home: true, rating: "Not yet rated", rating_date: null});
  });

  it("reads the same from an ODS with sheet 'Locations' and date cells", () => {
    const sheet = XLSX.read(FIXTURE_TEXT, {type: "string", raw: true}).Sheets.Sheet1;
    const dateColumn = FIXTURE_TEXT.split("\n")[0].split(",").indexOf("Publication Date");
    for (const [address, cell] of Object.entries(sheet)) {
      if (address.startsWith("!") || XLSX.utils.decode_cell(address).c !== dateColumn || XLSX.utils.decode_cell(address).r === 0) continue;
      const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(String(cell.v));
      if (m) sheet[address] = {t: "d", v: new Date(Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2])))};
    }
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["Latest ratings"], ["Issues with our care directory files ..."]]), "Notes");
    XLSX.utils.book_append_sheet(book, sheet, "Locations");
    const ods = new Uint8Array(XLSX.write(book, {type: "array", bookType: "ods"}));
    const fromOds = parseLatestRatings(ods, "01_September_2026_Latest_ratings.ods", {source_id: "cqc-latest-ratings"});
    expect(fromOds.summary).toMatchObject({edition: "2026-09-01", locations: 3, careHomes: 2});
    expect(fromOds.cqc_locations).toEqual(cqc_locations);
  });

  it("reads DD/MM/YYYY dates when the file is day-first, and refuses a file that mixes or cannot show the order", () => {
    const dayFirst = FIXTURE_TEXT.replace(/(,)(\d{2})\/(\d{2})\/(\d{4})(,)/g, "$1$3/$2/$4$5");
    expect(parse(dayFirst).cqc_locations).toEqual(cqc_locations);
    const mixed = FIXTURE_TEXT.replace("06/04/2025", "13/06/2025");
    expectDataError(() => parse(mixed), {file: "latest.csv", row: lineWith(mixed, "13/06/2025"), column: "Publication Date", value: "13/06/2025", message: /DD\/MM\/YYYY.*MM\/DD\/YYYY/});
    // The adult social care rows' only unambiguous dates are 05/29/2026 and 02/16/2026.
    const ambiguous = FIXTURE_TEXT.replace(/05\/29\/2026/g, "05/09/2026").replace(/02\/16\/2026/g, "02/06/2026");
    expectDataError(() => parse(ambiguous), {column: "Publication Date", message: /cannot tell/});
    const where = {file: "f.csv", row: 2, column: "Publication Date"};
    expect(slashDateOrder([{text: "2026-05-29", where}, {text: "", where}])).toBeUndefined();
  });

  it("reads the edition from CQC's file name, and refuses a rating published after the edition", () => {
    expect(latestRatingsEditionFromFileName("data/raw/cqc/01_September_2026_Latest_ratings.ods")).toBe("2026-09-01");
    expect(latestRatingsEditionFromFileName("cqc-latest-ratings-lincolnshire.csv")).toBeUndefined();
    expectDataError(() => parseLatestRatings(text(FIXTURE_TEXT), "upload.csv", {source_id: "s"}), {file: "upload.csv", message: /which edition/});
    expectDataError(() => parseLatestRatings(text(FIXTURE_TEXT), "01_May_2026_Latest_ratings.csv", {source_id: "s"}), {
      row: lineWith(FIXTURE_TEXT, "1-10041249501", ",Overall,Overall,"), column: "Publication Date", value: "05/29/2026", message: /after the edition date 2026-05-01/
    });
  });
});

describe("CQC latest ratings: bad inputs are located errors", () => {
  it("a renamed column", () => {
    const renamed = FIXTURE_TEXT.replace("Location Local Authority", "Location LA");
    const error = expectDataError(() => parse(renamed), {file: "latest.csv", row: 1, column: "Location Local Authority"});
    expect(error.expected).toMatch(/found .*'Location LA'/);
  });

  it("an unknown local authority", () => {
    const rows = FIXTURE_TEXT.split("\n");
    const gotham = [rows[0], ...rows.slice(1).map((r) => (r.startsWith("1-10723430806,") ? r.replace(",Lincolnshire,", ",Gotham,") : r))].join("\n");
    expectDataError(() => parse(gotham), {file: "latest.csv", row: lineWith(gotham, "1-10723430806"), column: "Location Local Authority", value: "Gotham", message: /unknown council/});
  });

  it("a location whose rows disagree on its local authority", () => {
    const line = lineWith(FIXTURE_TEXT, "1-10723430806", ",Overall,Safe,");
    const rows = FIXTURE_TEXT.split("\n");
    rows[line - 1] = rows[line - 1].replace(",Lincolnshire,", ",Nottinghamshire,");
    expectDataError(() => parse(rows.join("\n")), {row: line, column: "Location Local Authority", value: "Nottinghamshire", message: /'Lincolnshire' here at its first row/});
  });

  it("domain rows without an Overall row", () => {
    const rows = FIXTURE_TEXT.split("\n").filter((r) => !(r.startsWith("1-10723430806,") && r.includes(",Overall,Overall,")));
    const csv = rows.join("\n");
    const error = expectDataError(() => parse(csv), {file: "latest.csv", row: lineWith(csv, "1-10723430806"), column: "Domain", message: /location 1-10723430806 has 11 domain rows but no overall rating row/});
    expect(error.expected).toMatch(/Service \/ Population Group 'Overall' and Domain 'Overall'/);
  });

  it("a second overall row, an unknown rating and a blank location type", () => {
    const overall = FIXTURE_TEXT.split("\n").find((r) => r.startsWith("1-10723430806,") && r.includes(",Overall,Overall,"))!;
    const twice = FIXTURE_TEXT.trimEnd() + "\n" + overall + "\n";
    expectDataError(() => parse(twice), {row: twice.trimEnd().split("\n").length, column: "Domain", message: /second overall rating/});
    const excellent = FIXTURE_TEXT.replace(overall, overall.replace(",Outstanding,", ",Excellent,"));
    expectDataError(() => parse(excellent), {row: lineWith(excellent, ",Excellent,"), column: "Latest Rating", value: "Excellent"});
    const blankType = FIXTURE_TEXT.replace(overall, overall.replace(",Social Care Org,", ",,"));
    expectDataError(() => parse(blankType), {row: lineWith(FIXTURE_TEXT, overall.slice(0, 60), ",Overall,Overall,"), column: "Location Type", message: /blank/});
  });

  it("a truncated file", () => {
    const cut = FIXTURE_TEXT.slice(0, FIXTURE_TEXT.indexOf("Eagle House") + 40);
    expectDataError(() => parse(cut), {file: "latest.csv", row: cut.split("\n").length, message: /truncated/});
  });

  it("a file with no adult social care location", () => {
    const onlyGp = FIXTURE_TEXT.split("\n").filter((r, i) => i === 0 || r.startsWith("1-10085774795,")).join("\n") + "\n";
    expectDataError(() => parse(onlyGp), {file: "latest.csv", message: /no adult social care locations/});
  });
});

describe("CQC latest ratings: the registered source", () => {
  const source = sources.find((s) => s.id === "cqc-latest-ratings")!;

  it("is a refresh source for CQC's national file, found on the Using CQC data page", () => {
    expect(source).toMatchObject({family: "cqc", format: "csv", raw_path: "cqc/cqc-latest-ratings-lincolnshire.csv", vintage: "2026-09-01", url: "https://www.cqc.org.uk/system/files/2026-09/01_September_2026_Latest_ratings.ods"});
    expect(source.curated).toBeUndefined();
    expect(source.discovery!.landing_page).toBe("https://www.cqc.org.uk/about-us/transparency/using-cqc-data");
    const pattern = new RegExp(source.discovery!.link_pattern);
    expect(pattern.test('<a href="/sites/default/files/2026-03/01_March_2026_Latest_ratings.ods">')).toBe(true);
    expect(pattern.test(source.url)).toBe(true);
    expect(pattern.test("https://www.cqc.org.uk/system/files/2026-09/01_September_2026_HSCA_Active_Locations.ods")).toBe(false);
    expect(existsSync(`data/raw/${source.raw_path}`), "one county's cut must not be committed to data/raw").toBe(false);
  });
});

describe.skipIf(!existsSync(REAL))("CQC latest ratings: the real Lincolnshire file (../shared/data/real/cqc/)", () => {
  if (!existsSync(REAL)) console.warn(`skipped: ${REAL} not found (the shared real-data folder is absent outside CI)`);
  const source = sources.find((s) => s.id === "cqc-latest-ratings")!;

  it("reads 4,159 rows into 356 adult social care locations, 262 of them care homes", async () => {
    const tables = await source.parse(new Uint8Array(readFileSync(REAL)), REAL);
    const locations = tables.cqc_locations!;
    expect(locations).toHaveLength(356);
    expect(locations.every((l) => l.area_code === LINCOLNSHIRE && l.vintage === "2026-09-01" && l.source_id === "cqc-latest-ratings" && l.beds === null)).toBe(true);
    const {summary} = parseLatestRatings(new Uint8Array(readFileSync(REAL)), REAL, OPTIONS);
    expect(summary).toMatchObject({rows: 4159, otherLocationTypeRows: 1533, locations: 356, careHomes: 262, notRatedWithServiceRatings: 7});

    const count = (rows: CqcLocationRow[]) => Object.fromEntries(["Outstanding", "Good", "Requires improvement", "Inadequate", "Not yet rated"].map((r) => [r, rows.filter((l) => l.rating === r).length]));
    // Care homes match the Susai23 pipeline's own count of this file (184 / 56 / 16 / 3 / 3; 200 of the 259 rated = 77.2%).
    expect(count(locations.filter((l) => l.care_home))).toEqual({"Outstanding": 16, "Good": 184, "Requires improvement": 56, "Inadequate": 3, "Not yet rated": 3});
    expect(count(locations)).toEqual({"Outstanding": 22, "Good": 257, "Requires improvement": 67, "Inadequate": 3, "Not yet rated": 7});
  });

  it("gives named locations exactly as their rows do", async () => {
    const locations = (await source.parse(new Uint8Array(readFileSync(REAL)), REAL)).cqc_locations!;
    expect(byId(locations, "1-10041249501")).toMatchObject({care_home: false, rating: "Good", rating_date: "2026-05-29"}); // MSP Case Management Ltd
    expect(byId(locations, "1-1031902754")).toMatchObject({care_home: true, rating: "Good", rating_date: "2025-04-29"}); // Seacroft Court
    expect(byId(locations, "1-10723430806")).toMatchObject({care_home: true, rating: "Outstanding", rating_date: "2025-06-04"}); // Eagle House Residential Care Home
    expect(byId(locations, "1-11291698831")).toMatchObject({care_home: true, rating: "Requires improvement", rating_date: "2026-01-12"}); // Halmer Court
    expect(byId(locations, "1-145212140")).toMatchObject({care_home: false, rating: "Not yet rated", rating_date: null}); // Autism Care Community Services: its Supported Living service is rated Good
    expect(byId(locations, "1-10085774795")).toBeUndefined(); // The New Coningsby Surgery, a GP practice
  });
});
