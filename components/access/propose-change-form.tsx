"use client";

import { useState } from "react";
import { ACCESS_CHANGE_KINDS, type AccessChangeInput, type AccessChangeKind } from "@/lib/access";
import { ROLES, type Role } from "@/lib/roles";
import type { UserSummary } from "@/lib/users";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/error-text";
import { Field } from "@/components/ui/field";
import { useAccessAction } from "./use-access";

const KIND_LABEL: Record<AccessChangeKind, string> = {
  "create-account": "Create a local account",
  "set-roles": "Set an account's roles",
  "reset-password": "Reset an account's password",
  "link-person": "Link an account to another account's person",
};

const selectClass = "rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-900";

function AccountSelect(props: { id: string; label: string; users: readonly UserSummary[]; value: string; onChange: (v: string) => void; optional?: boolean }) {
  const { id, label, users, value, onChange, optional = false } = props;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={selectClass} required={!optional}>
        <option value="">{optional ? "None" : "Choose an account…"}</option>
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Proposes a privilege change; nothing happens until a different admin person approves it. */
export function ProposeChangeForm({ users }: { users: readonly UserSummary[] }) {
  const action = useAccessAction();
  const [kind, setKind] = useState<AccessChangeKind>("create-account");
  const [username, setUsername] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [roles, setRoles] = useState<Role[]>(["viewer"]);
  const [userId, setUserId] = useState("");
  const [samePersonAs, setSamePersonAs] = useState("");
  const [reason, setReason] = useState("");
  const local = users.filter((u) => u.provider === "local");

  const input = (): AccessChangeInput => {
    switch (kind) {
      case "create-account":
        return { kind, username, name, password, roles, reason, ...(samePersonAs ? { samePersonAs } : {}) };
      case "set-roles":
        return { kind, userId, roles, reason };
      case "reset-password":
        return { kind, userId, password, reason };
      case "link-person":
        return { kind, userId, samePersonAs, reason };
    }
  };
  const toggle = (role: Role) => setRoles((held) => (held.includes(role) ? held.filter((r) => r !== role) : ROLES.filter((r) => r === role || held.includes(r))));

  return (
    <form
      aria-labelledby="propose-change-title"
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      onSubmit={(e) => {
        e.preventDefault();
        action.mutate({ kind: "propose", input: input() }, { onSuccess: () => setPassword("") });
      }}
    >
      <h2 id="propose-change-title" className="text-lg font-semibold">
        Propose a privilege change
      </h2>
      <div className="flex flex-col gap-1">
        <label htmlFor="change-kind" className="text-sm font-medium">
          Change
        </label>
        <select id="change-kind" value={kind} onChange={(e) => setKind(e.target.value as AccessChangeKind)} className={selectClass}>
          {ACCESS_CHANGE_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </div>
      {kind === "create-account" ? (
        <>
          <Field id="change-username" label="Username" value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="off" />
          <Field id="change-name" label="Display name (unique)" value={name} onChange={(e) => setName(e.target.value)} required />
        </>
      ) : (
        <AccountSelect id="change-user" label="Account" users={kind === "link-person" ? users : local} value={userId} onChange={setUserId} />
      )}
      {kind === "create-account" || kind === "reset-password" ? (
        <Field id="change-password" label="Initial password (at least 12 characters)" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      ) : null}
      {kind === "create-account" || kind === "set-roles" ? (
        <fieldset className="flex flex-wrap gap-3">
          <legend className="text-sm font-medium">Roles</legend>
          {ROLES.map((r) => (
            <label key={r} className="flex items-center gap-1 text-sm">
              <input type="checkbox" checked={roles.includes(r)} onChange={() => toggle(r)} /> {r}
            </label>
          ))}
        </fieldset>
      ) : null}
      {kind === "create-account" || kind === "link-person" ? (
        <AccountSelect id="change-same-person" label={kind === "create-account" ? "Same person as (optional: a break-glass account)" : "Same person as"} users={users} value={samePersonAs} onChange={setSamePersonAs} optional={kind === "create-account"} />
      ) : null}
      <Field id="change-reason" label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} required minLength={10} />
      <Button type="submit" className="w-fit" disabled={action.isPending}>
        Propose change
      </Button>
      {action.isSuccess ? <p role="status">Proposed: a different admin person must approve it before it applies.</p> : null}
      {action.error ? <ErrorText small>{action.error.message}</ErrorText> : null}
    </form>
  );
}
