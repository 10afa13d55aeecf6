import { z } from "zod";
import { ReadinessChecklist } from "./findings";
import { Runbook } from "./proposals";

const Timestamp = z.iso.datetime({ offset: true });

/**
 * A run: the durable execution of an approved proposal (DESIGN "Runbooks"). Shared by the executor
 * (which stores and serves it at GET /api/runs/:id) and the run view (which renders it live).
 *
 * - running: the executor is working through the steps;
 * - paused: an operator paused it; the step in flight finished, nothing further starts until resume;
 * - failed: a step ran out of attempts (or was refused); retry that step, or abort;
 * - succeeded: every step done;
 * - aborted: an operator stopped it; steps not yet done stay as they were;
 * - voided: the preconditions re-checked at run start no longer held, so the approval is void.
 */
export const RUN_STATUSES = ["running", "paused", "failed", "succeeded", "aborted", "voided"] as const;
export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;

/** A run that can still move: one of these holds the console's single active slot. */
export const ACTIVE_RUN_STATUSES = ["running", "paused", "failed"] as const satisfies readonly RunStatus[];

export const STEP_STATUSES = ["pending", "running", "succeeded", "skipped", "failed", "aborted"] as const;
export const StepStatus = z.enum(STEP_STATUSES);
export type StepStatus = z.infer<typeof StepStatus>;

/** What a step does; the runbook definitions in server/runbooks build lists of these. */
export const STEP_KINDS = [
  "preflight",
  "fence-stale-claim",
  "write-authority",
  "write-app-role",
  "wait-writes-off",
  "switchover",
  "failover",
  "wait-writer",
  "routing",
  "verify-target",
  "wait-reprotected",
] as const;
export const StepKind = z.enum(STEP_KINDS);
export type StepKind = z.infer<typeof StepKind>;

/**
 * One attempt of a step, from the audit trail (run.step_started, then succeeded, skipped or
 * failed with the same attempt number): each with its own start and end (issue 15 §4). An attempt
 * with no end was interrupted (paused, or the console stopped) unless it is the step's last and
 * the step is still running.
 */
export const StepAttempt = z.object({
  attempt: z.number().int().positive(),
  startedAt: Timestamp,
  endedAt: Timestamp.nullable(),
  outcome: z.enum(["running", "succeeded", "skipped", "failed", "interrupted"]),
  error: z.string().nullable(),
});
export type StepAttempt = z.infer<typeof StepAttempt>;

export const RunStep = z.object({
  index: z.number().int().nonnegative(),
  /** Stable within the runbook: "fence-source-authority", "promote-target"… */
  id: z.string(),
  kind: StepKind,
  title: z.string(),
  region: z.string().nullable(),
  /** A best-effort step (fencing a dark region in an unplanned failover) records its failure and the run goes on. */
  bestEffort: z.boolean(),
  status: StepStatus,
  attempts: z.number().int().nonnegative(),
  maxAttempts: z.number().int().positive(),
  timeoutMs: z.number().int().positive(),
  startedAt: Timestamp.nullable(),
  finishedAt: Timestamp.nullable(),
  /** What the step found or did ("already fenced at epoch 2: skipped"), or its progress while it waits. */
  detail: z.string().nullable(),
  /** The last attempt's error, when there was one. */
  error: z.string().nullable(),
  /** Every attempt in order (GET /api/runs/:id only; the list view leaves it out). */
  attemptLog: z.array(StepAttempt).optional(),
});
export type RunStep = z.infer<typeof RunStep>;

/**
 * A stopped run does not go on by one person's hand when its approval is old or the world changed
 * (DESIGN invariant 1, issue 13 §8): resume or retry then stores a continuation request that a
 * different approver must approve, re-authenticated, before it expires.
 * - approval-stale: the approval is older than the proposal TTL;
 * - preconditions: the fresh preflight re-check found what would have voided the approval.
 */
export const CONTINUATION_WHY = ["approval-stale", "preconditions"] as const;
export const ContinuationWhy = z.object({ code: z.enum(CONTINUATION_WHY), message: z.string() });
export type ContinuationWhy = z.infer<typeof ContinuationWhy>;

export const CONTINUATION_STATUSES = ["pending", "approved", "expired", "cancelled"] as const;
export const ContinuationStatus = z.enum(CONTINUATION_STATUSES);
export type ContinuationStatus = z.infer<typeof ContinuationStatus>;

export const Continuation = z.object({
  id: z.string(),
  /** What was asked: resume a paused run, or retry a failed one's failed step. */
  action: z.enum(["resume", "retry"]),
  status: ContinuationStatus,
  requestedBy: z.object({ id: z.string(), name: z.string() }),
  requestedAt: Timestamp,
  expiresAt: Timestamp,
  why: z.array(ContinuationWhy).min(1),
  /** The readiness checklist for the run's target, read fresh when it was asked. */
  evidence: ReadinessChecklist.nullable(),
  decidedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  decidedAt: Timestamp.nullable(),
});
export type Continuation = z.infer<typeof Continuation>;

export const Run = z.object({
  id: z.string(),
  proposalId: z.string(),
  runbook: Runbook,
  sourceRegion: z.string(),
  targetRegion: z.string(),
  /** The epoch this run writes (n+1 over the highest epoch seen when it was created); never lower. */
  epoch: z.number().int().nonnegative(),
  status: RunStatus,
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  /** Why it failed, was aborted or voided. */
  statusReason: z.string().nullable(),
  /** Unplanned failover: the RPO lag read just before the failover call, i.e. the writes it gave up. */
  rpoEstimateMs: z.number().nonnegative().nullable(),
  steps: z.array(RunStep),
  /** The continuation request waiting for a second person, if any. */
  continuation: Continuation.nullable(),
});
export type Run = z.infer<typeof Run>;

export const RUN_ACTIONS = ["pause", "resume", "abort", "retry"] as const;
export const RunAction = z.enum(RUN_ACTIONS);
export type RunAction = z.infer<typeof RunAction>;

/** Body of pause/resume/abort/retry: optional for pause and resume, required (for the record) for abort. */
export const RunActionInput = z.strictObject({
  reason: z.string().trim().min(1).max(2000).optional(),
});
export type RunActionInput = z.infer<typeof RunActionInput>;

/** Body of POST /api/runs/:id/approve-continue: the request the approver reviewed, and (local accounts) their password. */
export const ContinueApproveInput = z.strictObject({
  requestId: z.string().trim().min(1).max(200),
  password: z.string().optional(),
});
export type ContinueApproveInput = z.infer<typeof ContinueApproveInput>;
