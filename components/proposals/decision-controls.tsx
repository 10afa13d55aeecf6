"use client";

import { useId, useState } from "react";
import { shortHash } from "@/components/audit/format";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/api-client";
import { ReasonField } from "@/components/ui/reason-field";
import { ReauthField, useReauth } from "@/components/ui/reauth-field";
import type { Proposal } from "@/lib/proposals";
import { hasRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { useDecide } from "./use-proposals";

/** Why this user cannot approve, or null when they can: the two-person rule, then the role. */
export function cannotApprove(proposal: Pick<Proposal, "proposer">, user: SessionUser): string | null {
  if (user.id === proposal.proposer.id) return "You proposed this; a different person must approve it.";
  if (!hasRole(user.roles, "approver")) return "Approving needs the approver role.";
  return null;
}

/**
 * Approve (password re-entered, bound to the content hash on screen) and reject for a different
 * approver; cancel for the proposer or an admin. Refusals show the server's message as it is.
 */
export function DecisionControls({ proposal, user }: { proposal: Proposal; user: SessionUser }) {
  const why = cannotApprove(proposal, user);
  const canCancel = user.id === proposal.proposer.id || hasRole(user.roles, "admin");
  return (
    <div className="flex flex-col gap-3">
      {why ? (
        <p role="note" data-testid="cannot-approve" className="rounded border-2 border-slate-400 bg-slate-50 p-2 font-semibold dark:border-slate-500 dark:bg-slate-800">
          {why}
        </p>
      ) : (
        <div className="grid gap-3 md:grid-cols-2">
          <ApproveForm proposal={proposal} user={user} />
          <ReasonForm proposal={proposal} kind="reject" />
        </div>
      )}
      {canCancel ? <ReasonForm proposal={proposal} kind="cancel" /> : null}
    </div>
  );
}

/** A locked account (429) is said so an approver under pressure reads it right: no more tries for now. */
export function approveErrorText(error: Error): string {
  if (error instanceof ApiError && error.code === "rate_limited") {
    return `Approving is locked: ${error.message}. Another approver can still approve.`;
  }
  return error.message;
}

function ApproveForm({ proposal, user }: { proposal: Proposal; user: SessionUser }) {
  const id = useId();
  const decide = useDecide(proposal.id);
  const reauth = useReauth(user);
  return (
    <form
      aria-label="Approve"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        reauth.submit((password) => decide.mutate({ kind: "approve", contentHash: proposal.contentHash, password }, { onSuccess: reauth.sent }));
      }}
      className="flex flex-col gap-2 rounded-md border-2 border-emerald-700 p-3 dark:border-emerald-500"
    >
      <p className="text-sm">
        You approve exactly what is shown above (content hash{" "}
        <code className="font-mono" title={proposal.contentHash}>
          {shortHash(proposal.contentHash, 12)}
        </code>
        ). The run starts at once.
      </p>
      <ReauthField id={id} {...reauth.field} />
      {decide.isError ? (
        <p role="alert" className="font-semibold text-red-800 dark:text-red-300">
          {approveErrorText(decide.error)}
        </p>
      ) : null}
      <Button type="submit" disabled={decide.isPending} className="w-fit">
        {decide.isPending ? "Approving…" : "Approve"}
      </Button>
    </form>
  );
}

const REASON_FORM = {
  reject: { label: "Reason for rejecting", button: "Reject", missing: "Say why you reject it: it goes on the record." },
  cancel: { label: "Reason for cancelling", button: "Cancel proposal", missing: "Say why you cancel it: it goes on the record." },
} as const;

/** Reject (any other approver) or cancel (the proposer or an admin): both always say why. */
function ReasonForm({ proposal, kind }: { proposal: Proposal; kind: "reject" | "cancel" }) {
  const id = useId();
  const decide = useDecide(proposal.id);
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const text = REASON_FORM[kind];
  return (
    <form
      aria-label={text.button}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (reason.trim().length === 0) {
          setMissing(true);
          return;
        }
        setMissing(false);
        decide.mutate({ kind, reason: reason.trim() });
      }}
      className="flex flex-col gap-2 rounded-md border border-slate-300 p-3 dark:border-slate-600"
    >
      <ReasonField id={id} label={text.label} value={reason} onChange={setReason} error={missing ? text.missing : null} />
      {decide.isError ? (
        <p role="alert" className="font-semibold text-red-800 dark:text-red-300">
          {decide.error.message}
        </p>
      ) : null}
      <Button type="submit" variant="secondary" disabled={decide.isPending} className="w-fit">
        {text.button}
      </Button>
    </form>
  );
}
