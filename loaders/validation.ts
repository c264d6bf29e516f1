/**
 * The validation layer: every rule a publisher file's canonical rows must pass before a snapshot
 * (or an `ingest`) accepts them, in one place. A parser alone cannot see what is wrong here: a
 * numerator above its denominator, 188.9% on a percentage, more enquiries than concerns, a file
 * cut short at a line boundary. `buildSnapshot` (loaders/snapshot.ts) checks each file after it is
 * parsed and again against the release before it; `npm run data -- ingest` does the same for one
 * file, writing nothing when a rule fails. Every violation is a located DataError: the file, and the
 * sheet, row and column where the parser recorded them (CanonicalTables.locations); where no row is
 * known, the message names the indicator, area and period.
 *
 * The rules (RULES in validation/rules.ts, with what each one checks):
 * - plausibility: values, numerators and denominators never negative; counts whole; a proportion's
 *   numerator at most its denominator; a percentage share or score within 0 to 100 (a rate given
 *   in per cent, such as staff turnover, may pass 100); a value that agrees with its own
 *   numerator / denominator x multiplier, within half a unit of the value's last decimal and the
 *   rounding of the counts (to the nearest 5 where a count is a multiple of 5, as ASCOF's and SAC's
 *   are); a percentage sign in a count cell (read by the parsers).
 * - consistency: one value per fact within a file; Section 42 plus other enquiries not above the
 *   concerns (SAC); people aged 65 and over not above adults; a single-year source's facts all in its
 *   year (SourceDefinition.period: an ASCOF file whose Year column says 2021-22 to 2023-24 is refused
 *   as ascof-2021-22); an area's name agrees with its code (loaders/area-names.ts, applied by every
 *   parser that reads both).
 * - dates: no assessment, rating, dated period or retrieval in the future; no location rated after
 *   the edition that lists it.
 * - coverage: a text file that carries figures must end with a line break. A number cut short still
 *   parses (3405 becomes 34), so the last record of such a file cannot be shown complete and the
 *   file is refused. A text file of group lists (codes and names, no figures) is accepted without
 *   one, with a caveat: its parser checks every code and name against geography, so a cut record
 *   does not resolve (NHS England's Trafford peer list is published so). Then each file is compared
 *   with the release before it in the manifest (the same series and layout, the latest earlier
 *   vintage; for `ingest`, only the release immediately before): at least half its rows, and every
 *   measure they share given for at least three quarters of the share of councils (of the geography
 *   of the day) that the release before covered. A file that covers far less is refused as truncated.
 *
 * The rules as data and the known caveats are in validation/rules.ts, the coverage statistics and
 * the release before in validation/coverage.ts, how a text file ends in validation/text-ending.ts,
 * and the printed summary in validation/summary.ts; this module applies them (Validator).
 *
 * Where a rule would refuse real published data, the rule is wrong: every real file in the manifest
 * and in ../shared/data/real passes. What real files break is listed in KNOWN_CAVEATS (the four
 * ASCOF outcomes published above 100% with a numerator above its denominator; Skills for Care's
 * weighted rates beside separately estimated counts) and counted as a caveat, never refused.
 */
import type {CanonicalTables, CqcLocationRow, FactRow, RowOrigin} from "./model.ts";
import {factKey} from "./model.ts";
import type {SourceDefinition} from "./families/types.ts";
import {indicatorById} from "./indicators.ts";
import {DataError, type Location} from "./validate.ts";
import {countRows, periodStart, type CoverageStats, type Release} from "./validation/coverage.ts";
import {KNOWN_CAVEATS, MIN_COUNCIL_SHARE, MIN_ROWS_SHARE, RULES, ruleOrder, type CaveatSubject} from "./validation/rules.ts";
import type {CaveatRecord, ValidationSummary} from "./validation/summary.ts";
import type {TextEnding} from "./validation/text-ending.ts";

// What importers of the validation layer use, from where it lives.
export {KNOWN_CAVEATS, RULES} from "./validation/rules.ts";
export {councilsOfTheDay, coverageStats, periodStart, releaseBefore, type CoverageStats} from "./validation/coverage.ts";
export {textEndingOfFile} from "./validation/text-ending.ts";
export {formatValidationSummary, type ValidationSummary} from "./validation/summary.ts";

// ---- findings -------------------------------------------------------------------------------------

export interface Finding {
  rule: string;
  where: Location;
  problem: string;
  value?: unknown;
  expected?: string;
}

