"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

// One message for every credential failure: which part was wrong is not revealed.
const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Invalid username or password.",
  RateLimited: "Too many failed sign-in attempts: sign-in is locked for a while (a minute, doubling up to 15 minutes). Try again later.",
  NoRole: "Your account has no Failover Console role. Ask an administrator to grant one.",
};
const message = (code: string) => MESSAGES[code] ?? "Sign-in failed. Try again, or use another method.";

interface Props {
  callbackUrl: string;
  localEnabled: boolean;
  oidc: { id: string; name: string } | null;
  initialError: string | null;
}

export function LoginForm({ callbackUrl, localEnabled, oidc, initialError }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError ? message(initialError) : null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const res = await signIn("credentials", {
        username: String(form.get("username") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
        callbackUrl,
      });
      if (res?.ok && !res.error) {
        router.replace(callbackUrl);
        router.refresh();
        return;
      }
      setError(message(res?.status === 429 ? "RateLimited" : (res?.error ?? "CredentialsSignin")));
    } catch {
      setError("The console did not answer. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-6">
      {error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          {error}
        </p>
      ) : null}
      {localEnabled ? (
        <form onSubmit={onSubmit} className="space-y-4" aria-label="Local account">
          <Field label="Username" id="username" name="username" autoComplete="username" required autoFocus />
          <Field label="Password" id="password" name="password" type="password" autoComplete="current-password" required />
          <Button type="submit" disabled={busy} className="w-full">
            {busy ? "Signing in…" : "Sign in"}
          </Button>
        </form>
      ) : null}
      {oidc ? (
        <Button type="button" variant="secondary" className="w-full" onClick={() => void signIn(oidc.id, { callbackUrl })}>
          Sign in with {oidc.name}
        </Button>
      ) : null}
    </div>
  );
}
