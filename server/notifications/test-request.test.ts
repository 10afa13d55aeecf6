import { afterEach, expect, it } from "vitest";
import type { SessionUser } from "@/lib/session";
import { AUDIT_ACTIONS } from "@/server/audit";
import { manualClock } from "@/server/clock";
import { tables, type Store } from "@/server/db";
import { anotherConnection, describeStores } from "@/server/db/testing";
import { ServiceError } from "@/server/errors";
import { requestTest, TEST_INTERVAL_MS } from "./test-request";

const ADA: SessionUser = { id: "u-ada", name: "Ada Admin", username: "ada", provider: "local", roles: ["viewer", "admin"] };
const AVERY: SessionUser = { id: "u-avery", name: "Avery Admin", username: "avery", provider: "local", roles: ["viewer", "admin"] };
const SLOW = 60_000;

const opened: Store[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

describeStores("test notification", (fresh) => {
  it("one a minute across every admin and connection: the second is refused with 429 and when it may go, racing clicks send one", async () => {
    const store = await fresh();
    const other = await anotherConnection(store);
    opened.push(other);
    const clock = manualClock();
    const tests = async () => (await store.db.select().from(tables.audit)).filter((r) => r.action === AUDIT_ACTIONS.notificationTestRequested);
    // Two admins on two replicas click at once: exactly one goes.
    const raced = await Promise.allSettled([requestTest(store.db, clock, ADA), requestTest(other.db, clock, AVERY)]);
    expect(raced.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = raced.find((r) => r.status === "rejected")?.reason as ServiceError;
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused.code).toBe("rate_limited");
    expect(refused.details).toEqual({ retryAfterSeconds: 60 });
    expect(refused.message).toMatch(/sent a test notification less than a minute ago; the next may go in 60 s/);
    expect(await tests()).toHaveLength(1);
    clock.advance(TEST_INTERVAL_MS - 1_000);
    await expect(requestTest(store.db, clock, ADA)).rejects.toMatchObject({ code: "rate_limited", details: { retryAfterSeconds: 1 } });
    clock.advance(1_000);
    await requestTest(store.db, clock, ADA);
    expect(await tests()).toHaveLength(2);
  }, SLOW);

  it("is refused to anyone without the admin role", async () => {
    const store = await fresh();
    await expect(requestTest(store.db, manualClock(), { ...ADA, roles: ["viewer", "operator"] })).rejects.toMatchObject({ code: "forbidden" });
  }, SLOW);
});
