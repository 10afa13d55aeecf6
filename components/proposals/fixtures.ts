import { GENERATED_AT, healthy } from "@/components/dashboard/fixtures";
import type { ReadinessChecklist } from "@/lib/findings";
import type { Proposal } from "@/lib/proposals";
import type { SessionUser } from "@/lib/session";

/** Users and proposals for the proposal UI's tests, around the dashboard's healthy snapshot (us-east-1 writes at epoch 7). */

export const users = {
  olivia: { id: "local:olivia", username: "olivia", name: "Olivia Operator", provider: "local", roles: ["viewer", "operator"] },
  adam: { id: "local:adam", username: "adam", name: "Adam Approver", provider: "local", roles: ["viewer", "approver"] },
  vera: { id: "local:vera", username: "vera", name: "Vera Viewer", provider: "local", roles: ["viewer"] },
  ada: { id: "local:ada", username: "ada", name: "Ada Admin", provider: "local", roles: ["viewer", "operator", "approver", "admin"] },
  sso: { id: "oidc:sam", username: "sam", name: "Sam SSO", provider: "test-sso", roles: ["viewer", "approver"] },
} satisfies Record<string, SessionUser>;

export const NOW = Date.parse(GENERATED_AT);
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

const [plannedWest, unplannedWest] = healthy.readiness as [ReadinessChecklist, ReadinessChecklist];

export const pendingPlanned: Proposal = {
  id: "p-planned",
  runbook: "planned-failover",
  targetRegion: "us-west-2",
  sourceRegion: "us-east-1",
  reason: "Rehearse the quarterly switchover",
  dataLossAck: null,
  readiness: plannedWest,
  contentHash: "ab12cd34ef56".padEnd(64, "0"),
  proposer: { id: users.olivia.id, name: users.olivia.name },
  status: "pending",
  createdAt: at(-30_000),
  expiresAt: at(14 * 60_000 + 30_000),
  decidedAt: null,
  decidedBy: null,
  decisionReason: null,
  approval: null,
  runId: null,
};

export const pendingUnplanned: Proposal = {
  ...pendingPlanned,
  id: "p-unplanned",
  runbook: "unplanned-failover",
  reason: "us-east-1 is down: restore writes in us-west-2",
  dataLossAck: { acknowledged: true, lastLagMs: 1_234, observedAt: at(-70_000), ageMs: 40_000, source: "monitor" },
  readiness: unplannedWest,
};

export const approved: Proposal = {
  ...pendingPlanned,
  id: "p-approved",
  status: "approved",
  decidedAt: at(-10_000),
  decidedBy: users.adam.id,
  approval: { approverId: users.adam.id, approverName: users.adam.name, contentHash: pendingPlanned.contentHash, reauthMethod: "password", at: at(-10_000) },
  runId: "run-1",
};

export const voided: Proposal = {
  ...pendingPlanned,
  id: "p-voided",
  status: "voided",
  decidedAt: at(-5_000),
  decidedBy: "system",
  decisionReason: "preconditions no longer hold: us-west-2 is not already the writer (us-west-2 is the Aurora writer)",
};

export const rejected: Proposal = { ...pendingPlanned, id: "p-rejected", status: "rejected", decidedAt: at(-5_000), decidedBy: users.adam.id, decisionReason: "Not during the release freeze" };

/** The planned checklist for promoting the region that already writes. */
export const writerChecklist: ReadinessChecklist = {
  target: "us-east-1",
  source: "us-west-2",
  mode: "planned",
  ready: false,
  checks: [{ id: "target-not-writer", label: "us-east-1 is not already the writer", status: "fail", evidence: "us-east-1 is the Aurora writer" }],
};
