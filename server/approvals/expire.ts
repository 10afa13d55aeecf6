import "server-only";
import { and, eq, lte } from "drizzle-orm";
import type { Clock } from "@/server/clock";
import { appendAuditBatch, AUDIT_ACTIONS } from "@/server/audit";
import { tables, type Db } from "@/server/db";

/**
 * Ends every pending proposal past its expiry, so the "one active proposal" slot frees up and the
 * timeline shows when it lapsed. Approval also checks expiry itself; this sweep is for the rest.
 * Returns the ids expired.
 */
export async function expireDue(db: Db, clock: Clock): Promise<string[]> {
  return db.transaction(async (tx) => {
    const now = clock.now();
    const expired = await tx
      .update(tables.proposals)
      .set({ status: "expired", decidedAt: now, decidedBy: "system", decisionReason: "not approved before it expired" })
      .where(and(eq(tables.proposals.status, "pending"), lte(tables.proposals.expiresAt, now)))
      .returning({ id: tables.proposals.id, expiresAt: tables.proposals.expiresAt });
    await appendAuditBatch(
      tx,
      clock,
      expired.map((p) => ({
        actor: "system",
        actorName: "system",
        action: AUDIT_ACTIONS.proposalExpired,
        payload: { proposalId: p.id, expiresAt: p.expiresAt.toISOString() },
      })),
    );
    return expired.map((p) => p.id);
  });
}
