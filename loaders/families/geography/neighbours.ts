/**
 * Comparator groups published as files: one neighbour list per council (CIPFA nearest
 * neighbours, NHS England ASC peer groups) and the project's own custom groups.
 *
 * Neighbour list layout, as LG Inform exports and traffordDataLab/trafford_themes keep them
 * (data/cipfa2021.csv, data/nhsennpg.csv): a header `area_code,area_name` and one row per
 * neighbour, nearest first, 15 rows. The focal council is not in the file; it is named by the
 * file (`E06000035.csv`, `trafford_cipfa2021.csv`) or by the caller.
 */
import path from "node:path";
import type {GroupRow} from "../../model.ts";
import {DataError, type Location} from "../../validate.ts";
import {locateColumns, readTable} from "../../read/table.ts";
import {expectFormat} from "../../read/sniff.ts";
import {groupKindLabel} from "../../../src/lib/domain/groups.ts";
import {GEOGRAPHY_VINTAGE, councilByCode, findCouncilByName, resolveCouncilName, type Council} from "./index.ts";

export type NeighbourKind = "cipfa" | "nhse_peer";

export interface NeighbourListMeta {
  kind: NeighbourKind;
  /** The council the list belongs to; inferred from the file name when absent. */
  focal_code?: string;
  vintage: string;
  provenance: string;
  sample: boolean;
  /** Both CIPFA and NHS England publish 15 neighbours per council. */
  expected_neighbours?: number;
}

const GSS_COUNCIL_PATTERN = /E(06|08|09|10)\d{6}/i;

/**
 * The focal council named by a file name: a GSS code in it (`E06000035.csv`), else the longest
 * run of words that is a council name (`trafford_cipfa2021.csv`, `cheshire-west-and-chester.csv`).
 */
