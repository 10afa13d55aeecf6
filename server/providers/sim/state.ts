import type { AppRoleView, AuthorityView } from "@/lib/snapshot";
import type { Topology } from "./topology";

/**
 * The mutable part of the simulated world. Everything that changes with time alone (lag, checker
 * results, switchover progress) is computed from these records and the clock when read, so the
 * world needs no timers of its own and a manual clock drives it completely.
 */

/** An RDS SwitchoverGlobalCluster / FailoverGlobalCluster in flight (RDS FailoverState). */
export interface GlobalOperation {
  kind: "switchover" | "failover" | "detach";
  from: string;
  to: string;
  startedAt: number;
  /** DescribeGlobalClusters shows the operation (and its effect) only from here on: RDS's reads are eventually consistent. */
  visibleAt: number;
  /** Set when the operation was abandoned (a region went dark mid-switchover); RDS reports "cancelling". */
  cancelledAt: number | null;
  /** The world's operationTimeScale when it started (0 = finished by the next read). */
  timeScale: number;
}

/** Replication between the writer and the secondary stops while either region is dark. */
export interface ReplicationLink {
  down: { since: number; replicationLagMs: number; rpoLagMs: number } | null;
  /** What was left to replay when the link came back; drained at CATCH_UP_RATE. */
  backlog: { endedAt: number; replicationLagMs: number; rpoLagMs: number } | null;
}

export interface RoutingControlState {
  region: string;
  name: string;
  state: "On" | "Off";
}

export interface WorldState {
  /** The global cluster's writer. */
  writer: string;
  /** A region removed from the global cluster by RemoveFromGlobalCluster: a standalone cluster that takes writes. */
  detached: string | null;
  operation: GlobalOperation | null;
  /** After a failover with the old primary's region dark, RDS may keep reporting FailoverState until that region is back. */
  lingering: { from: string; to: string } | null;
  /** The global cluster reports "modifying" until then, after the writer moved. */
  modifyingUntil: number | null;
  /** Per safety rule ARN: when a control it covers last changed (its wait period runs from there). */
  ruleChangedAt: Map<string, number>;
  link: ReplicationLink;
  /** After a failover with data loss, Aurora rebuilds the old primary as a secondary once it is reachable. */
  rebuild: { region: string; since: number; /** REBUILD_MS scaled by the operation's timeScale. */ durationMs: number } | null;
  lastFailover: { at: number; from: string; to: string; estimatedDataLossMs: number | null } | null;
  authority: Map<string, AuthorityView>;
  appRoles: Map<string, AppRoleView["role"]>;
  /** Keyed by routing control ARN. */
  routing: Map<string, RoutingControlState>;
}

export const BOOTSTRAP_IDENTITY = "sim:bootstrap";

export function initialState(topology: Topology, nowIso: string): WorldState {
  const [primary, secondary] = topology.regions;
  const routing = new Map<string, RoutingControlState>();
  for (const region of topology.regions) {
    for (const control of region.routingControls) {
      routing.set(control.arn, { region: region.id, name: control.name, state: region.id === primary.id ? "On" : "Off" });
    }
  }
  return {
    writer: primary.id,
    detached: null,
    operation: null,
    lingering: null,
    modifyingUntil: null,
    ruleChangedAt: new Map(),
    link: { down: null, backlog: null },
    rebuild: null,
    lastFailover: null,
    authority: new Map([
      [primary.id, { role: "primary", epoch: 1, updatedAt: nowIso, updatedBy: BOOTSTRAP_IDENTITY }],
      [secondary.id, { role: "standby", epoch: 1, updatedAt: nowIso, updatedBy: BOOTSTRAP_IDENTITY }],
    ]),
    appRoles: new Map([
      [primary.id, "active"],
      [secondary.id, "passive"],
    ]),
    routing,
  };
}
