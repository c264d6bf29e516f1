import {describe, expect, it} from "vitest";
import {existsSync, readFileSync, readdirSync} from "node:fs";
import {focalCouncilFromFileName, parseCustomGroups, parseNeighbourList, type NeighbourListMeta} from "../loaders/families/geography/neighbours.ts";
import {sources} from "../loaders/families/geography/sources.ts";
import {councilByCode} from "../loaders/families/geography/index.ts";
import {DataError} from "../loaders/validate.ts";
import type {GroupRow} from "../loaders/model.ts";

const REAL = "../shared/data/real/comparators";
const FIXTURES = "test/fixtures/geography";
const meta: NeighbourListMeta = {kind: "cipfa", vintage: "2021", provenance: "test", sample: false};

const bytesOf = (file: string) => new Uint8Array(readFileSync(file));

function parseError(file: string, options: Partial<NeighbourListMeta> = {}): DataError {
  try {
    parseNeighbourList(bytesOf(file), file, {...meta, ...options});
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error(`${file} parsed without an error`);
}

describe.skipIf(!existsSync(REAL))("the real Trafford neighbour lists in ../shared/data/real/comparators (skipped when absent)", () => {
  it.each([
    ["trafford_cipfa2021.csv", "cipfa", "E06000035"],
    ["trafford_cipfalga0724.csv", "cipfa", "E06000006"],
    ["trafford_nhsennpg.csv", "nhse_peer", "E09000029"]
  ] as const)("%s: Trafford at rank 0 and 15 neighbours ranked in file order", (name, kind, last) => {
    const file = `${REAL}/${name}`;
    const rows = parseNeighbourList(bytesOf(file), file, {...meta, kind});
    expect(rows).toHaveLength(16);
    expect(rows[0]).toMatchObject({group_id: `${kind}-E08000009`, kind, focal_code: "E08000009", member_code: "E08000009", rank: 0});
    expect(rows.map((r) => r.rank)).toEqual([...Array(16).keys()]);
    expect(new Set(rows.map((r) => r.member_code)).size).toBe(16);
    expect(rows.at(-1)!.member_code).toBe(last);
    for (const row of rows) expect(councilByCode(row.member_code)).toBeDefined();
  });

  it("takes the focal council from the caller over the file name", () => {
    const file = `${REAL}/trafford_cipfa2021.csv`;
    const rows = parseNeighbourList(bytesOf(file), "peers.csv", {...meta, focal_code: "E08000009"});
    expect(rows[0].group_id).toBe("cipfa-E08000009");
  });
});

describe("naming the focal council", () => {
  it("reads a GSS code or a council name from the file name", () => {
    expect(focalCouncilFromFileName("data/raw/geography/nhse-peer/E06000035.csv")!.name).toBe("Medway");
    expect(focalCouncilFromFileName("trafford_cipfa2021.csv")!.code).toBe("E08000009");
    expect(focalCouncilFromFileName("cheshire-west-and-chester-peers.csv")!.code).toBe("E06000050");
    expect(focalCouncilFromFileName("Redcar & Cleveland CIPFA.csv")!.code).toBe("E06000003");
    expect(focalCouncilFromFileName("peers.csv")).toBeUndefined();
  });

  it("fails clearly when neither the caller nor the file name says whose list it is", () => {
    const error = parseError(`${FIXTURES}/neighbours-of-nobody.csv`);
    expect(error.message).toContain("cannot tell whose neighbour list this is");
    expect(error.value).toBe("neighbours-of-nobody.csv");
  });
});

describe("bad neighbour list files give located errors", () => {
  it("an HTML page saved as .csv", () => {
    const error = parseError(`${FIXTURES}/cipfa-saved-error-page-E06000035.csv`);
    expect(error.message).toMatch(/HTML page, not data \(page title 'LG Inform - Sign in'\)/);
  });

  it("a renamed column", () => {
    const error = parseError(`${FIXTURES}/cipfa-renamed-column-E06000035.csv`);
    expect(error.message).toContain("required column is missing");
    expect(error.row).toBe(1);
    expect(error.column).toBe("area_code");
    expect(error.expected).toContain("'authority_code'");
  });

  it("a code that is not a current council (retired Northamptonshire)", () => {
    const error = parseError(`${FIXTURES}/cipfa-unknown-code-E06000035.csv`);
    expect(error).toMatchObject({row: 5, column: "area_code", value: "E10000021"});
  });

  it("a name that does not match its code", () => {
    const error = parseError(`${FIXTURES}/cipfa-name-mismatch-E06000035.csv`);
    expect(error).toMatchObject({row: 3, column: "area_name", value: "Swindon"});
    expect(error.expected).toContain("Southend-on-Sea");
  });

  it("a file cut off in the middle of a row", () => {
    const error = parseError(`${FIXTURES}/cipfa-truncated-mid-row-E06000035.csv`);
    expect(error.row).toBe(5);
    expect(error.message).toContain("truncated");
  });

  it("a file cut off after a complete row (5 neighbours, not 15)", () => {
    const error = parseError(`${FIXTURES}/cipfa-truncated-short-E06000035.csv`);
    expect(error.row).toBe(6);
    expect(error.message).toContain("5 neighbours where 15 are expected: the file looks truncated");
  });

  it("the focal council listed among its own neighbours", () => {
    const error = parseError(`${FIXTURES}/cipfa-name-mismatch-E06000035.csv`, {focal_code: "E06000034", expected_neighbours: 2});
    expect(error).toMatchObject({row: 2, value: "E06000034"});
  });
});

describe("custom groups", () => {
  it("resolves members given as codes or names; kind custom, no focal council, no rank", () => {
    const file = "data/raw/geography/custom-groups.json";
    const rows = parseCustomGroups(bytesOf(file), file);
    const ids = [...new Set(rows.map((r) => r.group_id))];
    expect(ids).toEqual(["custom-kent-medway-and-neighbours", "custom-coastal-unitaries"]);
    for (const row of rows) expect(row).toMatchObject({kind: "custom", focal_code: null, rank: null});
    expect(rows.filter((r) => r.group_id === "custom-coastal-unitaries").map((r) => r.member_code)).toContain("E06000010");
  });

  it("an unknown member name is a located error with suggestions", () => {
    const file = `${FIXTURES}/custom-groups-unknown-member.json`;
    expect(() => parseCustomGroups(bytesOf(file), file)).toThrow(DataError);
    try {
      parseCustomGroups(bytesOf(file), file);
    } catch (error) {
      expect(error).toMatchObject({column: "[0].members[3]", row: 5, value: "Gravesham"});
      expect((error as DataError).message).toContain("unknown council name");
    }
  });

  it("an id that cannot go in a URL is refused", () => {
    const file = `${FIXTURES}/custom-groups-bad-id.json`;
    expect(() => parseCustomGroups(bytesOf(file), file)).toThrow(/lower-case letters, digits and hyphens/);
  });
});

describe("geography sources and the committed sample files", () => {
  // The CIPFA lists are real, one JSON file (test/cipfa-json.test.ts); the per-council CSVs left are NHS England's illustrative peers.
  const parseAll = async (): Promise<{file: string; groups: GroupRow[]}[]> => {
    const results = [];
    for (const source of sources.filter((s) => s.id !== "comparators-cipfa")) {
      const files = source.raw_path.endsWith("/") ? readdirSync(`data/raw/${source.raw_path}`).filter((f) => f.endsWith(".csv")).map((f) => source.raw_path + f) : [source.raw_path];
      for (const file of files) {
        const tables = await source.parse(bytesOf(`data/raw/${file}`), `data/raw/${file}`);
        expect(tables.facts).toEqual([]);
        results.push({file, groups: tables.groups ?? []});
      }
    }
    return results;
  };

  it("registers the CIPFA, NHS England peer and custom group sources", () => {
    expect(sources.map((s) => s.id)).toEqual(["comparators-cipfa", "comparators-nhse-peer", "groups-custom"]);
    expect(sources.map((s) => s.raw_path)).toEqual(["geography/cipfa-nearest-neighbours-oflog.json", "geography/nhse-peer/", "geography/custom-groups.json"]);
    expect(existsSync("data/raw/geography/cipfa")).toBe(false); // the illustrative CIPFA lists are gone
  });

  it("parses every sample list, flags the illustrative ones as samples and says so in the provenance", async () => {
    const parsed = await parseAll();
    const lists = parsed.filter((p) => !p.file.endsWith(".json"));
    expect(lists.map((p) => p.file)).toEqual(["geography/nhse-peer/E06000035.csv"]);
    for (const {file, groups} of lists) {
      expect(groups, file).toHaveLength(16);
      expect(groups.every((g) => g.sample && g.provenance.startsWith("ILLUSTRATIVE SAMPLE")), file).toBe(true);
      expect(groups[0].focal_code).toBe(file.match(/E\d{8}/)![0]);
    }
  });

  it.skipIf(!existsSync(REAL))("does not flag a real list as a sample", async () => {
    const file = `${REAL}/trafford_nhsennpg.csv`;
    const tables = await sources.find((s) => s.id === "comparators-nhse-peer")!.parse(bytesOf(file), file);
    expect(tables.groups!.every((g) => !g.sample)).toBe(true);
  });
});
