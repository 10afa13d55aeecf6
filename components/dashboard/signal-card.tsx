"use client";

import type { ReactNode } from "react";
import type { RegionState, Signal, SignalStatus } from "@/lib/snapshot";
import { displayLagStatus, displayStatus, formatAge, signalAge } from "./format";
import { Pill, STRIPES, type Tone } from "./pill";
import { useSnapshotTime, type SnapshotTime } from "./snapshot-time";

export type SignalName = Exclude<keyof RegionState, "id" | "partition" | "controlPlane">;
export const SIGNAL_NAMES = ["authority", "aurora", "lag", "healthChecks", "routingControls", "appRole", "readiness"] as const satisfies readonly SignalName[];

// Whether the last read worked and how fresh it is — never health: no green here, so a fresh
// read of an unhealthy value cannot look like "OK" beside "UNHEALTHY" (issue 15 §4).
const STATUS: Record<SignalStatus, { tone: Tone; word: string }> = {
  ok: { tone: "neutral", word: "fresh" },
  error: { tone: "warn", word: "read failed" },
  stale: { tone: "warn", word: "stale" },
  unknown: { tone: "none", word: "unknown" },
};

/** The read-freshness word of one signal; `data-signal` names which, for the browser tests. */
export function SignalStatusPill({ name, status }: { name: SignalName; status: SignalStatus }) {
  const { tone, word } = STATUS[status];
  return (
    <Pill tone={tone} data-testid="signal-status" data-signal={name} data-status={status}>
      {word}
    </Pill>
  );
}

/** The status the user should see for a signal now, with its current age. */
export function shownSignal(signal: Signal<unknown>, time: SnapshotTime, name?: SignalName): { status: SignalStatus; ageMs: number | null } {
  const ageMs = signalAge(signal.ageMs, time.heldMs);
  if (!time.ageLocally) return { status: signal.status, ageMs };
  const status = name === "lag" ? displayLagStatus(signal.status, ageMs, time.heldMs, time.cadenceMs) : displayStatus(signal.status, ageMs, time.cadenceMs);
  return { status, ageMs };
}

/**
 * One observed fact: its status in words, its age, its source, the error if any, and its value —
 * dimmed and striped when stale, replaced by "no value" when unknown.
 */
export function SignalCard<T>({ name, title, signal, children }: { name: SignalName; title: string; signal: Signal<T>; children: (value: T) => ReactNode }) {
  const { status, ageMs } = shownSignal(signal, useSnapshotTime(), name);
  const doubtful = status === "stale" || status === "unknown";
  const error = signal.status === "ok" ? null : signal.error;
  return (
    <div
      role="group"
      aria-label={title}
      title={`source: ${signal.source}`}
      className={`flex flex-col gap-2 rounded-md border p-3 2xl:gap-1 2xl:p-2 ${
        doubtful
          ? `border-dashed border-slate-400 text-slate-600 dark:border-slate-500 dark:text-slate-300 ${STRIPES}`
          : status === "error"
            ? "border-red-400 bg-white dark:border-red-700 dark:bg-slate-900"
            : "border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900"
      }`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-semibold">{title}</h3>
        <span className="flex items-center gap-2 text-sm">
          <SignalStatusPill name={name} status={status} />
          <span data-testid="signal-age" data-signal={name} className="tabular-nums text-slate-600 dark:text-slate-300">
            {formatAge(ageMs)}
          </span>
        </span>
      </div>
      {error ? <p className="text-sm font-medium text-red-800 dark:text-red-300">Error: {error}</p> : null}
      {signal.status === "unknown" ? (
        <p className="text-sm font-medium italic">No value: {title.toLowerCase()} is UNKNOWN.</p>
      ) : (
        <div className={doubtful ? "opacity-75" : ""}>
          {doubtful ? <p className="mb-1 text-xs font-semibold uppercase">Last known value, {status}:</p> : null}
          {children(signal.value)}
        </div>
      )}
      {/* On a wall screen the source is the card's tooltip (and still read out), to fit both regions in view. */}
      <p className="text-xs text-slate-600 2xl:sr-only dark:text-slate-300">source: {signal.source}</p>
    </div>
  );
}
