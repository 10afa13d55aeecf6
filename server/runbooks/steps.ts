import "server-only";
import { z } from "zod";
import type { StepKind } from "@/lib/runs";

/**
 * A step is typed data: what it does (`params`, discriminated by kind), where, and how hard to try.
 * Runbook definitions build lists of these; the executor stores them with the run (so a resumed run
 * executes exactly what was approved, whatever the code's defaults are by then) and hands each to
 * its action in actions/.
 */
export const StepParams = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("preflight"), mode: z.enum(["planned", "unplanned", "restore"]) }),
  z.object({ kind: z.literal("fence-stale-claim") }),
  z.object({ kind: z.literal("write-authority"), role: z.enum(["fenced", "primary"]) }),
  z.object({ kind: z.literal("write-app-role"), role: z.enum(["active", "passive"]) }),
  z.object({ kind: z.literal("wait-writes-off") }),
  z.object({ kind: z.literal("switchover") }),
  z.object({ kind: z.literal("failover"), method: z.enum(["failover", "detach"]) }),
  z.object({ kind: z.literal("wait-writer") }),
  // Traffic moves in ONE UpdateRoutingControlStates call: `on`'s controls On with `off`'s Off.
  z.object({ kind: z.literal("routing"), on: z.string(), off: z.string() }),
  z.object({ kind: z.literal("verify-target") }),
  z.object({ kind: z.literal("wait-reprotected") }),
]);
export type StepParams = z.infer<typeof StepParams>;

// Every StepKind the UI knows has params here, and no other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const kindsAgree: Same<StepParams["kind"], StepKind> = true;
void kindsAgree;

export interface StepSpec {
  /** Stable within the runbook: "fence-source-authority". */
  id: string;
  title: string;
  region: string;
  /** Failure is recorded and the run goes on (fencing a region that is dark in an unplanned failover). */
  bestEffort: boolean;
  maxAttempts: number;
  /** One attempt's limit, in clock time (a wait step's whole wait). */
  timeoutMs: number;
  params: StepParams;
}

/** The result of a step that did not throw: it acted, or found the world already as wanted. */
export interface StepOutcome {
  status: "succeeded" | "skipped";
  detail: string;
}

/**
 * Why a step failed, which decides what the executor does next:
 * - retryable: an outage, throttling or timeout; the next attempt may succeed (with backoff);
 * - refused: AWS or a rule said no; trying again as it stands cannot help (retry by hand after fixing);
 * - precondition: the run-start re-check found a blocking change; the approval is void.
 */
export class StepError extends Error {
  constructor(
    readonly kind: "retryable" | "refused" | "precondition",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "StepError";
  }
}
