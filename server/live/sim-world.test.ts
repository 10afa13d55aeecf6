import { afterEach, expect, it } from "vitest";
import { scaledClock, systemClock } from "@/server/clock";
import { openStore, readSetting, type Store } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { SimWorld } from "@/server/providers/sim";
import { never, PRIMARY, SECONDARY, simConfig } from "@/server/providers/sim/testing";
import { followSharedWorld, sharedSimWorld, SIM_WORLD_KEY } from "./sim-world";

const closers: (() => Promise<void>)[] = [];
/** Registered inside each suite, after the store's own: after-hooks run last-registered first, so these stop before the store closes. */
function closeConsolesAfterEach(): void {
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
}

/** Another process on the same database: its own connections (PGlite lives in one process, so there both share it). */
async function sameDatabase(store: Store): Promise<Store> {
  if (store.target.kind === "pglite") return store;
  const other = await openStore(store.target);
  closers.push(() => other.close());
  return other;
}

/** What a console in sim mode builds at start (server/runtime.ts): the world on the shared row, following the others. */
async function console_(store: Store, speed = 1) {
  const deps = await sharedSimWorld(store.db, speed, systemClock);
  const world = new SimWorld(simConfig(), deps.worldClock, { seed: 7, operationDelayMs: 0, saved: deps.saved, store: deps.store });
  const adopted: number[] = [];
  const stop = await followSharedWorld(store, deps.store, world, (yes) => void (yes && adopted.push(world.revision)));
  closers.push(stop);
  return { world, deps, adopted };
}

const active = (world: SimWorld) =>
  world
    .faults()
    .filter((f) => f.active)
    .map((f) => `${f.region}/${f.fault}`)
    .sort();

describeStores("one simulated world shared by every console on the store", (fresh) => {
  closeConsolesAfterEach();
  it("a fault toggled on console A is on in console B's world, and off again when A turns it off", async () => {
    const store = await fresh();
    const a = await console_(store);
    const b = await console_(await sameDatabase(store));
    await a.world.setFault(PRIMARY, "region-outage", true);
    await expect.poll(() => active(b.world), { timeout: 5000 }).toEqual([`${PRIMARY}/region-outage`]);
    // B's reads act on it: the dark region's health checks fail there too.
    const checks = await b.world.readHealthChecks(PRIMARY, never());
    expect(checks.every((c) => !c.healthy)).toBe(true);
    await a.world.setFault(PRIMARY, "region-outage", false);
    await expect.poll(() => active(b.world), { timeout: 5000 }).toEqual([]);
  });

  it("faults toggled on both consoles at the same moment are all kept (each applied to the latest saved world under the row lock)", async () => {
    const store = await fresh();
    const a = await console_(store);
    const b = await console_(await sameDatabase(store));
    await Promise.all([
      a.world.setFault(PRIMARY, "lag-spike", true),
      b.world.setFault(SECONDARY, "throttling", true),
      a.world.setFault(SECONDARY, "lying-health-check", true),
      b.world.setFault(PRIMARY, "control-plane-outage", true),
    ]);
    const all = [`${PRIMARY}/control-plane-outage`, `${PRIMARY}/lag-spike`, `${SECONDARY}/lying-health-check`, `${SECONDARY}/throttling`];
    await expect.poll(() => active(a.world), { timeout: 5000 }).toEqual(all);
    await expect.poll(() => active(b.world), { timeout: 5000 }).toEqual(all);
    const stored = JSON.parse((await readSetting(store.db, SIM_WORLD_KEY)) ?? "{}") as { faults: { region: string; fault: string; active: boolean }[] };
    expect(stored.faults.filter((f) => f.active).map((f) => `${f.region}/${f.fault}`).sort()).toEqual(all);
  });

  it("a console that missed the announcement (its listener was reconnecting) still keeps the other's toggle when it saves", async () => {
    const store = await fresh();
    const depsA = await sharedSimWorld(store.db, 1, systemClock);
    const a = new SimWorld(simConfig(), depsA.worldClock, { seed: 7, operationDelayMs: 0, saved: depsA.saved, store: depsA.store });
    const other = await sameDatabase(store);
    const depsB = await sharedSimWorld(other.db, 1, systemClock);
    const b = new SimWorld(simConfig(), depsB.worldClock, { seed: 7, operationDelayMs: 0, saved: depsB.saved, store: depsB.store });
    // Neither follows the other: only the row lock and the reload under it stand between B and last-writer-wins.
    await a.setFault(PRIMARY, "lag-spike", true);
    await b.setFault(SECONDARY, "throttling", true);
    expect(active(b)).toEqual([`${PRIMARY}/lag-spike`, `${SECONDARY}/throttling`]);
    const stored = JSON.parse((await readSetting(store.db, SIM_WORLD_KEY)) ?? "{}") as { rev: number; faults: { region: string; fault: string; active: boolean }[] };
    expect(stored.faults.filter((f) => f.active).map((f) => `${f.region}/${f.fault}`).sort()).toEqual([`${PRIMARY}/lag-spike`, `${SECONDARY}/throttling`]);
    expect(stored.rev).toBe(2);
  });

  it("a write through console A (a runbook's step) is what console B's world reads", async () => {
    const store = await fresh();
    const a = await console_(store);
    const b = await console_(await sameDatabase(store));
    await a.world.writeAuthority(PRIMARY, { role: "fenced", epoch: 2, updatedBy: "run r1" }, never());
    await expect.poll(async () => (await b.world.readAuthority(PRIMARY, never())).role, { timeout: 5000 }).toBe("fenced");
    // And B's next write starts from it: its own change does not roll A's back.
    await b.world.writeAppRole(PRIMARY, "passive", never());
    await expect.poll(async () => (await a.world.readAppRole(PRIMARY, never())).role, { timeout: 5000 }).toBe("passive");
    expect(await a.world.readAuthority(PRIMARY, never())).toMatchObject({ role: "fenced", epoch: 2 });
  });

  it("a console that starts later carries on from the running world, and both worlds keep one time", async () => {
    const store = await fresh();
    const a = await console_(store, 10);
    await a.world.setFault(SECONDARY, "lag-spike", true);
    const b = await console_(await sameDatabase(store), 10);
    expect(b.world.restored).toBe(true);
    expect(active(b.world)).toEqual([`${SECONDARY}/lag-spike`]);
    // The world clocks agree (within the test's own few ms at 10× speed).
    const drift = Math.abs(b.deps.worldClock.now().getTime() - a.deps.worldClock.now().getTime());
    expect(drift).toBeLessThan(500);
  });

  it("a console whose clock started on its own takes over the first saver's mapping of world time", () => {
    const wall = { now: 1_000_000 };
    const first = scaledClock(10, () => wall.now);
    wall.now += 5_000;
    const second = scaledClock(10, () => wall.now);
    expect(first.now().getTime() - second.now().getTime()).toBe(45_000);
    second.anchor(first.now().getTime(), wall.now);
    wall.now += 1_000;
    expect(second.now().getTime()).toBe(first.now().getTime());
    expect(second.toWall(second.now().getTime())).toBe(wall.now);
  });
});
