import type { Migration } from "./types";

/**
 * Continuation requests (issue 13 §8): a paused or failed run whose approval is older than the
 * proposal TTL, or whose preconditions broke, goes on only when a different approver approves.
 * One pending request per run (the partial unique index); an approved row names a decider who is
 * not the requester (the CHECK — on account ids, which a person comparison only narrows further).
 */
export const resumeApprovals: Migration = {
  id: "0011_resume_approvals",
  statements: [
    `CREATE TABLE run_continuations (
      id text PRIMARY KEY,
      run_id text NOT NULL REFERENCES runs (id),
      action text NOT NULL,
      status text NOT NULL,
      requested_by text NOT NULL,
      requested_by_name text NOT NULL,
      requested_at timestamptz(3) NOT NULL,
      expires_at timestamptz(3) NOT NULL,
      why jsonb NOT NULL,
      evidence jsonb,
      decided_by text,
      decided_by_name text,
      decided_at timestamptz(3),
      reauth_method text,
      CONSTRAINT run_continuations_action_known CHECK (action IN ('resume','retry')),
      CONSTRAINT run_continuations_status_known CHECK (status IN ('pending','approved','expired','cancelled')),
      CONSTRAINT run_continuations_second_person CHECK (status <> 'approved' OR (decided_by IS NOT NULL AND decided_by <> requested_by))
    )`,
    `CREATE UNIQUE INDEX run_continuations_one_pending ON run_continuations (run_id) WHERE status = 'pending'`,
  ],
};
