import "server-only";
import { and, count, eq, ne } from "drizzle-orm";
import { tables, type Db } from "@/server/db";
import type { AuditBreak, AuditVerifyResult } from "@/lib/audit";
import { chainHash, GENESIS_HASH } from "./canonical";
import { readOrigin, type ChainOrigin } from "./origin";
import { checkReached, forgedHead } from "./published";
import { auditRows, type AuditRow } from "./rows";
import type { SignedHead } from "./seal";

const short = (h: string | null) => (h === null ? "(none)" : `${h.slice(0, 12)}…`);

export interface VerifyOptions {
  batchSize?: number;
  /** Heads published earlier (the head file), and AUDIT_HEAD_KEY: the chain must still reach each of them. */
  published?: { heads: readonly SignedHead[]; key: string };
}

/**
 * Walks the whole log in seq order and stops at the first record that breaks the chain. The
 * checks, in order, for each record (definitions in server/audit/README.md):
 *  - missing_hash: its hash is NULL but it is not one of the legacy rows migration 0009 recorded;
 *  - missing_sequence: its seq is not the previous seq + 1 (the chained log starts at 1);
 *  - hash_mismatch: SHA-256(its prev_hash || canonical(itself)) is not its stored hash (an edit);
 *  - prev_hash_mismatch: its prev_hash is not the previous record's hash (a rewrite or insertion);
 *  - reordered: either of the two above, when another record elsewhere does continue the chain
 *    from the previous record (records were moved), or its time is earlier than its predecessor's.
 * Legacy rows (the recorded prefix only) are folded, not checked. Deleting the newest records
 * leaves a valid shorter chain: given the published heads, a head the chain no longer reaches is a
 * `cut`, and a head not signed with the key is refused (`head_signature`).
 */
export async function verifyAudit(db: Db, opts: VerifyOptions = {}): Promise<AuditVerifyResult> {
  const origin = await readOrigin(db);
  const wanted = new Set((opts.published?.heads ?? []).map((h) => h.seq));
  const seen = new Map<number, string>();
  let carry = GENESIS_HASH;
  let prev: AuditRow | null = null;
  let chained = false;
  let valid = 0;
  let legacy = 0;
  let firstBroken: AuditBreak | null = null;
  outer: for await (const batch of auditRows(db, opts.batchSize ?? 2000)) {
    for (const row of batch) {
      if (row.hash === null && !chained && row.seq <= origin.legacyThroughSeq && legacy < origin.legacyRows) {
        // Legacy rows may have seq gaps: bigserial skipped numbers on rolled-back inserts.
        carry = chainHash(carry, row);
        legacy += 1;
      } else {
        firstBroken = await checkRow(db, row, prev, carry, chained ? null : origin);
        if (firstBroken) break outer;
        carry = row.hash ?? carry;
        chained = true;
      }
      if (wanted.has(row.seq)) seen.set(row.seq, carry);
      valid += 1;
      prev = row;
    }
  }
  const headSeq = prev?.seq ?? 0;
  let published: AuditVerifyResult["published"] = null;
  if (opts.published) {
    // A forged head is named even over a break in the chain: the evidence itself cannot be trusted.
    const forged = forgedHead(opts.published.heads, opts.published.key);
    if (forged) firstBroken = forged;
    else if (!firstBroken) {
      const reach = checkReached(opts.published.heads, seen, headSeq);
      if ("cut" in reach) firstBroken = reach.cut;
      else if (reach.reached) published = { seq: reach.reached.seq, hash: reach.reached.hash, at: reach.reached.at };
    }
  }
  const total = firstBroken ? await countAll(db) : valid;
  return { ok: firstBroken === null, valid, total, legacy, firstBroken, headSeq, headHash: carry, published };
}

/** `origin` is passed until the chain begins: a NULL hash there is named against what 0009 recorded. */
async function checkRow(db: Db, row: AuditRow, prev: AuditRow | null, carry: string, origin: ChainOrigin | null): Promise<AuditBreak | null> {
  if (row.hash === null) {
    const recorded = origin
      ? origin.legacyRows === 0
        ? "this store recorded no legacy records when the chain was sealed"
        : `this store recorded ${origin.legacyRows} legacy records (through seq ${origin.legacyThroughSeq}) when the chain was sealed`
      : "the chain began before it";
    return { seq: row.seq, reason: "missing_hash", detail: `the record has no hash; ${recorded}` };
  }
  const expected = prev ? prev.seq + 1 : 1;
  if (row.seq !== expected) {
    const range = row.seq - 1 > expected ? `seqs ${expected}–${row.seq - 1} are` : `seq ${expected} is`;
    return { seq: expected, reason: "missing_sequence", detail: `${range} missing; the next stored record is seq ${row.seq}` };
  }
  const computed = chainHash(row.prevHash ?? "", row);
  if (computed !== row.hash) {
    return (
      (await movedHere(db, row, prev, carry)) ?? {
        seq: row.seq,
        reason: "hash_mismatch",
        detail: `stored ${short(row.hash)}, computed ${short(computed)}`,
      }
    );
  }
  if (row.prevHash !== carry) {
    const after = prev ? `seq ${prev.seq}'s hash` : "the genesis hash";
    return (
      (await movedHere(db, row, prev, carry)) ?? {
        seq: row.seq,
        reason: "prev_hash_mismatch",
        detail: `prev_hash ${short(row.prevHash)} is not ${after} ${short(carry)}`,
      }
    );
  }
  if (prev?.hash && row.at < prev.at) {
    const detail = `its time ${row.at.toISOString()} is earlier than seq ${prev.seq}'s ${prev.at.toISOString()}`;
    return { seq: row.seq, reason: "reordered", detail };
  }
  return null;
}

/** Finds the record that really follows `prev` in the chain, when it is stored somewhere else. */
async function movedHere(db: Db, row: AuditRow, prev: AuditRow | null, carry: string): Promise<AuditBreak | null> {
  const [other] = await db
    .select({ seq: tables.audit.seq })
    .from(tables.audit)
    .where(and(eq(tables.audit.prevHash, carry), ne(tables.audit.seq, row.seq)))
    .orderBy(tables.audit.seq)
    .limit(1);
  if (!other) return null;
  const from = prev ? `seq ${prev.seq}` : "the genesis hash";
  return { seq: row.seq, reason: "reordered", detail: `the record that follows ${from} in the chain is stored at seq ${other.seq}` };
}

async function countAll(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(tables.audit);
  return row?.n ?? 0;
}

/** For people: "N/M records valid", then the first broken record and how it broke. */
export function formatVerify(r: AuditVerifyResult): string {
  const lines = [`${r.valid}/${r.total} records valid`];
  if (r.legacy > 0) lines.push(`${r.legacy} legacy records predate the chain (covered by the first chained record's prev_hash)`);
  if (r.firstBroken) {
    const { seq, reason, detail } = r.firstBroken;
    lines.push(`first broken record: seq ${seq} (${reason.replace(/_/g, " ")}: ${detail})`);
  } else {
    lines.push(`head: seq ${r.headSeq} hash ${r.headHash}`);
    if (r.published) lines.push(`published head seq ${r.published.seq} (signed, published ${r.published.at}) is in the chain`);
  }
  return `${lines.join("\n")}\n`;
}
