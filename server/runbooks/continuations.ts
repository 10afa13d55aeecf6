import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { ReadinessChecklist } from "@/lib/findings";
import { Continuation, type ContinuationWhy } from "@/lib/runs";
import type { Clock } from "@/server/clock";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { tables, type Db } from "@/server/db";

/** The `run_continuations` rows (migration 0011): requests to go on with a stopped run that wait for a second person. */
export type ContinuationRow = typeof tables.runContinuations.$inferSelect;

/** The run's pending request, locked for the caller's transaction. */
export async function lockPending(tx: Db, runId: string): Promise<ContinuationRow | undefined> {
  const [row] = await tx
    .select()
    .from(tables.runContinuations)
    .where(and(eq(tables.runContinuations.runId, runId), eq(tables.runContinuations.status, "pending")))
    .for("update");
  return row;
}

export function isExpired(row: ContinuationRow, clock: Clock): boolean {
  return clock.now().getTime() >= row.expiresAt.getTime();
}

/** A request not approved before its TTL ran out: marked and audited, so the next ask starts afresh. */
export async function markExpired(tx: Db, clock: Clock, row: ContinuationRow): Promise<void> {
  await tx.update(tables.runContinuations).set({ status: "expired", decidedAt: clock.now() }).where(eq(tables.runContinuations.id, row.id));
  await appendAudit(tx, clock, {
    actor: "system",
    actorName: "system",
    action: AUDIT_ACTIONS.runContinuationExpired,
    payload: { runId: row.runId, requestId: row.id, requestedBy: row.requestedBy, expiresAt: row.expiresAt.toISOString() },
  });
}

export interface NewRequest {
  runId: string;
  proposalId: string;
  action: "resume" | "retry";
  requester: { id: string; name: string };
  why: ContinuationWhy[];
  evidence: ReadinessChecklist | null;
  ttlMs: number;
}

/** Stores and audits a request, inside the caller's transaction (the one that refuses going on alone). */
export async function insertRequest(tx: Db, clock: Clock, r: NewRequest): Promise<ContinuationRow> {
  const now = clock.now();
  const row: ContinuationRow = {
    id: randomUUID(),
    runId: r.runId,
    action: r.action,
    status: "pending",
    requestedBy: r.requester.id,
    requestedByName: r.requester.name,
    requestedAt: now,
    expiresAt: new Date(now.getTime() + r.ttlMs),
    why: r.why,
    evidence: r.evidence,
    decidedBy: null,
    decidedByName: null,
    decidedAt: null,
    reauthMethod: null,
  };
  await tx.insert(tables.runContinuations).values(row);
  await appendAudit(tx, clock, {
    actor: r.requester.id,
    actorName: r.requester.name,
    action: AUDIT_ACTIONS.runContinuationRequested,
    payload: { runId: r.runId, proposalId: r.proposalId, requestId: row.id, operation: r.action, why: r.why, evidence: r.evidence, expiresAt: row.expiresAt.toISOString() },
  });
  return row;
}

/** Abort ends the run, and with it any request to continue it. */
export async function cancelPending(tx: Db, clock: Clock, runId: string): Promise<string | null> {
  const pending = await lockPending(tx, runId);
  if (!pending) return null;
  await tx.update(tables.runContinuations).set({ status: "cancelled", decidedAt: clock.now() }).where(eq(tables.runContinuations.id, pending.id));
  return pending.id;
}

/** The request the run page shows: the pending one (expired or not; its expiry is shown), else none. */
export async function pendingView(db: Db, runId: string): Promise<Continuation | null> {
  const [row] = await db
    .select()
    .from(tables.runContinuations)
    .where(and(eq(tables.runContinuations.runId, runId), eq(tables.runContinuations.status, "pending")))
    .orderBy(desc(tables.runContinuations.requestedAt));
  return row ? toView(row) : null;
}

export function toView(row: ContinuationRow): Continuation {
  return Continuation.parse({
    id: row.id,
    action: row.action,
    status: row.status,
    requestedBy: { id: row.requestedBy, name: row.requestedByName },
    requestedAt: row.requestedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    why: row.why,
    evidence: row.evidence ?? null,
    decidedBy: row.decidedBy ? { id: row.decidedBy, name: row.decidedByName ?? row.decidedBy } : null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
  });
}
