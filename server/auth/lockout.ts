import "server-only";
import { eq } from "drizzle-orm";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import type { Clock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import { retryAfterSeconds } from "@/server/errors";
import { normaliseUsername } from "./users";

/** Failures allowed before the first lock; every failure from then on locks again, for twice as long. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_BASE_MS = 60_000;
export const LOCKOUT_CAP_MS = 15 * 60_000;
/** A day without a failure forgets the count (a success forgets it at once). */
export const LOCKOUT_FORGET_MS = 24 * 3600_000;

export type Locked = { locked: true; until: Date; retryAfterSeconds: number };
export type Lock = { locked: false } | Locked;

/**
 * The limiter's key: the normalised local username, for login and approval alike, and whether or
 * not the account exists (so a lock does not tell an attacker which names are real). Never the
 * client address: changing address cannot reset it.
 */
export function localAccountKey(username: string): string {
  return `local:${normaliseUsername(username)}`;
}

/** 1 min after the 5th failure, 2 after the 6th, 4, 8, then 15 min for each further failure. */
export function lockDurationMs(failures: number): number {
  if (failures < LOCKOUT_THRESHOLD) return 0;
  return Math.min(LOCKOUT_CAP_MS, LOCKOUT_BASE_MS * 2 ** Math.min(failures - LOCKOUT_THRESHOLD, 20));
}

function locked(until: Date, now: Date): Locked {
  return { locked: true, until, retryAfterSeconds: retryAfterSeconds(until.getTime() - now.getTime()) };
}

/** Read-only: is the account locked now? (The login route answers 429 before next-auth runs.) */
export async function lockOf(db: Db, clock: Clock, account: string): Promise<Lock> {
  const now = clock.now();
  const [row] = await db.select().from(tables.passwordLockouts).where(eq(tables.passwordLockouts.account, account));
  return row?.lockedUntil && row.lockedUntil > now ? locked(row.lockedUntil, now) : { locked: false };
}

/** An admitted attempt, with the count it took and the lock it set (null below the threshold). */
export type Admission = Locked | { locked: false; failures: number; lockedUntil: Date | null };

/**
 * Admits one password check, or refuses it because the account is locked. An admitted attempt is
 * counted as a failure *before* the password is checked (and forgotten when it succeeds), under a
 * row lock: so many guesses sent at once still get at most LOCKOUT_THRESHOLD checks, not one each.
 */
export async function admitAttempt(db: Db, clock: Clock, account: string): Promise<Admission> {
  const now = clock.now();
  return db.transaction(async (tx) => {
    await tx
      .insert(tables.passwordLockouts)
      .values({ account, failures: 0, lastFailureAt: now, lockedUntil: null })
      .onConflictDoNothing();
    const [row] = await tx.select().from(tables.passwordLockouts).where(eq(tables.passwordLockouts.account, account)).for("update");
    if (!row) throw new Error(`password lockout row for ${account} vanished`);
    if (row.lockedUntil && row.lockedUntil > now) return locked(row.lockedUntil, now);
    const forgotten = now.getTime() - row.lastFailureAt.getTime() > LOCKOUT_FORGET_MS;
    const failures = (forgotten ? 0 : row.failures) + 1;
    const duration = lockDurationMs(failures);
    await tx
      .update(tables.passwordLockouts)
      .set({ failures, lastFailureAt: now, lockedUntil: duration > 0 ? new Date(now.getTime() + duration) : null })
      .where(eq(tables.passwordLockouts.account, account));
    return { locked: false, failures, lockedUntil: duration > 0 ? new Date(now.getTime() + duration) : null };
  });
}

/** The password was right: the count and any lock the attempt set are forgotten. */
export async function attemptSucceeded(db: Db, account: string): Promise<void> {
  await db.delete(tables.passwordLockouts).where(eq(tables.passwordLockouts.account, account));
}

export interface FailedAttempt {
  account: string;
  /** Who the audit record names: the user id when the account exists, else the attempted username. */
  actor: { id: string; name: string };
  via: "login" | "approve";
  ip: string | null;
}

/**
 * The password was wrong. The count was already taken by admitAttempt; if this attempt is the one
 * that locked the account, the lock is audited — once: guesses refused while it is locked, and
 * guesses admitted alongside it that fail too, write nothing.
 */
export async function attemptFailed(db: Db, clock: Clock, failed: FailedAttempt, admitted: { failures: number; lockedUntil: Date | null }): Promise<void> {
  if (!admitted.lockedUntil) return;
  await appendAudit(db, clock, {
    actor: failed.actor.id,
    actorName: failed.actor.name,
    action: AUDIT_ACTIONS.lockedOut,
    ip: failed.ip,
    payload: { account: failed.account, failures: admitted.failures, until: admitted.lockedUntil.toISOString(), via: failed.via },
  });
}

export type PasswordCheck = { status: "ok" } | { status: "wrong" } | ({ status: "locked" } & Locked);

/**
 * The one way a password is checked (login and approval share it): refused without checking while
 * the account is locked; otherwise `verify` runs, and its outcome resets or keeps the count.
 */
export async function checkPasswordLimited(
  db: Db,
  clock: Clock,
  failed: FailedAttempt,
  verify: () => Promise<boolean>,
): Promise<PasswordCheck> {
  const admitted = await admitAttempt(db, clock, failed.account);
  if (admitted.locked) return { status: "locked", ...admitted };
  if (await verify()) {
    await attemptSucceeded(db, failed.account);
    return { status: "ok" };
  }
  await attemptFailed(db, clock, failed, admitted);
  return { status: "wrong" };
}
