/**
 * What a validation run found, as `npm run data -- check` prints it and the About page shows it:
 * each rule with what it checked, and every caveat with its count and first examples.
 */
import type {Rule} from "./rules.ts";

/** One caveat's tally: how often real files broke a rule for one known reason, with examples. */
export interface CaveatRecord {
  rule: string;
  reason: string;
  count: number;
  examples: string[];
}

export interface ValidationSummary {
  /** The date the date rules compared with. */
  checked_on: string;
  files: number;
  /** Facts judged, derived measures included. */
  facts: number;
  /** Other rows judged (assessments, locations, groups, areas). */
  rows: number;
  rules: (Rule & {checked: number | null; violations: number; caveats: number})[];
  violations: number;
  caveats: CaveatRecord[];
}

/** Readable lines for `npm run data -- check`: the rules, what they checked, and every caveat with its count and examples. */
export function formatValidationSummary(summary: ValidationSummary): string[] {
  const lines = [`validation: ${summary.rules.length} rules over ${summary.files} files (${summary.facts} facts, ${summary.rows} other rows), ${summary.violations} violations, ${summary.caveats.reduce((n, c) => n + c.count, 0)} caveats (dates compared with ${summary.checked_on})`];
  for (const rule of summary.rules) {
    lines.push(`  rule ${rule.id} (${rule.kind}): ${rule.checked === null ? "applied while reading each row" : `${rule.checked} checked`}, ${rule.violations} violations${rule.caveats ? `, ${rule.caveats} caveats` : ""}`);
  }
  for (const caveat of summary.caveats) {
    lines.push(`  caveat ${caveat.rule} x${caveat.count}: ${caveat.reason}`);
    for (const example of caveat.examples) lines.push(`    e.g. ${example}`);
  }
  return lines;
}
