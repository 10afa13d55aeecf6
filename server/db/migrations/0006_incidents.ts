import type { Migration } from "./types";

export const incidents: Migration = {
  id: "0006_incidents",
  statements: [
    // An incident is a time window with a commander; its timeline is read from observations,
    // audit and its notes, so it stores only what a person (or the auto-opener) decided.
    `CREATE TABLE incidents (
      id text PRIMARY KEY,
      title text NOT NULL,
      severity text NOT NULL,
      commander_id text NOT NULL,
      commander_name text NOT NULL,
      status text NOT NULL,
      started_at timestamptz(3) NOT NULL,
      ended_at timestamptz(3),
      declared_by text NOT NULL,
      declared_by_name text NOT NULL,
      auto boolean NOT NULL,
      trigger jsonb,
      resolution text,
      updated_at timestamptz(3) NOT NULL,
      CONSTRAINT incidents_severity_known CHECK (severity IN ('sev1','sev2','sev3','sev4')),
      CONSTRAINT incidents_status_known CHECK (status IN ('open','closed')),
      CONSTRAINT incidents_end_iff_closed CHECK ((status = 'closed') = (ended_at IS NOT NULL)),
      CONSTRAINT incidents_end_after_start CHECK (ended_at IS NULL OR ended_at >= started_at)
    )`,
    // One open incident at a time, as a database fact: two operators declaring in the same instant,
    // or the auto-opener racing a person (or another console replica), get one incident.
    `CREATE UNIQUE INDEX incidents_one_open ON incidents ((true)) WHERE status = 'open'`,
    `CREATE INDEX incidents_started_at ON incidents (started_at)`,
    // Notes are also written to the audit log with their text, so an edited note is detectable there.
    `CREATE TABLE incident_notes (
      id bigserial PRIMARY KEY,
      incident_id text NOT NULL REFERENCES incidents (id),
      at timestamptz(3) NOT NULL,
      author_id text NOT NULL,
      author_name text NOT NULL,
      text text NOT NULL,
      CONSTRAINT incident_notes_text_length CHECK (char_length(text) BETWEEN 1 AND 4000)
    )`,
    `CREATE INDEX incident_notes_incident_at ON incident_notes (incident_id, at, id)`,
    // The timeline reads audit records by time window (keyset on at, seq); an index is not an
    // UPDATE, so the append-only triggers are untouched.
    `CREATE INDEX audit_at ON audit (at, seq)`,
  ],
};
