import "server-only";
import type { Finding, FindingKind } from "@/lib/findings";

/** What a region-scoped critical finding says about its region, in a commander's words. */
const REGION_STATE: Partial<Record<FindingKind, string>> = {
  "region-unreachable": "down",
  "unknown-data": "unreachable",
  "lying-health-check": "cannot take writes behind green health checks",
  "stale-authority-claim": "stale authority claim",
};
// When several describe one region, the plainest wins: a region known down is more than "unreachable".
const REGION_ORDER: readonly FindingKind[] = ["region-unreachable", "lying-health-check", "unknown-data", "stale-authority-claim"];

/** Findings that mean nobody (known) can take writes now. */
const WRITES_LOST: readonly FindingKind[] = ["unknown-authority"];

/**
 * The title of an incident the console opens: the region and the impact ("us-east-1 down — writes
 * unavailable"), which is what a commander paged at 3 a.m. needs first — not the symptom that
 * happened to hold first ("Write authority unknown"). `findings` is the snapshot's whole list: the
 * trigger may be about authority (no region) while another finding names the region that went.
 */
export function incidentTitle(trigger: Finding, findings: readonly Finding[]): string {
  if (trigger.kind === "split-brain" || trigger.kind === "app-role-conflict") return "Split brain — writes may diverge in two regions";
  if (trigger.kind === "all-routing-off") return "All routing Off — traffic unavailable";
  const critical = findings.filter((f) => f.severity === "critical");
  const writesLost = [trigger, ...critical].some((f) => WRITES_LOST.includes(f.kind));
  const regional = trigger.region !== null && REGION_STATE[trigger.kind] ? trigger : regionFinding(critical, trigger.region);
  if (!regional?.region) return `${trigger.title} — ${writesLost ? "writes unavailable" : "writes at risk"}`;
  const state = REGION_STATE[regional.kind] ?? "in trouble";
  return `${regional.region} ${state} — ${impact(regional.kind, writesLost)}`;
}

function regionFinding(critical: readonly Finding[], region: string | null): Finding | null {
  for (const kind of REGION_ORDER) {
    const hit = critical.find((f) => f.kind === kind && f.region !== null && (region === null || f.region === region));
    if (hit) return hit;
  }
  return null;
}

function impact(kind: FindingKind, writesLost: boolean): string {
  if (kind === "lying-health-check") return "writes failing";
  if (kind === "stale-authority-claim") return "fence it before it takes writes";
  // The writer is still known and answering: the region that went was the standby.
  return writesLost ? "writes unavailable" : "failover target unavailable";
}
