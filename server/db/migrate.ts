import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "./client";
import { MIGRATIONS } from "./migrations";
import type { Migration } from "./migrations/types";

// Any constant works; it only has to be the same for every console process sharing a database.
const MIGRATION_LOCK = 0x46_43_4d_47; // "FCMG"

export function checksum(m: Migration): string {
  return createHash("sha256").update(m.statements.join("\n;\n")).digest("hex");
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so that
 * several console replicas starting together apply each migration exactly once. Re-running
 * is a no-op. A released migration whose text changed is refused rather than silently skipped.
 * Returns the ids applied by this call.
 */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  await db.execute(sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    id text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz(3) NOT NULL DEFAULT now()
  )`);
  const applied: string[] = [];
  for (const m of migrations) {
    const sum = checksum(m);
    const ran = await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      const [existing] = await queryRows<{ checksum: string }>(
        tx,
        sql`SELECT checksum FROM schema_migrations WHERE id = ${m.id}`,
      );
      if (existing) {
        if (existing.checksum !== sum) {
          throw new Error(`migration ${m.id} was changed after it was applied (checksum differs); add a new migration instead`);
        }
        return false;
      }
      for (const statement of m.statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`INSERT INTO schema_migrations (id, checksum) VALUES (${m.id}, ${sum})`);
      return true;
    });
    if (ran) applied.push(m.id);
  }
  return applied;
}
