import "server-only";
import { eq } from "drizzle-orm";
import { ContinueApproveInput, type Run } from "@/lib/runs";
import { hasRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import type { Clock } from "@/server/clock";
import { coolingOff, DEFAULT_COOLING_OFF_MS, loadActor, samePerson } from "@/server/approvals/actor";
import { checkReauth, type Reauth } from "@/server/approvals/reauth";
import { guarded, Refusal } from "@/server/approvals/refusal";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { tables, type Db } from "@/server/db";
import { invalidInput } from "@/server/errors";
import { apply } from "./control";
import { isExpired, lockPending, markExpired } from "./continuations";
import type { RunSignals } from "./signals";
import { judge, observe, type FreshEyes } from "./fresh-eyes";
import { getRun, lockRunAndProposal, stepRows } from "./store";

export interface ContinueArgs {
  user: SessionUser;
  runId: string;
  input: unknown;
  /** The route checked the password or read the sign-in time, exactly as for approving a proposal. */
  reauth: Reauth;
  fresh: FreshEyes;
  /** approvals.coolingOffHours in ms (default 24 h). */
  coolingOffMs?: number;
}

const GOES_ON_FROM = { resume: "paused", retry: "failed" } as const;

/**
 * The second person lets a stopped run go on (issue 13 §8): an approver who is not the one who
 * asked, re-authenticated as for an approval, names the request they reviewed before it expired;
 * the preflight is re-checked now, and while it blocks the approval is refused with the reason
 * (fix the world, or abort). Then the run resumes or retries as the request asked, audited as
 * run.continuation_approved and run.resumed / run.retried by the approver. Refusals are audited as
 * run.control_refused (operation approve-continue) and change nothing but an expiry.
 */
export async function approveContinuation(db: Db, clock: Clock, executor: RunSignals, args: ContinueArgs): Promise<Run> {
  const parsed = ContinueApproveInput.safeParse(args.input);
  if (!parsed.success) throw invalidInput(parsed.error, "approve-continue");
  const observed = await observe(args.fresh);
  const [known] = await db.select({ proposalId: tables.runs.proposalId }).from(tables.runs).where(eq(tables.runs.id, args.runId));
  const acting = {
    actor: { id: args.user.id, name: args.user.name },
    proposalId: known?.proposalId ?? null,
    runId: args.runId,
    action: AUDIT_ACTIONS.runControlRefused,
    operation: "approve-continue",
  } as const;
  await guarded(db, clock, acting, async (tx) => {
    const run = await lockRunAndProposal(tx, args.runId);
    if (!run) return new Refusal("not_found", "not-found", `no run ${args.runId}`);
    const actor = await loadActor(tx, args.user);
    if (actor instanceof Refusal) return actor;
    if (!hasRole(actor.roles, "approver")) return new Refusal("forbidden", "not-approver", "approving a continuation needs the approver role");
    const request = await lockPending(tx, run.id);
    if (!request || request.id !== parsed.data.requestId) {
      return new Refusal("conflict", "no-request", `no pending continuation request ${parsed.data.requestId} for this run; reload the run`);
    }
    // Compared by person: the requester's second account is still the requester.
    if (await samePerson(tx, actor, request.requestedBy)) {
      return new Refusal("forbidden", "self-approval", "you asked to continue this run; a different person must approve it");
    }
    const cooling = coolingOff(actor, clock.now(), args.coolingOffMs ?? DEFAULT_COOLING_OFF_MS);
    if (cooling) return cooling;
    if (isExpired(request, clock)) {
      await markExpired(tx, clock, request);
      return new Refusal("conflict", "expired", `the request expired at ${request.expiresAt.toISOString()}; ask to ${request.action} again`);
    }
    const action = request.action === "retry" ? "retry" : "resume";
    if (run.status !== GOES_ON_FROM[action]) {
      return new Refusal("conflict", "wrong-status", `the run is ${run.status}; the request was to ${action} a ${GOES_ON_FROM[action]} run`);
    }
    const reauth = checkReauth(actor, args.reauth, clock.now());
    if (reauth) return reauth;
    const [approval] = await tx.select().from(tables.approvals).where(eq(tables.approvals.proposalId, run.proposalId));
    // Only the preconditions can stop a second person: the TTL is what asked for them.
    const { blocking } = judge({ run, steps: await stepRows(tx, run.id), approval, now: clock.now(), ttlMs: Number.POSITIVE_INFINITY, observed });
    if (blocking) {
      return new Refusal("conflict", "preconditions", `continuing is refused: ${blocking}. Fix the world, or abort the run`);
    }
    const now = clock.now();
    await tx
      .update(tables.runContinuations)
      .set({ status: "approved", decidedBy: actor.id, decidedByName: actor.name, decidedAt: now, reauthMethod: args.reauth.method })
      .where(eq(tables.runContinuations.id, request.id));
    await appendAudit(tx, clock, {
      actor: actor.id,
      actorName: actor.name,
      action: AUDIT_ACTIONS.runContinuationApproved,
      payload: { runId: run.id, proposalId: run.proposalId, requestId: request.id, operation: action, requestedBy: request.requestedBy, requestedByName: request.requestedByName, why: request.why, reauthMethod: args.reauth.method },
    });
    return apply(tx, clock, run, actor, action, `continuation requested by ${request.requestedByName}, approved by ${actor.name}`);
  });
  executor.kick(args.runId);
  return getRun(db, args.runId);
}
