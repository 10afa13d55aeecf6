import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { storeFailure, withStoreRetry } from "./failover";
import { FailoverPool, HostSelector, failoverClientClass } from "./hosts";
import * as schema from "./schema";
import { parseDatabaseUrl } from "./url";

/** How long a write waits for a writable server before it is refused (a promotion usually takes seconds). */
export const DEFAULT_FAILOVER_WAIT_MS = 10_000;

export interface PostgresParts {
  db: ReturnType<typeof drizzle<typeof schema, FailoverPool>>;
  /** A new connection outside the pool (for LISTEN), to the writable host. */
  newClient: () => pg.Client;
  describe: string;
  end: () => Promise<void>;
}

/**
 * A drizzle database over a pool that follows DATABASE_URL's writable host (./hosts.ts), whose
 * transactions are re-run when a failover cut them off before COMMIT was sent (./failover.ts).
 */
export function openPostgres(url: string, failoverWaitMs = DEFAULT_FAILOVER_WAIT_MS, name = "DATABASE_URL"): PostgresParts {
  const parsed = parseDatabaseUrl(url, name);
  const selector = new HostSelector(parsed, failoverWaitMs);
  const pool = new FailoverPool({ max: 10 }, selector);
  // An idle client that errors (server restart, failover) must not crash the process; the pool replaces it.
  pool.on("error", (err) => console.error("postgres pool error:", err.message));
  const db = drizzle({ client: pool, schema });
  const Client = failoverClientClass(selector);

  /**
   * Each try runs on a connection of its own, released with the error when the connection broke
   * (or is left inside a transaction), so the pool never hands it out again. drizzle's own pooled
   * transaction would not release a connection whose BEGIN failed — a slot lost per failover.
   */
  db.transaction = async (transaction, config) => {
    let phase: "transaction" | "commit" = "transaction";
    return withStoreRetry(
      async () => {
        phase = "transaction";
        const client = await pool.connect();
        let failed: unknown = null;
        try {
          return await drizzle({ client, schema }).transaction(async (tx) => {
            const result = await transaction(tx);
            // From here drizzle sends COMMIT: a connection lost now leaves the outcome unknown.
            phase = "commit";
            return result;
          }, config);
        } catch (err) {
          failed = err;
          throw err;
        } finally {
          const broken = (failed !== null && storeFailure(failed) !== null) || client.getTransactionStatus() !== "I";
          client.release(broken ? new Error("connection left after a store failure") : undefined);
        }
      },
      { waitMs: failoverWaitMs, phaseOf: () => phase },
    );
  };

  return {
    db,
    newClient: () => new Client(),
    describe: `PostgreSQL at ${parsed.redacted}`,
    end: () => pool.end(),
  };
}
