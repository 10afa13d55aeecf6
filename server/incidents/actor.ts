import "server-only";
import { hasRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { loadActor, type Actor } from "@/server/approvals/actor";
import { Refusal } from "@/server/approvals/refusal";
import type { Db } from "@/server/db";
import { ServiceError } from "@/server/errors";

/**
 * The acting operator as the database knows them now: a role revoked since sign-in stops a
 * declaration, a note or a close at once, whatever the session remembered.
 */
export async function loadOperator(tx: Db, user: SessionUser, doing: string): Promise<Actor> {
  const actor = await loadActor(tx, user);
  if (actor instanceof Refusal) throw new ServiceError(actor.code, actor.message, { reason: actor.reason });
  if (!hasRole(actor.roles, "operator")) {
    throw new ServiceError("forbidden", `${doing} needs the operator role`, { reason: "not-operator" });
  }
  return actor;
}
