"use client";

import { useId, useState } from "react";
import { formatClock } from "@/components/dashboard/format";
import { useNow } from "@/components/proposals/use-now";
import { Button } from "@/components/ui/button";
import { ReasonField } from "@/components/ui/reason-field";
import { hasRole } from "@/lib/roles";
import type { Continuation, Run, RunAction } from "@/lib/runs";
import type { SessionUser } from "@/lib/session";
import { ContinuationRequest } from "./continuation-request";
import { retryableStep } from "./format";
import { useRunAction } from "./use-runs";

/**
 * Which controls a run offers in each status (the server enforces the same table). While a
 * continuation request waits for its second person, going on is that request's approval, not a button.
 */
export function controlsFor(run: Pick<Run, "status" | "steps"> & Partial<Pick<Run, "continuation">>, now: number | null = null): RunAction[] {
  const held = waiting(run.continuation ?? null, now);
  switch (run.status) {
    case "running":
      return ["pause", "abort"];
    case "paused":
      return held ? ["abort"] : ["resume", "abort"];
    case "failed":
      return retryableStep(run.steps) && !held ? ["retry", "abort"] : ["abort"];
    default:
      return [];
  }
}

/**
 * A request still waiting for its second person. Before the browser knows the time (server render)
 * it counts as waiting; once it has expired, asking again is offered (the server marks it expired).
 */
export function waiting(request: Continuation | null, now: number | null): boolean {
  return request !== null && (now === null || Date.parse(request.expiresAt) > now);
}

const canControl = (user: SessionUser) => hasRole(user.roles, "operator") || hasRole(user.roles, "approver");

const DANGER_OUTLINE =
  "inline-flex items-center justify-center rounded-md border-2 border-red-700 bg-white px-4 py-2 text-sm font-semibold text-red-800 hover:bg-red-50 dark:border-red-400 dark:bg-slate-900 dark:text-red-300 dark:hover:bg-red-950";
const DANGER =
  "inline-flex items-center justify-center rounded-md bg-red-700 px-4 py-2 text-sm font-semibold text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:bg-slate-400";

const LABEL: Record<Exclude<RunAction, "abort">, string> = { pause: "Pause", resume: "Resume", retry: "Retry failed step" };

/**
 * Pause, resume, retry and abort, shown for the run's status and the user's roles. Abort asks for
 * a reason (for the record) and a second, explicit confirmation. Refusals show the server's words —
 * including "needs a second person", after which the run's continuation request is shown here.
 */
export function RunControls({ run, user }: { run: Run; user: SessionUser | undefined }) {
  const action = useRunAction(run.id);
  const [aborting, setAborting] = useState(false);
  const now = useNow(5_000);
  const actions = controlsFor(run, now);
  const request = run.continuation;
  const retry = retryableStep(run.steps);
  return (
    <section aria-labelledby="run-controls-heading" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="run-controls-heading" className="text-xl font-bold">
        Controls
      </h2>
      {actions.length === 0 ? (
        <p>The run has ended: there is nothing to control. A new change needs a new proposal.</p>
      ) : !user ? null : !canControl(user) ? (
        <p role="note">Controlling a run needs the operator or approver role.</p>
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-2">
            {actions.map((a) =>
              a === "abort" ? (
                <button key={a} type="button" aria-expanded={aborting} onClick={() => setAborting((v) => !v)} className={DANGER_OUTLINE}>
                  Abort…
                </button>
              ) : (
                <Button key={a} type="button" variant={a === "pause" ? "secondary" : "primary"} disabled={action.isPending} onClick={() => action.mutate({ action: a })}>
                  {LABEL[a]}
                </Button>
              ),
            )}
          </div>
          {retry && actions.includes("retry") ? (
            <p className="text-sm">
              Retry runs step {retry.index + 1} ({retry.title}) again from its first attempt; steps already done are not repeated.
            </p>
          ) : null}
          {run.status === "running" ? <p className="text-sm">Pause lets the step in flight finish, then starts nothing further until resumed.</p> : null}
          {aborting && actions.includes("abort") ? (
            <AbortForm pending={action.isPending} onAbort={(reason) => action.mutate({ action: "abort", reason }, { onSuccess: () => setAborting(false) })} onKeep={() => setAborting(false)} />
          ) : null}
          {request && waiting(request, now) ? <ContinuationRequest runId={run.id} request={request} user={user} /> : null}
          {request && !waiting(request, now) ? (
            <p role="note" data-testid="continuation-expired" className="text-sm">
              {request.requestedBy.name}&apos;s request to {request.action} expired at {formatClock(request.expiresAt)} unapproved: ask again, and a second person must approve it.
            </p>
          ) : null}
        </>
      )}
      {action.isError ? (
        <p role="alert" className="font-semibold text-red-800 dark:text-red-300">
          {action.error.message}
        </p>
      ) : null}
    </section>
  );
}

function AbortForm({ pending, onAbort, onKeep }: { pending: boolean; onAbort: (reason: string) => void; onKeep: () => void }) {
  const id = useId();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      aria-label="Abort the run"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim().length === 0) {
          setError("Say why the run is aborted: it goes on the record.");
          return;
        }
        setError(null);
        onAbort(reason.trim());
      }}
      className="flex max-w-xl flex-col gap-2 rounded-md border-2 border-red-700 p-3 dark:border-red-400"
    >
      <p className="font-semibold">Aborting cancels the step in flight; nothing further runs. Steps already done are not undone, and the approval is spent.</p>
      <ReasonField id={id} label="Reason for aborting" value={reason} onChange={setReason} error={error} />
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={pending} className={DANGER}>
          Confirm abort
        </button>
        <Button type="button" variant="secondary" onClick={onKeep}>
          Keep the run going
        </Button>
      </div>
    </form>
  );
}
