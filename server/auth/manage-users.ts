import "server-only";
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { isRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import type { NewLocalUser, UserSummary } from "@/lib/users";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import type { Clock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import { ServiceError } from "@/server/errors";
import { hashPassword } from "./password";
import { revokeSessions } from "./sessions";
import { LOCAL_PROVIDER, normaliseUsername } from "./users";

export async function listUsers(db: Db): Promise<UserSummary[]> {
  const rows = await db.select().from(tables.users).orderBy(asc(tables.users.provider), asc(tables.users.username));
  return rows.map((r) => ({
    id: r.id,
    provider: r.provider,
    username: r.username,
    name: r.displayName,
    roles: r.roles.filter(isRole),
    disabled: r.disabled,
  }));
}

/** Creates a local account (break-glass, or a drill participant). Existing accounts are never overwritten. */
export async function createLocalUser(db: Db, clock: Clock, actor: SessionUser, input: NewLocalUser): Promise<UserSummary> {
  const username = normaliseUsername(input.username);
  const passwordHash = await hashPassword(input.password);
  const now = clock.now();
  return db.transaction(async (tx) => {
    // ON CONFLICT DO NOTHING, not a read-then-write: two admins racing cannot overwrite each other.
    const [row] = await tx
      .insert(tables.users)
      .values({
        id: randomUUID(),
        provider: LOCAL_PROVIDER,
        subject: username,
        username,
        displayName: input.name,
        passwordHash,
        roles: input.roles,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ServiceError("conflict", `a local user named ${username} already exists`);
    await appendAudit(tx, clock, {
      actor: actor.id,
      actorName: actor.name,
      action: AUDIT_ACTIONS.userCreated,
      payload: { userId: row.id, username, roles: input.roles },
    });
    return { id: row.id, provider: row.provider, username: row.username, name: row.displayName, roles: input.roles, disabled: row.disabled };
  });
}

/** An admin ends every session of one account now (a lost laptop, a leaver); audited with the count. */
export async function endUserSessions(db: Db, clock: Clock, actor: SessionUser, userId: string): Promise<{ userId: string; ended: number }> {
  const [row] = await db.select({ id: tables.users.id }).from(tables.users).where(eq(tables.users.id, userId));
  if (!row) throw new ServiceError("not_found", `no user ${userId}`);
  const ended = await revokeSessions(db, clock, { userIds: [row.id], reason: "admin", by: { id: actor.id, name: actor.name } });
  return { userId: row.id, ended };
}
