"use client";

import { formatClock } from "@/components/dashboard/format";
import { Pill, type Tone } from "@/components/dashboard/pill";
import { RunProgress } from "@/components/runs/run-progress";
import type { Proposal, ProposalStatus } from "@/lib/proposals";
import type { SessionUser } from "@/lib/session";
import type { Snapshot } from "@/lib/snapshot";
import { RUNBOOK_LABEL, activeProposal, lastEnded, runbookTitle } from "./model";
import { PendingProposal } from "./pending-proposal";
import { useNow } from "./use-now";
import { useProposals, useSessionUser } from "./use-proposals";

const STATUS: Record<ProposalStatus, { tone: Tone; word: string }> = {
  pending: { tone: "warn", word: "awaiting approval" },
  approved: { tone: "info", word: "approved" },
  done: { tone: "good", word: "done" },
  rejected: { tone: "bad", word: "rejected" },
  cancelled: { tone: "neutral", word: "cancelled" },
  expired: { tone: "none", word: "expired" },
  voided: { tone: "bad", word: "voided" },
};

/** The approvals panel, live: polls the proposals so the proposer's and the approver's screens agree. */
export function ProposalsPanel({ snapshot }: { snapshot: Snapshot }) {
  const proposals = useProposals();
  const me = useSessionUser();
  const now = useNow();
  return (
    <ProposalsPanelView
      snapshot={snapshot}
      user={me.data}
      proposals={proposals.data}
      error={proposals.isError ? proposals.error.message : null}
      now={now}
    />
  );
}

export interface ProposalsPanelViewProps {
  snapshot: Snapshot;
  user: SessionUser | undefined;
  /** Newest first; undefined while loading. */
  proposals: readonly Proposal[] | undefined;
  error: string | null;
  now: number | null;
}

/**
 * The active proposal first (pending: everything to decide on; approved: its run's progress),
 * else the outcome of the last one with its reason (rejected, cancelled, expired, voided, done).
 */
export function ProposalsPanelView({ snapshot, user, proposals, error, now }: ProposalsPanelViewProps) {
  const active = proposals ? activeProposal(proposals) : null;
  const ended = proposals ? lastEnded(proposals) : null;
  return (
    <section
      aria-label="Approvals"
      data-state={active?.status ?? "idle"}
      className={`flex flex-col gap-3 rounded-lg border-2 bg-white p-4 dark:bg-slate-900 ${
        active?.status === "pending" ? "border-amber-600 dark:border-amber-400" : active ? "border-sky-700 dark:border-sky-400" : "border-slate-200 dark:border-slate-800"
      }`}
    >
      <h2 className="text-xl font-bold">Approvals</h2>
      {error ? (
        <p role="alert" className="font-semibold text-red-800 dark:text-red-300">
          Could not read the proposals: {error}
        </p>
      ) : null}
      {proposals === undefined ? (
        error ? null : <p>Loading proposals…</p>
      ) : active?.status === "pending" ? (
        <PendingProposal proposal={active} snapshot={snapshot} user={user} now={now} />
      ) : active ? (
        <ApprovedProposal proposal={active} />
      ) : (
        <p>No proposal is awaiting approval. Operators propose from Decide, above.</p>
      )}
      {proposals !== undefined && !active && ended ? <EndedProposal proposal={ended} /> : null}
    </section>
  );
}

/** Approved: the run is under way; follow it here or in the run view. */
function ApprovedProposal({ proposal: p }: { proposal: Proposal }) {
  return (
    <article aria-label="Approved proposal" data-testid="proposal" data-status={p.status} data-runbook={p.runbook} className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="text-xl font-bold">
          {runbookTitle(p)}
        </h3>
        <Pill tone={STATUS[p.status].tone}>{STATUS[p.status].word}</Pill>
      </div>
      <p>
        Proposed by {p.proposer.name}
        {p.approval ? `; approved by ${p.approval.approverName} at ${formatClock(p.approval.at)}` : ""}. Reason: {p.reason}
      </p>
      {p.runId ? <RunProgress runId={p.runId} /> : <p>The run is starting…</p>}
    </article>
  );
}

/** The last proposal that ended, and why: the next person to propose should know. */
export function outcomeText(p: Proposal): string {
  switch (p.status) {
    case "rejected":
      return `Rejected${p.decisionReason ? `: ${p.decisionReason}` : "."}`;
    case "cancelled":
      return `Cancelled${p.decisionReason ? `: ${p.decisionReason}` : "."}`;
    case "expired":
      return `Expired at ${formatClock(p.expiresAt)} without an approval.`;
    case "voided":
      return `Voided: ${p.decisionReason ?? "a blocking change since it was proposed"}.`;
    case "done":
      return `Done: approved${p.approval ? ` by ${p.approval.approverName}` : ""}, and its run has finished.`;
    default:
      return STATUS[p.status].word;
  }
}

function EndedProposal({ proposal: p }: { proposal: Proposal }) {
  return (
    <article aria-label="Last proposal" data-testid="proposal" data-status={p.status} data-runbook={p.runbook} className="flex flex-col gap-1 border-t border-slate-200 pt-3 dark:border-slate-700">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-bold">
          Last proposal: {RUNBOOK_LABEL[p.runbook]} {p.sourceRegion} → {p.targetRegion}
        </h3>
        <Pill tone={STATUS[p.status].tone} data-testid="proposal-status">
          {STATUS[p.status].word}
        </Pill>
      </div>
      <p data-testid="proposal-outcome">{outcomeText(p)}</p>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Proposed by {p.proposer.name} at {formatClock(p.createdAt)}: {p.reason}
      </p>
      {p.runId ? <RunProgress runId={p.runId} /> : null}
    </article>
  );
}
