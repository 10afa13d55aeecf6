import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { manualClock } from "@/server/clock";
import { describeStores } from "@/server/db/testing";
import { listAudit, publishHead, verifyAudit } from ".";
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

  it("publishes the head that verification reports, to a file", async () => {
    const { db } = await fresh();
    await seedAudit(db, 3);
    const file = join(await mkdtemp(join(tmpdir(), "fc-head-")), "head.json");
    const notice = await publishHead(db, manualClock(), { file });
    const verified = await verifyAudit(db);
    expect(notice).toMatchObject({ seq: 3, hash: verified.headHash });
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(notice);
  });
});
