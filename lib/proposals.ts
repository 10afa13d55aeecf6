import { z } from "zod";
import { ReadinessChecklist } from "./findings";

const Timestamp = z.iso.datetime({ offset: true });

// restore-writes: the way back when a run failed or was aborted half-way, or no region (or two) holds authority.
export const RUNBOOKS = ["planned-failover", "unplanned-failover", "failback", "restore-writes"] as const;
export const Runbook = z.enum(RUNBOOKS);
export type Runbook = z.infer<typeof Runbook>;

/**
 * pending → approved (its run starts) → done (the run succeeded or was aborted); or rejected,
 * cancelled, expired, or voided (a blocking change found at approval or at run start).
 */
export const PROPOSAL_STATUSES = ["pending", "approved", "done", "rejected", "cancelled", "expired", "voided"] as const;
export const ProposalStatus = z.enum(PROPOSAL_STATUSES);
export type ProposalStatus = z.infer<typeof ProposalStatus>;

/**
 * What the proposer of an unplanned failover sends: that they acknowledge the loss of the writes
 * not yet replicated — nothing more. The figure is the server's (the monitor's last lag, below).
 * A `lastLagMs` sent by a client is accepted and ignored, never stored: older browser tabs still
 * send it, and an emergency proposal must not fail on a field the server does not need (the
 * proposal's audit record keeps it as `clientLagMsIgnored`, so a forged figure leaves a trace).
 */
export const DataLossAckInput = z.strictObject({
  acknowledged: z.literal(true),
  lastLagMs: z.number().finite().nonnegative().optional(),
});
export type DataLossAckInput = z.infer<typeof DataLossAckInput>;

/**
 * The acknowledgement as stored and as the approver sees it: the monitor's last lag into the
 * target when it was proposed, when CloudWatch observed it, and how old it was then. Proposals
 * stored before the server recorded its own figure have no `source` (their figure came from the
 * proposer's browser) and no age.
 */
export const DataLossAck = z.object({
  acknowledged: z.literal(true),
  lastLagMs: z.number().finite().nonnegative(),
  observedAt: Timestamp.nullable().optional(),
  ageMs: z.number().finite().nonnegative().nullable().optional(),
  source: z.literal("monitor").optional(),
});
export type DataLossAck = z.infer<typeof DataLossAck>;

export const ProposalInput = z
  .strictObject({
    runbook: Runbook,
    targetRegion: z.string().trim().min(1),
    reason: z.string().trim().min(10, "say why in at least 10 characters").max(2000),
    dataLossAck: DataLossAckInput.optional(),
  })
  .superRefine((value, ctx) => {
    // Required exactly for the one runbook that can lose data, so nobody acknowledges a loss that
    // cannot happen (and the approver never sees a stray acknowledgement on a planned switchover).
    const unplanned = value.runbook === "unplanned-failover";
    if (unplanned && !value.dataLossAck) {
      ctx.addIssue({
        code: "custom",
        path: ["dataLossAck"],
        message: "dataLossAck is required for an unplanned failover: acknowledge the expected data loss",
      });
    }
    if (!unplanned && value.dataLossAck) {
      ctx.addIssue({
        code: "custom",
        path: ["dataLossAck"],
        message: "dataLossAck is only accepted for an unplanned failover",
      });
    }
  });
export type ProposalInput = z.infer<typeof ProposalInput>;

export const ReauthMethod = z.enum(["password", "oidc-auth-time"]);
export type ReauthMethod = z.infer<typeof ReauthMethod>;

export const Approval = z.object({
  approverId: z.string(),
  approverName: z.string(),
  contentHash: z.string(),
  reauthMethod: ReauthMethod,
  at: Timestamp,
});
export type Approval = z.infer<typeof Approval>;

/** A proposal as the approver and the audit trail see it: the exact content its hash covers, and its fate. */
export const Proposal = z.object({
  id: z.string(),
  runbook: Runbook,
  targetRegion: z.string(),
  sourceRegion: z.string(),
  reason: z.string(),
  dataLossAck: DataLossAck.nullable(),
  readiness: ReadinessChecklist,
  contentHash: z.string(),
  proposer: z.object({ id: z.string(), name: z.string() }),
  status: ProposalStatus,
  createdAt: Timestamp,
  expiresAt: Timestamp,
  decidedAt: Timestamp.nullable(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  approval: Approval.nullable(),
  /** The run its approval started (GET /api/runs/:id), once approved. */
  runId: z.string().nullable(),
});
export type Proposal = z.infer<typeof Proposal>;

/** The approver names the exact hash they reviewed; local users re-enter their password with it. */
export const ApproveInput = z.strictObject({
  contentHash: z.string().min(1),
  password: z.string().optional(),
});
export type ApproveInput = z.infer<typeof ApproveInput>;

/** Body of reject and cancel: a rejection or cancellation always says why, for the postmortem. */
export const DecisionInput = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
});
export type DecisionInput = z.infer<typeof DecisionInput>;
