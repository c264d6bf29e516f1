/**
 * The page-side query runner: Framework's DuckDBClient (DuckDB-Wasm 1.29.0) over the canonical
 * Arrow tables, returning plain row objects so the comparator engine is the same in the browser
 * and under Node.
 */
import type {QueryRunner} from "./comparator.js";

interface ArrowLike {
  toArray(): {toJSON(): Record<string, unknown>}[];
}

interface DuckDBClientLike {
  query(sql: string): Promise<ArrowLike>;
}

export function queryRunner(client: DuckDBClientLike): QueryRunner {
  return {
    async query(sql: string) {
      const table = await client.query(sql);
      return table.toArray().map((row) => {
        const plain = row.toJSON();
        for (const key of Object.keys(plain)) if (typeof plain[key] === "bigint") plain[key] = Number(plain[key]);
        return plain;
      });
    }
  };
}
