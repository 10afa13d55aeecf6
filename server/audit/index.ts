import "server-only";

export { appendAudit, appendAuditBatch, lockAuditAppends, type AuditEntry } from "./append";
export { AUDIT_ACTIONS, type AuditAction } from "./actions";
export { canonicalRecord, chainHash, GENESIS_HASH } from "./canonical";
export { publishHead, startHeadPublisher, type AuditHeadNotice, type HeadPublisherOptions, type PublishOutcome } from "./head";
export { readHeadFile } from "./head-file";
export { signHead, SignedHead } from "./seal";
export { listAudit } from "./list";
export { formatVerify, verifyAudit, type VerifyOptions } from "./verify";