/** The first violation as a located DataError; the others are counted (and the first few quoted) in its message. */
export class ValidationError extends DataError {
  readonly violations: Finding[];
  constructor(violations: Finding[]) {
    const [first] = violations;
    super(first.where, first.problem, {value: first.value, expected: first.expected});
    this.violations = violations;
    if (violations.length > 1) {
      const others = violations.slice(1, 4).map((f) => new DataError(f.where, f.problem, {value: f.value, expected: f.expected}).message);
      this.message += ` [rule ${first.rule}; ${violations.length - 1} more problem${violations.length > 2 ? "s" : ""} in this file: ${others.join(" | ")}${violations.length > 4 ? " | ..." : ""}]`;
    } else this.message += ` [rule ${first.rule}]`;
  }
}

// ---- small helpers --------------------------------------------------------------------------------

/** Decimal places a published value was given to (`88.9` -> 1), at most 6. */
function decimals(value: number): number {
  const text = String(Math.round(value * 1e6) / 1e6);
  const at = text.indexOf(".");
  return at < 0 ? 0 : Math.min(6, text.length - at - 1);
}

/** How far a published count may be from the true one: 2.5 when it is a multiple of 5 (rounded to 5), else half a unit of its last decimal. */
function countRounding(count: number): number {
  return count % 5 === 0 ? 2.5 : 0.5 * 10 ** -decimals(count);
}

function describeFact(fact: FactRow): string {
  return `${fact.indicator_id}, ${fact.area_code}, ${fact.period}${fact.breakdown === "total" ? "" : `, ${fact.breakdown}`}`;
}

// ---- the validator --------------------------------------------------------------------------------

/** Where a row of a file is, from its parser's locations: the row's own cell, a numerator's or denominator's cell, its period's cell. */
interface Locator {
  at(row: object, column?: string): Location;
  part(row: object, part: "numerator" | "denominator"): Location;
  period(row: object): Location;
}

function locator(file: string, locations: Map<object, RowOrigin> | undefined): Locator {
  const at = (row: object, column?: string): Location => {
    const origin = locations?.get(row);
    return origin ? {file, sheet: origin.sheet, row: origin.row, column: column ?? origin.column} : {file, column};
  };
  return {
    at,
    part(row, part) {
      const origin = locations?.get(row);
      const located = origin?.parts?.[part];
      return located ? {file, sheet: origin!.sheet, row: located.row, column: located.column} : at(row);
    },
    period(row) {
      return at(row, locations?.get(row)?.period_column);
    }
  };
}

/** One file to check: its display name, source, parsed tables and, for a text file, how it ends. */
export interface FileToValidate {
  file: string;
  source?: SourceDefinition;
  /** The source id when `source` is not registered (a test's made-up source). */
  source_id?: string;
  tables: CanonicalTables;
  ending?: TextEnding;
  /** The manifest's retrieval date of the file, and where the manifest is. */
  retrieved?: {at: string; manifest: string; entry: string};
}

export interface ValidationOptions {
  /** Today, for the date rules (default: now). */
  now?: Date;
}

interface RuleCount {
  checked: number;
  violations: number;
  caveats: number;
}

const EXAMPLES = 5;

/**
 * Collects what every file gave each rule. `checkFile` throws a ValidationError for a file that
 * breaks a rule (nothing of it may be used); `summary()` is what `check` prints and the About page shows.
 */
export class Validator {
  private readonly today: string;
  private readonly counts = new Map<string, RuleCount>(RULES.map((r) => [r.id, {checked: 0, violations: 0, caveats: 0}]));
  private readonly caveats = new Map<string, CaveatRecord>();
  private files = 0;
  private facts = 0;
  private rows = 0;

  constructor(options: ValidationOptions = {}) {
    this.today = (options.now ?? new Date()).toISOString().slice(0, 10);
  }

  private count(rule: string, field: keyof RuleCount, n = 1): void {
    this.counts.get(rule)![field] += n;
  }

  private caveat(rule: string, reason: string, example: string): void {
    const key = `${rule}\u0000${reason}`;
    const record = this.caveats.get(key) ?? {rule, reason, count: 0, examples: []};
    record.count++;
    if (record.examples.length < EXAMPLES) record.examples.push(example);
    this.caveats.set(key, record);
    this.count(rule, "caveats");
  }

  /** A finding that a known caveat covers is recorded; any other is a violation. */
  private judge(findings: Finding[], subject: CaveatSubject, finding: Finding): void {
    const known = KNOWN_CAVEATS.find((c) => c.rule === finding.rule && c.matches(subject));
    if (known) {
      this.caveat(finding.rule, known.reason, `${finding.where.file}${finding.where.row ? ` row ${finding.where.row}` : ""}: ${finding.problem}${finding.value === undefined ? "" : ` (found ${finding.value})`}`);
      return;
    }
    this.count(finding.rule, "violations");
    findings.push(finding);
  }

