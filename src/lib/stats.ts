/**
 * Statistics for benchmarking, as small pure functions with the formula they implement.
 * Confidence intervals follow the Fingertips/PHE technical guidance ("Confidence intervals",
 * and "Funnel plots", Spiegelhalter 2005).
 */
import type {Polarity} from "./domain/types.js";
import type {Verdict} from "./domain/status.js";

/** Re-exported for the charts that take them with the statistics. */
export type {Polarity, Verdict};

/** z for a two-sided level: 95% → 1.959964, 99.8% → 3.090232. */
export function zFor(level: 0.95 | 0.998 | number): number {
  return normalQuantile(1 - (1 - level) / 2);
}

/** Inverse standard normal CDF (Acklam's algorithm, relative error < 1.2e-9 after refinement). */
export function normalQuantile(p: number): number {
  if (p <= 0 || p >= 1) throw new RangeError("p must be in (0, 1)");
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One step of Halley's method against the exact CDF.
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

function erfc(x: number): number {
  // Numerical Recipes erfc, fractional error < 1.2e-7.
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Wilson score interval for a proportion k/n (Wilson 1927; PHE guidance):
 * (2k + z² ± z·sqrt(z² + 4k(1 − k/n))) / (2(n + z²)). Returned as a proportion (0..1).
 */
export function wilsonInterval(k: number, n: number, level = 0.95): Interval {
  if (!(n > 0) || k < 0 || k > n) throw new RangeError(`a proportion needs 0 <= k <= n and n > 0 (got ${k}/${n})`);
  const z = zFor(level);
  const z2 = z * z;
  const root = z * Math.sqrt(z2 + 4 * k * (1 - k / n));
  return {lower: (2 * k + z2 - root) / (2 * (n + z2)), upper: (2 * k + z2 + root) / (2 * (n + z2))};
}

/** Regularised lower incomplete gamma P(a, x) (series or continued fraction, Numerical Recipes). */
function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const gln = logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a, term = sum, ap = a;
    for (let i = 0; i < 1000; i++) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - gln);
  }
  let b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - gln) * h;
}

function logGamma(x: number): number {
  const g = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const coefficient of g) ser += coefficient / ++y;
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

/**
 * Inverse of P(a, ·): the x with P(a, x) = p. Newton's method (dP/dx is the gamma density) from
 * the Wilson-Hilferty approximation, kept inside a bracket that every step narrows, with a
 * bisection step whenever Newton would leave it. Converges in a handful of steps where bisection
 * needed about 45, which matters when a chart needs dozens of exact Poisson limits.
 */
function gammaPInverse(a: number, p: number): number {
  const gln = logGamma(a);
  const z = normalQuantile(p);
  let x = a * Math.pow(1 - 1 / (9 * a) + z / (3 * Math.sqrt(a)), 3);
  if (!(x > 0) || !Number.isFinite(x)) x = a > 1 ? a : 1;
  let lo = 0, hi = Infinity;
  for (let i = 0; i < 200; i++) {
    const f = gammaP(a, x) - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    const density = Math.exp((a - 1) * Math.log(x) - x - gln);
    let next = x - f / density;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = hi === Infinity ? Math.max(2 * x, lo + 1) : (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-13 * Math.max(1, x) || (Number.isFinite(hi) && hi - lo <= 1e-13 * Math.max(1, hi))) return next;
    x = next;
  }
  return x;
}

/**
 * Exact Poisson interval for an observed count (Garwood 1936; PHE guidance "exact method"):
 * lower = χ²(α/2; 2O)/2, upper = χ²(1−α/2; 2O+2)/2, written with the gamma distribution.
 */
export function poissonInterval(count: number, level = 0.95): Interval {
  if (!(count >= 0)) throw new RangeError("a count must be >= 0");
  const alpha = 1 - level;
  const lower = count === 0 ? 0 : gammaPInverse(count, alpha / 2);
  const upper = gammaPInverse(count + 1, 1 - alpha / 2);
  return {lower, upper};
}

