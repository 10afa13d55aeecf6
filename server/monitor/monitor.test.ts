import { expect, it, vi } from "vitest";
import type { RegionState } from "@/lib/snapshot";
import { systemClock } from "@/server/clock";
import { parseConfigText } from "@/server/config";
import { tables } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { ProviderError, type RegionReader } from "@/server/providers/port";
import { Monitor } from "./monitor";
import { regionState } from "./testing";

// 100 ms cadence, 200 ms per-call timeout: a hung region is stale after 300 ms, unknown after 1 s.
const config = parseConfigText("mode: sim\nmonitor: { cadenceSeconds: 0.1, callTimeoutMs: 200 }\n", "t.yaml");

/** A provider whose regions answer from fixture states, or hang until aborted. */
function fakeProvider(states: Record<string, RegionState>, hanging: Set<string>): RegionReader {
  const answer = <T>(region: string, signal: AbortSignal, pick: (s: RegionState) => T | null): Promise<T> =>
    new Promise((resolve, reject) => {
      const fail = () => reject(new ProviderError("timeout", "rds", region, "aborted"));
      if (hanging.has(region)) return signal.addEventListener("abort", fail, { once: true });
      const state = states[region];
      const value = state ? pick(state) : null;
      return value === null ? reject(new ProviderError("not_found", "rds", region, "no fixture")) : resolve(value);
    });
  return {
    kind: "sim",
    readAurora: (r, s) => answer(r, s, (x) => x.aurora.value),
    readLag: (r, s) => answer(r, s, (x) => x.lag.value),
    readHealthChecks: (r, s) => answer(r, s, (x) => x.healthChecks.value),
    readRoutingControls: (r, s) => answer(r, s, (x) => x.routingControls.value),
    readAuthority: (r, s) => answer(r, s, (x) => x.authority.value),
    readAppRole: (r, s) => answer(r, s, (x) => x.appRole.value),
    probeReadiness: (r, s) => answer(r, s, (x) => x.readiness.value),
    close: async () => {},
  };
}

const states = () => ({ "us-east-1": regionState("us-east-1", true), "us-west-2": regionState("us-west-2", false) });

describeStores("monitor", (fresh) => {
  it("a hung region goes stale then unknown while the other region stays fresh (invariant 8)", async () => {
    const store = await fresh();
    const hanging = new Set<string>();
    const monitor = new Monitor({ config, provider: fakeProvider(states(), hanging), faults: null, clock: systemClock, db: store.db });
    const east = () => monitor.snapshot().regions[0];
    monitor.start();
    try {
      await vi.waitFor(() => expect(east().authority.status).toBe("ok"), { timeout: 3000, interval: 20 });
      hanging.add("us-east-1");
      await vi.waitFor(() => expect(east().authority.status).toBe("stale"), { timeout: 3000, interval: 20 });
      await vi.waitFor(() => expect(east().authority.status).toBe("unknown"), { timeout: 5000, interval: 20 });
      expect(east().controlPlane.find((c) => c.service === "rds")).toMatchObject({ status: "impaired", error: expect.stringMatching(/timeout/) });
      const west = monitor.snapshot().regions[1];
      expect(west.authority.status).toBe("ok");
      // The healthy region was refreshed within two cadences, hang or no hang.
      expect(west.authority.ageMs).toBeLessThan(200);
      expect(monitor.snapshot().verdict.authority).toBe("unknown");
    } finally {
      await monitor.stop();
    }
  });

  it("provider calls depend on the cadence, not on the number of viewers (invariant 9)", async () => {
    const store = await fresh();
    const monitor = new Monitor({ config, provider: fakeProvider(states(), new Set()), faults: null, clock: systemClock, db: store.db });
    let pushes = 0;
    const unsubscribe = Array.from({ length: 100 }, () => monitor.subscribe(() => pushes++));
    monitor.start();
    await vi.waitFor(() => expect(pushes).toBeGreaterThan(500), { timeout: 5000, interval: 20 });
    await monitor.stop();
    unsubscribe.forEach((u) => u());
    const snapshot = monitor.snapshot();
    expect(snapshot.regions[1].authority.status).toBe("ok");
    // Seven reads per region per completed cycle, whoever is watching.
    expect(monitor.providerCalls()).toBe(7 * monitor.pollCycles());
  });

  it("records transitions and raised findings as observations", async () => {
    const store = await fresh();
    const world = states();
    const monitor = new Monitor({ config, provider: fakeProvider(world, new Set()), faults: null, clock: systemClock, db: store.db });
    monitor.start();
    try {
      await vi.waitFor(() => expect(monitor.snapshot().regions[1].authority.status).toBe("ok"), { timeout: 3000 });
      world["us-west-2"] = regionState("us-west-2", false, { authority: world["us-east-1"].authority });
      await vi.waitFor(() => expect(monitor.snapshot().verdict.authority).toBe("split"), { timeout: 3000 });
      await vi.waitFor(async () => {
        const rows = await store.db.select().from(tables.observations);
        expect(rows).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ region: "us-west-2", kind: "authority", fromValue: "standby epoch 1", toValue: "primary epoch 1" }),
            expect.objectContaining({ kind: "finding", subject: "split-brain", toValue: "raised" }),
          ]),
        );
      }, { timeout: 3000 });
    } finally {
      await monitor.stop();
    }
  });
});
