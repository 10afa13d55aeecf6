import type { Migration } from "./types";

export const monitor: Migration = {
  id: "0002_monitor",
  statements: [
    // Every signal transition the monitor saw (health, routing, writer, epoch, lag vs budget,
    // faults, control plane, findings raised/cleared): the raw material of the incident timeline.
    `CREATE TABLE observations (
      id bigserial PRIMARY KEY,
      at timestamptz(3) NOT NULL,
      region text,
      kind text NOT NULL,
      subject text NOT NULL,
      from_value text,
      to_value text NOT NULL,
      detail jsonb NOT NULL
    )`,
    `CREATE INDEX observations_at ON observations (at)`,
    // Lag samples for the chart, pruned to the configured retention.
    `CREATE TABLE lag_samples (
      region text NOT NULL,
      at timestamptz(3) NOT NULL,
      replication_lag_ms double precision,
      rpo_lag_ms double precision,
      PRIMARY KEY (region, at)
    )`,
  ],
};
