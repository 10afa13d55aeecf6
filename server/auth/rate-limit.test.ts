import { expect, it } from "vitest";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { manualClock } from "@/server/clock";
import type { Store } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { LOGIN_FAILURE_LIMIT, loginThrottle } from "./rate-limit";

describeStores("login throttle", (fresh) => {
  const fail = (s: Store, clock: ReturnType<typeof manualClock>, username: string, ip: string) =>
    appendAudit(s.db, clock, { actor: username, actorName: username, action: AUDIT_ACTIONS.loginFailed, ip });

  it("allows five failures for a user, refuses the sixth attempt, and lifts after a minute", async () => {
    const store = await fresh();
    const clock = manualClock();
    for (let i = 0; i < LOGIN_FAILURE_LIMIT - 1; i++) {
      await fail(store, clock, "vera", `198.51.100.${i}`);
      clock.advance(1_000);
    }
    expect(await loginThrottle(store.db, clock, "vera", "192.0.2.1")).toEqual({ limited: false });
    await fail(store, clock, "vera", "198.51.100.9");
    // Usernames are case-insensitive, so the limit cannot be dodged by changing case.
    const refused = await loginThrottle(store.db, clock, "VERA", "192.0.2.1");
    expect(refused).toMatchObject({ limited: true, by: "user" });
    expect(refused.limited && refused.retryAfterSeconds).toBe(56);
    clock.advance(56_001);
    expect(await loginThrottle(store.db, clock, "vera", "192.0.2.1")).toEqual({ limited: false });
  });

  it("refuses a client address that failed five times across different usernames", async () => {
    const store = await fresh();
    const clock = manualClock();
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) await fail(store, clock, `user${i}`, "203.0.113.7");
    expect(await loginThrottle(store.db, clock, "someone-else", "203.0.113.7")).toMatchObject({ limited: true, by: "address" });
    expect(await loginThrottle(store.db, clock, "someone-else", "203.0.113.8")).toEqual({ limited: false });
  });

  it("counts only failed logins, not other audit records", async () => {
    const store = await fresh();
    const clock = manualClock();
    for (let i = 0; i < 10; i++) {
      await appendAudit(store.db, clock, { actor: "vera", actorName: "vera", action: AUDIT_ACTIONS.login, ip: "203.0.113.7" });
    }
    expect(await loginThrottle(store.db, clock, "vera", "203.0.113.7")).toEqual({ limited: false });
  });
});
