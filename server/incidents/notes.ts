import "server-only";
import { NoteInput, type Note } from "@/lib/incidents";
import type { SessionUser } from "@/lib/session";
import type { Clock } from "@/server/clock";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { tables, type Db } from "@/server/db";
import { invalidInput, ServiceError } from "@/server/errors";
import { loadOperator } from "./actor";
import { lockIncident, toNote } from "./rows";

/**
 * An operator adds a timestamped note to the open incident. The text is also written to the
 * audit log, so a note edited later in its table can be caught against the chain.
 */
export async function addNote(db: Db, clock: Clock, args: { user: SessionUser; id: string; input: unknown }): Promise<Note> {
  const parsed = NoteInput.safeParse(args.input);
  if (!parsed.success) throw invalidInput(parsed.error, "note");
  const row = await db.transaction(async (tx) => {
    const actor = await loadOperator(tx, args.user, "adding a note");
    const incident = await lockIncident(tx, args.id);
    if (incident.status !== "open") {
      throw new ServiceError("conflict", `incident ${incident.id} is closed; notes are taken while it is open`, { reason: "closed" });
    }
    const [inserted] = await tx
      .insert(tables.incidentNotes)
      .values({ incidentId: incident.id, at: clock.now(), authorId: actor.id, authorName: actor.name, text: parsed.data.text })
      .returning();
    if (!inserted) throw new Error("the note was not stored");
    await appendAudit(tx, clock, {
      actor: actor.id,
      actorName: actor.name,
      action: AUDIT_ACTIONS.incidentNoteAdded,
      payload: { incidentId: incident.id, noteId: String(inserted.id), text: inserted.text },
    });
    return inserted;
  });
  return toNote(row);
}