/** Interval for a rate per `multiplier` (count / population × multiplier), exact Poisson on the count. */
export function rateInterval(count: number, population: number, multiplier: number, level = 0.95): Interval {
  const {lower, upper} = poissonInterval(count, level);
  return {lower: (lower / population) * multiplier, upper: (upper / population) * multiplier};
}

/**
 * Funnel-plot control limits around a target proportion p0 for a denominator n
 * (Spiegelhalter 2005, normal approximation to the binomial): p0 ± z·sqrt(p0(1−p0)/n).
 */
export function proportionFunnelLimits(p0: number, n: number, level: number): Interval {
  const half = zFor(level) * Math.sqrt((p0 * (1 - p0)) / n);
  return {lower: Math.max(0, p0 - half), upper: Math.min(1, p0 + half)};
}

/**
 * Funnel limits for a rate: exact Poisson limits of the expected count E = r0·n, divided by n
 * (Spiegelhalter 2005 §3, with the Garwood interval).
 */
export function rateFunnelLimits(rate0: number, population: number, multiplier: number, level: number): Interval {
  const expected = (rate0 / multiplier) * population;
  const alpha = 1 - level;
  const lower = expected <= 0 ? 0 : gammaPInverse(expected, alpha / 2);
  const upper = gammaPInverse(expected + 1, 1 - alpha / 2);
  return {lower: (lower / population) * multiplier, upper: (upper / population) * multiplier};
}


/**
 * Fingertips' "CI overlapping reference value": an area is significantly different from a
 * benchmark when its interval excludes the benchmark value; polarity turns higher/lower into
 * better/worse, and an indicator with no judgement stays higher/lower.
 */
export function compareWithBenchmark(interval: Interval | null, benchmark: number | null, polarity: Polarity): Verdict {
  if (!interval || benchmark === null || !Number.isFinite(benchmark)) return "not compared";
  const direction = interval.lower > benchmark ? "higher" : interval.upper < benchmark ? "lower" : "similar";
  if (direction === "similar" || polarity === "no_judgement") return direction;
  return (direction === "higher") === (polarity === "high_is_good") ? "better" : "worse";
}

/** The confidence interval of a published value from its numerator and denominator, on the value's scale. */
export function valueInterval(
  fact: {value: number | null; numerator: number | null; denominator: number | null},
  valueType: string,
  multiplier: number | null,
  level: number
): Interval | null {
  const {numerator, denominator} = fact;
  if (fact.value === null || numerator === null || denominator === null || !(denominator > 0) || multiplier === null) return null;
  if (valueType === "proportion") {
    if (numerator > denominator || numerator < 0) return null;
    const {lower, upper} = wilsonInterval(numerator, denominator, level);
    return {lower: lower * multiplier, upper: upper * multiplier};
  }
  if (valueType === "rate" || valueType === "count") return rateInterval(numerator, denominator, multiplier, level);
  return null;
}

/** Ranks with ties shared (standard competition ranking, "1224"), best first by polarity. */
export function rankWithinGroup<T>(items: T[], value: (item: T) => number | null, polarity: Polarity): Map<T, number> {
  const sign = polarity === "low_is_good" ? 1 : -1;
  const sorted = items.filter((i) => value(i) !== null).sort((a, b) => sign * (value(a)! - value(b)!));
  const ranks = new Map<T, number>();
  sorted.forEach((item, index) => {
    const previous = sorted[index - 1];
    ranks.set(item, index > 0 && value(previous) === value(item) ? ranks.get(previous)! : index + 1);
  });
  return ranks;
}

/** Quantile by linear interpolation between order statistics (R type 7; DuckDB quantile_cont). */
export function quantile(values: number[], p: number): number | null {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!xs.length) return null;
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  return xs[lo] + (h - lo) * ((xs[Math.min(lo + 1, xs.length - 1)] ?? xs[lo]) - xs[lo]);
}
