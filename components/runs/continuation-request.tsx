"use client";

import { useId } from "react";
import { formatClock } from "@/components/dashboard/format";
import { Button } from "@/components/ui/button";
import { ReauthField, useReauth } from "@/components/ui/reauth-field";
import { hasRole } from "@/lib/roles";
import type { Continuation } from "@/lib/runs";
import type { SessionUser } from "@/lib/session";
import { useApproveContinuation } from "./use-runs";

const ASKED = { resume: "resume the run", retry: "retry the failed step" } as const;

/** Why this user cannot approve the request, or null when they can: the two-person rule, then the role. */
export function cannotApproveContinuation(request: Pick<Continuation, "requestedBy">, user: SessionUser): string | null {
  if (user.id === request.requestedBy.id) return "You asked; a different person must approve it.";
  if (!hasRole(user.roles, "approver")) return "Approving needs the approver role.";
  return null;
}

/**
 * A stopped run that needs fresh eyes (issue 13 §8): who asked to go on, why one person is not
 * enough (the approval is older than the proposal TTL, or the preconditions broke), until when
 * the request stands — and, for a different approver, the approval with re-authentication.
 */
export function ContinuationRequest({ runId, request, user }: { runId: string; request: Continuation; user: SessionUser }) {
  const why = cannotApproveContinuation(request, user);
  return (
    <article aria-label="Continuation request" data-testid="continuation-request" className="flex flex-col gap-2 rounded-md border-2 border-amber-600 bg-amber-50 p-3 text-amber-950 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-50">
      <p className="font-semibold">
        {request.requestedBy.name} asked to {ASKED[request.action]} at {formatClock(request.requestedAt)}. A second person must approve it:{" "}
        {request.why.map((w) => w.message).join("; ")}. The request expires at {formatClock(request.expiresAt)}.
      </p>
      {why ? (
        <p role="note" data-testid="cannot-approve-continuation" className="text-sm font-semibold">
          {why}
        </p>
      ) : (
        <ApproveContinuation runId={runId} request={request} user={user} />
      )}
    </article>
  );
}

function ApproveContinuation({ runId, request, user }: { runId: string; request: Continuation; user: SessionUser }) {
  const id = useId();
  const approve = useApproveContinuation(runId);
  const reauth = useReauth(user);
  return (
    <form
      aria-label="Approve continuing"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        reauth.submit((password) => approve.mutate({ requestId: request.id, password }, { onSuccess: reauth.sent }));
      }}
      className="flex flex-col gap-2"
    >
      <p className="text-sm">The preflight is checked again when you approve; while it blocks, the approval is refused with the reason.</p>
      <ReauthField id={id} {...reauth.field} />
      {approve.isError ? (
        <p role="alert" className="font-semibold text-red-800 dark:text-red-300">
          {approve.error.message}
        </p>
      ) : null}
      <Button type="submit" disabled={approve.isPending} className="w-fit">
        {approve.isPending ? "Approving…" : "Approve continuing"}
      </Button>
    </form>
  );
}
