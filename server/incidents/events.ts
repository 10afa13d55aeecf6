import "server-only";
import { Severity } from "@/lib/findings";
import { CONSOLE_OBSERVATION_KIND, type TimelineEvent } from "@/lib/incidents";
import type { tables } from "@/server/db";
import { describeAudit } from "./describe-audit";

export type ObservationRow = typeof tables.observations.$inferSelect;
export type AuditRow = Pick<typeof tables.audit.$inferSelect, "seq" | "at" | "actor" | "actorName" | "action" | "payload">;
export type NoteRow = Pick<typeof tables.incidentNotes.$inferSelect, "id" | "at" | "authorId" | "authorName" | "text">;

const asRecord = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);

/**
 * The "to" values that mean a region got worse: what the first-impact figure looks for and what
 * the timeline marks as a warning. Routing, writer and authority changes are decisions, not impact.
 */
export const BAD_STATES: Readonly<Record<string, readonly string[]>> = {
  health: ["unhealthy"],
  "lag-budget": ["over budget"],
  "control-plane": ["impaired"],
  signal: ["stale", "unknown"],
};

/** Observation kinds that are not signal transitions: findings, and the console's own events (server/monitor/store.ts). */
export const FINDING_KIND = "finding";
export const CONSOLE_KIND = CONSOLE_OBSERVATION_KIND;

export function isBadTransition(type: string, to: unknown): boolean {
  return typeof to === "string" && (BAD_STATES[type]?.includes(to) ?? false);
}

const SIGNAL_PREFIX: Readonly<Record<string, string>> = {
  health: "Health check ",
  routing: "Routing control ",
  fault: "Drill fault ",
  "control-plane": "Control plane ",
  signal: "Signal ",
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function describeDetail(detail: Record<string, unknown>, skip: readonly string[]): string {
  return Object.entries(detail)
    .filter(([k, v]) => !skip.includes(k) && v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join("; ");
}

/**
 * The console's own trouble — its event loop stalled, so for that span no region was polled. A
 * warning about the console, in no region: the figures never read it (not an impact, not a detection).
 */
function consoleEvent(row: ObservationRow, detail: Record<string, unknown>, data: Record<string, unknown>, source: TimelineEvent["source"]): TimelineEvent {
  const stalled = typeof detail.stalledMs === "number" ? ` for ${(detail.stalledMs / 1000).toFixed(1)} s` : "";
  return {
    at: row.at.toISOString(),
    kind: "console",
    type: row.kind,
    region: null,
    severity: "warning",
    title: `Console ${row.subject} ${row.toValue}${stalled} — the console paused, not a region`,
    detail: describeDetail(detail, []),
    actor: null,
    source,
    data,
  };
}

export function observationEvent(row: ObservationRow): TimelineEvent {
  const detail = asRecord(row.detail);
  const data = { ...detail, subject: row.subject, from: row.fromValue, to: row.toValue };
  const source = { table: "observations", id: String(row.id) } as const;
  const at = row.at.toISOString();
  if (row.kind === CONSOLE_KIND) return consoleEvent(row, detail, data, source);
  if (row.kind === FINDING_KIND) {
    const severity = Severity.safeParse(detail.severity);
    const title = str(detail.title) ?? row.subject;
    return {
      at,
      kind: "finding",
      type: "finding",
      region: row.region,
      severity: severity.success ? severity.data : "warning",
      title: `Finding ${row.toValue}: ${title}`,
      detail: `finding ${row.subject}`,
      actor: null,
      source,
      data,
    };
  }
  return {
    at,
    kind: "signal",
    type: row.kind,
    region: row.region,
    severity: isBadTransition(row.kind, row.toValue) ? "warning" : "info",
    title: capitalise(`${SIGNAL_PREFIX[row.kind] ?? ""}${row.subject}: ${row.fromValue ?? "?"} → ${row.toValue}`),
    detail: describeDetail(detail, []),
    actor: null,
    source,
    data,
  };
}

/** Audit actions that mean something was refused, failed or given up: warnings on the timeline. */
const WARNING_ACTIONS = new Set([
  "proposal.refused",
  "approval.refused",
  "proposal.rejected",
  "proposal.expired",
  "proposal.voided",
  "run.step_failed",
  "run.failed",
  "run.aborted",
  "run.voided",
  "run.control_refused",
]);

export function auditEvent(row: AuditRow): TimelineEvent {
  const payload = asRecord(row.payload);
  const { title, detail } = describeAudit(row.action, payload, row.actorName);
  return {
    at: row.at.toISOString(),
    kind: "audit",
    type: row.action,
    region: str(payload.region) ?? str(payload.targetRegion),
    severity: WARNING_ACTIONS.has(row.action) ? "warning" : "info",
    title,
    detail,
    actor: { id: row.actor, name: row.actorName },
    source: { table: "audit", id: String(row.seq) },
    data: payload,
  };
}

export function noteEvent(row: NoteRow): TimelineEvent {
  return {
    at: row.at.toISOString(),
    kind: "note",
    type: "note",
    region: null,
    severity: null,
    title: `Note by ${row.authorName}`,
    detail: row.text,
    actor: { id: row.authorId, name: row.authorName },
    source: { table: "incident_notes", id: String(row.id) },
    data: {},
  };
}
