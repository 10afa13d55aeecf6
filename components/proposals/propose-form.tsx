"use client";

import { useId, useState } from "react";
import { formatClock, formatMs } from "@/components/dashboard/format";
import { Button } from "@/components/ui/button";
import { ReasonField } from "@/components/ui/reason-field";
import type { ReadinessChecklist } from "@/lib/findings";
import type { Proposal, Runbook } from "@/lib/proposals";
import type { Snapshot } from "@/lib/snapshot";
import { RUNBOOK_LABEL, lastLagInto, proposalBody, proposeErrors, runbookExplanation } from "./model";
import { usePropose } from "./use-proposals";

export interface ProposeFormProps {
  runbook: Runbook;
  checklist: ReadinessChecklist;
  snapshot: Snapshot;
  onClose: () => void;
  onProposed: (proposal: Proposal) => void;
}

/**
 * The proposal form, inline under the checklist it was opened from: the reason (10 characters or
 * more) and, for an unplanned failover, the data-loss acknowledgement with the last lag seen (the
 * server records its own monitor's figure when the proposal arrives; the browser sends none). A
 * not-ready checklist may still be proposed, with a warning: the approver sees the same evidence.
 */
export function ProposeForm({ runbook, checklist, snapshot, onClose, onProposed }: ProposeFormProps) {
  const id = useId();
  const propose = usePropose();
  const [reason, setReason] = useState("");
  const [acknowledged, setAcknowledged] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const unplanned = runbook === "unplanned-failover";
  const lag = unplanned ? lastLagInto(snapshot, checklist.target) : null;
  const errors = submitted ? proposeErrors({ runbook, reason, acknowledged }) : {};
  const failing = checklist.checks.filter((c) => c.status !== "pass");
  const title = `${RUNBOOK_LABEL[runbook]} to ${checklist.target}`;

  const submit = () => {
    setSubmitted(true);
    const found = proposeErrors({ runbook, reason, acknowledged });
    if (found.reason || found.ack) return;
    propose
      .mutateAsync(proposalBody({ runbook, targetRegion: checklist.target, reason, acknowledged }))
      // Not mutate's onSuccess: the refreshed proposal list may unmount this form (one active at a
      // time) before a per-call callback would run. The parent outlives it and shows the result.
      .then(onProposed)
      // A refusal is shown from the mutation's state, verbatim (below); nothing more to do here.
      .catch((err: unknown) => console.debug("proposal refused:", err));
  };

  return (
    <form
      id={`${id}-form`}
      aria-label={`Propose: ${title}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      className="flex flex-col gap-3 rounded-md border-2 border-sky-700 bg-sky-50 p-3 dark:border-sky-400 dark:bg-sky-950"
    >
      <h4 className="font-bold">Propose: {title}</h4>
      <p className="text-sm">{runbookExplanation(runbook, checklist.source, checklist.target)}</p>
      {!checklist.ready ? (
        <div role="note" data-testid="not-ready-warning" className="rounded border-2 border-amber-600 bg-amber-50 p-2 text-sm text-amber-950 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-50">
          <p className="font-bold">! Not ready: {failing.length} of {checklist.checks.length} checks are not passing.</p>
          <p>{failing.map((c) => `${c.label} (${c.status})`).join("; ")}.</p>
          <p>You may still propose. The approver sees this same evidence, the run&apos;s preflight waits for what can recover, and a blocking failure voids the approval.</p>
        </div>
      ) : null}
      <div className="flex flex-col gap-1">
        <ReasonField id={id} label="Reason (at least 10 characters)" value={reason} onChange={setReason} error={errors.reason ?? null} minLength={10} autoFocus />
      </div>
      {unplanned ? (
        <fieldset className="flex flex-col gap-1 rounded border-2 border-red-700 p-2 dark:border-red-400">
          <legend className="px-1 text-sm font-bold">Expected data loss</legend>
          <div className="flex items-start gap-2">
            <input
              id={`${id}-ack`}
              type="checkbox"
              required
              disabled={lag === null}
              checked={acknowledged}
              onChange={(e) => setAcknowledged(e.target.checked && lag !== null)}
              aria-invalid={errors.ack ? true : undefined}
              aria-describedby={errors.ack ? `${id}-ack-error` : undefined}
              className="mt-1 h-4 w-4"
            />
            <label htmlFor={`${id}-ack`} className="text-sm">
              {lag === null ? (
                <>No replication lag into {checklist.target} has been observed, so the data loss cannot be stated yet. Wait for a lag reading.</>
              ) : (
                <>
                  I acknowledge that writes to {checklist.source} not yet replicated to {checklist.target} will be lost: last lag seen{" "}
                  <strong data-testid="ack-lag">{formatMs(lag.lagMs)}</strong>
                  {lag.observedAt ? ` (observed ${formatClock(lag.observedAt)})` : ""}.
                </>
              )}
            </label>
          </div>
          {lag !== null ? (
            <p className="text-sm">The console records its monitor&apos;s last lag with the proposal when you submit; that is the figure the approver sees.</p>
          ) : null}
          {errors.ack ? (
            <p id={`${id}-ack-error`} role="alert" className="text-sm font-semibold text-red-800 dark:text-red-300">
              {errors.ack}
            </p>
          ) : null}
        </fieldset>
      ) : null}
      {propose.isError ? (
        <p role="alert" className="font-semibold text-red-800 dark:text-red-300">
          {propose.error.message}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={propose.isPending}>
          {propose.isPending ? "Submitting…" : "Submit proposal"}
        </Button>
        <Button type="button" variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </form>
  );
}
