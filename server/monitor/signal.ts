import "server-only";
import type { Signal } from "@/lib/snapshot";

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

/** Ages a cell into the status the screen shows: a value that could not be refreshed never stays ok. */
export function toSignal<T>(cell: SignalCell<T>, now: Date, cadenceMs: number): Signal<T> {
  const observedAt = cell.observedAt?.toISOString() ?? null;
  const ageMs = cell.observedAt ? Math.max(0, now.getTime() - cell.observedAt.getTime()) : null;
  const base = { source: cell.source, observedAt, ageMs };
  if (cell.value === null || ageMs === null || ageMs > UNKNOWN_AFTER_CADENCES * cadenceMs) {
    return { status: "unknown", value: null, error: cell.error ?? (cell.observedAt ? null : "not observed yet"), ...base };
  }
  if (ageMs > STALE_AFTER_CADENCES * cadenceMs) return { status: "stale", value: cell.value, error: cell.error, ...base };
  if (cell.error) return { status: "error", value: cell.value, error: cell.error, ...base };
  return { status: "ok", value: cell.value, ...base };
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
