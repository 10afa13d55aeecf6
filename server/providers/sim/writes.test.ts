import { describe, expect, it } from "vitest";
import { WriteRejectedError } from "./errors";
import { never, PRIMARY, SECONDARY, simConfig, testWorld } from "./testing";

async function rejection(promise: Promise<unknown>): Promise<WriteRejectedError> {
  const error = await promise.then(
    () => new Error("expected the write to be refused"),
    (e: unknown) => e,
  );
  if (!(error instanceof WriteRejectedError)) throw error;
  return error;
}

// Visibility delay 3 s (RDS's reads lag the call), operations at their documented length.
describe("switchover (SwitchoverGlobalCluster)", () => {
  it("is accepted only in the primary's region, and shows up in DescribeGlobalClusters only after a delay", async () => {
    const { world, clock } = testWorld({ lagSpikes: false });
    const wrongRegion = await rejection(world.switchoverGlobalCluster(SECONDARY, SECONDARY, never()));
    expect(wrongRegion.message).toMatch(/must be called in us-east-1, not us-west-2/);
    await world.switchoverGlobalCluster(SECONDARY, PRIMARY, never());
    // Accepted, yet RDS still shows the old state for a while.
    const right = await world.readAurora(SECONDARY, never());
    expect(right).toMatchObject({ role: "reader", status: "available", failover: null });
    clock.advance(3_000);
    const started = await world.readAurora(SECONDARY, never());
    expect(started.failover).toEqual({ status: "pending", fromRegion: PRIMARY, toRegion: SECONDARY, dataLossAllowed: false });
    expect(started.status).toBe("switching-over");
    // RDS blocks writes while it demotes the old primary.
    expect((await world.probeReadiness(PRIMARY, never())).writable).toBe(false);
    clock.advance(3_000);
    expect((await world.readAurora(PRIMARY, never())).failover?.status).toBe("switching-over");
    await expect(world.switchoverGlobalCluster(SECONDARY, PRIMARY, never())).rejects.toMatchObject({ code: "InvalidGlobalClusterStateFault" });
    clock.advance(20_000);
    const done = await world.readAurora(SECONDARY, never());
    expect(done).toMatchObject({ role: "writer", status: "modifying", failover: null });
    clock.advance(5_000);
    expect((await world.readAurora(SECONDARY, never())).status).toBe("available");
    expect(done.members.map((m) => [m.region, m.isWriter, m.synchronizationStatus])).toEqual([
      [PRIMARY, false, "connected"],
      [SECONDARY, true, null],
    ]);
    // Replication now flows the other way (seen in CloudWatch from the next whole minute).
    expect(await world.readLag(SECONDARY, never())).toEqual({ replicationLagMs: null, rpoLagMs: null, datapointAt: null });
    clock.advance(60_000);
    expect((await world.readLag(PRIMARY, never())).replicationLagMs).toBeLessThanOrEqual(900);
  });

  it("is refused while the primary cannot be reached, or to the region that already writes", async () => {
    const { world } = testWorld();
    expect((await rejection(world.switchoverGlobalCluster(PRIMARY, PRIMARY, never()))).code).toBe("InvalidGlobalClusterStateFault");
    world.setFault(PRIMARY, "control-plane-outage", true);
    expect((await world.switchoverGlobalCluster(SECONDARY, PRIMARY, never()).catch((e: unknown) => e))).toMatchObject({ kind: "unavailable" });
    world.setFault(PRIMARY, "control-plane-outage", false);
    world.setFault(PRIMARY, "region-outage", true);
    await expect(world.switchoverGlobalCluster(SECONDARY, PRIMARY, AbortSignal.abort())).rejects.toMatchObject({ kind: "timeout" });
  });

  it("is cancelled when a region goes dark mid-way, leaving the roles as they were", async () => {
    const { world, clock } = testWorld();
    await world.switchoverGlobalCluster(SECONDARY, PRIMARY, never());
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
  it("promotes the secondary while the primary is dark; FailoverState lingers until the old primary is back, then it is rebuilt as a secondary over minutes", async () => {
    const { world, clock } = testWorld({ lagSpikes: false });
    world.setFault(PRIMARY, "region-outage", true);
    clock.advance(30_000);
    await world.failoverGlobalCluster(SECONDARY, never());
    expect(world.lastFailover()).toMatchObject({ at: clock.now().toISOString(), from: PRIMARY, to: SECONDARY });
    expect(world.lastFailover()?.estimatedDataLossMs).toBeGreaterThan(30_000);
    clock.advance(3_000);
    expect((await world.readAurora(SECONDARY, never())).failover).toMatchObject({ dataLossAllowed: true, fromRegion: PRIMARY, toRegion: SECONDARY });
    clock.advance(4_000);
    expect((await world.readAurora(SECONDARY, never())).status).toBe("failing-over");
    clock.advance(20_000);
    const promoted = await world.readAurora(SECONDARY, never());
    // Writer and available, yet FailoverState still there: the old primary's region is dark.
    expect(promoted).toMatchObject({ role: "writer", status: "available", failover: { status: "failing-over", fromRegion: PRIMARY, toRegion: SECONDARY } });
    expect(promoted.members[0]?.synchronizationStatus).toBe("pending-resync");
    world.setFault(PRIMARY, "region-outage", false);
    clock.advance(1_000);
    expect((await world.readAurora(SECONDARY, never())).failover).toBeNull();
    expect((await world.readAurora(PRIMARY, never())).role).toBe("reader");
    expect((await world.readLag(PRIMARY, never())).replicationLagMs).toBeNull();
    expect((await world.probeReadiness(PRIMARY, never())).writable).toBe(false);
    // A failover back to it is refused while it holds no complete copy.
    expect((await rejection(world.failoverGlobalCluster(PRIMARY, never()))).code).toBe("InvalidGlobalClusterStateFault");
    clock.advance(60_000);
    expect((await world.readAurora(SECONDARY, never())).members[0]?.synchronizationStatus).toBe("pending-resync");
    clock.advance(60_000);
    expect((await world.readAurora(SECONDARY, never())).members[0]?.synchronizationStatus).toBe("connected");
    // CloudWatch's next whole minute after the rebuild has the lag again.
    clock.advance(120_000);
    expect((await world.readLag(PRIMARY, never())).replicationLagMs).toBeLessThanOrEqual(900);
  });

  it("hangs like any other call when the target region is dark", async () => {
    const { world } = testWorld();
    world.setFault(SECONDARY, "region-outage", true);
    await expect(world.failoverGlobalCluster(SECONDARY, AbortSignal.abort())).rejects.toMatchObject({ kind: "timeout" });
  });
});

describe("detach (RemoveFromGlobalCluster)", () => {
  it("makes the target a standalone writer and does not fence the old primary, which writes again when its region returns", async () => {
    const { world, clock } = testWorld({ lagSpikes: false });
    world.setFault(PRIMARY, "region-outage", true);
    await world.detachFromGlobalCluster(SECONDARY, never());
    clock.advance(3_000);
    expect((await world.readAurora(SECONDARY, never())).status).toBe("modifying");
    clock.advance(10_000);
    const detached = await world.readAurora(SECONDARY, never());
    expect(detached).toMatchObject({ role: "detached", failover: null });
    expect(detached.members.map((m) => m.region)).toEqual([PRIMARY]);
    world.setFault(PRIMARY, "region-outage", false);
    expect((await world.readAurora(PRIMARY, never())).role).toBe("writer");
    // Nobody fenced it: still primary and active, so it takes writes again.
    expect((await world.probeReadiness(PRIMARY, never())).writable).toBe(true);
    await world.writeAppRole(SECONDARY, "active", never());
    expect((await world.probeReadiness(SECONDARY, never())).writable).toBe(true);
    expect((await rejection(world.failoverGlobalCluster(SECONDARY, never()))).code).toBe("DBClusterNotFoundFault");
  });
});

describe("routing controls (UpdateRoutingControlStates)", () => {
  async function controls(world: ReturnType<typeof testWorld>["world"]) {
    const [east] = await world.readRoutingControls(PRIMARY, never());
    const [west] = await world.readRoutingControls(SECONDARY, never());
    if (east === undefined || west === undefined) throw new Error("expected one control per region");
    return { east, west };
  }

  it("judges one call as a whole against the assertion rule: a swap passes, leaving none On is refused naming the rule", async () => {
    const { world } = testWorld();
    const { east, west } = await controls(world);
    const refused = await rejection(world.updateRoutingControls([{ arn: east.arn, state: "Off" }], never()));
    expect(refused.code).toBe("ConflictException");
    expect(refused.message).toMatch(/at-least-one-region-on/);
    const both = await rejection(world.updateRoutingControls([{ arn: west.arn, state: "On" }, { arn: east.arn, state: "Off" }, { arn: west.arn, state: "Off" }], never()));
    expect(both.code).toBe("ConflictException");
    expect((await world.readRoutingControls(SECONDARY, never()))[0]?.state).toBe("Off");
    await world.updateRoutingControls([{ arn: west.arn, state: "On" }, { arn: east.arn, state: "Off" }], never());
    expect([(await world.readRoutingControls(PRIMARY, never()))[0]?.state, (await world.readRoutingControls(SECONDARY, never()))[0]?.state]).toEqual(["Off", "On"]);
  });

  it("refuses any request against a rule's controls during its wait period, then accepts", async () => {
    const { world, clock } = testWorld();
    const { east, west } = await controls(world);
    await world.updateRoutingControls([{ arn: west.arn, state: "On" }], never());
    clock.advance(4_000);
    const waiting = await rejection(world.updateRoutingControls([{ arn: east.arn, state: "Off" }], never()));
    expect(waiting.code).toBe("ConflictException");
    expect(waiting.message).toMatch(/wait period of 5000 ms; 1000 ms left/);
    clock.advance(1_000);
    await world.updateRoutingControls([{ arn: east.arn, state: "Off" }], never());
    expect((await world.readRoutingControls(PRIMARY, never()))[0]?.state).toBe("Off");
  });

  it("skips the rules named in SafetyRulesToOverride", async () => {
    const { world } = testWorld();
    const { east } = await controls(world);
    const [rule] = await world.readSafetyRules(never());
    if (!rule) throw new Error("expected the default rule");
    await world.updateRoutingControls([{ arn: east.arn, state: "Off" }], never(), { safetyRulesToOverride: [rule.arn] });
    expect((await world.readRoutingControls(PRIMARY, never()))[0]?.state).toBe("Off");
  });

  it("keeps no rule of its own: without a configured rule it lets every region go Off (invariant 5 is the console's job)", async () => {
    const { world } = testWorld({}, simConfig({ sim: { safetyRules: [] } }));
    const { east } = await controls(world);
    await world.updateRoutingControls([{ arn: east.arn, state: "Off" }], never());
    expect((await world.readRoutingControls(PRIMARY, never()))[0]?.state).toBe("Off");
  });

  it("applies a gating rule: the target controls change only while the gating control is On", async () => {
    const config = simConfig({
      sim: { safetyRules: [{ kind: "gating", name: "west-needs-east", type: "AND", gatingControls: ["traffic us-east-1"], targetControls: ["traffic us-west-2"], waitPeriodMs: 0 }] },
    });
    const { world } = testWorld({}, config);
    const { east, west } = await controls(world);
    await world.updateRoutingControls([{ arn: east.arn, state: "Off" }], never());
    const gated = await rejection(world.updateRoutingControls([{ arn: west.arn, state: "On" }], never()));
    expect(gated.message).toMatch(/gated by gating rule "west-needs-east"/);
    await world.updateRoutingControls([{ arn: east.arn, state: "On" }], never());
    await world.updateRoutingControls([{ arn: west.arn, state: "On" }], never());
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
