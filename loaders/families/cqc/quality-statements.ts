/**
 * CQC's local authority assessment framework: nine quality statements in four themes, each
 * scored 1-4. Canonical names are those printed beside the scores in CQC's report on Medway
 * (seed 003, L943-975); the aliases are the other wordings CQC and councils use for the same
 * statement (seed 003 L93-104, L255-265, L1119; data-sources.md §2.1), so a curated row or a
 * report heading can be matched to one id.
 */
import {DataError, type Location} from "../../validate.ts";

export type ThemeId = "T1" | "T2" | "T3" | "T4";
export type QualityStatementId = "QS1" | "QS2" | "QS3" | "QS4" | "QS5" | "QS6" | "QS7" | "QS8" | "QS9";

export interface Theme {
  id: ThemeId;
  name: string;
  aliases: string[];
}

export interface QualityStatement {
  id: QualityStatementId;
  /** 1..9, the column qs1..qs9 of cqc_assessments. */
  number: number;
  theme: ThemeId;
  name: string;
  aliases: string[];
}

export const THEMES: readonly Theme[] = [
  {id: "T1", name: "Working with people", aliases: ["How the local authority works with people", "How Medway works with people"]},
  {id: "T2", name: "Providing support", aliases: []},
  {id: "T3", name: "Ensuring safety", aliases: ["How the local authority ensures safety in the system", "How the local authority ensures safety within the system"]},
  {id: "T4", name: "Leadership", aliases: ["How the local authority is run"]}
];

export const QUALITY_STATEMENTS: readonly QualityStatement[] = [
  {id: "QS1", number: 1, theme: "T1", name: "Assessing needs", aliases: ["Assessing people's needs"]},
  {id: "QS2", number: 2, theme: "T1", name: "Supporting people to lead healthier lives", aliases: ["Supporting people to live healthier lives"]},
  {id: "QS3", number: 3, theme: "T1", name: "Equity in experience and outcomes", aliases: ["Equity in experiences and outcomes"]},
  {id: "QS4", number: 4, theme: "T2", name: "Care provision, integration and continuity", aliases: ["Care provision, integration and continuity of care"]},
  {id: "QS5", number: 5, theme: "T2", name: "Partnerships and communities", aliases: ["Partnership and communities"]},
  {id: "QS6", number: 6, theme: "T3", name: "Safe pathways, systems and transitions", aliases: ["Safe systems, pathways and transitions"]},
  {id: "QS7", number: 7, theme: "T3", name: "Safeguarding", aliases: []},
  {id: "QS8", number: 8, theme: "T4", name: "Governance, management and sustainability", aliases: []},
  {id: "QS9", number: 9, theme: "T4", name: "Learning, improvement and innovation", aliases: []}
];

/** CQC's descriptor for each score (seed 003 L943-975; CQC "How we determine ratings"). */
export const SCORE_DESCRIPTORS: Readonly<Record<1 | 2 | 3 | 4, string>> = {
  1: "Evidence shows significant shortfalls",
  2: "Evidence shows some shortfalls",
  3: "Evidence shows a good standard",
  4: "Evidence shows an exceptional standard"
};

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

export function themeOf(statement: QualityStatement): Theme {
  return THEMES.find((theme) => theme.id === statement.theme)!;
}