  /** Check one file's rows; throws a ValidationError when any rule is broken. */
  checkFile(input: FileToValidate): void {
    const findings = this.findings(input);
    this.files++;
    if (findings.length) throw new ValidationError(findings.sort((a, b) => ruleOrder(a.rule) - ruleOrder(b.rule)));
  }

  /** The findings for one file, in rule order (the caller decides whether to throw). */
  findings(input: FileToValidate): Finding[] {
    const {file, tables} = input;
    const sourceId = input.source?.id ?? input.source_id ?? tables.facts[0]?.source_id ?? "";
    const locate = locator(file, tables.locations);
    const at = locate.at;
    const findings: Finding[] = [];

    // The file as a whole: does its text end where a record ends?
    if (input.ending !== undefined) {
      this.count("text-ends-with-line-break", "checked");
      if (input.ending === "none") {
        const groupsOnly = tables.facts.length === 0;
        this.judge(findings, {rule: "text-ends-with-line-break", source_id: sourceId, groupsOnly}, {
          rule: "text-ends-with-line-break", where: {file},
          problem: groupsOnly
            ? "the file does not end with a line break: its last record may be cut short"
            : "the file does not end with a line break: it looks cut short, and a number cut inside its last record still reads as a number (3405 as 34)",
          expected: "a complete download, whose last line ends with a line break"
        });
      }
    }

    // Dates of assessments and locations, and the file's retrieval (before the facts, whose periods
    // repeat an assessment's date: the assessment row is the one to name).
    this.rows += countRows(tables) - tables.facts.length;
    for (const assessment of tables.cqc_assessments ?? []) {
      this.futureDate(findings, sourceId, assessment.report_date, () => at(assessment, "report_date"), `the assessment of ${assessment.area_code}`);
    }
    for (const location of tables.cqc_locations ?? []) this.locationDates(findings, sourceId, location, () => at(location));
    if (input.retrieved) {
      this.futureDate(findings, sourceId, input.retrieved.at, {file: input.retrieved.manifest, column: "retrieved_at"}, `the retrieval of ${input.retrieved.entry}`);
    }

    this.facts += tables.facts.length;
    this.checkFacts(tables.facts, sourceId, input.source?.period, locate, findings);
    return findings;
  }

  /** Derived measures (rates per 100,000, shares) are judged by the same rules, without file locations. */
  checkDerived(facts: readonly FactRow[], file = "derived measures (loaders/sources.ts DERIVATIONS)"): void {
    const findings: Finding[] = [];
    this.facts += facts.length;
    this.checkFacts(facts, "derived", undefined, locator(file, undefined), findings);
    if (findings.length) throw new ValidationError(findings.sort((a, b) => ruleOrder(a.rule) - ruleOrder(b.rule)));
  }

