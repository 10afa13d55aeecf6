import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, max } from "drizzle-orm";
import { Run, type Continuation, type RunStatus, type StepStatus } from "@/lib/runs";
import type { Runbook } from "@/lib/proposals";
import { tables, type Db } from "@/server/db";
import { ServiceError } from "@/server/errors";
import { stepAttempts } from "./attempts";
import { pendingView, toView } from "./continuations";
import { StepParams, type StepSpec } from "./steps";

export type RunRow = typeof tables.runs.$inferSelect;
export type StepRow = typeof tables.runSteps.$inferSelect;

export interface NewRun {
  proposalId: string;
  runbook: Runbook;
  sourceRegion: string;
  targetRegion: string;
  /** The highest authority epoch the console knows of (both regions' flags). */
  knownEpoch: number;
  steps: StepSpec[];
  at: Date;
}

/**
 * Stores a run and its steps, all pending, inside the caller's transaction (the approval's), so an
 * approval and its run commit together or not at all. The epoch is n+1 over the highest epoch the
 * flags showed and every epoch a run ever took: it never goes down, even when a flag read was stale.
 */
export async function insertRun(tx: Db, run: NewRun): Promise<RunRow> {
  const [highest] = await tx.select({ epoch: max(tables.runs.epoch) }).from(tables.runs);
  const epoch = Math.max(run.knownEpoch, highest?.epoch ?? 0) + 1;
  const row: RunRow = {
    id: randomUUID(),
    proposalId: run.proposalId,
    runbook: run.runbook,
    sourceRegion: run.sourceRegion,
    targetRegion: run.targetRegion,
    epoch,
    status: "running",
    statusReason: null,
    rpoEstimateMs: null,
    createdAt: run.at,
    finishedAt: null,
  };
  await tx.insert(tables.runs).values(row);
  await tx.insert(tables.runSteps).values(
    run.steps.map((s, idx) => ({
      runId: row.id,
      idx,
      stepId: s.id,
      kind: s.params.kind,
      title: s.title,
      region: s.region,
      params: s.params,
      bestEffort: s.bestEffort,
      maxAttempts: s.maxAttempts,
      timeoutMs: s.timeoutMs,
      status: "pending",
    })),
  );
  return row;
}

export async function runRow(db: Db, id: string): Promise<RunRow | undefined> {
  const [row] = await db.select().from(tables.runs).where(eq(tables.runs.id, id));
  return row;
}

/** Locks the run row for the caller's transaction: controls and the executor's status changes are serialized. */
export async function lockRun(tx: Db, id: string): Promise<RunRow | undefined> {
  const [row] = await tx.select().from(tables.runs).where(eq(tables.runs.id, id)).for("update");
  return row;
}

/**
 * Locks the run's proposal row, then the run row, in the one lock order every transaction follows
 * (server/audit/README.md "Lock order": proposal, run, then the audit append last). For any change
 * that may touch both rows: taking the run first and the proposal later deadlocks with an approval,
 * rejection or cancellation that holds the proposal and waits for the audit lock. A run's proposal
 * never changes, so reading its id before locking is safe.
 */
export async function lockRunAndProposal(tx: Db, id: string): Promise<RunRow | undefined> {
  const [known] = await tx.select({ proposalId: tables.runs.proposalId }).from(tables.runs).where(eq(tables.runs.id, id));
  if (!known) return undefined;
  await tx.select({ id: tables.proposals.id }).from(tables.proposals).where(eq(tables.proposals.id, known.proposalId)).for("update");
  return lockRun(tx, id);
}

export async function stepRows(db: Db, runId: string): Promise<StepRow[]> {
  return db.select().from(tables.runSteps).where(eq(tables.runSteps.runId, runId)).orderBy(asc(tables.runSteps.idx));
}

export async function updateStep(db: Db, runId: string, idx: number, fields: Partial<Omit<StepRow, "runId" | "idx">>): Promise<void> {
  await db.update(tables.runSteps).set(fields).where(and(eq(tables.runSteps.runId, runId), eq(tables.runSteps.idx, idx)));
}

