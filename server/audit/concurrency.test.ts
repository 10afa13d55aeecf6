import { expect, it } from "vitest";
import { manualClock } from "@/server/clock";
import { tables } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { appendAudit, AUDIT_ACTIONS, verifyAudit } from ".";

// On PostgreSQL the store's pool runs up to 10 of these at once on separate connections, the way
// several console replicas would; on PGlite (one connection) serialisation is trivial.
describeStores("concurrent audit appends", (fresh) => {
  it("50 parallel appends get seq 1..50 and one unforked, valid chain", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        appendAudit(db, clock, { actor: `u${i}`, actorName: `U${i}`, action: AUDIT_ACTIONS.login, payload: { i } }),
      ),
    );
    const rows = await db.select().from(tables.audit).orderBy(tables.audit.seq);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(50);
    expect(await verifyAudit(db, { batchSize: 7 })).toMatchObject({ ok: true, valid: 50, total: 50 });
  });

  it("an append inside a caller's transaction that rolls back leaves no gap", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const entry = { actor: "a", actorName: "A", action: AUDIT_ACTIONS.userCreated } as const;
    await appendAudit(db, clock, entry);
    await db
      .transaction(async (tx) => {
        await appendAudit(tx, clock, entry);
        throw new Error("caller failed");
      })
      .catch((err: unknown) => expect(String(err)).toMatch(/caller failed/));
    await appendAudit(db, clock, entry);
    const rows = await db.select().from(tables.audit).orderBy(tables.audit.seq);
    expect(rows.map((r) => r.seq)).toEqual([1, 2]);
    expect((await verifyAudit(db)).ok).toBe(true);
  });
});
