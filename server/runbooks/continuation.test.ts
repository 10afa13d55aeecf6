import { expect, it } from "vitest";
import { auditActions, seedUser } from "@/server/approvals/testing";
import type { Db } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { WriteRejectedError } from "@/server/providers";
import { approveContinuation } from "./continue";
import { controlRun } from "./control";
import { getRun } from "./store";
import { eventually, harness, spied, WEST } from "./testing";

const never = () => new AbortController().signal;
/** A short TTL in sim time (speed 100: 3 s of wall time), so a test can outlive it. */
const TTL_MS = 5 * 60_000;

/** A planned failover failed at its routing step (a safety rule refused it), retried once the rule lets go. */
async function failedRun(db: Db) {
  const h = await harness(db);
  const runId = await h.approved("planned-failover", WEST);
  const gate = { refuse: true };
  const flaky = spied(h.world, (method, phase) => {
    if (method === "updateRoutingControls" && phase === "before" && gate.refuse) {
      throw new WriteRejectedError("ConflictException", "arc", null, "the safety rule would be broken");
    }
  });
  const executor = h.executor(flaky.provider);
  executor.kick(runId);
  await executor.settled(runId);
  expect((await getRun(db, runId)).status).toBe("failed");
  gate.refuse = false;
  return { h, runId, executor };
}

/** Waits until the approval is older than the TTL (sim time). */
async function outliveTtl(h: Awaited<ReturnType<typeof harness>>): Promise<void> {
  const until = h.clock.now().getTime() + TTL_MS;
  await eventually(async () => h.clock.now().getTime() > until, "the TTL to pass", 10_000);
}

