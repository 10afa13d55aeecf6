import type { Migration } from "./types";

/**
 * Issue 14 §4, live everywhere: every change to what a screen shows is announced on the
 * `fc_changes` channel (server/db/bus.ts) as `{"kind": …, "id": …}` — ids only, the listener
 * reads the rest — by the database itself, so no code path that writes (a route, the executor,
 * the sweeper, a replica running older code, a hand-run UPDATE) can forget to. The notification
 * is delivered when the writing transaction commits, and PostgreSQL folds identical ones sent in
 * one transaction into one (a run's step rows updated together announce the run once).
 * Observations and lag samples are not announced: the monitor writes them every cadence and the
 * timeline reads them on its own cadence.
 */
export const liveChanges: Migration = {
  id: "0013_live_changes",
  statements: [
    // TG_ARGV: the kind, and the column that holds the id the screens know the row by.
    `CREATE FUNCTION fc_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
      BEGIN
        PERFORM pg_notify('fc_changes', json_build_object('kind', TG_ARGV[0], 'id', changed ->> TG_ARGV[1])::text);
        RETURN NULL;
      END
    $$`,
    ...[
      ["proposals", "proposal", "id"],
      ["approvals", "proposal", "proposal_id"],
      ["runs", "run", "id"],
      ["run_steps", "run", "run_id"],
      ["run_continuations", "run", "run_id"],
      ["incidents", "incident", "id"],
      ["incident_notes", "incident", "incident_id"],
      ["access_changes", "access", "id"],
    ].map(
      ([table, kind, column]) =>
        `CREATE TRIGGER ${table}_announce AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION fc_announce_change('${kind}', '${column}')`,
    ),
    // The audit log is append-only (its own triggers refuse the rest).
    `CREATE TRIGGER audit_announce AFTER INSERT ON audit FOR EACH ROW EXECUTE FUNCTION fc_announce_change('audit', 'seq')`,
  ],
};
