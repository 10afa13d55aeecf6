import "server-only";
import { asc, desc, gt } from "drizzle-orm";
import { tables, type Db } from "@/server/db";
import { chainHash, GENESIS_HASH } from "./canonical";

export type AuditRow = typeof tables.audit.$inferSelect;

/** Streams the log in seq order by keyset pagination: each batch is one indexed range scan. */
export async function* auditRows(db: Db, batchSize: number): AsyncGenerator<AuditRow[]> {
  let after = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(tables.audit)
      .where(gt(tables.audit.seq, after))
      .orderBy(asc(tables.audit.seq))
      .limit(batchSize);
    if (batch.length === 0) return;
    yield batch;
    const last = batch[batch.length - 1];
    if (!last || batch.length < batchSize) return;
    after = last.seq;
  }
}

export interface ChainHead {
  seq: number;
  hash: string;
  at: Date | null;
}

/** The newest record's seq, hash and time; GENESIS when the log is empty. Call under the append lock. */
export async function readHead(db: Db): Promise<ChainHead> {
  const [head] = await db.select().from(tables.audit).orderBy(desc(tables.audit.seq)).limit(1);
  if (!head) return { seq: 0, hash: GENESIS_HASH, at: null };
  if (head.hash !== null) return { seq: head.seq, hash: head.hash, at: head.at };
  // Only legacy rows (written before migration 0003, hash NULL) so far: each advances the running
  // hash exactly as a chained row would, and the first chained record's prev_hash is that fold, so
  // legacy rows are covered from then on. A one-time cost, on the first append after 0003.
  let hash = GENESIS_HASH;
  for await (const batch of auditRows(db, 1000)) for (const row of batch) hash = chainHash(hash, row);
  return { seq: head.seq, hash, at: head.at };
}
