import type { Migration } from "./types";

/**
 * Seals the audit chain's origin (issue 13 §7, server/audit/README.md). Verification used to fold
 * any leading rows with a NULL hash as "legacy" (written before 0003), so a superuser who nulled
 * every hash got a valid log. This records, once, how many legacy rows this store really has (a
 * store created with the chain has none) and through which seq; verification folds only those and
 * names any other NULL hash. The CHECK (NOT VALID: the legacy rows keep their NULLs) makes the
 * database refuse a new or rewritten row without its hashes. The origin row is append-only too.
 */
export const auditSeal: Migration = {
  id: "0009_audit_seal",
  statements: [
    `CREATE TABLE audit_origin (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      legacy_rows bigint NOT NULL,
      legacy_through_seq bigint NOT NULL,
      sealed_at timestamptz(3) NOT NULL DEFAULT now()
    )`,
    // Legacy rows are the NULL-hash rows before the first chained one (all of them when none is chained yet).
    `INSERT INTO audit_origin (legacy_rows, legacy_through_seq)
      SELECT count(*), coalesce(max(seq), 0) FROM audit
      WHERE hash IS NULL AND seq < coalesce((SELECT min(seq) FROM audit WHERE hash IS NOT NULL), 9223372036854775807)`,
    `CREATE TRIGGER audit_origin_no_update_delete BEFORE UPDATE OR DELETE ON audit_origin
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`,
    `CREATE TRIGGER audit_origin_no_truncate BEFORE TRUNCATE ON audit_origin
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`,
    `ALTER TABLE audit ADD CONSTRAINT audit_hash_present CHECK (hash IS NOT NULL AND prev_hash IS NOT NULL) NOT VALID`,
  ],
};
