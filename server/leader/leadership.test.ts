import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { systemClock } from "@/server/clock";
import { auditActions } from "@/server/approvals/testing";
import { queryRows, type Db, type Store } from "@/server/db";
import { anotherConnection, cuttable, describePostgres, describeStores, type FreshStore } from "@/server/db/testing";
import { Deposed } from "./fence";
import { expireLease, readLease } from "./lease";
import { Leadership } from "./leadership";

/** Three stores on one database: separate connections, as separate console processes have (PGlite: the one store). */
async function replicasOf(fresh: FreshStore): Promise<{ stores: [Store, Store, Store]; close: () => Promise<void> }> {
  const first = await fresh();
  const [second, third] = await Promise.all([anotherConnection(first), anotherConnection(first)]);
  return { stores: [first, second, third], close: async () => void (await Promise.all([second.close(), third.close()])) };
}

function leader(db: Db, replica: string, ttlMs = 60_000): Leadership {
  return new Leadership({ db, clock: systemClock, replica, region: replica.endsWith("west") ? "us-west-2" : "us-east-1", ttlMs });
}

async function tokens(db: Db): Promise<number[]> {
  const rows = await auditActions(db);
  return rows.filter((r) => r.action === "leader.elected").map((r) => Number((r.payload as { token: number }).token));
}

