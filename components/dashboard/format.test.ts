import { describe, expect, it } from "vitest";
import { ageAt, bySeverity, displayLagStatus, displayStatus, formatAge, formatClock, formatMs } from "./format";

describe("formatMs", () => {
  it.each([
    [0, "0 ms"],
    [850, "850 ms"],
    [999.6, "1000 ms"],
    [1_000, "1.0 s"],
    [4_250, "4.2 s"],
    [12_400, "12 s"],
    [185_000, "3 min 5 s"],
    [120_000, "2 min"],
    [7_800_000, "2 h 10 min"],
    [null, "unknown"],
  ])("%s → %s", (ms, text) => expect(formatMs(ms)).toBe(text));
});

describe("formatAge", () => {
  it.each([
    [null, "never observed"],
    [400, "just now"],
    [2_300, "2 s ago"],
    [61_000, "1 min ago"],
    [7_200_000, "2 h ago"],
    [3 * 86_400_000, "3 d ago"],
  ])("%s → %s", (ms, text) => expect(formatAge(ms)).toBe(text));
});

it("shows clock times in UTC", () => {
  expect(formatClock("2025-10-20T09:00:05+02:00")).toBe("07:00:05 UTC");
  expect(formatClock("not a date")).toBe("unknown time");
});

it("ages a timestamp on the server's clock plus the time the browser has held the snapshot", () => {
  expect(ageAt("2025-10-20T06:59:58.000Z", "2025-10-20T07:00:00.000Z", 0)).toBe(2_000);
  expect(ageAt("2025-10-20T06:59:58.000Z", "2025-10-20T07:00:00.000Z", 5_000)).toBe(7_000);
  expect(ageAt(null, "2025-10-20T07:00:00.000Z", 0)).toBeNull();
});

describe("displayStatus: a fact the browser holds never stays green", () => {
  it("keeps the server's word while fresh", () => {
    expect(displayStatus("ok", 900, 1_000)).toBe("ok");
    expect(displayStatus("error", 900, 1_000)).toBe("error");
    expect(displayStatus("stale", 4_000, 1_000)).toBe("stale");
  });
  it("turns stale after 3 cadences and unknown after 10", () => {
    expect(displayStatus("ok", 3_001, 1_000)).toBe("stale");
    expect(displayStatus("error", 3_001, 1_000)).toBe("stale");
    expect(displayStatus("ok", 10_001, 1_000)).toBe("unknown");
    expect(displayStatus("stale", 10_001, 1_000)).toBe("unknown");
  });
  it("never revives an unknown", () => expect(displayStatus("unknown", 0, 1_000)).toBe("unknown"));

  it("ages the lag, whose age is its CloudWatch datapoint's, by the metric's period and by how long the snapshot is held", () => {
    // A 90 s old datapoint is current, though 90 s is 18 cadences of 5 s.
    expect(displayLagStatus("ok", 90_000, 0, 5_000)).toBe("ok");
    expect(displayLagStatus("ok", 181_000, 0, 5_000)).toBe("stale");
    expect(displayLagStatus("ok", 601_000, 0, 5_000)).toBe("unknown");
    // Held past 3 cadences with no new snapshot: stale, however young the datapoint.
    expect(displayLagStatus("ok", 20_000, 15_001, 5_000)).toBe("stale");
  });
});

it("ranks critical first and keeps the server's order within a severity", () => {
  const items = [
    { id: "a", severity: "info" as const },
    { id: "b", severity: "warning" as const },
    { id: "c", severity: "critical" as const },
    { id: "d", severity: "warning" as const },
    { id: "e", severity: "critical" as const },
  ];
  expect(bySeverity(items).map((i) => i.id)).toEqual(["c", "e", "b", "d", "a"]);
});
