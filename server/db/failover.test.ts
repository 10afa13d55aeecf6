import { afterAll, beforeAll, expect, it } from "vitest";
import { systemClock } from "@/server/clock";
import { AUDIT_ACTIONS, appendAudit, verifyAudit } from "@/server/audit";
import { getRun } from "@/server/runbooks/store";
import { harness, spied, WEST } from "@/server/runbooks/testing";
import { CHANNELS, listenJson, notify } from "./bus";
import { openStore, type Store } from "./client";
import { clusters, type Cluster, type Clusters } from "./clusters";
import { storeFailure } from "./failover";
import { migrate } from "./migrate";
import { describeClusters } from "./testing";
import * as tables from "./schema";

/**
 * Issue 14 §5: the console's store on a primary and a streaming standby, both in DATABASE_URL.
 * The primary is lost (`pg_ctl stop -m immediate`) and the standby promoted in the middle of a
 * stream of audited writes: the writes go on against the new primary, every write the store
 * acknowledged is there, and the audit chain verifies. Replication is synchronous (as README
 * advises for "nothing acknowledged is lost"): an acknowledged commit is on the standby too.
 */
describeClusters("Store failover: multi-host DATABASE_URL, primary lost, standby promoted", () => {
  let pair: Clusters;
  let primary: Cluster;
  let standby: Cluster;
  let store: Store | null = null;

  beforeAll(async () => {
    pair = await clusters();
    primary = await pair.make("primary");
    await primary.query("create database fc");
    standby = await pair.standbyOf(primary, "standby");
    // Synchronous from here on: a COMMIT returns once the standby has flushed it.
    await primary.query("alter system set synchronous_standby_names = '*'");
    await primary.query("select pg_reload_conf()");
  }, 120_000);

  afterAll(async () => {
    await store?.close().catch((err: unknown) => console.error("closing the store:", err));
    await pair?.cleanup();
  }, 60_000);

  it("keeps writing through the failover and loses nothing it acknowledged", async () => {
    const url = `postgres://fc:secret-pw@${primary.hostPort},${standby.hostPort}/fc?target_session_attrs=read-write`;
    store = await openStore({ kind: "postgres", url, failoverWaitMs: 15_000 });
    expect(store.describe).not.toContain("secret-pw");
    await migrate(store.db);
    const db = store.db;
    const heard: unknown[] = [];
    await listenJson(store, CHANNELS.changes, (p) => heard.push(p), () => undefined);

    const acknowledged: number[] = [];
    const refused: { n: number; kind: string }[] = [];
    let stoppedAt = Infinity;
    let promotedAt = Infinity;
    let ackedBeforeLoss = 0;
    let ackedAfterPromotion = 0;
    const failover = async () => {
      await primary.stop("immediate");
      stoppedAt = Date.now();
      await standby.promote();
      promotedAt = Date.now();
    };
    let failing: Promise<void> | null = null;
    for (let n = 0; ackedAfterPromotion < 10; n++) {
      if (n === 20) failing = failover();
      if (n > 5000) throw new Error("no write went through after the promotion");
      const started = Date.now();
      try {
        await appendAudit(db, systemClock, { actor: "system", actorName: "failover test", action: AUDIT_ACTIONS.faultToggled, payload: { n } });
        acknowledged.push(n);
        if (Date.now() < stoppedAt) ackedBeforeLoss++;
        if (started > promotedAt) ackedAfterPromotion++;
      } catch (err) {
        const failure = storeFailure(err);
        if (!failure) throw err;
        refused.push({ n, kind: failure.kind });
      }
    }
    await failing;
    expect(ackedBeforeLoss).toBeGreaterThanOrEqual(20);

    // The standby is the primary now, and the console writes there without a restart.
    expect(await standby.running()).toBe(true);
    expect((await standby.query<{ r: boolean }>("select pg_is_in_recovery() as r", "fc"))[0]?.r).toBe(false);
    const rows = await db.select({ payload: tables.audit.payload }).from(tables.audit);
    const stored = new Set(rows.map((r) => (r.payload as { n: number }).n));
    for (const n of acknowledged) expect(stored.has(n), `acknowledged write ${n} is on the new primary`).toBe(true);
    // A write that was refused as never committed is not there.
    for (const r of refused.filter((x) => x.kind !== "outcome_unknown")) expect(stored.has(r.n)).toBe(false);
    const verified = await verifyAudit(db);
    expect(verified.ok).toBe(true);
    expect(verified.total).toBe(rows.length);
    // The LISTEN connection followed the promotion too: a NOTIFY on the new primary reaches it.
    let sent = 0;
    await expect
      .poll(async () => {
        await notify(db, CHANNELS.changes, { kind: "failover-test", id: String(++sent) });
        return heard.length;
      }, { timeout: 15_000, interval: 300 })
      .toBeGreaterThan(0);
    console.log(`store failover: ${acknowledged.length} acknowledged, ${refused.length} refused (${refused.map((r) => r.kind).join(", ") || "none"})`);
  }, 120_000);
});

describeClusters("Store failover mid-run: a runbook in flight finishes on the promoted standby", () => {
  let pair: Clusters;
  let store: Store | null = null;

  afterAll(async () => {
    await store?.close().catch((err: unknown) => console.error("closing the store:", err));
    await pair?.cleanup();
  }, 60_000);

  it("the run succeeds, every step recorded once, the audit verifies", async () => {
    pair = await clusters();
    const primary = await pair.make("primary");
    await primary.query("create database fc");
    const standby = await pair.standbyOf(primary, "standby");
    await primary.query("alter system set synchronous_standby_names = '*'");
    await primary.query("select pg_reload_conf()");
    store = await openStore({ kind: "postgres", url: `postgres://fc@${primary.hostPort},${standby.hostPort}/fc?target_session_attrs=read-write`, failoverWaitMs: 15_000 });
    await migrate(store.db);
    const db = store.db;
    const h = await harness(db);
    const runId = await h.approved("planned-failover", WEST);

    // The primary is lost (and the standby promoted) while the run's fourth AWS call is answered:
    // the executor's next records meet the failover.
    let calls = 0;
    let failing: Promise<void> | null = null;
    const provider = spied(h.world, (_method, phase) => {
      if (phase === "after" && ++calls === 4) failing = primary.stop("immediate").then(() => standby.promote());
    });
    const executor = h.executor(provider.provider);
    executor.kick(runId);
    await executor.settled(runId);
    await failing;
    expect(failing).not.toBeNull();

    expect((await standby.query<{ r: boolean }>("select pg_is_in_recovery() as r", "fc"))[0]?.r).toBe(false);
    const run = await getRun(db, runId);
    expect(run.status).toBe("succeeded");
    expect(run.steps.every((s) => s.status === "succeeded")).toBe(true);
    const actions = (await db.select({ action: tables.audit.action }).from(tables.audit)).map((a) => a.action);
    expect(actions.filter((a) => a === "run.step_succeeded")).toHaveLength(run.steps.length);
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  }, 120_000);
});
