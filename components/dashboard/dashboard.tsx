"use client";

import { restoreOffered } from "@/components/proposals/model";
import { ProposeActions } from "@/components/proposals/propose-actions";
import { ProposalsPanel } from "@/components/proposals/proposals-panel";
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

/** The incident commander's single pane; the approvals panel sits right under the verdict, where a pending decision cannot be missed. */
export function DashboardScreen({ initialSnapshot, canDrill, range, onRangeChange }: DashboardScreenProps) {
  const { snapshot, receivedAt, connection } = useSnapshot(initialSnapshot);
  const heldMs = useHeldFor(receivedAt);
  return (
    <SnapshotTimeProvider value={{ generatedAt: snapshot.generatedAt, heldMs, cadenceMs: snapshot.cadenceMs, ageLocally: connection !== "live" }}>
      <div className="flex flex-col gap-6">
        <StatusBar snapshot={snapshot} connection={connection} heldMs={heldMs} />
        <StoreBanner store={snapshot.store} />
        <VerdictBanner snapshot={snapshot} />
        <PlanStatusLine plan={snapshot.plan} />
        <ProposalsPanel snapshot={snapshot} />
        <div className="grid gap-4 md:grid-cols-2">
          {snapshot.regions.map((region) => (
            <RegionPanel key={region.id} region={region} lagBudgetMs={snapshot.lagBudgetMs} />
          ))}
        </div>
        <div className="grid gap-4 xl:grid-cols-2">
          <FindingsList findings={snapshot.findings} />
          <LagPanel range={range} onRangeChange={onRangeChange} budgetMs={snapshot.lagBudgetMs} />
        </div>
        <ReadinessPanel checklists={snapshot.readiness.filter((c) => c.mode !== "restore" || restoreOffered(snapshot))} actions={(checklist) => <ProposeActions checklist={checklist} snapshot={snapshot} />} />
        {canDrill ? <DrillPanel regions={snapshot.regions.map((r) => r.id)} faults={snapshot.faults} /> : null}
      </div>
    </SnapshotTimeProvider>
  );
}
