import "server-only";
import { eq } from "drizzle-orm";
import type { AuditBreak } from "@/lib/audit";
import { tables, type Db } from "@/server/db";
import { GENESIS_HASH } from "./canonical";
import { headSignatureProblem, type SignedHead } from "./seal";

const short = (h: string) => `${h.slice(0, 12)}…`;

/**
 * Names a cut: a published head the chain no longer reaches. `logEnd` is the log's last seq now,
 * `nowHash` the hash stored at the head's seq (null when there is no such record), `lastGood` the
 * newest published head that is still in the chain, when known.
 */
export function describeCut(head: SignedHead, logEnd: number, nowHash: string | null, lastGood: SignedHead | null): AuditBreak {
  const published = `published head seq ${head.seq} (hash ${short(head.hash)}, published ${head.at})`;
  if (nowHash === null && logEnd >= head.seq) {
    return { seq: head.seq, reason: "cut", detail: `seq ${head.seq} was removed: ${published} is not in the chain` };
  }
  if (nowHash === null) {
    const newest = lastGood ? `; the newest published head still in the chain is seq ${lastGood.seq}` : "";
    return { seq: logEnd + 1, reason: "cut", detail: `records after seq ${logEnd} were removed: ${published} is past the end of the log${newest}` };
  }
  const which = lastGood ? `records after seq ${lastGood.seq}` : `records up to seq ${head.seq}`;
  return { seq: head.seq, reason: "cut", detail: `${which} were removed or replaced: ${published} is not in the chain (seq ${head.seq} now has hash ${short(nowHash)})` };
}

/** The first head whose signature is not AUDIT_HEAD_KEY's, as a break; null when all are signed with it. */
export function forgedHead(heads: readonly SignedHead[], key: string): AuditBreak | null {
  for (const h of heads) {
    const problem = headSignatureProblem(h, key);
    if (problem) return { seq: h.seq, reason: "head_signature", detail: problem };
  }
  return null;
}

/**
 * Checks the published heads, oldest seq first, against the hashes a verified walk saw at their
 * seqs (`seen`; the walk ended at `logEnd`). Returns the first cut, or the newest head reached.
 */
export function checkReached(
  heads: readonly SignedHead[],
  seen: ReadonlyMap<number, string>,
  logEnd: number,
): { cut: AuditBreak } | { reached: SignedHead | null } {
  let lastGood: SignedHead | null = null;
  for (const h of [...heads].sort((a, b) => a.seq - b.seq || a.at.localeCompare(b.at))) {
    const now = h.seq === 0 ? GENESIS_HASH : (seen.get(h.seq) ?? null);
    if (now !== h.hash) return { cut: describeCut(h, logEnd, now, lastGood) };
    lastGood = h;
  }
  return { reached: lastGood };
}

/** For the publisher: is the head it published last still in the chain? A break naming the cut, or null. */
export async function headStillInChain(db: Db, head: SignedHead, logEnd: number): Promise<AuditBreak | null> {
  if (head.seq === 0) return null;
  const [row] = await db.select({ hash: tables.audit.hash }).from(tables.audit).where(eq(tables.audit.seq, head.seq));
  const now = row ? (row.hash ?? "(none)") : null;
  return now === head.hash ? null : describeCut(head, logEnd, now, null);
}
