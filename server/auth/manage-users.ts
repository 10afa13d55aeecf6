import "server-only";
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { isRole, type Role } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import type { UserSummary } from "@/lib/users";
import type { Clock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import { ServiceError } from "@/server/errors";
import { revokeSessions } from "./sessions";
import { displayNameTaken, findLocalUser, labelOf, LOCAL_PROVIDER, normaliseUsername, personFor, type UserRow } from "./users";

export function toSummary(r: UserRow): UserSummary {
  return {
    id: r.id,
    provider: r.provider,
    username: r.username,
    name: r.displayName,
    label: labelOf(r),
    personId: r.personId,
    roles: r.roles.filter(isRole),
    disabled: r.disabled,
    privilegesChangedAt: r.privilegesChangedAt?.toISOString() ?? null,
  };
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
  const rows = await db.select().from(tables.users).orderBy(asc(tables.users.provider), asc(tables.users.username));
  return rows.map(toSummary);
}

export interface NewAccount {
  username: string;
  name: string;
  passwordHash: string;
  roles: Role[];
  /** Join this person; null: a person of its own. */
  personId: string | null;
}

/**
 * Why a new local account cannot be created as asked, or null. Checked when the change is proposed
 * and again when it is applied (another account may have taken the name in between).
 */
export async function newAccountProblem(db: Db, input: { username: string; name: string }): Promise<string | null> {
  if (await findLocalUser(db, input.username)) return `a local user named ${normaliseUsername(input.username)} already exists`;
  if (await displayNameTaken(db, input.name, null)) return `another active account is already named "${input.name}"; display names are unique`;
  return null;
}

/**
 * Creates a local account. Only an approved access change (server/access) and the first-admin
 * bootstrap call this; the account's privileges count as changed now (cooling-off).
 */
export async function insertLocalAccount(db: Db, clock: Clock, input: NewAccount): Promise<UserRow> {
  const problem = await newAccountProblem(db, input);
  if (problem) throw new ServiceError("conflict", problem);
  const now = clock.now();
  const username = normaliseUsername(input.username);
  const [row] = await db
    .insert(tables.users)
    .values({
      id: randomUUID(),
      provider: LOCAL_PROVIDER,
      subject: username,
      username,
      displayName: input.name,
      passwordHash: input.passwordHash,
      roles: input.roles,
      personId: input.personId ?? (await personFor(db, clock, null)),
      privilegesChangedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    // ON CONFLICT DO NOTHING, not a read-then-write: two approvals racing cannot overwrite an account.
    .onConflictDoNothing()
    .returning();
  if (!row) throw new ServiceError("conflict", `a local user named ${username} already exists`);
  return row;
}

/** Changes an account's privileges (roles, password or person) and starts its cooling-off. */
export async function updatePrivileges(
  db: Db,
  clock: Clock,
  userId: string,
  change: { roles?: Role[]; passwordHash?: string; personId?: string },
): Promise<UserRow> {
  const now = clock.now();
  const [row] = await db
    .update(tables.users)
    .set({ ...change, privilegesChangedAt: now, updatedAt: now })
    .where(eq(tables.users.id, userId))
    .returning();
  if (!row) throw new ServiceError("not_found", `no user ${userId}`);
  return row;
}

/**
 * An admin ends every session of the person behind an account now — all their accounts, local and
 * single sign-on (a lost laptop, a leaver); audited with the count.
 */
export async function endUserSessions(db: Db, clock: Clock, actor: SessionUser, userId: string): Promise<{ userId: string; ended: number }> {
  const [row] = await db.select({ personId: tables.users.personId }).from(tables.users).where(eq(tables.users.id, userId));
  if (!row) throw new ServiceError("not_found", `no user ${userId}`);
  const accounts = await db.select({ id: tables.users.id }).from(tables.users).where(eq(tables.users.personId, row.personId));
  const ended = await revokeSessions(db, clock, { userIds: accounts.map((a) => a.id), reason: "admin", by: { id: actor.id, name: actor.name } });
  return { userId, ended };
}
