import type { Finding, ReadinessCheckId, ReadinessChecklist } from "@/lib/findings";
import type { LagSeries } from "@/lib/lag";
import type { ControlPlaneStatus, HealthCheckView, RegionState, Service, Signal, Snapshot } from "@/lib/snapshot";
import { SERVICES } from "@/lib/snapshot";

/**
 * Snapshots for the dashboard's tests and for looking at the screen without a monitor:
 * healthy, us-east-1 region outage, us-east-1 control-plane outage, and split brain.
 */

export const GENERATED_AT = "2025-10-20T07:00:00.000Z";
const T0 = Date.parse(GENERATED_AT);
const at = (ageMs: number) => new Date(T0 - ageMs).toISOString();

const ok = <T>(value: T, source: string, ageMs = 800): Signal<T> => ({ status: "ok", value, source, observedAt: at(ageMs), ageMs });
const stale = <T>(value: T, source: string, ageMs: number, error: string | null): Signal<T> => ({ status: "stale", value, error, source, observedAt: at(ageMs), ageMs });
const failed = <T>(value: T, source: string, ageMs: number, error: string): Signal<T> => ({ status: "error", value, error, source, observedAt: at(ageMs), ageMs });
const unknown = <T>(source: string, error: string | null, ageMs: number | null = null): Signal<T> => ({
  status: "unknown",
  value: null,
  error,
  source,
  observedAt: ageMs === null ? null : at(ageMs),
  ageMs,
});

const LOCATIONS = ["us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"];

function healthCheck(region: string, failing: number): HealthCheckView {
  return {
    id: `hc-${region}`,
    name: `app.${region}`,
    healthy: (LOCATIONS.length - failing) / LOCATIONS.length > 0.18,
    checkers: LOCATIONS.map((location, i) => ({
      location,
      ok: i >= failing,
      reportedAt: at(2_000),
      detail: i >= failing ? "HTTP 200" : "connection timed out",
    })),
  };
}

function controlPlane(status: ControlPlaneStatus["status"], impaired: readonly Service[] = [], error = "ServiceUnavailable"): ControlPlaneStatus[] {
  return SERVICES.map((service) => {
    const s = impaired.includes(service) ? "impaired" : status;
    return { service, status: s, latencyMs: s === "ok" ? 42 : null, error: s === "ok" ? null : error, at: s === "unknown" ? null : at(900) };
  });
}

const members = (writer: string) => [
  { region: "us-east-1", clusterArn: "arn:aws:rds:us-east-1:111122223333:cluster:app-east", isWriter: writer === "us-east-1", synchronizationStatus: writer === "us-east-1" ? null : "connected" },
  { region: "us-west-2", clusterArn: "arn:aws:rds:us-west-2:111122223333:cluster:app-west", isWriter: writer === "us-west-2", synchronizationStatus: writer === "us-west-2" ? null : "connected" },
];
const aurora = (role: "writer" | "reader" | "detached", writer = "us-east-1") => ({ globalClusterId: "app-global", role, status: "available", members: members(writer), failover: null });
const routing = (region: string, state: "On" | "Off") => [{ arn: `arn:aws:route53-recovery-control::111122223333:controlpanel/x/routingcontrol/${region}`, name: `cell-${region}`, state }];
const readiness = (writable: boolean) => ({ httpStatus: 200, writable, schemaVersion: "2025.10.1", authorisedForWrites: writable });

function east(): RegionState {
  return {
    id: "us-east-1",
    partition: "aws",
    aurora: ok(aurora("writer"), "rds:DescribeGlobalClusters"),
    lag: ok({ replicationLagMs: null, rpoLagMs: null, datapointAt: null }, "cloudwatch:GetMetricData"),
    healthChecks: ok([healthCheck("us-east-1", 0)], "route53:GetHealthCheckStatus"),
    routingControls: ok(routing("us-east-1", "On"), "arc:GetRoutingControlState"),
    authority: ok({ role: "primary" as const, epoch: 7, updatedAt: "2025-10-01T12:00:00.000Z", updatedBy: "olivia" }, "s3:failover-flag"),
    appRole: ok({ role: "active" as const }, "ssm:/app/cluster-role"),
    readiness: ok(readiness(true), "https://east.example/ready"),
    controlPlane: controlPlane("ok"),
  };
}

