import "server-only";
import type { CheckStatus, ReadinessCheck, ReadinessCheckId, ReadinessChecklist } from "@/lib/findings";
import { describeAuthority, describeMs, type RegionFacts } from "./facts";

const check = (id: ReadinessCheckId, label: string, ok: boolean | null, evidence: string): ReadinessCheck => ({
  id,
  label,
  status: ok === null ? "unknown" : ok ? ("pass" as CheckStatus) : "fail",
  evidence,
});
const yesNo = (v: boolean | null, yes: string, no: string) => (v === null ? "unknown (no fresh data)" : v ? yes : no);

/**
 * The preconditions of promoting `target`, from the runbooks in docs/design.md, for both modes:
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
    ...[restore(a, b), restore(b, a)].filter((c) => c !== null),
  ];
}

/**
 * Restore writes: give authority back to the region that IS the Aurora writer (DESIGN "Runbooks").
 * Offered only for a region whose own RDS says it writes; ready when it is the only writer (its
 * own view of the global cluster names no other, and the other region does not say it writes)
 * and its readiness endpoint answers.
 */
function restore(t: RegionFacts, s: RegionFacts): ReadinessChecklist | null {
  // A region known not to write is no target; one whose RDS cannot be read now may be (unknown).
  if (t.writer === false) return null;
  const aurora = t.state.aurora.value;
  const others = (aurora?.members ?? []).filter((m) => m.isWriter && m.region !== t.id).map((m) => m.region);
  const only = t.writer === null ? null : others.length === 0 && s.writer !== true;
  const checks = [
    check(
      "target-is-only-writer",
      `${t.id} is the only Aurora writer`,
      only,
      only === null
        ? `${t.id}'s RDS: unknown (no fresh data)`
        : only
          ? `${t.id} is the Aurora ${aurora?.role ?? "writer"}; ${s.id} ${s.writer === null ? "unknown (no fresh data)" : "does not write"}`
          : `also writing: ${[...others, ...(s.writer ? [s.id] : [])].join(", ")}`,
    ),
    check("target-ready", `${t.id} readiness endpoint answers`, t.readinessOk, yesNo(t.readinessOk, "readiness endpoint answers", "readiness endpoint fails")),
    check("target-healthy", `${t.id} health checks healthy`, t.healthy, yesNo(t.healthy, "all health checks healthy", "a health check is unhealthy")),
    check("target-authority-readable", `${t.id} authority flag readable`, t.authority !== null, t.authority ? describeAuthority(t.authority) : "unknown"),
    check("routing-readable", "routing controls readable", t.trafficOn !== null, t.trafficOn === null ? "unknown" : `${t.id} ${t.trafficOn ? "On" : "Off"}`),
    check("cluster-available", "the global cluster is available (no operation moving the writer)", aurora ? aurora.status === "available" : null, aurora ? `global cluster ${aurora.status}` : "unknown"),
  ];
  return { target: t.id, source: s.id, mode: "restore", ready: checks.every((c) => c.status === "pass"), checks };
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

/**
 * Who may write must be settled before anything moves (invariants 4 and 13): with two regions
 * that can write, or a region claiming authority at another epoch than the holder's, a failover
 * would act on a world nobody can describe. Only the runbooks that resolve it go ahead — restore
 * writes, and a failback, whose first step fences a stale claim in its target (see preconditions).
 * Each fails only on evidence: an unreachable region (an unplanned failover's source) proves nothing.
 */
function authorityChecks(t: RegionFacts, s: RegionFacts): ReadinessCheck[] {
  const claims = (r: RegionFacts) => (r.authority?.role === "primary" ? r.authority.epoch : null);
  const [ct, cs] = [claims(t), claims(s)];
  const sameEpoch = ct !== null && cs !== null && ct === cs;
  const bothWrite = t.writer === true && s.writer === true;
  const bothAccept = t.accepting === true && s.accepting === true;
  const split = sameEpoch || bothWrite || bothAccept;
  const splitWhy = [sameEpoch ? `both claim authority at epoch ${ct}` : null, bothWrite ? "both are Aurora writers" : null, bothAccept ? "both accept writes" : null].filter(Boolean).join(", ");
  const stale = (r: RegionFacts, mine: number | null, other: number | null) =>
    check(
      `no-stale-claim-in-${r === t ? "target" : "source"}`,
      `${r.id} holds no stale authority claim`,
      !(mine !== null && other !== null && mine < other),
      mine !== null && other !== null && mine < other ? `stale authority claim in ${r.id} (epoch ${mine} < ${other})` : r.authority ? describeAuthority(r.authority) : "unknown",
    );
  const detached = [t, s].find((r) => r.state.aurora.value?.role === "detached");
  return [
    check("no-split-brain", "no split brain (one region can write)", !split, split ? `split brain: ${splitWhy}` : "at most one region claims and exercises write authority"),
    stale(t, ct, cs),
    stale(s, cs, ct),
    check(
      "global-database-intact",
      "the Aurora global database is whole (no member detached)",
      detached === undefined,
      detached ? `${detached.id} was detached from the global database (RemoveFromGlobalCluster): rebuild the global database before moving writes (README, "After a detach")` : "no member detached",
    ),
  ];
}

function planned(t: RegionFacts, s: RegionFacts, lagBudgetMs: number): ReadinessChecklist {
  const schemaT = t.state.readiness.value?.schemaVersion ?? null;
  const schemaS = s.state.readiness.value?.schemaVersion ?? null;
  const schemaKnown = t.readinessOk !== null && s.readinessOk !== null && schemaT !== null && schemaS !== null;
  const checks = [
    check("source-reachable", `${s.id} reachable (it is fenced first)`, s.state.aurora.status === "ok" && s.readinessOk === true, `RDS ${s.state.aurora.status}, readiness ${yesNo(s.readinessOk, "answers", "fails")}`),
    ...targetChecks(t),
    ...authorityChecks(t, s),
    check("replication-connected", `replication into ${t.id} connected`, t.syncStatus === null ? null : t.syncStatus === "connected", t.syncStatus ?? "unknown"),
    check("lag-under-budget", `replication lag under ${describeMs(lagBudgetMs)}`, t.replicationLagMs === null ? null : t.replicationLagMs <= lagBudgetMs, describeMs(t.replicationLagMs)),
    check("schema-versions-equal", "schema versions equal", schemaKnown ? schemaT === schemaS : null, `${s.id} ${schemaS ?? "?"}, ${t.id} ${schemaT ?? "?"}`),
  ];
  return { target: t.id, source: s.id, mode: "planned", ready: checks.every((c) => c.status === "pass"), checks };
}

function unplanned(t: RegionFacts, s: RegionFacts): ReadinessChecklist {
  const sourceImpaired = s.healthy === false || s.readinessOk === false || s.state.readiness.status === "unknown" || s.impairedServices.length > 0;
  // The data-loss window itself where the engine emits it (AuroraGlobalDBRPOLag), else replication lag.
  const lag = t.state.lag.value?.rpoLagMs ?? t.state.lag.value?.replicationLagMs ?? null;
  const checks = [
    check("source-impaired", `${s.id} impaired (otherwise prefer a planned failover)`, sourceImpaired, sourceImpaired ? `${s.id} impaired` : `${s.id} looks healthy: a planned failover loses nothing`),
    ...targetChecks(t),
    ...authorityChecks(t, s),
    check("data-loss-known", "expected data loss known (last lag seen)", lag === null ? null : true, lag === null ? "no lag observed into the target" : `last lag ${describeMs(lag)} (CloudWatch datapoint of ${t.state.lag.value?.datapointAt ?? t.state.lag.observedAt ?? "?"})`),
  ];
  return { target: t.id, source: s.id, mode: "unplanned", ready: checks.every((c) => c.status === "pass"), checks };
}
