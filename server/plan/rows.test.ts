import { expect, it } from "vitest";
import type { PlanResult } from "@/lib/plan";
import { anotherConnection, describeStores } from "@/server/db/testing";
import { claimPlanRun, finishPlanRun, readPlanRow, releasePlanRun } from "./rows";

const AT = new Date("2026-01-01T00:00:00.000Z");
const STALE_MS = 5 * 60_000;
const claim = (id: string, since = AT, by = "a") => ({ id, since, by, requestedBy: id === "c1" ? "Ada Admin" : null });
const result = (passed: number, at = AT): PlanResult => ({
  passed,
  total: 3,
  warned: 0,
  evaluatedAt: at.toISOString(),
  durationMs: 12,
  trigger: "schedule",
  requestedBy: null,
  failing: [],
});

describeStores("plan_checks row (migration 0015)", (fresh) => {
  it("starts empty; one claim at a time across connections; the result survives a new connection and releases the claim", async () => {
    const first = await fresh();
    const second = await anotherConnection(first);
    expect(await readPlanRow(first.db)).toEqual({ last: null, running: null });
    const [x, y] = await Promise.all([claimPlanRun(first.db, claim("c1"), STALE_MS), claimPlanRun(second.db, claim("c2"), STALE_MS)]);
    expect([x, y].filter(Boolean)).toHaveLength(1);
    const winner = x ? "c1" : "c2";
    expect((await readPlanRow(second.db)).running).toMatchObject({ id: winner, since: AT, by: "a" });
    expect(await finishPlanRun(second.db, winner, result(3))).toBe(true);
    const third = await anotherConnection(first);
    expect(await readPlanRow(third.db)).toEqual({ last: result(3), running: null });
    await Promise.all([second.close(), third.close()]);
  });

  it("a claim older than the limit may be taken over; the old run's late result is then not stored", async () => {
    const { db } = await fresh();
    expect(await claimPlanRun(db, claim("old"), STALE_MS)).toBe(true);
    expect(await claimPlanRun(db, claim("young", new Date(AT.getTime() + STALE_MS - 1)), STALE_MS)).toBe(false);
    expect(await claimPlanRun(db, claim("new", new Date(AT.getTime() + STALE_MS + 1), "b"), STALE_MS)).toBe(true);
    expect(await finishPlanRun(db, "old", result(0))).toBe(false);
    await releasePlanRun(db, "old");
    expect((await readPlanRow(db)).running).toMatchObject({ id: "new", by: "b" });
    expect(await finishPlanRun(db, "new", result(2))).toBe(true);
    expect(await readPlanRow(db)).toEqual({ last: result(2), running: null });
  });
});
