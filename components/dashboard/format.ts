import type { Severity } from "@/lib/findings";
import type { Tone } from "./pill";
import type { SignalStatus } from "@/lib/snapshot";
import { formatDuration } from "@/lib/duration";
import { LAG_CURRENT_FOR_MS, LAG_UNKNOWN_AFTER_MS } from "@/lib/lag";

/** Pure formatting and freshness helpers for the dashboard; no React, no clock of their own. */

/** A duration for humans: the console's one format (lib/duration.ts), under the dashboard's old name. */
export function formatMs(ms: number | null): string {
  return formatDuration(ms);
}

/** How long ago a fact was observed: "just now", "2 s ago", "3 min ago"; null when never observed. */
export function formatAge(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "never observed";
  if (ms < 1000) return "just now";
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s ago`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ago`;
  if (ms < 48 * 3_600_000) return `${Math.floor(ms / 3_600_000)} h ago`;
  return `${Math.floor(ms / 86_400_000)} d ago`;
}

/**
 * Wall-clock time in UTC ("07:00:05 UTC"). UTC on purpose: an incident spans teams and time
 * zones, and server and browser render the same text (no hydration mismatch).
 */
export function formatClock(iso: string | number): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "unknown time";
  return `${d.toISOString().slice(11, 19)} UTC`;
}

/**
 * Age of a timestamp at the moment the snapshot was generated, plus the time the browser has held
 * that snapshot. Both instants come from the server's clock, so browser clock skew cancels out.
 */
export function ageAt(observedAt: string | null, generatedAt: string, heldMs: number): number | null {
  if (observedAt === null) return null;
  const observed = Date.parse(observedAt);
  const generated = Date.parse(generatedAt);
  if (Number.isNaN(observed) || Number.isNaN(generated)) return null;
  return Math.max(0, generated - observed) + heldMs;
}

/** A signal's age now: its age when the snapshot was generated, plus how long the browser has held it. */
export function signalAge(ageMs: number | null, heldMs: number): number | null {
  return ageMs === null ? null : ageMs + heldMs;
}

/**
 * The status to show. The server's word stands while snapshots keep arriving; when they stop (the
 * stream and polling both down), a fact the browser holds keeps ageing and must not stay green:
 * stale after 3 cadences, unknown after 10 — the monitor's own rule (DESIGN invariant 7).
 */
export function displayStatus(status: SignalStatus, ageMs: number | null, cadenceMs: number): SignalStatus {
  return aged(status, ageMs, 3 * cadenceMs, 10 * cadenceMs);
}

/**
 * The same for the lag, whose age is its CloudWatch datapoint's (a minute or two when all is
 * well): it ages by the metric's period from the datapoint (lib/lag.ts) and, like any signal, by
 * cadences from the snapshot the browser holds; the worse wins, as in the monitor.
 */
export function displayLagStatus(status: SignalStatus, ageMs: number | null, heldMs: number, cadenceMs: number): SignalStatus {
  const byRead = aged(status, heldMs, 3 * cadenceMs, 10 * cadenceMs);
  const byDatapoint = aged(status, ageMs, LAG_CURRENT_FOR_MS, LAG_UNKNOWN_AFTER_MS);
  const rank: Record<SignalStatus, number> = { ok: 0, error: 1, stale: 2, unknown: 3 };
  return rank[byDatapoint] > rank[byRead] ? byDatapoint : byRead;
}

function aged(status: SignalStatus, ageMs: number | null, staleMs: number, unknownMs: number): SignalStatus {
  if (status === "unknown" || ageMs === null) return status;
  if (ageMs > unknownMs) return "unknown";
  if (ageMs > staleMs && status !== "stale") return "stale";
  return status;
}

/** How a severity reads as a pill, on the dashboard and the incident timeline alike. */
export const SEVERITY_TONE: Record<Severity, Tone> = { critical: "bad", warning: "warn", info: "info" };

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Critical first, then warning, then info; the server's order within one severity is kept. */
export function bySeverity<T extends { severity: Severity }>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => SEVERITY_RANK[a.item.severity] - SEVERITY_RANK[b.item.severity] || a.i - b.i)
    .map(({ item }) => item);
}
