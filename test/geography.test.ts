import {describe, expect, it} from "vitest";
import {existsSync, readFileSync} from "node:fs";
import {
  COUNCILS, ENGLAND_CODE, REGIONS, RETIRED_COUNCILS, areaName, areaRows, builtInGroups, councilByCassr, councilByCode,
  findCouncilByName, isKnownAreaCode, resolveCombinedArea, resolveCouncilName
} from "../loaders/families/geography/index.ts";
import {DataError} from "../loaders/validate.ts";
import {parseCsvText} from "../loaders/read/csv.ts";

const where = {file: "data/raw/workforce/sfc-la-2024.csv", row: 7, column: "Local authority"};

function codeFor(name: string): string {
  return resolveCouncilName(name, where).code;
}

function caught(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error("expected a DataError");
}

describe("council list (April 2023 geography)", () => {
  it("has the 153 councils with adult social care responsibility, each GSS and CASSR code once", () => {
    expect(COUNCILS).toHaveLength(153);
    expect(new Set(COUNCILS.map((c) => c.code)).size).toBe(153);
    expect(new Set(COUNCILS.map((c) => c.cassr)).size).toBe(153);
    expect(new Set(COUNCILS.map((c) => c.name)).size).toBe(153);
  });

  it("includes the 2019-2023 reorganisations and the two smallest CASSRs, and none of the retired codes", () => {
    for (const code of ["E06000058", "E06000059", "E06000060", "E06000061", "E06000062", "E06000063", "E06000064", "E06000065", "E06000066", "E09000001", "E06000053"]) {
      expect(councilByCode(code), code).toBeDefined();
    }
    for (const code of ["E06000028", "E06000029", "E10000002", "E10000006", "E10000009", "E10000021", "E10000023", "E10000027"]) {
      expect(councilByCode(code), code).toBeUndefined();
    }
  });

  it("types councils by their GSS entity code: 63 unitaries, 36 metropolitan districts, 33 London boroughs, 21 counties", () => {
    const count = (type: string) => COUNCILS.filter((c) => c.type === type).length;
    expect([count("UA"), count("MD"), count("LB"), count("CC")]).toEqual([63, 36, 33, 21]);
  });

  it("gives every council one of the nine regions, and every South East council an ICS", () => {
    expect(REGIONS).toHaveLength(9);
    expect(REGIONS.map((r) => r.nhs_code)).toEqual(["NE", "NW", "YH", "EM", "WM", "E", "L", "SE", "SW"]);
    const regionCodes = new Set(REGIONS.map((r) => r.code));
    for (const council of COUNCILS) expect(regionCodes.has(council.region_code), council.name).toBe(true);
    const southEast = COUNCILS.filter((c) => c.region_code === "E12000008");
    expect(southEast).toHaveLength(19);
    for (const council of southEast) {
      expect(council.ics_code, council.name).toMatch(/^E54\d{6}$/);
      expect(council.ics_name, council.name).toBeTruthy();
    }
    expect(councilByCode("E06000035")!.ics_name).toBe("Kent and Medway");
    expect(councilByCode("E10000030")!.ics_name).toBe("Surrey Heartlands");
  });

  it("finds councils by CASSR code, including the five-character codes of new councils", () => {
    expect(councilByCassr("821")!.name).toBe("Medway");
    expect(councilByCassr("H6X4G")!.code).toBe("E06000063");
    expect(councilByCassr("w8x1q")!.code).toBe("E06000064");
    expect(councilByCassr("Z9D4Z")!.code).toBe("E06000061");
    expect(councilByCassr("U6Q5Z")!.code).toBe("E06000062");
  });

  it("accepts the codes ONS gave Barnsley and Sheffield in April 2024 and returns the 2023 council", () => {
    expect(councilByCode("E08000038")!.code).toBe("E08000016");
    expect(councilByCode("E08000039")!.code).toBe("E08000019");
    expect(isKnownAreaCode("E08000038")).toBe(true);
  });
});

