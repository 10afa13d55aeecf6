import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { SQL } from "drizzle-orm";
import * as schema from "./schema";

export type Schema = typeof schema;
/** Both drivers share drizzle's PostgreSQL query builder, so domain code never knows which it has. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type StoreTarget =
  | { kind: "pglite"; dataDir: string | null } // null: in memory (tests)
  | { kind: "postgres"; url: string };

export interface Store {
  db: Db;
  target: StoreTarget;
  /** For logs: where the data lives, without credentials. */
  describe: string;
  close(): Promise<void>;
}

export async function openStore(target: StoreTarget): Promise<Store> {
  if (target.kind === "pglite") {
    if (target.dataDir) await mkdir(target.dataDir, { recursive: true });
    const client = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
    await client.waitReady;
    return {
      db: drizzlePglite({ client, schema }),
      target,
      describe: target.dataDir ? `PGlite in ${target.dataDir}` : "PGlite in memory",
      close: () => client.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: 10 });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on("error", (err) => console.error("postgres pool error:", err.message));
  await pool.query("select 1");
  return {
    db: drizzlePg({ client: pool, schema }),
    target,
    describe: `PostgreSQL at ${redact(target.url)}`,
    close: () => pool.end(),
  };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/** A database handle or an open transaction: both run queries the same way. */
export type Queryable = Pick<Db, "execute">;

/**
 * Runs raw SQL and returns its rows. Both drivers resolve to `{ rows }` (PGlite's Results,
 * node-postgres' QueryResult); drizzle's shared base type cannot say so, hence the check.
 */
export async function queryRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (typeof result === "object" && result !== null && "rows" in result && Array.isArray(result.rows)) {
    return result.rows as T[];
  }
  throw new Error("database driver returned a result without rows");
}

/** drizzle wraps driver errors as "Failed query: …"; the database's own words are in the cause chain. */
export function databaseMessage(err: unknown): string {
  let current: unknown = err;
  let message = "";
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    message = current.message;
    current = current.cause;
  }
  return message;
}
