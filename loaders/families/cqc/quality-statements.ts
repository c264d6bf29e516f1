/**
 * Matching CQC's quality statements as files and reports word them: an id, a number, the
 * canonical name or any alias (the framework itself, with the aliases, is the domain's:
 * src/lib/domain/cqc.ts), and the breakdown value the facts carry.
 */
import {DataError, type Location} from "../../validate.ts";
import {QUALITY_STATEMENTS, type QualityStatement} from "../../../src/lib/domain/cqc.ts";

/** The breakdown value used in facts, e.g. `quality_statement=QS1 Assessing needs`. */
export function qualityStatementBreakdown(statement: QualityStatement): string {
  return `quality_statement=${statement.id} ${statement.name}`;
}

function normaliseStatementName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/&/g, " and ")
    .replace(/^\s*(qs\s*)?\d+\s*[.:)\-]?\s+/, "") // "1. Assessing needs", "QS1 Assessing needs"
    .replace(/[^a-z' ]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const byName = new Map<string, QualityStatement>();
for (const statement of QUALITY_STATEMENTS) {
  for (const name of [statement.name, ...statement.aliases]) byName.set(normaliseStatementName(name), statement);
}

/** The statement for an id (`QS4`), a number, a canonical name or any alias; undefined if none. */
export function findQualityStatement(text: string): QualityStatement | undefined {
  const id = /^\s*qs\s*([1-9])\s*$/i.exec(text)?.[1] ?? /^\s*([1-9])\s*$/.exec(text)?.[1];
  if (id) return QUALITY_STATEMENTS[Number(id) - 1];
  return byName.get(normaliseStatementName(text));
}

/** As findQualityStatement, but an unknown name is a located error listing the canonical names. */
export function qualityStatementByName(text: string, where: Location): QualityStatement {
  const statement = findQualityStatement(text);
  if (!statement) {
    throw new DataError(where, "not a CQC local authority quality statement", {
      value: text,
      expected: `one of ${QUALITY_STATEMENTS.map((s) => `'${s.id} ${s.name}'`).join(", ")} or a known alias`
    });
  }
  return statement;
}
