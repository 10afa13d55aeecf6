import { describe, expect, it } from "vitest";
import type { LagView } from "@/lib/snapshot";
import { emptyCell, lagSignal, recordFailure, recordSuccess, toSignal } from "./signal";
import { ok, regionState } from "./testing";

const CADENCE = 1000;
const t0 = new Date("2026-01-01T00:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("signal freshness", () => {
  it("is unknown before anything was observed", () => {
    expect(toSignal(emptyCell("src"), t0, CADENCE)).toMatchObject({ status: "unknown", value: null, error: "not observed yet" });
  });

  it("judges staleness by the poller's time: a stall of the console is not counted, the age shown stays real", () => {
    const cell = emptyCell<number>("src");
    recordSuccess(cell, 42, t0);
    // The console stalled from 0.5 s to 4.5 s: 5 s after the read, the poller has had 1 s of its own.
    const stalls = { stalledWithin: (from: number, to: number) => Math.max(0, Math.min(to, at(4500).getTime()) - Math.max(from, at(500).getTime())) };
    expect(toSignal(cell, at(5000), CADENCE, stalls)).toMatchObject({ status: "ok", ageMs: 5000 });
    expect(toSignal(cell, at(5000), CADENCE)).toMatchObject({ status: "stale", ageMs: 5000 });
    // Past the stall, the value ages as usual: 3 cadences of the poller's own time and it is stale.
    expect(toSignal(cell, at(7100), CADENCE, stalls)).toMatchObject({ status: "stale" });
  });

  it("goes ok → error → stale → unknown as reads keep failing, and never stays green", () => {
    const cell = emptyCell<number>("src");
    recordSuccess(cell, 42, t0);
    expect(toSignal(cell, at(500), CADENCE)).toMatchObject({ status: "ok", value: 42, ageMs: 500 });
    recordFailure(cell, "timeout: no answer");
    expect(toSignal(cell, at(1500), CADENCE)).toMatchObject({ status: "error", value: 42, error: "timeout: no answer" });
    expect(toSignal(cell, at(3001), CADENCE)).toMatchObject({ status: "stale", value: 42 });
    expect(toSignal(cell, at(10_001), CADENCE)).toMatchObject({ status: "unknown", value: null, error: "timeout: no answer" });
  });

  it("a value that is merely old (no failed read yet) is stale too", () => {
    const cell = emptyCell<number>("src");
    recordSuccess(cell, 1, t0);
    expect(toSignal(cell, at(3500), CADENCE).status).toBe("stale");
  });

  it("a fresh success clears the error", () => {
    const cell = emptyCell<number>("src");
    recordFailure(cell, "boom");
    expect(toSignal(cell, t0, CADENCE)).toMatchObject({ status: "unknown", error: "boom" });
    recordSuccess(cell, 7, at(100));
    expect(toSignal(cell, at(200), CADENCE)).toMatchObject({ status: "ok", value: 7 });
  });
});

describe("lag signal", () => {
  const CADENCE_5S = 5000;
  const secondaryAurora = regionState("us-west-2", false).aurora;
  const primaryAurora = regionState("us-east-1", true).aurora;
  const lagCell = (view: LagView, readAt = t0) => {
    const cell = emptyCell<LagView>("CloudWatch GetMetricData (us-west-2)");
    recordSuccess(cell, view, readAt);
    return cell;
  };
  const view = (datapointMsAgo: number): LagView => ({ replicationLagMs: 120, rpoLagMs: 300, datapointAt: at(-datapointMsAgo).toISOString() });

  it("is as old as its CloudWatch datapoint, not as the read: current up to 3 periods (180 s), stale after", () => {
    const current = lagSignal(lagCell(view(150_000)), secondaryAurora, "us-west-2", t0, CADENCE_5S);
    expect(current).toMatchObject({ status: "ok", ageMs: 150_000, observedAt: at(-150_000).toISOString() });
    const old = lagSignal(lagCell(view(200_000)), secondaryAurora, "us-west-2", t0, CADENCE_5S);
    expect(old).toMatchObject({ status: "stale", ageMs: 200_000, value: { replicationLagMs: 120 } });
    expect(old.status === "stale" ? old.error : null).toContain("newest CloudWatch datapoint is 3.3 min old");
  });

  it("still turns stale when the reads stop, however fresh the last datapoint was", () => {
    const cell = lagCell(view(10_000));
    expect(lagSignal(cell, secondaryAurora, "us-west-2", at(3 * CADENCE_5S + 1), CADENCE_5S).status).toBe("stale");
  });

  it("a secondary with no lag datapoint is unknown, with the reason; the primary's missing lag is fine", () => {
    const none: LagView = { replicationLagMs: null, rpoLagMs: null, datapointAt: null, noDatapoint: "CloudWatch AuroraGlobalDBReplicationLag has no data in the last 5 minutes" };
    expect(lagSignal(lagCell(none), secondaryAurora, "us-west-2", t0, CADENCE_5S)).toMatchObject({
      status: "unknown",
      value: null,
      error: "no lag datapoint into us-west-2 (CloudWatch AuroraGlobalDBReplicationLag has no data in the last 5 minutes)",
    });
    expect(lagSignal(lagCell(none), primaryAurora, "us-east-1", t0, CADENCE_5S)).toMatchObject({ status: "ok", value: none });
    // While the region's role cannot be told, the empty lag is shown as it is read.
    expect(lagSignal(lagCell(none), ok(null), "us-west-2", t0, CADENCE_5S).status).toBe("ok");
  });
});
