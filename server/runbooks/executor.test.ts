import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { SessionUser } from "@/lib/session";
import { auditActions, proposalRow, seedUser } from "@/server/approvals/testing";
import { verifyAudit } from "@/server/audit";
import { readSetting, tables, writeSetting, type Db } from "@/server/db";
import { cuttable, describeStores } from "@/server/db/testing";
import { ProviderError, WriteRejectedError } from "@/server/providers";
import { SavedWorld, SimWorld } from "@/server/providers/sim";
import { controlRun } from "./control";
import type { Executor } from "./executor";
import { getRun } from "./store";
import { EAST, eventually, harness, spied, stepsOf, WEST } from "./testing";

const never = () => new AbortController().signal;

async function worldState(world: SimWorld) {
  const [auroraW, authE, authW, routeE, routeW, roleE, roleW] = await Promise.all([
    world.readAurora(WEST, never()),
    world.readAuthority(EAST, never()),
    world.readAuthority(WEST, never()),
    world.readRoutingControls(EAST, never()),
    world.readRoutingControls(WEST, never()),
    world.readAppRole(EAST, never()),
    world.readAppRole(WEST, never()),
  ]);
  return {
    westRole: auroraW.role,
    authority: { [EAST]: `${authE.role}@${authE.epoch}`, [WEST]: `${authW.role}@${authW.epoch}` },
    routing: { [EAST]: routeE.map((c) => c.state), [WEST]: routeW.map((c) => c.state) },
    appRole: { [EAST]: roleE.role, [WEST]: roleW.role },
  };
}

async function runStatus(db: Db, id: string) {
  return (await getRun(db, id)).status;
}

