import "server-only";
import type { AuroraView } from "@/lib/snapshot";
import { describeMs } from "@/server/monitor/facts";
import { WriteRejectedError } from "@/server/providers";
import { StepError, type StepOutcome } from "../steps";
import { waitUntil, type StepContext } from "./context";

/** The target writes on its own: the global cluster's writer, or (detach) a standalone cluster. */
function writes(view: AuroraView): boolean {
  return view.role === "writer" || view.role === "detached";
}

/**
 * Read before acting: if the target already writes, or RDS is already moving the writer to it (a
 * resumed run whose call went through before the console stopped), the call is not made again.
 * An operation heading elsewhere is someone else's and is refused.
 */
async function readFirst(ctx: StepContext): Promise<{ done: StepOutcome } | { view: AuroraView }> {
  const { target } = ctx.run;
  const view = await ctx.provider.readAurora(target, ctx.signal);
  // A first attempt sent nothing before; a later one may have, and RDS may not show it yet.
  const seen = underWay(view, target) ?? (ctx.attempt > 1 ? await visibleWithin(ctx, "an earlier attempt may have sent the call; waiting for RDS's reads to show it before sending again") : null);
  return seen ? { done: seen } : { view };
}

/** Watches DescribeGlobalClusters for up to VISIBILITY_WAIT_MS for an operation moving the writer to the target. */
async function visibleWithin(ctx: StepContext, why: string): Promise<StepOutcome | null> {
  const until = ctx.clock.now().getTime() + VISIBILITY_WAIT_MS;
  while (ctx.clock.now().getTime() < until && !ctx.signal.aborted) {
    await ctx.progress(why);
    await ctx.clock.sleep(ctx.pollMs, ctx.signal).catch(() => undefined);
    const seen = underWay(await ctx.provider.readAurora(ctx.run.target, ctx.signal), ctx.run.target);
    if (seen) return seen;
  }
  return null;
}

function underWay(view: AuroraView, target: string): StepOutcome | null {
  if (writes(view)) return { status: "skipped", detail: `${target} is already the writer (${view.role}, global cluster ${view.status})` };
  if (view.failover) {
    if (view.failover.toRegion === target) return { status: "skipped", detail: `RDS is already moving the writer to ${target} (${view.failover.status})` };
    throw new StepError("refused", `RDS reports another operation under way (${view.failover.status} from ${view.failover.fromRegion ?? "?"} to ${view.failover.toRegion ?? "?"})`);
  }
  return null;
}

/** Errors that mean "not in this region" (the cluster or global cluster is unknown to that endpoint), worth one call in the other region. */
const NOT_HERE = new Set(["GlobalClusterNotFoundFault", "DBClusterNotFoundFault"]);

/**
 * How long RDS's reads may lag behind an accepted call (DescribeGlobalClusters is eventually
 * consistent): before re-sending a call an earlier attempt may have made, and after RDS refused one
 * as "already in progress", the step watches this long for the operation to show.
 */
const VISIBILITY_WAIT_MS = 15_000;

/**
 * Planned: SwitchoverGlobalCluster, called in the current primary's region (Aurora User Guide,
 * "Performing switchovers for Amazon Aurora global databases"); only when that endpoint answers
 * that it does not know the cluster is it tried in the target's region. Asynchronous; wait-writer follows.
 */
export async function switchover(ctx: StepContext): Promise<StepOutcome> {
  const first = await readFirst(ctx);
  if ("done" in first) return first.done;
  const { target } = ctx.run;
  const primary = first.view.members.find((m) => m.isWriter)?.region ?? ctx.run.source;
  try {
    await accepted(ctx, () => ctx.provider.switchoverGlobalCluster(target, primary, ctx.signal));
    return { status: "succeeded", detail: `SwitchoverGlobalCluster to ${target} accepted in ${primary}` };
  } catch (err) {
    if (!(err instanceof WriteRejectedError) || !NOT_HERE.has(err.code) || primary === target) throw err;
    await accepted(ctx, () => ctx.provider.switchoverGlobalCluster(target, target, ctx.signal));
    return { status: "succeeded", detail: `SwitchoverGlobalCluster to ${target} accepted in ${target} (${primary} answered ${err.code})` };
  }
}

/**
 * Makes the call; if RDS refuses it because an operation is already in progress, that may be this
 * run's own earlier call (the console stopped after RDS accepted it, and DescribeGlobalClusters did
 * not show it yet when the step was re-run). Then the step waits a while for the operation to become
 * visible, and counts it as under way only if it moves the writer to this run's target.
 */
async function accepted(ctx: StepContext, call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (!(err instanceof WriteRejectedError) || err.code !== "InvalidGlobalClusterStateFault" || !/in progress/.test(err.message)) throw err;
    if (await visibleWithin(ctx, `RDS says an operation is in progress but does not show it yet; waiting for its reads to catch up (${err.message})`)) return;
    throw err;
  }
}

