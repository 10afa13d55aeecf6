import "server-only";
import { eq } from "drizzle-orm";
import { CloseInput, type Incident } from "@/lib/incidents";
import type { SessionUser } from "@/lib/session";
import type { Clock } from "@/server/clock";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { readHead } from "@/server/audit/rows";
import { tables, type Db } from "@/server/db";
import { invalidInput, ServiceError } from "@/server/errors";
import { loadOperator } from "./actor";
import { lockIncident, toIncident } from "./rows";

/** An operator closes the open incident: its end is now, which also ends its timeline window. */
export async function closeIncident(db: Db, clock: Clock, args: { user: SessionUser; id: string; input: unknown }): Promise<Incident> {
  const parsed = CloseInput.safeParse(args.input ?? {});
  if (!parsed.success) throw invalidInput(parsed.error, "close");
  const row = await db.transaction(async (tx) => {
    const actor = await loadOperator(tx, args.user, "closing an incident");
    const current = await lockIncident(tx, args.id);
    if (current.status !== "open") throw new ServiceError("conflict", `incident ${current.id} is already closed`, { reason: "closed" });
    const now = clock.now();
    const resolution = parsed.data.resolution ?? null;
    await appendAudit(tx, clock, {
      actor: actor.id,
      actorName: actor.name,
      action: AUDIT_ACTIONS.incidentClosed,
      payload: { incidentId: current.id, title: current.title, resolution },
    });
    // The end is the close record's own time (read back under the append lock this transaction
    // holds), so the timeline window ends on it and includes it. Never before the start.
    const head = await readHead(tx);
    const closedAt = head.at ?? now;
    const endedAt = closedAt < current.startedAt ? current.startedAt : closedAt;
    await tx.update(tables.incidents).set({ status: "closed", endedAt, resolution, updatedAt: now }).where(eq(tables.incidents.id, current.id));
    return { ...current, status: "closed", endedAt, resolution, updatedAt: now };
  });
  return toIncident(row);
}
