import type { AuroraView } from "@/lib/snapshot";
import { type WorldCore } from "./core";
import { WriteRejectedError } from "./errors";
import { REBUILD_MS, rebuildDoneAt, replicationInto } from "./replication";
import type { GlobalOperation } from "./state";

/**
 * The Aurora global database: DescribeGlobalClusters as seen from one region, and the calls that
 * move the writer, after the Aurora User Guide ("Using switchover or failover in an Aurora global
 * database", "Performing switchovers", "Performing managed failovers", "Recovering an Aurora
 * global database from an unplanned outage") and the RDS API reference:
 * - SwitchoverGlobalCluster is called in the region of the current primary; FailoverGlobalCluster
 *   with AllowDataLoss in the region of the secondary being promoted (it works with the primary
 *   dark); RemoveFromGlobalCluster in the region of the cluster being detached.
 * - All three are asynchronous. The call returns at once; FailoverState goes "pending" while RDS
 *   verifies the clusters, then "switching-over" / "failing-over", and the global cluster's Status
 *   follows (then "modifying" briefly, then "available"). DescribeGlobalClusters is eventually
 *   consistent: for `visibilityDelayMs` after the call it still shows the old state.
 * - If a region goes dark mid-switchover RDS reports "cancelling" and the clusters keep their roles.
 * - After a failover with the old primary's region dark, the target is writer and the cluster
 *   available while FailoverState may linger; "as soon as that Region is healthy" Aurora adds the
 *   old primary back as a secondary and resynchronises it (REBUILD_MS, minutes).
 * - A detached cluster is a standalone writer; detaching does not fence the old primary, which
 *   stays the global cluster's writer and takes writes again when its region returns.
 * The sim advances all this lazily from the clock (see settle), so no timers run.
 */

export const OPERATION_TIMINGS = {
  // A planned switchover waits for the secondary to be fully synchronised, then demotes and promotes.
  switchover: { pendingMs: 5_000, runningMs: 20_000, running: "switching-over" },
  // An unplanned failover skips the old primary; promotion alone is quicker.
  failover: { pendingMs: 3_000, runningMs: 12_000, running: "failing-over" },
  // RemoveFromGlobalCluster: the global cluster is "modifying" while the member leaves; no FailoverState.
  detach: { pendingMs: 0, runningMs: 10_000, running: "modifying" },
} as const;
export const CANCEL_MS = 5_000;
/** How long the global cluster reports "modifying" after the writer moved. */
export const MODIFYING_MS = 5_000;

/** When the operation's effect is in place and visible (scaled durations, never before it is visible at all). */
export function operationEndsAt(op: GlobalOperation): number {
  const timing = OPERATION_TIMINGS[op.kind];
  return Math.max(op.startedAt + (timing.pendingMs + timing.runningMs) * op.timeScale, op.visibleAt);
}

/** FailoverState.Status at `t` (the operation is assumed unsettled, i.e. still in flight). */
function operationStatus(op: GlobalOperation, t: number): string {
  if (op.cancelledAt !== null) return "cancelling";
  return t < op.startedAt + OPERATION_TIMINGS[op.kind].pendingMs * op.timeScale ? "pending" : OPERATION_TIMINGS[op.kind].running;
}

/** Applies whatever finished by `t`. Effects are dated at the operation's own end, not at `t`. */
export function settle(core: WorldCore, t: number): void {
  const { state, faults } = core;
  // FailoverState lingers only while the old primary's region is dark.
  if (state.lingering !== null && !faults.isActive(state.lingering.from, "region-outage")) state.lingering = null;
  const op = state.operation;
  if (op === null) return;
  if (op.cancelledAt !== null) {
    if (t >= op.cancelledAt + CANCEL_MS * op.timeScale) state.operation = null;
    return;
  }
  const endsAt = operationEndsAt(op);
  if (t < endsAt) return;
  state.operation = null;
  state.modifyingUntil = endsAt + MODIFYING_MS * op.timeScale;
  // The backlog belonged to the old direction of replication (or to a member that left).
  state.link.backlog = null;
  if (op.kind === "detach") {
    state.detached = op.to;
    return;
  }
  state.writer = op.to;
  // After a failover Aurora rebuilds the old primary as a secondary (once it is reachable); a
  // switchover leaves it connected, since it only completes once the two are in sync.
  state.rebuild = op.kind === "failover" ? { region: op.from, since: endsAt, durationMs: REBUILD_MS * op.timeScale } : null;
  if (op.kind === "failover" && faults.isActive(op.from, "region-outage")) state.lingering = { from: op.from, to: op.to };
}

