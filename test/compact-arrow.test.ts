/**
 * loaders/compact-arrow.ts: the site's Arrow files re-encoded smaller (repeated strings as
 * dictionaries, every dictionary with the narrowest index) keep every row, column, null and
 * column order, read back as the same rows with apache-arrow, and give DuckDB-Wasm 1.29.0 (the
 * browser's engine) the same table: same VARCHAR columns, same rows.
 */
import {DataType, tableFromIPC} from "apache-arrow";
import {describe, expect, it} from "vitest";
import {compactArrowIPC, compactArrowRows} from "../loaders/compact-arrow.ts";
import {fromArrowIPC, toArrowIPC, type FactRow, type GroupRow} from "../loaders/model.ts";
import type {NodeDuckDB} from "./support/duckdb-node.ts";

const PROVENANCE = Array.from({length: 3}, (_, i) => `Nearest neighbours model ${i}: ${"a long provenance text repeated on every member row. ".repeat(6)}`);

/** 40 groups of 16 members: ids and labels repeat per group, provenance three ways, focal_code null for regions. */
function groupRows(): GroupRow[] {
  const rows: GroupRow[] = [];
  for (let g = 0; g < 40; g++) {
    for (let m = 0; m < 16; m++) {
      rows.push({
        group_id: `group-${g}`, kind: g % 4 === 0 ? "region" : "cipfa", label: `Group ${g}`, focal_code: g % 4 === 0 ? null : `E0600${String(g).padStart(4, "0")}`,
        member_code: `E0800${String(g * 16 + m).padStart(4, "0")}`, rank: g % 4 === 0 ? null : m + 1, vintage: "2025", provenance: PROVENANCE[g % 3], sample: g % 2 === 0
      } as GroupRow);
    }
  }
  return rows;
}

/** 3,000 facts over 200 areas (more than an Int8 index holds), some values suppressed. */
function factRows(): FactRow[] {
  return Array.from({length: 3000}, (_, i) => ({
    indicator_id: `ind_${i % 7}`, area_code: `E0${String(6000000 + (i % 200))}`, period: `20${10 + (i % 12)}-${11 + (i % 12)}`, breakdown: i % 5 ? "total" : `age=${i % 3}`,
    value: i % 11 ? i / 10 : null, numerator: i % 11 ? i : null, denominator: i % 11 ? 10 * i + 1 : null,
    status: i % 11 ? "ok" : "suppressed", source_id: `src-${i % 4}`, vintage: `v${i % 4}`
  }));
}

const typeOf = (bytes: Uint8Array, column: string) => String(tableFromIPC(bytes).schema.fields.find((f) => f.name === column)!.type);

