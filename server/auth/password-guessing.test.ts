import { NextRequest } from "next/server";
import { beforeEach, expect, it, vi } from "vitest";
import type { Role } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { propose } from "@/server/approvals";
import { PLANNED, readiness } from "@/server/approvals/testing";
import { manualClock } from "@/server/clock";
import { defaultSimConfig } from "@/server/config";
import { tables, type Db } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { ServiceError } from "@/server/errors";
import { CLIENT_IP_HEADER } from "./client-ip";
import { guardCredentialsLogin } from "./login-guard";
import { verifyLocalLogin } from "./local-login";
import * as PasswordModule from "./password";
import { upsertIdentity } from "./users";

// Issue 13 bullet 5, as an attacker holding an approver's session would try it: the approve route
// as Next runs it (runtime and session replaced), and the login the way next-auth runs it (the
// route's guard, then the Credentials provider's authorize). Every scrypt check is counted.
const state = vi.hoisted(() => ({ rt: null as unknown, user: null as SessionUser | null, checks: 0 }));
vi.mock("@/server/runtime", () => ({ getRuntime: async () => state.rt }));
vi.mock("@/server/auth/session", () => ({
  requireUser: async (_req: unknown, anyOf: readonly Role[] = []) => {
    const user = state.user;
    if (!user) throw new ServiceError("unauthenticated", "sign in to use the console");
    if (!anyOf.some((r) => user.roles.includes(r))) throw new ServiceError("forbidden", "role");
    return user;
  },
  sessionAuthTime: async () => null,
}));
vi.mock("@/server/auth/password", async (importOriginal) => {
  const real = await importOriginal<typeof PasswordModule>();
  return {
    ...real,
    verifyPassword: async (password: string, stored: string) => {
      state.checks++;
      return real.verifyPassword(password, stored);
    },
  };
});

const approveRoute = await import("@/app/api/proposals/[id]/approve/route");

const RIGHT = "adams-right-password";
const clock = manualClock();
let db: Db;

async function account(username: string, roles: Role[], password: string | null = null): Promise<SessionUser> {
  const { row } = await upsertIdentity(db, clock, {
    provider: "local",
    subject: username,
    username,
    displayName: username.toUpperCase(),
    roles,
    passwordHash: password ? await PasswordModule.hashPassword(password) : null,
  });
  return { id: row.id, username, name: row.displayName, provider: "local", roles };
}

