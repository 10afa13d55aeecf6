import "server-only";
import type { Finding } from "@/lib/findings";
import type { RegionState, Service } from "@/lib/snapshot";
import { describeMs, evidence, type RegionFacts } from "./facts";
import { signalError } from "./signal";

const SIGNAL_LABELS: Record<Exclude<keyof RegionState, "id" | "partition" | "controlPlane">, string> = {
  aurora: "Aurora topology",
  lag: "replication lag",
  healthChecks: "health checks",
  routingControls: "routing controls",
  authority: "authority flag",
  appRole: "app role",
  readiness: "readiness probe",
};

const healthEvidence = (r: RegionFacts) =>
  evidence(`health checks ${r.id}`, r.state.healthChecks, (hs) =>
    hs.map((h) => `${h.name}: ${h.healthy ? "healthy" : "unhealthy"} (${h.checkers.filter((c) => c.ok).length}/${h.checkers.length} checkers OK)`).join("; "),
  );
const readinessEvidence = (r: RegionFacts) =>
  evidence(`readiness ${r.id}`, r.state.readiness, (v) => `HTTP ${v.httpStatus}, writable ${v.writable}, authorised ${v.authorisedForWrites}, schema ${v.schemaVersion ?? "?"}`);

/** Findings about one region's own health: its data plane, control plane, replication and freshness. */
export function regionFindings(r: RegionFacts, lagBudgetMs: number, holdsTopEpoch: boolean): Finding[] {
  const out: Finding[] = [];
  const id = r.id;
  // A stale claim (a lower epoch than another region's) is not an authority to write.
  const shouldWrite = r.authority?.role === "primary" && holdsTopEpoch;

  // Principle 3: a region can answer 200 to Route 53 and still be unable to write.
  if (r.healthy === true && (r.readinessOk === false || (shouldWrite && r.accepting === false))) {
    out.push({
      id: `lying-health-check:${id}`, kind: "lying-health-check", severity: "critical", region: id,
      title: `Health checks in ${id} are green, but it cannot take writes`,
      detail: "Route 53 sees the region as healthy while its own readiness endpoint says it cannot write. Do not trust the green.",
      evidence: [healthEvidence(r), readinessEvidence(r)],
    });
  }
  const down = regionDown(r);
  if (down) {
    out.push({
      id: `region-unreachable:${id}`, kind: "region-unreachable", severity: "critical", region: id,
      title: `Region ${id} is down`,
      detail: "Its health checks fail and its readiness endpoint does not answer.",
      evidence: [healthEvidence(r), readinessEvidence(r)],
    });
  }
  // Principle 4: APIs failing while the data plane serves is a control-plane outage, not a dead region.
  if (r.impairedServices.length > 0 && !down) {
    out.push({
      id: `control-plane-impaired:${id}`, kind: "control-plane-impaired", severity: "warning", region: id,
      title: `Control plane impaired in ${id}`,
      detail: `API calls fail for ${r.impairedServices.join(", ")}${r.healthy ? " while health checks stay healthy: the data plane still serves" : ""}.`,
      evidence: r.state.controlPlane
        .filter((c) => c.status === "impaired")
        .map((c) => ({ label: `${c.service} API ${id}`, value: c.error ?? "impaired", source: "control-plane status", observedAt: c.at })),
    });
  }
  out.push(...slowAndMissing(r));
  if (r.replicationLagMs !== null && r.replicationLagMs > lagBudgetMs) {
    out.push({
      id: `lag-over-budget:${id}`, kind: "lag-over-budget", severity: "warning", region: id,
      title: `Replication lag into ${id} is over budget`,
      detail: `${describeMs(r.replicationLagMs)} against a budget of ${describeMs(lagBudgetMs)}: a failover now would lose about ${describeMs(r.dataLossMs ?? r.replicationLagMs)} of writes (RPO lag where Aurora emits it).`,
      evidence: [evidence(`replication lag ${id}`, r.state.lag, (v) => `${describeMs(v.replicationLagMs)} (RPO lag ${describeMs(v.rpoLagMs)})`)],
    });
  }
  if (r.lagNoDatapoint !== null) {
    out.push({
      id: `no-lag-datapoint:${id}`, kind: "no-lag-datapoint", severity: "warning", region: id,
      title: `Replication lag into ${id} unknown`,
      detail: `${r.lagNoDatapoint}. ${id} is an Aurora secondary, where Aurora publishes its lag every minute: without a datapoint nobody can say how far behind it is, or what a failover would lose. Check the metric in CloudWatch and replication.metrics.`,
      evidence: [evidence(`replication lag ${id}`, r.state.lag, () => "")],
    });
  }
  if (r.syncStatus !== null && r.syncStatus !== "connected") {
    out.push({
      id: `replication-not-connected:${id}`, kind: "replication-not-connected", severity: "warning", region: id,
      title: `Replication into ${id} is not connected`,
      detail: `Aurora reports SynchronizationStatus "${r.syncStatus}".`,
      evidence: [evidence(`Aurora ${id}`, r.state.aurora, (v) => v.members.map((m) => `${m.region} ${m.isWriter ? "writer" : "reader"} ${m.synchronizationStatus ?? ""}`).join("; "))],
    });
  }
  out.push(...freshnessFindings(r));
  return out;
}

