import "server-only";
import { sql } from "drizzle-orm";
import type { Clock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import type { AuditAction } from "./actions";
import { chainHash, normalisePayload } from "./canonical";
import { readHead } from "./rows";

export interface AuditEntry {
  /** A user id, the attempted username of a failed login, or "system". */
  actor: string;
  actorName: string;
  action: AuditAction;
  ip?: string | null;
  payload?: Record<string, unknown>;
}

// Any constant works; every console process sharing a database must use the same one.
const AUDIT_APPEND_LOCK = 0x46_43_41_55; // "FCAU"
// 9 columns a row: 1,000 rows stay far below PostgreSQL's 65,535 bind parameters.
const INSERT_CHUNK = 1000;

/**
 * Takes the lock every append takes, for the rest of the transaction `tx`: a decision that reads
 * the log and then appends (at most one of X per minute) is made by one process at a time.
 */
export async function lockAuditAppends(tx: Db): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`);
}

/** Appends one record to the hash-chained audit log. May be called inside a transaction. */
export async function appendAudit(db: Db, clock: Clock, entry: AuditEntry): Promise<void> {
  await appendAuditBatch(db, clock, [entry]);
}

/**
 * Appends records in order, chaining each to the one before. The advisory lock serializes every
 * appender on the database (console replicas included) from reading the head to commit, so two
 * writers can never both extend the same head: seq stays gapless and the chain cannot fork.
 * Called with a transaction handle this becomes a savepoint, and the lock is held until the
 * caller's transaction ends — its records commit or vanish together with the caller's change.
 */
export async function appendAuditBatch(db: Db, clock: Clock, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.transaction(async (tx) => {
    await lockAuditAppends(tx);
    const head = await readHead(tx);
    // Time is read under the lock and never goes backwards from the head (a wall clock can step
    // back), so seq order and time order agree and verification can treat disagreement as tampering.
    const now = new Date(clock.now().getTime());
    const at = head.at && head.at > now ? head.at : now;
    let { seq, hash } = head;
    const rows = entries.map((entry) => {
      seq += 1;
      const fields = {
        seq,
        at,
        actor: entry.actor,
        actorName: entry.actorName,
        action: entry.action,
        ip: entry.ip ?? null,
        payload: normalisePayload(entry.payload ?? {}),
      };
      const prevHash = hash;
      hash = chainHash(prevHash, fields);
      return { ...fields, prevHash, hash };
    });
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await tx.insert(tables.audit).values(rows.slice(i, i + INSERT_CHUNK));
    }
  });
}
