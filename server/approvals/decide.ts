import "server-only";
import { eq } from "drizzle-orm";
import { DecisionInput, type Proposal } from "@/lib/proposals";
import { hasRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import type { Clock } from "@/server/clock";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { tables, type Db } from "@/server/db";
import { invalidInput } from "@/server/errors";
import { loadActor, type Actor } from "./actor";
import { guarded, Refusal } from "./refusal";
import { isExpired, lockApproval, lockProposal, markExpired, toView, type ProposalRow } from "./rows";

export interface DecideArgs {
  user: SessionUser;
  proposalId: string;
  input: DecisionInput;
}

type Rule = (actor: Actor, row: ProposalRow) => Refusal | null;

/** Any approver may reject a pending proposal, the proposer included: saying no needs no second person. */
export function reject(db: Db, clock: Clock, args: DecideArgs): Promise<Proposal> {
  return decide(db, clock, args, "reject", (actor, row) => {
    if (!hasRole(actor.roles, "approver")) return new Refusal("forbidden", "not-approver", "rejecting needs the approver role");
    if (row.status !== "pending") return new Refusal("conflict", "not-pending", `the proposal is ${row.status}`);
    return null;
  });
}

/**
 * The proposer (or an admin) withdraws a pending proposal. An approved one already has its run:
 * that is stopped with the run's abort, which records what was done and what was not.
 */
export function cancel(db: Db, clock: Clock, args: DecideArgs): Promise<Proposal> {
  return decide(db, clock, args, "cancel", (actor, row) => {
    if (actor.id !== row.proposerId && !hasRole(actor.roles, "admin")) {
      return new Refusal("forbidden", "not-proposer", "only the proposer or an admin can cancel a proposal");
    }
    if (row.status === "approved") {
      return new Refusal("conflict", "run-started", "the proposal was approved and its run has started; abort the run instead");
    }
    if (row.status !== "pending") {
      return new Refusal("conflict", "not-active", `the proposal is ${row.status}`);
    }
    return null;
  });
}

async function decide(db: Db, clock: Clock, args: DecideArgs, operation: "reject" | "cancel", rule: Rule): Promise<Proposal> {
  const parsed = DecisionInput.safeParse(args.input);
  if (!parsed.success) throw invalidInput(parsed.error, operation);
  const acting = {
    actor: { id: args.user.id, name: args.user.name },
    proposalId: args.proposalId,
    action: AUDIT_ACTIONS.proposalRefused,
    operation,
  } as const;
  return guarded(db, clock, acting, async (tx) => {
    const row = await lockProposal(tx, args.proposalId);
    if (!row) return new Refusal("not_found", "not-found", `no proposal ${args.proposalId}`);
    const actor = await loadActor(tx, args.user);
    if (actor instanceof Refusal) return actor;
    const refusal = rule(actor, row);
    if (refusal) return refusal;
    // An overdue pending proposal has already ended by expiry; record that rather than a decision.
    if (row.status === "pending" && isExpired(row, clock)) {
      await markExpired(tx, clock, row);
      return new Refusal("conflict", "expired", `the proposal expired at ${row.expiresAt.toISOString()}`);
    }
    const now = clock.now();
    const status = operation === "reject" ? "rejected" : "cancelled";
    const decision = { status, decidedAt: now, decidedBy: actor.id, decisionReason: parsed.data.reason };
    await tx.update(tables.proposals).set(decision).where(eq(tables.proposals.id, row.id));
    await appendAudit(tx, clock, {
      actor: actor.id,
      actorName: actor.name,
      action: operation === "reject" ? AUDIT_ACTIONS.proposalRejected : AUDIT_ACTIONS.proposalCancelled,
      payload: { proposalId: row.id, previousStatus: row.status, reason: parsed.data.reason },
    });
    return toView({ ...row, ...decision }, await lockApproval(tx, row.id));
  });
}
