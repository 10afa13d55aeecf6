import { createHmac } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { manualClock } from "@/server/clock";
import { databaseMessage, migrate, openStore, type Db } from "@/server/db";
import { MIGRATIONS } from "@/server/db/migrations";
import { describeStores } from "@/server/db/testing";
import { appendAudit, AUDIT_ACTIONS, formatVerify, publishHead, readHeadFile, verifyAudit } from ".";
import { seedAudit, tamper } from "./testing";

const KEY = "test-audit-head-key-0123456789abcdef";

/** What a published head must carry: HMAC-SHA256 over these lines, with a key the database never sees. */
function expectedSig(h: { seq: number; hash: string; at: string }, key = KEY): string {
  const message = `failover-console audit head v1\nseq=${h.seq}\nhash=${h.hash}\nat=${h.at}`;
  return `hmac-sha256:${createHmac("sha256", key).update(message).digest("hex")}`;
}

async function headFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), "fc-heads-")), "heads.jsonl");
}

async function fileHeads(file: string): Promise<{ seq: number; hash: string; at: string; sig: string | null }[]> {
  const text = await readFile(file, "utf8");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as { seq: number; hash: string; at: string; sig: string | null });
}

/** Deletes the newest records as a superuser would (triggers off), then the console appends again. */
async function cutTail(db: Db, fromSeq: number, appendAfter: number): Promise<void> {
  await tamper(db, sql`DELETE FROM audit WHERE seq >= ${fromSeq}`);
  const clock = manualClock(new Date("2025-03-02T00:00:00.000Z"));
  for (let i = 0; i < appendAfter; i++) await appendAudit(db, clock, { actor: "system", actorName: "system", action: AUDIT_ACTIONS.login, payload: { after: i } });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describeStores("the audit chain against a superuser", (fresh) => {
  it("editing a record and setting every hash to NULL (triggers disabled, CHECK dropped) fails verification at seq 1", async () => {
    const { db } = await fresh();
    await seedAudit(db, 31);
    await tamper(
      db,
      sql`ALTER TABLE audit DROP CONSTRAINT IF EXISTS audit_hash_present`,
      sql`UPDATE audit SET actor_name = 'Adam Approver' WHERE seq = 17`,
      sql`UPDATE audit SET hash = NULL, prev_hash = NULL`,
    );
    const result = await verifyAudit(db, { batchSize: 8 });
    expect(result).toMatchObject({ ok: false, valid: 0, total: 31, legacy: 0, firstBroken: { seq: 1, reason: "missing_hash" } });
    expect(formatVerify(result)).toMatch(/^0\/31 records valid\nfirst broken record: seq 1 \(missing hash: .*no legacy records/);
  });

  it("the database refuses a new record without a hash", async () => {
    const { db } = await fresh();
    await seedAudit(db, 2);
    const inserted = await db
      .execute(sql`INSERT INTO audit (seq, at, actor, actor_name, action, payload) VALUES (3, now(), 'm', 'M', 'auth.login', '{}')`)
      .then(() => "inserted", databaseMessage);
    expect(inserted).toMatch(/audit_hash_present/);
  });

  it("the publisher appends each new head, signed, to a JSON-lines file, and writes nothing when the head has not moved", async () => {
    const { db } = await fresh();
    const file = await headFile();
    const clock = manualClock(new Date("2025-03-05T00:00:00.000Z"));
    await seedAudit(db, 3);
    await publishHead(db, clock, { file, key: KEY });
    await publishHead(db, clock, { file, key: KEY });
    await seedAudit(db, 2);
    await publishHead(db, clock, { file, key: KEY });
    const heads = await fileHeads(file);
    expect(heads.map((h) => h.seq)).toEqual([3, 5]);
    for (const h of heads) expect(h.sig).toBe(expectedSig(h));
    expect(heads.at(-1)?.hash).toBe((await verifyAudit(db)).headHash);
  });

  it("after the newest records were deleted and the seq reused, the publisher logs the cut and keeps the published head", async () => {
    const { db } = await fresh();
    const file = await headFile();
    const clock = manualClock(new Date("2025-03-05T00:00:00.000Z"));
    await seedAudit(db, 10);
    await publishHead(db, clock, { file, key: KEY });
    await cutTail(db, 10, 1);
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await publishHead(db, clock, { file, key: KEY });
    expect(errors.mock.calls.map((c) => String(c[0])).join("\n")).toMatch(/records up to seq 10 were removed or replaced: published head seq 10 \(hash \w+…, published 2025-03-05T00:00:00.000Z\) is not in the chain/);
    expect((await fileHeads(file)).map((h) => h.seq)).toEqual([10]);
  });

  it("verification against the published heads names a tail cut, even after the next append reused the seq", async () => {
    const { db } = await fresh();
    const file = await headFile();
    const clock = manualClock(new Date("2025-03-05T00:00:00.000Z"));
    await seedAudit(db, 8);
    await publishHead(db, clock, { file, key: KEY });
    await seedAudit(db, 2);
    await publishHead(db, clock, { file, key: KEY });
    await cutTail(db, 10, 1);
    const result = await verifyAudit(db, { published: { heads: await fileHeads(file), key: KEY } });
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: 10, reason: "cut" });
    expect(result.firstBroken?.detail).toMatch(/^records after seq 8 were removed or replaced: published head seq 10 \(hash \w+…, published [^)]+\) is not in the chain \(seq 10 now has hash \w+…\)$/);
  });

  it("verification against the published heads names records deleted from the end", async () => {
    const { db } = await fresh();
    const file = await headFile();
    await seedAudit(db, 10);
    await publishHead(db, manualClock(), { file, key: KEY });
    await tamper(db, sql`DELETE FROM audit WHERE seq >= 9`);
    const result = await verifyAudit(db, { published: { heads: await fileHeads(file), key: KEY } });
    expect(result).toMatchObject({ ok: false, valid: 8, firstBroken: { seq: 9, reason: "cut" } });
    expect(result.firstBroken?.detail).toMatch(/^records after seq 8 were removed: published head seq 10 \(hash \w+…, published [^)]+\) is past the end of the log$/);
  });

  it("an intact chain reaches every published head", async () => {
    const { db } = await fresh();
    const file = await headFile();
    await seedAudit(db, 4);
    await publishHead(db, manualClock(), { file, key: KEY });
    await seedAudit(db, 1);
    const result = await verifyAudit(db, { published: { heads: await fileHeads(file), key: KEY } });
    expect(result).toMatchObject({ ok: true, valid: 5, published: { seq: 4 } });
    expect(formatVerify(result)).toMatch(/published head seq 4 \(signed, published .*\) is in the chain/);
  });

  it("a forged head (a signature made without the key) is refused", async () => {
    const { db } = await fresh();
    await seedAudit(db, 5);
    const { headHash } = await verifyAudit(db);
    const forged = { seq: 3, hash: headHash, at: "2025-03-05T00:00:00.000Z", sig: expectedSig({ seq: 3, hash: headHash, at: "2025-03-05T00:00:00.000Z" }, "not-the-key-not-the-key-not-the-key") };
    const result = await verifyAudit(db, { published: { heads: [forged], key: KEY } });
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: "head_signature" } });
    const unsigned = await verifyAudit(db, { published: { heads: [{ ...forged, sig: null }], key: KEY } });
    expect(unsigned.firstBroken).toMatchObject({ reason: "head_signature", detail: expect.stringMatching(/not signed/) });
  });
});

