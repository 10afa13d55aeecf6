import "server-only";
import type { User } from "next-auth";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import type { Clock } from "@/server/clock";
import type { Db } from "@/server/db";
import { hasNul } from "@/server/http/nul";
import { checkPasswordLimited, localAccountKey } from "./lockout";
import { dummyPasswordHash, verifyPassword } from "./password";
import { findLocalUser, labelOf, LOCAL_PROVIDER, normaliseUsername } from "./users";

/**
 * Checks a local username and password through the per-account limiter (lockout.ts). A failure of
 * any kind — unknown user, wrong password, disabled account — returns null (the caller shows one
 * generic message) and is written to the audit log with the attempted username and client address.
 * While the account is locked the password is not checked and nothing is audited per guess: the
 * lock itself was audited once, and the login route has already answered 429 in the usual case.
 */
export async function verifyLocalLogin(
  db: Db,
  clock: Clock,
  input: { username?: string; password?: string },
  ip: string | null,
): Promise<User | null> {
  const username = normaliseUsername(input.username ?? "");
  // login-guard.ts answers these with a 400 first; PostgreSQL would refuse the NUL in the query.
  if (hasNul(username)) return null;
  const user = username ? await findLocalUser(db, username) : undefined;
  const actor = user ? { id: user.id, name: user.displayName } : { id: username || "(blank)", name: username || "(blank)" };
  // Hash even when the user is unknown, so timing does not reveal which usernames exist.
  const check = await checkPasswordLimited(db, clock, { account: localAccountKey(username), actor, via: "login", ip }, async () =>
    verifyPassword(input.password ?? "", user?.passwordHash ?? (await dummyPasswordHash())),
  );
  if (check.status === "locked") return null;
  if (user && check.status === "ok" && !user.disabled) {
    return { id: user.id, name: labelOf(user), username: user.username, email: user.email };
  }
  await appendAudit(db, clock, {
    actor: username || "(blank)",
    actorName: username || "(blank)",
    action: AUDIT_ACTIONS.loginFailed,
    ip,
    payload: { provider: LOCAL_PROVIDER, reason: !user ? "unknown_user" : user.disabled ? "disabled" : "bad_password" },
  });
  return null;
}
