import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { manualClock } from "@/server/clock";
import { databaseMessage, tables } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { appendAudit, AUDIT_ACTIONS, chainHash, formatVerify, GENESIS_HASH, verifyAudit } from ".";
import { seedAudit, tamper } from "./testing";

describeStores("the audit hash chain", (fresh) => {
  it("appended records verify, linked from the genesis hash with a gapless sequence", async () => {
    const { db } = await fresh();
    await seedAudit(db, 7);
    const result = await verifyAudit(db, { batchSize: 3 });
    expect(result).toMatchObject({ ok: true, valid: 7, total: 7, headSeq: 7, firstBroken: null });
    const rows = await db.select().from(tables.audit).orderBy(tables.audit.seq);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
    expect(result.headHash).toBe(rows[6]?.hash);
    expect(formatVerify(result)).toMatch(/^7\/7 records valid\n/);
  });

  it("what is read back re-hashes exactly: millisecond times, reordered jsonb keys, normalised numbers", async () => {
    const { db } = await fresh();
    const clock = manualClock(new Date("2025-06-30T23:59:59.999Z"));
    const payload = { b: 1e21, a: 0.1 + 0.2, n: -0, nested: { z: 1, aa: [{ y: 2, x: 1 }] }, gone: undefined };
    await appendAudit(db, clock, { actor: "system", actorName: "system", action: AUDIT_ACTIONS.login, payload });
    const [row] = await db.select().from(tables.audit);
    expect(row?.at.toISOString()).toBe("2025-06-30T23:59:59.999Z");
    expect(row && chainHash(GENESIS_HASH, row)).toBe(row?.hash);
  });

  it("a payload edited as a superuser with the triggers disabled is caught, naming its seq", async () => {
    const { db } = await fresh();
    await seedAudit(db, 20);
    await tamper(db, sql`UPDATE audit SET payload = jsonb_set(payload, '{z}', '999') WHERE seq = 17`);
    const result = await verifyAudit(db, { batchSize: 5 });
    expect(result).toMatchObject({ ok: false, valid: 16, total: 20, firstBroken: { seq: 17, reason: "hash_mismatch" } });
    expect(formatVerify(result)).toMatch(/^16\/20 records valid\nfirst broken record: seq 17 \(hash mismatch: stored \w+…, computed \w+…\)/);
  });

  it("a record rewritten with a fresh, self-consistent hash is caught by the next link", async () => {
    const { db } = await fresh();
    await seedAudit(db, 5);
    await tamper(db, sql`UPDATE audit SET prev_hash = ${"f".repeat(64)} WHERE seq = 3`);
    const [row] = await db.select().from(tables.audit).where(sql`seq = 3`);
    if (!row) throw new Error("seeded row missing");
    await tamper(db, sql`UPDATE audit SET hash = ${chainHash("f".repeat(64), row)} WHERE seq = 3`);
    const result = await verifyAudit(db);
    expect(result.firstBroken).toMatchObject({ seq: 3, reason: "prev_hash_mismatch" });
  });

  it("a deleted record is caught as a missing sequence", async () => {
    const { db } = await fresh();
    await seedAudit(db, 10);
    await tamper(db, sql`DELETE FROM audit WHERE seq IN (4, 5)`);
    const result = await verifyAudit(db, { batchSize: 4 });
    expect(result).toMatchObject({ ok: false, valid: 3, total: 8 });
    expect(result.firstBroken).toEqual({ seq: 4, reason: "missing_sequence", detail: "seqs 4–5 are missing; the next stored record is seq 6" });
  });

  it("two records swapped in place are caught as a reordering", async () => {
    const { db } = await fresh();
    await seedAudit(db, 6);
    await tamper(
      db,
      sql`UPDATE audit SET seq = 1000 WHERE seq = 3`,
      sql`UPDATE audit SET seq = 3 WHERE seq = 4`,
      sql`UPDATE audit SET seq = 4 WHERE seq = 1000`,
    );
    const result = await verifyAudit(db);
    expect(result.firstBroken).toEqual({
      seq: 3,
      reason: "reordered",
      detail: "the record that follows seq 2 in the chain is stored at seq 4",
    });
  });

  it("the append-only triggers still refuse UPDATE and DELETE of chained records", async () => {
    const { db } = await fresh();
    await seedAudit(db, 2);
    const refusal = (q: ReturnType<typeof sql>) => db.execute(q).then(() => "allowed", databaseMessage);
    expect(await refusal(sql`UPDATE audit SET hash = 'x'`)).toMatch(/append-only: UPDATE refused/);
    expect(await refusal(sql`DELETE FROM audit WHERE seq = 2`)).toMatch(/append-only: DELETE refused/);
    expect((await verifyAudit(db)).ok).toBe(true);
  });
});
