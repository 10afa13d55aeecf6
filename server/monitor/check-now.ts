import "server-only";
import type { ReadinessChecklist } from "@/lib/findings";
import type { RegionState } from "@/lib/snapshot";
import type { Clock } from "@/server/clock";
import type { RegionReader } from "@/server/providers/port";
import { regionFacts } from "./facts";
import { regionState } from "./monitor";
import { RegionPoller } from "./poller";
import { readinessChecklists } from "./readiness";

export interface CheckNowDeps {
  provider: RegionReader;
  clock: Clock;
  regions: readonly [{ id: string; partition: string }, { id: string; partition: string }];
  /** Per call, as for the pollers: a dark region costs this much. */
  callTimeoutMs: number;
  /** monitor.slowCallMs; without it no answer inside the timeout counts as slow (readiness does not weigh speed). */
  slowCallMs?: number;
  lagBudgetMs: number;
}

export interface WorldNow {
  regions: [RegionState, RegionState];
  readiness: ReadinessChecklist[];
}

/**
 * Reads both regions now — not the cached snapshot — and derives the same readiness checklists the
 * dashboard shows, so the runbook's preflight and the evidence the approver saw apply one rule.
 * Every read runs under its own timeout; a read that failed leaves its facts unknown.
 */
export async function checkNow(deps: CheckNowDeps): Promise<WorldNow> {
  const options = { cadenceMs: deps.callTimeoutMs, timeoutMs: deps.callTimeoutMs, slowCallMs: deps.slowCallMs ?? deps.callTimeoutMs };
  const pollers = deps.regions.map((r) => new RegionPoller(r.id, deps.provider, deps.clock, options, () => undefined));
  await Promise.all(pollers.map((p) => p.pollOnce()));
  const now = deps.clock.now();
  const regions = pollers.map((p, i) => regionState(p, deps.regions[i]?.partition ?? "aws", now, options.cadenceMs)) as [RegionState, RegionState];
  return { regions, readiness: readinessChecklists([regionFacts(regions[0]), regionFacts(regions[1])], deps.lagBudgetMs) };
}