/** A pending proposal by olivia, and adam (approver, password RIGHT) signed in to the approve route. */
async function pendingProposal() {
  const olivia = await account("olivia", ["operator"]);
  const adam = await account("adam", ["approver"], RIGHT);
  const p = await propose(db, clock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
  state.user = adam;
  const approve = (password: string, ip = "192.0.2.1") =>
    approveRoute.POST(
      new NextRequest(`http://console.test/api/proposals/${p.id}/approve`, {
        method: "POST",
        body: JSON.stringify({ contentHash: p.contentHash, password }),
        headers: { "content-type": "application/json", [CLIENT_IP_HEADER]: ip },
      }),
      { params: Promise.resolve({ id: p.id }) },
    );
  return { p, adam, approve };
}

/** One login as next-auth runs it: the route's guard first, then authorize. Returns the HTTP-ish outcome. */
async function login(username: string, password: string, ip: string): Promise<"ok" | "wrong" | 429> {
  const form = new URLSearchParams({ username, password, csrfToken: "t", json: "true" });
  const req = new NextRequest("http://console.test/api/auth/callback/credentials", {
    method: "POST",
    body: form,
    headers: { "content-type": "application/x-www-form-urlencoded", [CLIENT_IP_HEADER]: ip },
  });
  const refused = await guardCredentialsLogin({ db, clock }, req);
  if (refused) return refused.status === 429 ? 429 : "wrong";
  return (await verifyLocalLogin(db, clock, { username, password }, ip)) ? "ok" : "wrong";
}

const actions = async (action: string) => (await db.select().from(tables.audit)).filter((a) => a.action === action);

describeStores("password guessing is slow (issue 13 bullet 5)", (fresh) => {
  beforeEach(async () => {
    db = (await fresh()).db;
    state.checks = 0;
    state.rt = { db, clock, config: defaultSimConfig(), monitor: { snapshot: () => ({ regions: [], readiness: [] }) }, runSignals: { kick: () => undefined }, storeHealth: { status: () => ({ status: "reachable", checkedAt: null }) } };
  });

  it("200 approve guesses with a wrong password: the limiter refuses all but 5 before any check, 429 with Retry-After, one lockout record", { timeout: 180_000 }, async () => {
    const { approve } = await pendingProposal();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 200; i++) {
      const res = await approve(`guess-${i}`);
      statuses.push(res.status);
      if (res.status === 429) retryAfter ??= res.headers.get("retry-after");
      clock.advance(200); // five a second, as in the report
    }
    expect(state.checks).toBeLessThanOrEqual(10);
    expect(state.checks).toBe(5);
    expect(statuses.slice(0, 5)).toEqual([403, 403, 403, 403, 403]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(await actions("auth.locked_out")).toHaveLength(1);
    expect((await actions("auth.locked_out"))[0]?.payload).toMatchObject({ account: "local:adam", failures: 5, via: "approve" });
    // Each checked guess is refused on the record; the refused-unchecked ones write nothing.
    expect(await actions("approval.refused")).toHaveLength(5);
  });

  it("the right password during the lockout is refused unchecked; after the lock lifts it approves", { timeout: 180_000 }, async () => {
    const { approve } = await pendingProposal();
    for (let i = 0; i < 5; i++) await approve(`guess-${i}`);
    const checks = state.checks;
    const locked = await approve(RIGHT);
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { message: string } }).error.message).toMatch(/locked until \d\d:\d\d:\d\d UTC \(try again in \d+ s\)/);
    expect(state.checks).toBe(checks);
    expect(await db.select().from(tables.approvals)).toEqual([]);
    clock.advance(61_000);
    expect((await approve(RIGHT)).status).toBe(200);
  });

  it("one limiter for login and approval: wrong logins lock the approval, wrong approvals lock the login", { timeout: 180_000 }, async () => {
    const { approve } = await pendingProposal();
    for (let i = 0; i < 5; i++) expect(await login("Adam", `guess-${i}`, `198.51.100.${i}`)).toBe("wrong");
    expect((await approve(RIGHT, "203.0.113.9")).status).toBe(429);

    clock.advance(61_000);
    // A success forgets the count; then five wrong approvals lock the login, right password or not.
    expect(await login("adam", RIGHT, "203.0.113.1")).toBe("ok");
    for (let i = 0; i < 5; i++) await approve(`guess-${i}`);
    expect(await login("adam", RIGHT, "203.0.113.77")).toBe(429);
    expect(await verifyLocalLogin(db, clock, { username: "adam", password: RIGHT }, "203.0.113.78")).toBeNull();
  });

  it("an hour of login guesses from a new address each time checks a dozen passwords at most, and the lock holds", { timeout: 180_000 }, async () => {
    await account("adam", ["approver"], RIGHT);
    const outcomes: string[] = [];
    for (let i = 0; i < 360; i++) {
      outcomes.push(String(await login("adam", `guess-${i}`, `10.${i >> 8}.${i & 255}.1`)));
      clock.advance(10_000);
    }
    expect(state.checks).toBeLessThanOrEqual(12);
    expect(outcomes.filter((o) => o === "wrong")).toHaveLength(state.checks);
    // Doubling waits: 1, 2, 4, 8 then 15 minutes — each lock audited once, not each refused guess.
    expect((await actions("auth.locked_out")).map((a) => (a.payload as { failures: number }).failures)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(await login("adam", RIGHT, "192.0.2.200")).toBe(429);
  });
});
