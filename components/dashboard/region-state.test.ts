import { describe, expect, it } from "vitest";
import type { RegionState, Snapshot } from "@/lib/snapshot";
import { controlPlaneOutage, healthy, regionOutage, splitBrain } from "./fixtures";
import { regionHeadline } from "./region-state";

const words = (s: Snapshot) => s.regions.map((r) => regionHeadline(r, s).word);
const withRegion = (s: Snapshot, i: 0 | 1, change: Partial<RegionState>): Snapshot => {
  const regions: [RegionState, RegionState] = [s.regions[0], s.regions[1]];
  regions[i] = { ...regions[i], ...change };
  return { ...s, regions };
};
const flag = (role: "primary" | "fenced" | "standby", epoch: number) =>
  ({ status: "ok", value: { role, epoch, updatedAt: null, updatedBy: null }, source: "s3:failover-flag", observedAt: healthy.generatedAt, ageMs: 500 }) as const;

describe("a region's one word", () => {
  it("healthy: the writer and its standby, with the reason", () => {
    expect(words(healthy)).toEqual(["WRITER", "STANDBY"]);
    expect(regionHeadline(healthy.regions[0], healthy).reason).toBe("Owns writes at epoch 7; traffic On.");
    expect(regionHeadline(healthy.regions[1], healthy).reason).toMatch(/^Replica of us-east-1; lag \d+ ms$/);
  });

  it("a region the monitor finds down is DOWN, with the finding's reason", () => {
    const east = regionHeadline(regionOutage.regions[0], regionOutage);
    expect(east).toMatchObject({ word: "DOWN", tone: "bad", reason: "Every us-east-1 API call timed out." });
  });

  it("unknown is never healthy: an unreadable or stale authority flag is UNKNOWN whatever else is green", () => {
    const unread = withRegion(healthy, 0, { authority: { status: "unknown", value: null, error: "timeout", source: "s3:failover-flag", observedAt: null, ageMs: null } });
    expect(regionHeadline(unread.regions[0], unread)).toMatchObject({ word: "UNKNOWN", tone: "none" });
    // The browser aged the flag (no snapshot for a while): stale, not confirmed.
    expect(regionHeadline(healthy.regions[0], healthy, { authority: "stale" }).word).toBe("UNKNOWN");
    expect(regionHeadline(healthy.regions[0], healthy, { authority: "unknown" }).word).toBe("UNKNOWN");
    // Every signal unknown and no finding (yet): UNKNOWN, never the last word it had.
    const all = Object.fromEntries(["authority", "aurora", "lag", "healthChecks", "routingControls", "appRole", "readiness"].map((s) => [s, "unknown"]));
    expect(regionHeadline(healthy.regions[0], healthy, all).word).toBe("UNKNOWN");
  });

  it("split brain: both regions are WRITER, in the bad tone, naming the other claim", () => {
    expect(words(splitBrain)).toEqual(["WRITER", "WRITER"]);
    expect(regionHeadline(splitBrain.regions[0], splitBrain)).toMatchObject({ tone: "bad", reason: expect.stringContaining("us-west-2 (epoch 8) also claims writes") });
  });

  it("a fenced region is FENCED; a stale claim at an older epoch is not the writer", () => {
    const after: Snapshot = {
      ...withRegion(withRegion(healthy, 0, { authority: flag("fenced", 8) }), 1, { authority: flag("primary", 8) }),
      verdict: { ...healthy.verdict, writer: { region: "us-west-2", epoch: 8 } },
    };
    expect(words(after)).toEqual(["FENCED", "WRITER"]);
    const stale: Snapshot = { ...after, regions: [{ ...after.regions[0], authority: flag("primary", 7) }, after.regions[1]] };
    expect(regionHeadline(stale.regions[0], stale)).toMatchObject({ word: "STANDBY", tone: "warn", reason: "Stale authority claim (epoch 7 < 8): not the writer; fence it." });
  });

  it("a control-plane outage does not make the writer DOWN", () => {
    expect(words(controlPlaneOutage)[0]).toBe("WRITER");
  });
});
