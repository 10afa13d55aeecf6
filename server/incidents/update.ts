import "server-only";
import { eq } from "drizzle-orm";
import { IncidentUpdate, type Incident } from "@/lib/incidents";
import type { SessionUser } from "@/lib/session";
import type { Clock } from "@/server/clock";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { tables, type Db } from "@/server/db";
import { invalidInput, ServiceError } from "@/server/errors";
import { loadOperator } from "./actor";
import { resolveCommander } from "./commander";
import { lockIncident, toIncident, type IncidentRow } from "./rows";

/**
 * An operator changes the title, severity or commander of the open incident (someone takes
 * command of one the console opened). Each change is audited with its old and new value.
 */
export async function updateIncident(db: Db, clock: Clock, args: { user: SessionUser; id: string; input: unknown }): Promise<Incident> {
  const parsed = IncidentUpdate.safeParse(args.input);
  if (!parsed.success) throw invalidInput(parsed.error, "incident update");
  const input = parsed.data;
  const row = await db.transaction(async (tx) => {
    const actor = await loadOperator(tx, args.user, "updating an incident");
    const current = await lockIncident(tx, args.id);
    if (current.status !== "open") throw new ServiceError("conflict", `incident ${current.id} is closed`, { reason: "closed" });
    const next: IncidentRow = { ...current, updatedAt: clock.now() };
    const changes: Record<string, { from: string; to: string }> = {};
    if (input.title !== undefined && input.title !== current.title) {
      changes.title = { from: current.title, to: input.title };
      next.title = input.title;
    }
    if (input.severity !== undefined && input.severity !== current.severity) {
      changes.severity = { from: current.severity, to: input.severity };
      next.severity = input.severity;
    }
    if (input.commanderId !== undefined && input.commanderId !== current.commanderId) {
      const commander = await resolveCommander(tx, input.commanderId);
      changes.commander = { from: current.commanderName, to: commander.name };
      next.commanderId = commander.id;
      next.commanderName = commander.name;
    }
    if (Object.keys(changes).length === 0) return current;
    await tx
      .update(tables.incidents)
      .set({ title: next.title, severity: next.severity, commanderId: next.commanderId, commanderName: next.commanderName, updatedAt: next.updatedAt })
      .where(eq(tables.incidents.id, current.id));
    await appendAudit(tx, clock, {
      actor: actor.id,
      actorName: actor.name,
      action: AUDIT_ACTIONS.incidentUpdated,
      payload: { incidentId: current.id, changes },
    });
    return next;
  });
  return toIncident(row);
}
