import type { AuroraView } from "@/lib/snapshot";
import { type WorldCore } from "./core";
import { WriteRejectedError } from "./errors";
import { REBUILD_MS, rebuildDoneAt, replicationInto } from "./replication";
import type { GlobalOperation } from "./state";

/**
 * The Aurora global database: DescribeGlobalClusters as seen from one region, and the two
 * operations that move the writer. Both are asynchronous in RDS: the call returns at once with
 * FailoverState "pending" while RDS verifies the two clusters, then "switching-over" (planned) or
 * "failing-over" (unplanned), and FailoverState disappears when the new writer is in place. If a
 * region goes dark mid-switchover RDS reports "cancelling" and the clusters return to their
 * previous roles. The sim advances all this lazily from the clock (see settle), so no timers run.
 */

export const OPERATION_TIMINGS = {
  // A planned switchover waits for the secondary to be fully synchronised, then demotes and promotes.
  switchover: { pendingMs: 5_000, runningMs: 20_000, running: "switching-over" },
  // An unplanned failover skips the old primary; promotion alone is quicker.
  failover: { pendingMs: 3_000, runningMs: 12_000, running: "failing-over" },
} as const;
export const CANCEL_MS = 5_000;

export function operationEndsAt(op: GlobalOperation): number {
  const timing = OPERATION_TIMINGS[op.kind];
  return op.startedAt + (timing.pendingMs + timing.runningMs) * op.timeScale;
}

/** FailoverState.Status at `t` (the operation is assumed unsettled, i.e. still in flight). */
function operationStatus(op: GlobalOperation, t: number): string {
  if (op.cancelledAt !== null) return "cancelling";
  return t < op.startedAt + OPERATION_TIMINGS[op.kind].pendingMs * op.timeScale ? "pending" : OPERATION_TIMINGS[op.kind].running;
}

/** Applies whatever finished by `t`. Effects are dated at the operation's own end, not at `t`. */
export function settle(core: WorldCore, t: number): void {
  const { state } = core;
  const op = state.operation;
  if (op === null) return;
  if (op.cancelledAt !== null) {
    if (t >= op.cancelledAt + CANCEL_MS * op.timeScale) state.operation = null;
    return;
  }
  const endsAt = operationEndsAt(op);
  if (t < endsAt) return;
  state.operation = null;
  state.writer = op.to;
  // The backlog belonged to the old direction of replication.
  state.link.backlog = null;
  // After a failover Aurora rebuilds the old primary as a secondary (once it is reachable); a
  // switchover leaves it connected, since it only completes once the two are in sync.
  state.rebuild = op.kind === "failover" ? { region: op.from, since: endsAt, durationMs: REBUILD_MS * op.timeScale } : null;
}

/** A region going dark mid-switchover makes RDS abandon it; a failover only cares about its target. */
export function cancelOnOutage(core: WorldCore, region: string, t: number): void {
  const op = core.state.operation;
  if (op === null || op.cancelledAt !== null) return;
  if (op.kind === "switchover" || region === op.to) op.cancelledAt = t;
}

export function auroraView(core: WorldCore, region: string, t: number): AuroraView {
  const { state, topology } = core;
  const op = state.operation;
  return {
    globalClusterId: topology.globalClusterId,
    role: region === state.writer ? "writer" : "reader",
    // The global cluster's own Status follows the operation while one runs.
    status: op === null ? "available" : OPERATION_TIMINGS[op.kind].running,
    members: topology.regions.map((member) => ({
      region: member.id,
      clusterArn: member.clusterArn,
      isWriter: member.id === state.writer,
      synchronizationStatus: replicationInto(core, member.id, t).sync,
    })),
    failover:
      op === null ? null : { status: operationStatus(op, t), fromRegion: op.from, toRegion: op.to, dataLossAllowed: op.kind === "failover" },
  };
}

function refuse(target: string, message: string): never {
  throw new WriteRejectedError("InvalidGlobalClusterStateFault", "rds", target, message);
}

/** Validates and records a SwitchoverGlobalCluster / FailoverGlobalCluster(AllowDataLoss) call made in `target`'s region. */
export function startOperation(core: WorldCore, kind: GlobalOperation["kind"], target: string, t: number, timeScale = 1): void {
  const { state, topology, faults } = core;
  const id = topology.globalClusterId;
  if (state.operation !== null) refuse(target, `global cluster ${id} already has a ${state.operation.kind} in progress`);
  if (target === state.writer) refuse(target, `the cluster in ${target} is already the primary of ${id}`);
  const sync = replicationInto(core, target, t).sync;
  if (kind === "switchover") {
    // A switchover demotes the old primary through its own control plane and waits for sync.
    if (faults.isActive(state.writer, "region-outage") || faults.isActive(state.writer, "control-plane-outage")) {
      refuse(target, `the primary cluster in ${state.writer} cannot be reached; a switchover needs both regions (fail over with data loss instead)`);
    }
    if (sync !== "connected") refuse(target, `the secondary in ${target} is ${sync ?? "not a secondary"}, a switchover needs it connected`);
  } else if (state.rebuild?.region === target && t < (rebuildDoneAt(core) ?? Infinity)) {
    refuse(target, `the cluster in ${target} is still being rebuilt as a secondary and holds no complete copy`);
  }
  state.operation = { kind, from: state.writer, to: target, startedAt: t, cancelledAt: null, timeScale };
  if (kind === "failover") {
    // What the secondary had not yet received is what the failover throws away: the RPO lag now.
    state.lastFailover = { at: t, from: state.writer, to: target, estimatedDataLossMs: replicationInto(core, target, t).lag.rpoLagMs };
  }
}
