import { describe, expect, it } from "vitest";
import { WriteRejectedError } from "./errors";
import { never, PRIMARY, SECONDARY, testWorld } from "./testing";

async function rejection(promise: Promise<unknown>): Promise<WriteRejectedError> {
  const error = await promise.then(
    () => new Error("expected the write to be refused"),
    (e: unknown) => e,
  );
  if (!(error instanceof WriteRejectedError)) throw error;
  return error;
}

describe("switchover (SwitchoverGlobalCluster)", () => {
  it("runs asynchronously: pending, switching-over, then the writer moves and FailoverState clears", async () => {
    const { world, clock } = testWorld({ lagSpikes: false });
    await world.switchoverGlobalCluster(SECONDARY, SECONDARY, never());
    const started = await world.readAurora(SECONDARY, never());
    expect(started.failover).toEqual({ status: "pending", fromRegion: PRIMARY, toRegion: SECONDARY, dataLossAllowed: false });
    expect(started.role).toBe("reader");
    // RDS blocks writes while it demotes the old primary.
    expect((await world.probeReadiness(PRIMARY, never())).writable).toBe(false);
    clock.advance(6_000);
    expect((await world.readAurora(PRIMARY, never())).failover?.status).toBe("switching-over");
    expect((await world.readAurora(PRIMARY, never())).status).toBe("switching-over");
    await expect(world.switchoverGlobalCluster(SECONDARY, SECONDARY, never())).rejects.toMatchObject({ code: "InvalidGlobalClusterStateFault" });
    clock.advance(20_000);
    const done = await world.readAurora(SECONDARY, never());
    expect(done.role).toBe("writer");
    expect(done.status).toBe("available");
    expect(done.failover).toBeNull();
    expect(done.members.map((m) => [m.region, m.isWriter, m.synchronizationStatus])).toEqual([
      [PRIMARY, false, "connected"],
      [SECONDARY, true, null],
    ]);
    // Replication now flows the other way.
    expect(await world.readLag(SECONDARY, never())).toEqual({ replicationLagMs: null, rpoLagMs: null, datapointAt: null });
    expect((await world.readLag(PRIMARY, never())).replicationLagMs).toBeLessThanOrEqual(900);
  });

  it("is refused while the primary cannot be reached, or to the region that already writes", async () => {
    const { world } = testWorld();
    expect((await rejection(world.switchoverGlobalCluster(PRIMARY, PRIMARY, never()))).code).toBe("InvalidGlobalClusterStateFault");
    world.setFault(PRIMARY, "control-plane-outage", true);
    expect((await rejection(world.switchoverGlobalCluster(SECONDARY, SECONDARY, never()))).message).toMatch(/cannot be reached/);
    world.setFault(PRIMARY, "control-plane-outage", false);
    world.setFault(PRIMARY, "region-outage", true);
    expect((await rejection(world.switchoverGlobalCluster(SECONDARY, SECONDARY, never()))).message).toMatch(/fail over with data loss/);
  });

  it("is cancelled when a region goes dark mid-way, leaving the roles as they were", async () => {
    const { world, clock } = testWorld();
    await world.switchoverGlobalCluster(SECONDARY, SECONDARY, never());
    clock.advance(8_000);
    world.setFault(PRIMARY, "region-outage", true);
    expect((await world.readAurora(SECONDARY, never())).failover?.status).toBe("cancelling");
    clock.advance(30_000);
    const after = await world.readAurora(SECONDARY, never());
    expect(after.failover).toBeNull();
    expect(after.role).toBe("reader");
  });
});

describe("failover with data loss (FailoverGlobalCluster AllowDataLoss)", () => {
  it("promotes the secondary while the primary is dark, records the data-loss window, and rebuilds the old primary when it returns", async () => {
    const { world, clock } = testWorld({ lagSpikes: false });
    world.setFault(PRIMARY, "region-outage", true);
    clock.advance(30_000);
    const lagAtFailover = await world.readLag(SECONDARY, never());
    await world.failoverGlobalCluster(SECONDARY, never());
    const started = await world.readAurora(SECONDARY, never());
    expect(started.failover).toMatchObject({ status: "pending", dataLossAllowed: true, fromRegion: PRIMARY, toRegion: SECONDARY });
    expect(world.lastFailover()).toEqual({ at: clock.now().toISOString(), from: PRIMARY, to: SECONDARY, estimatedDataLossMs: lagAtFailover.rpoLagMs });
    clock.advance(4_000);
    expect((await world.readAurora(SECONDARY, never())).failover?.status).toBe("failing-over");
    clock.advance(12_000);
    const promoted = await world.readAurora(SECONDARY, never());
    expect(promoted.role).toBe("writer");
    expect(promoted.failover).toBeNull();
    expect(promoted.members[0]?.synchronizationStatus).toBe("pending-resync");
    // The old primary comes back as a secondary being rebuilt; it still answers for its records.
    world.setFault(PRIMARY, "region-outage", false);
    clock.advance(1_000);
    expect((await world.readAurora(PRIMARY, never())).role).toBe("reader");
    expect(await world.readLag(PRIMARY, never())).toEqual({ replicationLagMs: null, rpoLagMs: null, datapointAt: null });
    expect((await world.probeReadiness(PRIMARY, never())).writable).toBe(false);
    // A failover back to it is refused while it holds no complete copy.
    expect((await rejection(world.failoverGlobalCluster(PRIMARY, never()))).code).toBe("InvalidGlobalClusterStateFault");
    clock.advance(60_000);
    expect((await world.readAurora(SECONDARY, never())).members[0]?.synchronizationStatus).toBe("connected");
    expect((await world.readLag(PRIMARY, never())).replicationLagMs).toBeLessThanOrEqual(900);
  });

  it("hangs like any other call when the target region is dark", async () => {
    const { world } = testWorld();
    world.setFault(SECONDARY, "region-outage", true);
    await expect(world.failoverGlobalCluster(SECONDARY, AbortSignal.abort())).rejects.toMatchObject({ kind: "timeout" });
  });
});

