import { z } from "zod";
import { Finding, ReadinessChecklist } from "./findings";
import { PlanStatus } from "./plan";

/**
 * The single pane's data: what the monitor serves at GET /api/state and pushes on /api/stream.
 * Shared by the server (which builds and validates it) and the browser (which renders it).
 */

const Timestamp = z.iso.datetime({ offset: true });

/** How fresh a fact is. Unknown is never healthy (DESIGN principle 5, invariant 7). */
export const SignalStatus = z.enum(["ok", "error", "stale", "unknown"]);
export type SignalStatus = z.infer<typeof SignalStatus>;

/**
 * One observed fact with its age and origin.
 * - ok: the last read succeeded within 3 cadences;
 * - error: the last read failed, but the value shown is still under 3 cadences old;
 * - stale: the newest value is 3–10 cadences old;
 * - unknown: no value, or the newest is over 10 cadences old.
 */
export function Signal<T extends z.ZodType>(value: T) {
  const base = { source: z.string(), observedAt: Timestamp.nullable(), ageMs: z.number().nullable() };
  return z.discriminatedUnion("status", [
    z.object({ status: z.literal("ok"), value, ...base }),
    z.object({ status: z.literal("error"), value, error: z.string(), ...base }),
    z.object({ status: z.literal("stale"), value, error: z.string().nullable(), ...base }),
    z.object({ status: z.literal("unknown"), value: z.null(), error: z.string().nullable(), ...base }),
  ]);
}
export type Signal<T> =
  | { status: "ok"; value: T; source: string; observedAt: string | null; ageMs: number | null }
  | { status: "error"; value: T; error: string; source: string; observedAt: string | null; ageMs: number | null }
  | { status: "stale"; value: T; error: string | null; source: string; observedAt: string | null; ageMs: number | null }
  | { status: "unknown"; value: null; error: string | null; source: string; observedAt: string | null; ageMs: number | null };

/** Aurora global database as seen from one region's RDS API. */
export const AuroraView = z.object({
  globalClusterId: z.string(),
  /** This region's cluster: the writer, a reader (secondary), detached from the global cluster, or not a member. */
  role: z.enum(["writer", "reader", "detached", "absent"]),
  status: z.string(),
  members: z.array(
    z.object({ region: z.string(), clusterArn: z.string(), isWriter: z.boolean(), synchronizationStatus: z.string().nullable() }),
  ),
  /** Present while a switchover or failover is in progress (RDS FailoverState). */
  failover: z
    .object({ status: z.string(), fromRegion: z.string().nullable(), toRegion: z.string().nullable(), dataLossAllowed: z.boolean() })
    .nullable(),
});
export type AuroraView = z.infer<typeof AuroraView>;

/** Replication into this region (CloudWatch, read in the secondary's region); null when not applicable. */
export const LagView = z.object({
  replicationLagMs: z.number().nonnegative().nullable(),
  rpoLagMs: z.number().nonnegative().nullable(),
  /**
   * When CloudWatch took the newest datapoint behind these values (its own timestamp, never the
   * time of the read): lag is published once a minute, so a value can be up to a minute old when
   * read. Null when there is no datapoint.
   */
  datapointAt: Timestamp.nullable(),
  /**
   * Set when no lag metric had a datapoint: what was missing, in words ("CloudWatch
   * AuroraGlobalDBReplicationLag (…) has no datapoint in the last 5 minutes"). Normal in the
   * primary's region; into a secondary it makes the lag unknown (server/monitor/signal.ts).
   */
  noDatapoint: z.string().optional(),
});
export type LagView = z.infer<typeof LagView>;

export const HealthCheckView = z.object({
  id: z.string(),
  name: z.string(),
  /** Route 53's rule: healthy when more than 18% of checker observations report success. */
  healthy: z.boolean(),
  checkers: z.array(z.object({ location: z.string(), ok: z.boolean(), reportedAt: Timestamp.nullable(), detail: z.string() })),
});
export type HealthCheckView = z.infer<typeof HealthCheckView>;

export const RoutingControlView = z.object({ arn: z.string(), name: z.string(), state: z.enum(["On", "Off"]) });
export type RoutingControlView = z.infer<typeof RoutingControlView>;

/** The authority flag: which region owns writes, at which epoch. Epochs only go up. */
export const AuthorityView = z.object({
  role: z.enum(["primary", "fenced", "standby"]),
  epoch: z.number().int().nonnegative(),
  updatedAt: Timestamp.nullable(),
  updatedBy: z.string().nullable(),
});
export type AuthorityView = z.infer<typeof AuthorityView>;

export const AppRoleView = z.object({ role: z.enum(["active", "passive"]) });
export type AppRoleView = z.infer<typeof AppRoleView>;

/** The console's own probe of the region's readiness endpoint — deep health, not Route 53's. */
export const ReadinessProbeView = z.object({
  httpStatus: z.number().int(),
  writable: z.boolean(),
  schemaVersion: z.string().nullable(),
  authorisedForWrites: z.boolean(),
});
export type ReadinessProbeView = z.infer<typeof ReadinessProbeView>;

