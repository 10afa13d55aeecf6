import type { Migration } from "./types";

export const init: Migration = {
  id: "0001_init",
  statements: [
    `CREATE TABLE users (
      id text PRIMARY KEY,
      provider text NOT NULL,
      subject text NOT NULL,
      username text NOT NULL,
      display_name text NOT NULL,
      email text,
      password_hash text,
      roles text[] NOT NULL,
      disabled boolean NOT NULL DEFAULT false,
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL,
      CONSTRAINT users_roles_known CHECK (roles <@ ARRAY['viewer','operator','approver','admin']::text[])
    )`,
    `CREATE UNIQUE INDEX users_provider_subject ON users (provider, subject)`,
    `CREATE TABLE audit (
      seq bigserial PRIMARY KEY,
      at timestamptz(3) NOT NULL,
      actor text NOT NULL,
      actor_name text NOT NULL,
      action text NOT NULL,
      ip text,
      payload jsonb NOT NULL
    )`,
    `CREATE INDEX audit_action_at ON audit (action, at)`,
    // The audit log is append-only from day one: refuse every change to an existing row.
    `CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $$`,
    `CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON audit
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`,
    `CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`,
    `CREATE TABLE settings (
      key text PRIMARY KEY,
      value text NOT NULL,
      updated_at timestamptz(3) NOT NULL
    )`,
  ],
};
