import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { manualClock } from "@/server/clock";
import { describeStores } from "@/server/db/testing";
import { appendAudit, AUDIT_ACTIONS, listAudit, publishHead, verifyAudit } from ".";
import { seedAudit } from "./testing";

describeStores("reading the audit log", (fresh) => {
  it("pages newest first until seq 1", async () => {
    const { db } = await fresh();
    await seedAudit(db, 5);
    const first = await listAudit(db, { limit: 2 });
    expect(first.records.map((r) => r.seq)).toEqual([5, 4]);
    expect(first.nextBefore).toBe(4);
    const last = await listAudit(db, { before: 2, limit: 2 });
    expect(last).toMatchObject({ records: [{ seq: 1, actor: "user-1", ip: "192.0.2.1" }], nextBefore: null });
  });

  it("filters by action on the server, paging below the last match", async () => {
    const { db } = await fresh();
    await seedAudit(db, 6);
    const clock = manualClock(new Date("2025-03-01T13:00:00Z"));
    // Logins at seq 7, 8 and 9, after six fault toggles.
    for (let i = 0; i < 3; i++) await appendAudit(db, clock, { actor: "u", actorName: "U", action: AUDIT_ACTIONS.login });
    const logins = await listAudit(db, { action: AUDIT_ACTIONS.login, limit: 2 });
    expect(logins.records.map((r) => [r.seq, r.action])).toEqual([[9, "auth.login"], [8, "auth.login"]]);
    expect(logins.nextBefore).toBe(8);
    const toggles = await listAudit(db, { action: AUDIT_ACTIONS.faultToggled, before: 6, limit: 10 });
    expect(toggles.records.map((r) => r.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(toggles.nextBefore).toBeNull();
    expect((await listAudit(db, { action: "no.such_action", limit: 5 })).records).toEqual([]);
  });

  it("publishes the head that verification reports, to a file", async () => {
    const { db } = await fresh();
    await seedAudit(db, 3);
    const file = join(await mkdtemp(join(tmpdir(), "fc-head-")), "head.json");
    const outcome = await publishHead(db, manualClock(), { file, key: null });
    const verified = await verifyAudit(db);
    expect(outcome).toMatchObject({ status: "published", head: { seq: 3, hash: verified.headHash, sig: null } });
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(outcome.status === "published" ? outcome.head : null);
  });
});
