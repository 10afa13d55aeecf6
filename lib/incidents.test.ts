import { describe, expect, it } from "vitest";
import { eventCursor, formatDuration, TimelineCursor, TimelineQuery } from "./incidents";

describe("incident helpers shared with the browser", () => {
  it("formats figures the way people read them", () => {
    expect([null, 850, 30_000, 210_000, 7_580_400].map(formatDuration)).toEqual(["—", "850 ms", "30 s", "3 min 30 s", "2 h 6 min"]);
  });

  it("parses the timeline's URL filters: comma lists, a cursor, a bounded page size", () => {
    expect(TimelineQuery.parse({ kind: "signal,finding", severity: "critical", region: "us-east-1" })).toEqual({ kind: ["signal", "finding"], severity: ["critical"], region: "us-east-1", limit: 200 });
    const cursor = eventCursor({ at: "2026-03-01T12:00:00.000Z", source: { table: "audit", id: "42" } });
    expect(cursor).toBe("1772366400000.1.42");
    expect(TimelineCursor.safeParse(cursor).success).toBe(true);
    expect(TimelineQuery.safeParse({ kind: "gossip" }).success).toBe(false);
    expect(TimelineQuery.safeParse({ limit: "5000" }).success).toBe(false);
  });
});