describe("resolving published council names", () => {
  it.each([
    ["Redcar & Cleveland", "E06000003"], ["Redcar and Cleveland", "E06000003"],
    ["Telford & Wrekin", "E06000020"], ["Telford and the Wrekin", "E06000020"],
    ["Brighton & Hove", "E06000043"], ["Brighton and Hove City Council", "E06000043"],
    ["Barking & Dagenham", "E09000002"], ["Hammersmith & Fulham", "E09000013"], ["Windsor & Maidenhead", "E06000040"],
    ["Bristol", "E06000023"], ["Bristol, City of", "E06000023"], ["City of Bristol", "E06000023"], ["Bristol City Council", "E06000023"],
    ["Medway Towns", "E06000035"], ["Medway", "E06000035"], ["Medway Council", "E06000035"],
    ["Kingston upon Hull", "E06000010"], ["Hull", "E06000010"], ["Kingston upon Hull, City of", "E06000010"], ["Hull City Council", "E06000010"],
    ["Durham", "E06000047"], ["County Durham", "E06000047"], ["Durham County Council", "E06000047"],
    ["Stoke on Trent", "E06000021"], ["Stoke-on-Trent", "E06000021"], ["Stoke-on-Trent City Council", "E06000021"],
    ["Herefordshire, County of", "E06000019"], ["Herefordshire", "E06000019"],
    ["St Helens", "E08000013"], ["St. Helens", "E08000013"], ["St.Helens", "E08000013"],
    ["Southend", "E06000033"], ["Southend-on-Sea", "E06000033"], ["Southend on Sea", "E06000033"],
    ["Isle of Wight", "E06000046"], ["Isle of Wight Council", "E06000046"],
    ["Bournemouth, Christchurch and Poole", "E06000058"], ["Bournemouth Christchurch & Poole", "E06000058"], ["BCP", "E06000058"], ["BCP Council", "E06000058"],
    ["Kent County Council", "E10000016"], ["KENT", "E10000016"], ["kent", "E10000016"],
    ["The Royal Borough of Kensington and Chelsea", "E09000020"], ["London Borough of Camden", "E09000007"],
    ["Westmorland & Furness", "E06000064"], ["Cumberland Council", "E06000063"],
    ["City of London", "E09000001"], ["Isles of Scilly", "E06000053"], ["Council of the Isles of Scilly", "E06000053"],
    ["Nottingham City", "E06000018"], ["Leicester City Council", "E06000016"], ["City of York", "E06000014"],
    ["Bath & North East Somerset", "E06000022"], ["Newcastle upon Tyne", "E08000021"], ["Stockton-on-Tees", "E06000004"]
  ])("'%s' is %s", (name, code) => {
    expect(codeFor(name)).toBe(code);
  });

  it("fails on an unknown name with a located error that suggests the closest known names", () => {
    const error = caught(() => resolveCouncilName("Cornwal", where));
    expect(error.file).toBe(where.file);
    expect(error.row).toBe(7);
    expect(error.column).toBe("Local authority");
    expect(error.value).toBe("Cornwal");
    expect(error.message).toContain("unknown council name");
    expect(error.expected).toContain("'Cornwall'");
  });

  it("does not read a region or a retired county as a council", () => {
    expect(() => resolveCouncilName("London", where)).toThrow(/unknown council name/);
    expect(() => resolveCouncilName("South East", where)).toThrow(DataError);
    expect(() => resolveCouncilName("Cumbria", where)).toThrow(DataError);
    expect(() => resolveCouncilName("Northamptonshire", where)).toThrow(DataError);
  });

  it("refuses the combined Cornwall and Isles of Scilly row, which the caller must split explicitly", () => {
    const error = caught(() => resolveCouncilName("Cornwall and Isles of Scilly", where));
    expect(error.message).toContain("combines several councils");
    expect(resolveCombinedArea("Cornwall and Isles of Scilly")!.map((c) => c.code)).toEqual(["E06000052", "E06000053"]);
    expect(resolveCombinedArea("Cornwall & the Isles of Scilly")!.map((c) => c.name)).toEqual(["Cornwall", "Isles of Scilly"]);
    expect(resolveCombinedArea("Cornwall")).toBeUndefined();
  });
});

describe("areas and built-in groups", () => {
  it("lists 153 councils, 9 regions and England as areas", () => {
    const rows = areaRows();
    expect(rows).toHaveLength(163);
    expect(rows.filter((r) => r.type === "region")).toHaveLength(9);
    expect(rows.find((r) => r.code === ENGLAND_CODE)!.type).toBe("country");
    const medway = rows.find((r) => r.code === "E06000035")!;
    expect(medway).toMatchObject({cassr_code: "821", region_name: "South East", ics_code: "E54000032"});
    expect(medway.aliases.split("|")).toContain("Medway Towns");
  });

  it("names councils, regions, England, ICSs and retired councils, and refuses unknown codes", () => {
    expect(areaName("E06000023")).toBe("Bristol, City of");
    expect(areaName("E12000003")).toBe("Yorkshire and The Humber");
    expect(areaName(ENGLAND_CODE)).toBe("England");
    expect(areaName("E54000032")).toBe("Kent and Medway");
    expect(areaName("E54000053")).toBe("Sussex"); // the code before April 2023
    expect(areaName("E10000006")).toBe("Cumbria");
    expect(() => areaName("E99999999")).toThrow(/no area/);
    expect(isKnownAreaCode("E12000008")).toBe(true);
    expect(isKnownAreaCode("E10000006")).toBe(false);
  });

  it("builds England (153), nine regions partitioning the councils, and the ICS groups", () => {
    const groups = builtInGroups();
    const members = (id: string) => groups.filter((g) => g.group_id === id).map((g) => g.member_code);
    expect(members("england")).toHaveLength(153);
    const regionIds = [...new Set(groups.filter((g) => g.kind === "region").map((g) => g.group_id))];
    expect(regionIds).toHaveLength(9);
    expect(regionIds.flatMap(members).sort()).toEqual(COUNCILS.map((c) => c.code).sort());
    expect(members("region-E12000007")).toHaveLength(33);
    expect(members("ics-E54000032").sort()).toEqual(["E06000035", "E10000016"]);
    expect(members("ics-E54000024").sort()).toEqual(["E06000032", "E06000042", "E06000055", "E06000056"]);
    for (const group of groups) {
      expect(group.focal_code).toBeNull();
      expect(group.rank).toBeNull();
      expect(group.vintage).toBe("2023");
      expect(group.provenance).not.toBe("");
    }
  });
});

