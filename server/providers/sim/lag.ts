import { noiseAt, smoothNoise } from "./prng";

/**
 * Aurora Global Database replication lag as CloudWatch reports it (AuroraGlobalDBReplicationLag,
 * AuroraGlobalDBRPOLag, both in milliseconds). Storage-level replication usually runs well
 * under a second, drifting with write load, with the odd short burst. Every value here is a pure
 * function of (seed, time): two pollers reading at the same instant see the same number, and a
 * test that moves a manual clock sees the same series every run.
 */

export const LAG_FLOOR_MS = 50;
export const LAG_CEILING_MS = 900;

/** Natural spikes: at most one per window, in a share of windows; short, and above the usual budget. */
const SPIKE_WINDOW_MS = 120_000;
const SPIKE_CHANCE = 0.15;
export const NATURAL_SPIKE_MAX_MS = 2_500;

/** The lag-spike fault: several seconds, as when a write burst or a slow secondary saturates the link. */
export const FAULT_SPIKE_MIN_MS = 4_000;
export const FAULT_SPIKE_MAX_MS = 12_000;

export interface LagSample {
  replicationLagMs: number;
  /** RPO lag trails replication lag: it counts until the commit is durable in the secondary. */
  rpoLagMs: number;
  spiking: boolean;
}

/** The RPO lag's margin over replication lag, itself wandering (40–200 ms). */
function rpoMargin(seed: number, tMs: number): number {
  return 40 + 160 * smoothNoise(seed, "rpo-margin", tMs, 20_000);
}

/** Three octaves of value noise, skewed low: most of the time a few hundred ms, sometimes near 900. */
function wander(seed: number, tMs: number): number {
  const v = 0.6 * smoothNoise(seed, "lag-slow", tMs, 45_000) + 0.3 * smoothNoise(seed, "lag-mid", tMs, 12_000) + 0.1 * smoothNoise(seed, "lag-fast", tMs, 3_000);
  return LAG_FLOOR_MS + (LAG_CEILING_MS - LAG_FLOOR_MS) * Math.pow(v, 1.4);
}

/** The natural spike's height at `tMs`, or null outside one. A half-sine hump of 3–8 s peaking at 1.2–2.5 s. */
function naturalSpike(seed: number, tMs: number): number | null {
  const w = Math.floor(tMs / SPIKE_WINDOW_MS);
  if (noiseAt(seed, "spike-window", w) >= SPIKE_CHANCE) return null;
  const durationMs = 3_000 + 5_000 * noiseAt(seed, "spike-duration", w);
  const start = w * SPIKE_WINDOW_MS + (SPIKE_WINDOW_MS - durationMs) * noiseAt(seed, "spike-start", w);
  if (tMs < start || tMs >= start + durationMs) return null;
  const peak = 1_200 + (NATURAL_SPIKE_MAX_MS - 1_200) * noiseAt(seed, "spike-peak", w);
  return peak * Math.sin((Math.PI * (tMs - start)) / durationMs);
}

/** The lag into a connected secondary at `tMs`. */
export function baselineLag(seed: number, tMs: number, naturalSpikes: boolean): LagSample {
  const base = wander(seed, tMs);
  const spike = naturalSpikes ? naturalSpike(seed, tMs) : null;
  const replication = spike !== null && spike > base ? spike : base;
  return { replicationLagMs: Math.round(replication), rpoLagMs: Math.round(replication + rpoMargin(seed, tMs)), spiking: spike !== null && spike > base };
}

/** The lag while the lag-spike fault is on: 4–12 s, wandering so the chart visibly moves. */
export function faultSpikeLag(seed: number, tMs: number): LagSample {
  const replication = FAULT_SPIKE_MIN_MS + (FAULT_SPIKE_MAX_MS - FAULT_SPIKE_MIN_MS) * smoothNoise(seed, "fault-spike", tMs, 8_000);
  return { replicationLagMs: Math.round(replication), rpoLagMs: Math.round(replication + 2 * rpoMargin(seed, tMs)), spiking: true };
}
