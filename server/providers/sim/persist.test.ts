import { describe, expect, it } from "vitest";
import { manualClock, scaledClock } from "@/server/clock";
import type { SavedWorld } from "./persist";
import { never, PRIMARY, SECONDARY, simConfig } from "./testing";
import { SimWorld } from "./world";

describe("the simulated world survives a console restart", () => {
  it("carries on from its saved state: the switchover in flight, the flags, the faults and the wait periods", async () => {
    const clock = manualClock();
    let saved: SavedWorld | null = null;
    const persist = async (world: SavedWorld) => void (saved = world);
    const first = new SimWorld(simConfig(), clock, { seed: 7, operationDelayMs: 0, persist });
    await first.writeAuthority(PRIMARY, { role: "fenced", epoch: 2, updatedBy: "run r1" }, never());
    await first.switchoverGlobalCluster(SECONDARY, PRIMARY, never());
    const [west] = await first.readRoutingControls(SECONDARY, never());
    if (!west) throw new Error("expected a control");
    await first.updateRoutingControls([{ arn: west.arn, state: "On" }], never());
    first.setFault(PRIMARY, "lag-spike", true);
    await first.close();

    clock.advance(4_000);
    const second = new SimWorld(simConfig(), clock, { seed: 7, operationDelayMs: 0, saved });
    expect(second.restored).toBe(true);
    // The resumed run finds the switchover it started, not a world rebuilt from scratch.
    expect((await second.readAurora(SECONDARY, never())).failover).toMatchObject({ fromRegion: PRIMARY, toRegion: SECONDARY });
    expect(await second.readAuthority(PRIMARY, never())).toMatchObject({ role: "fenced", epoch: 2, updatedBy: "run r1" });
    expect(second.faults().find((f) => f.region === PRIMARY && f.fault === "lag-spike")?.active).toBe(true);
    // Still inside the routing rule's 5 s wait period.
    await expect(second.updateRoutingControls([{ arn: west.arn, state: "Off" }], never())).rejects.toMatchObject({ code: "ConflictException" });
    clock.advance(30_000);
    expect((await second.readAurora(SECONDARY, never())).role).toBe("writer");
  });

  it("starts fresh when the saved state belongs to other regions", async () => {
    const clock = manualClock();
    let saved: SavedWorld | null = null;
    const world = new SimWorld(simConfig(), clock, { operationDelayMs: 0, persist: async (s) => void (saved = s) });
    await world.writeAppRole(PRIMARY, "passive", never());
    const other = simConfig({ regions: [{ id: "eu-west-1", partition: "aws" }, { id: "eu-central-1", partition: "aws" }] });
    const fresh = new SimWorld(other, clock, { operationDelayMs: 0, saved });
    expect(fresh.restored).toBe(false);
    expect(await fresh.readAppRole("eu-west-1", never())).toEqual({ role: "active" });
  });

  it("dates what it reports on the wall's timeline while its own clock runs faster", async () => {
    let wall = Date.parse("2026-03-01T00:00:00.000Z");
    const world = new SimWorld(simConfig(), scaledClock(10, () => wall), { operationDelayMs: 0 });
    wall += 1_000; // 10 s of world time
    const flag = await world.writeAuthority(PRIMARY, { role: "fenced", epoch: 2, updatedBy: "run r1" }, never());
    expect(flag.updatedAt).toBe("2026-03-01T00:00:01.000Z");
    wall += 12_000; // 2 min of world time: the newest lag datapoint is the minute [1 min, 2 min) of world time
    const lag = await world.readLag(SECONDARY, never());
    expect(lag.datapointAt).toBe("2026-03-01T00:00:06.000Z");
  });
});
