import { NextRequest } from "next/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { approveNow, proposeNow } from "@/server/approvals";
import { systemClock } from "@/server/clock";
import { errorResponse, ServiceError } from "@/server/errors";
import { Monitor } from "@/server/monitor/monitor";
import { controlNow } from "@/server/runbooks";
import { harness, WEST } from "@/server/runbooks/testing";
import { Leadership } from "@/server/leader";
import { ChangeRelay } from "@/server/live/relay";
import type { Runtime } from "@/server/runtime";
import { openStore, type Store } from "./client";
import { clusters, type Cluster, type Clusters } from "./clusters";
import { StoreHealth } from "./health";
import { migrate } from "./migrate";
import { describeClusters } from "./testing";
import * as tables from "./schema";
import { testPlanEvaluator } from "@/server/plan/testing";

/**
 * Issue 14 §6, static stability: the store (a PostgreSQL cluster of the test's own) is stopped
 * under a running console. The probe says so, the snapshot carries it, the monitor keeps
 * publishing live state from memory, proposals, approvals and run controls are refused with 503
 * and the reason, and a query that meets the dead store is a 503 too, never a 500. Started again,
 * everything comes back without a restart.
 */
describeClusters("Store outage: static stability while the store is gone", () => {
  let set: Clusters;
  let server: Cluster;
  let store: Store;
  let health: StoreHealth | null = null;
  let monitor: Monitor | null = null;

  beforeAll(async () => {
    set = await clusters();
    server = await set.make("store");
    await server.query("create database fc");
    store = await openStore({ kind: "postgres", url: server.url("fc"), failoverWaitMs: 1000 });
    await migrate(store.db);
  }, 120_000);

  afterAll(async () => {
    await monitor?.stop();
    await health?.stop();
    await store?.close().catch((err: unknown) => console.error("closing the store:", err));
    await set?.cleanup();
  }, 60_000);

  async function refusal(action: Promise<unknown>): Promise<ServiceError> {
    const err: unknown = await action.then(() => null, (e: unknown) => e);
    if (!(err instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${String(err)}`);
    return err;
  }

  it("stays live with the banner, refuses actions with the reason, and resumes by itself", async () => {
    const h = await harness(store.db, {}, { monitor: { cadenceSeconds: 1 } });
    const probe = new StoreHealth({ db: store.db, clock: systemClock, intervalMs: 200, timeoutMs: 1000 });
    health = probe;
    const live = new Monitor({ config: h.config, provider: h.world, faults: null, clock: systemClock, db: store.db, store: () => probe.status() });
    monitor = live;
    probe.onChange(() => live.refresh());
    probe.start();
    live.start();
    const executor = h.executor();
    const leadership = new Leadership({ db: store.db, clock: systemClock, replica: "outage-test", region: null, ttlMs: 10_000 });
    const rt: Runtime = {
      config: h.config,
      store,
      storeHealth: probe,
      db: store.db,
      clock: systemClock,
      authSecret: "test-secret",
      secureCookies: false,
      provider: h.world,
      faults: null,
      monitor: live,
      executor,
      runSignals: executor,
      leadership,
      plan: testPlanEvaluator(store.db, systemClock),
      changes: new ChangeRelay(),
      notifications: { destinations: [] },
      stopBackground: async () => undefined,
    };
    await expect.poll(() => live.warmedUp(), { timeout: 10_000 }).toBe(true);
    expect(live.snapshot().store?.status).toBe("reachable");

    await server.stop("fast");
    await expect.poll(() => probe.status().status, { timeout: 10_000 }).toBe("unreachable");
    await expect.poll(() => live.snapshot().store?.status, { timeout: 5000 }).toBe("unreachable");

    // The monitor goes on from memory: new snapshots, the regions still read live.
    const seq = live.snapshot().seq;
    await expect.poll(() => live.snapshot().seq, { timeout: 10_000 }).toBeGreaterThan(seq + 2);
    expect(live.snapshot().regions.map((r) => r.authority.status)).toEqual(["ok", "ok"]);

    const input = { runbook: "planned-failover" as const, targetRegion: WEST, reason: "drill during a store outage" };
    for (const refused of [
      await refusal(proposeNow(rt, h.olivia, input)),
      await refusal(approveNow(rt, new NextRequest("http://console.test/"), h.alice, "p-1", { contentHash: "x", password: "pw" })),
      await refusal(controlNow(rt, h.olivia, "run-1", "pause", {})),
    ]) {
      expect(refused.code).toBe("unavailable");
      expect(refused.message).toMatch(/^store unreachable since .*: actions paused/);
      expect(errorResponse(refused).status).toBe(503);
    }
    // A request that reaches the dead store anyway (a read, the session check) is a 503, not a 500.
    const failed: unknown = await store.db.select().from(tables.users).then(() => null, (e: unknown) => e);
    const response = errorResponse(failed);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "unavailable", reason: "store-unavailable" } });

    await server.start();
    await expect.poll(() => probe.status().status, { timeout: 15_000 }).toBe("reachable");
    await expect.poll(() => live.snapshot().store?.status, { timeout: 5000 }).toBe("reachable");
    // Actions work again, on the same store object: no restart.
    await expect.poll(() => live.snapshot().readiness.some((c) => c.target === WEST && c.mode === "planned" && c.ready), { timeout: 15_000 }).toBe(true);
    const proposal = await proposeNow(rt, h.olivia, input);
    expect(proposal.status).toBe("pending");
    expect(await store.db.select().from(tables.proposals)).toHaveLength(1);
  }, 120_000);
});
