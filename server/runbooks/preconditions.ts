import "server-only";
import type { ReadinessCheck, ReadinessCheckId, ReadinessChecklist } from "@/lib/findings";
import type { Runbook } from "@/lib/proposals";

/**
 * Which failed readiness checks void an approval (DESIGN invariant 2: "a blocking change voids the
 * approval"). These are facts that time will not fix and that change what was approved: the target
 * already writes, someone else's switchover is under way, the schemas differ, or — for an unplanned
 * failover — the source is healthy again, so a planned failover would lose nothing.
 *
 * Every other check (health, reachability, lag, replication) can recover by itself: the preflight
 * step waits for it within its timeout, and if it never passes the run fails for a person to
 * retry or abort, rather than silently dropping the approval.
 */
const BLOCKING: ReadonlySet<ReadinessCheckId> = new Set<ReadinessCheckId>([
  "target-not-writer",
  "no-failover-in-progress",
  "schema-versions-equal",
  "source-impaired",
  // Who may write is not settled (readiness.ts authorityChecks): only restore writes, or a failback fencing its target's stale claim, may act.
  "no-split-brain",
  "no-stale-claim-in-target",
  "no-stale-claim-in-source",
  "global-database-intact",
  // Restore writes gives authority to the one Aurora writer; with none, or two, there is nothing to restore to.
  "target-is-only-writer",
]);

export function blockingFailures(checklist: ReadinessChecklist): ReadinessCheck[] {
  return checklist.checks.filter((c) => c.status === "fail" && BLOCKING.has(c.id));
}

/** The checks not yet passing, in words. */
export function describeChecks(checks: readonly ReadinessCheck[]): string {
  return checks.map((c) => `${c.label} (${c.evidence})`).join("; ");
}

/**
 * The checklist a runbook's preconditions are read from: unplanned for an unplanned failover,
 * planned otherwise. A failback's first step fences a stale authority claim in its target, so that
 * claim does not hold it back (a split brain still does).
 */
export function checklistFor(all: readonly ReadinessChecklist[], runbook: Runbook, target: string): ReadinessChecklist | undefined {
  const mode = runbook === "unplanned-failover" ? "unplanned" : runbook === "restore-writes" ? "restore" : "planned";
  const list = all.find((c) => c.target === target && c.mode === mode);
  if (!list || runbook !== "failback") return list;
  const fencedByFailback: ReadinessCheckId = "no-stale-claim-in-target";
  const checks = list.checks.filter((c) => c.id !== fencedByFailback);
  return { ...list, checks, ready: checks.every((c) => c.status === "pass") };
}
