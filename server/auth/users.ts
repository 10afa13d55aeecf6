import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Role } from "@/lib/roles";
import type { Clock } from "@/server/clock";
import { tables, type Db } from "@/server/db";

export type UserRow = typeof tables.users.$inferSelect;
export const LOCAL_PROVIDER = "local";

/** Usernames are case-insensitive for sign-in: stored and looked up lower-cased. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export async function findLocalUser(db: Db, username: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(tables.users)
    .where(and(eq(tables.users.provider, LOCAL_PROVIDER), eq(tables.users.subject, normaliseUsername(username))));
  return row;
}

export interface IdentityInput {
  provider: string;
  subject: string;
  username: string;
  displayName: string;
  email?: string | null;
  roles: Role[];
  passwordHash?: string | null;
}

/**
 * Creates or refreshes a user by (provider, subject). For OIDC users this runs at each sign-in
 * so roles follow the identity provider's groups; the console's id for the identity never changes.
 */
export async function upsertIdentity(db: Db, clock: Clock, input: IdentityInput): Promise<UserRow> {
  const now = clock.now();
  const [row] = await db
    .insert(tables.users)
    .values({
      id: randomUUID(),
      provider: input.provider,
      subject: input.subject,
      username: input.username,
      displayName: input.displayName,
      email: input.email ?? null,
      passwordHash: input.passwordHash ?? null,
      roles: input.roles,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: [tables.users.provider, tables.users.subject],
      set: {
        username: input.username,
        displayName: input.displayName,
        email: input.email ?? null,
        roles: input.roles,
        // Keep an existing password hash unless a new one is given.
        passwordHash: input.passwordHash ?? sql`${tables.users.passwordHash}`,
        updatedAt: now,
      },
    })
    .returning();
  if (!row) throw new Error(`upsert of user ${input.provider}/${input.subject} returned no row`);
  return row;
}
