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

describe("the committed snapshot: published data by default", () => {
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
      else {
        expect(entry.publisher, `${entry.file} is published data: name its publisher`).toBeTruthy();
        expect(entry.licence, `${entry.file} is published data: give its licence`).toBeTruthy();
      }
    }
  });

  it("takes every ASCOF figure, population, CIPFA group and Oflog turnover from published files", () => {
    const real = new Set(manifest.files.filter((f) => !f.sample).map((f) => f.source_id));
    for (const prefix of ["ascof-", "ons-mye-", "comparators-cipfa", "oflog-asc-data", "cqc-la-assessments"]) {
      expect([...real].some((id) => id.startsWith(prefix)), prefix).toBe(true);
      expect(manifest.files.filter((f) => f.source_id.startsWith(prefix) && f.sample), `${prefix} sample files`).toEqual([]);
    }
    const sampleFact = snapshot.facts.find((f) => (f.indicator_id.startsWith("ascof_") || f.indicator_id.startsWith("population_")) && !real.has(f.source_id));
    expect(sampleFact).toBeUndefined();
    expect(snapshot.groups.filter((g) => g.kind === "cipfa" && g.sample)).toEqual([]);
  });

  it("has every family, and only catalogued indicators and known areas", () => {
    const families = new Set(CATALOGUE.map((i) => i.family));
    const present = new Set(snapshot.facts.map((f) => CATALOGUE.find((i) => i.indicator_id === f.indicator_id)!.family));
    expect([...present].sort()).toEqual([...families].sort());
    const areas = new Set(snapshot.areas.map((a) => a.code));
    for (const council of COUNCILS) expect(areas.has(council.code)).toBe(true);
    expect(snapshot.facts.every((f) => areas.has(f.area_code))).toBe(true);
  });

  it("gives Medway one published 91-day series from 2014-15 to 2024-25, across the 2023-24 renumbering and the 2024-25 change of source", () => {
    const series = snapshot.facts
      .filter((f) => f.indicator_id === "ascof_reablement_91_day" && f.area_code === "E06000035" && f.breakdown === "total")
      .sort((a, b) => a.period.localeCompare(b.period))
      .map((f) => [f.period, f.value, f.numerator, f.denominator, f.source_id]);
    expect(series).toEqual([
      ["2014-15", 85.3, 140, 165, "ascof-2014-15"], ["2015-16", 92.3, 169, 183, "ascof-2015-16"], ["2016-17", 75.7, 261, 345, "ascof-2016-17"],
      ["2017-18", 67.7, 235, 347, "ascof-2017-18"], ["2018-19", 75.6, 285, 377, "ascof-2018-19"], ["2019-20", 76.2, null, null, "ascof-trend"],
      ["2020-21", 60.5, expect.any(Number), expect.any(Number), "ascof-2020-21"], ["2021-22", 61.7, null, null, "ascof-trend"],
      ["2022-23", 69.6, null, null, "ascof-trend"], ["2023-24", 71.1, null, null, "ascof-trend"], ["2024-25", 61.21, 650, 1062, "ascof-2024-25"]
    ]);
  });

  it("keeps one value per fact and lists every disagreement between two published files", () => {
    const keys = new Set(snapshot.facts.map((f) => `${f.indicator_id}|${f.area_code}|${f.period}|${f.breakdown}`));
    expect(keys.size).toBe(snapshot.facts.length);
    expect(snapshot.revisions.length).toBeGreaterThan(0);
    for (const r of snapshot.revisions) {
      const kept = snapshot.facts.find((f) => f.indicator_id === r.indicator_id && f.area_code === r.area_code && f.period === r.period && f.breakdown === r.breakdown);
      expect(kept?.source_id).toBe(r.kept.source_id);
      expect(r.other.source_id).not.toBe(r.kept.source_id);
    }
    // DHSC's restatement wins over the first publication: Trafford 1J 2016-17 is 0.401 in the time series, 0.397 in the 2016-17 file.
    const trafford = snapshot.revisions.find((r) => r.indicator_id === "ascof_quality_of_life_adjusted" && r.area_code === "E08000009" && r.period === "2016-17");
    expect(trafford).toMatchObject({kept: {source_id: "ascof-2024-25", value: 0.401}, other: {source_id: "ascof-2016-17", value: 0.397}});
  });

  it("has a comparator group of every built-in kind, and CIPFA groups that include their focal council", () => {
    const kinds = new Set(snapshot.groups.map((g) => g.kind));
    for (const kind of ["all_england", "region", "ics", "cipfa", "nhse_peer", "custom"]) expect(kinds.has(kind as never), kind).toBe(true);
    const medway = snapshot.groups.filter((g) => g.group_id === "cipfa-E06000035");
    expect(medway).toHaveLength(16);
    expect(medway.find((g) => g.rank === 0)?.member_code).toBe("E06000035");
    expect(new Set(snapshot.groups.filter((g) => g.kind === "cipfa").map((g) => g.focal_code)).size).toBe(149);
  });

  it("round-trips facts through Arrow, dictionary-encoded", () => {
    const facts = snapshot.facts.slice(0, 2000);
    expect(fromArrowIPC<FactRow>(toArrowIPC("facts", facts))).toEqual(facts);
  });

  it("offers every indicator with data in the site's controls, and marks sample periods", () => {
    const options = buildOptions(snapshot);
    const reablement = options.indicators.find((i) => i.indicator_id === "ascof_reablement_91_day")!;
    expect(reablement.periods.at(-1)).toBe("2024-25");
    expect(reablement.sample_periods).toEqual([]);
    const turnover = options.indicators.find((i) => i.indicator_id === "workforce-turnover-rate")!;
    expect(turnover.sample_periods).toEqual([]);
    // The Safeguarding Adults Collection is still the sample, and its derived rates say so.
    expect(options.indicators.find((i) => i.indicator_id === "sac_concerns_per_100k")!.sample_periods.length).toBeGreaterThan(0);
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
