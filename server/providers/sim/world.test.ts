import { describe, expect, it } from "vitest";
import { FAULTS } from "@/lib/snapshot";
import { ProviderError } from "@/server/providers/port";
import { createSimWorld } from "./index";
import { manualClock } from "@/server/clock";
import { never, PRIMARY, SECONDARY, simConfig, testWorld } from "./testing";

describe("the simulated world's initial topology", () => {
  it("has an Aurora global cluster with the first region writing and the second connected", async () => {
    const { world } = testWorld();
    const fromPrimary = await world.readAurora(PRIMARY, never());
    const fromSecondary = await world.readAurora(SECONDARY, never());
    expect(fromPrimary.globalClusterId).toBe("demo-global");
    expect(fromPrimary.role).toBe("writer");
    expect(fromSecondary.role).toBe("reader");
    expect(fromPrimary.status).toBe("available");
    expect(fromPrimary.failover).toBeNull();
    expect(fromPrimary.members).toEqual([
      { region: PRIMARY, clusterArn: "arn:aws:rds:us-east-1:123456789012:cluster:demo-us-east-1", isWriter: true, synchronizationStatus: null },
      { region: SECONDARY, clusterArn: "arn:aws:rds:us-west-2:123456789012:cluster:demo-us-west-2", isWriter: false, synchronizationStatus: "connected" },
    ]);
    expect(fromSecondary.members).toEqual(fromPrimary.members);
  });

  it("reports lag only into the secondary", async () => {
    const { world } = testWorld();
    expect(await world.readLag(PRIMARY, never())).toEqual({ replicationLagMs: null, rpoLagMs: null, datapointAt: null });
    const lag = await world.readLag(SECONDARY, never());
    expect(lag.replicationLagMs).toBeGreaterThanOrEqual(50);
    expect(lag.rpoLagMs).toBeGreaterThan(lag.replicationLagMs ?? Infinity);
  });

  it("gives the same lag twice at one instant, and a moving lag over time", async () => {
    const { world, clock } = testWorld();
    expect(await world.readLag(SECONDARY, never())).toEqual(await world.readLag(SECONDARY, never()));
    const seen = new Set<number | null>();
    for (let i = 0; i < 120; i++) {
      // One CloudWatch datapoint a minute.
      clock.advance(60_000);
      const lag = await world.readLag(SECONDARY, never());
      seen.add(lag.replicationLagMs);
      expect(lag.replicationLagMs).toBeGreaterThanOrEqual(50);
      expect(lag.replicationLagMs).toBeLessThanOrEqual(2_500);
    }
    expect(seen.size).toBeGreaterThan(60);
  });

  it("has the primary's routing control On and the secondary's Off, guarded by an at-least-one-On rule", async () => {
    const { world } = testWorld();
    const east = await world.readRoutingControls(PRIMARY, never());
    const west = await world.readRoutingControls(SECONDARY, never());
    expect(east).toEqual([{ arn: expect.stringMatching(/^arn:aws:route53-recovery-control::123456789012:controlpanel\/[0-9a-f]{32}\/routingcontrol\/us-east-1$/), name: "traffic us-east-1", state: "On" }]);
    expect(west.map((c) => c.state)).toEqual(["Off"]);
    const [rule] = await world.readSafetyRules(never());
    expect(rule).toMatchObject({ kind: "assertion", name: "at-least-one-region-on", waitPeriodMs: 5_000 });
    expect(rule?.controls).toEqual([...east, ...west].map((c) => c.arn));
  });

  it("has authority, app role and readiness for a primary and a standby", async () => {
    const { world, clock } = testWorld();
    const start = clock.now().toISOString();
    expect(await world.readAuthority(PRIMARY, never())).toEqual({ role: "primary", epoch: 1, updatedAt: start, updatedBy: "sim:bootstrap" });
    expect(await world.readAuthority(SECONDARY, never())).toEqual({ role: "standby", epoch: 1, updatedAt: start, updatedBy: "sim:bootstrap" });
    expect(await world.readAppRole(PRIMARY, never())).toEqual({ role: "active" });
    expect(await world.readAppRole(SECONDARY, never())).toEqual({ role: "passive" });
    expect(await world.probeReadiness(PRIMARY, never())).toEqual({ httpStatus: 200, writable: true, schemaVersion: "42", authorisedForWrites: true });
    expect(await world.probeReadiness(SECONDARY, never())).toEqual({ httpStatus: 200, writable: false, schemaVersion: "42", authorisedForWrites: false });
  });

  it("follows the configured regions, partitions, application and cluster names", async () => {
    const config = simConfig({
      application: { name: "Payments API" },
      globalCluster: { identifier: "payments-global" },
      regions: [
        { id: "us-gov-west-1", partition: "aws-us-gov", aurora: { clusterIdentifier: "pay-west" } },
        { id: "us-gov-east-1", partition: "aws-us-gov" },
      ],
    });
    const world = createSimWorld(config, manualClock(), { operationDelayMs: 0 });
    expect(world.kind).toBe("sim");
    expect(world.regions()).toEqual(["us-gov-west-1", "us-gov-east-1"]);
    const aurora = await world.readAurora("us-gov-east-1", never());
    expect(aurora.globalClusterId).toBe("payments-global");
    expect(aurora.members.map((m) => m.clusterArn)).toEqual([
      "arn:aws-us-gov:rds:us-gov-west-1:123456789012:cluster:pay-west",
      "arn:aws-us-gov:rds:us-gov-east-1:123456789012:cluster:payments-api-us-gov-east-1",
    ]);
    const [control] = await world.readRoutingControls("us-gov-east-1", never());
    expect(control?.arn.startsWith("arn:aws-us-gov:route53-recovery-control::")).toBe(true);
  });
});

describe("fault controls and region names", () => {
  it("lists every (region, fault) pair, all off at first, and reflects changes", () => {
    const { world } = testWorld();
    expect(world.faults()).toEqual([PRIMARY, SECONDARY].flatMap((region) => FAULTS.map((fault) => ({ region, fault, active: false }))));
    world.setFault(SECONDARY, "throttling", true);
    expect(world.faults().filter((f) => f.active)).toEqual([{ region: SECONDARY, fault: "throttling", active: true }]);
    world.setFault(SECONDARY, "throttling", false);
    expect(world.faults().some((f) => f.active)).toBe(false);
  });

  it("refuses a fault for an unknown region, naming the valid ones", () => {
    const { world } = testWorld();
    expect(() => world.setFault("eu-west-9", "region-outage", true)).toThrow(/unknown region "eu-west-9": expected one of us-east-1, us-west-2/);
  });

  it("rejects a read for an unknown region with a not_found ProviderError", async () => {
    const { world } = testWorld();
    const error = await world.readAurora("eu-west-9", never()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "not_found", service: "rds", region: "eu-west-9" });
  });
});

describe("determinism", () => {
  async function trace(seed: number) {
    const { world, clock } = testWorld({ seed });
    world.setFault(SECONDARY, "throttling", true);
    const out: unknown[] = [];
    for (let i = 0; i < 40; i++) {
      clock.advance(7_000);
      out.push(await world.readLag(SECONDARY, never()).catch((e: ProviderError) => e.kind));
      out.push((await world.readHealthChecks(PRIMARY, never()))[0]?.checkers.map((c) => c.ok));
      out.push(await world.readAppRole(SECONDARY, never()).catch((e: ProviderError) => e.kind));
    }
    return out;
  }

  it("replays the same world for the same seed and clock, and another for another seed", async () => {
    expect(await trace(123)).toEqual(await trace(123));
    expect(await trace(123)).not.toEqual(await trace(124));
  });
});
