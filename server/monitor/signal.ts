import "server-only";
import { LAG_CURRENT_FOR_MS, LAG_UNKNOWN_AFTER_MS } from "@/lib/lag";
import type { AuroraView, LagView, Signal } from "@/lib/snapshot";
import { NO_STALLS, type StallLedger } from "./stall";

// A fact turns stale after 3 missed cadences and unknown after 10 (DESIGN principle 5).
export const STALE_AFTER_CADENCES = 3;
export const UNKNOWN_AFTER_CADENCES = 10;

/** What the poller remembers about one signal between reads. */
export interface SignalCell<T> {
  source: string;
  value: T | null;
  /** When `value` was read. */
  observedAt: Date | null;
  /** The newest read's failure, cleared by the next success. */
  error: string | null;
}

export function emptyCell<T>(source: string): SignalCell<T> {
  return { source, value: null, observedAt: null, error: null };
}

export function recordSuccess<T>(cell: SignalCell<T>, value: T, at: Date): void {
  cell.value = value;
  cell.observedAt = at;
  cell.error = null;
}

export function recordFailure<T>(cell: SignalCell<T>, error: string): void {
  cell.error = error;
}

/**
 * Ages a cell into the status the screen shows: a value that could not be refreshed never stays ok.
 * The age that decides is the poller's: time the console itself was stalled (`stalls`) is not
 * counted — no poll could run then, so it says nothing about the region. The age shown is the real one.
 */
export function toSignal<T>(cell: SignalCell<T>, now: Date, cadenceMs: number, stalls: StallLedger = NO_STALLS): Signal<T> {
  const observedAt = cell.observedAt?.toISOString() ?? null;
  const ageMs = cell.observedAt ? Math.max(0, now.getTime() - cell.observedAt.getTime()) : null;
  const base = { source: cell.source, observedAt, ageMs };
  const pollAgeMs = cell.observedAt && ageMs !== null ? ageMs - stalls.stalledWithin(cell.observedAt.getTime(), now.getTime()) : null;
  if (cell.value === null || pollAgeMs === null || pollAgeMs > UNKNOWN_AFTER_CADENCES * cadenceMs) {
    return { status: "unknown", value: null, error: cell.error ?? (cell.observedAt ? null : "not observed yet"), ...base };
  }
  if (pollAgeMs > STALE_AFTER_CADENCES * cadenceMs) return { status: "stale", value: cell.value, error: cell.error, ...base };
  if (cell.error) return { status: "error", value: cell.value, error: cell.error, ...base };
  return { status: "ok", value: cell.value, ...base };
}

const ORDER = { ok: 0, error: 1, stale: 2, unknown: 3 } as const;
const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

/** Marks a lag signal made unknown because CloudWatch had no datapoint for a secondary (findings tell it apart). */
export const NO_LAG_DATAPOINT = "no lag datapoint into";

/**
 * The replication-lag signal. Its age is its CloudWatch datapoint's (`datapointAt`), not the
 * read's: the value is as old as the minute it describes. It is judged twice and shown at the
 * worse: by the reads, like every signal (a read that keeps failing goes stale by cadence), and by
 * the datapoint, against the metric's period (lib/lag.ts: current for 3 periods, unknown after 10).
 *
 * No datapoint at all is normal in the primary's region (Aurora publishes lag only in the
 * secondary's). Into a region whose fresh topology says it is a secondary ("reader"), it means
 * nobody can say how far behind it is: unknown, never a healthy-looking null.
 */
export function lagSignal(cell: SignalCell<LagView>, aurora: Signal<AuroraView | null>, regionId: string, now: Date, cadenceMs: number, stalls: StallLedger = NO_STALLS): Signal<LagView> {
  const byRead = toSignal(cell, now, cadenceMs, stalls);
  if (byRead.status === "unknown" || byRead.value === null) return byRead;
  const view = byRead.value;
  const secondary = fresh(aurora)?.role === "reader";
  if (secondary && view.replicationLagMs === null && view.rpoLagMs === null) {
    const why = view.noDatapoint ?? "no lag metric has a recent datapoint";
    return { status: "unknown", value: null, error: `${NO_LAG_DATAPOINT} ${regionId} (${why})`, source: byRead.source, observedAt: byRead.observedAt, ageMs: byRead.ageMs };
  }
  if (view.datapointAt === null) return byRead;
  const observedAt = new Date(view.datapointAt);
  // A clock behind CloudWatch's (or the sim's, running fast) must not make a value look younger than new.
  const ageMs = Math.max(0, now.getTime() - observedAt.getTime());
  const base = { source: byRead.source, observedAt: observedAt.toISOString(), ageMs };
  if (ageMs > LAG_UNKNOWN_AFTER_MS) return { status: "unknown", value: null, error: `newest CloudWatch datapoint is ${minutes(ageMs)} old`, ...base };
  const byDatapoint = ageMs > LAG_CURRENT_FOR_MS ? "stale" : "ok";
  const status = ORDER[byDatapoint] > ORDER[byRead.status] ? byDatapoint : byRead.status;
  const error = byDatapoint === "stale" ? `newest CloudWatch datapoint is ${minutes(ageMs)} old` : byRead.status === "ok" ? null : byRead.error;
  if (status === "ok") return { status, value: view, ...base };
  if (status === "error") return { status, value: view, error: error ?? "read failed", ...base };
  return { status: "stale", value: view, error, ...base };
}

/** The value of a signal the console may still act on: ok or error (fresh); never stale or unknown. */
export function fresh<T>(signal: Signal<T>): T | null {
  return signal.status === "ok" || signal.status === "error" ? signal.value : null;
}

/** The value whatever its age — for evidence ("last seen …"), never for decisions. */
export function lastKnown<T>(signal: Signal<T>): T | null {
  return signal.value;
}

/** The newest read's failure, whatever the status (ok signals have none). */
export function signalError(signal: Signal<unknown>): string | null {
  return signal.status === "ok" ? null : signal.error;
}