const REAL = "../shared/data/real";

describe.skipIf(!existsSync(`${REAL}/geography`))("cross-check against real lookup files in ../shared/data/real/geography (skipped when absent)", () => {
  const read = (file: string) => parseCsvText(readFileSync(file, "utf-8"), file).records;

  // acbockmuehl/ascof-repos data/ons_codes.csv carries three names damaged by a find-and-replace
  // ("Kingston upon Hull, City of Port"); they are that file's errors, so they are not aliases.
  const DAMAGED_NAMES_IN_ONS_CODES: Record<string, string> = {
    "Kingston upon Hull, City of Port": "E06000010",
    "Herefordshire, County of Hereford and Worcester": "E06000019",
    "Bristol, City of River Avon": "E06000023"
  };

  it("agrees with ons_codes.csv (ASCOF's CASSR lookup) on every council's code, name, CASSR code and region", () => {
    const [header, ...rows] = read(`${REAL}/geography/ons_codes.csv`);
    expect(header).toEqual(["Geography", "Council type", "Council region", "LA Code ", "ONS Area Code"]);
    const mismatches: string[] = [];
    const seen = new Set<string>();
    for (const [name, type, region, cassr, code] of rows) {
      if (type === "") continue; // England and region rows
      seen.add(code);
      const council = councilByCode(code);
      if (!council) {
        mismatches.push(`${code} ${name}: not in the council list`);
        continue;
      }
      const resolved = DAMAGED_NAMES_IN_ONS_CODES[name] ?? findCouncilByName(name)?.code;
      if (resolved !== code) mismatches.push(`${code}: name '${name}' resolves to ${resolved ?? "nothing"}`);
      if (council.cassr !== cassr.trim()) mismatches.push(`${code} ${name}: CASSR ${cassr.trim()} in the file, ${council.cassr} here`);
      if (council.region_name !== region) mismatches.push(`${code} ${name}: region '${region}' in the file, '${council.region_name}' here`);
    }
    for (const council of COUNCILS) if (!seen.has(council.code)) mismatches.push(`${council.code} ${council.name}: missing from the file`);
    expect(mismatches).toEqual([]);
  });

  it("agrees with utla_all_codes.csv (ONS upper-tier authorities) on names and regions", () => {
    const [header, ...rows] = read(`${REAL}/geography/utla_all_codes.csv`);
    expect(header.slice(0, 6)).toEqual(["UTLACD", "UTLANM", "CAUTHCD", "CAUTHNM", "RGNCD", "RGNNM"]);
    const mismatches: string[] = [];
    const seen = new Set<string>();
    for (const [code, name, , , regionCode, regionName, countryCode] of rows) {
      if (countryCode !== ENGLAND_CODE) continue;
      const council = councilByCode(code); // resolves the 2024 Barnsley and Sheffield codes too
      if (!council) {
        mismatches.push(`${code} ${name}: not in the council list`);
        continue;
      }
      seen.add(council.code);
      if (findCouncilByName(name)?.code !== council.code) mismatches.push(`${code}: name '${name}' does not resolve to ${council.code}`);
      if (council.region_code !== regionCode || council.region_name !== regionName) mismatches.push(`${code} ${name}: region ${regionCode} '${regionName}' in the file, ${council.region_code} '${council.region_name}' here`);
    }
    for (const council of COUNCILS) if (!seen.has(council.code)) mismatches.push(`${council.code} ${council.name}: missing from the file`);
    expect(mismatches).toEqual([]);
  });

  it.skipIf(!existsSync(`${REAL}/ascof/trend_data.csv`))("resolves every council name in the ASCOF trend file to the code published beside it", () => {
    const [header, ...rows] = read(`${REAL}/ascof/trend_data.csv`);
    const nameColumn = header.indexOf("Geographical Description");
    const codeColumn = header.indexOf("ONS Code");
    const levelColumn = header.indexOf("Geographical Level");
    const pairs = new Set(rows.filter((r) => r[levelColumn] === "Council").map((r) => `${r[nameColumn]}|${r[codeColumn]}`));
    const mismatches: string[] = [];
    for (const pair of pairs) {
      const [name, code] = pair.split("|");
      if (RETIRED_COUNCILS.some((retired) => retired.code === code)) continue; // Cumbria, Poole...: not current councils
      const council = findCouncilByName(name);
      if (!council) mismatches.push(`'${name}' (${code}) is not a known name`);
      else if (council.code !== code) mismatches.push(`'${name}' resolves to ${council.code}, published as ${code}`);
    }
    expect(mismatches).toEqual([]);
    expect(pairs.has("Medway Towns|E06000035")).toBe(true);
  });
});
