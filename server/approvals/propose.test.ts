import { expect, it } from "vitest";
import { manualClock } from "@/server/clock";
import { describeStores } from "@/server/db/testing";
import { ServiceError } from "@/server/errors";
import { cancel, expireDue, getProposal, propose, proposalHash } from ".";
import { auditActions, PLANNED, proposalRow, readiness, seedUser } from "./testing";

describeStores("propose", (fresh) => {
  it("stores the proposal with a hash of its exact content, and audits it", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const p = await propose(db, clock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
    expect(p).toMatchObject({ status: "pending", proposer: { id: olivia.id }, expiresAt: "2026-01-01T00:15:00.000Z" });
    const row = await proposalRow(db, p.id);
    if (!row) throw new Error("proposal not stored");
    expect(proposalHash(row)).toBe(p.contentHash);
    expect((await auditActions(db)).map((a) => a.action)).toEqual(["proposal.created"]);
  });

  it("an unplanned failover without dataLossAck is invalid, naming the field", async () => {
    const { db } = await fresh();
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const input = { ...PLANNED, runbook: "unplanned-failover" };
    const err = await propose(db, manualClock(), {
      user: olivia,
      input,
      sourceRegion: "us-east-1",
      readiness: readiness(),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect(err).toMatchObject({ code: "invalid", message: expect.stringMatching(/^invalid proposal: dataLossAck: /) });
    const ok = await propose(db, manualClock(), {
      user: olivia,
      input: { ...input, dataLossAck: { acknowledged: true } },
      sourceRegion: "us-east-1",
      readiness: readiness(),
      lag: { lagMs: 850, observedAt: "2025-12-31T23:59:30.000Z" },
    });
    expect(ok.dataLossAck).toEqual({ acknowledged: true, lastLagMs: 850, observedAt: "2025-12-31T23:59:30.000Z", ageMs: 30_000, source: "monitor" });
  });

  it("the data-loss figure is the monitor's: a forged tiny lag from the browser is ignored, and the approver sees the server's figure and its age", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const forged = { ...PLANNED, runbook: "unplanned-failover", dataLossAck: { acknowledged: true, lastLagMs: 1 } };
    const monitor = { lagMs: 42_000, observedAt: "2025-12-31T23:58:00.000Z" };
    const p = await propose(db, clock, { user: olivia, input: forged, sourceRegion: "us-east-1", readiness: readiness(), lag: monitor });
    expect(p.dataLossAck).toEqual({ acknowledged: true, lastLagMs: 42_000, observedAt: "2025-12-31T23:58:00.000Z", ageMs: 120_000, source: "monitor" });
    expect((await proposalRow(db, p.id))?.dataLossAck).toMatchObject({ lastLagMs: 42_000 });
    // The forged figure leaves a trace in the audit, beside the figure that was stored.
    const created = (await auditActions(db)).find((a) => a.action === "proposal.created");
    expect(created?.payload).toMatchObject({ dataLossAck: { lastLagMs: 42_000 }, clientLagMsIgnored: 1 });
  });

  it("an unplanned failover is refused while the monitor has no lag reading into the target: the loss cannot be stated", async () => {
    const { db } = await fresh();
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const input = { ...PLANNED, runbook: "unplanned-failover", dataLossAck: { acknowledged: true } };
    await expect(propose(db, manualClock(), { user: olivia, input, sourceRegion: "us-east-1", readiness: readiness(), lag: null })).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "lag-unknown" },
    });
    expect((await auditActions(db)).map((a) => a.action)).toEqual(["proposal.refused"]);
  });

  it("needs the operator role", async () => {
    const { db } = await fresh();
    const vera = await seedUser(db, "vera", ["viewer", "approver"]);
    await expect(
      propose(db, manualClock(), { user: vera, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await auditActions(db)).toEqual([expect.objectContaining({ action: "proposal.refused" })]);
  });

  it("allows one active proposal at a time; cancelling or expiry frees the slot", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const args = { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() };
    const first = await propose(db, clock, args);
    await expect(propose(db, clock, args)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining(first.id) });
    await cancel(db, clock, { user: olivia, proposalId: first.id, input: { reason: "wrong target" } });
    const second = await propose(db, clock, { ...args, ttlMinutes: 1 });
    clock.advance(60_000);
    expect(await expireDue(db, clock)).toEqual([second.id]);
    const third = await propose(db, clock, { ...args, ttlMinutes: 1 });
    // A lapsed proposal frees the slot even before any sweep has run.
    clock.advance(60_000);
    await propose(db, clock, args);
    expect((await getProposal(db, third.id)).status).toBe("expired");
    const actions = (await auditActions(db)).map((a) => a.action);
    expect(actions).toEqual([
      "proposal.created",
      "proposal.refused",
      "proposal.cancelled",
      "proposal.created",
      "proposal.expired",
      "proposal.created",
      "proposal.expired",
      "proposal.created",
    ]);
  });

  it("two operators proposing at once: exactly one proposal becomes active", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const a = await seedUser(db, "olivia", ["operator"]);
    const b = await seedUser(db, "oscar", ["operator"]);
    const results = await Promise.allSettled(
      [a, b].map((user) => propose(db, clock, { user, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.reason).toMatchObject({ code: "conflict" });
  });
});
