import "server-only";
import type { ReadinessChecklist } from "@/lib/findings";
import type { Runbook } from "@/lib/proposals";
import type { ContinuationWhy } from "@/lib/runs";
import type { Snapshot } from "@/lib/snapshot";
import type { WorldNow } from "@/server/monitor/check-now";
import { fresh } from "@/server/monitor/signal";
import { writerTag } from "./actions/context";
import { blockingFailures, checklistFor, describeChecks } from "./preconditions";
import type { RunRow, StepRow } from "./store";

/**
 * What a resume or retry re-checks before a stopped run goes on (issue 13 §8, DESIGN invariants 1
 * and 2): the approval's age against the proposal TTL, and the preflight — the same preconditions
 * the approval and the run-start preflight check — against the monitor's view and a fresh read.
 */
export interface FreshEyes {
  /** The proposal TTL (config proposals.ttlMinutes): an approval older than this no longer vouches for going on alone. */
  ttlMs: number;
  /** The monitor's current view, as the approval-time re-check reads it. */
  view: () => Pick<Snapshot, "regions" | "readiness">;
  /** Both regions read now, as the run's preflight step reads them. */
  world: () => Promise<WorldNow>;
}

/** What the re-check saw: the monitor's view and the fresh read, taken before any row is locked. */
export interface Observed {
  views: Pick<Snapshot, "regions" | "readiness">[];
  /** The fresh read's checklist for the run's target: the evidence stored with a request. */
  evidence: (run: Pick<RunRow, "runbook" | "targetRegion">) => ReadinessChecklist | null;
}

export async function observe(deps: FreshEyes): Promise<Observed> {
  const world = await deps.world();
  return {
    views: [deps.view(), world],
    evidence: (run) => checklistFor(world.readiness, run.runbook as Runbook, run.targetRegion) ?? null,
  };
}

export interface Judgement {
  /** Why a second person is needed; empty: the one asking may go on. */
  why: ContinuationWhy[];
  /** The blocking reason, when the preconditions would have voided the approval now. */
  blocking: string | null;
}

interface JudgeArgs {
  run: RunRow;
  steps: readonly StepRow[];
  approval: { at: Date; approverName: string } | undefined;
  now: Date;
  ttlMs: number;
  observed: Observed;
}

export function judge({ run, steps, approval, now, ttlMs, observed }: JudgeArgs): Judgement {
  const why: ContinuationWhy[] = [];
  const ageMs = approval ? now.getTime() - approval.at.getTime() : Number.POSITIVE_INFINITY;
  if (ageMs >= ttlMs) {
    const age = approval ? `${Math.floor(ageMs / 60_000)} min old` : "missing";
    why.push({ code: "approval-stale", message: `the approval is ${age}, over the ${Math.round(ttlMs / 60_000)} min proposal TTL` });
  }
  const reasons = new Set(observed.views.flatMap((view) => blockingNow(run, steps, approval?.approverName ?? "?", view)));
  const blocking = reasons.size > 0 ? `preconditions no longer hold: ${[...reasons].join("; ")}` : null;
  if (blocking) why.push({ code: "preconditions", message: blocking });
  return { why, blocking };
}

/**
 * What would void the approval now. Before the run has acted (every step after the preflight
 * untouched), exactly the approval's re-check: the blocking checks of the runbook's checklist.
 * Once it has acted, that checklist describes the run's own work (the target is already the
 * writer, a switchover is in progress, a member detached), so only what the run cannot have done
 * counts: authority moved by someone else — an epoch above the run's, or the run's epoch not
 * written by this run (as the preflight step checks).
 */
export function blockingNow(run: RunRow, steps: readonly StepRow[], approvedBy: string, view: Pick<Snapshot, "regions" | "readiness">): string[] {
  const reasons: string[] = [];
  const acted = steps.some((s) => s.kind !== "preflight" && (s.attempts > 0 || s.status !== "pending"));
  if (!acted) {
    const checklist = checklistFor(view.readiness, run.runbook as Runbook, run.targetRegion);
    if (!checklist && run.runbook === "restore-writes") reasons.push(`${run.targetRegion} is no longer the Aurora writer: there is nothing to restore to`);
    const blocking = checklist ? blockingFailures(checklist) : [];
    if (blocking.length > 0) reasons.push(describeChecks(blocking));
  }
  const ours = writerTag({ id: run.id, approvedBy });
  for (const region of view.regions) {
    const flag = fresh(region.authority);
    if (flag && (flag.epoch > run.epoch || (flag.epoch === run.epoch && flag.updatedBy !== ours))) {
      reasons.push(`authority changed since approval: ${region.id} is ${flag.role} at epoch ${flag.epoch}, not written by this run (epoch ${run.epoch})`);
    }
  }
  return reasons;
}
