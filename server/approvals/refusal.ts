import "server-only";
import type { Clock } from "@/server/clock";
import { appendAudit, type AuditAction } from "@/server/audit";
import type { Db } from "@/server/db";
import { ServiceError, type ServiceErrorCode } from "@/server/errors";

/**
 * A rule said no. Returned (not thrown) from inside the transaction so the refusal's audit record
 * commits with whatever else the refusal legitimately writes (an expiry) — and nothing more.
 */
export class Refusal {
  constructor(
    readonly code: ServiceErrorCode,
    /** Stable, for the audit payload and the client: "self-approval", "expired", … */
    readonly reason: string,
    readonly message: string,
  ) {}
}

export interface Acting {
  actor: { id: string; name: string };
  proposalId: string | null;
  /** The audit action a refusal is recorded under. */
  action: AuditAction;
  operation: "propose" | "approve" | "reject" | "cancel" | "pause" | "resume" | "abort" | "retry" | "approve-continue";
  /** Set for the run controls. */
  runId?: string;
}

/**
 * Runs `body` in a transaction. A Refusal is audited in that same transaction, then thrown as a
 * ServiceError after commit; anything thrown rolls everything back as usual.
 */
export async function guarded<T>(
  db: Db,
  clock: Clock,
  acting: Acting,
  body: (tx: Db) => Promise<T | Refusal>,
): Promise<T> {
  const outcome = await db.transaction(async (tx) => {
    const result = await body(tx);
    if (result instanceof Refusal) {
      await appendAudit(tx, clock, {
        actor: acting.actor.id,
        actorName: acting.actor.name,
        action: acting.action,
        payload: {
          operation: acting.operation,
          proposalId: acting.proposalId,
          ...(acting.runId ? { runId: acting.runId } : {}),
          reason: result.reason,
          message: result.message,
        },
      });
    }
    return result;
  });
  if (outcome instanceof Refusal) {
    throw new ServiceError(outcome.code, outcome.message, { reason: outcome.reason });
  }
  return outcome;
}
