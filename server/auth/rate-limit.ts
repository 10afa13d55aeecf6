import "server-only";
import { sql } from "drizzle-orm";
import { AUDIT_ACTIONS } from "@/server/audit";
import type { Clock } from "@/server/clock";
import { queryRows, type Db } from "@/server/db";
import { retryAfterSeconds } from "@/server/errors";
import { normaliseUsername } from "./users";

export const LOGIN_FAILURE_LIMIT = 5;
export const LOGIN_FAILURE_WINDOW_MS = 60_000;

export type LoginThrottle = { limited: false } | { limited: true; retryAfterSeconds: number; by: "user" | "address" };

/**
 * Failed logins are counted from the audit log itself, so every console replica sharing a
 * database enforces one limit, and a restart does not reset it. The sixth attempt within a
 * minute — for one username or from one client address — is refused before the password is checked.
 */
export async function loginThrottle(db: Db, clock: Clock, username: string, ip: string | null): Promise<LoginThrottle> {
  const now = clock.now().getTime();
  const since = new Date(now - LOGIN_FAILURE_WINDOW_MS);
  const user = normaliseUsername(username);
  const [row] = await queryRows<{ by_user: number; by_ip: number; oldest_user: string | null; oldest_ip: string | null }>(
    db,
    sql`SELECT
          count(*) FILTER (WHERE actor = ${user})::int AS by_user,
          count(*) FILTER (WHERE ip = ${ip})::int AS by_ip,
          min(at) FILTER (WHERE actor = ${user}) AS oldest_user,
          min(at) FILTER (WHERE ip = ${ip}) AS oldest_ip
        FROM audit
        WHERE action = ${AUDIT_ACTIONS.loginFailed} AND at > ${since.toISOString()}`,
  );
  if (!row) return { limited: false };
  const retryAfter = (oldest: string | null) => retryAfterSeconds(new Date(oldest ?? now).getTime() + LOGIN_FAILURE_WINDOW_MS - now);
  if (row.by_user >= LOGIN_FAILURE_LIMIT) return { limited: true, by: "user", retryAfterSeconds: retryAfter(row.oldest_user) };
  if (ip && row.by_ip >= LOGIN_FAILURE_LIMIT) return { limited: true, by: "address", retryAfterSeconds: retryAfter(row.oldest_ip) };
  return { limited: false };
}
