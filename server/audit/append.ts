import "server-only";
import type { Clock } from "@/server/clock";
import type { Db } from "@/server/db";
import type { AuditAction } from "./actions";
import { tables } from "@/server/db";

export interface AuditEntry {
  /** A user id, the attempted username of a failed login, or "system". */
  actor: string;
  actorName: string;
  action: AuditAction;
  ip?: string | null;
  payload?: Record<string, unknown>;
}

/**
 * Appends one record to the audit log. Timestamps are truncated to milliseconds here, the
 * column's precision, so what was written is exactly what is read back.
 * (The hash chain over these records arrives with the runbooks issue.)
 */
export async function appendAudit(db: Db, clock: Clock, entry: AuditEntry): Promise<void> {
  await db.insert(tables.audit).values({
    at: new Date(clock.now().getTime()),
    actor: entry.actor,
    actorName: entry.actorName,
    action: entry.action,
    ip: entry.ip ?? null,
    payload: entry.payload ?? {},
  });
}
