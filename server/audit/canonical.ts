import "server-only";
import { createHash } from "node:crypto";

/** The prev_hash of the very first chained record (when there are no legacy rows before it). */
export const GENESIS_HASH = "0".repeat(64);

/** What the hash covers: every column a reader sees, except the hashes themselves. */
export interface ChainedFields {
  seq: number;
  at: Date;
  actor: string;
  actorName: string;
  action: string;
  ip: string | null;
  payload: unknown;
}

/**
 * Brings a payload to the form jsonb gives back: JSON drops `undefined`, turns Dates into strings
 * and -0 into 0. jsonb then reorders keys (canonicalJson sorts them) and stores numbers as exact
 * decimals, which parse back to the same doubles. Hashing this form is what makes a record read
 * back from either driver re-hash identically.
 */
export function normalisePayload(payload: Record<string, unknown>): Record<string, unknown> {
  const round: unknown = JSON.parse(JSON.stringify(payload));
  if (typeof round !== "object" || round === null || Array.isArray(round)) {
    throw new Error("audit payload must be a JSON object");
  }
  return round as Record<string, unknown>;
}

/** JSON with object keys sorted recursively (by UTF-16 code unit, JS's default sort), arrays kept in order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * A fixed-order array, so field boundaries are unambiguous. `at` is an ISO string: the column is
 * timestamptz(3) and a JS Date holds milliseconds, so the value read back is the value hashed.
 */
export function canonicalRecord(r: ChainedFields): string {
  return canonicalJson([r.seq, r.at.toISOString(), r.actor, r.actorName, r.action, r.ip, r.payload]);
}

/** hash = SHA-256(prev_hash || canonical(record)), hex. prev_hash is always 64 hex characters. */
export function chainHash(prevHash: string, r: ChainedFields): string {
  return createHash("sha256").update(prevHash).update(canonicalRecord(r)).digest("hex");
}
