import "server-only";
import type { Finding } from "@/lib/findings";
import { describeAuthority, evidence, type RegionFacts } from "./facts";

/**
 * Findings about who owns writes and where traffic goes — the two things that must never be
 * confused (DESIGN principle 1) and the failure that is worse than downtime: split ownership.
 */
export function authorityFindings(regions: readonly RegionFacts[]): Finding[] {
  const out: Finding[] = [];
  const authorityEvidence = regions.map((r) => evidence(`authority flag ${r.id}`, r.state.authority, describeAuthority));
  const claimants = regions.filter((r) => r.authority?.role === "primary");
  const writers = regions.filter((r) => r.writer === true);
  const accepting = regions.filter((r) => r.accepting === true);

  const [a, b] = claimants;
  if (a && b && a.authority && b.authority && a.authority.epoch !== b.authority.epoch) {
    // Invariant 4: a region back from an outage still claiming authority at a lower epoch. The
    // higher epoch wins; the claim is only dangerous once the region can act on it (split brain).
    const [stale, holder] = a.authority.epoch < b.authority.epoch ? [a, b] : [b, a];
    const n = stale.authority?.epoch;
    const m = holder.authority?.epoch;
    const canWrite = stale.writer === true || stale.accepting === true;
    const unknown = stale.writer === null || stale.accepting === null;
    out.push({
      id: `stale-authority-claim:${stale.id}`,
      kind: "stale-authority-claim",
      severity: canWrite ? "critical" : "warning",
      region: stale.id,
      title: `Stale authority claim in ${stale.id} (epoch ${n} < ${m})`,
      detail: canWrite
        ? `${stale.id} claims write authority at epoch ${n} and can write (${stale.writer ? "an Aurora writer" : "its readiness endpoint accepts writes"}), while ${holder.id} holds epoch ${m}. Fence ${stale.id} now.`
        : `${stale.id} still claims write authority at epoch ${n}, below ${holder.id}'s epoch ${m}, and ${unknown ? "whether it can write is unknown" : "cannot write"}. Fence the claim without moving writes: propose restoring writes to ${holder.id}.`,
      evidence: [
        ...authorityEvidence,
        ...[stale, holder].map((r) => evidence(`Aurora role ${r.id}`, r.state.aurora, (v) => v.role)),
        evidence(`readiness ${stale.id}`, stale.state.readiness, (v) => (v.writable && v.authorisedForWrites ? "accepts writes" : "does not accept writes")),
      ],
    });
  }
  if ((a && b && a.authority?.epoch === b.authority?.epoch) || writers.length > 1 || accepting.length > 1) {
    out.push({
      id: "split-brain",
      kind: "split-brain",
      severity: "critical",
      region: null,
      title: "Split brain: two regions own writes",
      detail: "More than one region claims or exercises write authority. Writes may diverge; fence one region now.",
      evidence: [
        ...authorityEvidence,
        ...regions.map((r) => evidence(`Aurora role ${r.id}`, r.state.aurora, (v) => v.role)),
        ...regions.map((r) => evidence(`readiness ${r.id}`, r.state.readiness, (v) => (v.writable && v.authorisedForWrites ? "accepts writes" : "does not accept writes"))),
      ],
    });
  }
  // The app role is the CLUSTER_ROLE switch of a region's workers and integrations (queue consumers,
  // schedulers, outbound webhooks): two active regions run every job twice and write from both
  // sides even while the authority flags and Aurora agree — split ownership one layer up.
  const active = regions.filter((r) => r.appRole === "active");
  if (active.length > 1) {
    out.push({
      id: "app-role-conflict",
      kind: "app-role-conflict",
      severity: "critical",
      region: null,
      title: `App role is active in both ${active.map((r) => r.id).join(" and ")}`,
      detail: "Workers and integrations run as the writer in both regions: jobs run twice and writes may diverge. Set the region that does not hold write authority to passive.",
      evidence: regions.map((r) => evidence(`app role ${r.id}`, r.state.appRole, (v) => v.role)),
    });
  }
  if (claimants.length === 0) {
    const unknown = regions.some((r) => r.authority === null);
    out.push({
      id: unknown ? "unknown-authority" : "no-authority",
      kind: "unknown-authority",
      severity: "critical",
      region: null,
      title: unknown ? "Write authority unknown" : "No region holds write authority",
      detail: unknown
        ? "No fresh authority flag names a primary. Until one does, nobody can say which region may take writes."
        : "Every authority flag is fenced or standby: no region may take writes.",
      evidence: authorityEvidence,
    });
  }
  out.push(...trafficFindings(regions, claimants.length === 1 ? claimants[0] : undefined));
  return out;
}

function trafficFindings(regions: readonly RegionFacts[], holder: RegionFacts | undefined): Finding[] {
  const out: Finding[] = [];
  const routingEvidence = regions.map((r) =>
    evidence(`routing controls ${r.id}`, r.state.routingControls, (cs) => cs.map((c) => `${c.name} ${c.state}`).join(", ")),
  );
  const known = regions.every((r) => r.trafficOn !== null);
  const on = regions.filter((r) => r.trafficOn === true);
  if (known && on.length === 0) {
    out.push({
      id: "all-routing-off",
      kind: "all-routing-off",
      severity: "critical",
      region: null,
      title: "All routing controls are Off",
      detail: "No region receives traffic.",
      evidence: routingEvidence,
    });
  }
  if (known && on.length === 1 && on[0]) {
    // Invariant 5: the assertion rule "at least one On" refuses turning the last one Off.
    out.push({
      id: "safety-rule-risk",
      kind: "safety-rule-risk",
      severity: "info",
      region: on[0].id,
      title: `Only ${on[0].id} is On`,
      detail: `Turning ${on[0].id} Off before another region is On would be refused by the safety rule "at least one On": turn the target On first.`,
      evidence: routingEvidence,
    });
  }
  if (holder && known && (holder.trafficOn === false || on.some((r) => r.id !== holder.id))) {
    out.push({
      id: "traffic-authority-mismatch",
      kind: "traffic-authority-mismatch",
      severity: "warning",
      region: holder.id,
      title: "Traffic and write authority point to different regions",
      detail: `${holder.id} holds write authority but traffic goes to ${on.map((r) => r.id).join(" and ") || "no region"}.`,
      evidence: [evidence(`authority flag ${holder.id}`, holder.state.authority, describeAuthority), ...routingEvidence],
    });
  }
  return out;
}