function west(): RegionState {
  return {
    id: "us-west-2",
    partition: "aws",
    aurora: ok(aurora("reader"), "rds:DescribeGlobalClusters"),
    lag: ok({ replicationLagMs: 120, rpoLagMs: 310, datapointAt: null }, "cloudwatch:GetMetricData"),
    // One checker failing: 7/8 still healthy under Route 53's 18% rule.
    healthChecks: ok([healthCheck("us-west-2", 1)], "route53:GetHealthCheckStatus"),
    routingControls: ok(routing("us-west-2", "Off"), "arc:GetRoutingControlState"),
    authority: ok({ role: "standby" as const, epoch: 7, updatedAt: "2025-10-01T12:00:00.000Z", updatedBy: "olivia" }, "s3:failover-flag"),
    appRole: ok({ role: "passive" as const }, "ssm:/app/cluster-role"),
    readiness: ok(readiness(false), "https://west.example/ready"),
    controlPlane: controlPlane("ok"),
  };
}

const check = (id: ReadinessCheckId, label: string, status: "pass" | "fail" | "unknown", evidence: string) => ({ id, label, status, evidence });

function checklists(plannedReady: boolean, extra: Partial<Record<ReadinessCheckId, "pass" | "fail" | "unknown">> = {}): ReadinessChecklist[] {
  const s = (id: ReadinessCheckId) => extra[id] ?? "pass";
  const planned = [
    check("source-reachable", "us-east-1 reachable", s("source-reachable"), "all us-east-1 APIs answered"),
    check("lag-under-budget", "Replication lag under budget", s("lag-under-budget"), "120 ms, budget 1.0 s"),
    check("replication-connected", "Replication connected", s("replication-connected"), "SynchronizationStatus connected"),
    check("target-healthy", "us-west-2 healthy", "pass", "7/8 checkers OK"),
  ];
  const unplanned = [check("target-healthy", "us-west-2 healthy", "pass", "7/8 checkers OK"), check("source-impaired", "us-east-1 impaired (otherwise prefer a planned failover)", s("source-impaired"), "us-east-1 impaired")];
  return [
    { target: "us-west-2", source: "us-east-1", mode: "planned", ready: plannedReady, checks: planned },
    { target: "us-west-2", source: "us-east-1", mode: "unplanned", ready: unplanned.every((c) => c.status === "pass"), checks: unplanned },
  ];
}

function snapshot(regions: [RegionState, RegionState], rest: Partial<Snapshot> & Pick<Snapshot, "verdict">): Snapshot {
  return {
    seq: 42,
    generatedAt: GENERATED_AT,
    mode: "sim",
    cadenceMs: 1_000,
    lagBudgetMs: 1_000,
    regions,
    findings: [],
    readiness: checklists(true),
    faults: [],
    ...rest,
  };
}

export const healthy: Snapshot = snapshot([east(), west()], {
  verdict: { tone: "ok", authority: "single", writer: { region: "us-east-1", epoch: 7 }, staleClaim: null, trafficTo: ["us-east-1"], lagMs: 120, summary: "us-east-1 owns writes at epoch 7; traffic to us-east-1; lag 120 ms." },
});

const timeout = "timeout after 2000 ms";
const evidence = (label: string, value: string, source: string, ageMs: number | null) => ({ label, value, source, observedAt: ageMs === null ? null : at(ageMs) });
const finding = (f: Omit<Finding, "id">): Finding => ({ id: `${f.kind}:${f.region ?? "*"}`, ...f });

