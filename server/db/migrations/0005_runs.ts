import type { Migration } from "./types";

export const runs: Migration = {
  id: "0005_runs",
  statements: [
    // A proposal now ends as done (its run finished) or voided (a blocking change at approval or run start).
    `ALTER TABLE proposals DROP CONSTRAINT proposals_status_known`,
    `ALTER TABLE proposals ADD CONSTRAINT proposals_status_known
      CHECK (status IN ('pending','approved','done','rejected','cancelled','expired','voided'))`,
    // The durable execution of an approved proposal. One per proposal (unique), so two approvals
    // racing can never start two runs; one active run at a time (the partial unique index).
    `CREATE TABLE runs (
      id text PRIMARY KEY,
      proposal_id text NOT NULL UNIQUE REFERENCES proposals (id),
      runbook text NOT NULL,
      source_region text NOT NULL,
      target_region text NOT NULL,
      epoch integer NOT NULL,
      status text NOT NULL,
      status_reason text,
      rpo_estimate_ms double precision,
      created_at timestamptz(3) NOT NULL,
      finished_at timestamptz(3),
      CONSTRAINT runs_status_known CHECK (status IN ('running','paused','failed','succeeded','aborted','voided')),
      CONSTRAINT runs_epoch_positive CHECK (epoch > 0)
    )`,
    `CREATE UNIQUE INDEX runs_one_active ON runs ((true)) WHERE status IN ('running','paused','failed')`,
    `CREATE INDEX runs_created_at ON runs (created_at)`,
    // Each step's state is stored before and after it acts, so a restarted console resumes at the
    // first step not yet done and never repeats a completed one.
    `CREATE TABLE run_steps (
      run_id text NOT NULL REFERENCES runs (id),
      idx integer NOT NULL,
      step_id text NOT NULL,
      kind text NOT NULL,
      title text NOT NULL,
      region text,
      params jsonb NOT NULL,
      best_effort boolean NOT NULL,
      max_attempts integer NOT NULL,
      timeout_ms integer NOT NULL,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      started_at timestamptz(3),
      finished_at timestamptz(3),
      detail text,
      error text,
      PRIMARY KEY (run_id, idx),
      CONSTRAINT run_steps_status_known CHECK (status IN ('pending','running','succeeded','skipped','failed','aborted')),
      CONSTRAINT run_steps_attempts CHECK (attempts >= 0 AND max_attempts > 0)
    )`,
  ],
};
