import { describe, expect, it } from "vitest";
import { ProviderError } from "@/server/providers/port";
import { isSettled, never, PRIMARY, SECONDARY, testWorld } from "./testing";

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => new Error("expected the call to fail"),
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw error;
  return error;
}

describe("region outage", () => {
  it("makes the region's own APIs hang until the caller aborts, then time out", async () => {
    const { world, clock } = testWorld();
    world.setFault(PRIMARY, "region-outage", true);
    const controller = new AbortController();
    const pending = [
      world.readAurora(PRIMARY, controller.signal),
      world.readLag(PRIMARY, controller.signal),
      world.readAuthority(PRIMARY, controller.signal),
      world.readAppRole(PRIMARY, controller.signal),
      world.probeReadiness(PRIMARY, controller.signal),
    ];
    clock.advance(600_000);
    for (const p of pending) expect(await isSettled(p)).toBe(false);
    expect(world.hangingCalls).toBe(5);
    controller.abort(new Error("caller timeout"));
    const errors = await Promise.all(pending.map(failure));
    expect(errors.map((e) => [e.kind, e.region])).toEqual(Array.from({ length: 5 }, () => ["timeout", PRIMARY]));
    expect(errors.map((e) => e.service)).toEqual(["rds", "cloudwatch", "authority", "appRole", "readiness"]);
    expect(world.hangingCalls).toBe(0);
  });

  it("fails the region's health checks while Route 53 and ARC keep answering", async () => {
    const { world, clock } = testWorld();
    world.setFault(PRIMARY, "region-outage", true);
    for (let i = 0; i < 20; i++) {
      clock.advance(30_000);
      const [check] = await world.readHealthChecks(PRIMARY, never());
      expect(check?.healthy).toBe(false);
      expect(check?.checkers.filter((c) => c.ok).length).toBeLessThanOrEqual(1);
      for (const c of check?.checkers.filter((x) => !x.ok) ?? []) expect(c.detail).toMatch(/^Failure: Connection timed out/);
    }
    expect((await world.readRoutingControls(PRIMARY, never())).map((c) => c.state)).toEqual(["On"]);
    expect((await world.readHealthChecks(SECONDARY, never()))[0]?.healthy).toBe(true);
  });

  it("leaves the other region's reads answering", async () => {
    const { world } = testWorld();
    world.setFault(PRIMARY, "region-outage", true);
    const signal = AbortSignal.timeout(1_000);
    expect((await world.readAurora(SECONDARY, signal)).role).toBe("reader");
    expect(await world.readAuthority(SECONDARY, signal)).toMatchObject({ role: "standby" });
    expect(await world.readAppRole(SECONDARY, signal)).toEqual({ role: "passive" });
    expect((await world.probeReadiness(SECONDARY, signal)).httpStatus).toBe(200);
  });

  it("stops replication from a dark primary: the secondary's lag grows with time and it is no longer connected", async () => {
    const { world, clock } = testWorld();
    const start = clock.now().getTime();
    world.setFault(PRIMARY, "region-outage", true);
    // CloudWatch has one datapoint a minute, stamped with its period's start: at 2 min the newest is minute 1.
    clock.advance(120_000);
    const first = await world.readLag(SECONDARY, never());
    clock.advance(60_000);
    const second = await world.readLag(SECONDARY, never());
    expect(first.datapointAt).toBe(new Date(start + 60_000).toISOString());
    expect(second.datapointAt).toBe(new Date(start + 120_000).toISOString());
    expect(first.replicationLagMs).toBeGreaterThan(100_000);
    expect((second.replicationLagMs ?? 0) - (first.replicationLagMs ?? 0)).toBe(60_000);
    expect((second.rpoLagMs ?? 0) - (first.rpoLagMs ?? 0)).toBe(60_000);
    const aurora = await world.readAurora(SECONDARY, never());
    expect(aurora.members.find((m) => m.region === SECONDARY)?.synchronizationStatus).toBe("pending-resync");
    // The secondary's RDS still lists the dark cluster as the writer: nothing has been promoted.
    expect(aurora.members.find((m) => m.region === PRIMARY)?.isWriter).toBe(true);
  });

  it("catches up after the outage ends, then reports connected again", async () => {
    const { world, clock } = testWorld({ lagSpikes: false });
    world.setFault(PRIMARY, "region-outage", true);
    clock.advance(60_000);
    world.setFault(PRIMARY, "region-outage", false);
    clock.advance(1_000);
    const draining = await world.readLag(SECONDARY, never());
    expect(draining.replicationLagMs).toBeGreaterThan(50_000);
    expect((await world.readAurora(SECONDARY, never())).members[1]?.synchronizationStatus).toBe("pending-resync");
    // The 60 s backlog drains at 4x in 15 s; CloudWatch shows it once a whole minute is past it.
    clock.advance(20_000);
    expect((await world.readAurora(SECONDARY, never())).members[1]?.synchronizationStatus).toBe("connected");
    clock.advance(100_000);
    expect((await world.readLag(SECONDARY, never())).replicationLagMs).toBeLessThanOrEqual(900);
    expect((await world.readHealthChecks(PRIMARY, never()))[0]?.healthy).toBe(true);
    expect((await world.readAurora(PRIMARY, never())).role).toBe("writer");
  });
});

