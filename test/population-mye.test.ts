/**
 * ONS mid-year population estimates (MYE2 persons by single year of age): the small fixtures in
 * the publisher's layouts (test/fixtures/safeguarding/mye-*-small.*, written from the real files
 * by test/support/mye-fixtures.ts), bad inputs built from them, and the eight real workbooks
 * mid-2015 to mid-2022 in ../shared/data/real/population with exact figures.
 */
import {existsSync, readFileSync} from "node:fs";
import * as XLSX from "@e965/xlsx";
import {describe, expect, it} from "vitest";
import type {FactRow} from "../loaders/model.ts";
import {DataError} from "../loaders/validate.ts";
import {expectFormat, sniffFormat} from "../loaders/read/sniff.ts";
import {readSheet} from "../loaders/read/spreadsheet.ts";
import {COUNCILS, ENGLAND_CODE, REGIONS, RETIRED_COUNCILS} from "../loaders/families/geography/index.ts";
import {parsePopulationMye, POPULATION_65_INDICATOR, POPULATION_INDICATOR} from "../loaders/families/safeguarding/parse-population-mye.ts";
import {findDiscoveredLinks} from "../loaders/refresh.ts";
import {indicators, ONS_MYE_URL} from "../loaders/families/safeguarding/indicators.ts";
import {MYE_YEARS, sources} from "../loaders/families/safeguarding/sources.ts";
import {expectDataError} from "./support/data-error.ts";

const FIXTURES = "test/fixtures/safeguarding";
const MYE_2016 = `${FIXTURES}/mye-2016-small.xls`;
const MYE_2022 = `${FIXTURES}/mye-2022-small.xlsx`;
const read = (file: string) => new Uint8Array(readFileSync(file));
const parse = (bytes: Uint8Array, file: string, year: number) => parsePopulationMye(bytes, file, {source_id: `ons-mye-${year}`, year}).facts;

const MEDWAY = "E06000035";
const TRAFFORD = "E08000009";
const KENT = "E10000016";

function value(facts: readonly FactRow[], indicator: string, area: string): number | null | undefined {
  const matches = facts.filter((f) => f.indicator_id === indicator && f.area_code === area);
  expect(matches.length, `${indicator} ${area}`).toBeLessThanOrEqual(1);
  return matches[0]?.value;
}
const adults = (facts: readonly FactRow[], area: string) => value(facts, POPULATION_INDICATOR, area);
const over65 = (facts: readonly FactRow[], area: string) => value(facts, POPULATION_65_INDICATOR, area);


/** The fixture with one edit to its persons sheet, written back in the same container. */
function edited(file: string, sheetName: string, edit: (rows: (string | number)[][], workbook: XLSX.WorkBook) => void): Uint8Array {
  const workbook = XLSX.read(read(file), {type: "array"});
  const rows = XLSX.utils.sheet_to_json<(string | number)[]>(workbook.Sheets[sheetName], {header: 1, raw: true, defval: "", blankrows: true});
  edit(rows, workbook);
  if (workbook.SheetNames.includes(sheetName)) workbook.Sheets[sheetName] = XLSX.utils.aoa_to_sheet(rows);
  return new Uint8Array(XLSX.write(workbook, {type: "array", bookType: file.endsWith(".xls") ? "biff8" : "xlsx"}));
}
const rowOf = (rows: (string | number)[][], code: string) => rows.findIndex((row) => row[0] === code);

