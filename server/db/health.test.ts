import { describe, expect, it } from "vitest";
import { manualClock } from "@/server/clock";
import { ServiceError } from "@/server/errors";
import { requireStore, StoreHealth } from "./health";

/** A store whose next answers the test decides: "ok", an error, or never. */
function scriptedStore() {
  let next: "ok" | "hang" | Error = "ok";
  return {
    set: (answer: "ok" | "hang" | Error) => (next = answer),
    db: {
      execute: () => (next === "ok" ? Promise.resolve({ rows: [] }) : next === "hang" ? new Promise<never>(() => undefined) : Promise.reject(next)),
    },
  };
}

describe("store health probe", () => {
  it("reachable → unreachable since the first failure, with the error → reachable again", async () => {
    const clock = manualClock(new Date("2026-01-01T07:00:00.000Z"));
    const store = scriptedStore();
    const health = new StoreHealth({ db: store.db, clock, timeoutMs: 1000 });
    const changes: string[] = [];
    health.onChange((s) => changes.push(s.status));
    expect(health.isReachable()).toBe(true);
    expect((await health.check()).status).toBe("reachable");

    store.set(new Error("connect ECONNREFUSED 10.0.0.5:5432"));
    expect(await health.check()).toEqual({ status: "unreachable", since: "2026-01-01T07:00:00.000Z", error: "connect ECONNREFUSED 10.0.0.5:5432", checkedAt: "2026-01-01T07:00:00.000Z" });
    clock.advance(5000);
    const later = await health.check();
    expect(later).toMatchObject({ status: "unreachable", since: "2026-01-01T07:00:00.000Z", checkedAt: "2026-01-01T07:00:05.000Z" });
    expect(health.isReachable()).toBe(false);
    expect(() => requireStore(health)).toThrow(ServiceError);
    expect(() => requireStore(health)).toThrow("store unreachable since 2026-01-01T07:00:00.000Z: actions paused");

    store.set("ok");
    expect((await health.check()).status).toBe("reachable");
    expect(() => requireStore(health)).not.toThrow();
    expect(changes).toEqual(["unreachable", "reachable"]);
  });

  it("a store that does not answer within the timeout is unreachable", async () => {
    const clock = manualClock();
    const store = scriptedStore();
    store.set("hang");
    const health = new StoreHealth({ db: store.db, clock, timeoutMs: 1500 });
    const checking = health.check();
    await Promise.resolve();
    clock.advance(1500);
    expect(await checking).toMatchObject({ status: "unreachable", error: 'no answer to "select 1" within 1500 ms' });
  });
});
