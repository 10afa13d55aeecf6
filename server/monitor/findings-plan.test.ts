import { expect, it } from "vitest";
import type { PlanStatus } from "@/lib/plan";
import { systemClock } from "@/server/clock";
import { describeStores } from "@/server/db/testing";
import { simConfig, testWorld } from "@/server/providers/sim/testing";
import { Monitor } from "./monitor";

// Issue 15 §7: the snapshot carries the plan's evaluation, and each failing check is a finding with its fix.
const AT = "2026-01-01T00:00:00.000Z";
const plan: PlanStatus = {
  intervalMinutes: 30,
  running: null,
  last: {
    passed: 25,
    total: 26,
    warned: 0,
    evaluatedAt: AT,
    durationMs: 40,
    trigger: "schedule",
    requestedBy: null,
    failing: [{ region: "us-west-2", service: "arc", check: "routing control traffic us-west-2", detail: "access_denied: no", fix: "Grant the console's role…" }],
  },
};

describeStores("the plan in the snapshot", (fresh) => {
  it("carries the stored evaluation and a warning finding per failing check, with its fix", async () => {
    const { db } = await fresh();
    const { world } = testWorld();
    const monitor = new Monitor({ config: simConfig(), provider: world, faults: world, clock: systemClock, db, plan: () => plan });
    monitor.refresh();
    const snapshot = monitor.snapshot();
    expect(snapshot.plan).toEqual(plan);
    const found = snapshot.findings.filter((f) => f.kind === "plan-check-failed");
    expect(found).toEqual([
      {
        id: "plan-check-failed:us-west-2:arc:routing control traffic us-west-2",
        kind: "plan-check-failed",
        severity: "warning",
        region: "us-west-2",
        title: "Failover plan check failed: routing control traffic us-west-2 (arc)",
        detail: "Fix: Grant the console's role…",
        evidence: [{ label: "arc routing control traffic us-west-2", value: "access_denied: no", source: "failover plan evaluation (schedule)", observedAt: AT }],
      },
    ]);
    expect(snapshot.verdict.tone).not.toBe("ok");
  });
});
