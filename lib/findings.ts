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

export const ReadinessCheck = z.object({
  id: z.string(),
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
