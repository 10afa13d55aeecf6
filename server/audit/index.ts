import "server-only";

export { appendAudit, appendAuditBatch, type AuditEntry } from "./append";
export { AUDIT_ACTIONS, type AuditAction } from "./actions";
export { canonicalRecord, chainHash, GENESIS_HASH } from "./canonical";
export { publishHead, startHeadPublisher, type AuditHeadNotice, type HeadPublisherOptions } from "./head";
export { listAudit } from "./list";
export { formatVerify, verifyAudit } from "./verify";
