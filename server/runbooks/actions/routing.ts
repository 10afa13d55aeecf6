import "server-only";
import { StepError, type StepOutcome } from "../steps";
import type { StepContext } from "./context";

/**
 * Sets `region`'s routing controls to `state` in one UpdateRoutingControlStates call, skipping what
 * is already so. Invariant 5: a region is only turned Off once another region has a control On —
 * the runbooks turn the target On first, and this re-reads it rather than trusting that order
 * (ARC's safety rule would refuse too; this names the reason before asking).
 */
export async function setRouting(ctx: StepContext, region: string, state: "On" | "Off"): Promise<StepOutcome> {
  const controls = await ctx.provider.readRoutingControls(region, ctx.signal);
  if (controls.length === 0) throw new StepError("refused", `no routing controls configured for ${region}`);
  const changes = controls.filter((c) => c.state !== state);
  if (changes.length === 0) return { status: "skipped", detail: `${region} already ${state} (${controls.map((c) => c.name).join(", ")})` };
  if (state === "Off") {
    const others = ctx.run.source === region ? ctx.run.target : ctx.run.source;
    const elsewhere = await ctx.provider.readRoutingControls(others, ctx.signal);
    if (!elsewhere.some((c) => c.state === "On")) {
      throw new StepError("refused", `turning ${region} Off would leave no region On: ${others} has no routing control On`);
    }
  }
  await ctx.provider.updateRoutingControls(changes.map((c) => ({ arn: c.arn, state })), ctx.signal);
  return { status: "succeeded", detail: `${changes.map((c) => c.name).join(", ")} → ${state}` };
}
