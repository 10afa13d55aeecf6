import "server-only";
import { sql } from "drizzle-orm";
import { NewLocalUser } from "@/lib/users";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import type { Clock } from "@/server/clock";
import { queryRows, type Db } from "@/server/db";
import { invalidInput, ServiceError } from "@/server/errors";
import { insertLocalAccount } from "./manage-users";
import { hashPassword } from "./password";
import { labelOf, type UserRow } from "./users";

/** The two-person rule for privileges needs two admin persons; bootstrap stops there. */
export const FOUNDING_ADMINS = 2;
// Any constant; serialises two bootstraps racing so both cannot see "one admin" and both succeed.
const BOOTSTRAP_LOCK = 0x46_43_42_53; // "FCBS"

export interface BootstrapInput {
  username: string;
  name: string;
  password: string;
  /** Who ran it, for the audit record (the operating-system user and host). */
  by: string;
}

/**
 * Creates a founding admin from the server's shell (`npm run users -- bootstrap`), for a console
 * that nobody can sign in to yet (aws mode without single sign-on). Only while fewer than two
 * active admin persons exist: privilege changes need one admin to propose and a different admin
 * person to approve, so a console with one admin could never add a second. Past that point every
 * new account is a two-person act. Founding admins start without a cooling-off: there is nobody
 * yet to notice a grant.
 */
export async function bootstrapAdmin(db: Db, clock: Clock, input: BootstrapInput): Promise<UserRow> {
  const parsed = NewLocalUser.safeParse({ username: input.username, name: input.name, password: input.password, roles: ["viewer", "admin"] });
  if (!parsed.success) throw invalidInput(parsed.error, "bootstrap");
  const passwordHash = await hashPassword(parsed.data.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`);
    const [counted] = await queryRows<{ persons: number }>(
      tx,
      sql`SELECT count(DISTINCT person_id)::int AS persons FROM users WHERE NOT disabled AND 'admin' = ANY(roles)`,
    );
    const admins = counted?.persons ?? 0;
    if (admins >= FOUNDING_ADMINS) {
      throw new ServiceError(
        "conflict",
        `${admins} admin persons already exist: bootstrap only creates the first ${FOUNDING_ADMINS}. An admin proposes new accounts in the console and a different admin approves them.`,
      );
    }
    const row = await insertLocalAccount(tx, clock, { ...parsed.data, passwordHash, personId: null });
    await tx.execute(sql`UPDATE users SET privileges_changed_at = NULL WHERE id = ${row.id}`);
    await appendAudit(tx, clock, {
      actor: "cli",
      actorName: input.by,
      action: AUDIT_ACTIONS.userBootstrapped,
      payload: { userId: row.id, user: labelOf(row), roles: row.roles, adminPersonsBefore: admins },
    });
    return { ...row, privilegesChangedAt: null };
  });
}
