import fc from "fast-check";
import { afterEach, expect, it } from "vitest";
import type { FaultKind, AuthorityView } from "@/lib/snapshot";
import { lastLagInto } from "@/lib/lag";
import { approve, propose } from "@/server/approvals";
import { auditActions, seedUser } from "@/server/approvals/testing";
import { verifyAudit } from "@/server/audit";
import { migrate, openStore, tables, type Store } from "@/server/db";
import type { AuthorityWrite, RoutingUpdate } from "@/server/providers";
import type { Executor } from "./executor";
import { ServiceError } from "@/server/errors";
import { approveContinuation } from "./continue";
import { controlRun } from "./control";
import { checklistFor } from "./preconditions";
import { planFromSnapshot } from "./start";
import { getRun } from "./store";
import { EAST, harness, spied, WEST } from "./testing";

/**
 * Random interleavings of drill faults, racing approvals and console crashes, run against the sim,
 * checking the invariants that must hold whatever happens (DESIGN invariants 1, 3, 4, 5 and the
 * executor's "never repeats a completed step"). PGlite only: each case opens a fresh store, and the
 * executor tests already cover both stores.
 */

const Fault = fc.record({
  /** The provider call (counted over the run) at which the fault starts, and for how many calls it lasts. */
  at: fc.nat({ max: 80 }),
  calls: fc.integer({ min: 1, max: 30 }),
  region: fc.constantFrom(EAST, WEST),
  fault: fc.constantFrom<FaultKind>("throttling", "lag-spike", "control-plane-outage", "region-outage"),
});

const Scenario = fc.record({
  runbook: fc.constantFrom("planned-failover" as const, "unplanned-failover" as const),
  approvers: fc.integer({ min: 1, max: 3 }),
  /** Provider calls after which the console process dies (and a new one resumes). */
  crashes: fc.uniqueArray(fc.integer({ min: 1, max: 90 }), { maxLength: 3 }),
  faults: fc.array(Fault, { maxLength: 3 }),
  /**
   * With ARC's usual "at least one On" rule (5 s wait period), or with no rule at all: then the sim
   * lets every region go Off, and only the console holds invariant 5.
   */
  safetyRule: fc.boolean(),
});

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

