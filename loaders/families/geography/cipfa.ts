/**
 * CIPFA nearest neighbours for every council, from one JSON file: `{areaCode: [codes]}`, as kept
 * in MHCLG's Oflog repository (communitiesuk/oflog-automated-text, src/lib/NN.json). Each list
 * names the area itself and its 15 neighbours; what the real file holds, and how it is read:
 *
 * - the codes in a list are in code order, the area itself among them, not in order of nearness
 *   (Trafford's 15 are the LG Inform list of July 2024, in another order): so the focal council
 *   is rank 0 and its neighbours carry no rank (GroupRow.rank is "where published");
 * - the lists predate April 2023: there are none under the codes of Cumberland, Westmorland and
 *   Furness, North Yorkshire and Somerset (E06000063 to E06000066), and some lists name the old
 *   counties. A county whose successor kept its boundary (North Yorkshire, Somerset) is read as
 *   the successor (predecessors.ts), as facts are: in other lists, and its own list becomes the
 *   successor's. A split one (Cumbria) has no single successor, so the lists naming it lose it,
 *   the groups' provenance says so, and Cumberland and Westmorland and Furness get no group;
 * - the City of London and the Isles of Scilly have only themselves (CIPFA leaves them out):
 *   no group;
 * - districts (E07), combined authorities and the lists of abolished councils are not ours and
 *   are skipped (one district's list has 34 entries); they are counted in the summary notes.
 *
 * Anything else is a located DataError: malformed or truncated JSON, a value that is not an
 * array of codes, a council's list without the council, an unknown code. The JSON path
 * (`E06000035[3]`) stands in for the column and the line it is on for the row.
 */
import type {GroupRow} from "../../model.ts";
import {DataError} from "../../validate.ts";
import {expectFormat} from "../../read/sniff.ts";
import {COUNCILS, councilByCode, type Council} from "./index.ts";
import {RETIRED_COUNCILS, type RetiredCouncil} from "./councils.ts";
import {currentAreaCode, predecessorByCode} from "./predecessors.ts";

export interface CipfaJsonMeta {
  vintage: string;
  /** Where the lists come from; each group adds what was recoded or dropped from its own list. */
  provenance: string;
}

export interface CipfaJsonResult {
  groups: GroupRow[];
  /** One line for the ingest summary (counts of lists, recoded and dropped members, areas skipped). */
  notes: string[];
}

/** Each published list names the council and its 15 nearest neighbours. */
const NEIGHBOURS = 15;
const GSS = /^[EWSN]\d{8}$/;

/** The councils CIPFA's nearest-neighbour model leaves out (their lists name only themselves). */
export const CIPFA_NOT_MODELLED = new Set(["E09000001", "E06000053"]);

/**
 * Why a council has no CIPFA list: it was created after the lists were drawn up (a successor
 * of a council abolished in 2023), or CIPFA leaves it out; else only that the snapshot has none.
 */
export function whyNoCipfaList(council: Pick<Council, "code" | "name">): string {
  if (CIPFA_NOT_MODELLED.has(council.code)) return `CIPFA's nearest-neighbour model leaves out ${council.name} (its published list names no neighbours)`;
  // The lists predate the April 2023 reorganisation; a split county's list cannot stand for a part of it.
  const from = RETIRED_COUNCILS.find((r) => r.successors.includes(council.code) && r.abolished >= "2023-04-01");
  if (from && !from.same_boundary) return `${council.name} was created in April 2023, when ${from.name} was split, after the CIPFA lists in this snapshot were drawn up; ${from.name}'s list cannot stand for a part of it`;
  if (from) return `${council.name} was created in April 2023, after the CIPFA lists in this snapshot were drawn up`;
  return `this snapshot has no CIPFA nearest-neighbour list for ${council.name}`;
}

/** The line of each top-level value and of each item in a top-level array (`KEY`, `KEY[i]`), for locating errors. */
function valueLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let line = 1;
  let depth = 0;
  let key: string | null = null;
  let index = 0;
  let expectKey = false;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") { line++; continue; }
    if (c === " " || c === "\t" || c === "\r") continue;
    const startsValue = c !== "," && c !== ":" && c !== "}" && c !== "]";
    if (startsValue && expectValue && key !== null) {
      lines.set(depth === 1 ? key : `${key}[${index}]`, line);
      expectValue = false;
    }
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const raw = text.slice(i, end + 1);
      if (depth === 1 && expectKey) {
        key = JSON.parse(raw) as string;
        expectKey = false;
      }
      i = end;
    } else if (c === "{" || c === "[") {
      depth++;
      if (depth === 1) expectKey = true;
      if (depth === 2 && c === "[") { index = 0; expectValue = true; }
    } else if (c === "}" || c === "]") {
      depth--;
      expectValue = false;
    } else if (c === ":" && depth === 1) {
      expectValue = true;
    } else if (c === ",") {
      if (depth === 1) expectKey = true;
      if (depth === 2) { index++; expectValue = true; }
    }
  }
  return lines;
}

