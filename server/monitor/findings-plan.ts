import "server-only";
import type { Finding, Severity } from "@/lib/findings";
import type { PlanStatus } from "@/lib/plan";

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/**
 * Each failing check of the failover plan's last evaluation (issue 15 §7) as a warning, with its
 * fix: the plan may not work when it is needed, which is not an outage now, so it never opens an
 * incident by itself (only critical findings do). Stable ids while the same check keeps failing.
 */
export function planFindings(plan: PlanStatus | null | undefined): Finding[] {
  const last = plan?.last;
  if (!last) return [];
  return last.failing.map((f) => ({
    id: `plan-check-failed:${f.region}:${f.service}:${f.check}`,
    kind: "plan-check-failed" as const,
    severity: "warning" as const,
    region: f.region === "global" ? null : f.region,
    title: `Failover plan check failed: ${f.check} (${f.service})`,
    detail: `Fix: ${f.fix}`,
    evidence: [{ label: `${f.service} ${f.check}`, value: f.detail, source: `failover plan evaluation (${last.trigger})`, observedAt: last.evaluatedAt }],
  }));
}

/** The monitor's findings with the plan's added, still most severe first (stable within a severity). */
export function withPlanFindings(findings: readonly Finding[], plan: PlanStatus | null | undefined): Finding[] {
  const all = [...findings, ...planFindings(plan)];
  return all.map((f, i) => ({ f, i })).sort((x, y) => RANK[x.f.severity] - RANK[y.f.severity] || x.i - y.i).map(({ f }) => f);
}
