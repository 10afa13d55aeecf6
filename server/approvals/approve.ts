import "server-only";
import { eq } from "drizzle-orm";
import { ApproveInput, type Proposal, type Runbook } from "@/lib/proposals";
import { hasRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import type { Clock } from "@/server/clock";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { databaseMessage, tables, type Db } from "@/server/db";
import { invalidInput } from "@/server/errors";
import { startRun, type RunPlan } from "@/server/runbooks/start";
import { coolingOff, DEFAULT_COOLING_OFF_MS, loadActor, samePerson, type Actor } from "./actor";
import { checkReauth, type Reauth } from "./reauth";
import { guarded, Refusal } from "./refusal";
import { isExpired, lockApproval, lockProposal, markExpired, rowHash, toView, type ProposalRow } from "./rows";

export interface ApproveArgs {
  user: SessionUser;
  proposalId: string;
  input: ApproveInput;
  reauth: Reauth;
  /** The run the approval starts, and the approval-time re-check of the preconditions. */
  run: RunPlan;
  /** approvals.coolingOffHours in ms (default 24 h): an account whose privileges changed more recently cannot approve. */
  coolingOffMs?: number;
}

/**
 * The second person's consent to one exact proposal (invariants 1 and 2). Every rule that says no
 * is audited as approval.refused and writes nothing else (an overdue proposal is also marked
 * expired; one whose preconditions broke is marked voided). The proposal row is locked for the
 * whole decision, so of two approvers racing, the second sees the first's approval and gets a
 * conflict. The approval, the proposal's new status and the run it starts commit together: the
 * caller hands the run to the executor after commit.
 */
export async function approve(db: Db, clock: Clock, args: ApproveArgs): Promise<Proposal> {
  const parsed = ApproveInput.safeParse(args.input);
  if (!parsed.success) throw invalidInput(parsed.error, "approval");
  const acting = {
    actor: { id: args.user.id, name: args.user.name },
    proposalId: args.proposalId,
    action: AUDIT_ACTIONS.approvalRefused,
    operation: "approve",
  } as const;
  return guarded(db, clock, acting, async (tx) => {
    const row = await lockProposal(tx, args.proposalId);
    if (!row) return new Refusal("not_found", "not-found", `no proposal ${args.proposalId}`);
    const existing = await lockApproval(tx, row.id);
    const actor = await loadActor(tx, args.user);
    if (actor instanceof Refusal) return actor;
    const refusal = await check(tx, clock, row, actor, args, existing?.approverName);
    if (refusal) return refusal;
    const blocked = args.run.recheck({ runbook: row.runbook as Runbook, targetRegion: row.targetRegion });
    if (blocked) return voidProposal(tx, clock, row, blocked);

    const now = clock.now();
    try {
      // A savepoint: the primary key (or the two-person trigger) saying no must still leave room to audit it.
      await tx.transaction((sp) =>
        sp.insert(tables.approvals).values({
          proposalId: row.id,
          approverId: actor.id,
          approverName: actor.name,
          contentHash: row.contentHash,
          reauthMethod: args.reauth.method,
          at: now,
        }),
      );
    } catch (err) {
      const message = databaseMessage(err);
      if (message.includes("approvals_pkey")) return new Refusal("conflict", "already-approved", "the proposal was approved by someone else");
      if (message.includes("two-person rule")) return new Refusal("forbidden", "self-approval", message);
      throw err;
    }
    await tx
      .update(tables.proposals)
      .set({ status: "approved", decidedAt: now, decidedBy: actor.id })
      .where(eq(tables.proposals.id, row.id));
    await appendAudit(tx, clock, {
      actor: actor.id,
      actorName: actor.name,
      action: AUDIT_ACTIONS.proposalApproved,
      payload: {
        proposalId: row.id,
        proposerId: row.proposerId,
        runbook: row.runbook,
        targetRegion: row.targetRegion,
        contentHash: row.contentHash,
        reauthMethod: args.reauth.method,
        dataLossAck: row.dataLossAck,
      },
    });
    const run = await startRun(tx, clock, {
      proposal: { id: row.id, runbook: row.runbook as Runbook, sourceRegion: row.sourceRegion, targetRegion: row.targetRegion },
      plan: args.run,
      approver: actor,
    });
    const [approval] = await tx.select().from(tables.approvals).where(eq(tables.approvals.proposalId, row.id));
    return toView({ ...row, status: "approved", decidedAt: now, decidedBy: actor.id }, approval, run.id);
  });
}

/** The rules, cheapest and most fundamental first. Only the expiry branch writes (the expiry itself). */
async function check(
  tx: Db,
  clock: Clock,
  row: ProposalRow,
  actor: Actor,
  args: ApproveArgs,
  approvedBy: string | undefined,
): Promise<Refusal | null> {
  if (!hasRole(actor.roles, "approver")) {
    return new Refusal("forbidden", "not-approver", "approving needs the approver role");
  }
  // Same person, whatever the account, session or role: an admin is not exempt from the two-person rule.
  if (await samePerson(tx, actor, row.proposerId)) {
    return new Refusal("forbidden", "self-approval", "you proposed this; a different person must approve it");
  }
  const cooling = coolingOff(actor, clock.now(), args.coolingOffMs ?? DEFAULT_COOLING_OFF_MS);
  if (cooling) return cooling;
  if (approvedBy !== undefined || row.status === "approved") {
    return new Refusal("conflict", "already-approved", `the proposal was already approved${approvedBy ? ` by ${approvedBy}` : ""}`);
  }
  if (row.status !== "pending") {
    return new Refusal("conflict", "not-pending", `the proposal is ${row.status}; propose again`);
  }
  if (isExpired(row, clock)) {
    await markExpired(tx, clock, row);
    return new Refusal("conflict", "expired", `the proposal expired at ${row.expiresAt.toISOString()}; propose again`);
  }
  // The stored hash must still describe the stored content: a row edited after proposing is void.
  if (rowHash(row) !== row.contentHash) {
    return new Refusal("conflict", "content-changed", "the proposal's content changed after it was proposed; propose again");
  }
  if (args.input.contentHash !== row.contentHash) {
    return new Refusal("conflict", "hash-mismatch", "you reviewed a different version of this proposal; reload and review it again");
  }
  return checkReauth(actor, args.reauth, clock.now());
}

/** A blocking change since the proposal (invariant 2): the proposal is void, with the reason shown. */
async function voidProposal(tx: Db, clock: Clock, row: ProposalRow, reason: string): Promise<Refusal> {
  await tx
    .update(tables.proposals)
    .set({ status: "voided", decidedAt: clock.now(), decidedBy: "system", decisionReason: reason })
    .where(eq(tables.proposals.id, row.id));
  await appendAudit(tx, clock, {
    actor: "system",
    actorName: "system",
    action: AUDIT_ACTIONS.proposalVoided,
    payload: { proposalId: row.id, reason, at: "approval" },
  });
  return new Refusal("conflict", "preconditions", `the approval is void: ${reason}; propose again once it is resolved`);
}
