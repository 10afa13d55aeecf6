import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { settings } from "./schema";

/** One value the console keeps in its own store (the session secret in sim mode, the simulated world). */
export async function readSetting(db: Db, key: string): Promise<string | null> {
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row?.value ?? null;
}

export async function writeSetting(db: Db, key: string, value: string, at: Date): Promise<void> {
  await db.insert(settings).values({ key, value, updatedAt: at }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: at } });
}
