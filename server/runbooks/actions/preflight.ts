import "server-only";
import { fresh } from "@/server/monitor/signal";
import { blockingFailures, checklistFor, describeChecks } from "../preconditions";
import { StepError, type StepOutcome } from "../steps";
import { waitUntil, writtenBy, type StepContext } from "./context";

/**
 * The run-start re-check (invariant 2): the readiness checklist for the target, from fresh reads of
 * both regions. A blocking change — or an authority epoch already past the run's, meaning authority
 * moved since approval — voids the approval at once. Anything else not yet passing (a lag spike, a
 * health check flapping) is waited for until the step's timeout, with what is missing as progress.
 */
const RUNBOOK_OF_MODE = { planned: "planned-failover", unplanned: "unplanned-failover", restore: "restore-writes" } as const;

export async function preflight(ctx: StepContext, mode: "planned" | "unplanned" | "restore"): Promise<StepOutcome> {
  const { target, source, epoch } = ctx.run;
  let pending = "";
  try {
    const detail = await waitUntil(ctx, async () => {
      const world = await ctx.world();
      const checklist = checklistFor(world.readiness, RUNBOOK_OF_MODE[mode], target);
      // Restore writes is only ever offered for a region that writes: if it no longer does, what was approved is gone.
      if (!checklist && mode === "restore") throw new StepError("precondition", `${target} is no longer the Aurora writer: there is nothing to restore to`);
      if (!checklist) throw new StepError("refused", `no ${mode} readiness checklist for ${target}`);
      const blocking = blockingFailures(checklist);
      if (blocking.length > 0) throw new StepError("precondition", `preconditions no longer hold: ${describeChecks(blocking)}`);
      for (const region of world.regions) {
        const flag = fresh(region.authority);
        // This run's own epoch is only ever written by this run (a failback fences the stale claim first).
        if (flag && (flag.epoch > epoch || (flag.epoch === epoch && flag.updatedBy !== writtenBy(ctx)))) {
          throw new StepError("precondition", `authority changed since approval: ${region.id} is ${flag.role} at epoch ${flag.epoch}, not written by this run (epoch ${epoch})`);
        }
      }
      const missing = checklist.checks.filter((c) => c.status !== "pass");
      if (missing.length === 0) {
        const scope = mode === "planned" ? `${source} and ${target}` : mode === "restore" ? `${target}, the Aurora writer` : `${target} (${source} recorded as impaired)`;
        return { done: true, detail: `all ${checklist.checks.length} checks pass for ${scope}` };
      }
      pending = describeChecks(missing);
      return { done: false, progress: `waiting for: ${pending}` };
    });
    return { status: "succeeded", detail };
  } catch (err) {
    if (err instanceof StepError && err.kind === "retryable" && pending) {
      throw new StepError("retryable", `preconditions not met within the step's timeout: ${pending}`, { cause: err });
    }
    throw err;
  }
}