function lineAt(text: string, position: number): number {
  return text.slice(0, position).split("\n").length;
}

type ReadCode =
  | {kind: "council"; council: Council; from?: RetiredCouncil}
  | {kind: "split"; retired: RetiredCouncil}
  | {kind: "other"};

/**
 * A code as this project files it: a council (a same-boundary predecessor read as its successor,
 * as facts are), a retired council with no single successor, or something else (a district, a
 * combined authority); undefined for a code nobody knows.
 */
function readCode(code: string): ReadCode | undefined {
  const council = councilByCode(code);
  if (council) return {kind: "council", council};
  const retired = predecessorByCode(code);
  if (retired?.same_boundary) return {kind: "council", council: councilByCode(currentAreaCode(code))!, from: retired};
  if (retired) return {kind: "split", retired};
  if (/^E(07|4\d|6\d)\d{6}$/.test(code)) return {kind: "other"};
  return undefined;
}

/** Read the whole-England CIPFA nearest-neighbour file into one group per council. */
export function parseCipfaJson(bytes: Uint8Array, file: string, meta: CipfaJsonMeta): CipfaJsonResult {
  expectFormat(bytes, file, "json");
  const text = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
  const expectedShape = "a JSON object {area code: [its own code and its 15 neighbours' codes]}";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const found = /position (\d+)/.exec(message)?.[1];
    const position = found === undefined ? text.length : Number(found);
    const truncated = /end of (JSON )?input/i.test(message) || position >= text.trimEnd().length;
    // The last list entry that began before the fault, and the line the fault is on.
    const path = [...valueLines(text.slice(0, position)).keys()].at(-1);
    const line = lineAt(text, position);
    throw new DataError({file, row: line, column: path},
      truncated ? "the JSON ends before it is complete: the file looks truncated" : `not valid JSON: ${message.replace(/^(.*?JSON)( at position \d+.*)?$/s, "$1")}`,
      {value: text.split("\n")[line - 1]?.trim().slice(0, 60), expected: expectedShape});
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new DataError({file, row: 1}, "the file is not a JSON object of neighbour lists", {value: Array.isArray(parsed) ? "an array" : JSON.stringify(parsed)?.slice(0, 40), expected: expectedShape});
  }
  const lines = valueLines(text);
  const where = (path: string) => ({file, row: lines.get(path), column: path});

  const entries = Object.entries(parsed as Record<string, unknown>);
  const keys = new Set(entries.map(([key]) => key.trim().toUpperCase()));
  const groups: GroupRow[] = [];
  const listed = new Set<string>();
  const skipped = {districts: 0, retired: [] as string[], other: 0};
  const recoded = new Map<string, {from: string; to: string; lists: number}>();
  const dropped = new Map<string, {name: string; lists: number}>();
  const inherited: string[] = [];

  for (const [key, value] of entries) {
    const code = key.trim().toUpperCase();
    if (!GSS.test(code)) throw new DataError(where(key), "not a GSS area code", {value: key, expected: "a nine-character GSS code such as E06000035"});
    if (!Array.isArray(value)) throw new DataError(where(key), "a neighbour list must be an array of codes", {value: JSON.stringify(value)?.slice(0, 60), expected: expectedShape});
    value.forEach((item: unknown, i: number) => {
      if (typeof item !== "string") throw new DataError(where(`${key}[${i}]`), "a neighbour must be a GSS code", {value: JSON.stringify(item), expected: "a string such as \"E06000035\""});
    });
    const items = value as string[];
    const read = readCode(code);
    // A same-boundary predecessor's list stands for its successor, unless the successor has its own.
    if (!read && /^E(06|08|09|10)/.test(code)) {
      throw new DataError(where(key), "not the code of a council, or of a council abolished since 2019", {value: key, expected: "a GSS code of one of the 153 councils (E06, E08, E09, E10)"});
    }
    if (read?.kind !== "council" || (read.from && keys.has(read.council.code))) {
      if (read && read.kind !== "other") skipped.retired.push(code);
      else if (code.startsWith("E07")) skipped.districts++;
      else skipped.other++;
      continue;
    }
    const focal = read.council;
    if (listed.has(focal.code)) throw new DataError(where(key), `${focal.name} has two lists`, {value: key, expected: "one list per council"});
    listed.add(focal.code);
    const notes: string[] = [];
    if (read.from) {
      inherited.push(`${focal.name} (${focal.code}) from ${read.from.name} (${code})`);
      notes.push(`This is the list of ${read.from.name} (${code}), abolished ${read.from.abolished.slice(0, 4)}, read as ${focal.name}'s: the successor has the same boundary.`);
    }

    const selfAt = items.findIndex((item) => item.trim().toUpperCase() === code || councilByCode(item)?.code === focal.code);
    if (selfAt < 0) {
      throw new DataError(where(key), `${focal.name}'s list does not include ${focal.name} itself`, {
        value: `${items.length} codes: ${items.slice(0, 3).join(", ")}${items.length > 3 ? ", ..." : ""}`,
        expected: `the council's own code ${code} among its ${NEIGHBOURS + 1} codes (the file names each council with its ${NEIGHBOURS} neighbours)`
      });
    }
    // The City of London and the Isles of Scilly: only themselves.
    if (items.length === 1) continue;
    if (items.length !== NEIGHBOURS + 1) {
      throw new DataError(where(key), `${items.length - 1} neighbours where ${NEIGHBOURS} are expected`, {value: items.length, expected: `${NEIGHBOURS + 1} codes: the council itself and ${NEIGHBOURS} neighbours`});
    }

    const members: string[] = [];
    const lost: string[] = [];
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      if (i === selfAt) return;
      const path = `${key}[${i}]`;
      const other = item.trim().toUpperCase();
      const member = readCode(other);
      if (member?.kind === "split") {
        const entry = dropped.get(other) ?? {name: `${member.retired.name} (${other})`, lists: 0};
        entry.lists++;
        dropped.set(other, entry);
        lost.push(`${member.retired.name} (abolished ${member.retired.abolished.slice(0, 4)}, split)`);
        return;
      }
      if (member?.kind === "other" && other.startsWith("E07")) {
        const entry = dropped.get(other) ?? {name: `district ${other}`, lists: 0};
        entry.lists++;
        dropped.set(other, entry);
        lost.push(`district ${other} (no social care responsibility)`);
        return;
      }
      if (member?.kind !== "council") {
        throw new DataError(where(path), `not the code of a council, or of a council abolished since 2019, in ${focal.name}'s list`, {
          value: item, expected: "a GSS code of one of the 153 councils (E06, E08, E09, E10), or of a retired council such as E10000023"
        });
      }
      if (member.from) {
        const entry = recoded.get(other) ?? {from: `${member.from.name} (${other})`, to: `${member.council.name} (${member.council.code})`, lists: 0};
        entry.lists++;
        recoded.set(other, entry);
        notes.push(`${member.from.name} (${other}, abolished ${member.from.abolished.slice(0, 4)}) is read as ${member.council.name} (${member.council.code}), which has the same boundary.`);
      }
      const memberCode = member.council.code;
      if (memberCode === focal.code) throw new DataError(where(path), `${focal.name} is listed twice in its own list`, {value: item, expected: "each council once"});
      const earlier = seen.get(memberCode);
      if (earlier !== undefined) throw new DataError(where(path), `${memberCode} is listed twice in ${focal.name}'s list (first at ${key}[${earlier}])`, {value: item, expected: "each neighbour once"});
      seen.set(memberCode, i);
      members.push(memberCode);
    });

    const provenance = [meta.provenance, ...notes, lost.length ? `${NEIGHBOURS} neighbours; ${lost.join(" and ")} dropped: ${members.length} remain.` : ""].filter(Boolean).join(" ");
    const row = (member_code: string, rank: number | null): GroupRow => ({
      group_id: `cipfa-${focal.code}`, kind: "cipfa", label: `CIPFA nearest neighbours of ${focal.short_name}`, focal_code: focal.code,
      member_code, rank, vintage: meta.vintage, provenance, sample: false
    });
    groups.push(row(focal.code, 0), ...members.map((m) => row(m, null)));
  }

  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const recodedTotal = [...recoded.values()].reduce((sum, r) => sum + r.lists, 0);
  const droppedTotal = [...dropped.values()].reduce((sum, d) => sum + d.lists, 0);
  const withList = new Set(groups.map((g) => g.focal_code!));
  const without = COUNCILS.filter((c) => !withList.has(c.code));
  const note = [
    `CIPFA nearest neighbours: ${count(withList.size, "council")} got a list`,
    `${count(recodedTotal, "member")} recoded to a same-boundary successor${recoded.size ? ` (${[...recoded.values()].map((r) => `${r.from} to ${r.to} in ${count(r.lists, "list")}`).join("; ")})` : ""}`,
    `${count(droppedTotal, "member")} dropped${dropped.size ? ` (${[...dropped.values()].map((d) => `${d.name} from ${count(d.lists, "list")}`).join("; ")})` : ""}`,
    `${count(inherited.length, "council")} took a same-boundary predecessor's list${inherited.length ? ` (${inherited.join("; ")})` : ""}`,
    `no group for ${count(without.length, "council")}${without.length && without.length <= 10 ? ` (${without.map((c) => c.name).join(", ")})` : ""}`,
    `skipped: ${count(skipped.districts, "district list")}, ${count(skipped.retired.length, "list")} of abolished councils${skipped.retired.length ? ` (${skipped.retired.join(", ")})` : ""}, ${count(skipped.other, "other area")} (combined authorities and the like)`
  ].join("; ");
  return {groups, notes: [note + "."]};
}
