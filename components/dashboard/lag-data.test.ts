import { describe, expect, it } from "vitest";
import type { LagPoint } from "@/lib/lag";
import { clipRows, lagScale, timeTicks, toChartData } from "./lag-data";

const T0 = Date.parse("2026-03-01T07:00:00.000Z");

describe("the lag chart's time axis", () => {
  it.each([
    ["a fresh start", 90_000],
    ["15 minutes", 15 * 60_000],
    ["an hour", 3_600_000],
    ["6 hours", 6 * 3_600_000],
  ])("%s: a few round ticks, no two labels alike", (_name, span) => {
    const { ticks, label } = timeTicks(T0 + 7_300, T0 + 7_300 + span);
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.length).toBeLessThanOrEqual(6);
    const labels = ticks.map(label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("labels to the second only when ticks are under a minute apart", () => {
    expect(timeTicks(T0, T0 + 60_000).label(T0 + 30_000)).toBe("07:00:30");
    expect(timeTicks(T0, T0 + 3_600_000).label(T0 + 600_000)).toBe("07:10");
  });
});

describe("the lag chart's scale after an outage", () => {
  const series = (values: number[]): LagPoint[] =>
    values.map((v, i) => ({ at: new Date(T0 + i * 10_000).toISOString(), region: "us-west-2", replicationLagMs: v, rpoLagMs: null }));

  it("one spike does not hide the current lag: the axis stops near the budget and the peak is clipped, with its figure", () => {
    const { rows, lines } = toChartData(series([100, 110, 45_000, 46_000, 120, 130, 125]));
    const scale = lagScale(rows, lines, 1_000);
    expect(scale.clipped).toEqual({ peakMs: 46_000 });
    expect(scale.topMs).toBe(1_500);
    const clipped = clipRows(rows, lines, scale.topMs);
    expect(clipped.map((r) => r["us-west-2:replication"])).toEqual([100, 110, 1_500, 1_500, 120, 130, 125]);
    expect(clipped[3]?.["raw:us-west-2:replication"]).toBe(46_000);
  });

  it("does not clip when nothing stands out", () => {
    const { rows, lines } = toChartData(series([100, 900, 1_400, 800]));
    const scale = lagScale(rows, lines, 1_000);
    expect(scale.clipped).toBeNull();
    expect(scale.topMs).toBeCloseTo(1_540);
  });
});
