import { z } from "zod";

const Timestamp = z.iso.datetime({ offset: true });

export const Severity = z.enum(["critical", "warning", "info"]);
export type Severity = z.infer<typeof Severity>;

export const FINDING_KINDS = [
  "split-brain",
  "stale-authority-claim",
  "app-role-conflict",
  "unknown-authority",
  "lying-health-check",
  "traffic-authority-mismatch",
  "lag-over-budget",
  "no-lag-datapoint",
  "replication-not-connected",
  "stale-data",
  "unknown-data",
  "control-plane-impaired",
  "control-plane-degraded",
  "configuration",
  "region-unreachable",
  "all-routing-off",
  "safety-rule-risk",
  // Issue 15 §7: a check of the failover plan's last evaluation failed (server/plan).
  "plan-check-failed",
] as const;
export const FindingKind = z.enum(FINDING_KINDS);
export type FindingKind = z.infer<typeof FindingKind>;

/** One fact a finding rests on, with where and when it was observed. */
export const Evidence = z.object({
  label: z.string(),
  value: z.string(),
  source: z.string(),
  observedAt: Timestamp.nullable(),
});
export type Evidence = z.infer<typeof Evidence>;

export const Finding = z.object({
  /** Stable across snapshots while the condition lasts (kind + region), so raised/cleared can be tracked. */
  id: z.string(),
  kind: FindingKind,
  severity: Severity,
  region: z.string().nullable(),
  title: z.string(),
  detail: z.string(),
  evidence: z.array(Evidence),
});
export type Finding = z.infer<typeof Finding>;

export const CheckStatus = z.enum(["pass", "fail", "unknown"]);
export type CheckStatus = z.infer<typeof CheckStatus>;

/**
 * Every readiness check the monitor produces (server/monitor/readiness.ts), in one list that the
 * readiness code, the re-checks that void an approval (server/runbooks/preconditions.ts), the UI
 * and the browser tests all name their checks from. A check's id carries safety meaning — a
 * blocking failure voids an approval (DESIGN invariant 2) — so renaming or dropping one here is
 * a compile error wherever the old name is used, never a check silently skipped. Proposals store
 * their checklist: an id removed here no longer parses in proposals stored before the change.
 */
export const READINESS_CHECKS = [
  // Planned failover: the source must be reachable to be fenced first.
  "source-reachable",
  // Unplanned failover: the source must be impaired, else a planned failover loses nothing.
  "source-impaired",
  // The target, in every mode.
  "target-not-writer",
  "target-healthy",
  "target-ready",
  "target-control-plane",
  "target-authority-readable",
  "routing-readable",
  "no-failover-in-progress",
  // Who may write is settled (DESIGN invariant 4).
  "no-split-brain",
  "no-stale-claim-in-target",
  "no-stale-claim-in-source",
  "global-database-intact",
  // Replication, for a planned failover's zero data loss; the expected loss for an unplanned one.
  "replication-connected",
  "lag-under-budget",
  "schema-versions-equal",
  "data-loss-known",
  // Restore writes: authority back to the one Aurora writer.
  "target-is-only-writer",
  "cluster-available",
] as const;
export const ReadinessCheckId = z.enum(READINESS_CHECKS);
export type ReadinessCheckId = z.infer<typeof ReadinessCheckId>;

export const ReadinessCheck = z.object({
  id: ReadinessCheckId,
  label: z.string(),
  status: CheckStatus,
  evidence: z.string(),
});
export type ReadinessCheck = z.infer<typeof ReadinessCheck>;

/** Every precondition of promoting `target`, for one runbook mode. Ready only when every check passes. */
export const ReadinessChecklist = z.object({
  target: z.string(),
  source: z.string(),
  /** planned/unplanned: promote `target`; restore: give write authority back to `target`, the Aurora writer. */
  mode: z.enum(["planned", "unplanned", "restore"]),
  ready: z.boolean(),
  checks: z.array(ReadinessCheck),
});
export type ReadinessChecklist = z.infer<typeof ReadinessChecklist>;
