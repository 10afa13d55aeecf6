"use client";

import { describeAccessChange, type AccessChange } from "@/lib/access";
import type { SessionUser } from "@/lib/session";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { ReauthField, useReauth } from "@/components/ui/reauth-field";
import { useAccessAction } from "./use-access";

const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/**
 * One privilege change: what it does, who asked and why, and — for a pending one — the decision
 * this admin may take. The proposer's own person cannot approve (the server says so too).
 */
export function ChangeCard({ change, me, myPersonAccounts }: { change: AccessChange; me: SessionUser; myPersonAccounts: readonly string[] }) {
  const action = useAccessAction();
  const reauth = useReauth(me);
  const mine = myPersonAccounts.includes(change.proposerId);
  const pending = change.status === "pending";
  const id = `change-${change.id}`;
  const approve = () => reauth.submit((password) => action.mutate({ kind: "approve", id: change.id, contentHash: change.contentHash, password }, { onSuccess: reauth.sent }));
  return (
    <article aria-labelledby={`${id}-title`} className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h3 id={`${id}-title`} className="font-semibold">
        {describeAccessChange(change)}
      </h3>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Proposed by {change.proposerName} at {when(change.createdAt)} · {pending ? `expires ${when(change.expiresAt)}` : change.status}
        {change.decidedByName ? ` by ${change.decidedByName}` : ""}
        {change.decisionReason ? ` (${change.decisionReason})` : ""}
      </p>
      <p className="text-sm">Why: {change.reason}</p>
      {pending && mine ? (
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-sm font-medium">You proposed this: a different admin person must approve it.</p>
          <Button variant="secondary" disabled={action.isPending} onClick={() => action.mutate({ kind: "cancel", id: change.id })}>
            Cancel change
          </Button>
        </div>
      ) : null}
      {pending && !mine ? (
        <form
          className="flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            approve();
          }}
        >
          <ReauthField id={id} {...reauth.field} />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={action.isPending}>
              Approve change
            </Button>
            <Button type="button" variant="secondary" disabled={action.isPending} onClick={() => action.mutate({ kind: "reject", id: change.id })}>
              Reject change
            </Button>
          </div>
        </form>
      ) : null}
      {action.error ? <ErrorText small>{action.error.message}</ErrorText> : null}
    </article>
  );
}
