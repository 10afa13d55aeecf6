import "server-only";
import { eq } from "drizzle-orm";
import { AUDIT_ACTIONS } from "@/server/audit";
import { tables, type Db } from "@/server/db";
import type { NotificationEvent } from "./event";

/** The audit record as the composer reads it. */
export interface AuditRecord {
  seq: number;
  at: Date;
  actorName: string;
  action: string;
  payload: unknown;
}

type Payload = Record<string, unknown>;
const str = (p: Payload, key: string): string | null => (typeof p[key] === "string" ? (p[key] as string) : null);
const asPayload = (v: unknown): Payload => (v && typeof v === "object" && !Array.isArray(v) ? (v as Payload) : {});

/** Joins the console's public URL and a path; without one the path alone (the log still shows it). */
export function linkTo(publicUrl: string | null, path: string): string {
  return publicUrl ? new URL(path, publicUrl.endsWith("/") ? publicUrl : `${publicUrl}/`).toString() : path;
}

/**
 * Turns one audit record into the event it reports, or null when it reports none (most records:
 * sign-ins, step starts, a retried step attempt). Reads the proposal or run it names for the
 * before → after, inside the leader's enqueue transaction, so what is sent is what was stored.
 */
export async function compose(tx: Db, record: AuditRecord, publicUrl: string | null): Promise<NotificationEvent | null> {
  const p = asPayload(record.payload);
  const base = { seq: record.seq, at: record.at.toISOString(), actor: record.actorName };
  const link = (path: string) => linkTo(publicUrl, path);
  switch (record.action) {
    case AUDIT_ACTIONS.proposalCreated:
    case AUDIT_ACTIONS.proposalApproved:
    case AUDIT_ACTIONS.proposalRejected:
    case AUDIT_ACTIONS.proposalExpired: {
      const id = str(p, "proposalId");
      if (!id) return null;
      const [row] = await tx.select().from(tables.proposals).where(eq(tables.proposals.id, id));
      const change = { from: row?.sourceRegion ?? null, to: row?.targetRegion ?? str(p, "targetRegion") };
      const what = `${row?.runbook ?? str(p, "runbook") ?? "failover"} ${change.from ?? "?"} → ${change.to ?? "?"}`;
      const details = { proposalId: id, runbook: row?.runbook ?? null, reason: row?.reason ?? null, proposer: row?.proposerName ?? null, expiresAt: row?.expiresAt.toISOString() ?? null };
      const common = { ...base, subject: { type: "proposal" as const, id }, change, link: link(`/?proposal=${encodeURIComponent(id)}`), details };
      if (record.action === AUDIT_ACTIONS.proposalCreated) {
        return { ...common, kind: "proposal.pending", title: "Failover proposal awaiting approval", summary: `${record.actorName} proposes ${what}: ${row?.reason ?? ""}`.trim(), severity: "warning", pager: "trigger" };
      }
      if (record.action === AUDIT_ACTIONS.proposalApproved) {
        return { ...common, kind: "proposal.approved", title: "Failover proposal approved", summary: `${record.actorName} approved ${what}; the run starts`, severity: "info", pager: "resolve" };
      }
      if (record.action === AUDIT_ACTIONS.proposalRejected) {
        const reason = str(p, "reason");
        return { ...common, kind: "proposal.rejected", title: "Failover proposal rejected", summary: `${record.actorName} rejected ${what}${reason ? `: ${reason}` : ""}`, severity: "info", pager: "resolve" };
      }
      return { ...common, kind: "proposal.expired", title: "Failover proposal expired", summary: `${what} was not approved before it expired`, severity: "warning", pager: "resolve" };
    }
    case AUDIT_ACTIONS.runStepFailed:
    case AUDIT_ACTIONS.runSucceeded:
    case AUDIT_ACTIONS.runFailed:
    case AUDIT_ACTIONS.runAborted:
    case AUDIT_ACTIONS.runVoided:
      return composeRun(tx, record, p, base, link);
    case AUDIT_ACTIONS.incidentDeclared:
    case AUDIT_ACTIONS.incidentClosed: {
      const id = str(p, "incidentId");
      if (!id) return null;
      const title = str(p, "title") ?? "incident";
      const common = { ...base, subject: { type: "incident" as const, id }, change: null, link: link(`/incidents/${encodeURIComponent(id)}`) };
      if (record.action === AUDIT_ACTIONS.incidentDeclared) {
        const severity = str(p, "severity");
        const details = { incidentId: id, severity, commander: str(p, "commanderName"), auto: p.auto === true };
        return { ...common, kind: "incident.opened", title: `Incident opened: ${title}`, summary: `${record.actorName} opened ${severity ?? ""} incident "${title}"`.replace("  ", " "), severity: "critical", pager: "trigger", details };
      }
      const resolution = str(p, "resolution");
      return { ...common, kind: "incident.closed", title: `Incident closed: ${title}`, summary: `${record.actorName} closed "${title}"${resolution ? `: ${resolution}` : ""}`, severity: "info", pager: "resolve", details: { incidentId: id, resolution } };
    }
    case AUDIT_ACTIONS.findingCriticalHeld: {
      const id = str(p, "findingId");
      if (!id) return null;
      const title = str(p, "title") ?? id;
      const heldMs = typeof p.heldMs === "number" ? p.heldMs : null;
      return { ...base, kind: "finding.critical_held", subject: { type: "finding", id }, change: null, link: link("/"), title: `Critical: ${title}`, summary: `${title}${heldMs !== null ? ` (held ${Math.round(heldMs / 1000)} s)` : ""}`, severity: "critical", pager: "trigger", details: { findingId: id, region: str(p, "region"), heldMs } };
    }
    case AUDIT_ACTIONS.findingCriticalCleared: {
      const id = str(p, "findingId");
      if (!id) return null;
      const title = str(p, "title") ?? id;
      const heldMs = typeof p.heldMs === "number" ? p.heldMs : null;
      return { ...base, kind: "finding.critical_cleared", subject: { type: "finding", id }, change: null, link: link("/"), title: `Cleared: ${title}`, summary: `${title} cleared${heldMs !== null ? ` after ${Math.round(heldMs / 1000)} s` : ""}`, severity: "info", pager: "resolve", details: { findingId: id, region: str(p, "region"), heldMs } };
    }
    case AUDIT_ACTIONS.notificationTestRequested:
      return { ...base, kind: "test", subject: { type: "test", id: String(record.seq) }, change: null, link: link("/notifications"), title: "Test notification", summary: `${record.actorName} sent a test notification from the console`, severity: "info", pager: null, details: {} };
    default:
      return null;
  }
}

