import "server-only";
import { eq } from "drizzle-orm";
import { isRole, type Role } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { tables, type Db } from "@/server/db";
import { Refusal } from "./refusal";

export interface Actor {
  id: string;
  name: string;
  provider: string;
  roles: Role[];
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
  return { id: row.id, name: row.displayName, provider: row.provider, roles: row.roles.filter(isRole) };
}
