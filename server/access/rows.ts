import "server-only";
import { createHash } from "node:crypto";
import { and, desc, eq, lte } from "drizzle-orm";
import { AccessChangeKind, AccessChangeParams, AccessChangeStatus, type AccessChange } from "@/lib/access";
import { appendAuditBatch, AUDIT_ACTIONS } from "@/server/audit";
import { canonicalJson } from "@/server/audit/canonical";
import type { Clock } from "@/server/clock";
import { tables, type Db } from "@/server/db";

export type AccessChangeRow = typeof tables.accessChanges.$inferSelect;
type Content = Pick<AccessChangeRow, "kind" | "targetUserId" | "params" | "passwordHash" | "reason" | "proposerId" | "createdAt" | "expiresAt">;

/**
 * Everything the approving admin consents to, the new password's hash included (so a hash swapped
 * in the row after proposing voids the approval). Canonical JSON, as for failover proposals.
 */
export function accessHash(c: Content): string {
  const canonical = canonicalJson({
    kind: c.kind,
    targetUserId: c.targetUserId,
    params: c.params,
    passwordHash: c.passwordHash,
    reason: c.reason,
    proposerId: c.proposerId,
    createdAt: c.createdAt.toISOString(),
    expiresAt: c.expiresAt.toISOString(),
  });
  return createHash("sha256").update(canonical).digest("hex");
}

/** Row lock for the whole decision: of two admins racing, the second sees the first's decision. */
export async function lockChange(tx: Db, id: string): Promise<AccessChangeRow | undefined> {
  const [row] = await tx.select().from(tables.accessChanges).where(eq(tables.accessChanges.id, id)).for("update");
  return row;
}

export function toAccessView(row: AccessChangeRow): AccessChange {
  return {
    id: row.id,
    kind: AccessChangeKind.parse(row.kind),
    targetUserId: row.targetUserId,
    params: AccessChangeParams.parse(row.params),
    reason: row.reason,
    contentHash: row.contentHash,
    proposerId: row.proposerId,
    proposerName: row.proposerName,
    status: AccessChangeStatus.parse(row.status),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedByName: row.decidedByName,
    decisionReason: row.decisionReason,
    resultUserId: row.resultUserId,
  };
}

export async function listAccessChanges(db: Db, limit = 50): Promise<AccessChange[]> {
  const rows = await db.select().from(tables.accessChanges).orderBy(desc(tables.accessChanges.createdAt)).limit(limit);
  return rows.map(toAccessView);
}

/** Ends every pending change past its expiry (the sweeper calls this beside the proposals' sweep). */
export async function expireAccessChanges(db: Db, clock: Clock): Promise<string[]> {
  return db.transaction(async (tx) => {
    const now = clock.now();
    const expired = await tx
      .update(tables.accessChanges)
      .set({ status: "expired", decidedAt: now, decisionReason: "not approved before it expired" })
      .where(and(eq(tables.accessChanges.status, "pending"), lte(tables.accessChanges.expiresAt, now)))
      .returning({ id: tables.accessChanges.id, kind: tables.accessChanges.kind });
    await appendAuditBatch(
      tx,
      clock,
      expired.map((c) => ({ actor: "system", actorName: "system", action: AUDIT_ACTIONS.accessExpired, payload: { changeId: c.id, kind: c.kind } })),
    );
    return expired.map((c) => c.id);
  });
}
