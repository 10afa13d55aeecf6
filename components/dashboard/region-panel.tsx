"use client";

import type { RegionState, SignalStatus, Snapshot } from "@/lib/snapshot";
import { ControlPlane } from "./control-plane";
import { HealthChecksBody } from "./health-checks";
import { STRIPES } from "./pill";
import { regionHeadline, type RegionHeadline } from "./region-state";
import { AppRoleBody, AuroraBody, AuthorityBody, LagBody, ReadinessBody, RoutingBody } from "./region-signals";
import { SIGNAL_NAMES, SignalCard, shownSignal } from "./signal-card";
import { useSnapshotTime } from "./snapshot-time";

// How fresh each read is: kept apart from health, so "the read worked" never reads as "healthy".
const WORD: Record<SignalStatus, string> = { ok: "fresh", error: "read failed", stale: "stale", unknown: "unknown" };

const HEADLINE_STYLE: Record<RegionHeadline["tone"], string> = {
  info: "border-sky-700 bg-sky-50 text-sky-950 dark:border-sky-400 dark:bg-sky-950 dark:text-sky-50",
  neutral: "border-slate-500 bg-white text-slate-900 dark:border-slate-400 dark:bg-slate-900 dark:text-slate-50",
  good: "border-emerald-700 bg-emerald-50 text-emerald-950 dark:border-emerald-500 dark:bg-emerald-950 dark:text-emerald-50",
  warn: `border-amber-600 bg-amber-50 text-amber-950 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-50 ${STRIPES}`,
  bad: "border-red-800 bg-red-700 text-white dark:border-red-400 dark:bg-red-900",
  none: `border-dashed border-slate-600 bg-slate-100 text-slate-900 dark:border-slate-400 dark:bg-slate-800 dark:text-slate-50 ${STRIPES}`,
};

/** The region's one word, large, and the reason under it (components/dashboard/region-state.ts). */
function Headline({ headline }: { headline: RegionHeadline }) {
  return (
    <div data-testid="region-state" data-state={headline.word.toLowerCase()} className={`rounded-md border-2 px-3 py-2 ${HEADLINE_STYLE[headline.tone]}`}>
      <p className="text-3xl font-black tracking-wider sm:text-4xl">{headline.word}</p>
      <p className="text-sm font-medium" data-testid="region-state-reason">
        {headline.reason}
      </p>
    </div>
  );
}

/** One side of the deployment: its one word, then every signal with its read freshness and age, then the control plane. */
export function RegionPanel({ region, snapshot }: { region: RegionState; snapshot: Pick<Snapshot, "verdict" | "findings" | "regions" | "lagBudgetMs"> }) {
  const time = useSnapshotTime();
  const lagBudgetMs = snapshot.lagBudgetMs;
  const statuses = SIGNAL_NAMES.map((n) => shownSignal(region[n], time, n).status);
  const headline = regionHeadline(region, snapshot, Object.fromEntries(SIGNAL_NAMES.map((n, i) => [n, statuses[i]])));
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
      <header className="flex flex-col gap-2">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
          <h2 className="text-2xl font-bold">
            {region.id} <span className="text-sm font-normal text-slate-600 dark:text-slate-400">partition {region.partition}</span>
          </h2>
          {allUnknown ? null : (
            <p className="text-sm" data-testid="signal-counts">
              Data freshness, {SIGNAL_NAMES.length} reads: {counts}
            </p>
          )}
        </div>
        <Headline headline={headline} />
      </header>
      {allUnknown ? (
        <p className="rounded-md border-2 border-slate-700 bg-white p-3 text-lg font-bold dark:border-slate-300 dark:bg-slate-900">
          NO DATA: every signal from {region.id} is UNKNOWN. The console cannot reach this region; nothing here is known to be healthy.
        </p>
      ) : null}
      {/* On a wall screen the cards flow down two balanced columns (a short card no longer leaves a gap beside a tall one). */}
      <div className="grid gap-3 sm:grid-cols-2 2xl:block 2xl:columns-2 2xl:gap-2 2xl:*:mb-2 2xl:*:break-inside-avoid">
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
        <div className="sm:col-span-2">
          <ControlPlane regionId={region.id} statuses={region.controlPlane} />
        </div>
      </div>
    </section>
  );
}
