import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import type pg from "pg";
import type { SQL } from "drizzle-orm";
import { openPostgres } from "./postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/** Both drivers share drizzle's PostgreSQL query builder, so domain code never knows which it has. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type StoreTarget =
  | { kind: "pglite"; dataDir: string | null } // null: in memory (tests)
  // url: libpq's form, one host or several (./url.ts); name: the variable it came from, for errors;
  // failoverWaitMs: how long a connection waits for a writable server (./postgres.ts)
  | { kind: "postgres"; url: string; name?: string; failoverWaitMs?: number };

export interface Store {
  db: Db;
  target: StoreTarget;
  /** For logs: where the data lives, without credentials. */
  describe: string;
  /**
   * LISTEN on a channel (server/db/bus.ts). The handler hears every NOTIFY committed on it, by any
   * process on this database; the returned function stops listening.
   */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * PGlite's defaults with a smaller buffer pool. Its Postgres touches the whole of shared_buffers
 * when it starts (resident WebAssembly memory is shared_buffers + ~20 MB once ready), so the
 * default 128 MB made every process that opens the store ~300 MB before its first query.
 * 32 MB holds the console's working set; a long scan (an export of 100,000 events) reads past it
 * from the OS page cache no slower (bench:timeline). Passed at start rather than written to
 * postgresql.conf, so the data folder is left as it was.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=32MB"];

export async function openStore(target: StoreTarget): Promise<Store> {
  if (target.kind === "pglite") {
    if (target.dataDir) await mkdir(target.dataDir, { recursive: true });
    const options = { startParams: PGLITE_START_PARAMS };
    const client = target.dataDir ? new PGlite(target.dataDir, options) : new PGlite(options);
    await client.waitReady;
    return {
      db: drizzlePglite({ client, schema }),
      target,
      describe: target.dataDir ? `PGlite in ${target.dataDir}` : "PGlite in memory",
      listen: (channel, handler) => client.listen(channel, handler),
      close: () => client.close(),
    };
  }
  const postgres = openPostgres(target.url, target.failoverWaitMs, target.name);
  try {
    await postgres.db.execute("select 1");
  } catch (err) {
    await postgres.end();
    throw err;
  }
  const listener = new Listener(postgres.newClient);
  return {
    db: postgres.db,
    target,
    describe: postgres.describe,
    listen: (channel, handler) => listener.listen(channel, handler),
    close: async () => {
      await listener.close();
      await postgres.end();
    },
  };
}

/**
 * One connection outside the pool holds every LISTEN (a pooled connection would be handed to a
 * query and lose them). When it drops — a server restart, a failover — it reconnects with backoff
 * and listens again; notifications sent while it was away are lost, which is why every listener
 * also rescans what it cares about on its own cadence (DESIGN: LISTEN/NOTIFY for push).
 */
class Listener {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();
  private closed = false;
  private retryMs = 250;

  constructor(private readonly connect: () => pg.Client) {}

  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    const fresh = !this.handlers.has(channel);
    const set = this.handlers.get(channel) ?? new Set();
    this.handlers.set(channel, set);
    set.add(handler);
    const stop = async () => void set.delete(handler);
    try {
      const client = await this.ready();
      // A connection opened just now listened on every channel already.
      if (fresh && client === this.client) await client.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (err) {
      await stop();
      throw err;
    }
    return stop;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  private ready(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    const client = this.connect();
    client.on("notification", (n) => {
      for (const h of this.handlers.get(n.channel) ?? []) h(n.payload ?? "");
    });
    client.on("error", (err) => {
      console.error("postgres listener connection lost:", err.message);
      this.dropped(client);
    });
    client.on("end", () => this.dropped(client));
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
    this.client = client;
    this.retryMs = 250;
    return client;
  }

  private dropped(client: pg.Client): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    const again = () => {
      if (this.closed || this.client) return;
      this.ready().catch((err: unknown) => {
        console.error("postgres listener: reconnect failed:", err instanceof Error ? err.message : err);
        this.retryMs = Math.min(this.retryMs * 2, 5000);
        setTimeout(again, this.retryMs).unref();
      });
    };
    setTimeout(again, this.retryMs).unref();
  }
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a channel name: ${name}`);
  return `"${name}"`;
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
