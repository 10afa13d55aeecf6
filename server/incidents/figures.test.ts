import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "@/lib/incidents";
import { computeFigures } from "./figures";
import { auditEvent, finding, iso, signal } from "./testing";

const ctx = { incidentId: "inc-1", dnsTtlSeconds: 60 };
const adam = { id: "u-adam", name: "Adam" };
const run = (runId: string, runbook: string, source: string, target: string, proposalId = "p1") => ({ runId, runbook, sourceRegion: source, targetRegion: target, proposalId });

/** Region outage in us-east-1 → unplanned failover to us-west-2 → failback, as the console records it. */
function drill(): TimelineEvent[] {
  return [
    signal(-60, "health", "us-east-1", "api us-east-1", "healthy", "unhealthy"),
    finding(-45, "lag-over-budget:us-west-2", "warning", "raised", "us-west-2"),
    finding(-30, "region-unreachable:us-east-1", "critical", "raised", "us-east-1"),
    auditEvent(0, "incident.declared", { incidentId: "inc-1", title: "us-east-1 down" }),
    auditEvent(60, "proposal.created", { proposalId: "p1", runbook: "unplanned-failover", targetRegion: "us-west-2" }),
    auditEvent(90, "proposal.approved", { proposalId: "p1", runbook: "unplanned-failover", targetRegion: "us-west-2" }, adam),
    auditEvent(91, "run.started", run("r1", "unplanned-failover", "us-east-1", "us-west-2")),
    auditEvent(150, "run.step_succeeded", { runId: "r1", step: "routing-target-on", region: "us-west-2" }),
    signal(152, "routing", "us-west-2", "rc us-west-2", "Off", "On"),
    auditEvent(155, "run.step_succeeded", { runId: "r1", step: "routing-source-off", region: "us-east-1" }),
    auditEvent(160, "run.step_succeeded", { runId: "r1", step: "verify-target", region: "us-west-2" }),
    auditEvent(161, "run.succeeded", { runId: "r1", runbook: "unplanned-failover", targetRegion: "us-west-2", rpoEstimateMs: 850 }),
    auditEvent(1000, "run.started", run("r2", "failback", "us-west-2", "us-east-1", "p2")),
    auditEvent(1500, "run.succeeded", { runId: "r2", runbook: "failback", targetRegion: "us-east-1" }),
  ];
}

