import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { manualClock } from "@/server/clock";
import { tables } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { ServiceError } from "@/server/errors";
import { addNote, closeIncident, declare, getIncidentDetail, listIncidents, updateIncident } from ".";
import { auditActions, seedUser } from "./testing";

async function failure(p: Promise<unknown>): Promise<ServiceError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${String(err)}`);
  return err;
}

describeStores("incidents", (fresh) => {
  it("an operator declares an incident: open, commanded by them, audited", async () => {
    const { db } = await fresh();
    const clock = manualClock(new Date("2026-03-01T12:00:00Z"));
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const incident = await declare(db, clock, { user: olivia, input: { title: "us-east-1 writes failing", severity: "sev1" } });
    expect(incident).toMatchObject({
      title: "us-east-1 writes failing",
      severity: "sev1",
      status: "open",
      commander: { id: olivia.id, name: "Olivia (olivia)" },
      declaredBy: { id: olivia.id, name: "Olivia (olivia)" },
      startedAt: "2026-03-01T12:00:00.000Z",
      endedAt: null,
      auto: false,
    });
    expect(await auditActions(db)).toEqual([
      { action: "incident.declared", payload: expect.objectContaining({ incidentId: incident.id, severity: "sev1", auto: false, commanderName: "Olivia (olivia)" }) },
    ]);
  });

  it("needs the operator role as the database knows it now, and a valid title", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const vera = await seedUser(db, "vera", ["viewer"]);
    const err = await failure(declare(db, clock, { user: vera, input: { title: "outage" } }));
    expect([err.code, err.message]).toEqual(["forbidden", "declaring an incident needs the operator role"]);
    // A session that still says operator, after the role was revoked in the store.
    const olivia = await seedUser(db, "olivia", ["operator"]);
    await db.update(tables.users).set({ roles: ["viewer"] }).where(eq(tables.users.id, olivia.id));
    expect((await failure(declare(db, clock, { user: olivia, input: { title: "outage" } }))).code).toBe("forbidden");
    const ada = await seedUser(db, "ada", ["operator"]);
    expect((await failure(declare(db, clock, { user: ada, input: { title: "x" } }))).message).toMatch(/^invalid incident: title: /);
    expect(await auditActions(db)).toEqual([]);
  });

  it("one open incident at a time; closing frees the slot", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const first = await declare(db, clock, { user: olivia, input: { title: "first outage" } });
    const err = await failure(declare(db, clock, { user: olivia, input: { title: "second outage" } }));
    expect(err.code).toBe("conflict");
    expect(err.message).toContain(first.id);
    clock.advance(60_000);
    await closeIncident(db, clock, { user: olivia, id: first.id, input: {} });
    const second = await declare(db, clock, { user: olivia, input: { title: "second outage" } });
    expect((await listIncidents(db, { status: "open", limit: 5 })).map((i) => i.id)).toEqual([second.id]);
    expect((await listIncidents(db, { limit: 5 })).map((i) => i.id)).toEqual([second.id, first.id]);
  });

  it("two operators declaring at once get one incident", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const ada = await seedUser(db, "ada", ["operator"]);
    const results = await Promise.allSettled([
      declare(db, clock, { user: olivia, input: { title: "outage seen by olivia" } }),
      declare(db, clock, { user: ada, input: { title: "outage seen by ada" } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await listIncidents(db, { status: "open", limit: 5 })).toHaveLength(1);
  });

  it("close sets the end and the resolution, audited; a closed incident cannot be closed again", async () => {
    const { db } = await fresh();
    const clock = manualClock(new Date("2026-03-01T12:00:00Z"));
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const vera = await seedUser(db, "vera", ["viewer"]);
    const incident = await declare(db, clock, { user: olivia, input: { title: "outage" } });
    clock.advance(90 * 60_000);
    expect((await failure(closeIncident(db, clock, { user: vera, id: incident.id, input: {} }))).code).toBe("forbidden");
    const closed = await closeIncident(db, clock, { user: olivia, id: incident.id, input: { resolution: "failed over to us-west-2, then back" } });
    expect(closed).toMatchObject({ status: "closed", endedAt: "2026-03-01T13:30:00.000Z", resolution: "failed over to us-west-2, then back" });
    expect((await failure(closeIncident(db, clock, { user: olivia, id: incident.id, input: {} }))).code).toBe("conflict");
    expect((await failure(closeIncident(db, clock, { user: olivia, id: "nope", input: {} }))).code).toBe("not_found");
    expect((await auditActions(db)).map((a) => a.action)).toEqual(["incident.declared", "incident.closed"]);
  });

  it("operators add timestamped notes while it is open; each is audited with its text", async () => {
    const { db } = await fresh();
    const clock = manualClock(new Date("2026-03-01T12:00:00Z"));
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const vera = await seedUser(db, "vera", ["viewer"]);
    const incident = await declare(db, clock, { user: olivia, input: { title: "outage" } });
    clock.advance(5_000);
    const note = await addNote(db, clock, { user: olivia, id: incident.id, input: { text: "  paged the database team  " } });
    expect(note).toMatchObject({ incidentId: incident.id, at: "2026-03-01T12:00:05.000Z", author: { id: olivia.id, name: "Olivia (olivia)" }, text: "paged the database team" });
    expect((await failure(addNote(db, clock, { user: vera, id: incident.id, input: { text: "me too" } }))).code).toBe("forbidden");
    expect((await failure(addNote(db, clock, { user: olivia, id: incident.id, input: { text: "   " } }))).message).toMatch(/^invalid note: text: /);
    await closeIncident(db, clock, { user: olivia, id: incident.id, input: {} });
    expect((await failure(addNote(db, clock, { user: olivia, id: incident.id, input: { text: "late" } }))).code).toBe("conflict");
    const detail = await getIncidentDetail(db, incident.id);
    expect(detail.notes.map((n) => n.text)).toEqual(["paged the database team"]);
    const audited = await auditActions(db);
    expect(audited[1]).toEqual({ action: "incident.note_added", payload: { incidentId: incident.id, noteId: note.id, text: "paged the database team" } });
  });

  it("an operator takes command and changes severity; each change is audited with before and after", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const ada = await seedUser(db, "ada", ["operator"]);
    const incident = await declare(db, clock, { user: olivia, input: { title: "outage", severity: "sev3" } });
    const updated = await updateIncident(db, clock, { user: ada, id: incident.id, input: { commanderId: ada.id, severity: "sev1" } });
    expect(updated).toMatchObject({ commander: { id: ada.id, name: "Ada" }, severity: "sev1" });
    const [, change] = await auditActions(db);
    expect(change).toEqual({
      action: "incident.updated",
      payload: { incidentId: incident.id, changes: { commander: { from: "Olivia (olivia)", to: "Ada" }, severity: { from: "sev3", to: "sev1" } } },
    });
    expect((await failure(updateIncident(db, clock, { user: ada, id: incident.id, input: { commanderId: "nobody" } }))).message).toMatch(/commanderId: no active user nobody/);
    expect((await failure(updateIncident(db, clock, { user: ada, id: incident.id, input: {} }))).code).toBe("invalid");
  });
});
