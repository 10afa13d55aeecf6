import "server-only";
import { createHash } from "node:crypto";
import { canonicalJson } from "@/server/audit/canonical";

/** Everything an approver consents to. Changing any of it changes the hash and voids an approval. */
export interface ProposalContent {
  runbook: string;
  targetRegion: string;
  sourceRegion: string;
  reason: string;
  dataLossAck: unknown;
  readiness: unknown;
  proposerId: string;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * SHA-256 over canonical JSON (keys sorted, undefined dropped). The jsonb columns come back with
 * their keys reordered, and timestamps are stored to the millisecond a Date holds, so the hash of
 * a row read back equals the hash computed when it was written — unless the row was changed.
 */
export function proposalHash(c: ProposalContent): string {
  const canonical = canonicalJson({
    runbook: c.runbook,
    targetRegion: c.targetRegion,
    sourceRegion: c.sourceRegion,
    reason: c.reason,
    dataLossAck: c.dataLossAck ?? null,
    readiness: c.readiness,
    proposerId: c.proposerId,
    createdAt: c.createdAt.toISOString(),
    expiresAt: c.expiresAt.toISOString(),
  });
  return createHash("sha256").update(canonical).digest("hex");
}

/** JSON as jsonb returns it (no undefined, Dates as strings), so what is hashed is what is stored. */
export function asStoredJson<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value));
}
