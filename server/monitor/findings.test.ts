import { describe, expect, it } from "vitest";
import { deriveFindings } from "./findings";
import { controlPlane, impaired, ok, regionState, stale, unhealthyChecks, unknown } from "./testing";

const BUDGET = 1000;
const kinds = (...regions: Parameters<typeof deriveFindings>[0]) => deriveFindings(regions, BUDGET).map((f) => f.id);

describe("findings", () => {
  it("a healthy pair raises only the routing safety note", () => {
    expect(kinds(regionState("us-east-1", true), regionState("us-west-2", false))).toEqual(["safety-rule-risk"]);
  });

  it("two primaries at one epoch is split brain, critical and first", () => {
    const secondary = regionState("us-west-2", false, {
      authority: ok({ role: "primary", epoch: 1, updatedAt: null, updatedBy: null }),
    });
    const findings = deriveFindings([regionState("us-east-1", true), secondary], BUDGET);
    expect(findings[0]).toMatchObject({ id: "split-brain", severity: "critical" });
    expect(findings[0]?.evidence.map((e) => e.value)).toContain("primary at epoch 1");
  });

  it("two regions accepting writes is split brain even when the flags disagree", () => {
    const secondary = regionState("us-west-2", false, { readiness: ok({ httpStatus: 200, writable: true, schemaVersion: "42", authorisedForWrites: true }) });
    expect(kinds(regionState("us-east-1", true), secondary)).toContain("split-brain");
  });

  it("a returning region claiming authority at a lower epoch is a stale authority claim", () => {
    const old = regionState("us-east-1", true, { authority: ok({ role: "primary", epoch: 3, updatedAt: null, updatedBy: null }), readiness: ok({ httpStatus: 200, writable: false, schemaVersion: "42", authorisedForWrites: false }) });
    const now = regionState("us-west-2", false, { authority: ok({ role: "primary", epoch: 4, updatedAt: null, updatedBy: null }) });
    const ids = kinds(old, now);
    expect(ids).toContain("stale-authority-claim:us-east-1");
    expect(ids).not.toContain("split-brain");
  });

  it("authority that cannot be read is unknown, never assumed", () => {
    const ids = kinds(regionState("us-east-1", true, { authority: unknown() }), regionState("us-west-2", false));
    expect(ids).toContain("unknown-authority");
    expect(ids).toContain("unknown-data:us-east-1");
  });

  it("green health checks over a region that cannot write is a lying health check", () => {
    const liar = regionState("us-east-1", true, { readiness: ok({ httpStatus: 200, writable: false, schemaVersion: "42", authorisedForWrites: false }) });
    expect(kinds(liar, regionState("us-west-2", false))).toContain("lying-health-check:us-east-1");
  });

  it("a control-plane outage is 'control plane impaired', not 'region down'", () => {
    const cp = regionState("us-east-1", true, { controlPlane: impaired(["rds", "cloudwatch", "authority"]) });
    const ids = kinds(cp, regionState("us-west-2", false));
    expect(ids).toContain("control-plane-impaired:us-east-1");
    expect(ids).not.toContain("region-unreachable:us-east-1");
  });

  it("a slow API is a warning that names the service and its latency, not 'control plane impaired'", () => {
    const slow = regionState("us-east-1", true, { controlPlane: controlPlane({ rds: { status: "degraded", latencyMs: 1500 } }) });
    const findings = deriveFindings([slow, regionState("us-west-2", false)], BUDGET);
    const degraded = findings.find((f) => f.id === "control-plane-degraded:us-east-1");
    expect(degraded).toMatchObject({ severity: "warning", kind: "control-plane-degraded" });
    expect(degraded?.detail).toContain("rds answered in 1.5 s");
    expect(findings.map((f) => f.id)).not.toContain("control-plane-impaired:us-east-1");
  });

  it("a resource that does not exist is a configuration finding naming the config key, not 'control plane impaired'", () => {
    const error = "not_found: RDS DescribeGlobalClusters payments-global in us-west-2: GlobalClusterNotFoundFault: Global cluster payments-global not found";
    const missing = regionState("us-west-2", false, { controlPlane: controlPlane({ rds: { status: "misconfigured", error } }) });
    const findings = deriveFindings([regionState("us-east-1", true), missing], BUDGET);
    const config = findings.find((f) => f.id === "not-found:us-west-2:rds");
    expect(config).toMatchObject({ kind: "configuration", severity: "warning", region: "us-west-2" });
    expect(config?.title).toBe("Aurora global cluster not found in us-west-2: check globalCluster.identifier and regions[].aurora.clusterIdentifier");
    expect(config?.evidence[0]?.value).toContain("GlobalClusterNotFoundFault");
    expect(findings.map((f) => f.id)).not.toContain("control-plane-impaired:us-west-2");
  });

  it("failing health checks and no readiness is 'region down', and its API failures are not reported twice", () => {
    const down = regionState("us-east-1", true, { healthChecks: unhealthyChecks("us-east-1", 1), readiness: stale({ httpStatus: 200, writable: true, schemaVersion: "42", authorisedForWrites: true }), controlPlane: impaired(["rds", "readiness"]) });
    const ids = kinds(down, regionState("us-west-2", false));
    expect(ids).toContain("region-unreachable:us-east-1");
    expect(ids).toContain("stale-data:us-east-1");
    expect(ids).not.toContain("control-plane-impaired:us-east-1");
  });

  it("Route 53's 18% rule: two of eight checkers OK is still healthy", () => {
    expect(unhealthyChecks("x", 2).value?.[0]?.healthy).toBe(true);
    expect(unhealthyChecks("x", 1).value?.[0]?.healthy).toBe(false);
  });

  it("lag over budget and replication not connected are raised on the secondary", () => {
    const base = regionState("us-west-2", false);
    const aurora = base.aurora.value;
    if (!aurora) throw new Error("fixture");
    const secondary = regionState("us-west-2", false, {
      lag: ok({ replicationLagMs: 4200, rpoLagMs: 5000, datapointAt: null }),
      aurora: ok({ ...aurora, members: aurora.members.map((m) => (m.isWriter ? m : { ...m, synchronizationStatus: "pending-resync" })) }),
    });
    const ids = kinds(regionState("us-east-1", true), secondary);
    expect(ids).toEqual(expect.arrayContaining(["lag-over-budget:us-west-2", "replication-not-connected:us-west-2"]));
  });

  it("no lag datapoint into a secondary is a warning of its own, not 'signals unknown' (critical)", () => {
    const error = "no lag datapoint into us-west-2 (CloudWatch AuroraGlobalDBReplicationLag has no data in the last 5 minutes)";
    const secondary = regionState("us-west-2", false, { lag: { status: "unknown", value: null, error, source: "test", observedAt: "2026-01-01T00:00:00.000Z", ageMs: 0 } });
    const findings = deriveFindings([regionState("us-east-1", true), secondary], BUDGET);
    expect(findings.find((f) => f.id === "no-lag-datapoint:us-west-2")).toMatchObject({ severity: "warning", title: "Replication lag into us-west-2 unknown", detail: expect.stringContaining(error) });
    expect(findings.map((f) => f.id)).not.toContain("unknown-data:us-west-2");
  });

  it("all routing Off is critical; traffic away from the authority holder is a mismatch", () => {
    const off = (id: string, primary: boolean) => regionState(id, primary, { routingControls: ok([{ arn: `a/${id}`, name: `rc ${id}`, state: "Off" }]) });
    expect(kinds(off("us-east-1", true), off("us-west-2", false))).toEqual(expect.arrayContaining(["all-routing-off", "traffic-authority-mismatch"]));
    const onWest = regionState("us-west-2", false, { routingControls: ok([{ arn: "a/w", name: "rc w", state: "On" }]) });
    expect(kinds(off("us-east-1", true), onWest)).toContain("traffic-authority-mismatch");
  });

  it("both regions' app role active is critical: both regions' workers and integrations run as the writer", () => {
    const secondary = regionState("us-west-2", false, { appRole: ok({ role: "active" as const }) });
    const finding = deriveFindings([regionState("us-east-1", true), secondary], BUDGET).find((f) => f.id === "app-role-conflict");
    expect(finding).toMatchObject({ severity: "critical", region: null });
    expect(finding?.evidence.map((e) => e.value)).toEqual(["active", "active"]);
    // One active region is the normal state.
    expect(kinds(regionState("us-east-1", true), regionState("us-west-2", false))).not.toContain("app-role-conflict");
  });

  it("ranks critical before warning before info", () => {
    const findings = deriveFindings(
      [regionState("us-east-1", true, { controlPlane: impaired(["rds"]), authority: unknown() }), regionState("us-west-2", false)],
      BUDGET,
    );
    const order = findings.map((f) => f.severity);
    expect(order).toEqual([...order].sort((a, b) => ["critical", "warning", "info"].indexOf(a) - ["critical", "warning", "info"].indexOf(b)));
    expect(order[0]).toBe("critical");
  });
});
