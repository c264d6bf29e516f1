/** The four families of published data in page order, with the names pages give them. */
import type {Family} from "./types.js";

export const FAMILIES: readonly {family: Family; label: string; title: string}[] = [
  {family: "reablement", label: "Reablement and outcomes", title: "Reablement and outcomes (ASCOF)"},
  {family: "safeguarding", label: "Safeguarding", title: "Safeguarding (Safeguarding Adults Collection)"},
  {family: "workforce", label: "Workforce", title: "Workforce (Skills for Care)"},
  {family: "cqc", label: "CQC", title: "CQC (assessments and care directory)"}
];

/** "Reablement and outcomes": a family's short name, for headings and links. */
export function familyLabel(family: string): string {
  return FAMILIES.find((f) => f.family === family)?.label ?? family;
}