describe("compactArrowIPC", () => {
  const groups = toArrowIPC("groups", groupRows());
  const facts = toArrowIPC("facts", factRows());
  const compactGroups = compactArrowIPC(groups);
  const compactFacts = compactArrowIPC(facts);

  it("keeps every row, value and null of groups, in the same column order and nullability", () => {
    expect(fromArrowIPC(compactGroups)).toEqual(fromArrowIPC(groups));
    const before = tableFromIPC(groups).schema.fields, after = tableFromIPC(compactGroups).schema.fields;
    expect(after.map((f) => [f.name, f.nullable])).toEqual(before.map((f) => [f.name, f.nullable]));
  });

  it("dictionary-encodes groups' repeated strings and leaves the other columns' types alone", () => {
    expect(typeOf(compactGroups, "provenance")).toBe("Dictionary<Int8, Utf8>");
    expect(typeOf(compactGroups, "focal_code")).toBe("Dictionary<Int8, Utf8>");
    // 640 distinct member codes in 640 rows: a dictionary would only add bytes.
    expect(typeOf(compactGroups, "member_code")).toBe("Utf8");
    expect(typeOf(compactGroups, "rank")).toBe("Int32");
    expect(typeOf(compactGroups, "sample")).toBe("Bool");
    expect(compactGroups.length).toBeLessThan(groups.length / 3);
  });

  it("narrows facts' dictionary indices (Int16 for 200 areas, Int8 for the rest) and keeps every row", () => {
    expect(fromArrowIPC(compactFacts)).toEqual(fromArrowIPC(facts));
    expect(typeOf(facts, "area_code")).toBe("Dictionary<Int32, Utf8>");
    expect(typeOf(compactFacts, "area_code")).toBe("Dictionary<Int16, Utf8>");
    for (const column of ["indicator_id", "period", "breakdown", "status", "source_id", "vintage"]) expect(typeOf(compactFacts, column), column).toBe("Dictionary<Int8, Utf8>");
    expect(DataType.isFloat(tableFromIPC(compactFacts).schema.fields.find((f) => f.name === "value")!.type)).toBe(true);
    expect(compactFacts.length).toBeLessThan(facts.length);
  });

  it("gives DuckDB-Wasm 1.29.0 the same VARCHAR tables, rows and nulls included", async () => {
    const loaded = await openDuckDBFromIPC({groups, compact_groups: compactGroups, facts, compact_facts: compactFacts});
    try {
      for (const [a, b] of [["groups", "compact_groups"], ["facts", "compact_facts"]]) {
        expect(await loaded.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${b}' ORDER BY ordinal_position`))
          .toEqual(await loaded.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${a}' ORDER BY ordinal_position`));
        expect(await loaded.query(`SELECT count(*)::INT AS n FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b})`)).toEqual([{n: 0}]);
        expect(await loaded.query(`SELECT count(*)::INT AS n FROM (SELECT * FROM ${b} EXCEPT ALL SELECT * FROM ${a})`)).toEqual([{n: 0}]);
      }
      expect(await loaded.query("SELECT count(*)::INT AS n FROM compact_groups WHERE focal_code IS NULL")).toEqual([{n: 160}]);
    } finally {
      await loaded.close();
    }
  }, 120_000);
});

/** DuckDB-Wasm under Node with tables loaded from the given IPC bytes as they are (no re-encoding). */
async function openDuckDBFromIPC(tables: Record<string, Uint8Array>): Promise<NodeDuckDB> {
  const {createRequire} = await import("node:module");
  const path = await import("node:path");
  const require = createRequire(import.meta.url);
  const duckdb = require("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs");
  const dist = path.dirname(require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs"));
  const db = await duckdb.createDuckDB({
    mvp: {mainModule: path.join(dist, "duckdb-mvp.wasm"), mainWorker: path.join(dist, "duckdb-node-mvp.worker.cjs")},
    eh: {mainModule: path.join(dist, "duckdb-eh.wasm"), mainWorker: path.join(dist, "duckdb-node-eh.worker.cjs")}
  }, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const connection = db.connect();
  for (const [name, bytes] of Object.entries(tables)) connection.insertArrowFromIPCStream(bytes, {name});
  const query = async (sql: string) => connection.query(sql).toArray().map((row: {toJSON(): Record<string, unknown>}) => row.toJSON());
  return {query, version: async () => String((await query("SELECT version() AS v"))[0].v), close: async () => connection.close()};
}

describe("compactArrowRows", () => {
  it("writes the very bytes compactArrowIPC makes from the canonical encoding, for facts and groups", () => {
    for (const [name, rows] of [["facts", factRows()], ["groups", groupRows()]] as const) {
      expect(Buffer.from(compactArrowRows(name, rows)).equals(Buffer.from(compactArrowIPC(toArrowIPC(name, rows)))), name).toBe(true);
    }
    // Undefined is null, as the builders have it.
    const facts = factRows().map((row, i) => (i % 13 ? row : {...row, numerator: undefined as unknown as null}));
    expect(Buffer.from(compactArrowRows("facts", facts)).equals(Buffer.from(compactArrowIPC(toArrowIPC("facts", facts))))).toBe(true);
  });

  it("refuses a missing value where the schema allows none, as the canonical encoding does", () => {
    const rows = factRows();
    rows[5] = {...rows[5], area_code: null as unknown as string};
    expect(() => compactArrowRows("facts", rows)).toThrow(/facts\.area_code may not be null/);
    expect(() => toArrowIPC("facts", rows)).toThrow(/facts\.area_code may not be null/);
  });
});