describe("routing controls (UpdateRoutingControlStates)", () => {
  it("turns the new region On before the old Off, and refuses to leave none On", async () => {
    const { world } = testWorld();
    const [east] = await world.readRoutingControls(PRIMARY, never());
    const [west] = await world.readRoutingControls(SECONDARY, never());
    if (east === undefined || west === undefined) throw new Error("expected one control per region");
    const refused = await rejection(world.updateRoutingControls([{ arn: east.arn, state: "Off" }], never()));
    expect(refused.code).toBe("ConflictException");
    expect(refused.message).toMatch(/at-least-one-region-on/);
    expect((await world.readRoutingControls(PRIMARY, never()))[0]?.state).toBe("On");
    await world.updateRoutingControls([{ arn: west.arn, state: "On" }], never());
    expect(await world.readRoutingControls(SECONDARY, never())).toEqual([{ ...west, state: "On" }]);
    await world.updateRoutingControls([{ arn: east.arn, state: "Off" }], never());
    expect((await world.readRoutingControls(PRIMARY, never()))[0]?.state).toBe("Off");
    expect((await rejection(world.updateRoutingControls([{ arn: west.arn, state: "Off" }], never()))).code).toBe("ConflictException");
  });

  it("applies a batch all or nothing: both Off in one call is refused and changes nothing", async () => {
    const { world } = testWorld();
    const [east] = await world.readRoutingControls(PRIMARY, never());
    const [west] = await world.readRoutingControls(SECONDARY, never());
    if (east === undefined || west === undefined) throw new Error("expected one control per region");
    const refused = await rejection(world.updateRoutingControls([{ arn: west.arn, state: "On" }, { arn: east.arn, state: "Off" }, { arn: west.arn, state: "Off" }], never()));
    expect(refused.code).toBe("ConflictException");
    expect((await world.readRoutingControls(SECONDARY, never()))[0]?.state).toBe("Off");
    // A swap in one call keeps one region On, so ARC allows it.
    await world.updateRoutingControls([{ arn: west.arn, state: "On" }, { arn: east.arn, state: "Off" }], never());
    expect([(await world.readRoutingControls(PRIMARY, never()))[0]?.state, (await world.readRoutingControls(SECONDARY, never()))[0]?.state]).toEqual(["Off", "On"]);
  });

  it("refuses an unknown routing control", async () => {
    const { world } = testWorld();
    const error = await world.updateRoutingControls([{ arn: "arn:aws:route53-recovery-control::123456789012:controlpanel/x/routingcontrol/y", state: "On" }], never()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ResourceNotFoundException" });
  });
});

describe("authority flag and app role", () => {
  it("writes an authority flag at the same or a higher epoch and refuses a lower one", async () => {
    const { world, clock } = testWorld();
    clock.advance(5_000);
    const fenced = await world.writeAuthority(PRIMARY, { role: "fenced", epoch: 2, updatedBy: "alice" }, never());
    expect(fenced).toEqual({ role: "fenced", epoch: 2, updatedAt: clock.now().toISOString(), updatedBy: "alice" });
    expect(await world.readAuthority(PRIMARY, never())).toEqual(fenced);
    // A retry at the same epoch is fine (the runbook's steps are idempotent).
    await world.writeAuthority(PRIMARY, { role: "fenced", epoch: 2, updatedBy: "alice" }, never());
    const stale = await rejection(world.writeAuthority(PRIMARY, { role: "primary", epoch: 1, updatedBy: "mallory" }, never()));
    expect(stale.code).toBe("StaleEpoch");
    expect((await world.readAuthority(PRIMARY, never())).role).toBe("fenced");
  });

  it("writes the app role, which readiness follows", async () => {
    const { world } = testWorld();
    expect(await world.writeAppRole(PRIMARY, "passive", never())).toEqual({ role: "passive" });
    expect(await world.readAppRole(PRIMARY, never())).toEqual({ role: "passive" });
    expect((await world.probeReadiness(PRIMARY, never())).writable).toBe(false);
  });

  it("fails writes like reads under a control-plane outage", async () => {
    const { world } = testWorld();
    world.setFault(PRIMARY, "control-plane-outage", true);
    await expect(world.writeAppRole(PRIMARY, "passive", never())).rejects.toMatchObject({ kind: "unavailable", service: "appRole" });
    await expect(world.writeAuthority(PRIMARY, { role: "fenced", epoch: 2, updatedBy: "a" }, never())).rejects.toMatchObject({ kind: "unavailable" });
  });
});
