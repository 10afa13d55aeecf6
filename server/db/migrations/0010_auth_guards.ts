import type { Migration } from "./types";

/**
 * Issue 13 bullets 5 and 6: the per-account password limiter and server-side sessions.
 * Both live in the database so every replica shares them and a restart resets neither.
 */
export const authGuards: Migration = {
  id: "0010_auth_guards",
  statements: [
    // One row per local account name (known or not, so a lock does not reveal which names exist).
    `CREATE TABLE password_lockouts (
      account text PRIMARY KEY,
      failures integer NOT NULL,
      last_failure_at timestamptz(3) NOT NULL,
      locked_until timestamptz(3)
    )`,
    // A session is alive while its row is unrevoked and unexpired; the JWT only names it (sid).
    `CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users (id),
      created_at timestamptz(3) NOT NULL,
      expires_at timestamptz(3) NOT NULL,
      revoked_at timestamptz(3),
      revoked_by text,
      reason text
    )`,
    `CREATE INDEX sessions_user_id ON sessions (user_id) WHERE revoked_at IS NULL`,
    // Whatever code path changes an account's roles or disables it (an admin, an approved
    // privilege change, the identity provider's groups at sign-in, a manual UPDATE), the
    // account's sessions end with it: its old cookies no longer carry the old privileges.
    `CREATE FUNCTION users_end_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE sessions
           SET revoked_at = now(),
               revoked_by = 'system',
               reason = CASE WHEN NEW.disabled AND NOT OLD.disabled THEN 'account-disabled' ELSE 'roles-changed' END
         WHERE user_id = NEW.id AND revoked_at IS NULL;
        RETURN NEW;
      END
    $$`,
    `CREATE TRIGGER users_end_sessions AFTER UPDATE OF roles, disabled ON users
      FOR EACH ROW
      WHEN (OLD.roles IS DISTINCT FROM NEW.roles OR OLD.disabled IS DISTINCT FROM NEW.disabled)
      EXECUTE FUNCTION users_end_sessions()`,
  ],
};
