"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ReadinessChecklist } from "@/lib/findings";
import type { Proposal, Runbook } from "@/lib/proposals";
import { hasRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import type { Snapshot } from "@/lib/snapshot";
import { RUNBOOK_LABEL, activeProposal, isActive, runbooksFor, targetIsWriter } from "./model";
import { ProposeForm } from "./propose-form";
import { useProposals, useSessionUser } from "./use-proposals";

/** Why nothing can be proposed right now, or null: one proposal (and its run) at a time, console-wide. */
export function proposeBlockedBy(proposals: readonly Proposal[] | undefined): string | null {
  if (proposals === undefined) return "Checking for an active proposal…";
  const active = activeProposal(proposals);
  if (!active) return null;
  const what = `${RUNBOOK_LABEL[active.runbook]} to ${active.targetRegion}`;
  return active.status === "pending"
    ? `Another proposal is awaiting approval (${what}): one proposal or run at a time.`
    : `A run is under way (${what}): one proposal or run at a time.`;
}

/** One label per runbook and target, naming what it does: no two buttons on a page read the same. */
const BUTTON_VERB: Record<Runbook, string> = {
  "planned-failover": "planned switchover",
  "unplanned-failover": "emergency failover",
  failback: "failback",
  "restore-writes": "restoring writes",
};
export const proposeButtonLabel = (runbook: Runbook, target: string) => `Propose ${BUTTON_VERB[runbook]} to ${target}`;

/**
 * The propose buttons on one readiness checklist, for operators. The planned checklist offers a
 * planned failover and a failback (the runbook for after an unplanned failover, when the target
 * was the old writer); the unplanned checklist offers an unplanned failover. Nothing is offered
 * for a target that already owns writes.
 */
export function ProposeActions({ checklist, snapshot, runbooks, compact }: { checklist: ReadinessChecklist; snapshot: Snapshot } & Pick<ProposeActionsViewProps, "runbooks" | "compact">) {
  const me = useSessionUser();
  const proposals = useProposals();
  return <ProposeActionsView checklist={checklist} snapshot={snapshot} user={me.data} proposals={proposals.data} runbooks={runbooks} compact={compact} />;
}

export interface ProposeActionsViewProps {
  checklist: ReadinessChecklist;
  snapshot: Snapshot;
  user: SessionUser | undefined;
  /** The newest proposals; undefined while loading. */
  proposals: readonly Proposal[] | undefined;
  /** Only these runbooks (one line of the Decide panel); default: all the checklist offers. */
  runbooks?: readonly Runbook[];
  /** In the Decide panel, which says once who may propose and what blocks it: the button and its form only. */
  compact?: boolean;
}

export function ProposeActionsView({ checklist, snapshot, user, proposals, runbooks: only, compact = false }: ProposeActionsViewProps) {
  const id = useId();
  const [open, setOpen] = useState<Runbook | null>(null);
  const [proposed, setProposed] = useState<Proposal | null>(null);
  if (!user) return null;
  if (!hasRole(user.roles, "operator")) return compact ? null : <p className="text-sm text-slate-700 dark:text-slate-300">Proposing needs the operator role.</p>;
  if (checklist.mode !== "restore" && targetIsWriter(checklist)) return compact ? null : <p className="text-sm text-slate-700 dark:text-slate-300">{checklist.target} already owns writes: nothing to propose.</p>;

  const blockedBy = proposeBlockedBy(proposals);
  const runbooks = runbooksFor(checklist).filter((r) => !only || only.includes(r));
  // "Proposed" holds while that proposal is active (or the list has not caught up with it yet).
  const latest = proposed ? proposals?.find((p) => p.id === proposed.id) : undefined;
  const showProposed = proposed !== null && (latest === undefined || isActive(latest.status));
  return (
    <div role="group" aria-label={`Propose ${checklist.mode} runbooks for ${checklist.target}`} className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {runbooks.map((runbook) => (
          <Button
            key={runbook}
            id={`${id}-${runbook}`}
            type="button"
            variant={runbook === "failback" ? "secondary" : "primary"}
            disabled={blockedBy !== null}
            aria-describedby={blockedBy ? `${id}-blocked` : undefined}
            aria-expanded={open === runbook}
            aria-controls={open === runbook ? `${id}-form` : undefined}
            onClick={() => {
              setProposed(null);
              setOpen(open === runbook ? null : runbook);
            }}
          >
            {proposeButtonLabel(runbook, checklist.target)}
          </Button>
        ))}
      </div>
      {blockedBy ? (
        <p id={`${id}-blocked`} className={compact ? "sr-only" : "text-sm font-medium"}>
          {blockedBy}
        </p>
      ) : null}
      {runbooks.includes("failback") && !compact ? (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Failback is for after an unplanned failover away from {checklist.target}: it re-protects {checklist.target} first, then switches writes back with no data loss.
        </p>
      ) : null}
      {proposed && showProposed ? (
        <p role="status" className="text-sm font-semibold">
          Proposed: {RUNBOOK_LABEL[proposed.runbook]} to {proposed.targetRegion}. A different person with the approver role must approve it (see Approvals).
        </p>
      ) : null}
      {open && blockedBy === null ? (
        <div id={`${id}-form`}>
          <ProposeForm
            runbook={open}
            checklist={checklist}
            snapshot={snapshot}
            onClose={() => {
              // Focus goes back to the button that opened the form, not to the top of the page.
              document.getElementById(`${id}-${open}`)?.focus();
              setOpen(null);
            }}
            onProposed={(p) => {
              setOpen(null);
              setProposed(p);
            }}
          />
        </div>
      ) : null}
    </div>
  );
}
