import "server-only";
import type { Runbook } from "@/lib/proposals";
import type { StepParams, StepSpec } from "./steps";

export interface RunbookTarget {
  runbook: Runbook;
  /** The region that owns writes now. */
  source: string;
  /** The region that will. */
  target: string;
  /** How an unplanned failover promotes: FailoverGlobalCluster, or RemoveFromGlobalCluster (config). */
  unplannedMethod: "failover" | "detach";
  /**
   * The monitor showed the source down when the run was approved: its best-effort fence is one
   * short attempt of this many ms (config runbooks.fenceDownRegionSeconds) instead of two of 10 s
   * against endpoints that hang. Null when the source answers.
   */
  sourceDownFenceMs: number | null;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function step(id: string, title: string, region: string, params: StepParams, limits: Partial<Pick<StepSpec, "bestEffort" | "maxAttempts" | "timeoutMs">> = {}): StepSpec {
  return { id, title, region, params, bestEffort: limits.bestEffort ?? false, maxAttempts: limits.maxAttempts ?? 3, timeoutMs: limits.timeoutMs ?? 30 * SECOND };
}

/**
 * The runbooks of docs/design.md, as ordered step lists. Every step reads the current state before it
 * acts and skips what is already true, so a resumed run (or a retried step) never repeats a
 * change. Invariant 3: the old writer is fenced before the new one is promoted. Invariant 5: the
 * new region's routing is turned On in the same call that turns the old region's Off, so no instant
 * has zero regions On.
 */
export function runbookSteps({ runbook, source, target, unplannedMethod, sourceDownFenceMs }: RunbookTarget): StepSpec[] {
  switch (runbook) {
    case "planned-failover":
      return planned(source, target);
    case "unplanned-failover":
      return unplanned(source, target, unplannedMethod, sourceDownFenceMs);
    case "restore-writes":
      return restore(source, target, sourceDownFenceMs);
    case "failback":
      return [
        // A region back from an outage may still claim authority at an old epoch: fence it before anything else.
        step("fence-stale-claim", `Fence any stale authority claim in ${target}`, target, { kind: "fence-stale-claim" }),
        step("wait-reprotected", `Re-protect: wait for replication into ${target} to be connected and within budget`, target, { kind: "wait-reprotected" }, { maxAttempts: 2, timeoutMs: 30 * MINUTE }),
        ...planned(source, target),
      ];
  }
}

function planned(s: string, t: string): StepSpec[] {
  return [
    step("preflight", `Preflight: ${s} and ${t} reachable, in sync, ${t} healthy`, t, { kind: "preflight", mode: "planned" }),
    step("fence-source-authority", `Fence ${s}: authority flag → fenced`, s, { kind: "write-authority", role: "fenced" }),
    step("source-passive", `Fence ${s}: app role → passive`, s, { kind: "write-app-role", role: "passive" }),
    step("wait-source-writes-off", `Wait for ${s} to stop accepting writes`, s, { kind: "wait-writes-off" }, { timeoutMs: 2 * MINUTE }),
    step("switchover", `Switch the Aurora global database over to ${t} (SwitchoverGlobalCluster)`, t, { kind: "switchover" }),
    step("wait-writer", `Wait until ${t} is the Aurora writer`, t, { kind: "wait-writer" }, { timeoutMs: 15 * MINUTE }),
    ...promote(s, t),
  ];
}

/**
 * How hard to try fencing a region that may not answer. Impaired: two attempts of 10 s each. Shown
 * down by the monitor: one short attempt — its endpoints hang, and every second spent waiting on
 * them is a second of outage (issue 15 §3).
 */
function fenceEffort(s: string, downFenceMs: number | null) {
  return downFenceMs === null
    ? { how: "best effort", limits: { bestEffort: true, maxAttempts: 2, timeoutMs: 10 * SECOND } }
    : { how: `best effort, one short attempt: the monitor shows ${s} down`, limits: { bestEffort: true, maxAttempts: 1, timeoutMs: downFenceMs } };
}

function unplanned(s: string, t: string, method: "failover" | "detach", downFenceMs: number | null): StepSpec[] {
  // S is impaired: fencing it is attempted briefly and recorded; the proposer acknowledged the risk.
  const fence = fenceEffort(s, downFenceMs);
  const call = method === "failover" ? "FailoverGlobalCluster with AllowDataLoss" : "RemoveFromGlobalCluster";
  return [
    step("preflight", `Preflight: ${t} reachable and healthy (${s} recorded as impaired)`, t, { kind: "preflight", mode: "unplanned" }),
    step("fence-source-authority", `Fence ${s} (${fence.how}): authority flag → fenced`, s, { kind: "write-authority", role: "fenced" }, fence.limits),
    step("source-passive", `Fence ${s} (${fence.how}): app role → passive`, s, { kind: "write-app-role", role: "passive" }, fence.limits),
    step("failover", `Promote ${t} (${call})`, t, { kind: "failover", method }),
    step("wait-writer", `Wait until ${t} is the Aurora writer`, t, { kind: "wait-writer" }, { timeoutMs: 15 * MINUTE }),
    ...promote(s, t),
  ];
}

/**
 * Restore writes (DESIGN "Runbooks"): the way back from a run that failed or was aborted half-way,
 * or from no region — or two — holding authority. `t` is the region that IS the Aurora writer; it
 * gets authority at a new epoch after the other region's claim is fenced (best effort: it may be
 * dark), then its app role and traffic. Aurora is not touched.
 */
function restore(s: string, t: string, downFenceMs: number | null): StepSpec[] {
  const fence = fenceEffort(s, downFenceMs);
  return [
    step("preflight", `Preflight: ${t} is the only Aurora writer and answers`, t, { kind: "preflight", mode: "restore" }),
    step("fence-source-authority", `Fence ${s} (${fence.how}): authority flag → fenced`, s, { kind: "write-authority", role: "fenced" }, fence.limits),
    step("source-passive", `Fence ${s} (${fence.how}): app role → passive`, s, { kind: "write-app-role", role: "passive" }, fence.limits),
    ...promote(s, t),
  ];
}

/** Shared tail: authority, app role, traffic (new On with old Off, in one call), then verification. */
function promote(s: string, t: string): StepSpec[] {
  return [
    step("promote-target-authority", `Promote ${t}: authority flag → primary`, t, { kind: "write-authority", role: "primary" }),
    step("target-active", `Promote ${t}: app role → active`, t, { kind: "write-app-role", role: "active" }),
    // One call (target On with source Off): ARC judges the combined result, and a second call would
    // fall inside the first one's safety-rule wait period. Retried through wait periods.
    step("routing", `Routing: ${t} On and ${s} Off (one UpdateRoutingControlStates call)`, t, { kind: "routing", on: t, off: s }, { timeoutMs: 2 * MINUTE }),
    step("verify-target", `Verify ${t} is healthy and accepts writes`, t, { kind: "verify-target" }, { timeoutMs: 3 * MINUTE }),
  ];
}
