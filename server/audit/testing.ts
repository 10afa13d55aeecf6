import { sql, type SQL } from "drizzle-orm";
import { manualClock } from "@/server/clock";
import type { Db } from "@/server/db";
import { appendAudit } from "./append";
import { AUDIT_ACTIONS } from "./actions";

/** Appends `n` records a millisecond apart, each with a payload that exercises canonicalisation. */
export async function seedAudit(db: Db, n: number): Promise<void> {
  const clock = manualClock(new Date("2025-03-01T12:00:00.123Z"));
  for (let i = 1; i <= n; i++) {
    await appendAudit(db, clock, {
      actor: `user-${i}`,
      actorName: `User ${i}`,
      action: AUDIT_ACTIONS.faultToggled,
      ip: i % 2 ? "192.0.2.1" : null,
      payload: { z: i, a: { y: [1, 0.1 + 0.2, "x"], b: null }, when: new Date(1_700_000_000_000 + i), skip: undefined },
    });
    clock.advance(1);
  }
}

/**
 * Edits the log the way an attacker with superuser access would: with the append-only triggers
 * disabled (the table owner's triggers are "USER" triggers), then re-enabled.
 */
export async function tamper(db: Db, ...statements: SQL[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`ALTER TABLE audit DISABLE TRIGGER USER`);
    for (const s of statements) await tx.execute(s);
    await tx.execute(sql`ALTER TABLE audit ENABLE TRIGGER USER`);
  });
}
