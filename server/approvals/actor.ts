import "server-only";
import { eq } from "drizzle-orm";
import { isRole, type Role } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { labelOf } from "@/server/auth/users";
import { tables, type Db } from "@/server/db";
import { Refusal } from "./refusal";

export interface Actor {
  id: string;
  /** The person behind the account: the two-person rule compares these, not account ids. */
  personId: string;
  /** The display name with the username beside it, as every record shows it. */
  name: string;
  provider: string;
  roles: Role[];
  /** Roles, person link or password last changed (null: not since it was created or seeded). */
  privilegesChangedAt: Date | null;
}

/**
 * The acting user as the database knows them now, not as the session remembered them: a role
 * revoked or an account disabled since sign-in must stop a proposal or an approval at once.
 */
export async function loadActor(tx: Db, user: SessionUser): Promise<Actor | Refusal> {
  const [row] = await tx.select().from(tables.users).where(eq(tables.users.id, user.id));
  if (!row || row.disabled) {
    return new Refusal("forbidden", "account-unavailable", "your account is unknown or disabled");
  }
  return {
    id: row.id,
    personId: row.personId,
    name: labelOf(row),
    provider: row.provider,
    roles: row.roles.filter(isRole),
    privilegesChangedAt: row.privilegesChangedAt,
  };
}

/** The person behind an account id (null when the account is gone). */
export async function personOf(tx: Db, userId: string): Promise<string | null> {
  const [row] = await tx.select({ personId: tables.users.personId }).from(tables.users).where(eq(tables.users.id, userId));
  return row?.personId ?? null;
}

/**
 * Invariant 1 compares people: a person's second account (a local break-glass account beside
 * single sign-on, once linked) is still the same person.
 */
export async function samePerson(tx: Db, actor: Pick<Actor, "id" | "personId">, otherUserId: string): Promise<boolean> {
  if (actor.id === otherUserId) return true;
  return (await personOf(tx, otherUserId)) === actor.personId;
}

export const DEFAULT_COOLING_OFF_HOURS = 24;
export const DEFAULT_COOLING_OFF_MS = DEFAULT_COOLING_OFF_HOURS * 3_600_000;

/**
 * An account whose privileges changed recently cannot approve: the cooling-off period gives the
 * other admins time to notice a grant they did not expect (approvals.coolingOffHours).
 */
export function coolingOff(actor: Actor, now: Date, coolingOffMs: number): Refusal | null {
  const changed = actor.privilegesChangedAt;
  if (!changed || coolingOffMs <= 0) return null;
  const until = new Date(changed.getTime() + coolingOffMs);
  if (now >= until) return null;
  return new Refusal(
    "forbidden",
    "cooling-off",
    `your account's roles, person link or password changed at ${changed.toISOString()}; it can approve from ${until.toISOString()} (approvals.coolingOffHours)`,
  );
}