describeStores("leader lease", (fresh) => {
  it("the first replica leads with token 1; another on the same store follows and names the leader", async () => {
    const { stores, close } = await replicasOf(fresh);
    const a = leader(stores[0].db, "a-east");
    const b = leader(stores[1].db, "b-west");
    await a.tick();
    await b.tick();
    expect(a.view()).toMatchObject({ role: "leader", replica: { id: "a-east", region: "us-east-1" }, leader: { id: "a-east", token: 1 } });
    expect(b.view()).toMatchObject({ role: "follower", replica: { id: "b-west", region: "us-west-2" }, leader: { id: "a-east", region: "us-east-1", token: 1 } });
    expect(b.term()).toBeNull();
    const elected = (await auditActions(stores[0].db)).filter((r) => r.action === "leader.elected");
    expect(elected.map((r) => r.payload)).toEqual([expect.objectContaining({ replica: "a-east", token: 1, how: "first", previousLeader: null })]);
    await close();
  });

  it("one leader at a time over 200 forced lease losses: exactly one replica's fenced write lands per term, tokens only rise", async () => {
    const { stores, close } = await replicasOf(fresh);
    const replicas = stores.map((s, i) => leader(s.db, `r${i}`));
    const db = stores[0].db;
    await db.execute(sql`CREATE TABLE term_writes (round int NOT NULL, replica text NOT NULL)`);
    for (let round = 0; round < 200; round++) {
      await expireLease(db);
      // Every replica tries at once, in a different order each round.
      const order = [...replicas].sort(() => Math.random() - 0.5);
      await Promise.all(order.map((r) => r.tick()));
      expect(replicas.filter((r) => r.isLeader()).length).toBeLessThanOrEqual(1);
      // Each replica, leading or not by its own belief, tries its duty's write behind the fence.
      await Promise.all(replicas.map((r) => r.asLeader((tx) => tx.execute(sql`INSERT INTO term_writes VALUES (${round}, ${r.replica})`))));
    }
    const perRound = await queryRows<{ round: number; n: string }>(db, sql`SELECT round, count(*) AS n FROM term_writes GROUP BY round ORDER BY round`);
    expect(perRound).toHaveLength(200);
    expect(perRound.every((r) => Number(r.n) === 1)).toBe(true);
    const issued = await tokens(db);
    expect(issued).toEqual(Array.from({ length: 201 }, (_, i) => i + 1).slice(0, issued.length));
    expect(issued.length).toBe(200);
    expect(new Set((await queryRows<{ replica: string }>(db, sql`SELECT DISTINCT replica FROM term_writes`)).map((r) => r.replica)).size).toBeGreaterThan(1);
    await close();
  });

  it("a deposed leader's late write is refused by its token, and its term's signal fires", async () => {
    const { stores, close } = await replicasOf(fresh);
    const a = leader(stores[0].db, "a-east");
    const b = leader(stores[1].db, "b-west");
    await a.tick();
    const term = a.term();
    if (!term) throw new Error("a should lead");
    // A stalls (a long GC pause, a partition) while its lease lapses and B takes over.
    await expireLease(stores[1].db);
    await b.tick();
    expect(b.view().leader).toMatchObject({ id: "b-west", token: 2 });
    const late = stores[0].db.transaction(async (tx) => {
      await a.check(tx, term);
      await tx.execute(sql`INSERT INTO settings (key, value, updated_at) VALUES ('late-write', 'from a', now())`);
    });
    await expect(late).rejects.toBeInstanceOf(Deposed);
    expect(term.signal.aborted).toBe(true);
    expect(a.isLeader()).toBe(false);
    expect(await queryRows(stores[1].db, sql`SELECT 1 FROM settings WHERE key = 'late-write'`)).toHaveLength(0);
    expect(await b.asLeader(async () => "written")).toEqual({ value: "written" });
    await close();
  });

  it("stop hands the lease over: the next replica's try takes it at once, and the record says handed over", async () => {
    const { stores, close } = await replicasOf(fresh);
    const a = leader(stores[0].db, "a-east");
    const b = leader(stores[1].db, "b-west");
    await a.tick();
    await b.tick();
    expect(b.isLeader()).toBe(false);
    await a.stop();
    await b.tick();
    expect(b.view()).toMatchObject({ role: "leader", leader: { id: "b-west", token: 2 } });
    const actions = (await auditActions(stores[0].db)).filter((r) => r.action.startsWith("leader."));
    expect(actions.map((r) => [r.action, (r.payload as { how?: string }).how])).toEqual([
      ["leader.elected", "first"],
      ["leader.released", undefined],
      ["leader.elected", "released"],
    ]);
    await close();
  });

  it("a leader that cannot reach the store stops leading before the database lets anyone else take the lease", async () => {
    const store = await fresh();
    // The store as the leader's process sees it, which can go away.
    const link = cuttable(store.db, "refused");
    const db = link.db;
    const a = leader(db, "a-east", 600);
    await a.tick();
    const term = a.term();
    if (!term) throw new Error("a should lead");
    a.start();
    await new Promise((r) => setTimeout(r, 300));
    link.down = true;
    await expect.poll(() => term.signal.aborted, { timeout: 2000 }).toBe(true);
    const stoppedAt = Date.now();
    const lease = await readLease(store.db);
    // The database still holds the lease for A at that instant: no successor could have led yet.
    expect(lease?.holder).toBe("a-east");
    expect(lease?.expiresAt.getTime()).toBeDefined();
    expect(lease?.expiresAt.getTime() ?? 0).toBeGreaterThan(stoppedAt);
    link.down = false;
    await a.stop();
  });
});

describePostgres("leader lease, racing connections", (fresh) => {
  it("a successor cannot take the lease while the leader's fenced write is still open; it takes it after, with the next token", async () => {
    const { stores, close } = await replicasOf(fresh);
    const a = leader(stores[0].db, "a-east", 200);
    const b = leader(stores[1].db, "b-west", 5000);
    await a.tick();
    const term = a.term();
    if (!term) throw new Error("a should lead");
    let takeover: Promise<void> | null = null;
    let tookOverDuringWrite = false;
    await stores[0].db.transaction(async (tx) => {
      await a.check(tx, term);
      // The lease lapses while the write is open; B tries now.
      await new Promise((r) => setTimeout(r, 400));
      takeover = b.tick();
      await new Promise((r) => setTimeout(r, 300));
      tookOverDuringWrite = b.isLeader();
      await tx.execute(sql`INSERT INTO settings (key, value, updated_at) VALUES ('a-term-write', 'a', now())`);
    });
    await takeover;
    expect(tookOverDuringWrite).toBe(false);
    expect(b.view()).toMatchObject({ role: "leader", leader: { token: 2 } });
    await close();
  });
});
