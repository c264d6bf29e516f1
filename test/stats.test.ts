/**
 * The statistics behind every verdict, checked against worked values. Reference values were
 * computed independently with SciPy 1.17 (scipy.stats.norm / chi2) from the formulas cited on
 * each function in src/lib/stats.ts, and agree with the published tables quoted beside them.
 */
import {describe, expect, it} from "vitest";
import {
  compareWithBenchmark, normalQuantile, poissonInterval, proportionFunnelLimits, quantile, rankWithinGroup,
  rateFunnelLimits, rateInterval, valueInterval, wilsonInterval, zFor
} from "../src/lib/stats.ts";

describe("z values", () => {
  it("gives 1.959964 for 95% and 3.090232 for 99.8% (two-sided)", () => {
    expect(zFor(0.95)).toBeCloseTo(1.959964, 6);
    expect(zFor(0.998)).toBeCloseTo(3.090232, 6);
  });
  it("inverts the normal CDF in both tails (to about 4e-8: the refinement step uses an erfc good to 1.2e-7)", () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 7);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
  });
  it("refuses probabilities outside (0, 1)", () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe("wilsonInterval: (2k + z² ± z·sqrt(z² + 4k(1 − k/n))) / (2(n + z²)) (Wilson 1927; PHE 'Confidence intervals')", () => {
  it("160 of 180 at 95% is 83.46% to 92.69%", () => {
    // p = 0.8889, z = 1.959964: (320 + 3.8415 ± 1.959964·sqrt(3.8415 + 71.111)) / (2·183.8415)
    // = (323.8415 ± 16.9657) / 367.683 = 0.834613 to 0.926912, i.e. 83.5% to 92.7%.
    const {lower, upper} = wilsonInterval(160, 180, 0.95);
    expect(lower).toBeCloseTo(0.834613, 6);
    expect(upper).toBeCloseTo(0.926912, 6);
  });
  it("160 of 180 at 99.8% is 79.61% to 94.25%", () => {
    const {lower, upper} = wilsonInterval(160, 180, 0.998);
    expect(lower).toBeCloseTo(0.796087, 6);
    expect(upper).toBeCloseTo(0.942506, 6);
  });
  it("stays inside [0, 1] at 0 of n and n of n, where the Wald interval collapses", () => {
    const none = wilsonInterval(0, 20, 0.95);
    expect(none.lower).toBeCloseTo(0, 12);
    expect(none.upper).toBeCloseTo(0.161125, 6); // z²/(n + z²) = 3.8415/23.8415
    const all = wilsonInterval(20, 20, 0.95);
    expect(all.lower).toBeCloseTo(1 - 0.161125, 6);
    expect(all.upper).toBeCloseTo(1, 12);
  });
  it("rejects impossible proportions", () => {
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 0)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
  });
});

describe("poissonInterval: exact (Garwood 1936) lower = χ²(α/2; 2O)/2, upper = χ²(1 − α/2; 2O + 2)/2", () => {
  // The 95% values are those of the usual printed tables of exact Poisson limits
  // (0 → 0–3.689, 1 → 0.0253–5.572, 5 → 1.624–11.668, 10 → 4.795–18.390).
  const table95: [number, number, number][] = [
    [0, 0, 3.688879],
    [1, 0.025318, 5.571643],
    [5, 1.623486, 11.668332],
    [10, 4.795389, 18.390356],
    [20, 12.216520, 30.888378],
    [100, 81.363991, 121.626794]
  ];
  it.each(table95)("%i at 95%% is %f to %f", (count, lower, upper) => {
    const interval = poissonInterval(count, 0.95);
    expect(interval.lower).toBeCloseTo(lower, 5);
    expect(interval.upper).toBeCloseTo(upper, 5);
  });
  const table998: [number, number, number][] = [
    [0, 0, 6.907755],
    [1, 0.0010005, 9.233413],
    [2, 0.045402, 11.228872],
    [3, 0.190533, 13.062241],
    [10, 2.960520, 24.133971]
  ];
  it.each(table998)("%i at 99.8%% is %f to %f", (count, lower, upper) => {
    const interval = poissonInterval(count, 0.998);
    expect(interval.lower).toBeCloseTo(lower, 5);
    expect(interval.upper).toBeCloseTo(upper, 5);
  });
  it("at zero the upper limit is −ln(α/2)", () => {
    expect(poissonInterval(0, 0.95).upper).toBeCloseTo(-Math.log(0.025), 9);
  });
  it("scales a count's interval to a rate per multiplier", () => {
    // 10 admissions in 20,000 people: 50 per 100,000, 95% CI 23.98 to 91.95 per 100,000.
    const {lower, upper} = rateInterval(10, 20_000, 100_000, 0.95);
    expect(lower).toBeCloseTo(4.795389 * 5, 4);
    expect(upper).toBeCloseTo(18.390356 * 5, 4);
  });
});

