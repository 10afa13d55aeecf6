import "server-only";
import type { StepOutcome, StepSpec } from "../steps";
import { failover, switchover, waitReprotected, waitWriter } from "./aurora";
import type { StepContext } from "./context";
import { preflight } from "./preflight";
import { switchRouting } from "./routing";
import { verifyTarget, waitWritesOff } from "./verify";
import { fenceStaleClaim, writeAppRole, writeAuthority } from "./writes";

export { Paused, classify, type StepContext } from "./context";

/** Runs one attempt of a step. Every action reads the current state first and skips what is already true. */
export function runAction(ctx: StepContext, step: StepSpec): Promise<StepOutcome> {
  const p = step.params;
  switch (p.kind) {
    case "preflight":
      return preflight(ctx, p.mode);
    case "fence-stale-claim":
      return fenceStaleClaim(ctx, step.region);
    case "write-authority":
      return writeAuthority(ctx, step.region, p.role);
    case "write-app-role":
      return writeAppRole(ctx, step.region, p.role);
    case "wait-writes-off":
      return waitWritesOff(ctx, step.region);
    case "switchover":
      return switchover(ctx);
    case "failover":
      return failover(ctx, p.method);
    case "wait-writer":
      return waitWriter(ctx);
    case "routing":
      return switchRouting(ctx, p.on, p.off);
    case "verify-target":
      return verifyTarget(ctx);
    case "wait-reprotected":
      return waitReprotected(ctx);
  }
}
