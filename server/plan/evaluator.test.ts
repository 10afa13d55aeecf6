import { expect, it, vi } from "vitest";
import type { PlanResult } from "@/lib/plan";
import { auditRecords } from "@/server/approvals/testing";
import { manualClock, systemClock } from "@/server/clock";
import { anotherConnection, describeStores } from "@/server/db/testing";
import { ServiceError } from "@/server/errors";
import { Leadership } from "@/server/leader";
import { Monitor } from "@/server/monitor/monitor";
import { simConfig, testWorld } from "@/server/providers/sim/testing";
import type { CheckRow } from "@/server/tools/run-checks";
import { runPlanChecks } from "./checks";
import { testPlanEvaluator } from "./testing";

// Issue 15 §7: the doctor's checks run inside the console, on the leader's schedule and on an
// admin's demand, against the simulated world; the result is stored and every replica's snapshot shows it.
const config = simConfig();
const ADMIN = { id: "admin-1", name: "Ada Admin" };

function simWorld() {
  const { world, clock } = testWorld();
  const check = vi.fn(() => runPlanChecks({ config, provider: world, clock }, () => performance.now()));
  return { world, clock, check };
}

const monitorOver = (db: Parameters<typeof testPlanEvaluator>[0], world: ReturnType<typeof testWorld>["world"], plan: () => ReturnType<ReturnType<typeof testPlanEvaluator>["status"]>) =>
  new Monitor({ config, provider: world, faults: world, clock: systemClock, db, plan });