/** The step as stored: its params re-validated, so a resumed run executes exactly what was approved or nothing. */
/**
 * Runs stored before traffic moved in one call had two routing steps, `{ kind: "routing", state }`
 * for the step's region. A run resumed across the upgrade runs each as the one-call switch (the
 * second then finds the work done and is skipped), rather than stopping on params it cannot read.
 */
function legacyParams(row: StepRow, run: Pick<RunRow, "sourceRegion" | "targetRegion">): unknown {
  const p = row.params as { kind?: unknown; state?: unknown } | null;
  if (p?.kind !== "routing" || (p.state !== "On" && p.state !== "Off") || row.region === null) return row.params;
  const other = row.region === run.sourceRegion ? run.targetRegion : run.sourceRegion;
  return p.state === "On" ? { kind: "routing", on: row.region, off: other } : { kind: "routing", on: other, off: row.region };
}

export function specOf(row: StepRow, run: Pick<RunRow, "sourceRegion" | "targetRegion">): StepSpec {
  const params = StepParams.safeParse(legacyParams(row, run));
  if (!params.success) throw new Error(`run ${row.runId} step ${row.idx} (${row.stepId}) has malformed stored params: ${params.error.message}`);
  return {
    id: row.stepId,
    title: row.title,
    region: row.region ?? "",
    bestEffort: row.bestEffort,
    maxAttempts: row.maxAttempts,
    timeoutMs: row.timeoutMs,
    params: params.data,
  };
}

/** Run ids the executor must drive after a restart: running ones (paused and failed wait for a person). */
export async function runningRunIds(db: Db): Promise<string[]> {
  const rows = await db.select({ id: tables.runs.id }).from(tables.runs).where(eq(tables.runs.status, "running"));
  return rows.map((r) => r.id);
}

export function toRunView(run: RunRow, steps: readonly StepRow[], continuation: Continuation | null = null): Run {
  return Run.parse({
    id: run.id,
    proposalId: run.proposalId,
    runbook: run.runbook,
    sourceRegion: run.sourceRegion,
    targetRegion: run.targetRegion,
    epoch: run.epoch,
    status: run.status as RunStatus,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    statusReason: run.statusReason,
    rpoEstimateMs: run.rpoEstimateMs,
    steps: steps.map((s) => ({
      index: s.idx,
      id: s.stepId,
      kind: s.kind,
      title: s.title,
      region: s.region,
      bestEffort: s.bestEffort,
      status: s.status as StepStatus,
      attempts: s.attempts,
      maxAttempts: s.maxAttempts,
      timeoutMs: s.timeoutMs,
      startedAt: s.startedAt?.toISOString() ?? null,
      finishedAt: s.finishedAt?.toISOString() ?? null,
      detail: s.detail,
      error: s.error,
    })),
    continuation,
  });
}

export async function getRun(db: Db, id: string): Promise<Run> {
  const run = await runRow(db, id);
  if (!run) throw new ServiceError("not_found", `no run ${id}`);
  const view = toRunView(run, await stepRows(db, id), await pendingView(db, id));
  // Each attempt with its own start and end (the step row keeps only the last attempt's).
  const attempts = await stepAttempts(db, id);
  return { ...view, steps: view.steps.map((s) => ({ ...s, attemptLog: attempts.get(s.index) ?? [] })) };
}

/** Recent runs, newest first, without their steps' detail beyond status (the list view). */
export async function listRuns(db: Db, limit: number): Promise<Run[]> {
  const runs = await db.select().from(tables.runs).orderBy(desc(tables.runs.createdAt)).limit(limit);
  if (runs.length === 0) return [];
  const steps = await db
    .select()
    .from(tables.runSteps)
    .where(inArray(tables.runSteps.runId, runs.map((r) => r.id)))
    .orderBy(asc(tables.runSteps.idx));
  const pending = await db
    .select()
    .from(tables.runContinuations)
    .where(and(inArray(tables.runContinuations.runId, runs.map((r) => r.id)), eq(tables.runContinuations.status, "pending")));
  return runs.map((r) => {
    const request = pending.find((c) => c.runId === r.id);
    return toRunView(r, steps.filter((s) => s.runId === r.id), request ? toView(request) : null);
  });
}
