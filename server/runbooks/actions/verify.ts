import "server-only";
import { StepError, type StepOutcome } from "../steps";
import { waitUntil, type StepContext } from "./context";

/** Fencing done: waits until `region`'s own readiness endpoint says it no longer accepts writes. */
export async function waitWritesOff(ctx: StepContext, region: string): Promise<StepOutcome> {
  const detail = await waitUntil(ctx, async (signal) => {
    const probe = await ctx.provider.probeReadiness(region, signal);
    if (!probe.writable && !probe.authorisedForWrites) return { done: true, detail: `${region} reports writes off (HTTP ${probe.httpStatus})` };
    return { done: false, progress: `${region} still reports writable=${probe.writable}, authorised=${probe.authorisedForWrites}` };
  });
  return { status: "succeeded", detail };
}

/** The last step: the target answers healthy and accepts writes, seen through its own endpoint and Route 53. */
export async function verifyTarget(ctx: StepContext): Promise<StepOutcome> {
  const { target } = ctx.run;
  const detail = await waitUntil(ctx, async (signal) => {
    const [probe, checks] = await Promise.all([ctx.provider.probeReadiness(target, signal), ctx.provider.readHealthChecks(target, signal)]);
    if (checks.length === 0) throw new StepError("refused", `no health checks configured for ${target}`);
    const unhealthy = checks.filter((c) => !c.healthy).map((c) => c.name);
    const accepting = probe.httpStatus < 400 && probe.writable && probe.authorisedForWrites;
    if (accepting && unhealthy.length === 0) return { done: true, detail: `${target} healthy (${checks.length} health checks) and accepting writes` };
    const why = [
      accepting ? null : `readiness HTTP ${probe.httpStatus}, writable=${probe.writable}, authorised=${probe.authorisedForWrites}`,
      unhealthy.length ? `unhealthy: ${unhealthy.join(", ")}` : null,
    ].filter(Boolean);
    return { done: false, progress: why.join("; ") };
  });
  return { status: "succeeded", detail };
}