describe("MYE fixtures in the publisher's layouts", () => {
  it("mid-2016 (.xls, sheet 'MYE2 - All', header row 5, no Geography column, oldest age '90'): councils, regions and England only", () => {
    const bytes = read(MYE_2016);
    expect(sniffFormat(bytes)).toBe("ole");
    const facts = parse(bytes, MYE_2016, 2016);
    expect(facts.find((f) => f.area_code === MEDWAY)).toMatchObject({period: "2016-06-30", breakdown: "total", status: "ok", source_id: "ons-mye-2016", vintage: "mid-2016", numerator: null, denominator: null});
    expect([adults(facts, ENGLAND_CODE), over65(facts, ENGLAND_CODE)]).toEqual([43482790, 9882841]);
    expect([adults(facts, "E12000002"), adults(facts, "E12000008")]).toEqual([5686931, 7093104]);
    expect([adults(facts, MEDWAY), over65(facts, MEDWAY)]).toEqual([214845, 43237]);
    expect([adults(facts, TRAFFORD), over65(facts, TRAFFORD)]).toEqual([179719, 40307]);
    expect([adults(facts, KENT), over65(facts, KENT)]).toEqual([1208848, 305924]);
    // UK, Wales, Greater Manchester (E11) and Ashford district (E07) are left out.
    const areas = new Set(facts.map((f) => f.area_code));
    for (const code of ["K02000001", "W92000004", "E11000001", "E07000105"]) expect(areas.has(code), code).toBe(false);
  });

  it("files retired councils as the geography says: same-boundary ones under the successor, split ones under their own code", () => {
    const facts = parse(read(MYE_2016), MYE_2016, 2016);
    // Buckinghamshire County Council E10000002 -> Buckinghamshire Council E06000060 (April 2020, same boundary)
    expect(adults(facts, "E06000060")).toBe(412515);
    expect(adults(facts, "E10000002")).toBeUndefined();
    // North Yorkshire County Council E10000023 -> North Yorkshire E06000065 (April 2023, same boundary)
    expect(adults(facts, "E06000065")).toBe(487626);
    // Northamptonshire (split in 2021) and Bournemouth (merged in 2019) keep their codes
    expect([adults(facts, "E10000021"), over65(facts, "E10000021")]).toEqual([567917, 128615]);
    expect(adults(facts, "E06000028")).toBe(162127);
  });

  it("mid-2022 (.xlsx, header row 8 after the note rows, '90+', rows in alphabetical order): the persons sheet, not the sex split", () => {
    const facts = parse(read(MYE_2022), MYE_2022, 2022);
    expect(sniffFormat(read(MYE_2022))).toBe("zip");
    expect([adults(facts, ENGLAND_CODE), over65(facts, ENGLAND_CODE)]).toEqual([45219492, 10629867]);
    expect([adults(facts, MEDWAY), over65(facts, MEDWAY)]).toEqual([217413, 46978]);
    expect([adults(facts, KENT), over65(facts, KENT)]).toEqual([1250780, 326046]);
    // North Yorkshire is a unitary from April 2023 and the mid-2022 file already uses that code.
    expect(adults(facts, "E06000065")).toBe(509313);
    // City of London and the Isles of Scilly have their own rows; Cornwall's excludes Scilly.
    expect([adults(facts, "E09000001"), adults(facts, "E06000053"), adults(facts, "E06000052")]).toEqual([10256, 1922, 470013]);
    expect(facts.some((f) => f.area_code.startsWith("S") || f.area_code.startsWith("K") || f.area_code.startsWith("E07"))).toBe(false);
  });
});

