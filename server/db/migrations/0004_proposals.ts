import type { Migration } from "./types";

export const proposals: Migration = {
  id: "0004_proposals",
  statements: [
    `CREATE TABLE proposals (
      id text PRIMARY KEY,
      runbook text NOT NULL,
      target_region text NOT NULL,
      source_region text NOT NULL,
      reason text NOT NULL,
      data_loss_ack jsonb,
      readiness jsonb NOT NULL,
      content_hash text NOT NULL,
      proposer_id text NOT NULL REFERENCES users (id),
      proposer_name text NOT NULL,
      status text NOT NULL,
      created_at timestamptz(3) NOT NULL,
      expires_at timestamptz(3) NOT NULL,
      decided_at timestamptz(3),
      decided_by text,
      decision_reason text,
      CONSTRAINT proposals_runbook_known CHECK (runbook IN ('planned-failover','unplanned-failover','failback')),
      CONSTRAINT proposals_status_known CHECK (status IN ('pending','approved','rejected','cancelled','expired')),
      -- Only an unplanned failover loses data, and it may never be proposed without the acknowledgement.
      CONSTRAINT proposals_data_loss_ack CHECK ((runbook = 'unplanned-failover') = (data_loss_ack IS NOT NULL))
    )`,
    // One active proposal at a time: every row indexes the same constant key, and the partial
    // predicate keeps only active rows, so a second active proposal is a unique violation even
    // when two operators propose in the same instant.
    `CREATE UNIQUE INDEX proposals_one_active ON proposals ((true)) WHERE status IN ('pending','approved')`,
    `CREATE INDEX proposals_created_at ON proposals (created_at)`,
    // The primary key makes "one approval per proposal" a database fact, not just a code path.
    `CREATE TABLE approvals (
      proposal_id text PRIMARY KEY REFERENCES proposals (id),
      approver_id text NOT NULL REFERENCES users (id),
      approver_name text NOT NULL,
      content_hash text NOT NULL,
      reauth_method text NOT NULL,
      at timestamptz(3) NOT NULL,
      CONSTRAINT approvals_reauth_known CHECK (reauth_method IN ('password','oidc-auth-time'))
    )`,
    // Defence in depth for invariant 1: even a code path that skipped the checks cannot store a
    // self-approval.
    `CREATE FUNCTION approvals_refuse_self() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM proposals WHERE id = NEW.proposal_id AND proposer_id = NEW.approver_id) THEN
          RAISE EXCEPTION 'two-person rule: the proposer cannot approve their own proposal'
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
    $$`,
    `CREATE TRIGGER approvals_two_person BEFORE INSERT OR UPDATE ON approvals
      FOR EACH ROW EXECUTE FUNCTION approvals_refuse_self()`,
  ],
};
