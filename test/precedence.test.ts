import {describe, expect, it} from "vitest";
import {comparePrecedence, FactResolver, summariseRevisions, valuesAgree, type SourceRank} from "../loaders/precedence.ts";
import type {FactRow} from "../loaders/model.ts";

const fact = (source_id: string, vintage: string, value: number | null, extra: Partial<FactRow> = {}): FactRow => ({
  indicator_id: "ascof_control_daily_life", area_code: "E06000035", period: "2018-19", breakdown: "total",
  value, numerator: null, denominator: null, status: value === null ? "suppressed" : "ok", source_id, vintage, ...extra
});
const rank = (vintage: string, order: number, extra: Partial<SourceRank> = {}): SourceRank => ({sample: false, compilation: false, vintage, order, ...extra});

describe("which file's fact is kept", () => {
  it("a real file beats the sample, whatever the order or release", () => {
    expect(comparePrecedence(rank("2018-19", 0), rank("2024-25", 5, {sample: true}))).toBeGreaterThan(0);
  });

  it("a publisher's file beats a third party's compilation", () => {
    expect(comparePrecedence(rank("2018-19", 0), rank("trend", 9, {compilation: true}))).toBeGreaterThan(0);
  });

  it("among publisher files the later release wins; the manifest order only breaks ties", () => {
    expect(comparePrecedence(rank("2024-25", 0), rank("2018-19", 9))).toBeGreaterThan(0);
    expect(comparePrecedence(rank("2018-19", 3), rank("2018-19", 2))).toBeGreaterThan(0);
  });

  it("values agree within half a unit of the less precise one's last decimal place", () => {
    expect(valuesAgree(76, 76.04)).toBe(true);
    expect(valuesAgree(67.14, 67.1)).toBe(true);
    expect(valuesAgree(76.1, 76.3)).toBe(false);
    expect(valuesAgree(0.401, 0.397)).toBe(false); // ASCOF 1J is published to three decimals
    expect(valuesAgree(668.8, 669.1)).toBe(false);
  });
});

describe("FactResolver", () => {
  it("keeps the restatement, records the disagreement, and takes the first publication's numerator and denominator when the values agree", () => {
    const resolver = new FactResolver();
    resolver.add("a", fact("ascof-2018-19", "2018-19", 77.5, {numerator: 310, denominator: 400}), rank("2018-19", 0));
    resolver.add("a", fact("ascof-2024-25", "2024-25", 77.5, {denominator: 400}), rank("2024-25", 1));
    resolver.add("b", fact("ascof-trend", "trend", 71.0), rank("trend", 2, {compilation: true}));
    resolver.add("b", fact("ascof-2024-25", "2024-25", 72.4), rank("2024-25", 1));
    resolver.add("c", fact("ascof-2018-19", "2018-19", null), rank("2018-19", 0));
    resolver.add("c", fact("ascof-2024-25", "2024-25", 64.0), rank("2024-25", 1));
    const {facts, revisions} = resolver.resolve();
    expect(facts.map((f) => [f.source_id, f.value, f.numerator, f.denominator])).toEqual([
      ["ascof-2024-25", 77.5, 310, 400], ["ascof-2024-25", 72.4, null, null], ["ascof-2024-25", 64, null, null]
    ]);
    expect(revisions.map((r) => [r.kept.source_id, r.kept.value, r.other.source_id, r.other.value ?? r.other.status, r.difference])).toEqual([
      ["ascof-2024-25", 72.4, "ascof-trend", 71, 1.4], ["ascof-2024-25", 64, "ascof-2018-19", "suppressed", null]
    ]);
    expect(summariseRevisions(revisions)).toEqual([{kept: "ascof-2024-25", other: "ascof-trend", count: 1}, {kept: "ascof-2024-25", other: "ascof-2018-19", count: 1}]);
  });

  it("a sample value set aside for a real one is not a revision, and lends nothing", () => {
    const resolver = new FactResolver();
    resolver.add("a", fact("sfc-la-data-2023-24", "2023-24", 31.2, {numerator: 31, denominator: 100}), rank("2023-24", 0, {sample: true}));
    resolver.add("a", fact("ascof-2024-25", "2024-25", 24.8), rank("2024-25", 1));
    const {facts, revisions} = resolver.resolve();
    expect(facts[0]).toMatchObject({source_id: "ascof-2024-25", value: 24.8, numerator: null});
    expect(revisions).toEqual([]);
  });

  it("once a real file gives an indicator for a period, the sample's other breakdowns of it go too", () => {
    const resolver = new FactResolver();
    resolver.add("total", fact("sfc-la-data-2022-23", "2022-23", 30, {indicator_id: "workforce-turnover-rate", period: "2022-23"}), rank("2022-23", 0, {sample: true}));
    resolver.add("sector", fact("sfc-la-data-2022-23", "2022-23", 28, {indicator_id: "workforce-turnover-rate", period: "2022-23", breakdown: "sector=Independent"}), rank("2022-23", 0, {sample: true}));
    resolver.add("older", fact("sfc-la-data-2022-23", "2021-22", 29, {indicator_id: "workforce-turnover-rate", period: "2021-22"}), rank("2022-23", 0, {sample: true}));
    resolver.add("total", fact("oflog-asc-data", "2024-11-04", 23.98, {indicator_id: "workforce-turnover-rate", period: "2022-23"}), rank("2024-11-04", 1, {compilation: true}));
    const {facts, sampleSuperseded} = resolver.resolve();
    expect(facts.map((f) => [f.source_id, f.period, f.breakdown])).toEqual([["oflog-asc-data", "2022-23", "total"], ["sfc-la-data-2022-23", "2021-22", "total"]]);
    expect(sampleSuperseded).toBe(1);
  });

  it("never fills a numerator from a file that disagrees", () => {
    const resolver = new FactResolver();
    resolver.add("a", fact("ascof-2018-19", "2018-19", 70, {numerator: 70, denominator: 100}), rank("2018-19", 0));
    resolver.add("a", fact("ascof-2024-25", "2024-25", 75), rank("2024-25", 1));
    expect(resolver.resolve().facts[0]).toMatchObject({value: 75, numerator: null, denominator: null});
  });
});
