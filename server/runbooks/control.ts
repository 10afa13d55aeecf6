import "server-only";
import { and, eq } from "drizzle-orm";
import { RunActionInput, type Run, type RunAction } from "@/lib/runs";
import { hasRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import type { Clock } from "@/server/clock";
import { loadActor, type Actor } from "@/server/approvals/actor";
import { guarded, Refusal } from "@/server/approvals/refusal";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { tables, type Db } from "@/server/db";
import { invalidInput } from "@/server/errors";
import { cancelPending, insertRequest, isExpired, lockPending, markExpired } from "./continuations";
import type { RunSignals } from "./signals";
import { judge, observe, type FreshEyes, type Observed } from "./fresh-eyes";
import { getRun, lockRunAndProposal, stepRows, type RunRow } from "./store";

export interface ControlArgs {
  user: SessionUser;
  runId: string;
  action: RunAction;
  input: unknown;
  /** What resume and retry re-check before going on: the approval's age and the preflight. */
  fresh: FreshEyes;
}

const ALLOWED: Record<RunAction, readonly string[]> = {
  pause: ["running"],
  resume: ["paused"],
  abort: ["running", "paused", "failed"],
  retry: ["failed"],
};

const AUDIT = {
  pause: AUDIT_ACTIONS.runPaused,
  resume: AUDIT_ACTIONS.runResumed,
  abort: AUDIT_ACTIONS.runAborted,
  retry: AUDIT_ACTIONS.runRetried,
} as const;

/**
 * Pause, resume, abort or retry a run — an operator's (or approver's) hand on an approved change.
 * None of them changes what was approved: retry runs the failed step of the same run again, resume
 * continues it. The change is stored and audited under the run's row lock, then the executor is told.
 * Refusals are audited as run.control_refused.
 *
 * Going on is one person's act only while the approval is fresh and the world still matches it
 * (issue 13 §8): resume and retry re-run the preflight re-check first, and when the approval is
 * older than the proposal TTL or the preconditions broke, they store a continuation request for a
 * different approver (continue.ts) and are refused, the run left as it was. Pause and abort stay
 * one person's: stopping is always safe.
 */
export async function controlRun(db: Db, clock: Clock, executor: RunSignals, args: ControlArgs): Promise<Run> {
  const parsed = RunActionInput.safeParse(args.input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error, args.action);
  const reason = parsed.data.reason ?? null;
  const goingOn = args.action === "resume" || args.action === "retry";
  // Read the world before taking the row lock: a dark region costs a whole call timeout.
  const observed = goingOn ? await observe(args.fresh) : null;
  const [known] = await db.select({ proposalId: tables.runs.proposalId }).from(tables.runs).where(eq(tables.runs.id, args.runId));
  const acting = {
    actor: { id: args.user.id, name: args.user.name },
    proposalId: known?.proposalId ?? null,
    runId: args.runId,
    action: AUDIT_ACTIONS.runControlRefused,
    operation: args.action,
  } as const;
  await guarded(db, clock, acting, async (tx) => {
    // Lock order (server/audit/README.md): an abort also ends the proposal, so its row is locked first.
    const run = await lockRunAndProposal(tx, args.runId);
    if (!run) return new Refusal("not_found", "not-found", `no run ${args.runId}`);
    const actor = await loadActor(tx, args.user);
    if (actor instanceof Refusal) return actor;
    if (!hasRole(actor.roles, "operator") && !hasRole(actor.roles, "approver")) {
      return new Refusal("forbidden", "not-operator", `${args.action} needs the operator or approver role`);
    }
    if (args.action === "abort" && reason === null) {
      return new Refusal("invalid", "reason-required", "say why the run is aborted (reason), for the record");
    }
    if (!ALLOWED[args.action].includes(run.status)) {
      return new Refusal("conflict", "wrong-status", `the run is ${run.status}; ${args.action} applies to a run that is ${ALLOWED[args.action].join(" or ")}`);
    }
    if (observed) {
      const held = await holdForSecondPerson(tx, clock, run, actor, args.action === "retry" ? "retry" : "resume", observed, args.fresh.ttlMs);
      if (held) return held;
    }
    return apply(tx, clock, run, actor, args.action, reason);
  });
  if (args.action === "pause") executor.requestPause(args.runId);
  if (args.action === "abort") executor.requestAbort(args.runId, `by ${args.user.name}: ${reason ?? ""}`);
  if (args.action === "resume" || args.action === "retry") executor.kick(args.runId);
  return getRun(db, args.runId);
}

/**
 * Null when the one asking may go on; else a refusal, after storing (or finding) the request a
 * second person must approve. A pending request holds the run even if the world looks fine again:
 * it was seen in a state that needs fresh eyes, and only they may let it go on.
 */
async function holdForSecondPerson(tx: Db, clock: Clock, run: RunRow, actor: Actor, action: "resume" | "retry", observed: Observed, ttlMs: number): Promise<Refusal | null> {
  const pending = await lockPending(tx, run.id);
  if (pending && !isExpired(pending, clock)) {
    return new Refusal("conflict", "continuation-pending", `${pending.requestedByName} asked to ${pending.action} this run at ${pending.requestedAt.toISOString()}; an approver other than them must approve that request`);
  }
  if (pending) await markExpired(tx, clock, pending);
  const [approval] = await tx.select().from(tables.approvals).where(eq(tables.approvals.proposalId, run.proposalId));
  const verdict = judge({ run, steps: await stepRows(tx, run.id), approval, now: clock.now(), ttlMs, observed });
  if (verdict.why.length === 0) return null;
  await insertRequest(tx, clock, { runId: run.id, proposalId: run.proposalId, action, requester: actor, why: verdict.why, evidence: observed.evidence(run), ttlMs });
  const why = verdict.why.map((w) => w.message).join("; ");
  if (verdict.blocking) {
    return new Refusal("conflict", "preconditions", `the run cannot ${action}: ${why}. Fix the world or abort the run; a continuation request was stored, and an approver other than you can approve it once the preconditions hold`);
  }
  return new Refusal("conflict", "second-person", `${action} needs a second person: ${why}. A continuation request was stored; an approver other than you must approve it`);
}

export async function apply(tx: Db, clock: Clock, run: RunRow, actor: Actor, action: RunAction, reason: string | null): Promise<null> {
  const now = clock.now();
  const payload: Record<string, unknown> = { runId: run.id, proposalId: run.proposalId, previousStatus: run.status, reason };
  switch (action) {
    case "pause":
      await setStatus(tx, run.id, { status: "paused" });
      break;
    case "resume":
      await setStatus(tx, run.id, { status: "running" });
      break;
    case "abort":
      await setStatus(tx, run.id, { status: "aborted", statusReason: `aborted by ${actor.name}: ${reason ?? ""}`, finishedAt: now });
      // A request to go on goes with the run it would have continued.
      payload.cancelledContinuation = await cancelPending(tx, clock, run.id);
      // The approval is spent: the proposal is done, and a new change needs a new proposal.
      await tx.update(tables.proposals).set({ status: "done" }).where(and(eq(tables.proposals.id, run.proposalId), eq(tables.proposals.status, "approved")));
      break;
    case "retry": {
      const failed = (await stepRows(tx, run.id)).find((s) => s.status === "failed" && !s.bestEffort);
      if (failed) {
        await tx
          .update(tables.runSteps)
          .set({ status: "pending", attempts: 0, error: null, finishedAt: null, detail: `retry requested by ${actor.name}` })
          .where(and(eq(tables.runSteps.runId, run.id), eq(tables.runSteps.idx, failed.idx)));
        payload.step = failed.stepId;
        payload.index = failed.idx;
      }
      await setStatus(tx, run.id, { status: "running", statusReason: null });
      break;
    }
  }
  await appendAudit(tx, clock, { actor: actor.id, actorName: actor.name, action: AUDIT[action], payload });
  return null;
}

async function setStatus(tx: Db, runId: string, fields: Partial<RunRow>): Promise<void> {
  await tx.update(tables.runs).set(fields).where(eq(tables.runs.id, runId));
}
