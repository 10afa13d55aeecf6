import type { Migration } from "./types";

/**
 * People, not accounts (DESIGN invariant 1): every account belongs to a person, and the two-person
 * rule compares persons. Privilege changes (creating an account, setting roles, resetting a
 * password, linking an account to a person) become proposals of their own, approved by a different
 * admin person. Existing accounts each get a person of their own; linking them is a two-person act.
 */
export const persons: Migration = {
  id: "0008_persons",
  statements: [
    `CREATE TABLE persons (
      id text PRIMARY KEY,
      -- How single sign-on recognises the person across accounts: "email:<verified email>" or
      -- "claim:<value>" (auth.oidc.personClaim). NULL for a person known only by local accounts.
      key text UNIQUE,
      created_at timestamptz(3) NOT NULL
    )`,
    `INSERT INTO persons (id, key, created_at) SELECT 'person-' || id, NULL, created_at FROM users`,
    `ALTER TABLE users ADD COLUMN person_id text REFERENCES persons (id)`,
    `UPDATE users SET person_id = 'person-' || id`,
    `ALTER TABLE users ALTER COLUMN person_id SET NOT NULL`,
    // When the account's roles, person link or password were last changed: such an account cannot
    // approve a failover until approvals.coolingOffHours have passed. NULL: never changed since
    // it was created before this migration (or seeded as a fixed demo account).
    `ALTER TABLE users ADD COLUMN privileges_changed_at timestamptz(3)`,
    `CREATE INDEX users_person ON users (person_id)`,
    // Display names are unique among active accounts, so "Adam Approver" names one account. Older
    // duplicates are told apart by their username before the index is built.
    `UPDATE users u SET display_name = u.display_name || ' (' || u.username || ')'
      WHERE NOT u.disabled AND EXISTS (
        SELECT 1 FROM users o WHERE NOT o.disabled AND lower(o.display_name) = lower(u.display_name)
          AND (o.created_at, o.id) < (u.created_at, u.id))`,
    `CREATE UNIQUE INDEX users_active_display_name ON users (lower(display_name)) WHERE NOT disabled`,
    // The two-person trigger compares persons, not accounts: a person's second account (local
    // break-glass beside single sign-on) is still the proposer.
    `CREATE OR REPLACE FUNCTION approvals_refuse_self() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (
          SELECT 1 FROM proposals p
            JOIN users proposer ON proposer.id = p.proposer_id
            JOIN users approver ON approver.id = NEW.approver_id
          WHERE p.id = NEW.proposal_id AND proposer.person_id = approver.person_id
        ) THEN
          RAISE EXCEPTION 'two-person rule: the proposer cannot approve their own proposal'
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
    $$`,
    // Privilege changes: proposed by one admin, approved by a different admin person.
    `CREATE TABLE access_changes (
      id text PRIMARY KEY,
      kind text NOT NULL,
      target_user_id text REFERENCES users (id),
      params jsonb NOT NULL,
      -- The new password's hash (create-account, reset-password): never shown, never audited.
      password_hash text,
      reason text NOT NULL,
      content_hash text NOT NULL,
      proposer_id text NOT NULL REFERENCES users (id),
      proposer_name text NOT NULL,
      status text NOT NULL,
      created_at timestamptz(3) NOT NULL,
      expires_at timestamptz(3) NOT NULL,
      decided_at timestamptz(3),
      decided_by text REFERENCES users (id),
      decided_by_name text,
      decision_reason text,
      result_user_id text REFERENCES users (id),
      CONSTRAINT access_changes_kind_known CHECK (kind IN ('create-account','set-roles','reset-password','link-person')),
      CONSTRAINT access_changes_status_known CHECK (status IN ('pending','approved','rejected','cancelled','expired')),
      CONSTRAINT access_changes_target CHECK ((kind = 'create-account') = (target_user_id IS NULL))
    )`,
    `CREATE INDEX access_changes_created_at ON access_changes (created_at)`,
    // Defence in depth: even a code path that skipped the checks cannot mark a change approved by
    // the proposer's own person.
    `CREATE FUNCTION access_changes_refuse_self() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'approved' AND EXISTS (
          SELECT 1 FROM users proposer JOIN users approver ON approver.id = NEW.decided_by
          WHERE proposer.id = NEW.proposer_id AND proposer.person_id = approver.person_id
        ) THEN
          RAISE EXCEPTION 'two-person rule: the proposer cannot approve their own access change'
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
    $$`,
    `CREATE TRIGGER access_changes_two_person BEFORE INSERT OR UPDATE ON access_changes
      FOR EACH ROW EXECUTE FUNCTION access_changes_refuse_self()`,
  ],
};