export function focalCouncilFromFileName(file: string): Council | undefined {
  const base = path.basename(file).replace(/\.[^.]+$/, "");
  const code = GSS_COUNCIL_PATTERN.exec(base)?.[0];
  if (code) return councilByCode(code);
  const words = base.split(/[^A-Za-z&.']+/).filter(Boolean);
  const found = new Map<string, {council: Council; length: number}>();
  for (let start = 0; start < words.length; start++) {
    for (let end = words.length; end > start; end--) {
      const council = findCouncilByName(words.slice(start, end).join(" "));
      if (council) {
        const length = end - start;
        if ((found.get(council.code)?.length ?? 0) < length) found.set(council.code, {council, length});
        break;
      }
    }
  }
  const matches = [...found.values()].sort((a, b) => b.length - a.length);
  // Two different councils of the same length in one name is ambiguous: refuse to guess.
  if (matches.length === 0 || (matches.length > 1 && matches[0].length === matches[1].length)) return undefined;
  return matches[0].council;
}

function focalCouncil(file: string, meta: NeighbourListMeta): Council {
  if (meta.focal_code !== undefined) {
    const council = councilByCode(meta.focal_code);
    if (!council) throw new DataError({file}, "the focal council code given for this neighbour list is not a council", {value: meta.focal_code, expected: "a GSS code of one of the 153 councils (E06, E08, E09, E10)"});
    return council;
  }
  const inferred = focalCouncilFromFileName(file);
  if (!inferred) {
    throw new DataError({file}, "cannot tell whose neighbour list this is", {
      value: path.basename(file),
      expected: "a file named after the focal council's GSS code (E06000035.csv) or name (trafford_cipfa2021.csv), or a focal code given by the caller"
    });
  }
  return inferred;
}

/** One council's published neighbour list, as group rows: the focal council at rank 0, neighbours 1..n in file order. */
export function parseNeighbourList(bytes: Uint8Array, file: string, meta: NeighbourListMeta): GroupRow[] {
  // Read first, so that an HTML page or a truncated download is reported as such.
  const table = readTable(bytes, file);
  const focal = focalCouncil(file, meta);
  const columns = locateColumns(table, {code: ["area_code", "code", "gss code", "ons code"], name: ["area_name", "name", "area"]});
  const expected = meta.expected_neighbours ?? 15;
  const group_id = `${meta.kind}-${focal.code}`;
  const label = `${groupKindLabel(meta.kind)} of ${focal.short_name}`;
  const row = (member_code: string, rank: number): GroupRow => ({
    group_id, kind: meta.kind, label, focal_code: focal.code, member_code, rank,
    vintage: meta.vintage, provenance: meta.provenance, sample: meta.sample
  });

  const rows: GroupRow[] = [row(focal.code, 0)];
  const seen = new Map<string, number>();
  table.rows.forEach((cells, i) => {
    const line = table.rowNumbers[i];
    const codeText = cells[columns.code].trim();
    const nameText = cells[columns.name].trim();
    const codeWhere: Location = {file, sheet: table.sheet, row: line, column: table.header[columns.code]};
    const council = councilByCode(codeText);
    if (!council) {
      throw new DataError(codeWhere, "not the code of a council with social care responsibility", {
        value: codeText, expected: "a GSS code of one of the 153 councils (E06, E08, E09 or E10 and six digits)"
      });
    }
    if (nameText !== "" && findCouncilByName(nameText)?.code !== council.code) {
      throw new DataError({...codeWhere, column: table.header[columns.name]}, `the name does not match the code ${codeText}`, {
        value: nameText, expected: `'${council.name}' (or a published variant of it)`
      });
    }
    if (council.code === focal.code) {
      throw new DataError(codeWhere, `the focal council ${focal.name} is listed among its own neighbours`, {value: codeText, expected: "only the other councils"});
    }
    const earlier = seen.get(council.code);
    if (earlier !== undefined) throw new DataError(codeWhere, `${council.name} is listed twice (first on row ${earlier})`, {value: codeText, expected: "each neighbour once"});
    seen.set(council.code, line);
    rows.push(row(council.code, rows.length));
  });
  const found = rows.length - 1;
  if (found !== expected) {
    const last = table.rowNumbers.at(-1) ?? table.headerRow;
    throw new DataError({file, sheet: table.sheet, row: last}, `${found} neighbours where ${expected} are expected${found < expected ? ": the file looks truncated" : ""}`, {
      value: found, expected: `${expected} rows after the header`
    });
  }
  return rows;
}

interface CustomGroupSpec {
  id: string;
  label: string;
  members: string[];
  provenance: string;
}

/**
 * The project's own comparator groups, from `data/raw/geography/custom-groups.json`:
 * `[{id, label, members: [GSS codes or council names], provenance}]`. Errors name the JSON path
 * (`[1].members[3]`) in place of a column, and the line it is on.
 */
export function parseCustomGroups(bytes: Uint8Array, file: string): GroupRow[] {
  expectFormat(bytes, file, "json");
  const text = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DataError({file}, `not valid JSON: ${(error as Error).message}`, {expected: "a JSON array of {id, label, members, provenance}"});
  }
  if (!Array.isArray(parsed)) throw new DataError({file}, "the file is not a JSON array", {value: typeof parsed, expected: "a JSON array of {id, label, members, provenance}"});

  const lineOf = (needle: string): number | undefined => {
    const at = text.indexOf(JSON.stringify(needle));
    return at < 0 ? undefined : text.slice(0, at).split("\n").length;
  };
  const rows: GroupRow[] = [];
  const ids = new Set<string>();
  parsed.forEach((entry: unknown, i: number) => {
    const where = (field: string, value?: string): Location => ({file, row: value === undefined ? undefined : lineOf(value), column: `[${i}].${field}`});
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new DataError({file, column: `[${i}]`}, "a group must be an object", {value: JSON.stringify(entry), expected: "{id, label, members, provenance}"});
    }
    const spec = entry as Partial<CustomGroupSpec>;
    for (const field of ["id", "label", "provenance"] as const) {
      if (typeof spec[field] !== "string" || spec[field].trim() === "") {
        throw new DataError(where(field), `the group's ${field} is missing or empty`, {value: JSON.stringify(spec[field] ?? null), expected: "a non-empty string"});
      }
    }
    const id = spec.id!.trim();
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new DataError(where("id", spec.id), "a group id must be lower-case letters, digits and hyphens (it goes in URLs)", {value: id, expected: "for example 'coastal-unitaries'"});
    if (ids.has(id)) throw new DataError(where("id", spec.id), "two groups have the same id", {value: id, expected: "unique ids"});
    ids.add(id);
    if (!Array.isArray(spec.members) || spec.members.length < 2) {
      throw new DataError(where("members"), "a group needs a list of at least two members", {value: JSON.stringify(spec.members ?? null), expected: "an array of GSS codes or council names"});
    }
    const members = new Set<string>();
    spec.members.forEach((member: unknown, j: number) => {
      const memberWhere = where(`members[${j}]`, typeof member === "string" ? member : undefined);
      if (typeof member !== "string") throw new DataError(memberWhere, "a member must be a GSS code or a council name", {value: JSON.stringify(member), expected: "a string"});
      const council = GSS_COUNCIL_PATTERN.test(member.trim()) && member.trim().length === 9 ? councilByCode(member) : resolveCouncilName(member, memberWhere);
      if (!council) throw new DataError(memberWhere, "not the code of a council with social care responsibility", {value: member, expected: "a GSS code of one of the 153 councils"});
      if (members.has(council.code)) throw new DataError(memberWhere, `${council.name} is listed twice in this group`, {value: member, expected: "each member once"});
      members.add(council.code);
    });
    for (const member_code of members) {
      rows.push({
        group_id: `custom-${id}`, kind: "custom", label: spec.label!.trim(), focal_code: null, member_code, rank: null,
        vintage: GEOGRAPHY_VINTAGE, provenance: spec.provenance!.trim(), sample: false
      });
    }
  });
  return rows;
}

