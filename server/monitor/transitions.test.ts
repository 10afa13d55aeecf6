import { describe, expect, it } from "vitest";
import type { RegionState, Snapshot } from "@/lib/snapshot";
import { regionState, unknown } from "./testing";
import { diffSnapshots } from "./transitions";

function snapshot(east: RegionState, west: RegionState): Snapshot {
  return { regions: [east, west], lagBudgetMs: 1000, faults: [], findings: [] } as unknown as Snapshot;
}

const routing = (id: string, state: "On" | "Off"): Partial<RegionState> => ({
  routingControls: { status: "ok", value: [{ arn: `arn:rc/${id}`, name: `rc ${id}`, state }], source: "test", observedAt: null, ageMs: 0 },
});

describe("diffSnapshots", () => {
  it("records a change that happened while the fact could not be read, from its last known value", () => {
    const known = new Map<string, string>();
    const east = regionState("us-east-1", true);
    const west = (over: Partial<RegionState>) => regionState("us-west-2", false, over);
    const s0 = snapshot(east, west(routing("us-west-2", "Off")));
    const s1 = snapshot(east, west({ routingControls: unknown() }));
    const s2 = snapshot(east, west(routing("us-west-2", "On")));
    expect(diffSnapshots(null, s0, known)).toEqual([]);
    expect(diffSnapshots(s0, s1, known).filter((t) => t.kind === "routing")).toEqual([]);
    expect(diffSnapshots(s1, s2, known).filter((t) => t.kind === "routing")).toEqual([
      { region: "us-west-2", kind: "routing", subject: "rc us-west-2", from: "Off", to: "On", detail: {} },
    ]);
    // Without the memory the change is lost: the fact was unknown in the snapshot before.
    expect(diffSnapshots(s1, s2).filter((t) => t.kind === "routing")).toEqual([]);
  });

  it("records nothing when the value read again is the one last known", () => {
    const known = new Map<string, string>();
    const east = regionState("us-east-1", true);
    const s0 = snapshot(east, regionState("us-west-2", false, routing("us-west-2", "Off")));
    const s1 = snapshot(east, regionState("us-west-2", false, { routingControls: unknown() }));
    diffSnapshots(null, s0, known);
    diffSnapshots(s0, s1, known);
    expect(diffSnapshots(s1, s0, known).filter((t) => t.kind === "routing")).toEqual([]);
  });
});
