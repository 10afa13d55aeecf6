import "server-only";
import type { Clock } from "@/server/clock";
import type { Runbook } from "@/lib/proposals";
import type { WorldNow } from "@/server/monitor/check-now";
import { ProviderError, WriteRejectedError, type RegionProvider } from "@/server/providers";
import { StepError } from "../steps";

/** What a step's action may use. Everything it touches outside the console goes through `provider`. */
export interface StepContext {
  provider: RegionProvider;
  clock: Clock;
  /** Fires at the attempt's timeout, or when the run is aborted. */
  signal: AbortSignal;
  /** This attempt's number, counting attempts made by earlier console processes: above 1, an earlier one may have sent its AWS call. */
  attempt: number;
  run: {
    id: string;
    runbook: Runbook;
    epoch: number;
    source: string;
    target: string;
    approvedBy: string;
    /** Unplanned failover: the last lag the proposer acknowledged, the RPO estimate when no fresher lag can be read. */
    acknowledgedLagMs: number | null;
  };
  lagBudgetMs: number;
  /** Both regions read now (not the cached snapshot), with the readiness checklists derived from them. */
  world(): Promise<WorldNow>;
  /** Clock ms between the polls of a wait step. */
  pollMs: number;
  /** Clock ms one read of a wait may take: a hung read costs one poll, not the whole wait. */
  callTimeoutMs: number;
  /** Stores a wait's progress on the step, for the run view. */
  progress(detail: string): Promise<void>;
  /** Stores the RPO estimate on the run (unplanned failover). */
  recordRpo(ms: number | null): Promise<void>;
  /** True once an operator asked to pause: a wait gives up its attempt (it is simply redone on resume). */
  pauseRequested(): boolean;
}

/** Thrown by a wait that stopped for a pause; the executor puts the step back to pending. */
export class Paused extends Error {
  constructor() {
    super("paused by an operator");
    this.name = "Paused";
  }
}

/** The attribution written into the authority flag. */
export function writtenBy(ctx: StepContext): string {
  return writerTag(ctx.run);
}

/** The `updatedBy` this run writes on a flag (also read by the continuation re-check). */
export function writerTag(run: { id: string; approvedBy: string }): string {
  return `failover-console run ${run.id} (approved by ${run.approvedBy})`;
}

/**
 * Provider failures sorted for the executor: outages, throttling and timeouts may pass, so they are
 * retried; refusals and misconfiguration will not, so the step fails at once with AWS's reason.
 */
export function classify(err: unknown): StepError {
  if (err instanceof StepError) return err;
  if (err instanceof WriteRejectedError) {
    return new StepError(err.code === "ConditionalWriteConflict" ? "retryable" : "refused", err.message, { cause: err });
  }
  if (err instanceof ProviderError) {
    const retryable = err.kind === "timeout" || err.kind === "throttled" || err.kind === "unavailable";
    return new StepError(retryable ? "retryable" : "refused", err.message, { cause: err });
  }
  return new StepError("retryable", err instanceof Error ? err.message : String(err), { cause: err });
}

/**
 * Polls `check` until it reports done, storing its progress. Checks once at once (so a world that is
 * already there costs no wait), then every pollMs of clock time, until the attempt's signal fires.
 * Each check runs under its own timeout (callTimeoutMs) and gets that signal to pass to its reads.
 * A read that fails or hangs mid-wait is progress, not failure: AWS is often briefly unavailable
 * mid-switchover.
 */
export async function waitUntil(
  ctx: StepContext,
  check: (signal: AbortSignal) => Promise<{ done: true; detail: string } | { done: false; progress: string }>,
): Promise<string> {
  let last = "";
  for (;;) {
    if (ctx.pauseRequested()) throw new Paused();
    const call = callTimeout(ctx);
    try {
      const result = await check(call.signal);
      if (result.done) return result.detail;
      last = result.progress;
    } catch (err) {
      const classified = classify(err);
      if (classified.kind !== "retryable" || ctx.signal.aborted) throw classified;
      last = `read failed, still waiting: ${classified.message}`;
    } finally {
      call.done();
    }
    await ctx.progress(last);
    try {
      await ctx.clock.sleep(ctx.pollMs, ctx.signal);
    } catch {
      throw new StepError("retryable", `gave up waiting: ${last}`);
    }
  }
}

/** A signal that fires at the attempt's end or after callTimeoutMs of clock time, whichever is first. */
function callTimeout(ctx: StepContext): { signal: AbortSignal; done(): void } {
  const timedOut = new AbortController();
  const finished = new AbortController();
  void ctx.clock.sleep(ctx.callTimeoutMs, AbortSignal.any([finished.signal, ctx.signal])).then(
    () => timedOut.abort(new StepError("retryable", `a read did not answer within ${ctx.callTimeoutMs} ms`)),
    () => undefined,
  );
  return { signal: AbortSignal.any([ctx.signal, timedOut.signal]), done: () => finished.abort() };
}
