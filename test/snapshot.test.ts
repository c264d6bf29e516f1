import {existsSync, readFileSync} from "node:fs";
import path from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {buildSnapshot, readManifest, sha256, RAW_DIR, type Snapshot} from "../loaders/snapshot.ts";
import {SOURCES, sourceById} from "../loaders/sources.ts";
import {CATALOGUE} from "../loaders/indicators.ts";
import {COUNCILS} from "../loaders/families/geography/index.ts";
import {buildOptions} from "../loaders/site-data.ts";
import {fromArrowIPC, toArrowIPC, type FactRow} from "../loaders/model.ts";

const manifest = readManifest();

describe("the committed sample snapshot", () => {
  let snapshot: Snapshot;
  beforeAll(async () => {
    snapshot = await buildSnapshot();
  }, 300_000);

  it("lists every raw file in the manifest with its true sha256, size and a registered source", () => {
    expect(manifest.files.length).toBeGreaterThan(10);
    for (const entry of manifest.files) {
      const file = path.join(RAW_DIR, entry.file);
      expect(existsSync(file), entry.file).toBe(true);
      const bytes = readFileSync(file);
      expect(sha256(bytes), `${entry.file}: run npm run data -- manifest after changing a raw file`).toBe(entry.sha256);
      expect(entry.bytes).toBe(bytes.length);
      expect(sourceById(entry.source_id), entry.source_id).toBeDefined();
      if (entry.sample) expect(entry.illustrative.length + entry.seeded.length, `${entry.file} is a sample: say what is illustrative or seeded`).toBeGreaterThan(0);
    }
  });

  it("has every family, and only catalogued indicators and known areas", () => {
    const families = new Set(CATALOGUE.map((i) => i.family));
    const present = new Set(snapshot.facts.map((f) => CATALOGUE.find((i) => i.indicator_id === f.indicator_id)!.family));
    expect([...present].sort()).toEqual([...families].sort());
    const areas = new Set(snapshot.areas.map((a) => a.code));
    for (const council of COUNCILS) expect(areas.has(council.code)).toBe(true);
    expect(snapshot.facts.every((f) => areas.has(f.area_code))).toBe(true);
  });

  it("keeps the seed figures: Medway 72.0% against England 83.7% on the 91-day measure (seed 003)", () => {
    const fact = (area: string) => snapshot.facts.find((f) => f.indicator_id === "ascof_reablement_91_day" && f.area_code === area && f.period === "2022-23" && f.breakdown === "total");
    expect(fact("E06000035")?.value).toBe(72);
    expect(fact("E92000001")?.value).toBe(83.7);
  });

  it("gives Medway one 91-day series across the 2023-24 renumbering", () => {
    const periods = snapshot.facts.filter((f) => f.indicator_id === "ascof_reablement_91_day" && f.area_code === "E06000035" && f.breakdown === "total").map((f) => f.period).sort();
    expect(periods).toEqual(["2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]);
  });

  it("has a comparator group of every built-in kind, and CIPFA groups that include their focal council", () => {
    const kinds = new Set(snapshot.groups.map((g) => g.kind));
    for (const kind of ["all_england", "region", "ics", "cipfa", "nhse_peer", "custom"]) expect(kinds.has(kind as never), kind).toBe(true);
    const medway = snapshot.groups.filter((g) => g.group_id === "cipfa-E06000035");
    expect(medway).toHaveLength(16);
    expect(medway.find((g) => g.rank === 0)?.member_code).toBe("E06000035");
  });

  it("round-trips facts through Arrow, dictionary-encoded", () => {
    const facts = snapshot.facts.slice(0, 2000);
    expect(fromArrowIPC<FactRow>(toArrowIPC("facts", facts))).toEqual(facts);
  });

  it("offers every indicator with data in the site's controls, and marks sample periods", () => {
    const options = buildOptions(snapshot);
    const reablement = options.indicators.find((i) => i.indicator_id === "ascof_reablement_91_day")!;
    expect(reablement.periods.at(-1)).toBe("2023-24");
    expect(reablement.sample_periods).toContain("2022-23");
    expect(options.snapshot.sample).toBe(true);
    expect(options.councils).toHaveLength(153);
  });

  it("registers every source with a family, vintage, URL and format", () => {
    for (const source of SOURCES) {
      expect(source.family).toBeTruthy();
      expect(source.vintage).toBeTruthy();
      expect(source.url).toBeTruthy();
      expect(["csv", "xlsx", "ods", "json", "html"]).toContain(source.format);
    }
  });
});
