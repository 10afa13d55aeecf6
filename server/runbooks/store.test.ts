import { describe, expect, it } from "vitest";
import { specOf, type StepRow } from "./store";

const run = { sourceRegion: "us-east-1", targetRegion: "us-west-2" };

function row(stepId: string, region: string, params: unknown): StepRow {
  return { runId: "r1", idx: 8, stepId, kind: "routing", title: stepId, region, params, bestEffort: false, maxAttempts: 3, timeoutMs: 30_000, status: "pending", attempts: 0, startedAt: null, finishedAt: null, detail: null, error: null };
}

describe("stored step params", () => {
  it("reads a run stored before traffic moved in one call: each old routing step becomes the one-call switch", () => {
    expect(specOf(row("routing-target-on", "us-west-2", { kind: "routing", state: "On" }), run).params).toEqual({ kind: "routing", on: "us-west-2", off: "us-east-1" });
    expect(specOf(row("routing-source-off", "us-east-1", { kind: "routing", state: "Off" }), run).params).toEqual({ kind: "routing", on: "us-west-2", off: "us-east-1" });
  });

  it("refuses params it cannot read, naming the run and step", () => {
    expect(() => specOf(row("routing", "us-west-2", { kind: "routing", state: "Sideways" }), run)).toThrow(/run r1 step 8 \(routing\) has malformed stored params/);
  });
});
