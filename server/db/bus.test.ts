import { describe, expect, it } from "vitest";
import { CHANNELS, listenJson, notify } from "./bus";
import { describeStores } from "./testing";

describeStores("LISTEN/NOTIFY bus", (fresh) => {
  it("delivers a notification sent in a transaction only once it commits", async () => {
    const store = await fresh();
    const heard: unknown[] = [];
    const stop = await listenJson(store, CHANNELS.runs, (p) => heard.push(p), () => undefined);
    await store.db
      .transaction(async (tx) => {
        await notify(tx, CHANNELS.runs, { runId: "r-rolled-back" });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await store.db.transaction(async (tx) => notify(tx, CHANNELS.runs, { runId: "r1", action: "abort" }));
    await expect.poll(() => heard, { timeout: 5000 }).toEqual([{ runId: "r1", action: "abort" }]);
    await stop();
  });

  it("refuses a payload over NOTIFY's limit instead of losing it", async () => {
    const store = await fresh();
    await expect(notify(store.db, CHANNELS.changes, { big: "x".repeat(9000) })).rejects.toThrow(/too large/);
  });
});

describe("channel names", () => {
  it("are plain identifiers", () => {
    for (const c of Object.values(CHANNELS)) expect(c).toMatch(/^[a-z_]+$/);
  });
});
