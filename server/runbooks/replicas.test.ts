import { expect, it } from "vitest";
import { systemClock } from "@/server/clock";
import { auditRecords as auditActions } from "@/server/approvals/testing";
import type { Db, Store } from "@/server/db";
import { anotherConnection, cuttable, describeStores } from "@/server/db/testing";
import { Leadership } from "@/server/leader";
import { controlRun } from "./control";
import { listenForRunSignals, signalsThroughStore } from "./signals";
import { getRun } from "./store";
import { eventually, harness, spied, stepsOf, WEST } from "./testing";

/**
 * Issue 14 §2–3, DESIGN invariant 11: several console replicas on one database, each with its
 * own connections, its own lease and its own executor — exactly one drives a run.
 */
function replicaLease(db: Db, id: string, ttlMs = 60_000): Leadership {
  return new Leadership({ db, clock: systemClock, replica: id, region: null, ttlMs });
}

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Resolves when `gateOpened` does or the call's own signal (its last argument) aborts — as a real AWS call would end. */
function heldUntil(gateOpened: Promise<void>, args: unknown[]): Promise<void> {
  const signal = args.at(-1);
  if (!(signal instanceof AbortSignal)) return gateOpened;
  return Promise.race([gateOpened, new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }))]);
}

// Runs drive a real sim world at speed 100 with two executors; on a loaded 2-core machine the default 30 s is tight.
describeStores("replicas driving runs", (fresh) => {
  it("a replica that starts while the leader drives a run does not drive it too (the restart-mid-run case)", async () => {
    const store = await fresh();
    const other: Store = await anotherConnection(store);
    const h = await harness(store.db);
    const runId = await h.approved("planned-failover", WEST);
    const hold = gate();
    const a = spied(h.world, async (method, phase) => {
      if (method === "switchoverGlobalCluster" && phase === "before") await hold.opened;
    });
    const leaseA = replicaLease(store.db, "replica-a");
    await leaseA.tick();
    const executorA = h.executor(a.provider, leaseA);
    executorA.kick(runId);
    await eventually(async () => a.count("switchoverGlobalCluster") === 1, "replica A at the switchover");

    // Replica B starts on the same database, as a console's start-up does: it tries for the lease and resumes runs.
    const b = spied(h.world);
    const leaseB = replicaLease(other.db, "replica-b");
    await leaseB.tick();
    const executorB = h.executor(b.provider, leaseB, other.db);
    await executorB.resumeAll();
    await executorB.settled(runId);
    hold.open();
    await executorA.settled(runId);

    const run = await getRun(store.db, runId);
    expect(run.status).toBe("succeeded");
    expect(b.calls).toHaveLength(0);
    expect(a.count("switchoverGlobalCluster")).toBe(1);
    const records = await auditActions(store.db);
    const started = records.filter((r) => r.action === "run.step_started").map((r) => (r.payload as { step: string }).step);
    expect(new Set(started).size).toBe(started.length);
    // Nothing about a step lands after the run succeeded.
    const done = records.findIndex((r) => r.action === "run.succeeded");
    expect(records.slice(done + 1).filter((r) => r.action.startsWith("run.step_"))).toEqual([]);
    await other.close();
  }, 90_000);

  it("the leader lost mid-step: a follower takes over within the TTL, resumes from the stored step, repeats no AWS write, and the old leader's attempt records nothing", async () => {
    const store = await fresh();
    const other = await anotherConnection(store);
    const h = await harness(store.db);
    const runId = await h.approved("planned-failover", WEST);
    // Replica A reaches the database through a link that can be cut (a partition, or a long GC pause).
    const link = cuttable(store.db, "lost");
    const dbA = link.db;
    const hold = gate();
    const a = spied(h.world, async (method, phase) => {
      // A's switchover call went through to AWS; A then stalls before recording it.
      if (method === "switchoverGlobalCluster" && phase === "after") {
        link.down = true;
        callsAtCut = a.calls.length;
        await hold.opened;
      }
    });
    let callsAtCut = 0;
    const ttlMs = 800;
    const leaseA = replicaLease(dbA, "replica-a", ttlMs);
    await leaseA.tick();
    leaseA.start();
    const executorA = h.executor(a.provider, leaseA, dbA);
    executorA.kick(runId);
    await eventually(async () => link.down, "replica A past its switchover call");
    const lostAt = Date.now();

    const b = spied(h.world);
    let executorB: ReturnType<typeof h.executor> | null = null;
    const leaseB = new Leadership({
      db: other.db,
      clock: systemClock,
      replica: "replica-b",
      region: null,
      ttlMs,
      onElected: (term, previous) => void executorB?.takeOver(term, previous).catch(() => undefined),
    });
    executorB = h.executor(b.provider, leaseB, other.db);
    leaseB.start();
    await eventually(async () => leaseB.isLeader(), "replica B leading", 5000);
    const tookOverInMs = Date.now() - lostAt;
    await eventually(async () => (await getRun(store.db, runId)).status === "succeeded", "the run finished by B", 30_000);
    hold.open();
    await executorA.settled(runId);
    link.down = false;

    expect(tookOverInMs).toBeLessThan(ttlMs + 2000);
    // Unable to record its step, A never called AWS again.
    expect(a.calls.length).toBe(callsAtCut);
    expect(a.count("switchoverGlobalCluster") + b.count("switchoverGlobalCluster")).toBe(1);
    const records = await auditActions(store.db);
    const takeover = records.findIndex((r) => r.action === "run.taken_over");
    expect(records[takeover]).toMatchObject({ payload: expect.objectContaining({ runId, replica: "replica-b", previousLeader: "replica-a", how: "lost" }) });
    expect(records.slice(takeover).filter((r) => r.actorName.includes("replica-a"))).toEqual([]);
    const steps = await stepsOf(store.db, runId);
    expect(steps.every((s) => s.status === "succeeded" || s.status === "skipped")).toBe(true);
    await Promise.all([leaseA.stop(), leaseB.stop()]);
    await other.close();
  }, 90_000);

  it("an abort sent through a follower cancels the step in flight on the leader at once", async () => {
    const store = await fresh();
    const other = await anotherConnection(store);
    const h = await harness(store.db);
    const runId = await h.approved("planned-failover", WEST);
    const never = gate();
    const a = spied(h.world, async (method, phase, args) => {
      if (method === "switchoverGlobalCluster" && phase === "before") await heldUntil(never.opened, args);
    });
    const leaseA = replicaLease(store.db, "replica-a");
    await leaseA.tick();
    const executorA = h.executor(a.provider, leaseA);
    const stopListening = await listenForRunSignals(store, executorA);
    executorA.kick(runId);
    await eventually(async () => a.count("switchoverGlobalCluster") === 1, "replica A at the switchover");

    // On replica B (a follower), an operator aborts.
    const leaseB = replicaLease(other.db, "replica-b");
    await leaseB.tick();
    const sentAt = Date.now();
    await controlRun(other.db, h.clock, signalsThroughStore(other.db), { user: h.olivia, runId, action: "abort", input: { reason: "drill: stop here" }, fresh: h.fresh() });
    await executorA.settled(runId);
    const cancelledInMs = Date.now() - sentAt;

    expect(cancelledInMs).toBeLessThan(5000);
    const switchover = (await stepsOf(store.db, runId)).find((s) => s.stepId === "switchover");
    expect(switchover).toMatchObject({ status: "aborted", error: expect.stringMatching(/aborted/) });
    const records = await auditActions(store.db);
    const aborted = records.findIndex((r) => r.action === "run.aborted");
    expect(records.slice(aborted).filter((r) => r.action === "run.step_succeeded" || r.action === "run.step_skipped")).toEqual([]);
    await stopListening();
    await other.close();
  }, 90_000);

  it("a lone leader that loses the store stops calling AWS, and finishes the run by itself once the store is back", async () => {
    const store = await fresh();
    const h = await harness(store.db);
    const runId = await h.approved("planned-failover", WEST);
    const link = cuttable(store.db, "refused");
    const db = link.db;
    let callsAtCut = 0;
    const a = spied(h.world, async (method, phase) => {
      if (method === "switchoverGlobalCluster" && phase === "after" && callsAtCut === 0) {
        link.down = true;
        callsAtCut = a.calls.length;
      }
    });
    let executor: ReturnType<typeof h.executor> | null = null;
    const lease = new Leadership({
      db,
      clock: systemClock,
      replica: "replica-a",
      region: null,
      ttlMs: 800,
      // As the runtime does: a scan that finds the store gone is tried again at the next renewal.
      onElected: (term, previous) => void executor?.takeOver(term, previous).catch(() => undefined),
      onRenewed: () => void executor?.resumeAll().catch(() => undefined),
    });
    executor = h.executor(a.provider, lease, db);
    await lease.tick();
    lease.start();
    executor.kick(runId);
    await eventually(async () => link.down, "the store gone after the switchover call");
    await eventually(async () => !lease.isLeader(), "the leader standing down", 5000);
    expect(a.calls.length).toBe(callsAtCut);
    link.down = false;
    await eventually(async () => (await getRun(store.db, runId)).status === "succeeded", "the run finished once the store is back", 30_000);
    expect(a.count("switchoverGlobalCluster")).toBe(1);
    const records = await auditActions(store.db);
    const takeovers = records.filter((r) => r.action === "run.taken_over").map((r) => r.payload);
    expect(takeovers.length).toBeGreaterThan(0);
    expect(takeovers).toEqual(takeovers.map(() => expect.objectContaining({ runId, replica: "replica-a", previousLeader: "replica-a", how: "lost" })));
    await lease.stop();
  }, 90_000);
});
