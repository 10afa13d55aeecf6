"use client";

import type { SessionUser } from "@/lib/session";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { ErrorText } from "@/components/ui/error-text";
import { ChangeCard } from "./change-card";
import { ProposeChangeForm } from "./propose-change-form";
import { useAccess, useAccessAction, type AccessView } from "./use-access";

/** Accounts, the persons behind them, and the privilege changes waiting for a second admin. */
export function AccessScreen({ me, initial }: { me: SessionUser; initial: AccessView }) {
  const { data } = useAccess(initial);
  const endSessions = useAccessAction();
  const myPerson = data.users.find((u) => u.id === me.id)?.personId;
  const myAccounts = data.users.filter((u) => u.personId === myPerson).map((u) => u.id);
  const pending = data.changes.filter((c) => c.status === "pending");
  const decided = data.changes.filter((c) => c.status !== "pending");
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="pending-changes" className="flex flex-col gap-3">
        <h2 id="pending-changes" className="text-lg font-semibold">
          Waiting for a second admin ({pending.length})
        </h2>
        {pending.length === 0 ? <p>No privilege change is waiting.</p> : pending.map((c) => <ChangeCard key={c.id} change={c} me={me} myPersonAccounts={myAccounts} />)}
      </section>
      <ProposeChangeForm users={data.users} />
      <section aria-labelledby="accounts-title" className="flex flex-col gap-2">
        <h2 id="accounts-title" className="text-lg font-semibold">
          Accounts
        </h2>
        <DataTable caption="Accounts and their persons" hideCaption columns={["Account", "Sign-in", "Roles", "Person", "Privileges changed", "Sessions"]} empty={null}>
          {data.users.map((u) => (
            <tr key={u.id} className="border-t border-slate-200 dark:border-slate-800">
              <td className="px-3 py-2">{u.label}{u.disabled ? " (disabled)" : ""}</td>
              <td className="px-3 py-2">{u.provider === "local" ? "password" : `single sign-on (${u.provider})`}</td>
              <td className="px-3 py-2">{u.roles.join(", ") || "none"}</td>
              <td className="px-3 py-2 font-mono text-xs" title={u.personId}>{u.personId.slice(0, 8)}</td>
              <td className="px-3 py-2">{u.privilegesChangedAt ? `${u.privilegesChangedAt.slice(0, 16).replace("T", " ")} UTC` : "—"}</td>
              <td className="px-3 py-2">
                <Button variant="secondary" disabled={endSessions.isPending} onClick={() => endSessions.mutate({ kind: "end-sessions", userId: u.id })}>
                  {/* The visible words begin the name (WCAG 2.5.3): "End sessions of <account>'s person". */}
                  End sessions<span className="sr-only"> of {u.label}&apos;s person</span>
                </Button>
              </td>
            </tr>
          ))}
        </DataTable>
        {endSessions.error ? <ErrorText small>{endSessions.error.message}</ErrorText> : null}
      </section>
      <section aria-labelledby="decided-changes" className="flex flex-col gap-3">
        <h2 id="decided-changes" className="text-lg font-semibold">
          Recent decisions
        </h2>
        {decided.length === 0 ? <p>None yet.</p> : decided.map((c) => <ChangeCard key={c.id} change={c} me={me} myPersonAccounts={myAccounts} />)}
      </section>
    </div>
  );
}
