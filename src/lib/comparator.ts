/**
 * The comparator engine: SQL run by DuckDB-Wasm over the canonical tables (in the browser and,
 * in tests, under Node with the same package version), plus the statistics in stats.ts.
 *
 * Every value placed into SQL is first checked against the known councils, groups, indicators,
 * periods and breakdowns (see selection.ts), and is quoted by sqlString; no SQL is ever built
 * from raw text a user typed or a URL carried.
 */
import {compareWithBenchmark, valueInterval, type Interval} from "./stats.js";
import {formatValue, ordinal} from "./format.js";
import {ENGLAND_CODE} from "./domain/areas.js";
import {groupName, groupPhrase} from "./domain/groups.js";
import {statusText, type Verdict} from "./domain/status.js";
import type {GroupInfo, Indicator, Polarity} from "./domain/types.js";

export type {GroupInfo};

export interface QueryRunner {
  query(sql: string): Promise<Record<string, unknown>[]>;
}

export interface Selection {
  focal: string;
  group: string;
  indicator: string;
  period: string;
  breakdown: string;
}

/** What the comparator needs of an indicator (the catalogue's shape, domain/types.ts Indicator). */
export type IndicatorInfo = Pick<Indicator, "indicator_id" | "title" | "short_title" | "unit" | "value_type" | "multiplier" | "polarity" | "definition" | "source" | "caveats">;