/** What each service reads, and the config keys that name it: a "not found" is fixed there. */
const CONFIGURED: Record<Service, [what: string, keys: string]> = {
  rds: ["Aurora global cluster", "globalCluster.identifier and regions[].aurora.clusterIdentifier"],
  cloudwatch: ["CloudWatch lag metric", "replication.metrics"],
  route53: ["Route 53 health check", "regions[].healthChecks[].id"],
  arc: ["ARC routing control", "regions[].routingControls and routing.controlPanelArn"],
  authority: ["Authority flag", "regions[].authorityFlag"],
  appRole: ["App role record", "regions[].appRole"],
  readiness: ["Readiness endpoint", "regions[].readiness.url"],
};

/**
 * An API that answers slowly is still up: a warning, apart from "impaired". An API that answers
 * "no such resource" is up too: the config names something that does not exist (a typo, the wrong
 * account or region, a flag never created), which no amount of waiting will fix.
 */
function slowAndMissing(r: RegionFacts): Finding[] {
  const out: Finding[] = [];
  const slow = r.state.controlPlane.filter((c) => c.status === "degraded");
  if (slow.length > 0) {
    out.push({
      id: `control-plane-degraded:${r.id}`, kind: "control-plane-degraded", severity: "warning", region: r.id,
      title: `Control plane slow in ${r.id}`,
      detail: `${slow.map((c) => `${c.service} answered in ${describeMs(c.latencyMs)}`).join(", ")}: slower than usual. A regional control plane often slows down before it fails.`,
      evidence: slow.map((c) => ({ label: `${c.service} API ${r.id}`, value: `answered in ${describeMs(c.latencyMs)}`, source: "control-plane status", observedAt: c.at })),
    });
  }
  for (const c of r.state.controlPlane.filter((s) => s.status === "misconfigured")) {
    const [what, keys] = CONFIGURED[c.service];
    out.push({
      id: `not-found:${r.id}:${c.service}`, kind: "configuration", severity: "warning", region: r.id,
      title: `${what} not found in ${r.id}: check ${keys}`,
      detail: `AWS answered that the configured resource does not exist. The API works; the configuration names something that is not there (a typo, another account or region, a record never created).`,
      evidence: [{ label: `${c.service} API ${r.id}`, value: c.error ?? "not found", source: "control-plane status", observedAt: c.at }],
    });
  }
  return out;
}

/** Principle 5: stale and unknown facts are findings in their own right, never silently green. */
function freshnessFindings(r: RegionFacts): Finding[] {
  const keys = Object.keys(SIGNAL_LABELS) as (keyof typeof SIGNAL_LABELS)[];
  const out: Finding[] = [];
  for (const status of ["unknown", "stale"] as const) {
    // A secondary's missing lag datapoint has its own finding (above): the read itself worked.
    const hit = keys.filter((k) => r.state[k].status === status && !(k === "lag" && r.lagNoDatapoint !== null));
    if (hit.length === 0) continue;
    out.push({
      id: `${status}-data:${r.id}`,
      kind: status === "unknown" ? "unknown-data" : "stale-data",
      severity: status === "unknown" ? "critical" : "warning",
      region: r.id,
      title: `${hit.length} signal${hit.length > 1 ? "s" : ""} in ${r.id} ${status === "unknown" ? "unknown" : "stale"}`,
      detail: `${hit.map((k) => SIGNAL_LABELS[k]).join(", ")} could not be refreshed${status === "unknown" ? " for over 10 cadences" : ""}.`,
      evidence: hit.map((k) => {
        const s = r.state[k];
        return { label: `${SIGNAL_LABELS[k]} ${r.id}`, value: signalError(s) ?? s.status, source: s.source, observedAt: s.observedAt };
      }),
    });
  }
  return out;
}

/** "Region down": its health checks fail and its readiness endpoint does not answer (a run fences such a region with one short attempt). */
export function regionDown(r: RegionFacts): boolean {
  return r.healthy === false && r.readinessOk !== true;
}
