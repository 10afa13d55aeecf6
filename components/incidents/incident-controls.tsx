"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import type { Incident, IncidentSeverity } from "@/lib/incidents";
import { hasRole } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { SeveritySelect } from "./severity-select";
import { useIncidentChange } from "./use-incidents";
import { ErrorText } from "@/components/ui/error-text";

const TEXTAREA = "rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-900";

/** Why an incident cannot be changed by this user, or null when they can (the API checks again). */
export function changeBlocker(incident: Incident, user: SessionUser): string | null {
  if (incident.status !== "open") return "The incident is closed: its record is final. Export it below.";
  if (!hasRole(user.roles, "operator")) return "Taking command, notes and closing need the operator role.";
  return null;
}

/** Operators, while the incident is open: take command, change severity, add a note, close it. */
export function IncidentControls({ incident, user }: { incident: Incident; user: SessionUser }) {
  const blocker = changeBlocker(incident, user);
  if (blocker) return <p className="text-sm text-slate-700 dark:text-slate-300">{blocker}</p>;
  return (
    <section aria-label="Incident actions" className="flex flex-col gap-4">
      {/* Keyed by severity: a change made elsewhere resets the picker. */}
      <CommandAndSeverity key={incident.severity} incident={incident} user={user} />
      <NoteForm incidentId={incident.id} />
      <CloseForm incidentId={incident.id} />
    </section>
  );
}

function CommandAndSeverity({ incident, user }: { incident: Incident; user: SessionUser }) {
  const change = useIncidentChange(incident.id);
  const [severity, setSeverity] = useState<IncidentSeverity>(incident.severity);
  const inCommand = incident.commander.id === user.id;
  return (
    <div className="flex flex-wrap items-end gap-3">
      {inCommand ? (
        <p className="text-sm font-semibold">You are the incident commander.</p>
      ) : (
        <Button type="button" variant="secondary" disabled={change.isPending} onClick={() => change.mutate({ kind: "update", input: { commanderId: user.id } })}>
          Take command
        </Button>
      )}
      <SeveritySelect id="incident-change-severity" value={severity} onChange={setSeverity} />
      <Button
        type="button"
        variant="secondary"
        disabled={change.isPending || severity === incident.severity}
        onClick={() => change.mutate({ kind: "update", input: { severity } })}
      >
        Change severity
      </Button>
      {change.isError ? (
        <ErrorText small>
          {change.error.message}
        </ErrorText>
      ) : null}
    </div>
  );
}

function NoteForm({ incidentId }: { incidentId: string }) {
  const change = useIncidentChange(incidentId);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setError("Write the note first: it goes on the timeline with your name and the time.");
      return;
    }
    setError(null);
    change.mutate({ kind: "note", input: { text: text.trim() } }, { onSuccess: () => setText(""), onError: (err) => setError(err.message) });
  };
  return (
    <form aria-label="Add a note" onSubmit={submit} noValidate className="flex flex-col gap-2">
      <label htmlFor="incident-note" className="text-sm font-medium">
        Note for the timeline
      </label>
      <textarea
        id="incident-note"
        rows={2}
        maxLength={4000}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={error !== null ? true : undefined}
        aria-describedby={error !== null ? "incident-note-error" : undefined}
        className={TEXTAREA}
      />
      {error !== null ? (
        <ErrorText id="incident-note-error" small>
          {error}
        </ErrorText>
      ) : null}
      <div>
        <Button type="submit" disabled={change.isPending}>
          {change.isPending ? "Adding…" : "Add note"}
        </Button>
      </div>
    </form>
  );
}

/** Closing is final (notes stop, the window ends), so it asks first and takes an optional resolution. */
function CloseForm({ incidentId }: { incidentId: string }) {
  const change = useIncidentChange(incidentId);
  const [asking, setAsking] = useState(false);
  const [resolution, setResolution] = useState("");
  if (!asking)
    return (
      <div>
        <Button type="button" variant="secondary" onClick={() => setAsking(true)}>
          Close incident…
        </Button>
      </div>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({ kind: "close", input: resolution.trim() ? { resolution: resolution.trim() } : {} });
  };
  return (
    <form aria-label="Close the incident" onSubmit={submit} className="flex flex-col gap-2 rounded-md border border-slate-300 p-3 dark:border-slate-600">
      <p className="text-sm">Closing ends the incident now: no more notes, and the timeline and figures stop here.</p>
      <label htmlFor="incident-resolution" className="text-sm font-medium">
        Resolution (optional)
      </label>
      <textarea id="incident-resolution" rows={2} maxLength={4000} autoFocus value={resolution} onChange={(e) => setResolution(e.target.value)} className={TEXTAREA} />
      {change.isError ? (
        <ErrorText small>
          {change.error.message}
        </ErrorText>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={change.isPending}>
          Confirm close
        </Button>
        <Button type="button" variant="secondary" onClick={() => setAsking(false)}>
          Keep open
        </Button>
      </div>
    </form>
  );
}