describe("bad MYE workbooks fail with located errors", () => {
  it("a workbook without any of the persons sheets lists the sheets it has", () => {
    const bytes = edited(MYE_2022, "MYE2 - Persons", (_rows, workbook) => {
      workbook.SheetNames[workbook.SheetNames.indexOf("MYE2 - Persons")] = "Table 2";
      workbook.Sheets["Table 2"] = workbook.Sheets["MYE2 - Persons"];
      delete workbook.Sheets["MYE2 - Persons"];
    });
    const error = expectDataError(() => parse(bytes, "mye-2022.xlsx", 2022), {file: "mye-2022.xlsx", message: /no sheet named 'MYE2 - Persons' or 'MYE2 - All' or 'MYE2-All' or 'Persons UK'/});
    expect(error.expected).toMatch(/the workbook has .*'Table 2'.*'MYE2 - Females'/);
  });

  it("no header row (the 'All ages' heading renamed)", () => {
    const bytes = edited(MYE_2016, "MYE2 - All", (rows) => {
      rows[4][2] = "Total";
    });
    expectDataError(() => parse(bytes, "mye-2016.xls", 2016), {file: "mye-2016.xls", sheet: "MYE2 - All", message: /no header row found/});
  });

  it("a single year of age missing from the header", () => {
    const bytes = edited(MYE_2022, "MYE2 - Persons", (rows) => {
      rows[7][4 + 47] = "47 years";
    });
    expectDataError(() => parse(bytes, "mye-2022.xlsx", 2022), {sheet: "MYE2 - Persons", row: 8, column: "47", message: /single year of age is missing/});
  });

  it("a non-numeric age cell names its sheet, row and column", () => {
    let row = 0;
    const bytes = edited(MYE_2022, "MYE2 - Persons", (rows) => {
      row = rowOf(rows, MEDWAY);
      rows[row][4 + 40] = "n/a";
    });
    expectDataError(() => parse(bytes, "mye-2022.xlsx", 2022), {file: "mye-2022.xlsx", sheet: "MYE2 - Persons", row: row + 1, column: "40", value: "n/a", message: /not a population count/});
  });

  it("an unknown council code, with the row's name", () => {
    let row = 0;
    const bytes = edited(MYE_2016, "MYE2 - All", (rows) => {
      row = rowOf(rows, MEDWAY);
      rows[row][0] = "E06000999";
    });
    expectDataError(() => parse(bytes, "mye-2016.xls", 2016), {sheet: "MYE2 - All", row: row + 1, column: "Code", value: "E06000999", message: /unknown council code \(name 'Medway'\)/});
  });

  it("an unknown district or Welsh code is not an error: those rows are left out", () => {
    const bytes = edited(MYE_2016, "MYE2 - All", (rows) => {
      rows[rowOf(rows, "E07000105")][0] = "E07000999";
      rows[rowOf(rows, "W92000004")][0] = "W06000099";
    });
    expect(parse(bytes, "mye-2016.xls", 2016)).toHaveLength(parse(read(MYE_2016), MYE_2016, 2016).length);
  });

  it("'All ages' that is not the sum of the single years (a shifted column)", () => {
    let row = 0;
    const bytes = edited(MYE_2016, "MYE2 - All", (rows) => {
      row = rowOf(rows, KENT);
      rows[row][3 + 30] = Number(rows[row][3 + 30]) + 1;
    });
    expectDataError(() => parse(bytes, "mye-2016.xls", 2016), {row: row + 1, column: "All ages", value: "1541893", message: /not the sum of the single years of age \(1541894\)/});
  });

  it("the same area twice, also when a retired council's row is recoded onto a successor's", () => {
    const bytes = edited(MYE_2016, "MYE2 - All", (rows) => {
      rows.push([...rows[rowOf(rows, "E10000023")]].map((cell, i) => (i === 0 ? "E06000065" : cell)));
    });
    expectDataError(() => parse(bytes, "mye-2016.xls", 2016), {column: "Code", value: "E06000065", message: /appears twice \(first at row \d+\)/});
  });

  it("a footnote under the table is skipped, a garbled code in a row of figures is not", () => {
    const footnote = edited(MYE_2016, "MYE2 - All", (rows) => {
      rows.push([], ["1. Further information, on how the different tiers of administrative geography fit together, is in the notes."]);
    });
    expect(parse(footnote, "mye-2016.xls", 2016)).toHaveLength(parse(read(MYE_2016), MYE_2016, 2016).length);
    let row = 0;
    const garbled = edited(MYE_2016, "MYE2 - All", (rows) => {
      row = rowOf(rows, MEDWAY);
      rows[row][0] = "E0600035";
    });
    expectDataError(() => parse(garbled, "mye-2016.xls", 2016), {row: row + 1, column: "Code", value: "E0600035", message: /not a GSS area code/});
  });

  it("a workbook of another mid-year than the source's", () => {
    const error = expectDataError(() => parse(read(MYE_2016), "mye-2017.xls", 2017), {sheet: "MYE2 - All", row: 3, message: /the title is for mid-2016 .*expected the estimates for mid-2017/});
    expect(error.value).toMatch(/^MYE2: Population estimates: Persons .* mid-2016$/);
  });

  it("no England row", () => {
    const bytes = edited(MYE_2022, "MYE2 - Persons", (rows) => {
      rows.splice(rowOf(rows, ENGLAND_CODE), 1);
    });
    expectDataError(() => parse(bytes, "mye-2022.xlsx", 2022), {file: "mye-2022.xlsx", sheet: "MYE2 - Persons", message: /no row for England/});
  });

  it("truncated bytes, an empty file and an HTML page saved under the name", () => {
    for (const file of [MYE_2016, MYE_2022]) {
      const bytes = read(file);
      expectDataError(() => parse(bytes.subarray(0, Math.floor(bytes.length / 2)), file, 2016), {file, message: /cannot read the workbook .*the file is truncated/});
    }
    expectDataError(() => parse(new Uint8Array(0), "mye-2022.xlsx", 2022), {message: /the file is empty/});
    const page = new TextEncoder().encode("<!DOCTYPE html><html><head><title>Page not found - Office for National Statistics</title></head><body></body></html>");
    expectDataError(() => parse(page, "mye-2022.xlsx", 2022), {message: /HTML page.*Page not found/});
  });

  it("the sniff tells an XLS (OLE) from a zip: accepted as XLSX or spreadsheet, refused as ODS or CSV", () => {
    const xls = read(MYE_2016);
    expect(() => expectFormat(xls, MYE_2016, "xlsx")).not.toThrow();
    expect(() => expectFormat(xls, MYE_2016, "spreadsheet")).not.toThrow();
    expectDataError(() => expectFormat(xls, MYE_2016, "ods"), {message: /no zip signature/});
    expectDataError(() => expectFormat(xls, MYE_2016, "csv"), {message: /not a text file \(ole content\)/});
  });
});