describe("funnel limits (Spiegelhalter 2005)", () => {
  it("proportions: p0 ± z·sqrt(p0(1 − p0)/n)", () => {
    // p0 = 0.8, n = 100: standard error 0.04.
    const l95 = proportionFunnelLimits(0.8, 100, 0.95);
    expect(l95.lower).toBeCloseTo(0.8 - 1.959964 * 0.04, 6);
    expect(l95.upper).toBeCloseTo(0.8 + 1.959964 * 0.04, 6);
    const l998 = proportionFunnelLimits(0.8, 100, 0.998);
    expect(l998.lower).toBeCloseTo(0.676391, 6);
    expect(l998.upper).toBeCloseTo(0.923609, 6);
  });
  it("proportions: limits narrow as the denominator grows and stay within [0, 1]", () => {
    const small = proportionFunnelLimits(0.8, 25, 0.998);
    const large = proportionFunnelLimits(0.8, 2500, 0.998);
    expect(large.upper - large.lower).toBeLessThan(small.upper - small.lower);
    expect(proportionFunnelLimits(0.98, 10, 0.998).upper).toBe(1);
    expect(proportionFunnelLimits(0.02, 10, 0.998).lower).toBe(0);
  });
  it("rates: exact Poisson limits of the expected count r0·n, over n", () => {
    // 500 per 100,000 in 10,000 people: expected count 50; 99.8% limits χ²(0.001; 100)/2 = 30.959 and
    // χ²(0.999; 102)/2 = 75.942 events, i.e. 309.59 and 759.42 per 100,000.
    const limits = rateFunnelLimits(500, 10_000, 100_000, 0.998);
    expect(limits.lower).toBeCloseTo(309.589696, 3);
    expect(limits.upper).toBeCloseTo(759.418920, 3);
    // A tiny expected count (0.3 events): the lower limit is the gamma quantile P⁻¹(0.3, 0.001) = 6.9727e-11.
    const tiny = rateFunnelLimits(0.3, 1, 1, 0.998);
    expect(tiny.lower / 6.972699096783344e-11).toBeCloseTo(1, 6);
    expect(tiny.upper).toBeCloseTo(7.662363, 5); // P⁻¹(1.3, 0.999)
    const l95 = rateFunnelLimits(500, 100_000, 100_000, 0.95);
    expect(l95.lower).toBeLessThan(500);
    expect(l95.upper).toBeGreaterThan(500);
  });
});

