import { expect, it } from "vitest";
import { manualClock } from "@/server/clock";
import { describeStores } from "@/server/db/testing";
import { approve, cancel, propose, reject } from ".";
import { auditActions, PLAN, PLANNED, proposalRow, readiness, seedUser } from "./testing";

describeStores("reject and cancel", (fresh) => {
  it("any approver's rejection ends the proposal; it can then no longer be approved", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const [alice, bob] = [await seedUser(db, "alice", ["approver"]), await seedUser(db, "bob", ["approver"])];
    const p = await propose(db, clock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
    expect(await reject(db, clock, { user: bob, proposalId: p.id, input: { reason: "lag too high" } })).toMatchObject({
      status: "rejected",
      decidedBy: bob.id,
      decisionReason: "lag too high",
    });
    await expect(
      approve(db, clock, { run: PLAN, user: alice, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: { method: "password", verified: true } }),
    ).rejects.toMatchObject({ code: "conflict", details: { reason: "not-pending" } });
    expect((await auditActions(db)).map((a) => a.action)).toEqual(["proposal.created", "proposal.rejected", "approval.refused"]);
  });

  it("a non-approver cannot reject; only the proposer or an admin can cancel", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const oscar = await seedUser(db, "oscar", ["operator"]);
    const adam = await seedUser(db, "adam", ["admin"]);
    const p = await propose(db, clock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
    const before = await proposalRow(db, p.id);
    await expect(reject(db, clock, { user: oscar, proposalId: p.id, input: { reason: "no" } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(cancel(db, clock, { user: oscar, proposalId: p.id, input: { reason: "no" } })).rejects.toMatchObject({ code: "forbidden" });
    expect(await proposalRow(db, p.id)).toEqual(before);
    expect(await cancel(db, clock, { user: adam, proposalId: p.id, input: { reason: "drill over" } })).toMatchObject({ status: "cancelled" });
    const refusals = (await auditActions(db)).filter((a) => a.action === "proposal.refused").map((a) => a.payload);
    expect(refusals).toEqual([
      expect.objectContaining({ operation: "reject", reason: "not-approver" }),
      expect.objectContaining({ operation: "cancel", reason: "not-proposer" }),
    ]);
  });

  it("an approved proposal cannot be cancelled: its run has started and is aborted instead", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const alice = await seedUser(db, "alice", ["approver"]);
    const p = await propose(db, clock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
    await approve(db, clock, { run: PLAN, user: alice, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: { method: "password", verified: true } });
    await expect(cancel(db, clock, { user: olivia, proposalId: p.id, input: { reason: "region recovered" } })).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "run-started" },
    });
    expect((await proposalRow(db, p.id))?.status).toBe("approved");
  });
});
