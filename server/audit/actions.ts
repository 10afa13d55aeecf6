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
  proposalVoided: "proposal.voided",
  runStarted: "run.started",
  runStepStarted: "run.step_started",
  runStepSucceeded: "run.step_succeeded",
  runStepSkipped: "run.step_skipped",
  runStepFailed: "run.step_failed",
  runPaused: "run.paused",
  runResumed: "run.resumed",
  runRetried: "run.retried",
  runAborted: "run.aborted",
  runFailed: "run.failed",
  runSucceeded: "run.succeeded",
  runVoided: "run.voided",
  runControlRefused: "run.control_refused",
} as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];