describeStores("the failover plan, evaluated all the time", (fresh) => {
  it("the leader's scheduled evaluation is stored and shown by every replica's snapshot; a follower never evaluates on schedule", async () => {
    const first = await fresh();
    const second = await anotherConnection(first);
    const a = new Leadership({ db: first.db, clock: systemClock, replica: "a", region: null, ttlMs: 60_000 });
    const b = new Leadership({ db: second.db, clock: systemClock, replica: "b", region: null, ttlMs: 60_000 });
    await a.tick();
    await b.tick();
    const { world, clock, check } = simWorld();
    const followerCheck = vi.fn(() => runPlanChecks({ config, provider: world, clock }, () => performance.now()));
    const leader = testPlanEvaluator(first.db, clock, { replica: "a", asLeader: a.asLeader, check });
    const follower = testPlanEvaluator(second.db, clock, { replica: "b", asLeader: b.asLeader, check: followerCheck });

    // Before any evaluation the snapshot says so (null result), not "0/0 passed".
    await follower.tick();
    expect(follower.status()).toMatchObject({ last: null, running: null, intervalMinutes: 30 });
    expect(followerCheck).not.toHaveBeenCalled();

    await leader.tick();
    expect(check).toHaveBeenCalledTimes(1);
    await follower.tick();
    expect(followerCheck).not.toHaveBeenCalled();
    const monitor = monitorOver(second.db, world, () => follower.status());
    monitor.refresh();
    const plan = monitor.snapshot().plan;
    // Per region: 2 rds, lag, 1 health check, 1 routing control, authority, app role, readiness; plus the safety rules.
    expect(plan?.last).toMatchObject({ total: 17, passed: 17, trigger: "schedule", requestedBy: null, failing: [] });
    expect(plan?.last?.evaluatedAt).toBe(clock.now().toISOString());
    expect(monitor.snapshot().findings.filter((f) => f.kind === "plan-check-failed")).toEqual([]);

    // Still fresh: neither a second tick nor a restarted leader re-runs it; 30 minutes later the leader does.
    await leader.tick();
    await testPlanEvaluator(first.db, clock, { replica: "a", asLeader: a.asLeader, check }).tick();
    expect(check).toHaveBeenCalledTimes(1);
    clock.advance(30 * 60_000);
    await follower.tick();
    expect(followerCheck).not.toHaveBeenCalled();
    await leader.tick();
    expect(check).toHaveBeenCalledTimes(2);
    await Promise.all([a.stop(), b.stop()]);
    await second.close();
  });

  it("a drill fault that breaks a prerequisite fails its check on the next evaluation, shown as a finding with its fix", async () => {
    const { db } = await fresh();
    const { world, clock, check } = simWorld();
    const evaluator = testPlanEvaluator(db, clock, { check });
    const monitor = monitorOver(db, world, () => evaluator.status());
    expect((await evaluator.evaluateNow(ADMIN)).failing).toEqual([]);

    await world.setFault("us-east-1", "control-plane-outage", true);
    const result = await evaluator.evaluateNow(ADMIN);
    const failed = result.failing.map((f) => `${f.region} ${f.service} ${f.check}`);
    expect(failed).toEqual(
      expect.arrayContaining(["us-east-1 rds global cluster demo-global", "us-east-1 rds member cluster demo-us-east-1", "us-east-1 authority authority flag", "us-east-1 appRole app role"]),
    );
    expect(failed.every((f) => f.startsWith("us-east-1"))).toBe(true);
    expect(result.passed).toBe(result.total - result.failing.length);
    const rds = result.failing.find((f) => f.service === "rds");
    expect(rds?.detail).toMatch(/^unavailable: .*unavailable \(simulated control-plane outage\)/);
    expect(rds?.fix).toMatch(/rds in us-east-1 did not answer/);

    monitor.refresh();
    const snapshot = monitor.snapshot();
    expect(snapshot.plan?.last?.failing).toHaveLength(result.failing.length);
    const finding = snapshot.findings.find((f) => f.id === "plan-check-failed:us-east-1:rds:global cluster demo-global");
    expect(finding).toMatchObject({ kind: "plan-check-failed", severity: "warning", region: "us-east-1", detail: `Fix: ${rds?.fix}` });
    expect(finding?.evidence[0]).toMatchObject({ value: rds?.detail, observedAt: result.evaluatedAt });

    // Fault off: the next evaluation passes and the findings clear.
    await world.setFault("us-east-1", "control-plane-outage", false);
    expect((await evaluator.evaluateNow(ADMIN)).failing).toEqual([]);
    monitor.refresh();
    expect(monitor.snapshot().findings.filter((f) => f.kind === "plan-check-failed")).toEqual([]);
  });

  it("a region outage makes the region's reads time out: its checks fail with a timeout, the other region's pass", async () => {
    const { db } = await fresh();
    const fast = simConfig({ monitor: { callTimeoutMs: 200 } });
    const { world, clock } = testWorld({}, fast);
    const evaluator = testPlanEvaluator(db, clock, { check: () => runPlanChecks({ config: fast, provider: world, clock }, () => performance.now()) });
    await world.setFault("us-west-2", "region-outage", true);
    const result = await evaluator.evaluateNow(ADMIN);
    const failed = result.failing.map((f) => `${f.region} ${f.service} ${f.check}: ${f.detail.split(":", 1)[0] ?? ""}`);
    expect(failed).toEqual(
      expect.arrayContaining([
        "us-west-2 rds global cluster demo-global: timeout",
        "us-west-2 cloudwatch lag metrics: timeout",
        "us-west-2 authority authority flag: timeout",
        "us-west-2 readiness readiness probe: timeout",
      ]),
    );
    expect(result.failing.every((f) => f.region === "us-west-2")).toBe(true);
  });

  it("on demand: audited, shown as running meanwhile, and a second run while one is going on is refused with a conflict", async () => {
    const first = await fresh();
    const second = await anotherConnection(first);
    const clock = manualClock();
    let release: (rows: CheckRow[]) => void = () => undefined;
    const slow = () => new Promise<CheckRow[]>((resolve) => (release = resolve));
    const one = testPlanEvaluator(first.db, clock, { replica: "a", check: slow });
    const other = testPlanEvaluator(second.db, clock, { replica: "b" });

    const running = one.evaluateNow(ADMIN);
    await vi.waitFor(() => expect(one.status()?.running).toEqual({ since: clock.now().toISOString(), requestedBy: "Ada Admin" }));
    const refused = await other.evaluateNow({ id: "admin-2", name: "Ali Admin" }).then(() => null, (err: unknown) => err);
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused).toMatchObject({ code: "conflict", message: expect.stringContaining("asked by Ada Admin") });
    // The schedule does not start one either.
    await other.tick();
    expect(other.status()?.running).not.toBeNull();

    release([
      { region: "us-east-1", service: "rds", check: "global cluster g", result: "OK", latencyMs: 3, detail: "status available" },
      { region: "us-west-2", service: "readiness", check: "readiness probe", result: "FAIL", latencyMs: 3, detail: "not_found: GET https://x/ready answered HTTP 404" },
    ]);
    const result: PlanResult = await running;
    expect(result).toMatchObject({ passed: 1, total: 2, trigger: "admin", requestedBy: "Ada Admin" });
    expect(result.failing[0]?.fix).toMatch(/regions\[\]\.readiness\.url/);
    await other.refresh();
    expect(other.status()).toMatchObject({ running: null, last: result });
    expect((await auditRecords(first.db)).filter((r) => r.action === "plan.evaluation_requested")).toMatchObject([{ actorName: "Ada Admin", payload: { replica: "a" } }]);
    // Free again: the other replica may run one now.
    await expect(other.evaluateNow({ id: "admin-2", name: "Ali Admin" })).resolves.toMatchObject({ passed: 1, total: 1 });
    await second.close();
  });

  it("on demand at most once per cooldown after the last result, across admins and replicas; the schedule is not held back", async () => {
    const first = await fresh();
    const second = await anotherConnection(first);
    const clock = manualClock();
    const check = vi.fn(async (): Promise<CheckRow[]> => [{ region: "us-east-1", service: "rds", check: "global cluster g", result: "OK", latencyMs: 1, detail: "ok" }]);
    const a = testPlanEvaluator(first.db, clock, { replica: "a", check, cooldownMs: 30_000 });
    const b = testPlanEvaluator(second.db, clock, { replica: "b", check, cooldownMs: 30_000 });
    // The first run ever is not held back.
    await a.evaluateNow(ADMIN);
    expect(check).toHaveBeenCalledTimes(1);

    // 10 s later, another admin on another replica: refused, with when to ask again; nothing ran or was audited.
    clock.advance(10_000);
    const refused = await b.evaluateNow({ id: "admin-2", name: "Ali Admin" }).then(() => null, (err: unknown) => err);
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused).toMatchObject({ code: "rate_limited", details: { retryAfterSeconds: 20 }, message: expect.stringContaining("evaluated 10 s ago; evaluate again in 20 s") });
    expect(check).toHaveBeenCalledTimes(1);
    expect((await auditRecords(first.db)).filter((r) => r.action === "plan.evaluation_requested")).toHaveLength(1);
    await b.refresh();
    expect(b.status()?.running).toBeNull();

    // Racing clicks on both replicas once the cooldown is over: exactly one runs.
    clock.advance(20_000);
    const both = await Promise.allSettled([a.evaluateNow(ADMIN), b.evaluateNow({ id: "admin-2", name: "Ali Admin" })]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(check).toHaveBeenCalledTimes(2);

    // The leader's schedule is not held back by the cooldown (here longer than the schedule's interval).
    clock.advance(30 * 60_000);
    await testPlanEvaluator(first.db, clock, { replica: "a", check, cooldownMs: 60 * 60_000 }).tick();
    expect(check).toHaveBeenCalledTimes(3);
    await second.close();
  });

  it("a failing run releases its claim and keeps the previous result", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const good = testPlanEvaluator(db, clock);
    const before = await good.evaluateNow(ADMIN);
    const broken = testPlanEvaluator(db, clock, { check: () => Promise.reject(new Error("boom")) });
    await expect(broken.evaluateNow(ADMIN)).rejects.toThrow("boom");
    expect(broken.status()).toMatchObject({ running: null, last: before });
  });
});
