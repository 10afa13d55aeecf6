import "server-only";
import { and, asc, desc, eq, type SQL } from "drizzle-orm";
import { Incident, IncidentTrigger, Note, type IncidentDetail, type IncidentStatus } from "@/lib/incidents";
import { tables, type Db } from "@/server/db";
import { ServiceError } from "@/server/errors";

export type IncidentRow = typeof tables.incidents.$inferSelect;
export type NoteRowView = typeof tables.incidentNotes.$inferSelect;

/** The browser's view, validated on the way out: a malformed row is an error, not a wrong screen. */
export function toIncident(row: IncidentRow): Incident {
  const trigger = row.trigger === null ? null : IncidentTrigger.parse(row.trigger);
  return Incident.parse({
    id: row.id,
    title: row.title,
    severity: row.severity,
    commander: { id: row.commanderId, name: row.commanderName },
    status: row.status,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    declaredBy: { id: row.declaredBy, name: row.declaredByName },
    auto: row.auto,
    trigger,
    resolution: row.resolution,
  });
}

export function toNote(row: NoteRowView): Note {
  return Note.parse({
    id: String(row.id),
    incidentId: row.incidentId,
    at: row.at.toISOString(),
    author: { id: row.authorId, name: row.authorName },
    text: row.text,
  });
}

export async function incidentRow(db: Db, id: string): Promise<IncidentRow> {
  const [row] = await db.select().from(tables.incidents).where(eq(tables.incidents.id, id));
  if (!row) throw new ServiceError("not_found", `no incident ${id}`);
  return row;
}

/** Locks the row until the transaction ends, so close, notes and edits on one incident are serialized. */
export async function lockIncident(tx: Db, id: string): Promise<IncidentRow> {
  const [row] = await tx.select().from(tables.incidents).where(eq(tables.incidents.id, id)).for("update");
  if (!row) throw new ServiceError("not_found", `no incident ${id}`);
  return row;
}

export async function getIncident(db: Db, id: string): Promise<Incident> {
  return toIncident(await incidentRow(db, id));
}

/** The incident with its notes, oldest first (notes are few: people type them). */
export async function getIncidentDetail(db: Db, id: string): Promise<IncidentDetail> {
  const incident = await getIncident(db, id);
  const notes = await db
    .select()
    .from(tables.incidentNotes)
    .where(eq(tables.incidentNotes.incidentId, id))
    .orderBy(asc(tables.incidentNotes.at), asc(tables.incidentNotes.id));
  return { incident, notes: notes.map(toNote) };
}

/** Recent incidents, newest first; `status: "open"` gives the one open incident (or none) for the header. */
export async function listIncidents(db: Db, query: { status?: IncidentStatus; limit: number }): Promise<Incident[]> {
  const where: SQL | undefined = query.status ? eq(tables.incidents.status, query.status) : undefined;
  const rows = await db
    .select()
    .from(tables.incidents)
    .where(and(where))
    .orderBy(desc(tables.incidents.startedAt), desc(tables.incidents.id))
    .limit(query.limit);
  return rows.map(toIncident);
}

export async function openIncidentRow(db: Db): Promise<IncidentRow | undefined> {
  const [row] = await db.select().from(tables.incidents).where(eq(tables.incidents.status, "open")).limit(1);
  return row;
}
