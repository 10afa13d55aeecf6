import type { Tone } from "@/components/dashboard/pill";
import type { RunStatus, RunStep, StepStatus } from "@/lib/runs";

/** Pure wording for runs and steps: a status word and tone each, never colour alone. */

export const RUN_STATUS: Record<RunStatus, { tone: Tone; word: string; meaning: string }> = {
  running: { tone: "info", word: "running", meaning: "the console is working through the steps" },
  paused: { tone: "warn", word: "paused", meaning: "paused: nothing further starts until it is resumed" },
  failed: { tone: "bad", word: "failed", meaning: "a step ran out of attempts: retry it, or abort the run" },
  succeeded: { tone: "good", word: "succeeded", meaning: "every step is done" },
  aborted: { tone: "bad", word: "aborted", meaning: "stopped by a person; steps not done stay as they were" },
  voided: { tone: "none", word: "voided", meaning: "the preconditions no longer held at run start, so the approval is void" },
};

export const STEP_STATUS: Record<StepStatus, { tone: Tone; word: string }> = {
  pending: { tone: "neutral", word: "pending" },
  running: { tone: "info", word: "running" },
  succeeded: { tone: "good", word: "succeeded" },
  skipped: { tone: "neutral", word: "skipped" },
  failed: { tone: "bad", word: "failed" },
  aborted: { tone: "bad", word: "aborted" },
};

/** A best-effort step that failed did not stop the run: it reads as a warning, not an error. */
export function stepTone(step: Pick<RunStep, "status" | "bestEffort">): Tone {
  return step.status === "failed" && step.bestEffort ? "warn" : STEP_STATUS[step.status].tone;
}

/** Milliseconds between two instants; a step still running counts up to `now` (null before the browser knows the time). */
export function elapsedMs(startedAt: string | null, finishedAt: string | null, now: number | null): number | null {
  if (startedAt === null) return null;
  const end = finishedAt !== null ? Date.parse(finishedAt) : now;
  if (end === null) return null;
  const ms = end - Date.parse(startedAt);
  return Number.isNaN(ms) ? null : Math.max(0, ms);
}

/** The step that failed and can be retried (a best-effort failure is recorded and passed over). */
export function retryableStep(steps: readonly RunStep[]): RunStep | null {
  return steps.find((s) => s.status === "failed" && !s.bestEffort) ?? null;
}

/** The step the run is on: the one running, else the first not yet done. */
export function currentStep(steps: readonly RunStep[]): RunStep | null {
  return steps.find((s) => s.status === "running") ?? steps.find((s) => s.status === "pending" || (s.status === "failed" && !s.bestEffort)) ?? null;
}

/** Steps that are over (succeeded, skipped, or failed best effort), for "n of m done". */
export function doneCount(steps: readonly RunStep[]): number {
  return steps.filter((s) => s.status === "succeeded" || s.status === "skipped" || (s.status === "failed" && s.bestEffort)).length;
}
