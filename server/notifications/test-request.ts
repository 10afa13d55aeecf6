import "server-only";
import type { SessionUser } from "@/lib/session";
import { hasRole } from "@/lib/roles";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import type { Clock } from "@/server/clock";
import type { Db } from "@/server/db";
import { ServiceError } from "@/server/errors";

/**
 * An admin asks for a test message to every destination. It goes the way every event does — an
 * audit record the leader turns into deliveries — so it tests the whole path, whichever replica
 * served the click.
 */
export async function requestTest(db: Db, clock: Clock, user: SessionUser): Promise<void> {
  if (!hasRole(user.roles, "admin")) throw new ServiceError("forbidden", "sending a test notification needs the admin role");
  await appendAudit(db, clock, { actor: user.id, actorName: user.name, action: AUDIT_ACTIONS.notificationTestRequested, payload: {} });
}
