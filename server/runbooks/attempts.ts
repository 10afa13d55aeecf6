import "server-only";
import { and, asc, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { StepAttempt } from "@/lib/runs";
import { AUDIT_ACTIONS } from "@/server/audit/actions";
import { tables, type Db } from "@/server/db";

/**
 * Each step's attempts, from the audit records the executor writes for every attempt (a step row
 * keeps only the last attempt's start). Read for one run's page; the audit is the record.
 */
const STEP_ACTIONS = [AUDIT_ACTIONS.runStepStarted, AUDIT_ACTIONS.runStepSucceeded, AUDIT_ACTIONS.runStepSkipped, AUDIT_ACTIONS.runStepFailed];

const StepPayload = z.object({
  index: z.number().int().nonnegative(),
  attempt: z.number().int().positive(),
  error: z.string().optional(),
  /** The instant the step row records (older records lack it: the audit's own time then). */
  stepAt: z.iso.datetime({ offset: true }).optional(),
});

export interface StepRecord {
  at: Date;
  action: string;
  payload: unknown;
}

/** Folds the step records (in audit order) into attempts per step index. Pure. */
export function attemptsFrom(records: readonly StepRecord[]): Map<number, StepAttempt[]> {
  const byStep = new Map<number, StepAttempt[]>();
  for (const r of records) {
    const p = StepPayload.safeParse(r.payload);
    if (!p.success) continue;
    const list = byStep.get(p.data.index) ?? [];
    byStep.set(p.data.index, list);
    if (r.action === AUDIT_ACTIONS.runStepStarted) {
      // A newer attempt started: one still open before it was interrupted (paused, console stopped).
      for (const open of list) if (open.outcome === "running") open.outcome = "interrupted";
      list.push({ attempt: p.data.attempt, startedAt: p.data.stepAt ?? r.at.toISOString(), endedAt: null, outcome: "running", error: null });
      continue;
    }
    const attempt = list.find((a) => a.attempt === p.data.attempt && a.endedAt === null);
    if (!attempt) continue;
    attempt.endedAt = p.data.stepAt ?? r.at.toISOString();
    attempt.outcome = r.action === AUDIT_ACTIONS.runStepSucceeded ? "succeeded" : r.action === AUDIT_ACTIONS.runStepSkipped ? "skipped" : "failed";
    attempt.error = p.data.error ?? null;
  }
  return byStep;
}

/** One run's attempts per step index, from its audit records. */
export async function stepAttempts(db: Db, runId: string): Promise<Map<number, StepAttempt[]>> {
  const rows = await db
    .select({ at: tables.audit.at, action: tables.audit.action, payload: tables.audit.payload })
    .from(tables.audit)
    .where(and(inArray(tables.audit.action, STEP_ACTIONS), sql`${tables.audit.payload}->>'runId' = ${runId}`))
    .orderBy(asc(tables.audit.seq));
  return attemptsFrom(rows);
}
