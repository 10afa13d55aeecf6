import { eq } from "drizzle-orm";
import { lastLagInto } from "@/lib/lag";
import type { Runbook } from "@/lib/proposals";
import { scaledClock, type Clock } from "@/server/clock";
import { approve, propose } from "@/server/approvals";
import { seedUser } from "@/server/approvals/testing";
import { tables, type Db } from "@/server/db";
import type { Fence } from "@/server/leader";
import { checkNow } from "@/server/monitor/check-now";
import type { RegionProvider } from "@/server/providers";
import { SimWorld, type SimWorldOptions } from "@/server/providers/sim";
import { simConfig } from "@/server/providers/sim/testing";
import { Executor } from "./executor";
import type { FreshEyes } from "./fresh-eyes";
import { checklistFor } from "./preconditions";
import { planFromSnapshot } from "./start";

export const EAST = "us-east-1";
export const WEST = "us-west-2";
/** Sim clock speed for executor tests: a 30 s step timeout is 300 ms of wall time, the 60 s re-protect 600 ms. */
const SPEED = 100;

/**
 * A sim world, two people and a way to build executors over one store — what a console process
 * has. `executor()` can be called again to stand for a restarted console on the same database.
 */
export async function harness(db: Db, options: SimWorldOptions = {}, configOverrides: Record<string, unknown> = {}, speed = SPEED) {
  const config = simConfig(configOverrides);
  const clock: Clock = scaledClock(speed);
  const world = new SimWorld(config, clock, { seed: 7, operationDelayMs: 0, operationTimeScale: 0, lagSpikes: false, ...options });
  const olivia = await seedUser(db, "olivia", ["operator"]);
  const alice = await seedUser(db, "alice", ["approver"]);
  const regions = [config.regions[0], config.regions[1]] as const;
  const now = (provider: RegionProvider = world) => checkNow({ provider, clock, regions, callTimeoutMs: 3000, lagBudgetMs: config.replication.lagBudgetMs });

  /** A console's executor; `fence` and `store` stand for another replica (its own lease, its own connections). */
  function executor(provider: RegionProvider = world, fence?: Fence, store: Db = db): Executor {
    return new Executor({ db: store, clock, provider, lagBudgetMs: config.replication.lagBudgetMs, pollMs: 500, backoff: { baseMs: 200, maxMs: 2000 }, world: () => now(provider), fence });
  }

  /** Olivia proposes with the evidence of this moment, Alice approves: returns the run's id. */
  async function approved(runbook: Runbook, target: string, reason = "drill: move writes", unplannedMethod: "failover" | "detach" = "failover"): Promise<string> {
    const view = await now();
    const readiness = checklistFor(view.readiness, runbook, target);
    if (!readiness) throw new Error(`no checklist for ${runbook} to ${target}`);
    const source = target === EAST ? WEST : EAST;
    // The monitor's figure, as proposeNow reads it (a world with no lag reading yet states 0).
    const lag = lastLagInto(view, target) ?? { lagMs: 0, observedAt: null };
    const input = { runbook, targetRegion: target, reason, ...(runbook === "unplanned-failover" ? { dataLossAck: { acknowledged: true as const } } : {}) };
    const p = await propose(db, clock, { user: olivia, input, sourceRegion: source, readiness, lag });
    const done = await approve(db, clock, {
      user: alice,
      proposalId: p.id,
      input: { contentHash: p.contentHash },
      reauth: { method: "password", verified: true },
      run: planFromSnapshot(view, unplannedMethod, config.runbooks.fenceDownRegionSeconds * 1000),
    });
    if (!done.runId) throw new Error("the approval started no run");
    return done.runId;
  }

  /**
   * What resume and retry re-check (fresh-eyes.ts): the TTL (default the config's 15 min), the
   * monitor's view — here the last fresh read, as a monitor that polled just now — and a fresh read.
   */
  let seen = await now();
  const fresh = (ttlMs = 15 * 60_000): FreshEyes => ({
    ttlMs,
    view: () => seen,
    world: async () => (seen = await now()),
  });

  return { config, clock, world, olivia, alice, executor, approved, now, fresh };
}

export async function stepsOf(db: Db, runId: string) {
  return db.select().from(tables.runSteps).where(eq(tables.runSteps.runId, runId)).orderBy(tables.runSteps.idx);
}

/** Waits (wall time) until `check` holds, for runs driven in the background. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export type Method = Exclude<keyof RegionProvider, "kind">;

/**
 * The world seen through a recording wrapper: every call is counted, and `hook` may act before or
 * after a call (fail it, stop a console mid-step, look at the world).
 */
export function spied(world: RegionProvider, hook: (method: Method, phase: "before" | "after", args: unknown[]) => void | Promise<void> = () => undefined) {
  const calls: { method: Method; args: unknown[] }[] = [];
  const provider = new Proxy(world, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== "function" || prop === "close") return value;
      const method = prop as Method;
      return async (...args: unknown[]) => {
        calls.push({ method, args });
        await hook(method, "before", args);
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        await hook(method, "after", args);
        return result;
      };
    },
  });
  return { provider, calls, count: (method: Method) => calls.filter((c) => c.method === method).length };
}