  private checkFacts(facts: readonly FactRow[], sourceId: string, period: string | undefined, locate: Locator, findings: Finding[]): void {
    const {at} = locate;
    const partAt = locate.part;
    const seen = new Map<string, FactRow>(); // the first fact of each key, for duplicates and the cross-measure rules
    const flag = (fact: FactRow, rule: string, where: Location, problem: string, value?: unknown, expected?: string) =>
      this.judge(findings, {rule, source_id: sourceId, fact}, {rule, where, problem: `${describeFact(fact)}: ${problem}`, value, expected});
    // Counted locally and added once: this loop runs for every fact of every file.
    const checked = {counts: 0, within: 0, percent: 0, fraction: 0, period: 0, concerns: 0, adults: 0};
    const datedPeriods = new Map<string, boolean>();
    for (const fact of facts) {
      const indicator = indicatorById(fact.indicator_id);
      const {value, numerator, denominator} = fact;

      // plausibility
      if (value !== null && value < 0) flag(fact, "non-negative", at(fact), "a negative value", value, "a value of 0 or more");
      if (numerator !== null && numerator < 0) flag(fact, "non-negative", partAt(fact, "numerator"), "a negative numerator", numerator, "a numerator of 0 or more");
      if (denominator !== null && denominator < 0) flag(fact, "non-negative", partAt(fact, "denominator"), "a negative denominator", denominator, "a denominator of 0 or more");
      if (indicator?.value_type === "count" && value !== null) {
        checked.counts++;
        if (!Number.isInteger(value)) flag(fact, "counts-whole", at(fact), `a count that is not a whole number (${indicator.unit})`, value, "a whole number");
      }
      if (indicator?.value_type === "proportion" && numerator !== null && denominator !== null) {
        checked.within++;
        if (numerator > denominator) flag(fact, "numerator-within-denominator", partAt(fact, "numerator"), `the numerator ${numerator} is larger than the denominator ${denominator}`, numerator, `at most ${denominator}, for a proportion`);
      }
      if (indicator && indicator.unit === "%" && indicator.value_type !== "rate" && value !== null) {
        checked.percent++;
        if (value < 0 || value > 100) flag(fact, "percentage-range", at(fact), "a percentage outside 0 to 100", value, "a percentage from 0 to 100");
      }
      if (indicator?.multiplier && value !== null && numerator !== null && denominator !== null && numerator >= 0 && denominator - countRounding(denominator) > 0) {
        checked.fraction++;
        const m = indicator.multiplier;
        const low = (Math.max(0, numerator - countRounding(numerator)) / (denominator + countRounding(denominator))) * m;
        const high = ((numerator + countRounding(numerator)) / (denominator - countRounding(denominator))) * m;
        // Within [low, high] the value agrees; outside it by more than half a unit of its last decimal it does not.
        if (value < low || value > high) {
          const half = 0.5 * 10 ** -decimals(value) + 1e-9;
          if (value < low - half || value > high + half) {
            const exact = Math.round((numerator / denominator) * m * 1000) / 1000;
            flag(fact, "value-matches-fraction", at(fact), `the value disagrees with its own numerator and denominator (${numerator} / ${denominator} x ${m} = ${exact})`, value,
              `a value from ${Math.max(0, Math.ceil((low - half) * 10) / 10)} to ${Math.floor((high + half) * 10) / 10}, allowing for the rounding of the value and of its counts`);
          }
        }
      }

      // consistency
      if (period !== undefined) {
        checked.period++;
        if (fact.period !== period) {
          flag(fact, "single-year-period", locate.period(fact), `a fact for ${fact.period} in the single-year release for ${period}`, fact.period,
            `${period} on every row: a file covering several years is not this source's release`);
        }
      }
      const key = factKey(fact);
      const first = seen.get(key);
      if (first) {
        const same = first.value === value && first.status === fact.status && first.numerator === numerator && first.denominator === denominator;
        const firstAt = at(first);
        if (same) this.caveat("one-value-per-fact", "the same fact given twice with the same figures within one file: kept once", `${at(fact).file}: ${describeFact(fact)}`);
        else flag(fact, "one-value-per-fact", at(fact), `a second value for this fact in the file${firstAt.row ? ` (the first is row ${firstAt.row})` : ""}`, value ?? fact.status, `one value per fact (the first gives ${first.value ?? first.status})`);
      } else seen.set(key, fact);
      if (fact.indicator_id === "sac_concerns") checked.concerns++;
      else if (fact.indicator_id === "population_18_plus") checked.adults++;

      // A period that is a date (an assessment, an edition) is not in the future.
      let dated = datedPeriods.get(fact.period);
      if (dated === undefined) datedPeriods.set(fact.period, (dated = /^\d{4}-\d{2}-\d{2}$/.test(fact.period)));
      if (dated) this.futureDate(findings, sourceId, fact.period, () => at(fact), describeFact(fact));
    }
    this.count("non-negative", "checked", facts.length);
    this.count("counts-whole", "checked", checked.counts);
    this.count("numerator-within-denominator", "checked", checked.within);
    this.count("percentage-range", "checked", checked.percent);
    this.count("value-matches-fraction", "checked", checked.fraction);
    this.count("single-year-period", "checked", checked.period);
    this.count("one-value-per-fact", "checked", facts.length);
    this.count("enquiries-within-concerns", "checked", checked.concerns);
    this.count("older-within-adults", "checked", checked.adults);

    // Counts that must not exceed another count of the same area, period and breakdown.
    const get = (indicator: string, fact: FactRow) => seen.get(factKey({...fact, indicator_id: indicator}));
    for (const concerns of seen.values()) {
      if (concerns.indicator_id !== "sac_concerns" || concerns.value === null) continue;
      const s42 = get("sac_s42_enquiries", concerns);
      const other = get("sac_other_enquiries", concerns);
      const enquiries = (s42?.value ?? 0) + (other?.value ?? 0);
      if ((s42?.value ?? null) === null && (other?.value ?? null) === null) continue;
      if (enquiries > concerns.value) {
        const offending = s42?.value !== null && s42?.value !== undefined ? s42 : other!;
        this.judge(findings, {rule: "enquiries-within-concerns", source_id: sourceId, fact: offending}, {
          rule: "enquiries-within-concerns", where: at(offending),
          problem: `${describeFact(offending)}: ${s42?.value ?? "no"} Section 42 and ${other?.value ?? "no"} other enquiries, ${enquiries} in all, are more than the ${concerns.value} concerns${at(concerns).row ? ` (row ${at(concerns).row})` : ""}`,
          value: offending.value, expected: `Section 42 and other enquiries together at most the concerns (${concerns.value}): every enquiry follows a concern`
        });
      }
    }
    for (const adults of seen.values()) {
      if (adults.indicator_id !== "population_18_plus" || adults.value === null) continue;
      const older = get("population_65_plus", adults);
      if (older?.value != null && older.value > adults.value) {
        this.judge(findings, {rule: "older-within-adults", source_id: sourceId, fact: older}, {
          rule: "older-within-adults", where: at(older), problem: `${describeFact(older)}: more people aged 65 and over than adults aged 18 and over (${adults.value})`,
          value: older.value, expected: `at most ${adults.value}`
        });
      }
    }
  }

