import "server-only";
import type { AuroraView } from "@/lib/snapshot";
import { describeMs } from "@/server/monitor/facts";
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
async function alreadyUnderWay(ctx: StepContext): Promise<StepOutcome | null> {
  const { target } = ctx.run;
  const view = await ctx.provider.readAurora(target, ctx.signal);
  if (view.failover) {
    if (view.failover.toRegion === target) return { status: "skipped", detail: `RDS is already moving the writer to ${target} (${view.failover.status})` };
    throw new StepError("refused", `RDS reports another operation under way (${view.failover.status} from ${view.failover.fromRegion ?? "?"} to ${view.failover.toRegion ?? "?"})`);
  }
  if (writes(view)) return { status: "skipped", detail: `${target} is already the writer (${view.role}, ${view.status})` };
  return null;
}

/** Planned: SwitchoverGlobalCluster, called in the target's region. Asynchronous; wait-writer follows. */
export async function switchover(ctx: StepContext): Promise<StepOutcome> {
  const done = await alreadyUnderWay(ctx);
  if (done) return done;
  await ctx.provider.switchoverGlobalCluster(ctx.run.target, ctx.run.target, ctx.signal);
  return { status: "succeeded", detail: `SwitchoverGlobalCluster to ${ctx.run.target} accepted` };
}

/**
 * Unplanned: FailoverGlobalCluster with AllowDataLoss (or RemoveFromGlobalCluster), called in the
 * target's region. The RPO estimate — the lag the target had not yet received — is read and stored
 * just before the call, since after it the writes it gives up can no longer be measured.
 */
export async function failover(ctx: StepContext, method: "failover" | "detach"): Promise<StepOutcome> {
  const done = await alreadyUnderWay(ctx);
  if (done) return done;
  const { target } = ctx.run;
  let rpo = ctx.run.acknowledgedLagMs;
  let source = "the lag the proposer acknowledged";
  try {
    const lag = await ctx.provider.readLag(target, ctx.signal);
    const seen = lag.rpoLagMs ?? lag.replicationLagMs;
    if (seen !== null) {
      rpo = seen;
      source = "replication lag into the target just before the call";
    }
  } catch {
    // The acknowledged figure stands: lag cannot always be read mid-outage.
  }
  await ctx.recordRpo(rpo);
  if (method === "failover") await ctx.provider.failoverGlobalCluster(target, ctx.signal);
  else await ctx.provider.detachFromGlobalCluster(target, ctx.signal);
  const call = method === "failover" ? "FailoverGlobalCluster (AllowDataLoss)" : "RemoveFromGlobalCluster";
  return { status: "succeeded", detail: `${call} for ${target} accepted; RPO estimate ${describeMs(rpo)} (${source})` };
}

/**
 * Waits until the target is the writer and RDS reports no operation in flight. If RDS abandons the
 * operation (a region went dark mid-switchover: "cancelling", then nothing), waiting on is pointless.
 */
export async function waitWriter(ctx: StepContext): Promise<StepOutcome> {
  const { target } = ctx.run;
  let sawCancel = false;
  const detail = await waitUntil(ctx, async (signal) => {
    const view = await ctx.provider.readAurora(target, signal);
    if (view.failover) {
      if (view.failover.status === "cancelling") sawCancel = true;
      return { done: false, progress: `RDS ${view.failover.status} (${view.failover.fromRegion ?? "?"} → ${view.failover.toRegion ?? "?"})` };
    }
    if (writes(view)) return { done: true, detail: `${target} is the writer (${view.role}, ${view.status})` };
    if (sawCancel) throw new StepError("refused", `RDS cancelled the operation; ${target} is still a ${view.role}`);
    return { done: false, progress: `${target} is a ${view.role} (${view.status}); waiting for RDS` };
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
