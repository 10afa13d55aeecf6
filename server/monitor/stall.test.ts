import { expect, it, vi } from "vitest";
import type { RegionState, Snapshot } from "@/lib/snapshot";
import { systemClock } from "@/server/clock";
import { parseConfigText } from "@/server/config";
import { tables } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import type { RegionReader } from "@/server/providers/port";
import { Monitor } from "./monitor";
import { regionState } from "./testing";

// Stale after 3 cadences (1.5 s), a call times out after 300 ms: a 3 s stall is far past both.
const config = parseConfigText("mode: sim\nmonitor: { cadenceSeconds: 0.5, callTimeoutMs: 300 }\n", "t.yaml");

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // The console's own event loop is blocked: no timer, no I/O, no poll runs meanwhile.
  }
}

/** Regions that answer in 20 ms; `stallNext()` makes the next us-east-1 read block the whole process for 3 s first. */
function provider(states: Record<string, RegionState>) {
  let stall = false;
  const answer = <T>(region: string, pick: (s: RegionState) => T | null): Promise<T> => {
    if (stall && region === "us-east-1") {
      stall = false;
      busyWait(3000);
    }
    const state = states[region];
    const value = state ? pick(state) : null;
    return new Promise((resolve, reject) => setTimeout(() => (value === null ? reject(new Error("no fixture")) : resolve(value)), 20));
  };
  const reader: RegionReader = {
    kind: "sim",
    readAurora: (r) => answer(r, (x) => x.aurora.value),
    readLag: (r) => answer(r, (x) => x.lag.value),
    readHealthChecks: (r) => answer(r, (x) => x.healthChecks.value),
    readRoutingControls: (r) => answer(r, (x) => x.routingControls.value),
    readAuthority: (r) => answer(r, (x) => x.authority.value),
    readAppRole: (r) => answer(r, (x) => x.appRole.value),
    probeReadiness: (r) => answer(r, (x) => x.readiness.value),
    close: async () => {},
  };
  return { reader, stallNext: () => (stall = true) };
}

/** Everything in a snapshot that would say a region is in trouble. */
function troubles(s: Snapshot): string[] {
  const out: string[] = [];
  for (const r of s.regions) {
    for (const k of ["aurora", "lag", "healthChecks", "routingControls", "authority", "appRole", "readiness"] as const) if (r[k].status !== "ok") out.push(`${r.id} ${k} ${r[k].status}`);
    for (const c of r.controlPlane) if (c.status !== "ok") out.push(`${r.id} ${c.service} ${c.status}`);
  }
  return out;
}

describeStores("the console's own stalls", (fresh) => {
  it("a 3 s event-loop stall changes no region fact and is recorded once, as a console event", { timeout: 30_000 }, async () => {
    const { db } = await fresh();
    const states = { "us-east-1": regionState("us-east-1", true), "us-west-2": regionState("us-west-2", false) };
    const p = provider(states);
    const monitor = new Monitor({ config, provider: p.reader, faults: null, clock: systemClock, db });
    const seen: string[] = [];
    monitor.subscribe((s) => seen.push(...troubles(s)));
    monitor.start();
    try {
      await vi.waitFor(() => expect(monitor.pollCycles()).toBeGreaterThanOrEqual(6), { timeout: 10_000, interval: 20 });
      const findingsBefore = monitor.snapshot().findings.map((f) => f.id);
      const before = await db.select().from(tables.observations);
      seen.length = 0;
      const cycles = monitor.pollCycles();
      p.stallNext();
      // Ten cadences after the stall: every aged fact would have shown by now.
      await vi.waitFor(() => expect(monitor.pollCycles()).toBeGreaterThanOrEqual(cycles + 20), { timeout: 15_000, interval: 20 });
      await vi.waitFor(async () => expect((await db.select().from(tables.observations)).length).toBeGreaterThan(before.length), { timeout: 5000, interval: 50 });
      const added = (await db.select().from(tables.observations)).filter((o) => !before.some((b) => b.id === o.id));
      expect(seen, "no signal went stale, failed or timed out, no service looked slow").toEqual([]);
      expect(monitor.snapshot().findings.map((f) => f.id)).toEqual(findingsBefore);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({ region: null, kind: "console", subject: "event loop", toValue: "stalled" });
      const stalledMs = Number((added[0]?.detail as { stalledMs?: unknown }).stalledMs);
      expect(stalledMs).toBeGreaterThanOrEqual(2900);
      expect(stalledMs).toBeLessThan(6000);
    } finally {
      await monitor.stop();
    }
  });
});