describe("control-plane outage", () => {
  it("fails the region's APIs fast with ServiceUnavailable while health, readiness and ARC stay fine", async () => {
    const { world } = testWorld();
    world.setFault(SECONDARY, "control-plane-outage", true);
    const reads = [
      world.readAurora(SECONDARY, never()),
      world.readLag(SECONDARY, never()),
      world.readAuthority(SECONDARY, never()),
      world.readAppRole(SECONDARY, never()),
    ];
    // Fast: rejected without the clock moving or anyone aborting.
    const errors = await Promise.all(reads.map(failure));
    for (const e of errors) {
      expect(e.kind).toBe("unavailable");
      expect(e.message).toMatch(/^ServiceUnavailable: .* \(simulated control-plane outage\)$/);
    }
    expect((await world.readHealthChecks(SECONDARY, never()))[0]?.healthy).toBe(true);
    expect(await world.probeReadiness(SECONDARY, never())).toMatchObject({ httpStatus: 200, schemaVersion: "42" });
    expect((await world.readRoutingControls(SECONDARY, never())).length).toBe(1);
    expect((await world.readAurora(PRIMARY, never())).members[1]?.synchronizationStatus).toBe("connected");
  });

  it("leaves replication running: the lag keeps wandering normally", async () => {
    const { world, clock } = testWorld({ lagSpikes: false });
    world.setFault(PRIMARY, "control-plane-outage", true);
    for (let i = 0; i < 30; i++) {
      clock.advance(10_000);
      const lag = await world.readLag(SECONDARY, never());
      expect(lag.replicationLagMs).toBeGreaterThanOrEqual(50);
      expect(lag.replicationLagMs).toBeLessThanOrEqual(900);
    }
  });
});

describe("lag spike", () => {
  it("puts the lag into the secondary at several seconds while on, raised on either region", async () => {
    const { world, clock } = testWorld({ lagSpikes: false });
    for (const region of [SECONDARY, PRIMARY]) {
      world.setFault(region, "lag-spike", true);
      for (let i = 0; i < 10; i++) {
        clock.advance(3_000);
        const lag = await world.readLag(SECONDARY, never());
        expect(lag.replicationLagMs).toBeGreaterThanOrEqual(4_000);
        expect(lag.replicationLagMs).toBeLessThanOrEqual(12_000);
      }
      expect((await world.readAurora(SECONDARY, never())).members[1]?.synchronizationStatus).toBe("connected");
      world.setFault(region, "lag-spike", false);
      expect((await world.readLag(SECONDARY, never())).replicationLagMs).toBeLessThanOrEqual(900);
    }
  });
});