/**
 * Unplanned: FailoverGlobalCluster with AllowDataLoss (or RemoveFromGlobalCluster), called in the
 * target's region. The RPO estimate — the lag the target had not yet received — is read and stored
 * just before the call, since after it the writes it gives up can no longer be measured.
 */
export async function failover(ctx: StepContext, method: "failover" | "detach"): Promise<StepOutcome> {
  const first = await readFirst(ctx);
  if ("done" in first) return first.done;
  const { target } = ctx.run;
  let rpo = ctx.run.acknowledgedLagMs;
  let source = "the lag the proposer acknowledged";
  try {
    const lag = await ctx.provider.readLag(target, ctx.signal);
    // AuroraGlobalDBRPOLag where the engine emits it: it is the data-loss window itself.
    const seen = lag.rpoLagMs ?? lag.replicationLagMs;
    if (seen !== null) {
      rpo = seen;
      source = `${lag.rpoLagMs !== null ? "RPO lag" : "replication lag"} into the target, CloudWatch datapoint of ${lag.datapointAt ?? "?"}`;
    }
  } catch {
    // The acknowledged figure stands: lag cannot always be read mid-outage.
  }
  await ctx.recordRpo(rpo);
  await accepted(ctx, () => (method === "failover" ? ctx.provider.failoverGlobalCluster(target, ctx.signal) : ctx.provider.detachFromGlobalCluster(target, ctx.signal)));
  const call = method === "failover" ? "FailoverGlobalCluster (AllowDataLoss)" : "RemoveFromGlobalCluster";
  return { status: "succeeded", detail: `${call} for ${target} accepted; RPO estimate ${describeMs(rpo)} (${source})` };
}

/**
 * Waits until the target writes and the global cluster is available — what AWS's own
 * fault-injection sample for Aurora global failover treats as done. A FailoverState that lingers
 * after that (Aurora keeps it until the old primary's region is back and re-added) is progress to
 * show, not a blocker. Right after the call RDS may still show the old state (its reads lag), so
 * "nothing yet" is waited on; an operation RDS abandoned ("cancelling", then nothing) is not.
 */
export async function waitWriter(ctx: StepContext): Promise<StepOutcome> {
  const { target } = ctx.run;
  let sawCancel = false;
  const detail = await waitUntil(ctx, async (signal) => {
    const view = await ctx.provider.readAurora(target, signal);
    const lingering = view.failover ? `; RDS FailoverState still ${view.failover.status} (${view.failover.fromRegion ?? "?"} → ${view.failover.toRegion ?? "?"}), as it is until the old primary is back` : "";
    if (view.role === "detached") return { done: true, detail: `${target} is a standalone writer, detached from the global cluster` };
    if (view.role === "writer" && view.status === "available") return { done: true, detail: `${target} is the writer and the global cluster is available${lingering}` };
    if (view.role === "writer") return { done: false, progress: `${target} is the writer; waiting for the global cluster to be available (now ${view.status})${lingering}` };
    if (view.failover) {
      if (view.failover.status === "cancelling") sawCancel = true;
      return { done: false, progress: `waiting for ${target} to be writer: RDS ${view.failover.status} (${view.failover.fromRegion ?? "?"} → ${view.failover.toRegion ?? "?"}), global cluster ${view.status}` };
    }
    if (sawCancel) throw new StepError("refused", `RDS cancelled the operation; ${target} is still a ${view.role}`);
    return { done: false, progress: `waiting for ${target} to be writer: it is a ${view.role} (global cluster ${view.status}); RDS may not show the operation yet` };
  });
  return { status: "succeeded", detail };
}

/**
 * Failback's re-protect: the returned region rejoins as a secondary (Aurora rebuilds it), then the
 * wait lasts until replication into it is connected and the lag is within budget, with progress.
 */
export async function waitReprotected(ctx: StepContext): Promise<StepOutcome> {
  const { target } = ctx.run;
  const detail = await waitUntil(ctx, async (signal) => {
    const view = await ctx.provider.readAurora(target, signal);
    if (writes(view)) throw new StepError("refused", `${target} is already the writer; nothing to re-protect`);
    const own = view.members.find((m) => m.region === target);
    const sync = own?.synchronizationStatus ?? null;
    if (view.role !== "reader" || sync !== "connected") {
      return { done: false, progress: `${target} is ${view.role === "reader" ? `a secondary, replication ${sync ?? "unknown"}` : view.role} (${view.status}); waiting for it to rejoin` };
    }
    const lag = await ctx.provider.readLag(target, signal);
    const ms = lag.replicationLagMs;
    if (ms === null || ms > ctx.lagBudgetMs) {
      return { done: false, progress: `replication connected, lag ${describeMs(ms)} (budget ${describeMs(ctx.lagBudgetMs)})` };
    }
    return { done: true, detail: `replication into ${target} connected, lag ${describeMs(ms)}` };
  });
  return { status: "succeeded", detail };
}
