import "server-only";
import type { Finding } from "@/lib/findings";
import type { RegionState } from "@/lib/snapshot";
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
export function regionFindings(r: RegionFacts, lagBudgetMs: number): Finding[] {
  const out: Finding[] = [];
  const id = r.id;
  const shouldWrite = r.authority?.role === "primary";

  // Principle 3: a region can answer 200 to Route 53 and still be unable to write.
  if (r.healthy === true && (r.readinessOk === false || (shouldWrite && r.accepting === false))) {
    out.push({
      id: `lying-health-check:${id}`, kind: "lying-health-check", severity: "critical", region: id,
      title: `Health checks in ${id} are green, but it cannot take writes`,
      detail: "Route 53 sees the region as healthy while its own readiness endpoint says it cannot write. Do not trust the green.",
      evidence: [healthEvidence(r), readinessEvidence(r)],
    });
  }
  const down = r.healthy === false && r.readinessOk !== true;
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
  if (r.replicationLagMs !== null && r.replicationLagMs > lagBudgetMs) {
    out.push({
      id: `lag-over-budget:${id}`, kind: "lag-over-budget", severity: "warning", region: id,
      title: `Replication lag into ${id} is over budget`,
      detail: `${describeMs(r.replicationLagMs)} against a budget of ${describeMs(lagBudgetMs)}: a failover now would lose that much.`,
      evidence: [evidence(`replication lag ${id}`, r.state.lag, (v) => `${describeMs(v.replicationLagMs)} (RPO lag ${describeMs(v.rpoLagMs)})`)],
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

/** Principle 5: stale and unknown facts are findings in their own right, never silently green. */
function freshnessFindings(r: RegionFacts): Finding[] {
  const keys = Object.keys(SIGNAL_LABELS) as (keyof typeof SIGNAL_LABELS)[];
  const out: Finding[] = [];
  for (const status of ["unknown", "stale"] as const) {
    const hit = keys.filter((k) => r.state[k].status === status);
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
