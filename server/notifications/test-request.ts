import "server-only";
import { desc, eq } from "drizzle-orm";
import type { SessionUser } from "@/lib/session";
import { hasRole } from "@/lib/roles";
import { appendAudit, AUDIT_ACTIONS, lockAuditAppends } from "@/server/audit";
import type { Clock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import { retryAfterSeconds, ServiceError } from "@/server/errors";

/** One test message per this long, console-wide: a test pages whoever is on call. */
export const TEST_INTERVAL_MS = 60_000;

/**
 * An admin asks for a test message to every destination. It goes the way every event does — an
 * audit record the leader turns into deliveries — so it tests the whole path, whichever replica
 * served the click. At most one a minute across all admins and replicas (429 with Retry-After):
 * an admin account cannot turn the test button into a pager flood.
 */
export async function requestTest(db: Db, clock: Clock, user: SessionUser): Promise<void> {
  if (!hasRole(user.roles, "admin")) throw new ServiceError("forbidden", "sending a test notification needs the admin role");
  await db.transaction(async (tx) => {
    // Under the append lock, so two clicks on two replicas cannot both pass the check.
    await lockAuditAppends(tx);
    const a = tables.audit;
    const [last] = await tx.select({ at: a.at, actorName: a.actorName }).from(a).where(eq(a.action, AUDIT_ACTIONS.notificationTestRequested)).orderBy(desc(a.seq)).limit(1);
    const waitMs = last ? last.at.getTime() + TEST_INTERVAL_MS - clock.now().getTime() : 0;
    if (waitMs > 0) {
      const seconds = retryAfterSeconds(waitMs);
      throw new ServiceError("rate_limited", `${last?.actorName ?? "someone"} sent a test notification less than a minute ago; the next may go in ${seconds} s`, { retryAfterSeconds: seconds });
    }
    await appendAudit(tx, clock, { actor: user.id, actorName: user.name, action: AUDIT_ACTIONS.notificationTestRequested, payload: {} });
  });
}
