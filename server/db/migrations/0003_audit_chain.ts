import type { Migration } from "./types";

/**
 * Hash-chains the audit log (see server/audit/README.md). Rows written before this migration keep
 * NULL hashes: SQL cannot reproduce the application's canonical serialization, so instead the first
 * chained append folds those "legacy" rows into its prev_hash, and verification recomputes the fold.
 * seq keeps its (now unused) default: appendAudit always sets seq = head + 1 under a lock, and an
 * insert that bypasses it draws a low number from the idle sequence and collides on the key.
 */
export const auditChain: Migration = {
  id: "0003_audit_chain",
  statements: [`ALTER TABLE audit ADD COLUMN prev_hash text, ADD COLUMN hash text`],
};
