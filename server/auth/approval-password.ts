import "server-only";
import { eq } from "drizzle-orm";
import type { Clock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import { ServiceError } from "@/server/errors";
import { checkPasswordLimited, localAccountKey } from "./lockout";
import { dummyPasswordHash, verifyPassword } from "./password";
import { LOCAL_PROVIDER } from "./users";

/**
 * Re-authentication by password for an approval, through the same per-account limiter as the
 * login: a stolen session cannot guess the password faster at the approve button than at the
 * login page. Returns whether the password matched; a locked account is a 429 (with Retry-After)
 * before anything is checked or audited, whatever the password.
 */
export async function verifyApprovalPassword(
  db: Db,
  clock: Clock,
  userId: string,
  password: string | undefined,
  ip: string | null,
): Promise<boolean> {
  const [row] = await db.select().from(tables.users).where(eq(tables.users.id, userId));
  if (!row || row.provider !== LOCAL_PROVIDER || password === undefined) return false;
  const hash = row.passwordHash;
  const check = await checkPasswordLimited(
    db,
    clock,
    { account: localAccountKey(row.subject), actor: { id: row.id, name: row.displayName }, via: "approve", ip },
    async () => verifyPassword(password, hash ?? (await dummyPasswordHash())),
  );
  if (check.status === "locked") {
    throw new ServiceError(
      "rate_limited",
      `too many wrong passwords for your account: it is locked until ${check.until.toISOString().slice(11, 19)} UTC (try again in ${check.retryAfterSeconds} s); even the right password is refused until then`,
      { reason: "locked-out", retryAfterSeconds: check.retryAfterSeconds, lockedUntil: check.until.toISOString() },
    );
  }
  return check.status === "ok" && hash !== null;
}
