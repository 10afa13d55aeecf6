import { z } from "zod";

/** One audit record as the API returns it, hashes included so a reader can re-check the chain. */
export const AuditRecord = z.object({
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  actor: z.string(),
  actorName: z.string(),
  action: z.string(),
  ip: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  /** NULL on legacy records written before the chain existed. */
  prevHash: z.string().nullable(),
  hash: z.string().nullable(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 500;

/** `GET /api/audit?action=<action>&before=<seq>&limit=<n>`: newest first, records with seq < before, of one action if given. */
export const AuditPageQuery = z.strictObject({
  action: z.string().trim().min(1).max(100).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT),
});
export type AuditPageQuery = z.infer<typeof AuditPageQuery>;

export const AuditPage = z.object({
  records: z.array(AuditRecord),
  /** Pass as `before` for the next (older) page; null when this page reaches seq 1. */
  nextBefore: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

/**
 * How the chain broke (server/audit/README.md). `cut` and `head_signature` come only from a
 * verification given published heads (`npm run audit:verify -- --head FILE`).
 */
export const AuditBreakReason = z.enum(["hash_mismatch", "missing_sequence", "reordered", "prev_hash_mismatch", "missing_hash", "cut", "head_signature"]);
export type AuditBreakReason = z.infer<typeof AuditBreakReason>;

export const AuditBreak = z.object({ seq: z.number().int(), reason: AuditBreakReason, detail: z.string() });
export type AuditBreak = z.infer<typeof AuditBreak>;

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  /** Records in seq order before the first broken one (all of them when ok). */
  valid: z.number().int(),
  total: z.number().int(),
  /** Of `valid`, how many predate the chain (hash NULL). */
  legacy: z.number().int(),
  firstBroken: AuditBreak.nullable(),
  /** The last valid record: compare with a published head to catch truncation or a rewrite. */
  headSeq: z.number().int(),
  headHash: z.string(),
  /** The newest published head the chain was checked against and still reaches; null when none was given. */
  published: z.object({ seq: z.number().int(), hash: z.string(), at: z.string() }).nullable(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
