import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { Change } from "@/lib/live";
import { manualClock } from "@/server/clock";
import { CHANNELS, listenJson, tables, type Store } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { addNote, declare } from "@/server/incidents";
import { seedUser } from "@/server/incidents/testing";
import { harness, WEST } from "@/server/runbooks/testing";
import { ChangeRelay } from "./relay";

/** Every announcement on `fc_changes`, as `kind:id` strings, in order. */
async function heard(store: Store): Promise<string[]> {
  const seen: string[] = [];
  await listenJson(
    store,
    CHANNELS.changes,
    (payload) => seen.push(`${Change.parse(payload).kind}:${Change.parse(payload).id}`),
    (text) => seen.push(`malformed:${text}`),
  );
  return seen;
}

describeStores("changes announced by the database (migration 0013)", (fresh) => {
  it("a proposal, its approval, the run it starts and the run's steps are announced by id, whoever writes them", async () => {
    const store = await fresh();
    const seen = await heard(store);
    const h = await harness(store.db);
    const runId = await h.approved("planned-failover", WEST);
    const [run] = await store.db.select().from(tables.runs).where(eq(tables.runs.id, runId));
    if (!run) throw new Error("no run");
    await expect.poll(() => seen, { timeout: 5000 }).toEqual(expect.arrayContaining([`proposal:${run.proposalId}`, `run:${runId}`]));
    // Ids only: no payload carries the record.
    expect(seen.every((s) => /^(proposal|run|audit|incident|access):[\w-]+$/.test(s))).toBe(true);
    // A step row changed by hand (no console code at all) is announced too.
    seen.length = 0;
    await store.db.update(tables.runSteps).set({ detail: "touched" }).where(eq(tables.runSteps.runId, runId));
    await expect.poll(() => seen, { timeout: 5000 }).toEqual([`run:${runId}`]);
  });

  it("an incident and each note on it are announced as the incident", async () => {
    const store = await fresh();
    const seen = await heard(store);
    const clock = manualClock();
    const olivia = await seedUser(store.db, "olivia", ["operator"]);
    const incident = await declare(store.db, clock, { user: olivia, input: { title: "us-east-1 writes failing", severity: "sev1" } });
    await expect.poll(() => seen, { timeout: 5000 }).toContain(`incident:${incident.id}`);
    seen.length = 0;
    await addNote(store.db, clock, { user: olivia, id: incident.id, input: { text: "fencing us-east-1 by hand" } });
    await expect.poll(() => seen, { timeout: 5000 }).toEqual(expect.arrayContaining([`incident:${incident.id}`]));
  });

  it("a rolled-back change is never announced", async () => {
    const store = await fresh();
    const seen = await heard(store);
    const clock = manualClock();
    const olivia = await seedUser(store.db, "olivia", ["operator"]);
    const incident = await declare(store.db, clock, { user: olivia, input: { title: "us-east-1 writes failing" } });
    await expect.poll(() => seen, { timeout: 5000 }).toContain(`incident:${incident.id}`);
    seen.length = 0;
    await store.db
      .transaction(async (tx) => {
        await tx.update(tables.incidents).set({ title: "renamed" }).where(eq(tables.incidents.id, incident.id));
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await store.db.update(tables.incidents).set({ severity: "sev2" }).where(eq(tables.incidents.id, incident.id));
    await expect.poll(() => seen, { timeout: 5000 }).toEqual([`incident:${incident.id}`]);
  });

  it("the relay hands a burst to its subscribers once, each change once", async () => {
    const store = await fresh();
    const relay = new ChangeRelay(100);
    await relay.start(store);
    const batches: string[][] = [];
    relay.subscribe((changes) => batches.push(changes.map((c) => `${c.kind}:${c.id}`)));
    const clock = manualClock();
    const olivia = await seedUser(store.db, "olivia", ["operator"]);
    const incident = await declare(store.db, clock, { user: olivia, input: { title: "us-east-1 writes failing" } });
    for (const text of ["one", "two", "three"]) await addNote(store.db, clock, { user: olivia, id: incident.id, input: { text } });
    await expect.poll(() => batches.flat(), { timeout: 5000 }).toContain(`incident:${incident.id}`);
    // Declared and three notes within the window: one message, the incident named once.
    expect(batches.flat().filter((c) => c === `incident:${incident.id}`)).toHaveLength(1);
    await relay.stop();
  });
});
