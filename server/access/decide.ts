import "server-only";
import { eq } from "drizzle-orm";
import { AccessDecisionInput, type AccessChange } from "@/lib/access";
import { hasRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { loadActor } from "@/server/approvals/actor";
import { guarded, Refusal } from "@/server/approvals/refusal";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import type { Clock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import { invalidInput } from "@/server/errors";
import { lockChange, toAccessView } from "./rows";

/**
 * Saying no needs no second person: any admin may reject a pending change (reject), and its
 * proposer may withdraw it (cancel). Refusals are audited as access.refused.
 */
export async function decideAccessChange(
  db: Db,
  clock: Clock,
  args: { user: SessionUser; changeId: string; input: unknown; decision: "reject" | "cancel" },
): Promise<AccessChange> {
  const parsed = AccessDecisionInput.safeParse(args.input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error, args.decision);
  const acting = { actor: { id: args.user.id, name: args.user.name }, proposalId: args.changeId, action: AUDIT_ACTIONS.accessRefused, operation: args.decision } as const;
  return guarded(db, clock, acting, async (tx) => {
    const row = await lockChange(tx, args.changeId);
    if (!row) return new Refusal("not_found", "not-found", `no access change ${args.changeId}`);
    const actor = await loadActor(tx, args.user);
    if (actor instanceof Refusal) return actor;
    if (!hasRole(actor.roles, "admin")) return new Refusal("forbidden", "not-admin", `${args.decision} needs the admin role`);
    if (args.decision === "cancel" && actor.id !== row.proposerId) return new Refusal("forbidden", "not-proposer", "only the proposer can cancel a change; other admins reject it");
    if (row.status !== "pending") return new Refusal("conflict", "not-pending", `the change is ${row.status}`);
    const decided = {
      status: args.decision === "reject" ? "rejected" : "cancelled",
      decidedAt: clock.now(),
      decidedBy: actor.id,
      decidedByName: actor.name,
      decisionReason: parsed.data.reason ?? null,
    };
    await tx.update(tables.accessChanges).set(decided).where(eq(tables.accessChanges.id, row.id));
    await appendAudit(tx, clock, {
      actor: actor.id,
      actorName: actor.name,
      action: args.decision === "reject" ? AUDIT_ACTIONS.accessRejected : AUDIT_ACTIONS.accessCancelled,
      payload: { changeId: row.id, kind: row.kind, reason: decided.decisionReason },
    });
    return toAccessView({ ...row, ...decided });
  });
}
