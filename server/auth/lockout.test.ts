import { describe, expect, it } from "vitest";
import { manualClock } from "@/server/clock";
import { tables } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { checkPasswordLimited, LOCKOUT_FORGET_MS, lockDurationMs, lockOf } from "./lockout";

const failed = (account: string) => ({ account, actor: { id: account, name: account }, via: "login" as const, ip: null });

describe("lock durations", () => {
  it("nothing before the 5th failure, then 1, 2, 4, 8 minutes, capped at 15", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1000].map((n) => lockDurationMs(n) / 60_000)).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 15, 15, 15]);
  });
});

describeStores("per-account password limiter", (fresh) => {
  it("guesses sent all at once still get at most five checks: each is counted before it is checked", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    let checks = 0;
    const slowWrong = async () => {
      checks++;
      await new Promise((r) => setTimeout(r, 20));
      return false;
    };
    const outcomes = await Promise.all(Array.from({ length: 40 }, () => checkPasswordLimited(db, clock, failed("local:adam"), slowWrong)));
    expect(checks).toBe(5);
    expect(outcomes.filter((o) => o.status === "locked")).toHaveLength(35);
    expect((await db.select().from(tables.audit)).map((a) => a.action)).toEqual(["auth.locked_out"]);
  });

  it("a success forgets the count; a day without failures forgets it too; other accounts are untouched", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const wrong = async () => false;
    for (let i = 0; i < 4; i++) await checkPasswordLimited(db, clock, failed("local:adam"), wrong);
    expect(await checkPasswordLimited(db, clock, failed("local:adam"), async () => true)).toEqual({ status: "ok" });
    for (let i = 0; i < 4; i++) await checkPasswordLimited(db, clock, failed("local:adam"), wrong);
    expect(await lockOf(db, clock, "local:adam")).toEqual({ locked: false });
    clock.advance(LOCKOUT_FORGET_MS + 1);
    // Four old failures forgotten: this fifth is the first of a new count, no lock.
    await checkPasswordLimited(db, clock, failed("local:adam"), wrong);
    expect(await lockOf(db, clock, "local:adam")).toEqual({ locked: false });
    for (let i = 0; i < 4; i++) await checkPasswordLimited(db, clock, failed("local:adam"), wrong);
    expect(await lockOf(db, clock, "local:adam")).toMatchObject({ locked: true, retryAfterSeconds: 60 });
    expect(await lockOf(db, clock, "local:vera")).toEqual({ locked: false });
  });
});
