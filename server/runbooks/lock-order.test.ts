import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { approve, cancel, propose, reject } from "@/server/approvals";
import { PLAN, PLANNED, readiness, seedUser } from "@/server/approvals/testing";
import { verifyAudit } from "@/server/audit";
import { manualClock } from "@/server/clock";
import { databaseMessage, tables } from "@/server/db";
import { describePostgres } from "@/server/db/testing";
import { SimWorld } from "@/server/providers/sim";
import { simConfig } from "@/server/providers/sim/testing";
import { controlRun } from "./control";
import { Executor } from "./executor";
import type { FreshEyes } from "./fresh-eyes";

// Abort is one person's act and observes nothing: reading the world here would be a bug.
const ABORT_NEEDS_NO_EYES: FreshEyes = {
  ttlMs: 0,
  view: () => {
    throw new Error("abort read the monitor's view");
  },
  world: () => Promise.reject(new Error("abort read the world")),
};

const ROUNDS = 200;

/**
 * The one lock order (server/audit/README.md "Lock order"): proposal row, then run row, then the
 * audit append. Each round, a run whose steps are all done finishes (the executor marks it
 * succeeded and its proposal done) while, on other connections, its proposal is approved again,
 * rejected and cancelled (each refused, and the refusal audited under the proposal's lock) and the
 * run is aborted. Before the order was fixed the executor took the audit lock, then waited for the
 * proposal row a refusal held while it waited for the audit lock: PostgreSQL's deadlock detector
 * killed one of them.
 */
describePostgres("lock order: approve, reject, cancel, abort and run completion racing", (fresh) => {
  it(`${ROUNDS} rounds end without a deadlock`, { timeout: 120_000 }, async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const alice = await seedUser(db, "alice", ["approver"]);
    const world = new SimWorld(simConfig(), clock, { seed: 7, operationDelayMs: 0, operationTimeScale: 0, lagSpikes: false });
    const executor = new Executor({ db, clock, provider: world, lagBudgetMs: 1000, world: () => Promise.reject(new Error("no step runs here")) });
    const failures: string[] = [];
    const expectRefusedOrDone = (what: string) => (err: unknown) => {
      const message = databaseMessage(err) || String(err);
      // A refusal (the run has started, the proposal is done…) is the expected answer; anything else is a failure.
      if (!(err instanceof Error && "code" in err && typeof err.code === "string" && !/deadlock/i.test(message))) failures.push(`${what}: ${message}`);
    };
    for (let round = 0; round < ROUNDS; round++) {
      const p = await propose(db, clock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
      const done = await approve(db, clock, { run: PLAN, user: alice, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: { method: "password", verified: true } });
      const runId = done.runId ?? "";
      // Every step done: the executor's next look finishes the run.
      await db.update(tables.runSteps).set({ status: "succeeded" }).where(eq(tables.runSteps.runId, runId));
      const errors = new Set<string>();
      const logged = console.error;
      console.error = (...args: unknown[]) => errors.add(args.map(String).join(" "));
      try {
        executor.kick(runId);
        await Promise.all([
          executor.settled(runId),
          approve(db, clock, { run: PLAN, user: alice, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: { method: "password", verified: true } }).then(
            () => failures.push("a second approval went through"),
            expectRefusedOrDone("approve"),
          ),
          reject(db, clock, { user: alice, proposalId: p.id, input: { reason: "no" } }).then(() => failures.push("rejected after approval"), expectRefusedOrDone("reject")),
          cancel(db, clock, { user: olivia, proposalId: p.id, input: { reason: "stop" } }).then(() => failures.push("cancelled after approval"), expectRefusedOrDone("cancel")),
          controlRun(db, clock, executor, { user: olivia, runId, action: "abort", input: { reason: "race" }, fresh: ABORT_NEEDS_NO_EYES }).catch(expectRefusedOrDone("abort")),
        ]);
        await executor.settled(runId);
      } finally {
        console.error = logged;
      }
      for (const e of errors) failures.push(`executor: ${e.split("\n")[0] ?? e}`);
      const [run] = await db.select().from(tables.runs).where(eq(tables.runs.id, runId));
      const [proposal] = await db.select().from(tables.proposals).where(eq(tables.proposals.id, p.id));
      // Whichever won, the run ended and its proposal is done: nothing was left half-written.
      if (!["succeeded", "aborted"].includes(run?.status ?? "") || proposal?.status !== "done") {
        failures.push(`round ${round}: run ${run?.status ?? "missing"}, proposal ${proposal?.status ?? "missing"}`);
      }
      clock.advance(1000);
    }
    expect(failures).toEqual([]);
    expect((await verifyAudit(db)).ok).toBe(true);
  });
});
