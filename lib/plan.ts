import { z } from "zod";

const Timestamp = z.iso.datetime({ offset: true });

/**
 * The failover plan's evaluation (issue 15 §7): the doctor's checks, run by the console on a
 * schedule and on demand, against AWS or the simulated world. Shared by the snapshot, the route
 * and the dashboard line "failover plan: 26/26 checks passed 12 min ago".
 */
export const PlanCheckResult = z.enum(["OK", "WARN", "FAIL"]);
export type PlanCheckResult = z.infer<typeof PlanCheckResult>;

/** One failing check, with what to do about it. */
export const PlanFailure = z.object({
  region: z.string(),
  service: z.string(),
  check: z.string(),
  /** The doctor's row detail: `<kind>: <message>`. */
  detail: z.string(),
  /** What an operator does to make it pass. */
  fix: z.string(),
});
export type PlanFailure = z.infer<typeof PlanFailure>;

export const PlanTrigger = z.enum(["schedule", "admin"]);
export type PlanTrigger = z.infer<typeof PlanTrigger>;

/** What the store keeps of the last evaluation. */
export const PlanResult = z.object({
  passed: z.int().nonnegative(),
  total: z.int().nonnegative(),
  warned: z.int().nonnegative(),
  evaluatedAt: Timestamp,
  durationMs: z.int().nonnegative(),
  trigger: PlanTrigger,
  /** Who asked, for an on-demand run; null for the schedule. */
  requestedBy: z.string().nullable(),
  failing: z.array(PlanFailure),
});
export type PlanResult = z.infer<typeof PlanResult>;

/** The snapshot's view: the last result (null before the first) and whether a run is going on now. */
export const PlanStatus = z.object({
  last: PlanResult.nullable(),
  running: z.object({ since: Timestamp, requestedBy: z.string().nullable() }).nullable(),
  intervalMinutes: z.int().positive(),
});
export type PlanStatus = z.infer<typeof PlanStatus>;

/** What POST /api/plan/evaluate answers: the result of the run it started. */
export const PlanEvaluateResponse = z.object({ result: PlanResult });
export type PlanEvaluateResponse = z.infer<typeof PlanEvaluateResponse>;