describe("recovery figures", () => {
  it("a full drill: every figure computed, each naming the records it used", () => {
    const events = drill();
    const f = computeFigures(events, ctx);
    const id = (i: number) => ({ table: events[i]?.source.table, id: events[i]?.source.id, at: events[i]?.at });
    expect(f.firstImpact).toMatchObject({ at: iso(-60), refs: [id(0)] });
    expect(f.detected).toMatchObject({ at: iso(-30), refs: [id(2)], explanation: "critical finding raised: region-unreachable:us-east-1" });
    expect(f.timeToDetect).toMatchObject({ ms: 30_000, endsAt: iso(-30), refs: [id(0), id(2)] });
    expect(f.timeToDecide).toMatchObject({ ms: 30_000, endsAt: iso(90), refs: [id(4), id(5)], explanation: "proposed by Olivia → approved by Adam" });
    // The monitor saw traffic On in us-west-2 (152 s) before the run's verification (160 s).
    expect(f.timeToRecover).toMatchObject({ ms: 212_000, endsAt: iso(152), refs: [id(0), id(8)] });
    expect(f.dataLoss).toMatchObject({ ms: 850, refs: [id(6), id(11)] });
    expect(f.dnsWindow).toMatchObject({ ms: 60_000, endsAt: iso(215), refs: [id(9)] });
    expect(f.dnsWindow.explanation).toMatch(/^us-east-1 routing Off at .*routing\.dnsTtlSeconds 60/);
    expect(f.timeToFailback).toMatchObject({ ms: 1_339_000, endsAt: iso(1500), refs: [id(11), id(13)] });
  });

  it("an empty window: every figure null, with the reason", () => {
    const f = computeFigures([], ctx);
    expect(Object.values(f).map((x) => (x.kind === "moment" ? x.at : x.ms))).toEqual([null, null, null, null, null, null, null, null]);
    expect(f.firstImpact.explanation).toMatch(/no signal turned bad/);
    expect(f.timeToDecide.explanation).toBe("no failover was proposed in the window");
    expect(f.timeToRecover.explanation).toBe("no first impact signal in the window");
    expect(f.dataLoss.explanation).toBe("no failover run in the window");
    expect(f.dnsWindow.explanation).toBe("traffic was not moved in the window");
  });

  it("without a critical finding, detection is the declaration; a declaration after no impact has no time to detect", () => {
    const declared = auditEvent(0, "incident.declared", { incidentId: "inc-1" });
    const other = auditEvent(-5, "incident.declared", { incidentId: "another" });
    const f = computeFigures([signal(-90, "lag-budget", "us-west-2", "replication lag", "within budget", "over budget"), other, declared], ctx);
    expect(f.detected).toMatchObject({ at: iso(0), explanation: "the incident was declared" });
    expect(f.timeToDetect.ms).toBe(90_000);
    const none = computeFigures([declared], ctx);
    expect(none.timeToDetect).toMatchObject({ ms: null, explanation: "no first impact signal in the window" });
    // A routing change or a writer change is a decision, not an impact; an info finding is not either.
    const quiet = computeFigures([signal(-10, "routing", "us-east-1", "rc", "On", "Off"), finding(-5, "x", "info", "raised"), declared], ctx);
    expect(quiet.firstImpact.at).toBeNull();
  });

  it("a proposal that was rejected has no time to decide, and says so", () => {
    const f = computeFigures(
      [
        auditEvent(60, "proposal.created", { proposalId: "p1", runbook: "unplanned-failover" }),
        auditEvent(90, "proposal.rejected", { proposalId: "p1" }, adam),
      ],
      ctx,
    );
    expect(f.timeToDecide).toMatchObject({ ms: null, explanation: "proposal p1 ended rejected without approval" });
    expect(f.timeToDecide.refs).toHaveLength(2);
  });

  it("recovery waits until the new region is healthy, and falls back to the run's verification", () => {
    const base = drill().slice(0, 7);
    const unhealthy = [
      ...base,
      signal(100, "health", "us-west-2", "api us-west-2", "healthy", "unhealthy"),
      signal(152, "routing", "us-west-2", "rc us-west-2", "Off", "On"),
      signal(170, "health", "us-west-2", "api us-west-2", "unhealthy", "healthy"),
    ];
    expect(computeFigures(unhealthy, ctx).timeToRecover).toMatchObject({ ms: 230_000, endsAt: iso(170) });
    // Routing was already On in us-west-2 (no transition): the verify-target step marks recovery.
    const verified = [...base, auditEvent(160, "run.step_succeeded", { runId: "r1", step: "verify-target" })];
    expect(computeFigures(verified, ctx).timeToRecover).toMatchObject({ ms: 220_000, endsAt: iso(160) });
    expect(computeFigures(base, ctx).timeToRecover).toMatchObject({ ms: null, explanation: "us-west-2 was not seen with traffic On and healthy before the window ended" });
  });

  it("RPO: 0 for a planned switchover, the stored estimate for an unplanned failover, null without one", () => {
    const planned = computeFigures([auditEvent(10, "run.started", run("r1", "planned-failover", "us-east-1", "us-west-2"))], ctx);
    expect(planned.dataLoss).toMatchObject({ ms: 0 });
    const started = auditEvent(10, "run.started", run("r1", "unplanned-failover", "us-east-1", "us-west-2"));
    expect(computeFigures([started], ctx).dataLoss).toMatchObject({ ms: null, explanation: expect.stringMatching(/recorded no RPO estimate/) });
    // Still running: the estimate stored on the run row (not yet audited) is used.
    expect(computeFigures([started], { ...ctx, rpoEstimates: new Map([["r1", 1200]]) }).dataLoss.ms).toBe(1200);
  });

  it("no run: no recovery, no DNS window, no failback", () => {
    const f = computeFigures(drill().slice(0, 6), ctx);
    expect(f.timeToRecover.explanation).toBe("no failover run in the window: traffic never moved to another region");
    expect(f.dnsWindow.ms).toBeNull();
    expect(f.timeToFailback.ms).toBeNull();
  });

  it("failback: the planned switchover back counts too; one that failed or never started is null with the reason", () => {
    const events = drill();
    const upToFailover = events.slice(0, 12);
    expect(computeFigures(upToFailover, ctx).timeToFailback.explanation).toBe("no failback to us-east-1 was started in the window");
    const failed = [...upToFailover, auditEvent(1000, "run.started", run("r2", "failback", "us-west-2", "us-east-1", "p2")), auditEvent(1200, "run.failed", { runId: "r2", reason: "lag" })];
    expect(computeFigures(failed, ctx).timeToFailback.explanation).toBe("the failback run did not succeed in the window (failed)");
    const plannedBack = [...upToFailover, auditEvent(1000, "run.started", run("r2", "planned-failover", "us-west-2", "us-east-1", "p2")), auditEvent(1100, "run.succeeded", { runId: "r2" })];
    expect(computeFigures(plannedBack, ctx).timeToFailback.ms).toBe(939_000);
  });
});
