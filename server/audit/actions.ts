import "server-only";

/** Every kind of audit record, so counting queries and the timeline agree on spelling. */
export const AUDIT_ACTIONS = {
  login: "auth.login",
  loginFailed: "auth.login_failed",
  logout: "auth.logout",
  userCreated: "user.created",
  faultToggled: "sim.fault_toggled",
} as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];
