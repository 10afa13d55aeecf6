"use client";

import type { ReactNode } from "react";
import { CheckItems } from "@/components/dashboard/readiness-panel";
import { formatClock, formatMs } from "@/components/dashboard/format";
import { Pill } from "@/components/dashboard/pill";
import type { DataLossAck, Proposal } from "@/lib/proposals";
import type { SessionUser } from "@/lib/session";
import type { Snapshot } from "@/lib/snapshot";
import { ChangesTable } from "./changes-table";
import { DecisionControls } from "./decision-controls";
import { RUNBOOK_LABEL, dataLossGrowth, plannedChanges, remaining, runbookExplanation, runbookTitle } from "./model";

export interface PendingProposalProps {
  proposal: Proposal;
  snapshot: Snapshot;
  /** Undefined while the signed-in user is loading: the decision controls wait for it. */
  user: SessionUser | undefined;
  /** The browser's clock for the countdown; null on the server render. */
  now: number | null;
}

/**
 * A proposal awaiting its second person: everything the approver consents to — runbook, regions,
 * reason, proposer, the readiness evidence stored with it, the data-loss acknowledgement, and
 * what will change — then the controls this user may use.
 */
export function PendingProposal({ proposal: p, snapshot, user, now }: PendingProposalProps) {
  const left = remaining(p.expiresAt, now);
  return (
    <article aria-label="Pending proposal" data-testid="proposal" data-status={p.status} data-runbook={p.runbook} className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="text-xl font-bold">
          {runbookTitle(p)}
        </h3>
        <Pill tone="warn">awaiting approval</Pill>
        <span data-testid="expiry" className={`tabular-nums ${left?.expired ? "font-bold text-red-800 dark:text-red-300" : ""}`}>
          {left === null
            ? `Expires at ${formatClock(p.expiresAt)}`
            : left.expired
              ? `Expired at ${formatClock(p.expiresAt)}: propose again`
              : `Expires in ${formatMs(left.ms)} (at ${formatClock(p.expiresAt)})`}
        </span>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="flex flex-col gap-4">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
            <Fact label="Runbook">
              {RUNBOOK_LABEL[p.runbook]} <span className="block text-sm font-normal">{runbookExplanation(p.runbook, p.sourceRegion, p.targetRegion)}</span>
            </Fact>
            <Fact label="Source">{p.sourceRegion}</Fact>
            <Fact label="Target">{p.targetRegion}</Fact>
            <Fact label="Proposed by">
              {p.proposer.name} at {formatClock(p.createdAt)}
            </Fact>
            <Fact label="Reason">
              <span data-testid="proposal-reason">{p.reason}</span>
            </Fact>
          </dl>
          {p.dataLossAck ? (
            <p role="note" data-testid="data-loss-ack" className="rounded border-2 border-red-700 bg-red-50 p-2 font-semibold text-red-950 dark:border-red-400 dark:bg-red-950 dark:text-red-50">
              ✗ Data loss acknowledged by {p.proposer.name}: writes to {p.sourceRegion} not yet replicated to {p.targetRegion} are lost. Last lag seen:{" "}
              {formatMs(p.dataLossAck.lastLagMs)}, {lagOrigin(p.dataLossAck)}.
            </p>
          ) : null}
          {p.runbook === "unplanned-failover" ? <DataLossGrowth snapshot={snapshot} source={p.sourceRegion} /> : null}
          <ChangesTable changes={plannedChanges(p, snapshot)} runbook={p.runbook} />
        </div>
        <div className="flex flex-col gap-2">
          <div className="flex flex-wrap items-center gap-2">
            <h4 className="font-bold">Readiness evidence when proposed</h4>
            <Pill tone={p.readiness.ready ? "good" : "bad"}>{p.readiness.ready ? "ready" : "not ready"}</Pill>
          </div>
          <CheckItems checks={p.readiness.checks} />
        </div>
      </div>
      {user ? <DecisionControls proposal={p} user={user} /> : null}
    </article>
  );
}

/** Whether the approver is consenting to a fixed loss or one that grows until the old writer is fenced. */
function DataLossGrowth({ snapshot, source }: { snapshot: Snapshot; source: string }) {
  const growth = dataLossGrowth(snapshot, source);
  return (
    <p data-testid="data-loss-growth" data-can-grow={String(growth.canGrow)} className="font-semibold">
      {growth.text}
    </p>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-sm font-semibold text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </>
  );
}

/** Whose figure the approver is reading, and how old it was when proposed. */
function lagOrigin(ack: DataLossAck): string {
  if (ack.source !== "monitor") return "as the proposer's browser reported it (recorded before the console stored its own figure)";
  const age = ack.ageMs === null || ack.ageMs === undefined ? "of unknown age" : `${formatMs(ack.ageMs)} old`;
  return `by the console's monitor (CloudWatch datapoint ${age} when proposed)`;
}
