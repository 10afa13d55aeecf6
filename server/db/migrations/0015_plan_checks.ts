import type { Migration } from "./types";

/**
 * Issue 15 §7: the failover plan's last evaluation, one row, so every replica shows the same
 * result and it survives restarts. `running_id` is the claim of the evaluation in progress: a
 * second one is refused while it is set and younger than the claim's limit (server/plan/rows.ts).
 */
export const planChecks: Migration = {
  id: "0015_plan_checks",
  statements: [
    `CREATE TABLE plan_checks (
      id text PRIMARY KEY CHECK (id = 'plan'),
      result jsonb,
      evaluated_at timestamptz(3),
      running_id text,
      running_since timestamptz(3),
      running_by text,
      requested_by text
    )`,
    `INSERT INTO plan_checks (id) VALUES ('plan')`,
  ],
};
