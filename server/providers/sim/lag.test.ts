import { describe, expect, it } from "vitest";
import { baselineLag, faultSpikeLag, FAULT_SPIKE_MAX_MS, FAULT_SPIKE_MIN_MS, LAG_CEILING_MS, LAG_FLOOR_MS, NATURAL_SPIKE_MAX_MS } from "./lag";

const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const SIX_HOURS = 6 * 3600_000;

function samples(seed: number, spikes: boolean, stepMs = 1_000, spanMs = SIX_HOURS) {
  const out = [];
  for (let t = T0; t < T0 + spanMs; t += stepMs) out.push(baselineLag(seed, t, spikes));
  return out;
}

describe("replication lag model", () => {
  it("wanders between 50 and 900 ms outside spikes, and RPO lag trails it", () => {
    const all = samples(3, true);
    for (const s of all) {
      expect(s.replicationLagMs).toBeGreaterThanOrEqual(LAG_FLOOR_MS);
      expect(s.replicationLagMs).toBeLessThanOrEqual(s.spiking ? NATURAL_SPIKE_MAX_MS : LAG_CEILING_MS);
      expect(s.rpoLagMs).toBeGreaterThan(s.replicationLagMs);
      expect(s.rpoLagMs - s.replicationLagMs).toBeLessThanOrEqual(200);
    }
    const calm = all.filter((s) => !s.spiking).map((s) => s.replicationLagMs);
    // It really moves: it spans most of the range over six hours.
    expect(Math.min(...calm)).toBeLessThan(200);
    expect(Math.max(...calm)).toBeGreaterThan(600);
  });

  it("moves smoothly: one second apart, calm samples differ by little", () => {
    const all = samples(5, false, 1_000, 3600_000);
    let changed = 0;
    for (let i = 1; i < all.length; i++) {
      const a = all[i - 1];
      const b = all[i];
      if (a === undefined || b === undefined) continue;
      expect(Math.abs(b.replicationLagMs - a.replicationLagMs)).toBeLessThan(120);
      if (b.replicationLagMs !== a.replicationLagMs) changed++;
    }
    expect(changed).toBeGreaterThan(all.length / 2);
  });

  it("has occasional short spikes above the ceiling, and none when they are turned off", () => {
    const withSpikes = samples(11, true);
    const spiking = withSpikes.filter((s) => s.spiking);
    expect(spiking.length).toBeGreaterThan(0);
    // Occasional: well under 2% of the time.
    expect(spiking.length / withSpikes.length).toBeLessThan(0.02);
    expect(Math.max(...spiking.map((s) => s.replicationLagMs))).toBeGreaterThan(LAG_CEILING_MS);
    expect(samples(11, false).some((s) => s.spiking || s.replicationLagMs > LAG_CEILING_MS)).toBe(false);
  });

  it("gives the same value for the same instant and seed, and another series for another seed", () => {
    expect(baselineLag(9, T0 + 12_345, true)).toEqual(baselineLag(9, T0 + 12_345, true));
    const a = samples(1, true, 10_000, 3600_000).map((s) => s.replicationLagMs);
    const b = samples(2, true, 10_000, 3600_000).map((s) => s.replicationLagMs);
    expect(a).not.toEqual(b);
  });

  it("puts the lag-spike fault at several seconds", () => {
    for (let t = T0; t < T0 + 600_000; t += 1_000) {
      const s = faultSpikeLag(4, t);
      expect(s.replicationLagMs).toBeGreaterThanOrEqual(FAULT_SPIKE_MIN_MS);
      expect(s.replicationLagMs).toBeLessThanOrEqual(FAULT_SPIKE_MAX_MS);
      expect(s.rpoLagMs).toBeGreaterThan(s.replicationLagMs);
    }
  });
});
