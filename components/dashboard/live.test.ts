import { describe, expect, it } from "vitest";
import { healthy, lagSeries } from "./fixtures";
import { latestSample, toChartData } from "./lag-data";
import { connectionOf, newest, parseSnapshotEvent } from "./live";

describe("stream messages", () => {
  it("accepts a valid snapshot", () => {
    const parsed = parseSnapshotEvent(JSON.stringify(healthy));
    expect(parsed.ok && parsed.snapshot.seq).toBe(42);
  });
  it("rejects malformed JSON and schema violations with a reason", () => {
    const notJson = parseSnapshotEvent("{");
    expect(notJson.ok).toBe(false);
    expect(!notJson.ok && notJson.error).toMatch(/not JSON/);
    expect(parseSnapshotEvent(JSON.stringify({ ...healthy, regions: [] })).ok).toBe(false);
  });
});

it("never rolls the screen back to an older snapshot", () => {
  const older = { ...healthy, seq: 41, generatedAt: "2025-10-20T06:59:59.000Z" };
  expect(newest(healthy, older)).toBe(healthy);
  expect(newest(older, healthy)).toBe(healthy);
  expect(newest(undefined, older)).toBe(older);
  const sameTimeHigherSeq = { ...healthy, seq: 43 };
  expect(newest(healthy, sameTimeHigherSeq)).toBe(sameTimeHigherSeq);
});

it("says live only while the stream is open, offline when polling fails too", () => {
  expect(connectionOf("open", true)).toBe("live");
  expect(connectionOf("down", false)).toBe("reconnecting");
  expect(connectionOf("down", true)).toBe("offline");
  expect(connectionOf("connecting", false)).toBe("connecting");
});

it("pivots lag samples into rows with explicit gaps", () => {
  const { rows, lines } = toChartData(lagSeries.points);
  expect(lines.map((l) => l.label)).toEqual(["Replication lag into us-west-2", "RPO lag into us-west-2"]);
  expect(rows).toHaveLength(4);
  expect(rows[2]?.["us-west-2:rpo"]).toBeNull();
  expect(rows.map((r) => r.t)).toEqual([...rows.map((r) => r.t)].sort((a, b) => a - b));
  expect(latestSample(lagSeries.points)?.replicationLagMs).toBe(130);
});
