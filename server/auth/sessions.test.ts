import { eq } from "drizzle-orm";
import type { Account, User } from "next-auth";
import { encode, type JWT } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { beforeEach, expect, it, vi } from "vitest";
import { manualClock } from "@/server/clock";
import { parseConfigText } from "@/server/config";
import { tables, type Db } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { seedDemoUsers } from "./demo-users";
import { verifyLocalLogin } from "./local-login";
import { authOptions, type AuthRuntime } from "./options";
import { sessionUser } from "./session";
import { revokeSessions } from "./sessions";

// Issue 13 bullet 6: a session cookie replayed after sign-out (or after an admin ended it, or the
// account's roles changed) must not sign anyone in. Real next-auth JWTs, the real session check;
// only the runtime is replaced.
const state = vi.hoisted(() => ({ rt: null as unknown }));
vi.mock("@/server/runtime", () => ({ getRuntime: async () => state.rt }));

const usersRoute = await import("@/app/api/users/[id]/sessions/revoke/route");

const SECRET = "s".repeat(32);
const CONFIG = `
mode: sim
auth:
  oidc:
    issuer: http://127.0.0.1:4455
    clientId: console
    clientSecret: s3cret
    roleMapping:
      approvers: [viewer, approver]
      ops: [viewer, operator]
`;
const clock = manualClock();
let db: Db;
let rt: AuthRuntime;

async function signIn(user: User, account: Account): Promise<JWT> {
  const jwt = authOptions(rt).callbacks?.jwt;
  if (!jwt) throw new Error("no jwt callback");
  return jwt({ token: {}, user, account, trigger: "signIn" });
}

async function localSignIn(username: string, password: string): Promise<JWT> {
  const user = await verifyLocalLogin(db, clock, { username, password }, "192.0.2.1");
  if (!user) throw new Error(`login of ${username} failed`);
  return signIn(user, { provider: "credentials", type: "credentials", providerAccountId: user.id });
}

const oidcSignIn = (roles: User["roles"]) =>
  signIn({ id: "idp-sub-1", name: "Avery", username: "avery", roles }, { provider: "oidc", type: "oauth", providerAccountId: "idp-sub-1" });

/** A request carrying the token as the browser's session cookie, exactly as next-auth sets it. */
async function withCookie(token: JWT, path = "/api/me", init: { method?: string } = {}): Promise<NextRequest> {
  const cookie = await encode({ token, secret: SECRET });
  return new NextRequest(`http://console.test${path}`, { ...init, headers: { cookie: `next-auth.session-token=${cookie}`, host: "console.test" } });
}

const who = async (token: JWT) => (await sessionUser(await withCookie(token)))?.username ?? null;

describeStores("sessions end on the server (issue 13 bullet 6)", (fresh) => {
  beforeEach(async () => {
    db = (await fresh()).db;
    rt = { config: parseConfigText(CONFIG, "test.yaml"), db, clock, authSecret: SECRET, secureCookies: false };
    state.rt = rt;
    await seedDemoUsers(db, clock);
  });

  it("a cookie replayed after sign-out is refused", async () => {
    const token = await localSignIn("adam", "adam-demo-pass");
    expect(await who(token)).toBe("adam");
    await authOptions(rt).events?.signOut?.({ token, session: { expires: "", user: { id: "", username: "", name: "", provider: "", roles: [] } } });
    expect(await who(token)).toBeNull();
    expect((await db.select().from(tables.sessions))[0]).toMatchObject({ reason: "sign-out", revokedBy: token.sub });
  });

  it("a token from before server-side sessions (no sid), or naming another user's session, is refused", async () => {
    const token = await localSignIn("adam", "adam-demo-pass");
    const { sid: _sid, ...legacy } = token;
    expect(await who(legacy)).toBeNull();
    const vera = await localSignIn("vera", "vera-demo-pass");
    expect(await who({ ...vera, sid: token.sid })).toBeNull();
    expect(await who(vera)).toBe("vera");
  });

  it("revokeSessions ends every session of the given accounts, others untouched, audited once with the count", async () => {
    const laptop = await localSignIn("adam", "adam-demo-pass");
    const phone = await localSignIn("adam", "adam-demo-pass");
    const vera = await localSignIn("vera", "vera-demo-pass");
    const ended = await revokeSessions(db, clock, { userIds: [laptop.sub ?? ""], reason: "admin", by: { id: "admin-1", name: "Ada Admin" } });
    expect(ended).toBe(2);
    expect([await who(laptop), await who(phone), await who(vera)]).toEqual([null, null, "vera"]);
    const audit = (await db.select().from(tables.audit)).filter((a) => a.action === "auth.sessions_revoked");
    expect(audit).toMatchObject([{ actor: "admin-1", payload: { userIds: [laptop.sub], reason: "admin", count: 2 } }]);
  });

  it("a role change ends the account's sessions (the identity provider's groups here); the same roles do not", async () => {
    const first = await oidcSignIn(["viewer", "approver"]);
    const second = await oidcSignIn(["viewer", "approver"]);
    expect([await who(first), await who(second)]).toEqual(["avery", "avery"]);
    const demoted = await oidcSignIn(["viewer", "operator"]);
    expect([await who(first), await who(second), await who(demoted)]).toEqual([null, null, "avery"]);
  });

  it("disabling an account ends its sessions for good: enabling it again does not revive them", async () => {
    const token = await localSignIn("olivia", "olivia-demo-pass");
    await db.update(tables.users).set({ disabled: true }).where(eq(tables.users.id, token.sub ?? ""));
    await db.update(tables.users).set({ disabled: false }).where(eq(tables.users.id, token.sub ?? ""));
    expect(await who(token)).toBeNull();
    expect((await db.select().from(tables.sessions))[0]).toMatchObject({ reason: "account-disabled", revokedBy: "system" });
  });

  it("POST /api/users/:id/sessions/revoke: admins only, the account's cookies stop working, unknown ids are a 404", async () => {
    const admin = await localSignIn("ada", "ada-demo-pass");
    const adam = await localSignIn("adam", "adam-demo-pass");
    const vera = await localSignIn("vera", "vera-demo-pass");
    const revoke = async (as: JWT, id: string) =>
      usersRoute.POST(await withCookie(as, `/api/users/${id}/sessions/revoke`, { method: "POST" }), { params: Promise.resolve({ id }) });
    expect((await revoke(vera, adam.sub ?? "")).status).toBe(403);
    expect(await who(adam)).toBe("adam");
    const res = await revoke(admin, adam.sub ?? "");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: adam.sub, ended: 1 });
    expect(await who(adam)).toBeNull();
    expect((await revoke(admin, "no-such-user")).status).toBe(404);
  });
});