export const regionOutage: Snapshot = snapshot(
  [
    {
      ...east(),
      aurora: unknown("rds:DescribeGlobalClusters", timeout, 14_000),
      healthChecks: stale([healthCheck("us-east-1", 8)], "route53:GetHealthCheckStatus", 4_000, timeout),
      routingControls: stale(routing("us-east-1", "On"), "arc:GetRoutingControlState", 5_000, timeout),
      authority: unknown("s3:failover-flag", timeout, 14_000),
      appRole: unknown("ssm:/app/cluster-role", timeout, 14_000),
      readiness: unknown("https://east.example/ready", timeout, 14_000),
      lag: unknown("cloudwatch:GetMetricData", timeout, 14_000),
      controlPlane: controlPlane("unknown", [], timeout),
    },
    { ...west(), lag: ok({ replicationLagMs: 45_000, rpoLagMs: 46_000, datapointAt: null }, "cloudwatch:GetMetricData") },
  ],
  {
    verdict: { tone: "critical", authority: "unknown", writer: null, staleClaim: null, trafficTo: ["us-east-1"], lagMs: 45_000, summary: "us-east-1 is not answering; who owns writes cannot be confirmed." },
    findings: [
      finding({ kind: "stale-data", severity: "warning", region: "us-east-1", title: "Stale data from us-east-1", detail: "Health checks and routing controls have not refreshed for 3 cadences.", evidence: [evidence("health checks", "stale", "route53:GetHealthCheckStatus", 4_000)] }),
      finding({ kind: "lag-over-budget", severity: "critical", region: "us-west-2", title: "Replication lag over budget", detail: "Lag into us-west-2 is 45 s, budget 1.0 s.", evidence: [evidence("AuroraGlobalDBReplicationLag", "45000 ms", "cloudwatch:GetMetricData", 800)] }),
      finding({ kind: "region-unreachable", severity: "critical", region: "us-east-1", title: "us-east-1 unreachable", detail: "Every us-east-1 API call timed out.", evidence: [evidence("rds", timeout, "rds:DescribeGlobalClusters", null)] }),
    ],
    readiness: checklists(false, { "source-reachable": "fail", "lag-under-budget": "fail", "replication-connected": "unknown", "source-impaired": "unknown" }),
    faults: [{ region: "us-east-1", fault: "region-outage", active: true }],
  },
);

export const controlPlaneOutage: Snapshot = snapshot(
  [
    {
      ...east(),
      aurora: failed(aurora("writer"), "rds:DescribeGlobalClusters", 2_000, "ServiceUnavailable: RDS API unavailable in us-east-1"),
      controlPlane: controlPlane("ok", ["rds", "route53", "arc"], "ServiceUnavailable"),
    },
    west(),
  ],
  {
    verdict: { tone: "warning", authority: "single", writer: { region: "us-east-1", epoch: 7 }, staleClaim: null, trafficTo: ["us-east-1"], lagMs: 120, summary: "us-east-1 serves traffic, but its control plane is impaired." },
    findings: [
      finding({ kind: "control-plane-impaired", severity: "warning", region: "us-east-1", title: "Control plane impaired in us-east-1", detail: "RDS, Route 53 and ARC APIs fail; health checks and the data plane are fine.", evidence: [evidence("rds", "ServiceUnavailable", "rds:DescribeGlobalClusters", 900)] }),
    ],
    faults: [{ region: "us-east-1", fault: "control-plane-outage", active: true }],
  },
);

export const splitBrain: Snapshot = snapshot(
  [
    east(),
    {
      ...west(),
      aurora: ok(aurora("detached"), "rds:DescribeGlobalClusters"),
      authority: ok({ role: "primary" as const, epoch: 8, updatedAt: at(60_000), updatedBy: "drill" }, "s3:failover-flag"),
      appRole: ok({ role: "active" as const }, "ssm:/app/cluster-role"),
      routingControls: ok(routing("us-west-2", "On"), "arc:GetRoutingControlState"),
      readiness: ok(readiness(true), "https://west.example/ready"),
    },
  ],
  {
    verdict: { tone: "critical", authority: "split", writer: null, staleClaim: null, trafficTo: ["us-east-1", "us-west-2"], lagMs: null, summary: "Two regions accept writes." },
    findings: [
      finding({ kind: "lag-over-budget", severity: "info", region: null, title: "Replication detached", detail: "us-west-2 left the global cluster.", evidence: [] }),
      finding({
        kind: "split-brain",
        severity: "critical",
        region: null,
        title: "Split brain: two regions own writes",
        detail: "us-east-1 (epoch 7) and us-west-2 (epoch 8) both claim authority and accept writes.",
        evidence: [evidence("authority us-east-1", "primary, epoch 7", "s3:failover-flag", 800), evidence("authority us-west-2", "primary, epoch 8", "s3:failover-flag", 800)],
      }),
    ],
    faults: [{ region: "us-west-2", fault: "split-brain", active: true }],
  },
);

export const lagSeries: LagSeries = {
  range: "15m",
  budgetMs: 1_000,
  points: [0, 1, 2, 3].map((i) => ({ at: at((3 - i) * 5_000), region: "us-west-2", replicationLagMs: 100 + i * 10, rpoLagMs: i === 2 ? null : 300 })),
};
