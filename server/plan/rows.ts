import "server-only";
import { and, eq, isNull, lt, lte, or } from "drizzle-orm";
import { PlanResult, type PlanStatus } from "@/lib/plan";
import { tables, type Db } from "@/server/db";
import { log } from "@/server/log";

/**
 * The `plan_checks` row (migration 0015): the last result and the claim of the evaluation in
 * progress. The claim is a conditional UPDATE, so of two replicas (or two admins) asking at once
 * exactly one gets it. A claim older than `staleAfterMs` is one whose process died mid-run: it
 * may be taken over, so a crash never blocks evaluation for good.
 */
const ROW = "plan";

export interface Claim {
  id: string;
  since: Date;
  by: string;
  requestedBy: string | null;
}

export interface PlanRow {
  last: PlanResult | null;
  running: { id: string; since: Date; by: string | null; requestedBy: string | null } | null;
}

export async function readPlanRow(db: Db): Promise<PlanRow> {
  const [row] = await db.select().from(tables.planChecks).where(eq(tables.planChecks.id, ROW));
  if (!row) throw new Error("plan_checks has no row: migration 0015 did not run");
  const parsed = row.result === null ? null : PlanResult.safeParse(row.result);
  // A result this code cannot read (written by another version) is shown as none, and said in the log.
  if (parsed && !parsed.success) log.warn(`plan_checks: stored result unreadable, shown as none: ${parsed.error.message}`);
  const running = row.runningId && row.runningSince ? { id: row.runningId, since: row.runningSince, by: row.runningBy, requestedBy: row.requestedBy } : null;
  return { last: parsed?.success ? parsed.data : null, running };
}

/**
 * Takes the claim unless a live one is held — and, with `cooldownMs`, unless the last result is
 * younger than that (checked in the same UPDATE, so racing clicks cannot both pass); returns
 * whether this caller got it.
 */
export async function claimPlanRun(db: Db, claim: Claim, staleAfterMs: number, cooldownMs = 0): Promise<boolean> {
  const p = tables.planChecks;
  const stale = new Date(claim.since.getTime() - staleAfterMs);
  const rested = cooldownMs > 0 ? or(isNull(p.evaluatedAt), lte(p.evaluatedAt, new Date(claim.since.getTime() - cooldownMs))) : undefined;
  const taken = await db
    .update(p)
    .set({ runningId: claim.id, runningSince: claim.since, runningBy: claim.by, requestedBy: claim.requestedBy })
    .where(and(eq(p.id, ROW), or(isNull(p.runningId), lt(p.runningSince, stale)), rested))
    .returning({ id: p.id });
  return taken.length === 1;
}

/**
 * Stores the result and releases the claim — only while the claim is still ours: a run whose
 * claim went stale and was taken over stores nothing, so a slow old run never overwrites a newer one.
 */
export async function finishPlanRun(db: Db, claimId: string, result: PlanResult): Promise<boolean> {
  const done = await db
    .update(tables.planChecks)
    .set({ result, evaluatedAt: new Date(result.evaluatedAt), runningId: null, runningSince: null, runningBy: null, requestedBy: null })
    .where(and(eq(tables.planChecks.id, ROW), eq(tables.planChecks.runningId, claimId)))
    .returning({ id: tables.planChecks.id });
  return done.length === 1;
}

/** Releases our claim without a result (the run could not finish). */
export async function releasePlanRun(db: Db, claimId: string): Promise<void> {
  await db
    .update(tables.planChecks)
    .set({ runningId: null, runningSince: null, runningBy: null, requestedBy: null })
    .where(and(eq(tables.planChecks.id, ROW), eq(tables.planChecks.runningId, claimId)));
}

export function statusOf(row: PlanRow, intervalMinutes: number): PlanStatus {
  return {
    last: row.last,
    running: row.running ? { since: row.running.since.toISOString(), requestedBy: row.running.requestedBy } : null,
    intervalMinutes,
  };
}