/** Quote a string for SQL. Callers pass only validated identifiers (codes, ids, periods). */
export function sqlString(value: string): string {
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** Quote an identifier (a table name) for SQL. */
export function sqlIdentifier(name: string): string {
  return `"${String(name).replace(/"/g, '""')}"`;
}

/**
 * The facts of one indicator (and, given one, one breakdown), as a table of their own: the name of
 * the table ensureIndicatorFacts creates. Changing the council or the group keeps the indicator
 * and the breakdown, so the queries that follow scan a few hundred rows, not every fact of the
 * family (a full scan of 137,000 safeguarding facts costs DuckDB-Wasm about 50 ms).
 */
export function indicatorFactsTable(indicator: string, breakdown?: string): string {
  return breakdown === undefined ? `facts of ${indicator}` : `facts of ${indicator} | ${breakdown}`;
}

const indicatorTables = new WeakMap<QueryRunner, Map<string, Promise<string>>>();

/**
 * Create the table of one indicator's facts (or one breakdown of them, taken from the indicator's
 * table) once per database; answers its quoted name, or `facts` if it cannot be created.
 */
export function ensureIndicatorFacts(db: QueryRunner, indicator: string, breakdown?: string): Promise<string> {
  let tables = indicatorTables.get(db);
  if (!tables) indicatorTables.set(db, (tables = new Map()));
  const name = indicatorFactsTable(indicator, breakdown);
  let table = tables.get(name);
  if (!table) {
    const quoted = sqlIdentifier(name);
    table = (breakdown === undefined ? Promise.resolve("facts") : ensureIndicatorFacts(db, indicator))
      .then((source) => {
        const where = breakdown === undefined ? `indicator_id = ${sqlString(indicator)}` : `indicator_id = ${sqlString(indicator)} AND breakdown = ${sqlString(breakdown)}`;
        return db.query(`CREATE TABLE IF NOT EXISTS ${quoted} AS SELECT * FROM ${source} WHERE ${where}`);
      })
      .then(() => quoted, () => "facts");
    tables.set(name, table);
  }
  return table;
}

export function comparatorSql(selection: Selection, polarity: Polarity, regionCode: string | null, from = "facts"): string {
  const {focal, group, indicator, period, breakdown} = selection;
  // Rank 1 is the best value; with no judgement, the highest value.
  const order = polarity === "low_is_good" ? "ASC" : "DESC";
  const where = `indicator_id = ${sqlString(indicator)} AND period = ${sqlString(period)} AND breakdown = ${sqlString(breakdown)}`;
  const england = `FILTER (WHERE area_code = ${sqlString(ENGLAND_CODE)})`;
  // The group's statistics are window aggregates over the members, and the benchmarks one row of
  // conditional aggregates: DuckDB-Wasm runs this shape in about a third of the time of separate
  // summary CTEs or scalar subqueries.
  return `
WITH selected AS (
  SELECT area_code, value, numerator, denominator, status FROM ${from} WHERE ${where}
),
members AS (
  SELECT g.member_code AS area_code, a.name, a.short_name, s.value, s.numerator, s.denominator,
         coalesce(s.status, 'missing') AS status
  FROM groups g
  JOIN areas a ON a.code = g.member_code
  LEFT JOIN selected s ON s.area_code = g.member_code
  WHERE g.group_id = ${sqlString(group)}
),
benchmarks AS (
  SELECT max(value) ${england} AS england, max(numerator) ${england} AS england_numerator,
         max(denominator) ${england} AS england_denominator,
         max(value) FILTER (WHERE area_code = ${sqlString(regionCode ?? "")}) AS region
  FROM selected
)
SELECT m.area_code, m.name, m.short_name, m.value, m.numerator, m.denominator, m.status,
  CASE WHEN m.value IS NULL THEN NULL
       ELSE (rank() OVER (PARTITION BY m.value IS NULL ORDER BY m.value ${order}))::INTEGER END AS rank,
  m.area_code = ${sqlString(focal)} AS is_focal,
  (count(*) OVER ())::INTEGER AS members, (count(m.value) OVER ())::INTEGER AS with_value, avg(m.value) OVER () AS mean,
  median(m.value) OVER () AS median, quantile_cont(m.value, 0.25) OVER () AS q1, quantile_cont(m.value, 0.75) OVER () AS q3,
  min(m.value) OVER () AS min, max(m.value) OVER () AS max,
  b.england, b.england_numerator, b.england_denominator, b.region
FROM members m, benchmarks b
ORDER BY rank NULLS LAST, m.name`;
}

export interface MemberResult {
  area_code: string;
  name: string;
  short_name: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: string;
  rank: number | null;
  is_focal: boolean;
  ci95: Interval | null;
  ci998: Interval | null;
  vs_england: Verdict;
  vs_median: Verdict;
}

export interface ComparatorResult {
  selection: Selection;
  members: MemberResult[];
  focal: MemberResult | undefined;
  stats: {members: number; with_value: number; mean: number | null; median: number | null; q1: number | null; q3: number | null; min: number | null; max: number | null};
  england: number | null;
  /** England's numerator and denominator where published (the funnel plot's pooled target needs no more). */
  england_numerator: number | null;
  england_denominator: number | null;
  region: number | null;
  sentence: string;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function runComparator(db: QueryRunner, selection: Selection, indicator: IndicatorInfo, group: GroupInfo, focalName: string, regionCode: string | null): Promise<ComparatorResult> {
  const from = await ensureIndicatorFacts(db, selection.indicator, selection.breakdown);
  const queried = performance.now();
  const rows = await db.query(comparatorSql(selection, indicator.polarity, regionCode, from));
  performance.measure("comparator:query", {start: queried});
  return comparatorResult(rows, selection, indicator, group, focalName);
}

/**
 * The rows of comparatorSql as a result: each member's intervals and verdicts against England
 * and the group median, the group's statistics and the sentence. Apart from the query, so a
 * caller that batches many selections into one query (test/comparator-parity.test.ts) reads
 * each exactly as the explorers do.
 */
export function comparatorResult(rows: readonly Record<string, unknown>[], selection: Selection, indicator: IndicatorInfo, group: GroupInfo, focalName: string): ComparatorResult {
  const first = rows[0] ?? {};
  const stats = {
    members: num(first.members) ?? 0, with_value: num(first.with_value) ?? 0, mean: num(first.mean), median: num(first.median),
    q1: num(first.q1), q3: num(first.q3), min: num(first.min), max: num(first.max)
  };
  const england = num(first.england);
  const members: MemberResult[] = rows.map((row) => {
    const fact = {value: num(row.value), numerator: num(row.numerator), denominator: num(row.denominator)};
    const ci95 = valueInterval(fact, indicator.value_type, indicator.multiplier, 0.95);
    const ci998 = valueInterval(fact, indicator.value_type, indicator.multiplier, 0.998);
    return {
      area_code: String(row.area_code), name: String(row.name), short_name: String(row.short_name), ...fact,
      status: String(row.status), rank: num(row.rank), is_focal: Boolean(row.is_focal), ci95, ci998,
      vs_england: compareWithBenchmark(ci998, england, indicator.polarity),
      vs_median: compareWithBenchmark(ci95, stats.median, indicator.polarity)
    };
  });
  const focal = members.find((m) => m.is_focal);
  const result: ComparatorResult = {
    selection, members, focal, stats, england, england_numerator: num(first.england_numerator), england_denominator: num(first.england_denominator),
    region: num(first.region), sentence: ""
  };
  result.sentence = comparatorSentence(result, indicator, group, focalName);
  return result;
}

/** "Medway is 12th of 16 in its CIPFA nearest-neighbour group: below the group median and significantly below England (99.8% limits)." */
export function comparatorSentence(result: ComparatorResult, indicator: IndicatorInfo, group: GroupInfo, focalName: string): string {
  const focal = result.focal;
  if (!focal) return `${focalName} is not a member of ${groupName(group)}.`;
  if (focal.value === null) {
    const why = focal.status === "missing" ? "there is no value for it" : `its value is ${statusText(focal.status)}`;
    return `${focalName} cannot be ranked for ${result.selection.period}: ${why}.`;
  }
  const ranked = result.stats.with_value;
  const judgement = indicator.polarity === "no_judgement";
  const position = judgement
    ? `${ordinal(focal.rank!)} highest of ${ranked}`
    : `${ordinal(focal.rank!)} of ${ranked}`;
  const parts: string[] = [];
  const median = result.stats.median;
  if (median !== null) {
    const relation = focal.value > median ? "above" : focal.value < median ? "below" : "at";
    parts.push(`${relation} the group median (${formatValue(median, indicator.unit)})`);
  }
  if (result.england !== null) {
    const verdict = focal.vs_england;
    const relation = focal.value > result.england ? "above" : focal.value < result.england ? "below" : "level with";
    if (verdict === "not compared") parts.push(`${relation} England (${formatValue(result.england, indicator.unit)}; no interval to test significance)`);
    else if (verdict === "similar") parts.push(`not significantly different from England (${formatValue(result.england, indicator.unit)}, 99.8% limits)`);
    else parts.push(`significantly ${relation} England (${formatValue(result.england, indicator.unit)}, 99.8% limits)`);
  }
  const ranking = judgement ? "" : " (1st is best)";
  return `${focalName} is ${position} ${groupPhrase(group)}${ranking} at ${formatValue(focal.value, indicator.unit)}${parts.length ? `: ${parts.join(" and ")}` : ""}.`;
}

/** Trend: the focal council, England and the group median for every period of an indicator. */
export function trendSql(selection: Omit<Selection, "period">, from = "facts"): string {
  const {focal, group, indicator, breakdown} = selection;
  return `
WITH selected AS (
  SELECT * FROM ${from} WHERE indicator_id = ${sqlString(indicator)} AND breakdown = ${sqlString(breakdown)}
),
group_values AS (
  SELECT s.period, median(s.value) AS group_median, quantile_cont(s.value, 0.25) AS group_q1, quantile_cont(s.value, 0.75) AS group_q3, count(s.value)::INTEGER AS reporting
  FROM selected s JOIN groups g ON g.member_code = s.area_code AND g.group_id = ${sqlString(group)}
  GROUP BY s.period
)
SELECT p.period,
  max(s.value) FILTER (WHERE s.area_code = ${sqlString(focal)}) AS focal,
  max(s.status) FILTER (WHERE s.area_code = ${sqlString(focal)}) AS focal_status,
  max(s.numerator) FILTER (WHERE s.area_code = ${sqlString(focal)}) AS focal_numerator,
  max(s.denominator) FILTER (WHERE s.area_code = ${sqlString(focal)}) AS focal_denominator,
  max(s.value) FILTER (WHERE s.area_code = ${sqlString(ENGLAND_CODE)}) AS england,
  any_value(gv.group_median) AS group_median, any_value(gv.group_q1) AS group_q1, any_value(gv.group_q3) AS group_q3, any_value(gv.reporting) AS reporting
FROM (SELECT DISTINCT period FROM selected) p
LEFT JOIN selected s ON s.period = p.period
LEFT JOIN group_values gv ON gv.period = p.period
GROUP BY p.period
ORDER BY p.period`;
}

/** The SQL list `('a', 'b')` of validated values. An empty list matches nothing. */
function sqlList(values: readonly string[]): string {
  return values.length ? `(${values.map(sqlString).join(", ")})` : "(NULL)";
}

/**
 * Composition over time (the safeguarding 100% stacks): every period's value, numerator and
 * denominator of the given breakdowns of one indicator, for the focal council and England.
 * `breakdowns` come from the catalogue's list for the indicator, never from raw text.
 */
export function compositionSql(focal: string, indicator: string, breakdowns: readonly string[]): string {
  return `
SELECT f.period, f.area_code, a.name, f.breakdown, f.value, f.numerator, f.denominator, f.status
FROM facts f JOIN areas a ON a.code = f.area_code
WHERE f.indicator_id = ${sqlString(indicator)} AND f.area_code IN ${sqlList([focal, ENGLAND_CODE])} AND f.breakdown IN ${sqlList(breakdowns)}
ORDER BY f.period, f.area_code = ${sqlString(ENGLAND_CODE)}, f.breakdown`;
}

/**
 * Each comparator group member's latest CQC local authority assessment (report dates are ISO
 * dates, or only a year or month where the source gives no more, so they sort as text).
 * Members never assessed come back with a null report date.
 */
export function cqcAssessmentsSql(group: string, focal: string): string {
  return `
WITH members AS (
  SELECT g.member_code AS area_code, a.name, a.short_name FROM groups g JOIN areas a ON a.code = g.member_code
  WHERE g.group_id = ${sqlString(group)}
),
latest AS (
  SELECT * FROM cqc_assessments QUALIFY row_number() OVER (PARTITION BY area_code ORDER BY report_date DESC) = 1
)
SELECT m.area_code, m.name, m.short_name, m.area_code = ${sqlString(focal)} AS is_focal,
       l.report_date, l.report_url, l.overall_pct, l.rating, l.qs1, l.qs2, l.qs3, l.qs4, l.qs5, l.qs6, l.qs7, l.qs8, l.qs9, l.provenance, l.sample
FROM members m LEFT JOIN latest l ON l.area_code = m.area_code
ORDER BY l.overall_pct DESC NULLS LAST, m.name`;
}

/**
 * Several indicators at once for one council against its group and England (the workforce
 * profile): per indicator, the focal value, the group median and quartiles, and England.
 * `requests` pair each indicator with a period and breakdown already checked against the catalogue.
 */
export function benchmarkSummarySql(focal: string, group: string, requests: readonly {indicator: string; period: string; breakdown: string}[]): string {
  if (!requests.length) throw new Error("benchmarkSummarySql needs at least one indicator");
  const wanted = requests
    .map((r) => `SELECT ${sqlString(r.indicator)} AS indicator_id, ${sqlString(r.period)} AS period, ${sqlString(r.breakdown)} AS breakdown`)
    .join(" UNION ALL ");
  return `
WITH wanted AS (${wanted}),
selected AS (
  SELECT f.* FROM facts f JOIN wanted w USING (indicator_id, period, breakdown)
),
group_values AS (
  SELECT s.indicator_id, median(s.value) AS group_median, quantile_cont(s.value, 0.25) AS group_q1, quantile_cont(s.value, 0.75) AS group_q3,
         count(s.value)::INTEGER AS reporting
  FROM selected s JOIN groups g ON g.member_code = s.area_code AND g.group_id = ${sqlString(group)}
  GROUP BY s.indicator_id
)
SELECT w.indicator_id, w.period, w.breakdown,
  max(s.value) FILTER (WHERE s.area_code = ${sqlString(focal)}) AS focal,
  max(s.status) FILTER (WHERE s.area_code = ${sqlString(focal)}) AS focal_status,
  max(s.value) FILTER (WHERE s.area_code = ${sqlString(ENGLAND_CODE)}) AS england,
  any_value(gv.group_median) AS group_median, any_value(gv.group_q1) AS group_q1, any_value(gv.group_q3) AS group_q3,
  coalesce(any_value(gv.reporting), 0)::INTEGER AS reporting
FROM wanted w
LEFT JOIN selected s ON s.indicator_id = w.indicator_id
LEFT JOIN group_values gv ON gv.indicator_id = w.indicator_id
GROUP BY w.indicator_id, w.period, w.breakdown
ORDER BY w.indicator_id`;
}

/**
 * Every area's value of some indicators in one period (the OT employment profile: the areas the
 * publisher covers, councils and NHS footprints alike), with the area's name and type.
 */
export function areaValuesSql(indicators: readonly string[], period: string, breakdown = "total"): string {
  return `
SELECT f.area_code, a.name, a.short_name, a.type, f.indicator_id, f.value, f.status
FROM facts f JOIN areas a ON a.code = f.area_code
WHERE f.indicator_id IN ${sqlList(indicators)} AND f.period = ${sqlString(period)} AND f.breakdown = ${sqlString(breakdown)}
ORDER BY a.name, f.indicator_id`;
}
