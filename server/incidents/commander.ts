import "server-only";
import { eq } from "drizzle-orm";
import type { Person } from "@/lib/incidents";
import { tables, type Db } from "@/server/db";
import { ServiceError } from "@/server/errors";

/** The commander must be a console user who can sign in; their display name is recorded with the id. */
export async function resolveCommander(tx: Db, id: string): Promise<Person> {
  const [row] = await tx.select().from(tables.users).where(eq(tables.users.id, id));
  if (!row || row.disabled) throw new ServiceError("invalid", `invalid incident: commanderId: no active user ${id}`);
  return { id: row.id, name: row.displayName };
}
