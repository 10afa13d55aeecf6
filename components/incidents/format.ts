import type { Tone } from "@/components/dashboard/pill";
import { utcText, type EventRef, type IncidentSeverity, type TimelineKind } from "@/lib/incidents";

/** Pure display helpers for incidents; no React. Times are UTC, as on every other page. */

export const KIND_LABEL: Record<TimelineKind, string> = { signal: "Signal", finding: "Finding", audit: "Audit", note: "Note", console: "Console" };

export const INCIDENT_SEVERITY_LABEL: Record<IncidentSeverity, string> = {
  sev1: "SEV1 · critical impact",
  sev2: "SEV2 · major impact",
  sev3: "SEV3 · minor impact",
  sev4: "SEV4 · no user impact",
};

export const INCIDENT_SEVERITY_TONE: Record<IncidentSeverity, Tone> = { sev1: "bad", sev2: "bad", sev3: "warn", sev4: "info" };

/** `2026-03-01 12:00:05.250 UTC`: a timeline is read to the millisecond (steps can share a second). */
export function formatInstant(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "unknown time";
  return utcText(d.toISOString());
}

/** `2026-03-01 12:00 UTC`, for start and end in headings and lists. */
export function formatMinute(iso: string): string {
  const s = new Date(iso).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`;
}

/** The timeline row an event reference points at (the rows carry this id). */
export const eventAnchor = (ref: Pick<EventRef, "table" | "id">) => `event-${ref.table}-${ref.id}`;

const TABLE_LABEL: Record<EventRef["table"], string> = { observations: "observation", audit: "audit record", incident_notes: "note" };

/** `audit record #42 at 12:00:05.250`: names the source record, as the exports do. */
export function refLabel(ref: EventRef): string {
  return `${TABLE_LABEL[ref.table]} #${ref.id} at ${new Date(ref.at).toISOString().slice(11, 23)}`;
}

/**
 * How long the incident has run (or ran): from its start to its end, or to now while open. Null
 * while unknown: before the browser knows the time, and when its clock's last tick is older than
 * the incident (it opened between two ticks) — clamping that to zero is how the header once said
 * "open for 0 ms" while the incident page said 3.4 s.
 */
export function incidentAge(startedAt: string, endedAt: string | null, now: number | null): number | null {
  const end = endedAt ? Date.parse(endedAt) : now;
  if (end === null) return null;
  const ms = end - Date.parse(startedAt);
  if (Number.isNaN(ms)) return null;
  return endedAt ? Math.max(0, ms) : ms < 0 ? null : ms;
}