export const SERVICES = ["rds", "cloudwatch", "route53", "arc", "authority", "appRole", "readiness"] as const;
export const Service = z.enum(SERVICES);
export type Service = z.infer<typeof Service>;

/**
 * Per region and service: did the last API call answer, how fast, and with what error.
 * - ok: it answered within monitor.slowCallMs;
 * - degraded: it answered, slower than that (a control plane in trouble often slows before it fails);
 * - impaired: it failed (timeout, throttling, 5xx, network, access denied, an answer that is not AWS's);
 * - misconfigured: it answered that the configured resource does not exist — the API works, the config is wrong;
 * - unknown: not called yet.
 */
export const ControlPlaneStatus = z.object({
  service: Service,
  status: z.enum(["ok", "degraded", "impaired", "misconfigured", "unknown"]),
  latencyMs: z.number().nullable(),
  error: z.string().nullable(),
  at: Timestamp.nullable(),
});
export type ControlPlaneStatus = z.infer<typeof ControlPlaneStatus>;

export const RegionState = z.object({
  id: z.string(),
  partition: z.string(),
  aurora: Signal(AuroraView),
  lag: Signal(LagView),
  healthChecks: Signal(z.array(HealthCheckView)),
  routingControls: Signal(z.array(RoutingControlView)),
  authority: Signal(AuthorityView),
  appRole: Signal(AppRoleView),
  readiness: Signal(ReadinessProbeView),
  controlPlane: z.array(ControlPlaneStatus),
});
export type RegionState = z.infer<typeof RegionState>;

// "split-brain" is a drill aid: the region also claims authority and accepts writes, to rehearse the critical banner.
export const FAULTS = ["region-outage", "control-plane-outage", "lag-spike", "lying-health-check", "throttling", "split-brain"] as const;
export const FaultKind = z.enum(FAULTS);
export type FaultKind = z.infer<typeof FaultKind>;
export const FaultState = z.object({ region: z.string(), fault: FaultKind, active: z.boolean() });
export type FaultState = z.infer<typeof FaultState>;

/** The banner: who owns writes, where traffic goes, the lag — and how sure we are. */
export const Verdict = z.object({
  tone: z.enum(["ok", "warning", "critical"]),
  /** single: one region holds authority; split: two claim it; none: nobody does; unknown: cannot tell. */
  authority: z.enum(["single", "split", "none", "unknown"]),
  writer: z.object({ region: z.string(), epoch: z.number() }).nullable(),
  /**
   * A region that still claims authority at a lower epoch than the writer's and cannot write
   * (DESIGN invariant 4): a warning, fenced by restoring writes to the holder without moving them.
   * A stale claimant that can write makes authority "split" instead.
   */
  staleClaim: z.object({ region: z.string(), epoch: z.number(), holder: z.string(), holderEpoch: z.number() }).nullable(),
  trafficTo: z.array(z.string()),
  lagMs: z.number().nullable(),
  summary: z.string(),
});
export type Verdict = z.infer<typeof Verdict>;

/**
 * Which console replica built this snapshot, where it runs, and who leads (issue 14): with
 * replicas in both regions, the screen says which one it is talking to.
 */
export const ReplicaView = z.object({
  replica: z.object({ id: z.string(), region: z.string().nullable() }),
  role: z.enum(["leader", "follower"]),
  leader: z.object({ id: z.string(), region: z.string().nullable(), token: z.number(), since: Timestamp }).nullable(),
});
export type ReplicaView = z.infer<typeof ReplicaView>;

/**
 * The console's own store, as this replica's probe last found it (server/db/health.ts). While it
 * is unreachable the screen stays live from memory and actions are refused (DESIGN: the console's
 * own resilience).
 */
export const StoreStatus = z.discriminatedUnion("status", [
  z.object({ status: z.literal("reachable"), checkedAt: Timestamp.nullable() }),
  z.object({ status: z.literal("unreachable"), since: Timestamp, error: z.string(), checkedAt: Timestamp }),
]);
export type StoreStatus = z.infer<typeof StoreStatus>;

export const Snapshot = z.object({
  seq: z.number().int(),
  generatedAt: Timestamp,
  mode: z.enum(["sim", "aws"]),
  cadenceMs: z.number(),
  lagBudgetMs: z.number(),
  regions: z.tuple([RegionState, RegionState]),
  verdict: Verdict,
  findings: z.array(Finding),
  readiness: z.array(ReadinessChecklist),
  /** Sim mode only: which drill faults are on. */
  faults: z.array(FaultState).nullable(),
  /** Absent only from a console without a lease (tests that build a monitor alone). */
  replica: ReplicaView.optional(),
  /** Absent from a process that does not probe its store. */
  store: StoreStatus.optional(),
  /** The failover plan's evaluation (issue 15 §7): null until first read from the store; absent from a process that does not evaluate it. */
  plan: PlanStatus.nullable().optional(),
});
export type Snapshot = z.infer<typeof Snapshot>;
