import type { Migration } from "./types";

/**
 * The leader lease (issue 14 §2, DESIGN invariant 11). One row: which replica leads, until when
 * (the database's clock, so no replica's clock can stretch it), and the fencing token, which rises
 * with every new lease and never goes down (the CHECK keeps it positive; the update only adds).
 * Every leader duty's write checks the token in its own transaction (server/leader/README.md).
 * `replicas` lists the consoles using this database, for the screen and the start-up warning.
 */
export const leadership: Migration = {
  id: "0012_leadership",
  statements: [
    `CREATE TABLE leader_lease (
      name text PRIMARY KEY,
      holder text NOT NULL,
      holder_region text,
      token bigint NOT NULL,
      acquired_at timestamptz(3) NOT NULL,
      renewed_at timestamptz(3) NOT NULL,
      expires_at timestamptz(3) NOT NULL,
      CONSTRAINT leader_lease_one CHECK (name = 'console'),
      CONSTRAINT leader_lease_token_positive CHECK (token > 0)
    )`,
    `CREATE TABLE replicas (
      id text PRIMARY KEY,
      region text,
      host text,
      started_at timestamptz(3) NOT NULL,
      seen_at timestamptz(3) NOT NULL,
      stopped_at timestamptz(3)
    )`,
  ],
};
