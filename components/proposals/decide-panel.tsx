"use client";

import { useId } from "react";
import { Pill } from "@/components/dashboard/pill";
import type { Proposal } from "@/lib/proposals";
import { hasRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import type { Snapshot } from "@/lib/snapshot";
import { decideLines, type DecideLine } from "./decide";
import { ProposeActionsView, proposeBlockedBy } from "./propose-actions";
import { useProposals, useSessionUser } from "./use-proposals";

/**
 * "Decide" (issue 15 §4): right under the verdict, every action possible now, one line each,
 * labelled by what it does, with why it is or is not ready; each line's button opens the same
 * propose form as before (ProposeActions). The checklists lower down are the detail.
 */
export function DecidePanel({ snapshot }: { snapshot: Snapshot }) {
  const me = useSessionUser();
  const proposals = useProposals();
  return <DecidePanelView snapshot={snapshot} user={me.data} proposals={proposals.data} />;
}

export interface DecidePanelViewProps {
  snapshot: Snapshot;
  user: SessionUser | undefined;
  proposals: readonly Proposal[] | undefined;
}

export function DecidePanelView({ snapshot, user, proposals }: DecidePanelViewProps) {
  const lines = decideLines(snapshot);
  const operator = user !== undefined && hasRole(user.roles, "operator");
  const blockedBy = operator ? proposeBlockedBy(proposals) : null;
  return (
    <section aria-label="Decide" className="flex min-w-0 flex-col gap-3 rounded-lg border-2 border-slate-700 bg-white p-4 dark:border-slate-300 dark:bg-slate-900">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-xl font-bold">Decide</h2>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {user === undefined ? "" : operator ? "Each proposal needs a second person to approve it." : "Proposing needs the operator role: these are the actions an operator can propose now."}
        </p>
      </div>
      {blockedBy ? (
        <p role="status" className="rounded border-2 border-amber-600 bg-amber-50 p-2 text-sm font-semibold text-amber-950 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-50">
          {blockedBy}
        </p>
      ) : null}
      {lines.length === 0 ? (
        <p>Nothing to decide: the monitor has no promotion target (no readiness checklist yet).</p>
      ) : (
        <div className="flex flex-col divide-y divide-slate-200 dark:divide-slate-700">
          {lines.map((line) => (
            <Line key={line.name} line={line} snapshot={snapshot} user={user} proposals={proposals} />
          ))}
        </div>
      )}
    </section>
  );
}

function Line({ line, snapshot, user, proposals }: { line: DecideLine } & DecidePanelViewProps) {
  const id = useId();
  return (
    <div role="group" aria-label={line.name} aria-describedby={`${id}-why`} data-testid="decide-line" data-ready={line.ready} data-offered={line.offer !== null} className="flex flex-wrap items-start gap-x-3 gap-y-1 py-2 first:pt-0 last:pb-0">
      <div className="flex min-w-0 flex-[1_1_16rem] flex-col gap-0.5">
        <p className="flex flex-wrap items-center gap-2">
          <Pill tone={line.offer === null ? "neutral" : line.ready ? "good" : "bad"}>{line.offer === null ? "not offered" : line.ready ? "ready" : "not ready"}</Pill>
          <span className="min-w-0 font-bold [overflow-wrap:anywhere]">{line.label}</span>
        </p>
        <p id={`${id}-why`} className="text-sm text-slate-700 [overflow-wrap:anywhere] dark:text-slate-300">
          {line.why}
        </p>
      </div>
      {/* The button sits at the right; its form, when open, is wider than what is left and wraps to a full-width row. */}
      {line.offer ? (
        <div className="max-w-full min-w-0">
          <ProposeActionsView checklist={line.offer.checklist} runbooks={[line.offer.runbook]} snapshot={snapshot} user={user} proposals={proposals} compact />
        </div>
      ) : null}
    </div>
  );
}
