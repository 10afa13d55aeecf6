"use client";

import type { RegionState, SignalStatus } from "@/lib/snapshot";
import { ControlPlane } from "./control-plane";
import { HealthChecksBody } from "./health-checks";
import { STRIPES } from "./pill";
import { AppRoleBody, AuroraBody, AuthorityBody, LagBody, ReadinessBody, RoutingBody } from "./region-signals";
import { SIGNAL_NAMES, SignalCard, shownSignal } from "./signal-card";
import { useSnapshotTime } from "./snapshot-time";

const WORD: Record<SignalStatus, string> = { ok: "OK", error: "ERROR", stale: "STALE", unknown: "UNKNOWN" };

/** One side of the deployment: every signal with its status and age, then the control plane. */
export function RegionPanel({ region, lagBudgetMs }: { region: RegionState; lagBudgetMs: number }) {
  const time = useSnapshotTime();
  const statuses = SIGNAL_NAMES.map((n) => shownSignal(region[n], time, n).status);
  const allUnknown = statuses.every((s) => s === "unknown");
  const counts = (["ok", "error", "stale", "unknown"] as const)
    .map((s) => [s, statuses.filter((x) => x === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${WORD[s]}`)
    .join(" · ");

  return (
    <section
      aria-label={`Region ${region.id}`}
      data-all-unknown={allUnknown || undefined}
      className={`flex flex-col gap-3 rounded-lg border-2 p-4 ${
        allUnknown
          ? `border-dashed border-slate-500 bg-slate-200 dark:border-slate-400 dark:bg-slate-800 ${STRIPES}`
          : "border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-950"
      }`}
    >
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-2xl font-bold">{region.id}</h2>
        <span className="text-sm text-slate-600 dark:text-slate-400">partition {region.partition}</span>
      </header>
      {allUnknown ? (
        <p className="rounded-md border-2 border-slate-700 bg-white p-3 text-lg font-bold dark:border-slate-300 dark:bg-slate-900">
          NO DATA: every signal from {region.id} is UNKNOWN. The console cannot reach this region; nothing here is known to be healthy.
        </p>
      ) : (
        <p className="text-sm" data-testid="signal-counts">
          {SIGNAL_NAMES.length} signals: {counts}
        </p>
      )}
      <div className="grid gap-3 lg:grid-cols-2">
        <SignalCard name="authority" title="Authority flag" signal={region.authority}>
          {(v) => <AuthorityBody value={v} />}
        </SignalCard>
        <SignalCard name="aurora" title="Aurora" signal={region.aurora}>
          {(v) => <AuroraBody value={v} regionId={region.id} />}
        </SignalCard>
        <SignalCard name="routingControls" title="Routing controls" signal={region.routingControls}>
          {(v) => <RoutingBody value={v} />}
        </SignalCard>
        <SignalCard name="lag" title="Replication lag" signal={region.lag}>
          {(v) => <LagBody value={v} budgetMs={lagBudgetMs} />}
        </SignalCard>
        <SignalCard name="healthChecks" title="Health checks" signal={region.healthChecks}>
          {(v) => <HealthChecksBody checks={v} />}
        </SignalCard>
        <SignalCard name="readiness" title="Readiness probe" signal={region.readiness}>
          {(v) => <ReadinessBody value={v} />}
        </SignalCard>
        <SignalCard name="appRole" title="App role" signal={region.appRole}>
          {(v) => <AppRoleBody value={v} />}
        </SignalCard>
      </div>
      <ControlPlane regionId={region.id} statuses={region.controlPlane} />
    </section>
  );
}
