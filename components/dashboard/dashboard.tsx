"use client";

import { DecidePanel } from "@/components/proposals/decide-panel";
import { restoreOffered } from "@/components/proposals/model";
import { ProposalsPanel } from "@/components/proposals/proposals-panel";
import { ProposeActions } from "@/components/proposals/propose-actions";
import type { LagRange } from "@/lib/lag";
import type { Snapshot } from "@/lib/snapshot";
import { DrillPanel } from "./drill-panel";
import { FindingsList } from "./findings-list";
import { LagPanel } from "./lag-panel";
import { PlanStatusLine } from "./plan-status";
import { ReadinessPanel } from "./readiness-panel";
import { RegionPanel } from "./region-panel";
import { SnapshotTimeProvider, useHeldFor } from "./snapshot-time";
import { StatusBar } from "./status-bar";
import { StoreBanner } from "./store-banner";
import { useSnapshot } from "./use-snapshot";
import { VerdictBanner } from "./verdict-banner";

export interface DashboardScreenProps {
  /** The snapshot the server rendered with; the stream and polling take over from it. */
  initialSnapshot: Snapshot;
  /** Show the drill panel: sim mode and the admin role (the API enforces it again). */
  canDrill: boolean;
  /** The lag chart's window; the page keeps it in the URL. */
  range: LagRange;
  onRangeChange: (range: LagRange) => void;
}

/**
 * The incident commander's single pane (issue 15 §4). In reading order — which is the phone's
 * order too — whether the screen is current, the verdict, then "Decide" (what can be done now)
 * and the approvals, then the two regions, the findings and the lag; the readiness checklists are
 * the detail below. On a wall screen (2xl) three columns put the verdict and Decide (two columns
 * wide, a line each) on top, the two regions side by side under them and the lag, findings and
 * approvals in the third column.
 */
export function DashboardScreen({ initialSnapshot, canDrill, range, onRangeChange }: DashboardScreenProps) {
  const { snapshot, receivedAt, connection } = useSnapshot(initialSnapshot);
  const heldMs = useHeldFor(receivedAt);
  const [east, west] = snapshot.regions;
  return (
    <SnapshotTimeProvider value={{ generatedAt: snapshot.generatedAt, heldMs, cadenceMs: snapshot.cadenceMs, ageLocally: connection !== "live" }}>
      <div className="grid min-w-0 grid-cols-1 gap-4 md:grid-cols-2 2xl:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-3 md:col-span-2 2xl:col-span-1 2xl:col-start-1 2xl:row-start-1">
          <StatusBar snapshot={snapshot} connection={connection} heldMs={heldMs} />
          <StoreBanner store={snapshot.store} />
          <VerdictBanner snapshot={snapshot} staleClaimFix={<StaleClaimFix snapshot={snapshot} />} />
          <PlanStatusLine plan={snapshot.plan} />
        </div>
        <div className="min-w-0 md:col-span-2 2xl:col-start-2 2xl:row-start-1">
          <DecidePanel snapshot={snapshot} />
        </div>
        <div className="min-w-0 md:col-span-2 2xl:col-span-1 2xl:col-start-3 2xl:row-start-3">
          <ProposalsPanel snapshot={snapshot} />
        </div>
        <div className="min-w-0 2xl:col-start-1 2xl:row-span-3 2xl:row-start-2">
          <RegionPanel region={east} snapshot={snapshot} />
        </div>
        <div className="min-w-0 2xl:col-start-2 2xl:row-span-3 2xl:row-start-2">
          <RegionPanel region={west} snapshot={snapshot} />
        </div>
        <div className="grid min-w-0 grid-cols-1 content-start gap-4 md:col-span-2 xl:grid-cols-2 2xl:col-span-1 2xl:col-start-3 2xl:row-start-2 2xl:grid-cols-1">
          <FindingsList findings={snapshot.findings} />
          {/* On the wall the chart goes first: a long findings list then grows below it, not over it. */}
          <div className="min-w-0 2xl:order-first">
            <LagPanel range={range} onRangeChange={onRangeChange} budgetMs={snapshot.lagBudgetMs} />
          </div>
        </div>
        <div className="min-w-0 md:col-span-2 2xl:col-span-3">
          <ReadinessPanel checklists={snapshot.readiness.filter((c) => c.mode !== "restore" || restoreOffered(snapshot))} />
        </div>
        {canDrill ? (
          <div className="min-w-0 md:col-span-2 2xl:col-span-3">
            <DrillPanel regions={snapshot.regions.map((r) => r.id)} faults={snapshot.faults} />
          </div>
        ) : null}
      </div>
    </SnapshotTimeProvider>
  );
}

/** Restore writes to the holder: the runbook that fences a stale authority claim without moving writes. */
function StaleClaimFix({ snapshot }: { snapshot: Snapshot }) {
  const claim = snapshot.verdict.staleClaim;
  const checklist = claim ? snapshot.readiness.find((c) => c.mode === "restore" && c.target === claim.holder) : undefined;
  return checklist ? <ProposeActions checklist={checklist} snapshot={snapshot} /> : null;
}