describe("registry and catalogue", () => {
  it("registers one refreshable source per mid-year, 2015 to 2022, with the year's raw file", () => {
    const mye = sources.filter((s) => s.id.startsWith("ons-mye-"));
    expect(mye.map((s) => s.id)).toEqual(MYE_YEARS.map((year) => `ons-mye-${year}`));
    expect(mye.find((s) => s.id === "ons-mye-2015")).toMatchObject({publisher: "ONS", vintage: "mid-2015", format: "xlsx", raw_path: "population/mye-2015.xls"});
    expect(mye.find((s) => s.id === "ons-mye-2022")).toMatchObject({vintage: "mid-2022", raw_path: "population/mye-2022.xlsx", url: ONS_MYE_URL});
    expect(ONS_MYE_URL).toBe("https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland");
    for (const source of mye) expect(source.curated ?? false).toBe(false);
  });

  it("each year's discovery pattern picks that year's workbook from the ONS dataset page", () => {
    const base = "/file?uri=/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/populationestimatesforukenglandandwalesscotlandandnorthernireland";
    const page = [
      `${base}/mid2022/mye22final.xlsx`, `${base}/mid2021/ukpopestimatesmid2021on2021geographyfinal.xls`,
      `${base}/mid2011tomid2022/myebtablesuk20112022.xlsx`, `${base}/mid2020/ukpopestimatesmid2020on2021geography.xls`,
      `${base}/mid2022/mye22final.zip`
    ].map((href) => `<a href="${href}">download</a>`).join("\n");
    const linksFor = (year: number) => findDiscoveredLinks(page, sources.find((s) => s.id === `ons-mye-${year}`)!.discovery!.link_pattern, ONS_MYE_URL);
    expect(linksFor(2022)).toEqual([`https://www.ons.gov.uk${base}/mid2022/mye22final.xlsx`]);
    expect(linksFor(2021)).toEqual([`https://www.ons.gov.uk${base}/mid2021/ukpopestimatesmid2021on2021geographyfinal.xls`]);
    expect(linksFor(2015)).toEqual([]);
  });

  it("catalogues both population indicators as counts without judgement", () => {
    for (const id of [POPULATION_INDICATOR, POPULATION_65_INDICATOR]) {
      expect(indicators.find((i) => i.indicator_id === id)).toMatchObject({value_type: "count", unit: "people", polarity: "no_judgement", multiplier: null, source_url: expect.stringContaining("ons.gov.uk")});
    }
  });
});

const REAL = "../shared/data/real/population";
const hasReal = existsSync(REAL);
if (!hasReal) console.warn(`skipping the real-file ONS mid-year estimate tests: ${REAL} is absent (it exists beside the project in CI)`);

