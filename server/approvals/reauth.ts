import "server-only";
import type { Actor } from "./actor";
import { Refusal } from "./refusal";

/** Invariant 1: the approver re-authenticated within the last five minutes. */
export const REAUTH_MAX_AGE_MS = 5 * 60_000;
// An IdP clock a little ahead of ours is normal; a sign-in far in the future is not believable.
const MAX_CLOCK_SKEW_MS = 60_000;

/**
 * The route does the actual check (verifyPassword, or reading the session's auth_time); this
 * says whether it is enough. A local account must re-enter its password; an OIDC account must
 * have signed in at the IdP recently (else the UI sends it through a login with max_age).
 */
export type Reauth = { method: "password"; verified: boolean } | { method: "oidc-auth-time"; authTime: Date };

export function checkReauth(actor: Actor, reauth: Reauth, now: Date): Refusal | null {
  const local = actor.provider === "local";
  if (reauth.method === "password") {
    if (!local) return new Refusal("forbidden", "reauth-method", "an OIDC account re-authenticates by signing in again");
    if (!reauth.verified) return new Refusal("forbidden", "reauth-password", "the password did not match; approval needs it re-entered");
    return null;
  }
  if (local) return new Refusal("forbidden", "reauth-method", "a local account re-authenticates with its password");
  const age = now.getTime() - reauth.authTime.getTime();
  if (age >= REAUTH_MAX_AGE_MS || age < -MAX_CLOCK_SKEW_MS) {
    return new Refusal("forbidden", "reauth-stale", "your sign-in is more than 5 minutes old; sign in again to approve");
  }
  return null;
}