it("invariants hold under random faults, racing approvals and crashes", { timeout: 300_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(Scenario, async (scenario) => {
      await store?.close();
      store = await openStore({ kind: "pglite", dataDir: null });
      await migrate(store.db);
      const db = store.db;
      const h = await harness(db, {}, scenario.safetyRule ? {} : { sim: { safetyRules: [] } });
      if (scenario.runbook === "unplanned-failover") h.world.setFault(EAST, "region-outage", true);

      // Invariants watched on every provider write.
      const violations: string[] = [];
      const epochs = new Map<string, number>([[EAST, 1], [WEST, 1]]);
      const ends: { at: number; region: string; fault: FaultKind }[] = [];
      let calls = 0;
      let current: Executor | null = null;
      const crashAt = new Set(scenario.crashes);
      const pending: Promise<void>[] = [];
      const watched = spied(h.world, async (method, phase, args) => {
        if (phase === "before") {
          calls += 1;
          for (const f of scenario.faults.filter((x) => x.at === calls)) {
            h.world.setFault(f.region, f.fault, true);
            ends.push({ at: calls + f.calls, region: f.region, fault: f.fault });
          }
          for (const e of ends.filter((x) => x.at === calls)) {
            // The unplanned scenario's own outage of the source stays on.
            if (!(scenario.runbook === "unplanned-failover" && e.region === EAST && e.fault === "region-outage")) h.world.setFault(e.region, e.fault, false);
          }
          if (method === "writeAuthority") {
            const [region, record] = args as [string, AuthorityWrite];
            const known = epochs.get(region) ?? 0;
            if (record.epoch < known) violations.push(`writeAuthority ${region} at epoch ${record.epoch} below the stored ${known}`);
          }
          return;
        }
        if (method === "writeAuthority") {
          const [region, record] = args as [string, AuthorityWrite];
          epochs.set(region, Math.max(epochs.get(region) ?? 0, record.epoch));
        }
        if (method === "updateRoutingControls") {
          const updates = args[0] as RoutingUpdate[];
          const never = new AbortController().signal;
          // ARC answers for both regions whatever their state (its data plane is not regional).
          const on = (await Promise.all([EAST, WEST].map((r) => h.world.readRoutingControls(r, never)))).flat().filter((c) => c.state === "On");
          if (on.length === 0) violations.push(`routing reached zero regions On after ${JSON.stringify(updates)}`);
        }
        if (crashAt.has(calls) && current) {
          const dying = current;
          crashAt.delete(calls);
          pending.push(dying.stop());
        }
      });

      // Racing approvals: exactly one wins and starts exactly one run.
      const view = await h.now();
      const readiness = checklistFor(view.readiness, scenario.runbook, WEST);
      if (!readiness) throw new Error("no checklist");
      const lag = lastLagInto(view, WEST) ?? { lagMs: 0, observedAt: null };
      const input = { runbook: scenario.runbook, targetRegion: WEST, reason: "property: random drill", ...(scenario.runbook === "unplanned-failover" ? { dataLossAck: { acknowledged: true as const } } : {}) };
      const p = await propose(db, h.clock, { user: h.olivia, input, sourceRegion: EAST, readiness, lag });
      const approvers = [h.alice, ...(await Promise.all(["bob", "carol"].slice(0, scenario.approvers - 1).map((n) => seedUser(db, n, ["approver"]))))];
      const results = await Promise.allSettled(
        approvers.map((user) => approve(db, h.clock, { user, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: { method: "password", verified: true }, run: planFromSnapshot(view, "failover", h.config.runbooks.fenceDownRegionSeconds * 1000) })),
      );
      const won = results.filter((r) => r.status === "fulfilled");
      expect(won).toHaveLength(1);
      expect(await db.select().from(tables.runs)).toHaveLength(1);
      const runId = won[0]?.status === "fulfilled" ? won[0].value.runId : null;
      if (!runId) throw new Error("no run");

      // Drive it, resuming after every crash, until it stops moving.
      for (let restarts = 0; restarts < 8; restarts++) {
        current = h.executor(watched.provider);
        await current.resumeAll();
        await current.settled(runId);
        await Promise.all(pending.splice(0));
        if ((await getRun(db, runId)).status !== "running") break;
      }
      // Then the drill ends: faults off (the unplanned source stays dark), and a person retries a failed run.
      for (const f of h.world.faults().filter((x) => x.active)) {
        if (!(scenario.runbook === "unplanned-failover" && f.region === EAST && f.fault === "region-outage")) h.world.setFault(f.region, f.fault, false);
      }
      crashAt.clear();
      const last = current ?? h.executor(watched.provider);
      for (let retries = 0; retries < 3 && (await getRun(db, runId)).status === "failed"; retries++) {
        const refused = await controlRun(db, h.clock, last, { fresh: h.fresh(), user: h.olivia, runId, action: "retry", input: {} }).then(
          () => null,
          (err: unknown) => err,
        );
        // A drill slower than the TTL needs a second person to go on (issue 13 §8): Alice approves
        // it. Preconditions that block leave the run failed, for a person to abort.
        if (refused instanceof ServiceError && refused.details?.reason === "preconditions") break;
        if (refused instanceof ServiceError && refused.details?.reason === "second-person") {
          const requestId = (await getRun(db, runId)).continuation?.id ?? "";
          await approveContinuation(db, h.clock, last, { user: h.alice, runId, input: { requestId }, reauth: { method: "password", verified: true }, fresh: h.fresh() });
        } else if (refused) throw refused;
        await last.settled(runId);
      }

      const run = await getRun(db, runId);
      expect(violations).toEqual([]);
      expect(["succeeded", "voided", "failed"]).toContain(run.status);
      // No step that completed was ever started again.
      const records = await auditActions(db);
      const done = new Set<string>();
      for (const r of records) {
        const payload = r.payload as { step?: string; runId?: string };
        if (!payload.step) continue;
        if (r.action === "run.step_started" && done.has(payload.step)) violations.push(`step ${payload.step} started again after it completed`);
        if (r.action === "run.step_succeeded" || r.action === "run.step_skipped") done.add(payload.step);
      }
      // Invariant 3: the new writer's authority is written only after the old one's fence was settled.
      const order = run.steps.map((s) => s.id);
      const fence = records.findIndex((r) => r.action !== "run.step_started" && (r.payload as { step?: string }).step === "fence-source-authority" && (r.action !== "run.step_failed" || (r.payload as { final?: boolean }).final));
      const promote = records.findIndex((r) => r.action === "run.step_started" && (r.payload as { step?: string }).step === "promote-target-authority");
      if (promote >= 0 && (fence < 0 || fence > promote)) violations.push(`promoted before the fence settled (${order.join(",")})`);
      expect(violations).toEqual([]);
      if (run.status === "succeeded") {
        const never = new AbortController().signal;
        const west: AuthorityView = await h.world.readAuthority(WEST, never);
        expect(west).toMatchObject({ role: "primary", epoch: run.epoch });
        expect((await h.world.readAurora(WEST, never)).role).toBe("writer");
        expect((await h.world.readRoutingControls(WEST, never)).map((c) => c.state)).toEqual(["On"]);
      }
      expect(await verifyAudit(db)).toMatchObject({ ok: true });
      await last.stop();
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 12), seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined },
  );
});