describeStores("a stopped run needs fresh eyes to go on (issue 13 §8)", (fresh) => {
  it("retry after the approval's TTL by one operator is held: the run stays failed and a continuation request waits for a second person", async () => {
    const { db } = await fresh();
    const { h, runId, executor } = await failedRun(db);
    await outliveTtl(h);
    await expect(controlRun(db, h.clock, executor, { user: h.olivia, runId, action: "retry", input: {}, fresh: h.fresh(TTL_MS) })).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "second-person" },
      message: expect.stringMatching(/the approval is \d+ min old, over the 5 min proposal TTL/),
    });
    await executor.settled(runId);
    const run = await getRun(db, runId);
    expect(run.status).toBe("failed");
    expect(run.continuation).toMatchObject({
      status: "pending",
      action: "retry",
      requestedBy: { id: h.olivia.id, name: "Olivia (olivia)" },
      why: [{ code: "approval-stale" }],
      evidence: { target: WEST, mode: "planned" },
    });
    const actions = (await auditActions(db)).map((a) => a.action);
    expect(actions.slice(-2)).toEqual(["run.continuation_requested", "run.control_refused"]);
    // Asking again while the request waits does not go on either.
    await expect(controlRun(db, h.clock, executor, { user: h.alice, runId, action: "retry", input: {}, fresh: h.fresh(TTL_MS) })).rejects.toMatchObject({
      details: { reason: "continuation-pending" },
    });
  });

  it("retry after someone else moved authority is refused with the reason, even inside the TTL", async () => {
    const { db } = await fresh();
    const { h, runId, executor } = await failedRun(db);
    const run = await getRun(db, runId);
    await h.world.writeAuthority(WEST, { role: "primary", epoch: run.epoch + 3, updatedBy: "someone else" }, never());
    await expect(controlRun(db, h.clock, executor, { user: h.olivia, runId, action: "retry", input: {}, fresh: h.fresh() })).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "preconditions" },
      message: expect.stringMatching(/authority changed since approval: us-west-2 is primary at epoch 5, not written by this run \(epoch 2\)/),
    });
    await executor.settled(runId);
    expect(await getRun(db, runId)).toMatchObject({ status: "failed", continuation: { why: [{ code: "preconditions" }] } });
  });

  it("a fresh approval with the preconditions holding: retry by one operator goes on as before", async () => {
    const { db } = await fresh();
    const { h, runId, executor } = await failedRun(db);
    await controlRun(db, h.clock, executor, { user: h.olivia, runId, action: "retry", input: {}, fresh: h.fresh() });
    await executor.settled(runId);
    expect(await getRun(db, runId)).toMatchObject({ status: "succeeded", continuation: null });
  });

  it("a different approver's approval lets it go on; the one who asked cannot approve it, and the approval needs re-authentication", async () => {
    const { db } = await fresh();
    const { h, runId, executor } = await failedRun(db);
    const oscar = await seedUser(db, "oscar", ["operator", "approver"]);
    await outliveTtl(h);
    await expect(controlRun(db, h.clock, executor, { user: oscar, runId, action: "retry", input: {}, fresh: h.fresh(TTL_MS) })).rejects.toMatchObject({ details: { reason: "second-person" } });
    const requestId = (await getRun(db, runId)).continuation?.id ?? "";
    const approve = (user: typeof oscar, verified: boolean) =>
      approveContinuation(db, h.clock, executor, { user, runId, input: { requestId }, reauth: { method: "password", verified }, fresh: h.fresh(TTL_MS) });
    // The one who asked holds the approver role too: still not a second person.
    await expect(approve(oscar, true)).rejects.toMatchObject({ code: "forbidden", details: { reason: "self-approval" } });
    // An operator without the approver role cannot approve; neither can an approver who does not re-authenticate.
    await expect(approve(h.olivia, true)).rejects.toMatchObject({ code: "forbidden", details: { reason: "not-approver" } });
    await expect(approve(h.alice, false)).rejects.toMatchObject({ code: "forbidden", details: { reason: "reauth-password" } });
    expect((await getRun(db, runId)).status).toBe("failed");

    const run = await approve(h.alice, true);
    expect(run.continuation).toBeNull();
    await executor.settled(runId);
    expect(await getRun(db, runId)).toMatchObject({ status: "succeeded" });
    const audit = await auditActions(db);
    const approved = audit.find((a) => a.action === "run.continuation_approved");
    expect(approved?.payload).toMatchObject({ requestId, operation: "retry", requestedBy: oscar.id, why: [{ code: "approval-stale" }], reauthMethod: "password" });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["run.continuation_requested", "run.continuation_approved", "run.retried", "run.succeeded"]));
  });

  it("an unapproved request expires after the TTL", async () => {
    const { db } = await fresh();
    const { h, runId, executor } = await failedRun(db);
    await outliveTtl(h);
    await expect(controlRun(db, h.clock, executor, { user: h.olivia, runId, action: "retry", input: {}, fresh: h.fresh(TTL_MS) })).rejects.toMatchObject({ details: { reason: "second-person" } });
    const requestId = (await getRun(db, runId)).continuation?.id ?? "";
    await outliveTtl(h);
    await expect(
      approveContinuation(db, h.clock, executor, { user: h.alice, runId, input: { requestId }, reauth: { method: "password", verified: true }, fresh: h.fresh(TTL_MS) }),
    ).rejects.toMatchObject({ code: "conflict", details: { reason: "expired" } });
    expect(await getRun(db, runId)).toMatchObject({ status: "failed", continuation: null });
    expect((await auditActions(db)).map((a) => a.action)).toContain("run.continuation_expired");
  });

  it("while the preconditions block, the second person's approval is refused with the reason; abort stays one person's and ends the request", async () => {
    const { db } = await fresh();
    const { h, runId, executor } = await failedRun(db);
    const epoch = (await getRun(db, runId)).epoch;
    await h.world.writeAuthority(WEST, { role: "primary", epoch: epoch + 3, updatedBy: "someone else" }, never());
    await expect(controlRun(db, h.clock, executor, { user: h.olivia, runId, action: "retry", input: {}, fresh: h.fresh() })).rejects.toMatchObject({ details: { reason: "preconditions" } });
    const requestId = (await getRun(db, runId)).continuation?.id ?? "";
    await expect(
      approveContinuation(db, h.clock, executor, { user: h.alice, runId, input: { requestId }, reauth: { method: "password", verified: true }, fresh: h.fresh() }),
    ).rejects.toMatchObject({ code: "conflict", details: { reason: "preconditions" }, message: expect.stringMatching(/authority changed since approval.*Fix the world, or abort the run/) });
    expect((await getRun(db, runId)).status).toBe("failed");
    const aborted = await controlRun(db, h.clock, executor, { user: h.olivia, runId, action: "abort", input: { reason: "authority moved under the run" }, fresh: h.fresh() });
    expect(aborted).toMatchObject({ status: "aborted", continuation: null });
    const abortRecord = (await auditActions(db)).find((a) => a.action === "run.aborted");
    expect(abortRecord?.payload).toMatchObject({ cancelledContinuation: requestId });
  });

  it("resume of a run paused before it acted, with a split brain now: the preflight's blocking check refuses it with the reason and holds it for a second person", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    const runId = await h.approved("planned-failover", WEST);
    const executor = h.executor();
    // Paused before the executor took its first step: nothing in the world has changed yet.
    await controlRun(db, h.clock, executor, { user: h.olivia, runId, action: "pause", input: {}, fresh: h.fresh() });
    await h.world.writeAuthority(WEST, { ...(await h.world.readAuthority(WEST, never())), role: "primary", updatedBy: "someone else" }, never());
    await expect(controlRun(db, h.clock, executor, { user: h.olivia, runId, action: "resume", input: {}, fresh: h.fresh() })).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "preconditions" },
      message: expect.stringMatching(/the run cannot resume: preconditions no longer hold: no split brain/),
    });
    expect(await getRun(db, runId)).toMatchObject({ status: "paused", continuation: { action: "resume", why: [{ code: "preconditions" }] } });
  });

  it("resume of a paused run after the TTL by one operator is held for a second person", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    const runId = await h.approved("planned-failover", WEST);
    const executor = h.executor();
    await controlRun(db, h.clock, executor, { user: h.olivia, runId, action: "pause", input: {}, fresh: h.fresh() });
    await outliveTtl(h);
    await expect(controlRun(db, h.clock, executor, { user: h.olivia, runId, action: "resume", input: {}, fresh: h.fresh(TTL_MS) })).rejects.toMatchObject({
      details: { reason: "second-person" },
    });
    expect(await getRun(db, runId)).toMatchObject({ status: "paused", continuation: { action: "resume", why: [{ code: "approval-stale" }] } });
    const requestId = (await getRun(db, runId)).continuation?.id ?? "";
    const resumed = await approveContinuation(db, h.clock, executor, { user: h.alice, runId, input: { requestId }, reauth: { method: "password", verified: true }, fresh: h.fresh(TTL_MS) });
    expect(resumed).toMatchObject({ status: "running", continuation: null });
    const audit = await auditActions(db);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["run.continuation_requested", "run.continuation_approved", "run.resumed"]));
    expect(audit.find((a) => a.action === "run.resumed")?.payload).toMatchObject({ reason: "continuation requested by Olivia (olivia), approved by Alice (alice)" });
    // How the run ends is the executor's business (its own tests); here it only had to go on.
    await executor.stop();
  });
});
