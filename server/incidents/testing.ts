import type { TimelineEvent } from "@/lib/incidents";
import { manualClock } from "@/server/clock";
import { appendAudit, type AuditAction } from "@/server/audit";
import { tables, type Db } from "@/server/db";

export { auditActions, seedUser } from "@/server/approvals/testing";

/** The incident's start in the hand-built timelines: 12:00:00 UTC. */
export const T0 = Date.parse("2026-03-01T12:00:00.000Z");
export const at = (seconds: number) => new Date(T0 + seconds * 1000);
export const iso = (seconds: number) => at(seconds).toISOString();

/** Stores one observation (a signal transition or a finding change) at `seconds` after T0. */
export async function observe(
  db: Db,
  seconds: number,
  o: { region: string | null; kind: string; subject: string; from: string | null; to: string; detail?: Record<string, unknown> },
): Promise<void> {
  await db.insert(tables.observations).values({ at: at(seconds), region: o.region, kind: o.kind, subject: o.subject, fromValue: o.from, toValue: o.to, detail: o.detail ?? {} });
}

/** Appends one audit record stamped `seconds` after T0 (records must be appended in time order). */
export async function audit(db: Db, seconds: number, action: AuditAction, payload: Record<string, unknown>, actor = { id: "u-olivia", name: "Olivia" }): Promise<void> {
  await appendAudit(db, manualClock(at(seconds)), { actor: actor.id, actorName: actor.name, action, payload });
}

let nextId = 1;

/** A hand-built event for the pure figure tests: only what the figures read. */
export function event(seconds: number, e: Partial<TimelineEvent> & Pick<TimelineEvent, "kind" | "type">): TimelineEvent {
  const table = e.kind === "audit" ? "audit" : e.kind === "note" ? "incident_notes" : "observations";
  return {
    at: iso(seconds),
    region: null,
    severity: null,
    title: e.type,
    detail: "",
    actor: null,
    source: { table, id: String(nextId++) },
    data: {},
    ...e,
  };
}

export const signal = (seconds: number, type: string, region: string, subject: string, from: string, to: string) =>
  event(seconds, { kind: "signal", type, region, title: `${subject}: ${from} → ${to}`, data: { subject, from, to } });

export const finding = (seconds: number, id: string, severity: "critical" | "warning" | "info", to: "raised" | "cleared", region: string | null = null) =>
  event(seconds, { kind: "finding", type: "finding", region, severity, title: `Finding ${to}: ${id}`, data: { subject: id, from: to === "raised" ? null : "raised", to, severity, title: id } });

export const auditEvent = (seconds: number, type: string, data: Record<string, unknown>, actor = { id: "u-olivia", name: "Olivia" }) =>
  event(seconds, { kind: "audit", type, data, actor, region: typeof data.targetRegion === "string" ? data.targetRegion : null });
