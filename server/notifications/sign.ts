import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

/** Receivers refuse a signature older (or further ahead) than this: a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

/** `v1=` + hex HMAC-SHA256 over `${timestamp}.${body}` (timestamp in Unix seconds), the header X-Console-Signature. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/** What a receiver does (the README shows the same steps): recompute, compare in constant time, check the age. */
export function verify(secret: string, headers: { timestamp: string | null; signature: string | null }, body: string, nowMs: number): Verdict {
  const ts = Number(headers.timestamp);
  if (!headers.timestamp || !Number.isInteger(ts)) return { ok: false, reason: "missing or malformed X-Console-Timestamp" };
  if (Math.abs(nowMs - ts * 1000) > SIGNATURE_TOLERANCE_MS) return { ok: false, reason: "timestamp outside the 5 minute tolerance" };
  const expected = Buffer.from(sign(secret, ts, body));
  const given = Buffer.from(headers.signature ?? "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature mismatch" };
  return { ok: true };
}
