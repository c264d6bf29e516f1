import {execFile} from "node:child_process";
import {existsSync, mkdtempSync, readFileSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {promisify} from "node:util";
import {describe, expect, it} from "vitest";
import {parseCipfaJson} from "../loaders/families/geography/cipfa.ts";
import {parseNeighbourList} from "../loaders/families/geography/neighbours.ts";
import {sources} from "../loaders/families/geography/sources.ts";
import {COUNCILS, builtInGroups, councilByCode} from "../loaders/families/geography/index.ts";
import {defaultComparatorGroup} from "../loaders/default-group.ts";
import {buildOptions} from "../loaders/site-data.ts";
import {defaultGroup, defaultGroupReason, type Options} from "../src/lib/selection.ts";
import {fromArrowIPC, type GroupRow} from "../loaders/model.ts";
import type {Snapshot} from "../loaders/snapshot.ts";
import {DataError} from "../loaders/validate.ts";
import {expectDataError} from "./support/data-error.ts";

const REAL = "../shared/data/real/comparators";
const REAL_JSON = `${REAL}/cipfa-nearest-neighbours-oflog.json`;
const COMMITTED = "data/raw/geography/cipfa-nearest-neighbours-oflog.json";
const FIXTURES = "test/fixtures/geography";
const META = {vintage: "2024-07", provenance: "test provenance."};
const bytesOf = (file: string) => new Uint8Array(readFileSync(file));
const parse = (file: string) => parseCipfaJson(bytesOf(file), file, META);


function byGroup(rows: GroupRow[]): Map<string, GroupRow[]> {
  const groups = new Map<string, GroupRow[]>();
  for (const row of rows) groups.set(row.group_id, [...(groups.get(row.group_id) ?? []), row]);
  return groups;
}
const members = (rows: GroupRow[] | undefined) => (rows ?? []).filter((r) => r.rank !== 0).map((r) => r.member_code);

const CUMBERLAND = "E06000063", WESTMORLAND = "E06000064", NORTH_YORKSHIRE = "E06000065", SOMERSET = "E06000066";
const CITY = "E09000001", SCILLY = "E06000053", DEVON = "E10000008", TRAFFORD = "E08000009";
const NO_LIST = [CUMBERLAND, WESTMORLAND, CITY, SCILLY];

describe("the committed CIPFA nearest-neighbour file (data/raw/geography, MHCLG's Oflog NN.json)", () => {
  const {groups, notes} = parse(COMMITTED);
  const lists = byGroup(groups);

  it("gives 149 of the 153 councils a CIPFA group, the focal council at rank 0 and its neighbours unranked", () => {
    expect(lists.size).toBe(149);
    expect(COUNCILS.filter((c) => !lists.has(`cipfa-${c.code}`)).map((c) => c.code).sort()).toEqual([...NO_LIST].sort());
    for (const [id, rows] of lists) {
      const focal = rows[0].focal_code!;
      expect(id).toBe(`cipfa-${focal}`);
      expect(rows[0]).toMatchObject({kind: "cipfa", member_code: focal, rank: 0, vintage: "2024-07", sample: false, label: `CIPFA nearest neighbours of ${councilByCode(focal)!.short_name}`});
      // The file lists the neighbours in code order, not by nearness: no neighbour rank is invented.
      expect(rows.slice(1).every((r) => r.rank === null), id).toBe(true);
      expect(new Set(rows.map((r) => r.member_code)).size, id).toBe(rows.length);
      for (const row of rows) expect(councilByCode(row.member_code)?.code, `${id} ${row.member_code}`).toBe(row.member_code);
      expect([14, 15], id).toContain(rows.length - 1);
    }
  });

  it("reads North Yorkshire County (E10000023) and Somerset County (E10000027) as the same-boundary unitaries, and says so", () => {
    // Devon's list named North Yorkshire County as its ninth code.
    const devon = lists.get(`cipfa-${DEVON}`)!;
    expect(members(devon)).toContain(NORTH_YORKSHIRE);
    expect(members(devon)).toContain(SOMERSET);
    expect(devon[0].provenance).toContain("North Yorkshire (E10000023, abolished 2023) is read as North Yorkshire (E06000065), which has the same boundary.");
    expect(groups.some((g) => ["E10000023", "E10000027", "E10000006"].includes(g.member_code))).toBe(false);
  });

  it("drops Cumbria (split in 2023) from the six lists that named it, and each of those groups says so", () => {
    const named = [...lists.values()].filter((rows) => rows[0].provenance.includes("Cumbria"));
    expect(named.map((rows) => rows[0].focal_code).sort()).toEqual(["E06000065", "E06000066", "E10000008", "E10000011", "E10000019", "E10000020"]);
    for (const rows of named) {
      expect(rows).toHaveLength(15);
      expect(rows[0].provenance).toContain("15 neighbours; Cumbria (abolished 2023, split) dropped: 14 remain.");
    }
    expect(members(lists.get(`cipfa-${DEVON}`))).toHaveLength(14);
  });

  it("gives North Yorkshire and Somerset Councils their county's list (they kept its boundary)", () => {
    const northYorkshire = lists.get(`cipfa-${NORTH_YORKSHIRE}`)!;
    expect(northYorkshire[0].provenance).toContain("This is the list of North Yorkshire (E10000023), abolished 2023, read as North Yorkshire's");
    expect(members(northYorkshire)).toContain(SOMERSET);
    expect(members(lists.get(`cipfa-${SOMERSET}`))).toContain(NORTH_YORKSHIRE);
  });

  it("ignores the districts (one has 34 entries), combined authorities and Cumbria's own list, and counts them", () => {
    expect([...lists.keys()].filter((id) => !/^cipfa-E(06|08|09|10)/.test(id))).toEqual([]);
    expect(lists.has("cipfa-E07000112")).toBe(false);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^CIPFA nearest neighbours: 149 councils got a list; 29 members recoded to a same-boundary successor .*; 6 members dropped \(Cumbria \(E10000006\) from 6 lists\); 2 councils took a same-boundary predecessor's list .*; no group for 4 councils \(Cumberland, Westmorland and Furness, City of London, Isles of Scilly\); skipped: 181 district lists, 1 list of abolished councils \(E10000006\), 15 other areas/);
  });

  it("is what the comparators-cipfa source reads: one JSON file, curated, real", async () => {
    const source = sources.find((s) => s.id === "comparators-cipfa")!;
    expect(source).toMatchObject({format: "json", raw_path: "geography/cipfa-nearest-neighbours-oflog.json", curated: true, vintage: "2024-07"});
    const tables = await source.parse(bytesOf(COMMITTED), COMMITTED);
    expect(tables.facts).toEqual([]);
    expect(tables.groups).toHaveLength(groups.length);
    expect(tables.groups![0].provenance).toMatch(/as on LG Inform, July 2024/);
    expect(tables.notes).toEqual(notes);
  });

  describe("default comparator group", () => {
    const all = [...builtInGroups(), ...groups];
    const ownGroups = (code: string) => [...byGroup(all).values()].map((rows) => rows[0]).filter((g) => (g.focal_code ? g.focal_code === code : all.some((r) => r.group_id === g.group_id && r.member_code === code)));

    it("is the CIPFA group where there is one, with no reason to give", () => {
      expect(defaultComparatorGroup(councilByCode(TRAFFORD)!, ownGroups(TRAFFORD))).toEqual({default_group: `cipfa-${TRAFFORD}`, default_group_reason: ""});
    });

    it.each([
      [CUMBERLAND, "E12000002", /^Cumberland was created in April 2023, when Cumbria was split, after the CIPFA lists in this snapshot were drawn up; .*by default Cumberland is compared with its region, North West\.$/],
      [WESTMORLAND, "E12000002", /Westmorland and Furness was created in April 2023, when Cumbria was split/],
      [CITY, "E12000007", /^CIPFA's nearest-neighbour model leaves out City of London .*, so by default City of London is compared with its region, London\.$/],
      [SCILLY, "E12000009", /leaves out Isles of Scilly/]
    ])("falls back to the region for %s, and says why", (code, region, reason) => {
      const chosen = defaultComparatorGroup(councilByCode(code)!, ownGroups(code));
      expect(chosen.default_group).toBe(`region-${region}`);
      expect(chosen.default_group_reason).toMatch(reason);
    });

    it("is carried per council in options.json, which the explorers' defaultGroup reads", () => {
      const snapshot = {facts: [], indicators: [], groups: all, snapshot: []} as unknown as Snapshot;
      const options = buildOptions(snapshot) as unknown as Options;
      const cumberland = options.councils.find((c) => c.code === CUMBERLAND)!;
      expect(cumberland.default_group).toBe("region-E12000002");
      expect(defaultGroup(options, CUMBERLAND)?.group_id).toBe("region-E12000002");
      expect(defaultGroupReason(options, CUMBERLAND, "region-E12000002")).toMatch(/^Cumberland was created in April 2023/);
      expect(defaultGroupReason(options, CUMBERLAND, "england")).toBe("");
      expect(defaultGroup(options, TRAFFORD)?.group_id).toBe(`cipfa-${TRAFFORD}`);
      expect(defaultGroupReason(options, TRAFFORD, `cipfa-${TRAFFORD}`)).toBe("");
      expect(options.councils.filter((c) => c.default_group?.startsWith("cipfa-"))).toHaveLength(149);
    });
  });
});

const hasReal = existsSync(REAL_JSON);
if (!hasReal) console.warn(`skipping the real-file CIPFA tests: ${REAL} is absent (it exists beside the project in CI)`);

describe.skipIf(!hasReal)("the real CIPFA file in ../shared/data/real/comparators (skipped when absent)", () => {
  it("is committed unchanged", () => {
    expect(Buffer.from(bytesOf(COMMITTED)).equals(Buffer.from(bytesOf(REAL_JSON)))).toBe(true);
  });

  it("gives Trafford exactly the 15 neighbours LG Inform showed in July 2024 (in code order, where LG Inform's is by nearness)", () => {
    const trafford = byGroup(parse(REAL_JSON).groups).get(`cipfa-${TRAFFORD}`)!;
    const csv = `${REAL}/trafford_cipfalga0724.csv`;
    const lgInform = parseNeighbourList(bytesOf(csv), csv, {kind: "cipfa", vintage: "2024-07", provenance: "LG Inform", sample: false});
    const published = lgInform.slice(1).map((r) => r.member_code);
    expect(published).toHaveLength(15);
    expect([...members(trafford)].sort()).toEqual([...published].sort());
    expect(members(trafford)).toEqual([...members(trafford)].sort());
    expect(members(trafford)).not.toEqual(published);
  });
});

describe("bad CIPFA nearest-neighbour files give located errors", () => {
  it("reads a small file in the same shape: recodes, drops, skips and notes", () => {
    const {groups, notes} = parse(`${FIXTURES}/cipfa-nn-small.json`);
    expect([...byGroup(groups).keys()]).toEqual(["cipfa-E06000035", `cipfa-${DEVON}`, `cipfa-${NORTH_YORKSHIRE}`]);
    expect(notes[0]).toContain("3 councils got a list; 3 members recoded");
    expect(notes[0]).toContain("skipped: 1 district list, 1 list of abolished councils (E10000006), 1 other area");
  });

  it("drops a district named in a council's list, and says so; refuses a council-shaped key that is no council", () => {
    const text = readFileSync(`${FIXTURES}/cipfa-nn-small.json`, "utf-8");
    const withDistrict = text.replace('"E06000006",', '"E07000112",');
    const medway = byGroup(parseCipfaJson(new TextEncoder().encode(withDistrict), "NN.json", META).groups).get("cipfa-E06000035")!;
    expect(members(medway)).toHaveLength(14);
    expect(medway[0].provenance).toContain("15 neighbours; district E07000112 (no social care responsibility) dropped: 14 remain.");
    const badKey = text.replace('"E06000035": [', '"E06999999": [');
    expectDataError(() => parseCipfaJson(new TextEncoder().encode(badKey), "NN.json", META), {file: "NN.json", row: 2, column: "E06999999", value: "E06999999"});
  });

  it("malformed JSON: the line, the list entry before the fault and the text found", () => {
    const file = `${FIXTURES}/cipfa-nn-malformed.json`;
    expectDataError(() => parse(file), {file, row: 24, column: `${DEVON}[2]`, value: "\"E10000013\",", message: /not valid JSON: Expected ',' or '\]' after array element/});
  });

  it("a truncated file", () => {
    const file = `${FIXTURES}/cipfa-nn-truncated.json`;
    expectDataError(() => parse(file), {file, row: 47, column: "E10000023[8]", message: /the JSON ends before it is complete: the file looks truncated/});
  });

  it("an unknown code in a council's list: the JSON path and its line", () => {
    const file = `${FIXTURES}/cipfa-nn-unknown-code.json`;
    const error = expectDataError(() => parse(file), {file, row: 6, column: "E06000035[3]", value: "E06999999", message: /not the code of a council.*in Medway's list/});
    expect(error.expected).toContain("one of the 153 councils");
  });

  it("a list that does not include the council itself", () => {
    const file = `${FIXTURES}/cipfa-nn-not-itself.json`;
    const error = expectDataError(() => parse(file), {file, row: 20, column: DEVON, message: /Devon's list does not include Devon itself/});
    expect(error.expected).toContain(`own code ${DEVON}`);
  });

  it("a list that is not an array", () => {
    const file = `${FIXTURES}/cipfa-nn-not-an-array.json`;
    expectDataError(() => parse(file), {file, row: 2, column: "E06000035", value: "\"E06000006\"", message: /must be an array of codes/});
  });

  it("an HTML page or a JSON array instead of the object", () => {
    const html = new TextEncoder().encode("<!doctype html><html><head><title>Page not found</title></head><body></body></html>");
    expectDataError(() => parseCipfaJson(html, "NN.json", META), {file: "NN.json", message: /HTML page.*Page not found/});
    expectDataError(() => parseCipfaJson(new TextEncoder().encode("[\"E06000035\"]"), "NN.json", META), {file: "NN.json", row: 1, message: /not a JSON object of neighbour lists/});
  });
});

describe("npm run data -- ingest comparators-cipfa", () => {
  it("writes groups.arrow and says how many councils got a list, and what was recoded, dropped and skipped", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "asc-cipfa-")), "out");
    const {stdout, stderr} = await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), ["loaders/cli.ts", "ingest", "comparators-cipfa", COMMITTED, "--out", out]);
    const summary = JSON.parse(stdout.trim());
    expect(summary).toMatchObject({source_id: "comparators-cipfa", rows: 0, tables: {facts: 0, groups: 2378}});
    expect(summary.notes[0]).toMatch(/^CIPFA nearest neighbours: 149 councils got a list; 29 members recoded .*; 6 members dropped .*; skipped: 181 district lists/);
    expect(stderr).toContain("note: CIPFA nearest neighbours: 149 councils got a list");
    const groups = fromArrowIPC<GroupRow>(readFileSync(path.join(out, "groups.arrow")));
    expect(new Set(groups.map((g) => g.group_id)).size).toBe(149);
  }, 60_000);
});
