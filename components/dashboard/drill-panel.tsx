"use client";

import { FAULTS, type FaultKind, type FaultState } from "@/lib/snapshot";
import { useFaults, useToggleFault } from "./use-faults";

const HELP: Record<FaultKind, string> = {
  "region-outage": "APIs hang until timeout, health checks fail, replication from it stops",
  "control-plane-outage": "APIs fail; health checks and the data plane stay fine",
  "lag-spike": "replication lag jumps",
  "lying-health-check": "health checks green, readiness says it cannot write",
  throttling: "a share of API calls throw ThrottlingException",
  "split-brain": "the region also claims authority and accepts writes",
};

/**
 * Game-day controls for the simulated world (sim mode, admin only). State comes from the live
 * snapshot; the drill endpoint's reply updates it at once, before the next snapshot arrives.
 */
export function DrillPanel({ regions, faults }: { regions: string[]; faults: FaultState[] | null }) {
  const fallback = useFaults(faults === null);
  const current = faults ?? fallback.data?.faults ?? [];
  const isActive = (region: string, fault: FaultKind) => current.some((f) => f.region === region && f.fault === fault && f.active);
  return (
    <section aria-label="Drill" className="flex flex-col gap-3 rounded-lg border-2 border-dashed border-violet-500 bg-white p-4 dark:bg-slate-900">
      <h2 className="text-xl font-bold">Drill: simulated faults</h2>
      <p className="text-sm">These act on the simulated world only. A pressed button means the fault is on.</p>
      {fallback.isError ? (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">Could not read the faults: {fallback.error.message}</p>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        {regions.map((region) => (
          <div key={region} role="group" aria-label={`Faults in ${region}`} className="flex flex-col gap-2">
            <h3 className="font-semibold">{region}</h3>
            {FAULTS.map((fault) => (
              <FaultButton key={fault} region={region} fault={fault} active={isActive(region, fault)} />
            ))}
          </div>
        ))}
      </div>
    </section>
  );
}

function FaultButton({ region, fault, active }: { region: string; fault: FaultKind; active: boolean }) {
  const toggle = useToggleFault();
  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        aria-pressed={active}
        title={HELP[fault]}
        disabled={toggle.isPending}
        onClick={() => toggle.mutate({ region, fault, active: !active })}
        className={`flex items-center justify-between gap-3 rounded-md border-2 px-3 py-2 text-left font-semibold disabled:cursor-wait disabled:opacity-60 ${
          active
            ? "border-violet-800 bg-violet-700 text-white"
            : "border-slate-300 bg-white text-slate-900 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
        }`}
      >
        {/* The name is what shows (plus the region, for screen readers): "region-outage in us-east-1". */}
        <span className="font-mono">
          {fault}
          <span className="sr-only"> in {region}</span>
        </span>
        <span aria-hidden="true" className="text-sm">
          {toggle.isPending ? "…" : active ? "ON" : "OFF"}
        </span>
      </button>
      {toggle.isError ? (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          Could not turn {fault} {active ? "off" : "on"} in {region}: {toggle.error.message}
        </p>
      ) : null}
    </div>
  );
}
