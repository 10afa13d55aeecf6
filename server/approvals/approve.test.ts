import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Role } from "@/lib/roles";
import { manualClock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { approve, propose, type Reauth } from ".";
import { auditActions, PLAN, PLANNED, proposalRow, readiness, seedUser } from "./testing";

const PASSWORD_OK: Reauth = { method: "password", verified: true };

async function setup(db: Db, proposerRoles: Role[] = ["operator"]) {
  const clock = manualClock();
  const olivia = await seedUser(db, "olivia", proposerRoles);
  const alice = await seedUser(db, "alice", ["approver"]);
  const p = await propose(db, clock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
  const before = await proposalRow(db, p.id);
  return { clock, olivia, alice, p, before };
}

/** A refusal leaves the proposal row as it was, writes no approval, and audits exactly one approval.refused. */
async function expectRefusedCleanly(db: Db, id: string, before: unknown, reason: string) {
  expect(await proposalRow(db, id)).toEqual(before);
  expect(await db.select().from(tables.approvals)).toEqual([]);
  const refusals = (await auditActions(db)).filter((a) => a.action === "approval.refused");
  expect(refusals.at(-1)?.payload).toMatchObject({ proposalId: id, reason });
}

describeStores("approve", (fresh) => {
  it("a different approver with a fresh password approves the exact hash", async () => {
    const { db } = await fresh();
    const { clock, alice, p } = await setup(db);
    const approved = await approve(db, clock, { run: PLAN, user: alice, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: PASSWORD_OK });
    expect(approved).toMatchObject({ status: "approved", approval: { approverId: alice.id, contentHash: p.contentHash, reauthMethod: "password" } });
    expect((await auditActions(db)).map((a) => a.action)).toEqual(["proposal.created", "proposal.approved", "run.started"]);
    // The approval and the run it starts commit together, at epoch n+1 over the highest known.
    const runs = await db.select().from(tables.runs);
    expect(runs).toEqual([expect.objectContaining({ id: approved.runId, proposalId: p.id, status: "running", epoch: PLAN.knownEpoch + 1 })]);
    expect(await db.select().from(tables.runSteps)).toHaveLength(10);
  });

  it("a blocking change found at approval voids the proposal, with the reason, and starts nothing", async () => {
    const { db } = await fresh();
    const { clock, alice, p } = await setup(db);
    const run = { ...PLAN, recheck: () => "preconditions no longer hold: us-west-2 is not already the writer (us-west-2 is the Aurora writer)" };
    await expect(approve(db, clock, { run, user: alice, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: PASSWORD_OK })).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "preconditions" },
      message: expect.stringMatching(/void: preconditions no longer hold: us-west-2 is not already the writer/),
    });
    expect(await proposalRow(db, p.id)).toMatchObject({ status: "voided", decisionReason: expect.stringMatching(/is the Aurora writer/) });
    expect(await db.select().from(tables.approvals)).toEqual([]);
    expect(await db.select().from(tables.runs)).toEqual([]);
    expect((await auditActions(db)).map((a) => a.action)).toEqual(["proposal.created", "proposal.voided", "approval.refused"]);
  });

  it("the epoch never goes down: a run takes n+1 over the highest epoch any run took, even when the flags read lower", async () => {
    const { db } = await fresh();
    const { clock, alice, p } = await setup(db);
    await db.insert(tables.runs).values({ id: "old", proposalId: p.id, runbook: "planned-failover", sourceRegion: "us-east-1", targetRegion: "us-west-2", epoch: 7, status: "succeeded", createdAt: clock.now() });
    await db.update(tables.proposals).set({ status: "done" });
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const q = await propose(db, clock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
    const approved = await approve(db, clock, { run: { ...PLAN, knownEpoch: 2 }, user: alice, proposalId: q.id, input: { contentHash: q.contentHash }, reauth: PASSWORD_OK });
    const [run] = await db.select().from(tables.runs).where(sql`id = ${approved.runId}`);
    expect(run?.epoch).toBe(8);
  });

  it("refuses self-approval by the same user in a second session", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    // One identity holding both roles; the "second session" is a separately built SessionUser with the same id.
    const olivia = await seedUser(db, "olivia", ["operator", "approver"]);
    const p = await propose(db, clock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
    const before = await proposalRow(db, p.id);
    const secondSession = { ...olivia, name: "Olivia (laptop)" };
    await expect(
      approve(db, clock, { run: PLAN, user: secondSession, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: PASSWORD_OK }),
    ).rejects.toMatchObject({ code: "forbidden", details: { reason: "self-approval" } });
    await expectRefusedCleanly(db, p.id, before, "self-approval");
  });

  it("refuses an admin approving their own proposal", async () => {
    const { db } = await fresh();
    const { clock, olivia, p, before } = await setup(db, ["operator", "approver", "admin"]);
    await expect(
      approve(db, clock, { run: PLAN, user: olivia, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: PASSWORD_OK }),
    ).rejects.toMatchObject({ code: "forbidden", details: { reason: "self-approval" } });
    await expectRefusedCleanly(db, p.id, before, "self-approval");
  });

  it("refuses a user without the approver role (admin is not an approver)", async () => {
    const { db } = await fresh();
    const { clock, p, before } = await setup(db);
    const adam = await seedUser(db, "adam", ["admin", "operator"]);
    await expect(
      approve(db, clock, { run: PLAN, user: adam, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: PASSWORD_OK }),
    ).rejects.toMatchObject({ code: "forbidden", details: { reason: "not-approver" } });
    await expectRefusedCleanly(db, p.id, before, "not-approver");
  });

  it("refuses after expiry and marks the proposal expired", async () => {
    const { db } = await fresh();
    const { clock, alice, p } = await setup(db);
    clock.advance(15 * 60_000);
    await expect(
      approve(db, clock, { run: PLAN, user: alice, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: PASSWORD_OK }),
    ).rejects.toMatchObject({ code: "conflict", details: { reason: "expired" } });
    expect(await proposalRow(db, p.id)).toMatchObject({ status: "expired", decidedBy: "system" });
    expect(await db.select().from(tables.approvals)).toEqual([]);
    expect((await auditActions(db)).map((a) => a.action)).toEqual(["proposal.created", "proposal.expired", "approval.refused"]);
  });

  it("refuses a proposal whose stored content was changed after proposing", async () => {
    const { db } = await fresh();
    const { clock, alice, p } = await setup(db);
    await db.execute(sql`UPDATE proposals SET reason = 'quietly changed after proposing' WHERE id = ${p.id}`);
    const before = await proposalRow(db, p.id);
    await expect(
      approve(db, clock, { run: PLAN, user: alice, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: PASSWORD_OK }),
    ).rejects.toMatchObject({ code: "conflict", details: { reason: "content-changed" } });
    await expectRefusedCleanly(db, p.id, before, "content-changed");
  });

  it("refuses a hash other than the stored one", async () => {
    const { db } = await fresh();
    const { clock, alice, p, before } = await setup(db);
    await expect(
      approve(db, clock, { run: PLAN, user: alice, proposalId: p.id, input: { contentHash: "0".repeat(64) }, reauth: PASSWORD_OK }),
    ).rejects.toMatchObject({ code: "conflict", details: { reason: "hash-mismatch" } });
    await expectRefusedCleanly(db, p.id, before, "hash-mismatch");
  });

  it("refuses an unverified password", async () => {
    const { db } = await fresh();
    const { clock, alice, p, before } = await setup(db);
    const reauth: Reauth = { method: "password", verified: false };
    await expect(
      approve(db, clock, { run: PLAN, user: alice, proposalId: p.id, input: { contentHash: p.contentHash, password: "nope" }, reauth }),
    ).rejects.toMatchObject({ code: "forbidden", details: { reason: "reauth-password" } });
    await expectRefusedCleanly(db, p.id, before, "reauth-password");
  });

  it("OIDC: a 6-minute-old sign-in is refused, a 2-minute-old one approves", async () => {
    const { db } = await fresh();
    const { clock, p, before } = await setup(db);
    const oona = await seedUser(db, "oona", ["approver"], "corp-sso");
    const ago = (min: number): Reauth => ({ method: "oidc-auth-time", authTime: new Date(clock.now().getTime() - min * 60_000) });
    const args = { run: PLAN, user: oona, proposalId: p.id, input: { contentHash: p.contentHash } };
    await expect(approve(db, clock, { ...args, reauth: ago(6) })).rejects.toMatchObject({
      code: "forbidden",
      details: { reason: "reauth-stale" },
    });
    await expectRefusedCleanly(db, p.id, before, "reauth-stale");
    // An OIDC account cannot substitute a password check for a fresh IdP sign-in.
    await expect(approve(db, clock, { ...args, reauth: PASSWORD_OK })).rejects.toMatchObject({ details: { reason: "reauth-method" } });
    expect(await approve(db, clock, { ...args, reauth: ago(2) })).toMatchObject({
      status: "approved",
      approval: { reauthMethod: "oidc-auth-time" },
    });
  });

  it("two approvers racing: exactly one approval, the other gets a conflict", async () => {
    const { db } = await fresh();
    const { clock, alice, p } = await setup(db);
    const bob = await seedUser(db, "bob", ["approver"]);
    const results = await Promise.allSettled(
      [alice, bob].map((user) =>
        approve(db, clock, { run: PLAN, user, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: PASSWORD_OK }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")?.reason).toMatchObject({ code: "conflict", details: { reason: "already-approved" } });
    expect(await db.select().from(tables.approvals)).toHaveLength(1);
    expect(await db.select().from(tables.runs)).toHaveLength(1);
    expect((await auditActions(db)).map((a) => a.action).sort()).toEqual(["approval.refused", "proposal.approved", "proposal.created", "run.started"]);
  });

  it("the database itself refuses a self-approval row written around the domain code", async () => {
    const { db } = await fresh();
    const { clock, olivia, p } = await setup(db);
    const insert = db.insert(tables.approvals).values({
      proposalId: p.id,
      approverId: olivia.id,
      approverName: olivia.name,
      contentHash: p.contentHash,
      reauthMethod: "password",
      at: clock.now(),
    });
    await expect(insert).rejects.toThrow();
    expect(await db.select().from(tables.approvals)).toEqual([]);
  });
});
