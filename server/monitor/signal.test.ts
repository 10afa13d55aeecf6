import { describe, expect, it } from "vitest";
import { emptyCell, recordFailure, recordSuccess, toSignal } from "./signal";

const CADENCE = 1000;
const t0 = new Date("2026-01-01T00:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("signal freshness", () => {
  it("is unknown before anything was observed", () => {
    expect(toSignal(emptyCell("src"), t0, CADENCE)).toMatchObject({ status: "unknown", value: null, error: "not observed yet" });
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
