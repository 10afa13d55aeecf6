import "server-only";

/** Every kind of audit record, so counting queries and the timeline agree on spelling. */
export const AUDIT_ACTIONS = {
  login: "auth.login",
  loginFailed: "auth.login_failed",
  logout: "auth.logout",
  userCreated: "user.created",
  faultToggled: "sim.fault_toggled",
  proposalCreated: "proposal.created",
  proposalRefused: "proposal.refused",
  proposalApproved: "proposal.approved",
  approvalRefused: "approval.refused",
  proposalRejected: "proposal.rejected",
  proposalCancelled: "proposal.cancelled",
  proposalExpired: "proposal.expired",
} as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];
