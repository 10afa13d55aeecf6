import "server-only";
import type { Runbook } from "@/lib/proposals";
import type { Snapshot } from "@/lib/snapshot";
import type { Clock } from "@/server/clock";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import type { Db } from "@/server/db";
import { regionFacts } from "@/server/monitor/facts";
import { regionDown } from "@/server/monitor/findings-region";
import { runbookSteps } from "./definitions";
import { blockingFailures, checklistFor, describeChecks } from "./preconditions";
import { insertRun, type RunRow } from "./store";

/** What an approval needs to start a run: how to promote, the epoch floor, and the approval-time re-check. */
export interface RunPlan {
  /** Unplanned failover: FailoverGlobalCluster, or RemoveFromGlobalCluster (config globalCluster.unplannedMode). */
  unplannedMethod: "failover" | "detach";
  /** The highest authority epoch the console has seen in either region (the run writes above it). */
  knownEpoch: number;
  /** Re-checks the preconditions against the console's current view: why the approval is void, or null. */
  recheck(proposal: { runbook: Runbook; targetRegion: string }): string | null;
  /** Regions the monitor shows down (health checks failing, readiness not answering) at approval. */
  downRegions: readonly string[];
  /** How long the one attempt to fence a region shown down may take (config runbooks.fenceDownRegionSeconds). */
  fenceDownRegionMs: number;
}

/** The plan from the monitor's current snapshot: its readiness checklists, its authority epochs, the regions it shows down. */
export function planFromSnapshot(snapshot: Pick<Snapshot, "regions" | "readiness">, unplannedMethod: RunPlan["unplannedMethod"], fenceDownRegionMs: number): RunPlan {
  const epochs = snapshot.regions.map((r) => r.authority.value?.epoch ?? 0);
  return {
    unplannedMethod,
    downRegions: snapshot.regions.filter((r) => regionDown(regionFacts(r))).map((r) => r.id),
    fenceDownRegionMs,
    knownEpoch: Math.max(0, ...epochs),
    recheck: ({ runbook, targetRegion }) => {
      const checklist = checklistFor(snapshot.readiness, runbook, targetRegion);
      if (!checklist) return null;
      const blocking = blockingFailures(checklist);
      return blocking.length > 0 ? `preconditions no longer hold: ${describeChecks(blocking)}` : null;
    },
  };
}

export interface StartArgs {
  proposal: { id: string; runbook: Runbook; sourceRegion: string; targetRegion: string };
  plan: RunPlan;
  approver: { id: string; name: string };
}

/** Stores the run (all steps pending) and audits its start, inside the approval's transaction. */
export async function startRun(tx: Db, clock: Clock, { proposal, plan, approver }: StartArgs): Promise<RunRow> {
  const steps = runbookSteps({
    runbook: proposal.runbook,
    source: proposal.sourceRegion,
    target: proposal.targetRegion,
    unplannedMethod: plan.unplannedMethod,
    sourceDownFenceMs: plan.downRegions.includes(proposal.sourceRegion) ? plan.fenceDownRegionMs : null,
  });
  const run = await insertRun(tx, {
    proposalId: proposal.id,
    runbook: proposal.runbook,
    sourceRegion: proposal.sourceRegion,
    targetRegion: proposal.targetRegion,
    knownEpoch: plan.knownEpoch,
    steps,
    at: clock.now(),
  });
  await appendAudit(tx, clock, {
    actor: approver.id,
    actorName: approver.name,
    action: AUDIT_ACTIONS.runStarted,
    payload: {
      runId: run.id,
      proposalId: proposal.id,
      runbook: proposal.runbook,
      sourceRegion: proposal.sourceRegion,
      targetRegion: proposal.targetRegion,
      epoch: run.epoch,
      steps: steps.map((s) => s.id),
    },
  });
  return run;
}
