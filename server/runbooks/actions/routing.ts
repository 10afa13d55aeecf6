import "server-only";
import type { RoutingControlView } from "@/lib/snapshot";
import { ProviderError, WriteRejectedError, type RoutingUpdate, type SafetyRuleView } from "@/server/providers";
import { StepError, type StepOutcome } from "../steps";
import type { StepContext } from "./context";

/** When ARC lists no rule for the controls (or the rules cannot be read): ARC's default wait period. */
const DEFAULT_WAIT_PERIOD_MS = 5_000;
/** A little past the longest wait period before giving up, for clocks that disagree by a beat. */
const WAIT_MARGIN_MS = 1_000;
/** Between tries inside a wait period. */
const CONFLICT_RETRY_MS = 1_000;

/**
 * Moves traffic: `on`'s routing controls On and `off`'s Off in ONE UpdateRoutingControlStates
 * call, so ARC judges the combined result against its safety rules (an "at least one On" rule
 * passes a swap that either change alone might not). Invariant 5 is the console's own: the call is
 * only made when it leaves `on` with a control On.
 *
 * Every ARC safety rule has a wait period (WaitPeriodMs, 5 s by default) during which any request
 * against its controls fails with ConflictException ("There was a conflict with this request. Try
 * again.") — one may still be running from the runbook's earlier change or someone else's. So a
 * ConflictException is retried until the longest wait period of the rules covering these controls
 * has passed since the first conflict; one that persists past it is a rule this change breaks, and
 * is refused naming it. Throttling is waited out for as long as ARC's retryAfterSeconds says.
 * Each try re-reads the states first, so a change that went through (its answer lost) is not sent again.
 */
export async function switchRouting(ctx: StepContext, on: string, off: string): Promise<StepOutcome> {
  let rules: SafetyRuleView[] | null = null;
  let firstConflict: number | null = null;
  let tries = 0;
  for (;;) {
    const [onControls, offControls] = await Promise.all([ctx.provider.readRoutingControls(on, ctx.signal), ctx.provider.readRoutingControls(off, ctx.signal)]);
    if (onControls.length === 0) throw new StepError("refused", `no routing controls configured for ${on}: turning ${off} Off would leave no region On`);
    const updates: RoutingUpdate[] = [...pending(onControls, "On"), ...pending(offControls, "Off")];
    if (updates.length === 0) {
      const state = `${on} On (${names(onControls)}), ${off} Off (${names(offControls) || "no controls"})`;
      return tries === 0 ? { status: "skipped", detail: `already ${state}` } : { status: "succeeded", detail: `${state} after ${tries} tr${tries === 1 ? "y" : "ies"}` };
    }
    tries += 1;
    try {
      await ctx.provider.updateRoutingControls(updates, ctx.signal);
      continue; // re-read: the next loop confirms and reports
    } catch (err) {
      if (err instanceof ProviderError && err.kind === "throttled" && err.retryAfterMs !== null) {
        await ctx.progress(`ARC throttled the update; retrying after ${err.retryAfterMs} ms as it asked`);
        await pause(ctx, err.retryAfterMs);
        continue;
      }
      if (!(err instanceof WriteRejectedError) || err.code !== "ConflictException") throw err;
      rules ??= await ctx.provider.readSafetyRules(ctx.signal).catch(() => []);
      const arns = new Set(updates.map((u) => u.arn));
      const covering = rules.filter((rule) => rule.controls.some((arn) => arns.has(arn)));
      const longest = covering.length > 0 ? Math.max(...covering.map((r) => r.waitPeriodMs)) : DEFAULT_WAIT_PERIOD_MS;
      const now = ctx.clock.now().getTime();
      firstConflict ??= now;
      const ruleNames = covering.map((r) => `"${r.name}"`).join(", ") || "no listed rule";
      if (now - firstConflict >= longest + WAIT_MARGIN_MS) {
        throw new StepError("refused", `ARC still refuses after the longest wait period (${longest} ms) of the safety rules covering these controls (${ruleNames}) has passed: ${err.message}`, { cause: err });
      }
      await ctx.progress(`ARC conflict (a safety rule's wait period, up to ${longest} ms: ${ruleNames}); retrying: ${err.message}`);
      await pause(ctx, CONFLICT_RETRY_MS);
    }
  }
}

function pending(controls: readonly RoutingControlView[], state: "On" | "Off"): RoutingUpdate[] {
  return controls.filter((c) => c.state !== state).map((c) => ({ arn: c.arn, state }));
}

function names(controls: readonly RoutingControlView[]): string {
  return controls.map((c) => c.name).join(", ");
}

async function pause(ctx: StepContext, ms: number): Promise<void> {
  try {
    await ctx.clock.sleep(ms, ctx.signal);
  } catch {
    throw new StepError("retryable", `gave up while waiting to retry the routing change (${ms} ms)`);
  }
}
