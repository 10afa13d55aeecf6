import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * A published chain head: seq and hash of the newest record, when it was published, and an
 * HMAC-SHA256 signature with AUDIT_HEAD_KEY — a key the database never holds, so whoever can
 * rewrite the database cannot forge a head for the rewritten log. `sig` is null when the console
 * runs without a key (sim mode only); verification refuses such a head.
 */
export const SignedHead = z.object({
  seq: z.int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex characters"),
  at: z.iso.datetime(),
  sig: z.string().nullable(),
});
export type SignedHead = z.infer<typeof SignedHead>;

const SIG_PREFIX = "hmac-sha256:";

/** Fixed lines, so no field can run into another; versioned so a later format cannot be confused with this one. */
function signedMessage(h: Pick<SignedHead, "seq" | "hash" | "at">): string {
  return `failover-console audit head v1\nseq=${h.seq}\nhash=${h.hash}\nat=${h.at}`;
}

export function signHead(h: Pick<SignedHead, "seq" | "hash" | "at">, key: string | null): SignedHead {
  const sig = key === null ? null : `${SIG_PREFIX}${createHmac("sha256", key).update(signedMessage(h)).digest("hex")}`;
  return { seq: h.seq, hash: h.hash, at: h.at, sig };
}

/** Why the head's signature cannot be trusted, or null when it was made with `key`. */
export function headSignatureProblem(h: SignedHead, key: string): string | null {
  if (h.sig === null) return `published head seq ${h.seq} is not signed`;
  const expected = Buffer.from(signHead(h, key).sig ?? "");
  const given = Buffer.from(h.sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return `published head seq ${h.seq} (published ${h.at}) has a signature that does not match AUDIT_HEAD_KEY: forged, altered, or signed with another key`;
  }
  return null;
}