describe("lying health check", () => {
  it("keeps the region's health checks green while its readiness says it cannot write", async () => {
    const { world } = testWorld();
    world.setFault(PRIMARY, "lying-health-check", true);
    expect((await world.readHealthChecks(PRIMARY, never()))[0]?.healthy).toBe(true);
    expect(await world.probeReadiness(PRIMARY, never())).toEqual({ httpStatus: 503, writable: false, schemaVersion: "42", authorisedForWrites: false });
    world.setFault(PRIMARY, "lying-health-check", false);
    expect(await world.probeReadiness(PRIMARY, never())).toMatchObject({ httpStatus: 200, writable: true });
  });
});

describe("throttling", () => {
  it("rejects about half of the region's AWS calls with ThrottlingException, and none of the other region's", async () => {
    const { world } = testWorld();
    world.setFault(PRIMARY, "throttling", true);
    const kinds = [
      () => world.readAurora(PRIMARY, never()),
      () => world.readLag(PRIMARY, never()),
      () => world.readHealthChecks(PRIMARY, never()),
      () => world.readRoutingControls(PRIMARY, never()),
      () => world.readAuthority(PRIMARY, never()),
      () => world.readAppRole(PRIMARY, never()),
    ];
    let throttled = 0;
    const calls = 300;
    for (let i = 0; i < calls; i++) {
      const outcome = await kinds[i % kinds.length]?.().then(
        () => null,
        (e: unknown) => e,
      );
      if (outcome instanceof ProviderError) {
        expect(outcome.kind).toBe("throttled");
        // Each service's own code; only the ARC data plane says when to come back.
        const code = { rds: "Throttling", cloudwatch: "Throttling", route53: "ThrottlingException", arc: "ThrottlingException", authority: "SlowDown", appRole: "ThrottlingException" }[outcome.service as string];
        expect(outcome.message).toMatch(new RegExp(`^${code}: Rate exceeded`));
        expect(outcome.retryAfterMs).toBe(outcome.service === "arc" ? 1_000 : null);
        throttled++;
      }
    }
    expect(throttled / calls).toBeGreaterThan(0.35);
    expect(throttled / calls).toBeLessThan(0.65);
    for (let i = 0; i < 50; i++) await world.readAurora(SECONDARY, never());
    // The readiness probe is the application's own endpoint, not an AWS API.
    for (let i = 0; i < 50; i++) await world.probeReadiness(PRIMARY, never());
  });
});

describe("split brain (drill)", () => {
  it("makes the standby claim authority at the current epoch, run active and accept writes", async () => {
    const { world, clock } = testWorld();
    clock.advance(1_000);
    world.setFault(SECONDARY, "split-brain", true);
    expect(await world.readAuthority(SECONDARY, never())).toEqual({
      role: "primary",
      epoch: 1,
      updatedAt: clock.now().toISOString(),
      updatedBy: "sim:split-brain-drill",
    });
    expect(await world.readAuthority(PRIMARY, never())).toMatchObject({ role: "primary", epoch: 1 });
    expect(await world.readAppRole(SECONDARY, never())).toEqual({ role: "active" });
    expect(await world.probeReadiness(SECONDARY, never())).toEqual({ httpStatus: 200, writable: true, schemaVersion: "42", authorisedForWrites: true });
    // Aurora still has one writer: the split is in the application's own records.
    expect((await world.readAurora(SECONDARY, never())).role).toBe("reader");
    world.setFault(SECONDARY, "split-brain", false);
    expect(await world.readAuthority(SECONDARY, never())).toMatchObject({ role: "standby", updatedBy: "sim:bootstrap" });
    expect(await world.readAppRole(SECONDARY, never())).toEqual({ role: "passive" });
  });
});