describe("compareWithBenchmark: interval excludes the benchmark (Fingertips 'CI overlapping reference value')", () => {
  const above = {lower: 80, upper: 90};
  const below = {lower: 50, upper: 60};
  const across = {lower: 65, upper: 75};
  it("higher is better: above is better, below is worse", () => {
    expect(compareWithBenchmark(above, 70, "high_is_good")).toBe("better");
    expect(compareWithBenchmark(below, 70, "high_is_good")).toBe("worse");
  });
  it("lower is better reverses the verdict", () => {
    expect(compareWithBenchmark(above, 70, "low_is_good")).toBe("worse");
    expect(compareWithBenchmark(below, 70, "low_is_good")).toBe("better");
  });
  it("no judgement says only higher or lower", () => {
    expect(compareWithBenchmark(above, 70, "no_judgement")).toBe("higher");
    expect(compareWithBenchmark(below, 70, "no_judgement")).toBe("lower");
  });
  it("an interval that contains the benchmark is similar, whatever the polarity", () => {
    for (const polarity of ["high_is_good", "low_is_good", "no_judgement"] as const) expect(compareWithBenchmark(across, 70, polarity)).toBe("similar");
  });
  it("without an interval or a benchmark there is no comparison", () => {
    expect(compareWithBenchmark(null, 70, "high_is_good")).toBe("not compared");
    expect(compareWithBenchmark(above, null, "high_is_good")).toBe("not compared");
  });
});

describe("valueInterval: the interval of a published value on its own scale", () => {
  it("a percentage uses Wilson on numerator/denominator, times 100", () => {
    const interval = valueInterval({value: 88.9, numerator: 160, denominator: 180}, "proportion", 100, 0.95)!;
    expect(interval.lower).toBeCloseTo(83.4613, 3);
    expect(interval.upper).toBeCloseTo(92.6912, 3);
  });
  it("a rate per 100,000 uses exact Poisson on the count", () => {
    const interval = valueInterval({value: 50, numerator: 10, denominator: 20_000}, "rate", 100_000, 0.95)!;
    expect(interval.lower).toBeCloseTo(23.9769, 3);
  });
  it("is null without a numerator, a denominator, a multiplier, or for scores", () => {
    expect(valueInterval({value: 50, numerator: null, denominator: 10}, "proportion", 100, 0.95)).toBeNull();
    expect(valueInterval({value: 50, numerator: 5, denominator: null}, "proportion", 100, 0.95)).toBeNull();
    expect(valueInterval({value: 50, numerator: 5, denominator: 10}, "proportion", null, 0.95)).toBeNull();
    expect(valueInterval({value: 19, numerator: 5, denominator: 10}, "score", 1, 0.95)).toBeNull();
    expect(valueInterval({value: null, numerator: 5, denominator: 10}, "proportion", 100, 0.95)).toBeNull();
  });
});

describe("rankWithinGroup: standard competition ranking ('1224'), best first by polarity", () => {
  const items = [{id: "a", v: 90}, {id: "b", v: 80}, {id: "c", v: 80}, {id: "d", v: 70}, {id: "e", v: null}];
  const ranks = (polarity: "high_is_good" | "low_is_good" | "no_judgement") => {
    const map = rankWithinGroup(items, (i) => i.v, polarity);
    return items.map((i) => map.get(i) ?? null);
  };
  it("higher is better: ties share a rank and the next rank is skipped", () => {
    expect(ranks("high_is_good")).toEqual([1, 2, 2, 4, null]);
  });
  it("lower is better reverses the order", () => {
    expect(ranks("low_is_good")).toEqual([4, 2, 2, 1, null]);
  });
  it("no judgement ranks highest first", () => {
    expect(ranks("no_judgement")).toEqual([1, 2, 2, 4, null]);
  });
});

describe("quantile: linear interpolation between order statistics (Hyndman and Fan type 7, DuckDB quantile_cont)", () => {
  it("gives the median and quartiles of 1..10", () => {
    const xs = [10, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(quantile(xs, 0.5)).toBe(5.5);
    expect(quantile(xs, 0.25)).toBeCloseTo(3.25, 12);
    expect(quantile(xs, 0.75)).toBeCloseTo(7.75, 12);
  });
  it("ignores missing values and returns null when there is nothing", () => {
    expect(quantile([NaN, 3], 0.5)).toBe(3);
    expect(quantile([], 0.5)).toBeNull();
  });
});
