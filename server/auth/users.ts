import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { isRole, type Role } from "@/lib/roles";
import { accountLabel } from "@/lib/users";
import type { Clock } from "@/server/clock";
import { queryRows, tables, type Db } from "@/server/db";

export type UserRow = typeof tables.users.$inferSelect;
export const LOCAL_PROVIDER = "local";

/** Usernames are case-insensitive for sign-in: stored and looked up lower-cased. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** How the account appears in every record: its display name with its username beside it. */
export function labelOf(row: Pick<UserRow, "displayName" | "username" | "provider">): string {
  return accountLabel({ name: row.displayName, username: row.username, provider: row.provider });
}

export async function findLocalUser(db: Db, username: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(tables.users)
    .where(and(eq(tables.users.provider, LOCAL_PROVIDER), eq(tables.users.subject, normaliseUsername(username))));
  return row;
}

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(tables.users).where(eq(tables.users.id, id));
  return row;
}

/** A new person, or (for single sign-on) the person the key already names. */
export async function personFor(db: Db, clock: Clock, key: string | null): Promise<string> {
  if (key !== null) {
    const [found] = await db.select({ id: tables.persons.id }).from(tables.persons).where(eq(tables.persons.key, key));
    if (found) return found.id;
  }
  const id = randomUUID();
  // ON CONFLICT: two first sign-ins of one person racing end with one person.
  await db.insert(tables.persons).values({ id, key, createdAt: clock.now() }).onConflictDoNothing();
  if (key === null) return id;
  const [row] = await db.select({ id: tables.persons.id }).from(tables.persons).where(eq(tables.persons.key, key));
  if (!row) throw new Error(`person ${key} vanished while being created`);
  return row.id;
}

/** True when another active account already shows this display name (compared case-insensitively). */
export async function displayNameTaken(db: Db, name: string, exceptUserId: string | null): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM users WHERE NOT disabled AND lower(display_name) = lower(${name}) AND id <> ${exceptUserId ?? ""} LIMIT 1`,
  );
  return rows.length > 0;
}

/**
 * Display names are unique among active accounts (an index in 0008), so nobody can show up as
 * another person's name. The identity provider's name is kept when free, else told apart by the
 * account's username.
 */
async function uniqueDisplayName(db: Db, input: IdentityInput, exceptUserId: string | null): Promise<string> {
  const candidates = [input.displayName, `${input.displayName} (${input.username})`, `${input.displayName} (${input.provider}:${input.subject})`];
  for (const name of candidates) if (!(await displayNameTaken(db, name, exceptUserId))) return name;
  throw new Error(`no free display name for ${input.provider}/${input.subject}`);
}

export interface IdentityInput {
  provider: string;
  subject: string;
  username: string;
  displayName: string;
  email?: string | null;
  roles: Role[];
  passwordHash?: string | null;
  /** Single sign-on: the person key ("email:…", "claim:…"); null or absent for a person of its own. */
  personKey?: string | null;
  /** When the roles given count as a privilege change (single sign-on); absent: seeded, never changed. */
  privilegesChangedAt?: Date | null;
}

export interface UpsertResult {
  row: UserRow;
  /** The roles before this call (null: the account is new). */
  previousRoles: Role[] | null;
}

/**
 * Creates or refreshes a user by (provider, subject). For OIDC users this runs at each sign-in
 * so roles follow the identity provider's groups; the console's id for the identity never changes,
 * and neither does its person once set (re-linking is a two-person act).
 */
export async function upsertIdentity(db: Db, clock: Clock, input: IdentityInput): Promise<UpsertResult> {
  return db.transaction(async (tx) => {
    const now = clock.now();
    const [existing] = await tx
      .select()
      .from(tables.users)
      .where(and(eq(tables.users.provider, input.provider), eq(tables.users.subject, input.subject)))
      .for("update");
    if (existing) {
      const previousRoles = existing.roles.filter(isRole);
      const changed = !sameRoles(previousRoles, input.roles);
      const [row] = await tx
        .update(tables.users)
        .set({
          username: input.username,
          displayName: await uniqueDisplayName(tx, input, existing.id),
          email: input.email ?? null,
          roles: input.roles,
          passwordHash: input.passwordHash ?? existing.passwordHash,
          privilegesChangedAt: changed ? (input.privilegesChangedAt ?? existing.privilegesChangedAt) : existing.privilegesChangedAt,
          updatedAt: now,
        })
        .where(eq(tables.users.id, existing.id))
        .returning();
      if (!row) throw new Error(`update of user ${input.provider}/${input.subject} returned no row`);
      return { row, previousRoles };
    }
    const [row] = await tx
      .insert(tables.users)
      .values({
        id: randomUUID(),
        provider: input.provider,
        subject: input.subject,
        username: input.username,
        displayName: await uniqueDisplayName(tx, input, null),
        email: input.email ?? null,
        passwordHash: input.passwordHash ?? null,
        roles: input.roles,
        personId: await personFor(tx, clock, input.personKey ?? null),
        privilegesChangedAt: input.privilegesChangedAt ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error(`insert of user ${input.provider}/${input.subject} returned no row`);
    return { row, previousRoles: null };
  });
}

export function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((r) => b.includes(r));
}
