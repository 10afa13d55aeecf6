import { describe, expect, it } from "vitest";
import { healthy, regionOutage, splitBrain } from "@/components/dashboard/fixtures";
import type { ReadinessChecklist } from "@/lib/findings";
import type { RegionState, Snapshot } from "@/lib/snapshot";
import { decideLines, wasPrimaryBefore } from "./decide";

const flag = (role: "primary" | "fenced" | "standby", epoch: number) =>
  ({ status: "ok", value: { role, epoch, updatedAt: null, updatedBy: null }, source: "s3:failover-flag", observedAt: healthy.generatedAt, ageMs: 500 }) as const;

/** After an unplanned failover: us-west-2 writes at epoch 8, us-east-1 is back and fenced (or still claiming epoch 7). */
function afterFailover(eastFlag: ReturnType<typeof flag>): Snapshot {
  const [east, west] = healthy.regions;
  const toEast = (c: ReadinessChecklist): ReadinessChecklist => ({ ...c, target: "us-east-1", source: "us-west-2" });
  const regions: [RegionState, RegionState] = [
    { ...east, authority: eastFlag, lag: { status: "ok", value: { replicationLagMs: 900, rpoLagMs: 23_400, datapointAt: null }, source: "cloudwatch:GetMetricData", observedAt: healthy.generatedAt, ageMs: 500 } },
    { ...west, authority: flag("primary", 8) },
  ];
  return { ...healthy, regions, verdict: { ...healthy.verdict, writer: { region: "us-west-2", epoch: 8 } }, readiness: healthy.readiness.map(toEast) };
}

describe("the Decide panel's lines", () => {
  it("labels each action by what it does, with the expected data loss in the one duration format", () => {
    const lines = decideLines(healthy);
    expect(lines.map((l) => l.label)).toEqual([
      "Planned switchover to us-west-2 — no data loss",
      "Emergency failover to us-west-2 — loses ≈ 310 ms of writes",
      "Failback to us-west-2",
    ]);
    expect(lines[0]?.offer?.runbook).toBe("planned-failover");
    expect(lines[1]?.offer?.runbook).toBe("unplanned-failover");
  });

  it("never offers failback to a region that never held writes, and says why not", () => {
    const failback = decideLines(healthy).find((l) => l.name === "Failback to us-west-2");
    expect(failback).toMatchObject({ offer: null, ready: false });
    expect(failback?.why).toContain("us-west-2 has never held writes (its authority flag is standby)");
    expect(wasPrimaryBefore(healthy.regions[1], healthy)).toBe(false);
  });

  it("offers failback toward the region that was primary before, fenced or still claiming an older epoch", () => {
    const split = (s: Snapshot): Snapshot => ({ ...s, verdict: { ...s.verdict, authority: "split", writer: null } });
    for (const s of [afterFailover(flag("fenced", 8)), afterFailover(flag("primary", 7)), split(afterFailover(flag("primary", 7)))]) {
      expect(wasPrimaryBefore(s.regions[0], s)).toBe(true);
      const lines = decideLines(s);
      expect(lines.find((l) => l.name === "Failback to us-east-1")?.offer?.runbook).toBe("failback");
      expect(lines.find((l) => l.name === "Emergency failover to us-east-1")?.label).toBe("Emergency failover to us-east-1 — loses ≈ 23 s of writes");
      // Nothing is offered toward the region that writes.
      expect(lines.some((l) => l.target === "us-west-2")).toBe(false);
    }
  });

  it("says why a line is not ready, from the checks that do not pass", () => {
    const planned = decideLines(regionOutage).find((l) => l.name === "Planned switchover to us-west-2");
    expect(planned?.ready).toBe(false);
    expect(planned?.why).toMatch(/^Not ready: us-east-1 reachable \(fail: all us-east-1 APIs answered\); Replication lag under budget \(fail: .*\); 1 more below\.$/);
  });

  it("ready lines come first, and a line that is not offered comes last", () => {
    const lines = decideLines(regionOutage);
    expect(lines.map((l) => [l.ready, l.offer !== null])).toEqual([...lines.map((l) => [l.ready, l.offer !== null])].sort((a, b) => Number(b[0]) - Number(a[0]) || Number(b[1]) - Number(a[1])));
  });

  it("no two lines share a label or a name, in any world", () => {
    for (const s of [healthy, regionOutage, splitBrain, afterFailover(flag("fenced", 8))]) {
      const lines = decideLines(s);
      expect(new Set(lines.map((l) => l.label)).size).toBe(lines.length);
      expect(new Set(lines.map((l) => l.name)).size).toBe(lines.length);
    }
  });
});