describeStores("runbook executor", (fresh) => {
  it("a planned failover runs every step in order and leaves us-west-2 writing, with traffic, at epoch 2", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    const runId = await h.approved("planned-failover", WEST);
    const executor = h.executor();
    executor.kick(runId);
    await executor.settled(runId);

    const run = await getRun(db, runId);
    expect(run).toMatchObject({ status: "succeeded", epoch: 2, statusReason: null });
    expect(run.steps.map((s) => [s.id, s.status])).toEqual([
      ["preflight", "succeeded"],
      ["fence-source-authority", "succeeded"],
      ["source-passive", "succeeded"],
      ["wait-source-writes-off", "succeeded"],
      ["switchover", "succeeded"],
      ["wait-writer", "succeeded"],
      ["promote-target-authority", "succeeded"],
      ["target-active", "succeeded"],
      ["routing", "succeeded"],
      ["verify-target", "succeeded"],
    ]);
    expect(run.steps.every((s) => s.attempts === 1 && s.startedAt && s.finishedAt)).toBe(true);
    expect(await worldState(h.world)).toEqual({
      westRole: "writer",
      authority: { [EAST]: "fenced@2", [WEST]: "primary@2" },
      routing: { [EAST]: ["Off"], [WEST]: ["On"] },
      appRole: { [EAST]: "passive", [WEST]: "active" },
    });
    const proposal = await proposalRow(db, run.proposalId);
    expect(proposal?.status).toBe("done");
    const actions = (await auditActions(db)).map((a) => a.action);
    expect(actions.filter((a) => a === "run.step_started")).toHaveLength(10);
    expect(actions.filter((a) => a === "run.step_succeeded")).toHaveLength(10);
    expect(actions.at(-1)).toBe("run.succeeded");
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });

  it("an unplanned failover with us-east-1 dark: the fence is one short attempt, recorded, then us-west-2 promoted, the RPO estimate stored (issue 15 §3)", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    h.world.setFault(EAST, "region-outage", true);
    const runId = await h.approved("unplanned-failover", WEST, "us-east-1 is dark; promote us-west-2");
    const executor = h.executor();
    executor.kick(runId);
    await executor.settled(runId);

    const run = await getRun(db, runId);
    expect(run.status).toBe("succeeded");
    const byId = Object.fromEntries(run.steps.map((s) => [s.id, s]));
    // The monitor showed us-east-1 down when the run was approved: one attempt of runbooks.fenceDownRegionSeconds (2 s) per fence step, recorded, then the run went on.
    for (const id of ["fence-source-authority", "source-passive"]) {
      expect(byId[id]).toMatchObject({ status: "failed", attempts: 1, maxAttempts: 1, timeoutMs: 2000, bestEffort: true, error: expect.stringMatching(/timed out/) });
      expect(byId[id]?.title).toMatch(/one short attempt: the monitor shows us-east-1 down/);
    }
    expect(byId["failover"]).toMatchObject({ status: "succeeded", detail: expect.stringMatching(/FailoverGlobalCluster \(AllowDataLoss\).*RPO estimate/) });
    expect(run.rpoEstimateMs).toEqual(expect.any(Number));
    expect(h.world.lastFailover()).toMatchObject({ from: EAST, to: WEST });
    // Only us-west-2 can be read: us-east-1's endpoints hang while it is dark.
    expect((await h.world.readAurora(WEST, never())).role).toBe("writer");
    expect(await h.world.readAuthority(WEST, never())).toMatchObject({ role: "primary", epoch: 2 });
    expect((await h.world.readRoutingControls(WEST, never())).map((c) => c.state)).toEqual(["On"]);
    const failed = (await auditActions(db)).filter((a) => a.action === "run.step_failed");
    expect(failed.map((a) => (a.payload as { step: string }).step)).toEqual(["fence-source-authority", "source-passive"]);
    // The run page shows each attempt with its own start and end, not only the last one's start.
    const fence = byId["fence-source-authority"]?.attemptLog ?? [];
    expect(fence.map((a) => [a.attempt, a.outcome])).toEqual([[1, "failed"]]);
    expect(fence.every((a) => a.endedAt !== null && Date.parse(a.endedAt) >= Date.parse(a.startedAt) && a.error?.match(/timed out/))).toBe(true);
    expect(fence[0]?.startedAt).toBe(byId["fence-source-authority"]?.startedAt);
  });

  it("an unplanned failover while us-east-1 answers (not shown down) keeps the longer best-effort fence", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    h.world.setFault(EAST, "lying-health-check", true);
    const runId = await h.approved("unplanned-failover", WEST, "us-east-1 cannot write; promote us-west-2");
    const steps = await stepsOf(db, runId);
    expect(steps.find((s) => s.stepId === "fence-source-authority")).toMatchObject({ maxAttempts: 2, timeoutMs: 10_000 });
  });

  it("failback after the outage: the stale claim is fenced first, re-protection waited for, then writes return to us-east-1", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    h.world.setFault(EAST, "region-outage", true);
    const first = await h.approved("unplanned-failover", WEST, "us-east-1 is dark; promote us-west-2");
    const executor = h.executor();
    executor.kick(first);
    await executor.settled(first);
    expect(await runStatus(db, first)).toBe("succeeded");

    h.world.setFault(EAST, "region-outage", false);
    // us-east-1 is back still claiming authority at epoch 1: a stale claim.
    expect((await h.world.readAuthority(EAST, never())).role).toBe("primary");
    const back = await h.approved("failback", EAST, "us-east-1 recovered; return writes");
    executor.kick(back);
    await executor.settled(back);

    const run = await getRun(db, back);
    expect(run.status).toBe("succeeded");
    expect(run.epoch).toBe(3);
    expect(run.steps[0]).toMatchObject({ id: "fence-stale-claim", status: "succeeded", detail: expect.stringMatching(/stale claim \(primary at epoch 1\) fenced/) });
    expect(run.steps[1]).toMatchObject({ id: "wait-reprotected", status: "succeeded", detail: expect.stringMatching(/connected/) });
    expect((await h.world.readAurora(EAST, never())).role).toBe("writer");
    expect((await h.world.readAuthority(EAST, never())).epoch).toBe(3);
    expect((await h.world.readRoutingControls(EAST, never())).map((c) => c.state)).toEqual(["On"]);
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });

  it("a console killed mid-step resumes at that step, repeats no completed step and no AWS change", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    const runId = await h.approved("planned-failover", WEST);
    const dying = await diesAfterSwitchover(h, runId);
    const midway = await stepsOf(db, runId);
    expect(midway.find((s) => s.stepId === "switchover")?.status).toBe("running");
    expect(midway.filter((s) => s.status === "succeeded").map((s) => s.stepId)).toEqual(["preflight", "fence-source-authority", "source-passive", "wait-source-writes-off"]);

    const restarted = spied(h.world);
    const second = h.executor(restarted.provider);
    expect(await second.resumeAll()).toEqual([runId]);
    await second.settled(runId);

    const run = await getRun(db, runId);
    expect(run.status).toBe("succeeded");
    expect(run.steps.find((s) => s.id === "switchover")).toMatchObject({ status: "skipped", attempts: 2, detail: expect.stringMatching(/already/) });
    // The attempt the dying console left open reads as interrupted; the second has its own start and end.
    expect(run.steps.find((s) => s.id === "switchover")?.attemptLog?.map((a) => [a.attempt, a.outcome, a.endedAt !== null])).toEqual([
      [1, "interrupted", false],
      [2, "skipped", true],
    ]);
    const writes = ["switchoverGlobalCluster", "writeAuthority", "writeAppRole", "updateRoutingControls"] as const;
    const total = Object.fromEntries(writes.map((m) => [m, dying.count(m) + restarted.count(m)]));
    expect(total).toEqual({ switchoverGlobalCluster: 1, writeAuthority: 2, writeAppRole: 2, updateRoutingControls: 1 });
    // Each completed step started exactly once; only the interrupted one twice.
    const started = (await auditActions(db)).filter((a) => a.action === "run.step_started").map((a) => (a.payload as { step: string }).step);
    expect(started.filter((s) => s === "switchover")).toHaveLength(2);
    expect(new Set(started.filter((s) => s !== "switchover")).size).toBe(started.length - 2);
  });

  it("a loop that loses the store goes on by itself once it answers again, and settled() waits for it (CI met this mid-failover)", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    const runId = await h.approved("planned-failover", WEST);
    const link = cuttable(db, "refused");
    let cutAt = 0;
    const a = spied(h.world, (method, phase) => {
      // The store goes away as the switchover call returns, and is back a moment later.
      if (method === "switchoverGlobalCluster" && phase === "after" && cutAt === 0) {
        link.down = true;
        cutAt = a.calls.length;
        setTimeout(() => (link.down = false), 300);
      }
    });
    const executor = h.executor(a.provider, undefined, link.db);
    executor.kick(runId);
    await executor.settled(runId);

    expect(cutAt).toBeGreaterThan(0);
    const run = await getRun(db, runId);
    expect(run.status).toBe("succeeded");
    expect(a.count("switchoverGlobalCluster")).toBe(1);
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });

  it("a blocking change at run start voids the approval: authority moved past the run's epoch", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    const runId = await h.approved("planned-failover", WEST);
    // Someone else wrote authority at a higher epoch between approval and start.
    await h.world.writeAuthority(EAST, { role: "primary", epoch: 9, updatedBy: "someone else" }, never());
    const executor = h.executor();
    executor.kick(runId);
    await executor.settled(runId);
    const run = await getRun(db, runId);
    expect(run).toMatchObject({ status: "voided", statusReason: expect.stringMatching(/authority changed since approval: us-east-1 is primary at epoch 9/) });
    expect(run.steps.slice(1).every((s) => s.status === "pending")).toBe(true);
    expect(await proposalRow(db, run.proposalId)).toMatchObject({ status: "voided", decisionReason: expect.stringMatching(/epoch 9/) });
    expect((await h.world.readAuthority(EAST, never())).epoch).toBe(9);
    const actions = (await auditActions(db)).map((a) => a.action);
    expect(actions.slice(-2)).toEqual(["run.voided", "proposal.voided"]);
  });

  it("a refused step fails the run; retry by an operator runs that step again and the run completes", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    const runId = await h.approved("planned-failover", WEST);
    let refuse = true;
    const flaky = spied(h.world, (method, phase) => {
      if (method === "updateRoutingControls" && phase === "before" && refuse) {
        throw new WriteRejectedError("ConflictException", "arc", null, "the safety rule would be broken");
      }
    });
    const executor = h.executor(flaky.provider);
    executor.kick(runId);
    await executor.settled(runId);
    let run = await getRun(db, runId);
    // A conflict that outlasts every wait period is a rule this change breaks: refused, naming it.
    expect(run).toMatchObject({ status: "failed", statusReason: expect.stringMatching(/Routing: us-west-2 On and us-east-1 Off.*longest wait period \(5000 ms\).*"at-least-one-region-on".*ConflictException/) });
    expect(run.steps.find((s) => s.id === "routing")).toMatchObject({ status: "failed", attempts: 1 });

    // A viewer cannot retry; an operator can.
    const viewer = await seedViewer(db);
    await expect(controlRun(db, h.clock, executor, { fresh: h.fresh(), user: viewer, runId, action: "retry", input: {} })).rejects.toMatchObject({ code: "forbidden" });
    refuse = false;
    await controlRun(db, h.clock, executor, { fresh: h.fresh(), user: h.olivia, runId, action: "retry", input: {} });
    await executor.settled(runId);
    run = await getRun(db, runId);
    expect(run.status).toBe("succeeded");
    expect(run.steps.find((s) => s.id === "routing")).toMatchObject({ status: "succeeded", attempts: 1 });
    expect((await auditActions(db)).map((a) => a.action)).toEqual(expect.arrayContaining(["run.failed", "run.control_refused", "run.retried", "run.succeeded"]));
  });

  it("pause stops after the step in flight, resume continues; abort needs a reason and spends the approval", async () => {
    const { db } = await fresh();
    // Switchovers take their documented time here: 25 s of sim time, a wait long enough to pause in.
    const h = await harness(db, { operationTimeScale: 1 });
    const runId = await h.approved("planned-failover", WEST);
    const executor = h.executor();
    executor.kick(runId);
    await eventually(async () => (await stepsOf(db, runId)).some((s) => s.stepId === "wait-writer" && s.status === "running"), "the wait for the writer");
    await controlRun(db, h.clock, executor, { fresh: h.fresh(), user: h.olivia, runId, action: "pause", input: { reason: "checking the app" } });
    await executor.settled(runId);
    let run = await getRun(db, runId);
    expect(run.status).toBe("paused");
    expect(run.steps.find((s) => s.id === "wait-writer")?.status).toBe("pending");

    await controlRun(db, h.clock, executor, { fresh: h.fresh(), user: h.alice, runId, action: "resume", input: {} });
    await eventually(async () => (await stepsOf(db, runId)).some((s) => s.stepId === "wait-writer" && s.status === "running"), "the wait to start again");
    await controlRun(db, h.clock, executor, { fresh: h.fresh(), user: h.olivia, runId, action: "pause", input: {} });
    await executor.settled(runId);
    await expect(controlRun(db, h.clock, executor, { fresh: h.fresh(), user: h.olivia, runId, action: "abort", input: {} })).rejects.toMatchObject({ code: "invalid", details: { reason: "reason-required" } });
    run = await controlRun(db, h.clock, executor, { fresh: h.fresh(), user: h.olivia, runId, action: "abort", input: { reason: "drill over" } });
    expect(run).toMatchObject({ status: "aborted", statusReason: "aborted by Olivia (olivia): drill over", finishedAt: expect.any(String) });
    expect(await proposalRow(db, run.proposalId)).toMatchObject({ status: "done" });
    await expect(controlRun(db, h.clock, executor, { fresh: h.fresh(), user: h.olivia, runId, action: "resume", input: {} })).rejects.toMatchObject({ code: "conflict", details: { reason: "wrong-status" } });
    const actions = (await auditActions(db)).map((a) => a.action);
    expect(actions.filter((a) => a.startsWith("run.") && !a.startsWith("run.step"))).toEqual([
      "run.started",
      "run.paused",
      "run.resumed",
      "run.paused",
      "run.control_refused",
      "run.aborted",
      "run.control_refused",
    ]);
  });

  it("abort cancels the step in flight: the wait ends at once and nothing further runs", async () => {
    const { db } = await fresh();
    const h = await harness(db, { operationTimeScale: 1 });
    const runId = await h.approved("planned-failover", WEST);
    const executor = h.executor();
    executor.kick(runId);
    await eventually(async () => (await stepsOf(db, runId)).some((s) => s.stepId === "wait-writer" && s.status === "running"), "the wait for the writer");
    await controlRun(db, h.clock, executor, { fresh: h.fresh(), user: h.alice, runId, action: "abort", input: { reason: "wrong target" } });
    await executor.settled(runId);
    const run = await getRun(db, runId);
    expect(run.status).toBe("aborted");
    expect(run.steps.find((s) => s.id === "wait-writer")).toMatchObject({ status: "aborted", error: expect.stringMatching(/aborted: by Alice \(alice\): wrong target/) });
    expect(run.steps.filter((s) => s.index > 5).every((s) => s.status === "pending")).toBe(true);
    const [row] = await db.select().from(tables.runs).where(eq(tables.runs.id, runId));
    expect(row?.finishedAt).not.toBeNull();
  });
  it("routing waits out a safety rule's wait period instead of failing the run; traffic moves in one call and never leaves zero On (issue 12)", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    const runId = await h.approved("planned-failover", WEST);
    const onCounts: number[] = [];
    let nudged = false;
    const watching = spied(h.world, async (method, phase) => {
      // Someone turned us-west-2 On just before: the rule's 5 s wait period is running.
      if (method === "updateRoutingControls" && phase === "before" && !nudged) {
        nudged = true;
        const [west] = await h.world.readRoutingControls(WEST, never());
        if (west) await h.world.updateRoutingControls([{ arn: west.arn, state: "On" }], never());
      }
      if (method === "updateRoutingControls" && phase === "after") {
        const states = [...(await h.world.readRoutingControls(EAST, never())), ...(await h.world.readRoutingControls(WEST, never()))];
        onCounts.push(states.filter((c) => c.state === "On").length);
      }
    });
    const executor = h.executor(watching.provider);
    executor.kick(runId);
    await executor.settled(runId);
    const run = await getRun(db, runId);
    expect(run.status).toBe("succeeded");
    expect(run.steps.find((s) => s.id === "routing")).toMatchObject({ status: "succeeded", attempts: 1, detail: expect.stringMatching(/us-west-2 On .*us-east-1 Off .*after \d+ tries/) });
    // The runbook's calls: the first refused inside the wait period, then the same single call again.
    const runbookCalls = watching.calls.filter((c) => c.method === "updateRoutingControls");
    expect(runbookCalls.length).toBeGreaterThan(1);
    expect(onCounts.every((n) => n >= 1)).toBe(true);
    expect((await worldState(h.world)).routing).toEqual({ [EAST]: ["Off"], [WEST]: ["On"] });
  });

  it("a switchover is sent to the primary's region, and waits through RDS's delayed visibility", async () => {
    const { db } = await fresh();
    const h = await harness(db, { operationTimeScale: 0.01 });
    const runId = await h.approved("planned-failover", WEST);
    const watching = spied(h.world);
    const executor = h.executor(watching.provider);
    executor.kick(runId);
    await executor.settled(runId);
    expect(await runStatus(db, runId)).toBe("succeeded");
    expect(watching.calls.filter((c) => c.method === "switchoverGlobalCluster").map((c) => c.args.slice(0, 2))).toEqual([[WEST, EAST]]);
  });

  it("a claim someone else wrote is never 'already done': the target claiming authority after approval voids the run at preflight", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    const runId = await h.approved("planned-failover", WEST);
    // After approval, the target starts claiming authority and accepting writes (the split-brain drill).
    h.world.setFault(WEST, "split-brain", true);
    const executor = h.executor();
    executor.kick(runId);
    await executor.settled(runId);
    const run = await getRun(db, runId);
    expect(run).toMatchObject({ status: "voided", statusReason: expect.stringMatching(/split brain/) });
    expect(run.steps.find((s) => s.id === "promote-target-authority")?.status).toBe("pending");
  });

  it("detach mode: the detached target counts as a writer, the old primary comes back writable (split brain), and failback is blocked with how to rebuild", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    h.world.setFault(EAST, "region-outage", true);
    const runId = await h.approved("unplanned-failover", WEST, "us-east-1 is dark; detach us-west-2", "detach");
    const executor = h.executor();
    executor.kick(runId);
    await executor.settled(runId);
    const run = await getRun(db, runId);
    expect(run.status).toBe("succeeded");
    expect(run.steps.find((s) => s.id === "failover")?.detail).toMatch(/RemoveFromGlobalCluster/);
    expect((await h.world.readAurora(WEST, never())).role).toBe("detached");
    h.world.setFault(EAST, "region-outage", false);
    const view = await h.now();
    const failback = view.readiness.find((c) => c.target === EAST && c.mode === "planned");
    expect(failback?.checks.find((c) => c.id === "global-database-intact")).toMatchObject({ status: "fail", evidence: expect.stringMatching(/us-west-2 was detached/) });
    // Both regions are Aurora writers now: a split brain, whatever the flags say.
    expect(failback?.checks.find((c) => c.id === "no-split-brain")).toMatchObject({ status: "fail", evidence: expect.stringMatching(/both are Aurora writers/) });
  });

  it("a console restart finds the world as it left it: the resumed run finds its switchover in flight and does not send another", async () => {
    const { db } = await fresh();
    const persist = (saved: SavedWorld) => writeSetting(db, "sim_world", JSON.stringify(saved), new Date());
    // Switchovers take their documented 25 s of sim time, so the console dies with one in flight.
    const h = await harness(db, { operationTimeScale: 1, persist });
    const runId = await h.approved("planned-failover", WEST);
    const dying = await diesAfterSwitchover(h, runId);
    await h.world.close();

    // A new process: a new world object from what the store kept.
    const stored = await readSetting(db, "sim_world");
    const saved = SavedWorld.parse(JSON.parse(stored ?? "null"));
    const world = new SimWorld(h.config, h.clock, { seed: 7, operationDelayMs: 0, operationTimeScale: 1, lagSpikes: false, saved, persist });
    expect(world.restored).toBe(true);
    const restarted = spied(world);
    const second = h.executor(restarted.provider);
    await second.resumeAll();
    await second.settled(runId);
    const run = await getRun(db, runId);
    expect(run.status).toBe("succeeded");
    expect(run.steps.find((s) => s.id === "switchover")).toMatchObject({ status: "skipped", detail: expect.stringMatching(/already moving the writer to us-west-2/) });
    expect(dying.count("switchoverGlobalCluster") + restarted.count("switchoverGlobalCluster")).toBe(1);
    expect((await world.readAurora(WEST, never())).role).toBe("writer");
  });

  it("restore writes: a planned failover aborted after the fence left no region owning writes; restore gives it back to the Aurora writer (issue 12 §3)", async () => {
    const { db } = await fresh();
    // Switchovers take their documented time, so the abort lands while the writer has not moved;
    // a slower clock than the other tests' keeps a loaded machine's reads within their timeouts.
    const h = await harness(db, { operationTimeScale: 1 }, {}, 25);
    const runId = await h.approved("planned-failover", WEST);
    const executor = h.executor();
    executor.kick(runId);
    await eventually(async () => (await stepsOf(db, runId)).some((s) => s.stepId === "wait-writer" && s.status === "running"), "the wait for the writer");
    await controlRun(db, h.clock, executor, { fresh: h.fresh(), user: h.alice, runId, action: "abort", input: { reason: "drill: stop half-way" } });
    await executor.settled(runId);
    expect(await runStatus(db, runId)).toBe("aborted");
    // RDS goes on with the switchover it accepted (an abort cannot call it back): us-west-2 ends up writing.
    await eventually(async () => {
      const view = await h.world.readAurora(WEST, never());
      return view.role === "writer" && view.status === "available";
    }, "the accepted switchover to finish", 30_000);
    const before = await h.now();
    expect(before.regions.map((r) => r.authority.value?.role)).not.toContain("primary");
    const writer = before.regions.find((r) => r.aurora.value?.role === "writer")?.id;
    if (!writer) throw new Error("no writer");
    const restore = before.readiness.find((c) => c.mode === "restore");
    expect(restore).toMatchObject({ target: writer, ready: true });

    const back = await h.approved("restore-writes", writer, "drill: restore writes after the abort");
    executor.kick(back);
    await executor.settled(back);
    const run = await getRun(db, back);
    expect({ status: run.status, reason: run.statusReason }).toEqual({ status: "succeeded", reason: null });
    expect(run.steps.map((s) => s.id)).toEqual(["preflight", "fence-source-authority", "source-passive", "promote-target-authority", "target-active", "routing", "verify-target"]);
    const other = writer === EAST ? WEST : EAST;
    expect(await worldState(h.world)).toMatchObject({
      authority: { [writer]: `primary@${run.epoch}`, [other]: `fenced@${run.epoch}` },
      routing: { [writer]: ["On"], [other]: ["Off"] },
      appRole: { [writer]: "active", [other]: "passive" },
    });
  });

  it("routing waits as long as ARC's retryAfterSeconds says when throttled, inside one attempt (issue 12)", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    const runId = await h.approved("planned-failover", WEST);
    let throttled = false;
    const busy = spied(h.world, (method, phase) => {
      if (method === "updateRoutingControls" && phase === "before" && !throttled) {
        throttled = true;
        throw new ProviderError("throttled", "arc", EAST, "ThrottlingException: Rate exceeded; retry after 1 s", { retryAfterMs: 1_000 });
      }
    });
    const executor = h.executor(busy.provider);
    executor.kick(runId);
    await executor.settled(runId);
    const run = await getRun(db, runId);
    expect(run.status).toBe("succeeded");
    // Not a failed attempt retried by the executor's backoff: the step waited as ARC asked, then went on.
    expect(run.steps.find((s) => s.id === "routing")).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(busy.count("updateRoutingControls")).toBe(2);
  });
});

/**
 * A console process that dies right after RDS accepted the switchover, before the step's result
 * was stored: drives the run until then, and returns the calls it made.
 */
async function diesAfterSwitchover(h: Awaited<ReturnType<typeof harness>>, runId: string) {
  let first: Executor | null = null;
  const dying = spied(h.world, async (method, phase) => {
    if (method === "switchoverGlobalCluster" && phase === "after" && first) void first.stop();
  });
  first = h.executor(dying.provider);
  first.kick(runId);
  await first.settled(runId);
  return dying;
}

function seedViewer(db: Db): Promise<SessionUser> {
  return seedUser(db, "victor", ["viewer"]);
}
