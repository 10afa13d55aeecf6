import { describe, expect, it } from "vitest";
import { checkReadiness, type ReadinessDeps } from "./ready";

const deps = (over: Partial<ReadinessDeps>): ReadinessDeps => {
  let t = 100;
  return { pingStore: async () => undefined, leadership: () => null, timeoutMs: 1_000, now: () => (t += 7), ...over };
};

describe("readiness", () => {
  it("is ready when the store answers, with how long it took and who leads", async () => {
    const report = await checkReadiness(deps({ leadership: () => ({ leader: "replica-a", token: 4 }) }));
    expect(report).toEqual({ status: "ready", store: { reachable: true, latencyMs: 7 }, leadership: { leader: "replica-a", token: 4 } });
  });

  it("is unready with the store's error when the store refuses", async () => {
    const report = await checkReadiness(deps({ pingStore: () => Promise.reject(new Error("connection refused")) }));
    expect(report.status).toBe("unready");
    expect(report.store).toEqual({ reachable: false, error: "connection refused" });
  });

  it("is unready when the store does not answer in time, without waiting for it", async () => {
    const report = await checkReadiness(deps({ pingStore: () => new Promise(() => undefined), timeoutMs: 30 }));
    expect(report).toMatchObject({ status: "unready", store: { reachable: false, error: "no answer within 30 ms" } });
  });

  it("reports leadership as null until there is any, and a failing leadership view does not make it unready", async () => {
    expect((await checkReadiness(deps({}))).leadership).toBeNull();
    const report = await checkReadiness(deps({ leadership: () => { throw new Error("lease row unreadable"); } }));
    expect(report.status).toBe("ready");
    expect(report.leadership).toEqual({ error: "lease row unreadable" });
  });
});
