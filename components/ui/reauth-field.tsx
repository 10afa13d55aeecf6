"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { SessionUser } from "@/lib/session";

const LOCAL_PROVIDER = "local";

/** A local account re-enters its password; a single-sign-on account signs in again at the identity provider. */
export const reauthByPassword = (user: SessionUser) => user.provider === LOCAL_PROVIDER;

/**
 * The re-authentication state every approval form keeps: the password typed, and whether the
 * form was submitted without it. `submit` calls `send` with the password for a local account (none
 * for single sign-on), or marks it missing; `sent` clears it once the server accepted.
 */
export function useReauth(user: SessionUser) {
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState(false);
  const local = reauthByPassword(user);
  return {
    field: { user, password, onPassword: setPassword, missing },
    submit(send: (password: string | undefined) => void) {
      if (local && password.length === 0) return setMissing(true);
      setMissing(false);
      send(local ? password : undefined);
    },
    sent: () => setPassword(""),
  };
}

export interface ReauthFieldProps {
  id: string;
  user: SessionUser;
  password: string;
  onPassword: (value: string) => void;
  /** Submitted without a password: say so. */
  missing: boolean;
}

/**
 * The re-authentication every approval asks for (DESIGN invariant 1), shared by the proposal's
 * approval and a run's continuation approval: the password field, or the "Sign in again" button
 * that sends a single-sign-on user through the identity provider with max_age=0.
 */
export function ReauthField({ id, user, password, onPassword, missing }: ReauthFieldProps) {
  if (!reauthByPassword(user)) {
    return (
      <div className="flex flex-col gap-1 text-sm">
        <p>Single sign-on: your sign-in at the identity provider must be under 5 minutes old.</p>
        <Button
          type="button"
          variant="secondary"
          className="w-fit"
          // max_age=0 and prompt=login make the identity provider ask again, whatever its own session.
          onClick={() => void signIn(user.provider, { callbackUrl: window.location.href }, { max_age: "0", prompt: "login" })}
        >
          Sign in again to approve
        </Button>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={`${id}-password`} className="text-sm font-medium">
        Your password (re-authentication)
      </label>
      <input
        id={`${id}-password`}
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        aria-invalid={missing ? true : undefined}
        aria-describedby={missing ? `${id}-password-error` : undefined}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-900"
      />
      {missing ? (
        <p id={`${id}-password-error`} role="alert" className="text-sm font-semibold text-red-800 dark:text-red-300">
          Enter your password: approving needs a fresh sign-in.
        </p>
      ) : null}
    </div>
  );
}
