import "server-only";
import { randomUUID } from "node:crypto";
import { IncidentInput, type Incident, type IncidentSeverity, type IncidentTrigger, type Person } from "@/lib/incidents";
import type { SessionUser } from "@/lib/session";
import type { Clock } from "@/server/clock";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { databaseMessage, tables, type Db } from "@/server/db";
import { invalidInput, ServiceError } from "@/server/errors";
import { loadOperator } from "./actor";
import { resolveCommander } from "./commander";
import { openIncidentRow, toIncident, type IncidentRow } from "./rows";

export const SYSTEM: Person = { id: "system", name: "system" };

export interface NewIncident {
  title: string;
  severity: IncidentSeverity;
  commander: Person;
  declaredBy: Person;
  trigger: IncidentTrigger | null;
}

/**
 * Inserts the open incident and audits `incident.declared`, inside the caller's transaction.
 * Returns null when another incident is open — also when one became open in the same instant
 * (the one-open index), which is why the insert runs in a savepoint.
 */
export async function insertIncident(tx: Db, clock: Clock, input: NewIncident): Promise<IncidentRow | null> {
  if (await openIncidentRow(tx)) return null;
  const now = clock.now();
  const row: IncidentRow = {
    id: randomUUID(),
    title: input.title,
    severity: input.severity,
    commanderId: input.commander.id,
    commanderName: input.commander.name,
    status: "open",
    startedAt: now,
    endedAt: null,
    declaredBy: input.declaredBy.id,
    declaredByName: input.declaredBy.name,
    auto: input.trigger !== null,
    trigger: input.trigger,
    resolution: null,
    updatedAt: now,
  };
  try {
    await tx.transaction((sp) => sp.insert(tables.incidents).values(row));
  } catch (err) {
    if (databaseMessage(err).includes("incidents_one_open")) return null;
    throw err;
  }
  await appendAudit(tx, clock, {
    actor: input.declaredBy.id,
    actorName: input.declaredBy.name,
    action: AUDIT_ACTIONS.incidentDeclared,
    payload: {
      incidentId: row.id,
      title: row.title,
      severity: row.severity,
      commanderId: row.commanderId,
      commanderName: row.commanderName,
      auto: row.auto,
      ...(input.trigger ? { findingId: input.trigger.findingId, findingTitle: input.trigger.title, region: input.trigger.region } : {}),
    },
  });
  return row;
}

/** An operator declares an incident. One open at a time: a second declaration is a 409 naming the open one. */
export async function declare(db: Db, clock: Clock, args: { user: SessionUser; input: unknown }): Promise<Incident> {
  const parsed = IncidentInput.safeParse(args.input);
  if (!parsed.success) throw invalidInput(parsed.error, "incident");
  const input = parsed.data;
  const row = await db.transaction(async (tx) => {
    const actor = await loadOperator(tx, args.user, "declaring an incident");
    const commander = input.commanderId ? await resolveCommander(tx, input.commanderId) : { id: actor.id, name: actor.name };
    const declaredBy = { id: actor.id, name: actor.name };
    const inserted = await insertIncident(tx, clock, { title: input.title, severity: input.severity, commander, declaredBy, trigger: null });
    if (inserted) return inserted;
    const open = await openIncidentRow(tx);
    throw new ServiceError("conflict", open ? `incident "${open.title}" (${open.id}) is already open; one at a time` : "another incident was declared at the same moment; one at a time", {
      reason: "incident-open",
      ...(open ? { incidentId: open.id } : {}),
    });
  });
  return toIncident(row);
}
