import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, inArray, isNull, lt } from "drizzle-orm";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import type { Clock } from "@/server/clock";
import { tables, type Db } from "@/server/db";

/**
 * Server-side sessions. next-auth's JWT is only a signed pointer (`sid`) to a row here; a request
 * is signed in while that row is unrevoked and unexpired, so sign-out, an admin, a role change or
 * a disabled account can end a session before its JWT expires.
 */

/** Why a session ended, as stored and audited. The database trigger writes the last two. */
export type SessionEndReason = "sign-out" | "admin" | "roles-changed" | "account-disabled" | (string & {});

/** Records a new session at sign-in; its id goes into the JWT as `sid`. */
export async function startSession(db: Db, clock: Clock, args: { userId: string; maxAgeSeconds: number }): Promise<string> {
  const now = clock.now();
  // Expired rows can never sign anyone in again; sign-ins keep the table from growing without end.
  await db.delete(tables.sessions).where(lt(tables.sessions.expiresAt, now));
  // Unguessable even though the JWT is signed: the sid must not be derivable from anything else.
  const id = randomBytes(32).toString("base64url");
  await db.insert(tables.sessions).values({
    id,
    userId: args.userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + args.maxAgeSeconds * 1000),
  });
  return id;
}

/** True while the session exists, belongs to this user, is not revoked and has not expired. */
export async function sessionActive(db: Db, clock: Clock, token: { sid?: unknown; sub?: unknown }): Promise<boolean> {
  // A JWT issued before server-side sessions (no sid) is refused: its holder signs in again.
  if (typeof token.sid !== "string" || typeof token.sub !== "string") return false;
  const [row] = await db.select().from(tables.sessions).where(eq(tables.sessions.id, token.sid));
  return !!row && row.userId === token.sub && row.revokedAt === null && row.expiresAt > clock.now();
}

/** Sign-out: ends this one session (the logout itself is audited by the caller). */
export async function endSession(db: Db, clock: Clock, args: { sid: string; userId: string }): Promise<void> {
  await db
    .update(tables.sessions)
    .set({ revokedAt: clock.now(), revokedBy: args.userId, reason: "sign-out" })
    .where(and(eq(tables.sessions.id, args.sid), eq(tables.sessions.userId, args.userId), isNull(tables.sessions.revokedAt)));
}

export interface RevokeArgs {
  /** Accounts whose sessions end (a person's accounts, once persons exist: pass all of them). */
  userIds: readonly string[];
  reason: SessionEndReason;
  /** Who ended them: an admin, or "system". */
  by: { id: string; name: string };
}

/**
 * Ends every live session of the given accounts, at once, and audits it as one record with the
 * count (also when none was live: the act is on the record either way). Returns how many ended.
 */
export async function revokeSessions(db: Db, clock: Clock, args: RevokeArgs): Promise<number> {
  const userIds = [...new Set(args.userIds)];
  return db.transaction(async (tx) => {
    const ended =
      userIds.length === 0
        ? []
        : await tx
            .update(tables.sessions)
            .set({ revokedAt: clock.now(), revokedBy: args.by.id, reason: args.reason })
            .where(and(inArray(tables.sessions.userId, userIds), isNull(tables.sessions.revokedAt)))
            .returning({ id: tables.sessions.id });
    await appendAudit(tx, clock, {
      actor: args.by.id,
      actorName: args.by.name,
      action: AUDIT_ACTIONS.sessionsRevoked,
      payload: { userIds, reason: args.reason, count: ended.length },
    });
    return ended.length;
  });
}