describe.skipIf(!hasReal)("real ONS mid-year estimates, mid-2015 to mid-2022", () => {
  // Each year parsed once, through its registered source (raw_path population/mye-YYYY.xls -> the real file).
  const parsed = new Map<number, FactRow[]>();
  const realFile = (year: number) => `${REAL}/mye-${year}.${year >= 2022 ? "xlsx" : "xls"}`;
  function factsFor(year: number): FactRow[] {
    if (!parsed.has(year)) {
      const source = sources.find((s) => s.id === `ons-mye-${year}`)!;
      const file = `${REAL}/${source.raw_path.replace(/^population\//, "")}`;
      const started = performance.now();
      parsed.set(year, (source.parse(read(file), file) as {facts: FactRow[]}).facts);
      console.log(`parsed ${file} in ${Math.round(performance.now() - started)} ms`);
    }
    return parsed.get(year)!;
  }

  it("each registered source parses its real workbook: two facts per area, the source's id, vintage and mid-year", () => {
    for (const year of MYE_YEARS) {
      const facts = factsFor(year);
      expect(facts.length, `mid-${year}`).toBe(2 * new Set(facts.map((f) => f.area_code)).size);
      expect(new Set(facts.map((f) => `${f.source_id}|${f.vintage}|${f.period}|${f.status}|${f.breakdown}`))).toEqual(new Set([`ons-mye-${year}|mid-${year}|${year}-06-30|ok|total`]));
    }
  }, 120_000);

  it("Medway, Trafford, Kent and England, 18+ and 65+, mid-2015, mid-2019 and mid-2022", () => {
    const expected: Record<number, Record<string, [number, number]>> = {
      2015: {[MEDWAY]: [213319, 42511], [TRAFFORD]: [179151, 39719], [KENT]: [1194332, 300274], [ENGLAND_CODE]: [43108471, 9711572]},
      2019: {[MEDWAY]: [213577, 44859], [TRAFFORD]: [180843, 41183], [KENT]: [1237716, 319396], [ENGLAND_CODE]: [44263393, 10353716]},
      2022: {[MEDWAY]: [217413, 46978], [TRAFFORD]: [180967, 41820], [KENT]: [1250780, 326046], [ENGLAND_CODE]: [45219492, 10629867]}
    };
    for (const [year, areas] of Object.entries(expected)) {
      const facts = factsFor(Number(year));
      for (const [area, [eighteen, sixtyFive]] of Object.entries(areas)) {
        expect([adults(facts, area), over65(facts, area)], `${area} mid-${year}`).toEqual([eighteen, sixtyFive]);
      }
    }
    expect(factsFor(2021).find((f) => f.area_code === MEDWAY && f.indicator_id === POPULATION_INDICATOR)).toMatchObject({value: 216012, period: "2021-06-30", source_id: "ons-mye-2021", vintage: "mid-2021", status: "ok"});
  }, 120_000);

  it("retired councils: Northamptonshire in mid-2019 under its own code; Buckinghamshire County Council in mid-2018 under Buckinghamshire Council's", () => {
    expect([adults(factsFor(2019), "E10000021"), over65(factsFor(2019), "E10000021")]).toEqual([581597, 136682]);
    expect(adults(factsFor(2019), "E06000061")).toBeUndefined();
    expect([adults(factsFor(2018), "E06000060"), over65(factsFor(2018), "E06000060")]).toEqual([415738, 101037]);
    expect(factsFor(2018).some((f) => f.area_code === "E10000002")).toBe(false);
  }, 120_000);

  it("every year: England equals the sum of the nine regions and the sum of the councils, and every council is covered", () => {
    const regions = new Set(REGIONS.map((r) => r.code));
    const expectedAreas: Record<number, number> = {2015: 162, 2016: 162, 2017: 162, 2018: 161, 2019: 161, 2020: 162, 2021: 162, 2022: 163};
    for (const year of MYE_YEARS) {
      const facts = factsFor(year);
      const areas = new Set(facts.map((f) => f.area_code));
      expect(areas.size, `mid-${year}`).toBe(expectedAreas[year]);
      for (const indicator of [POPULATION_INDICATOR, POPULATION_65_INDICATOR]) {
        const of = facts.filter((f) => f.indicator_id === indicator);
        const england = of.find((f) => f.area_code === ENGLAND_CODE)!.value!;
        const sum = (keep: (code: string) => boolean) => of.filter((f) => keep(f.area_code)).reduce((total, f) => total + f.value!, 0);
        expect(sum((code) => regions.has(code)), `${indicator} regions mid-${year}`).toBe(england);
        expect(sum((code) => code !== ENGLAND_CODE && !regions.has(code)), `${indicator} councils mid-${year}`).toBe(england);
      }
      // A council missing from the file must be the successor of a retired council that is present.
      const covered = new Set([...areas, ...RETIRED_COUNCILS.filter((c) => areas.has(c.code)).flatMap((c) => c.successors)]);
      expect(COUNCILS.filter((c) => !covered.has(c.code)).map((c) => c.code), `mid-${year}`).toEqual([]);
    }
  }, 120_000);

  it("a real workbook cut short is refused as truncated", () => {
    for (const year of [2019, 2022]) {
      const bytes = read(realFile(year));
      expectDataError(() => parse(bytes.subarray(0, Math.floor(bytes.length * 0.9)), realFile(year), year), {file: realFile(year), message: /cannot read the workbook .*the file is truncated/});
    }
  });

  it("mid-2022's persons sheet equals females plus males (it is not split by sex)", () => {
    const bytes = read(realFile(2022));
    const isHeader = (cells: string[]) => cells[0] === "Code" && cells.includes("All ages");
    const sheet = (name: string) => readSheet(bytes, realFile(2022), {sheets: [name], isHeader});
    const medway = (name: string) => Number(sheet(name).rows.find((row) => row[0] === MEDWAY)![3]);
    expect(medway("MYE2 - Persons")).toBe(282702);
    expect(medway("MYE2 - Females") + medway("MYE2 - Males")).toBe(282702);
  }, 60_000);
});
