import "server-only";
import type { AuthorityView } from "@/lib/snapshot";
import { StepError, type StepOutcome } from "../steps";
import { writtenBy, type StepContext } from "./context";

/**
 * The authority flag at the run's epoch (n+1). Idempotent: a flag this run already wrote (same role,
 * epoch and writer) is left alone (invariant 13: a claim someone else wrote that happens to match
 * is not "already done" — it is written over with this run's name). Invariant 4: if the stored epoch
 * has moved past the run's, someone else changed authority since approval, and this run must not
 * write (the store would refuse a lower epoch anyway).
 */
export async function writeAuthority(ctx: StepContext, region: string, role: "fenced" | "primary"): Promise<StepOutcome> {
  const current = await ctx.provider.readAuthority(region, ctx.signal);
  const { epoch } = ctx.run;
  if (current.epoch > epoch) {
    throw new StepError("refused", `the authority flag in ${region} is at epoch ${current.epoch}, past this run's ${epoch}: authority changed since approval; propose again`);
  }
  if (current.role === role && current.epoch === epoch && current.updatedBy === writtenBy(ctx)) return { status: "skipped", detail: `already ${describe(current)}, written by this run` };
  const stored = await ctx.provider.writeAuthority(region, { role, epoch, updatedBy: writtenBy(ctx) }, ctx.signal);
  return { status: "succeeded", detail: `${describe(current)} → ${describe(stored)}` };
}

export async function writeAppRole(ctx: StepContext, region: string, role: "active" | "passive"): Promise<StepOutcome> {
  const current = await ctx.provider.readAppRole(region, ctx.signal);
  if (current.role === role) return { status: "skipped", detail: `already ${role}` };
  await ctx.provider.writeAppRole(region, role, ctx.signal);
  return { status: "succeeded", detail: `${current.role} → ${role}` };
}

/**
 * Failback's first step (invariant 4): a region back from an outage that still claims authority,
 * though Aurora no longer writes there, is fenced at the run's epoch and made passive before
 * anything else touches it.
 */
export async function fenceStaleClaim(ctx: StepContext, region: string): Promise<StepOutcome> {
  const [flag, aurora] = await Promise.all([ctx.provider.readAuthority(region, ctx.signal), ctx.provider.readAurora(region, ctx.signal)]);
  if (aurora.role === "writer") {
    throw new StepError("refused", `${region} is the Aurora writer; a failback to it makes no sense`);
  }
  if (flag.role !== "primary") return { status: "skipped", detail: `no stale claim: ${region} is ${describe(flag)}` };
  const fenced = await writeAuthority(ctx, region, "fenced");
  const role = await writeAppRole(ctx, region, "passive");
  return { status: "succeeded", detail: `stale claim (${describe(flag)}) fenced: ${fenced.detail}; app role ${role.detail}` };
}

function describe(flag: AuthorityView): string {
  return `${flag.role} at epoch ${flag.epoch}`;
}