async function composeRun(tx: Db, record: AuditRecord, p: Payload, base: { seq: number; at: string; actor: string }, link: (path: string) => string): Promise<NotificationEvent | null> {
  const id = str(p, "runId");
  if (!id) return null;
  // A failed attempt that will be retried is not news yet; the last one is.
  if (record.action === AUDIT_ACTIONS.runStepFailed && p.final !== true) return null;
  const [row] = await tx.select().from(tables.runs).where(eq(tables.runs.id, id));
  const change = { from: row?.sourceRegion ?? null, to: row?.targetRegion ?? str(p, "targetRegion") };
  const what = `${row?.runbook ?? str(p, "runbook") ?? "run"} ${change.from ?? "?"} → ${change.to ?? "?"}`;
  const common = { ...base, subject: { type: "run" as const, id }, change, link: link(`/runs/${encodeURIComponent(id)}`) };
  if (record.action === AUDIT_ACTIONS.runStepFailed) {
    const step = str(p, "title") ?? str(p, "step") ?? "a step";
    const error = str(p, "error");
    return { ...common, kind: "run.step_failed", title: `Run step failed: ${step}`, summary: `${what}: ${step} failed${error ? `: ${error}` : ""}`, severity: "critical", pager: "trigger", details: { runId: id, step, error, attempt: typeof p.attempt === "number" ? p.attempt : null } };
  }
  const outcome = record.action.slice("run.".length);
  const reason = str(p, "reason");
  const title = outcome === "succeeded" ? "Run finished: succeeded" : `Run finished: ${outcome}`;
  // A failed run stops half-way and needs a person: it keeps the alert open. The rest close it.
  const failed = record.action === AUDIT_ACTIONS.runFailed;
  return { ...common, kind: "run.finished", title, summary: `${what} ${outcome}${reason ? `: ${reason}` : ""}`, severity: failed ? "critical" : "info", pager: failed ? "trigger" : "resolve", details: { runId: id, outcome, reason } };
}
