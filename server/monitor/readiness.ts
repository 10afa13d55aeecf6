import "server-only";
import type { CheckStatus, ReadinessCheck, ReadinessChecklist } from "@/lib/findings";
import { describeAuthority, describeMs, type RegionFacts } from "./facts";

const check = (id: string, label: string, ok: boolean | null, evidence: string): ReadinessCheck => ({
  id,
  label,
  status: ok === null ? "unknown" : ok ? ("pass" as CheckStatus) : "fail",
  evidence,
});
const yesNo = (v: boolean | null, yes: string, no: string) => (v === null ? "unknown (no fresh data)" : v ? yes : no);

/**
 * The preconditions of promoting `target`, from the runbooks in DESIGN.md, for both modes:
 * planned (switchover, zero data loss: both regions must be healthy and in sync) and unplanned
 * (failover with data loss: only the target is checked; the source is recorded as impaired).
 * A check with no fresh evidence is unknown, and an unknown check keeps the list not ready.
 */
export function readinessChecklists(regions: readonly [RegionFacts, RegionFacts], lagBudgetMs: number): ReadinessChecklist[] {
  const [a, b] = regions;
  return [
    planned(b, a, lagBudgetMs),
    unplanned(b, a),
    planned(a, b, lagBudgetMs),
    unplanned(a, b),
  ];
}

function targetChecks(t: RegionFacts): ReadinessCheck[] {
  const aurora = t.state.aurora.status === "ok" || t.state.aurora.status === "error" ? t.state.aurora.value : null;
  return [
    check("target-not-writer", `${t.id} is not already the writer`, t.writer === null ? null : !t.writer, yesNo(t.writer, `${t.id} is the Aurora writer`, `${t.id} is an Aurora ${aurora?.role ?? "member"}`)),
    check("target-healthy", `${t.id} health checks healthy`, t.healthy, yesNo(t.healthy, "all health checks healthy", "a health check is unhealthy")),
    check("target-ready", `${t.id} readiness endpoint answers`, t.readinessOk, yesNo(t.readinessOk, "readiness endpoint answers", "readiness endpoint fails")),
    check("target-control-plane", `${t.id} control plane answers (promotion is called there)`, t.state.aurora.status === "ok", `RDS in ${t.id}: ${t.state.aurora.status}`),
    check("target-authority-readable", `${t.id} authority flag readable`, t.authority !== null, t.authority ? describeAuthority(t.authority) : "unknown"),
    check("routing-readable", "routing controls readable", t.trafficOn !== null, t.trafficOn === null ? "unknown" : `${t.id} ${t.trafficOn ? "On" : "Off"}`),
    check("no-failover-in-progress", "no switchover or failover in progress", aurora ? aurora.failover === null : null, aurora?.failover ? `RDS FailoverState ${aurora.failover.status}` : aurora ? "none" : "unknown"),
  ];
}

function planned(t: RegionFacts, s: RegionFacts, lagBudgetMs: number): ReadinessChecklist {
  const schemaT = t.state.readiness.value?.schemaVersion ?? null;
  const schemaS = s.state.readiness.value?.schemaVersion ?? null;
  const schemaKnown = t.readinessOk !== null && s.readinessOk !== null && schemaT !== null && schemaS !== null;
  const checks = [
    check("source-reachable", `${s.id} reachable (it is fenced first)`, s.state.aurora.status === "ok" && s.readinessOk === true, `RDS ${s.state.aurora.status}, readiness ${yesNo(s.readinessOk, "answers", "fails")}`),
    ...targetChecks(t),
    check("replication-connected", `replication into ${t.id} connected`, t.syncStatus === null ? null : t.syncStatus === "connected", t.syncStatus ?? "unknown"),
    check("lag-under-budget", `replication lag under ${describeMs(lagBudgetMs)}`, t.replicationLagMs === null ? null : t.replicationLagMs <= lagBudgetMs, describeMs(t.replicationLagMs)),
    check("schema-versions-equal", "schema versions equal", schemaKnown ? schemaT === schemaS : null, `${s.id} ${schemaS ?? "?"}, ${t.id} ${schemaT ?? "?"}`),
  ];
  return { target: t.id, source: s.id, mode: "planned", ready: checks.every((c) => c.status === "pass"), checks };
}

function unplanned(t: RegionFacts, s: RegionFacts): ReadinessChecklist {
  const sourceImpaired = s.healthy === false || s.readinessOk === false || s.state.readiness.status === "unknown" || s.impairedServices.length > 0;
  const lag = t.state.lag.value?.replicationLagMs ?? null;
  const checks = [
    check("source-impaired", `${s.id} impaired (otherwise prefer a planned failover)`, sourceImpaired, sourceImpaired ? `${s.id} impaired` : `${s.id} looks healthy: a planned failover loses nothing`),
    ...targetChecks(t),
    check("data-loss-known", "expected data loss known (last lag seen)", lag === null ? null : true, lag === null ? "no lag observed into the target" : `last lag ${describeMs(lag)} at ${t.state.lag.observedAt ?? "?"}`),
  ];
  return { target: t.id, source: s.id, mode: "unplanned", ready: checks.every((c) => c.status === "pass"), checks };
}
