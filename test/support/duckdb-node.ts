/**
 * DuckDB-Wasm under Node, the same package version the browser runs (Framework pins 1.29.0 =
 * DuckDB 1.1.1), so tests execute exactly the SQL the pages run. Tables are loaded as Arrow IPC
 * streams, as Framework's DuckDBClient loads .arrow files.
 */
import {createRequire} from "node:module";
import path from "node:path";
import type {QueryRunner} from "../../src/lib/comparator.ts";
import type {TableName} from "../../loaders/model.ts";
import {toArrowIPC} from "../../loaders/model.ts";

const require = createRequire(import.meta.url);

export interface NodeDuckDB extends QueryRunner {
  version(): Promise<string>;
  close(): Promise<void>;
}

export async function openDuckDB(tables: Partial<Record<TableName, readonly object[]>>): Promise<NodeDuckDB> {
  const duckdb = require("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs");
  const dist = path.dirname(require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs"));
  const bundles = {
    mvp: {mainModule: path.join(dist, "duckdb-mvp.wasm"), mainWorker: path.join(dist, "duckdb-node-mvp.worker.cjs")},
    eh: {mainModule: path.join(dist, "duckdb-eh.wasm"), mainWorker: path.join(dist, "duckdb-node-eh.worker.cjs")}
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const connection = db.connect();
  for (const [name, rows] of Object.entries(tables)) {
    connection.insertArrowFromIPCStream(toArrowIPC(name as TableName, rows as object[]), {name});
  }
  const query = async (sql: string) =>
    connection.query(sql).toArray().map((row: {toJSON(): Record<string, unknown>}) => {
      const plain = row.toJSON();
      for (const key of Object.keys(plain)) if (typeof plain[key] === "bigint") plain[key] = Number(plain[key]);
      return plain;
    });
  return {
    query,
    async version() {
      return String((await query("SELECT version() AS v"))[0].v);
    },
    async close() {
      connection.close();
    }
  };
}
