import { expect, it } from "vitest";
import type { Finding } from "@/lib/findings";
import { AUDIT_ACTIONS } from "@/server/audit";
import { manualClock } from "@/server/clock";
import { tables } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { unfenced } from "@/server/leader";
import { CriticalHeldRecorder } from "./held";

const split: Finding = { id: "split-brain", kind: "split-brain", severity: "critical", region: null, title: "Split brain", detail: "both regions accept writes", evidence: [] };

// A fresh store each test, real sockets and retries, on a machine that may be busy.
const SLOW = 60_000;

describeStores("critical finding held", (fresh) => {
  it("records a critical finding once it has held (time and two polls), once per hold, and again after it cleared", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    let cycles = 0;
    const monitor = { subscribe: () => () => undefined, warmedUp: () => true, pollCycles: () => cycles };
    const recorder = new CriticalHeldRecorder({ clock, monitor, holdSeconds: 15, asLeader: unfenced(db) });
    const step = async (findings: Finding[], ms: number) => {
      clock.advance(ms);
      cycles += 1;
      recorder.onSnapshot(findings);
      await recorder.stop();
    };
    const held = async () => (await db.select().from(tables.audit)).filter((r) => r.action === AUDIT_ACTIONS.findingCriticalHeld);
    await step([split], 0);
    await step([split], 10_000);
    expect(await held()).toHaveLength(0);
    await step([split], 6_000);
    await step([split], 5_000);
    expect(await held()).toMatchObject([{ payload: { findingId: "split-brain", title: "Split brain", heldMs: 16_000 } }]);
    await step([], 1_000);
    await step([split], 1_000);
    await step([split], 20_000);
    await step([split], 1_000);
    expect(await held()).toHaveLength(2);
  }, SLOW);

  it("a new leader neither reports again a hold its predecessor reported nor misses its clearing; clearing is recorded once", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    let cycles = 0;
    const monitor = { subscribe: () => () => undefined, warmedUp: () => true, pollCycles: () => cycles };
    // Two replicas watching the same world; `leader` says which one may write (the fence in production).
    let leader: "a" | "b" = "a";
    const fencedAs = (me: "a" | "b") => {
      const write = unfenced(db);
      return (async (fn) => (leader === me ? write(fn) : null)) as typeof write;
    };
    const a = new CriticalHeldRecorder({ clock, monitor, holdSeconds: 15, asLeader: fencedAs("a") });
    const b = new CriticalHeldRecorder({ clock, monitor, holdSeconds: 15, asLeader: fencedAs("b") });
    const step = async (findings: Finding[], ms: number) => {
      clock.advance(ms);
      cycles += 1;
      for (const r of [a, b]) {
        r.onSnapshot(findings);
        await r.stop();
      }
    };
    const records = async () =>
      (await db.select().from(tables.audit)).filter((r) => r.action === AUDIT_ACTIONS.findingCriticalHeld || r.action === AUDIT_ACTIONS.findingCriticalCleared).map((r) => r.action);
    await step([split], 0);
    await step([split], 16_000);
    await step([split], 1_000);
    expect(await records()).toEqual([AUDIT_ACTIONS.findingCriticalHeld]);
    // a is deposed; b leads while the finding still holds: no second "held".
    leader = "b";
    await step([split], 5_000);
    await step([split], 5_000);
    expect(await records()).toEqual([AUDIT_ACTIONS.findingCriticalHeld]);
    // It clears: b records it once, though b never wrote the hold itself.
    await step([], 1_000);
    await step([], 1_000);
    expect(await records()).toEqual([AUDIT_ACTIONS.findingCriticalHeld, AUDIT_ACTIONS.findingCriticalCleared]);
    // a leads again and remembers the finding clearing too: the store says it is already recorded.
    leader = "a";
    await step([], 1_000);
    expect(await records()).toEqual([AUDIT_ACTIONS.findingCriticalHeld, AUDIT_ACTIONS.findingCriticalCleared]);
  }, SLOW);

  it("a finding that never held long enough is never reported cleared", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    let cycles = 0;
    const monitor = { subscribe: () => () => undefined, warmedUp: () => true, pollCycles: () => cycles };
    const recorder = new CriticalHeldRecorder({ clock, monitor, holdSeconds: 15, asLeader: unfenced(db) });
    for (const [findings, ms] of [[[split], 0], [[split], 5_000], [[], 1_000], [[], 1_000]] as const) {
      clock.advance(ms);
      cycles += 1;
      recorder.onSnapshot(findings);
      await recorder.stop();
    }
    expect((await db.select().from(tables.audit)).filter((r) => r.action.startsWith("finding."))).toHaveLength(0);
  }, SLOW);
});