/** A region going dark mid-switchover makes RDS abandon it; a failover or detach only cares about its target. */
export function cancelOnOutage(core: WorldCore, region: string, t: number): void {
  const op = core.state.operation;
  if (op === null || op.cancelledAt !== null) return;
  if (op.kind === "switchover" || region === op.to) op.cancelledAt = t;
}

/** The operation as DescribeGlobalClusters shows it at `t`: not yet, while RDS's reads lag behind the call. */
function visibleOperation(core: WorldCore, t: number): GlobalOperation | null {
  const op = core.state.operation;
  return op !== null && t >= op.visibleAt ? op : null;
}

function globalStatus(core: WorldCore, t: number): string {
  const op = visibleOperation(core, t);
  if (op !== null) return op.cancelledAt !== null ? "modifying" : OPERATION_TIMINGS[op.kind].running;
  const until = core.state.modifyingUntil;
  return until !== null && t < until ? "modifying" : "available";
}

function failoverState(core: WorldCore, t: number): AuroraView["failover"] {
  const op = visibleOperation(core, t);
  if (op !== null && op.kind !== "detach") return { status: operationStatus(op, t), fromRegion: op.from, toRegion: op.to, dataLossAllowed: op.kind === "failover" };
  const lingering = core.state.lingering;
  return lingering === null ? null : { status: "failing-over", fromRegion: lingering.from, toRegion: lingering.to, dataLossAllowed: true };
}

export function auroraView(core: WorldCore, region: string, t: number): AuroraView {
  const { state, topology } = core;
  return {
    globalClusterId: topology.globalClusterId,
    role: region === state.detached ? "detached" : region === state.writer ? "writer" : "reader",
    status: globalStatus(core, t),
    members: topology.regions
      .filter((member) => member.id !== state.detached)
      .map((member) => ({
        region: member.id,
        clusterArn: member.clusterArn,
        isWriter: member.id === state.writer,
        synchronizationStatus: replicationInto(core, member.id, t).sync,
      })),
    failover: failoverState(core, t),
  };
}

function refuse(code: string, region: string, message: string): never {
  throw new WriteRejectedError(code, "rds", region, message);
}

export interface OperationCall {
  kind: GlobalOperation["kind"];
  target: string;
  /** The region whose RDS endpoint received the call. */
  callRegion: string;
  t: number;
  timeScale: number;
  visibilityDelayMs: number;
}

/** Validates and records a SwitchoverGlobalCluster / FailoverGlobalCluster(AllowDataLoss) / RemoveFromGlobalCluster call. */
export function startOperation(core: WorldCore, { kind, target, callRegion, t, timeScale, visibilityDelayMs }: OperationCall): void {
  const { state, topology, faults } = core;
  const id = topology.globalClusterId;
  const state409 = (message: string) => refuse("InvalidGlobalClusterStateFault", callRegion, message);
  // Where each call is made (Aurora User Guide): switchover in the primary's region, the others in the target's.
  const where = kind === "switchover" ? state.writer : target;
  if (callRegion !== where) {
    refuse("InvalidParameterCombination", callRegion, `${kind === "switchover" ? "SwitchoverGlobalCluster" : kind === "failover" ? "FailoverGlobalCluster" : "RemoveFromGlobalCluster"} for ${id} must be called in ${where}, not ${callRegion}`);
  }
  if (state.operation !== null) state409(`global cluster ${id} already has a ${state.operation.kind} in progress`);
  if (target === state.detached) refuse("DBClusterNotFoundFault", callRegion, `the cluster in ${target} is not a member of ${id} (it was removed from it)`);
  if (target === state.writer) state409(`the cluster in ${target} is already the primary of ${id}`);
  const sync = replicationInto(core, target, t).sync;
  if (kind === "switchover") {
    // A switchover demotes the old primary through its own control plane and waits for sync.
    if (faults.isActive(state.writer, "region-outage") || faults.isActive(state.writer, "control-plane-outage")) {
      state409(`the primary cluster in ${state.writer} cannot be reached; a switchover needs both regions (fail over with data loss instead)`);
    }
    if (sync !== "connected") state409(`the secondary in ${target} is ${sync ?? "not a secondary"}, a switchover needs it connected`);
  } else if (state.rebuild?.region === target && t < (rebuildDoneAt(core) ?? Infinity)) {
    state409(`the cluster in ${target} is still being rebuilt as a secondary and holds no complete copy`);
  }
  state.operation = { kind, from: state.writer, to: target, startedAt: t, visibleAt: t + visibilityDelayMs, cancelledAt: null, timeScale };
  if (kind !== "switchover") {
    // What the secondary had not yet received is what the failover throws away: the RPO lag now.
    state.lastFailover = { at: t, from: state.writer, to: target, estimatedDataLossMs: replicationInto(core, target, t).lag.rpoLagMs };
  }
}
