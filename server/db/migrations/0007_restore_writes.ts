import type { Migration } from "./types";

/** The restore-writes runbook (the way back from a run that failed or was aborted half-way). */
export const restoreWrites: Migration = {
  id: "0007_restore_writes",
  statements: [
    `ALTER TABLE proposals DROP CONSTRAINT proposals_runbook_known`,
    `ALTER TABLE proposals ADD CONSTRAINT proposals_runbook_known CHECK (runbook IN ('planned-failover','unplanned-failover','failback','restore-writes'))`,
  ],
};