describe("a store that had legacy records when the chain was sealed", () => {
  it("keeps exactly those folded, and names a NULL hash after them", async () => {
    const store = await openStore({ kind: "pglite", dataDir: null });
    try {
      const { db } = store;
      await migrate(db, MIGRATIONS.filter((m) => m.id < "0003"));
      // Written the way the console wrote audit rows before migration 0003: no seq, no hashes.
      await db.execute(sql`INSERT INTO audit (at, actor, actor_name, action, payload) VALUES
        ('2024-01-01T00:00:00.001Z', 'a', 'A', 'auth.login', '{"k": 1}'),
        ('2024-01-01T00:00:00.002Z', 'b', 'B', 'auth.login', '{}')`);
      await migrate(db);
      await seedAudit(db, 3);
      expect(await verifyAudit(db)).toMatchObject({ ok: true, valid: 5, total: 5, legacy: 2 });
      await tamper(db, sql`ALTER TABLE audit DROP CONSTRAINT audit_hash_present`, sql`UPDATE audit SET hash = NULL, prev_hash = NULL WHERE seq >= 3`);
      const result = await verifyAudit(db);
      expect(result).toMatchObject({ ok: false, valid: 2, legacy: 2, firstBroken: { seq: 3, reason: "missing_hash" } });
      expect(result.firstBroken?.detail).toMatch(/2 legacy records \(through seq 2\)/);
    } finally {
      await store.close();
    }
  });
});

describe("head files", () => {
  it("a malformed head line is named with its line number", async () => {
    const file = await headFile();
    await writeFile(file, '{"seq":1}\nnot json\n');
    await expect(readHeadFile(file)).rejects.toThrow(/heads\.jsonl line 1: not a published audit head/);
  });
});
