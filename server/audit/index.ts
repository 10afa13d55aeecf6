import "server-only";

export { appendAudit, type AuditEntry } from "./append";
export { AUDIT_ACTIONS, type AuditAction } from "./actions";
