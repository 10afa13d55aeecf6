import "server-only";
import type { PlanResult, PlanTrigger } from "@/lib/plan";
import type { Clock } from "@/server/clock";
import type { ConsoleConfig } from "@/server/config";
import type { RegionProvider } from "@/server/providers/port";
import { runPlans, type CheckRow } from "@/server/tools/run-checks";
import { fixFor } from "./fixes";
import { simPlans } from "./sim-checks";

/** What the checks run against: the console's own config, provider and clock. */
export interface PlanTarget {
  config: ConsoleConfig;
  provider: RegionProvider;
  clock: Clock;
}

/**
 * The doctor's checks, inside the console. Against AWS: the doctor itself (`npm run doctor`'s
 * code, with its own clients, read-only). Against the simulated world: the same checks through
 * the provider port the world implements (sim-checks.ts), so a drill fault that breaks a
 * prerequisite fails its check.
 */
export async function runPlanChecks(target: PlanTarget, elapsed: () => number): Promise<CheckRow[]> {
  const { config, provider, clock } = target;
  if (config.mode === "sim") return runPlans(simPlans(config, provider), elapsed);
  // Loaded in aws mode only, like the provider: the SDK clients are not needed in sim mode.
  const { doctor } = await import("@/server/tools/doctor");
  return (await doctor(config, "console config", { clock, elapsed })).rows;
}

export function summarise(rows: readonly CheckRow[], run: { evaluatedAt: Date; durationMs: number; trigger: PlanTrigger; requestedBy: string | null }): PlanResult {
  const failing = rows.filter((r) => r.result === "FAIL");
  return {
    // A warning is a check that ran and passed with something to look at (the doctor's exit code stays 0).
    passed: rows.length - failing.length,
    total: rows.length,
    warned: rows.filter((r) => r.result === "WARN").length,
    evaluatedAt: run.evaluatedAt.toISOString(),
    durationMs: Math.max(0, Math.round(run.durationMs)),
    trigger: run.trigger,
    requestedBy: run.requestedBy,
    failing: failing.map((r) => ({ region: r.region, service: r.service, check: r.check, detail: r.detail, fix: fixFor(r) })),
  };
}
