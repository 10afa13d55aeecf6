import type { Account, User } from "next-auth";
import { encode, type JWT } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { beforeEach, expect, it, vi } from "vitest";
import { PlanEvaluateResponse } from "@/lib/plan";
import { auditRecords } from "@/server/approvals/testing";
import { seedDemoUsers } from "@/server/auth/demo-users";
import { verifyLocalLogin } from "@/server/auth/local-login";
import { authOptions, type AuthRuntime } from "@/server/auth/options";
import { manualClock } from "@/server/clock";
import { parseConfigText } from "@/server/config";
import type { Db } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import type { PlanEvaluator } from "./evaluator";
import { testPlanEvaluator } from "./testing";

// POST /api/plan/evaluate: the admin role is checked in the handler, the run is audited, a
// concurrent second one is a 409. Real next-auth session cookies; only the runtime is replaced.
const state = vi.hoisted(() => ({ rt: null as unknown }));
vi.mock("@/server/runtime", () => ({ getRuntime: async () => state.rt }));
const route = await import("@/app/api/plan/evaluate/route");

const SECRET = "s".repeat(32);
const clock = manualClock();
let db: Db;
let rt: AuthRuntime & { plan: PlanEvaluator };

async function signIn(username: string): Promise<JWT> {
  const user: User | null = await verifyLocalLogin(db, clock, { username, password: `${username}-demo-pass` }, "192.0.2.1");
  if (!user) throw new Error(`login of ${username} failed`);
  const account: Account = { provider: "credentials", type: "credentials", providerAccountId: user.id };
  const jwt = authOptions(rt).callbacks?.jwt;
  if (!jwt) throw new Error("no jwt callback");
  return jwt({ token: {}, user, account, trigger: "signIn" });
}

async function evaluate(as: JWT): Promise<Response> {
  const cookie = await encode({ token: as, secret: SECRET });
  const req = new NextRequest("http://console.test/api/plan/evaluate", {
    method: "POST",
    headers: { cookie: `next-auth.session-token=${cookie}`, host: "console.test", origin: "http://console.test" },
  });
  return route.POST(req, { params: Promise.resolve({}) });
}

describeStores("POST /api/plan/evaluate", (fresh) => {
  beforeEach(async () => {
    db = (await fresh()).db;
    rt = { config: parseConfigText("mode: sim\n", "test.yaml"), db, clock, authSecret: SECRET, secureCookies: false, plan: testPlanEvaluator(db, clock) };
    state.rt = rt;
    await seedDemoUsers(db, clock);
  });

  it("an admin runs the checks now and gets the result; audited", async () => {
    const res = await evaluate(await signIn("ada"));
    expect(res.status).toBe(200);
    const body = PlanEvaluateResponse.parse(await res.json());
    expect(body.result).toMatchObject({ passed: 1, total: 1, trigger: "admin", requestedBy: "Ada Admin (ada)" });
    expect((await auditRecords(db)).filter((r) => r.action === "plan.evaluation_requested")).toMatchObject([{ actorName: "Ada Admin (ada)" }]);
  });

  it("a non-admin gets 403 and nothing runs", async () => {
    for (const username of ["vera", "olivia", "adam"]) {
      const res = await evaluate(await signIn(username));
      expect(res.status).toBe(403);
    }
    await rt.plan.refresh();
    expect(rt.plan.status()?.last).toBeNull();
    expect((await auditRecords(db)).filter((r) => r.action === "plan.evaluation_requested")).toEqual([]);
  });

  it("a run sooner than the cooldown after the last result is a 429 with Retry-After, and nothing runs", async () => {
    const check = vi.fn(async () => []);
    rt.plan = testPlanEvaluator(db, clock, { check, cooldownMs: 30_000 });
    const admin = await signIn("ada");
    expect((await evaluate(admin)).status).toBe(200);
    clock.advance(5_000);
    const again = await evaluate(admin);
    expect(again.status).toBe(429);
    expect(again.headers.get("retry-after")).toBe("25");
    expect(await again.json()).toMatchObject({ error: { code: "rate_limited", retryAfterSeconds: 25, message: expect.stringContaining("evaluate again in 25 s") } });
    expect(check).toHaveBeenCalledTimes(1);
  });

  it("a second run while one is going on is a 409 with the reason", async () => {
    let release: () => void = () => undefined;
    rt.plan = testPlanEvaluator(db, clock, { check: () => new Promise((resolve) => (release = () => resolve([]))) });
    const admin = await signIn("ada");
    const first = evaluate(admin);
    await vi.waitFor(async () => {
      await rt.plan.refresh();
      expect(rt.plan.status()?.running).not.toBeNull();
    });
    const second = await evaluate(await signIn("avery"));
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ error: { code: "conflict", message: expect.stringContaining("already being evaluated") } });
    release();
    expect((await first).status).toBe(200);
  });
});