  private futureDate(findings: Finding[], sourceId: string, date: string | null, where: Location | (() => Location), what: string): void {
    this.count("no-future-dates", "checked");
    if (!date) return;
    const start = periodStart(date.slice(0, 10));
    if (start && start > this.today) {
      this.judge(findings, {rule: "no-future-dates", source_id: sourceId}, {
        rule: "no-future-dates", where: typeof where === "function" ? where() : where, problem: `${what} is dated in the future`, value: date, expected: `a date on or before today (${this.today})`
      });
    }
  }

  private locationDates(findings: Finding[], sourceId: string, location: CqcLocationRow, at: () => Location): void {
    this.futureDate(findings, sourceId, location.rating_date, at, `the rating of location ${location.location_id}`);
    if (!location.rating_date) return;
    this.count("rating-within-edition", "checked");
    const edition = periodStart(location.vintage);
    if (edition && /^\d{4}-\d{2}-\d{2}$/.test(location.vintage) && location.rating_date > location.vintage) {
      this.judge(findings, {rule: "rating-within-edition", source_id: sourceId}, {
        rule: "rating-within-edition", where: at(), problem: `location ${location.location_id} is rated after the edition that lists it (${location.vintage})`,
        value: location.rating_date, expected: `a date on or before ${location.vintage}`
      });
    }
  }

  /** The coverage rules: a file against the release before it (both already read). Throws a ValidationError when the file covers far less. */
  checkCoverage(file: string, stats: CoverageStats, reference: {entry: Release & {file: string}; stats: CoverageStats}): void {
    const findings: Finding[] = [];
    const ref = reference.stats;
    const name = `${reference.entry.source_id} (${reference.entry.file})`;
    this.count("rows-against-release-before", "checked");
    if (ref.rows > 0 && stats.rows < MIN_ROWS_SHARE * ref.rows) {
      findings.push({
        rule: "rows-against-release-before", where: {file},
        problem: `the file gives ${stats.rows} rows where the release before it, ${name}, gives ${ref.rows}: it covers far less, and looks truncated`,
        value: stats.rows, expected: `at least ${Math.ceil(MIN_ROWS_SHARE * ref.rows)} rows (half the release before), or a complete release`
      });
    }
    for (const [indicator, now] of stats.councils) {
      const before = ref.councils.get(indicator);
      if (!before) continue;
      this.count("councils-against-release-before", "checked");
      if (now.share < MIN_COUNCIL_SHARE * before.share) {
        const percent = (share: number) => `${Math.round(share * 100)}%`;
        findings.push({
          rule: "councils-against-release-before", where: {file, column: indicator},
          problem: `${indicator} is given for ${now.councils} of the ${now.of} councils of ${now.period} (${percent(now.share)}), where the release before it, ${name}, gave it for ${before.councils} of ${before.of} (${percent(before.share)}): the file looks truncated`,
          value: now.councils, expected: `at least ${Math.ceil(MIN_COUNCIL_SHARE * before.share * now.of)} councils (three quarters of the release before's coverage)`
        });
      }
    }
    for (const finding of findings) this.count(finding.rule, "violations");
    if (findings.length) throw new ValidationError(findings);
  }

  summary(): ValidationSummary {
    const rules = RULES.map((rule) => {
      const count = this.counts.get(rule.id)!;
      return {...rule, checked: rule.applied === "reading" ? null : count.checked, violations: count.violations, caveats: count.caveats};
    });
    return {
      checked_on: this.today, files: this.files, facts: this.facts, rows: this.rows, rules,
      violations: rules.reduce((n, r) => n + r.violations, 0),
      caveats: [...this.caveats.values()].sort((a, b) => b.count - a.count)
    };
  }
}
