import type { Account, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { expect, it } from "vitest";
import { manualClock } from "@/server/clock";
import { parseConfigText } from "@/server/config";
import { tables, type Store } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { seedDemoUsers } from "./demo-users";
import { verifyLocalLogin } from "./local-login";
import { personKeyOf } from "./oidc";
import { authOptions, type AuthRuntime } from "./options";

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

function runtime(store: Store): AuthRuntime {
  return {
    config: parseConfigText(CONFIG, "test.yaml"),
    db: store.db,
    clock: manualClock(),
    authSecret: "x".repeat(32),
    secureCookies: false,
  };
}

async function signIn(rt: AuthRuntime, user: User, account: Account): Promise<JWT> {
  const options = authOptions(rt);
  const allowed = await options.callbacks?.signIn?.({ user, account });
  if (allowed !== true) throw new Error(`sign-in refused: ${String(allowed)}`);
  const jwt = options.callbacks?.jwt;
  if (!jwt) throw new Error("no jwt callback");
  return jwt({ token: {}, user, account, trigger: "signIn" });
}

const oidcAccount = (sub: string): Account => ({ provider: "oidc", type: "oauth", providerAccountId: sub });
const credentialsAccount = (id: string): Account => ({ provider: "credentials", type: "credentials", providerAccountId: id });

describeStores("sign-in, sign-out and their audit records", (fresh) => {
  it("a local login puts the console's user id in the token and audits the login and the logout", async () => {
    const store = await fresh();
    const rt = runtime(store);
    await seedDemoUsers(store.db, rt.clock);
    const user = await verifyLocalLogin(store.db, rt.clock, { username: "Adam", password: "adam-demo-pass" }, "192.0.2.4");
    if (!user) throw new Error("demo login failed");
    const token = await signIn(rt, user, credentialsAccount(user.id));
    expect(token).toMatchObject({ sub: user.id, username: "adam", provider: "credentials" });
    // With JWT sessions next-auth passes the token; the session object is not consulted.
    const session = { expires: "", user: { id: user.id, username: "adam", name: "Adam", provider: "local", roles: [] } };
    await authOptions(rt).events?.signOut?.({ token, session });
    const audit = await store.db.select().from(tables.audit).orderBy(tables.audit.seq);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ["auth.login", user.id],
      ["auth.logout", user.id],
    ]);
  });

  it("every failed local login is refused alike and audited with its reason and address", async () => {
    const store = await fresh();
    const rt = runtime(store);
    await seedDemoUsers(store.db, rt.clock);
    expect(await verifyLocalLogin(store.db, rt.clock, { username: "adam", password: "nope" }, "192.0.2.9")).toBeNull();
    expect(await verifyLocalLogin(store.db, rt.clock, { username: "nobody", password: "adam-demo-pass" }, "192.0.2.9")).toBeNull();
    expect(await verifyLocalLogin(store.db, rt.clock, {}, null)).toBeNull();
    const audit = await store.db.select().from(tables.audit).orderBy(tables.audit.seq);
    expect(audit.map((a) => [a.action, a.actor, a.ip, (a.payload as { reason: string }).reason])).toEqual([
      ["auth.login_failed", "adam", "192.0.2.9", "bad_password"],
      ["auth.login_failed", "nobody", "192.0.2.9", "unknown_user"],
      ["auth.login_failed", "(blank)", null, "unknown_user"],
    ]);
  });

  it("an OIDC identity becomes a console user whose roles follow its groups at each sign-in", async () => {
    const store = await fresh();
    const rt = runtime(store);
    const first = await signIn(rt, { id: "idp-sub-1", name: "Avery", username: "avery", roles: ["viewer", "approver"] }, oidcAccount("idp-sub-1"));
    expect(first.sub).toBeDefined();
    expect(first.sub).not.toBe("idp-sub-1");
    const again = await signIn(rt, { id: "idp-sub-1", name: "Avery", username: "avery", roles: ["viewer", "operator"] }, oidcAccount("idp-sub-1"));
    expect(again.sub).toBe(first.sub);
    const users = await store.db.select().from(tables.users);
    expect(users).toMatchObject([{ provider: "oidc", subject: "idp-sub-1", roles: ["viewer", "operator"], passwordHash: null }]);
  });

  it("an OIDC sign-in carries the identity provider's auth_time, not the console's clock; without it, no re-authentication", async () => {
    const store = await fresh();
    const rt = runtime(store);
    const tenMinutesAgo = Math.floor(rt.clock.now().getTime() / 1000) - 600;
    const stale = await signIn(rt, { id: "s-1", name: "Stan", username: "stan", roles: ["approver"], authTime: tenMinutesAgo }, oidcAccount("s-1"));
    // Before: every sign-in was stamped "now", so an IdP that reused a day-old session passed as fresh.
    expect(stale.authTime).toBe(tenMinutesAgo);
    const none = await signIn(rt, { id: "s-2", name: "Nell", username: "nell", roles: ["approver"] }, oidcAccount("s-2"));
    expect(none.authTime).toBeUndefined();
  });

  it("roles from the identity provider's groups are audited when they change and start the cooling-off", async () => {
    const store = await fresh();
    const rt = runtime(store);
    await signIn(rt, { id: "i-1", name: "Ivy", username: "ivy", roles: ["viewer"] }, oidcAccount("i-1"));
    await signIn(rt, { id: "i-1", name: "Ivy", username: "ivy", roles: ["viewer"] }, oidcAccount("i-1"));
    await signIn(rt, { id: "i-1", name: "Ivy", username: "ivy", roles: ["viewer", "approver"] }, oidcAccount("i-1"));
    const audit = await store.db.select().from(tables.audit).orderBy(tables.audit.seq);
    expect(audit.filter((a) => a.action.startsWith("user.")).map((a) => [a.action, (a.payload as { roles: string[] }).roles])).toEqual([
      ["user.created", ["viewer"]],
      ["user.roles_changed", ["viewer", "approver"]],
    ]);
    const [row] = await store.db.select().from(tables.users);
    expect(row?.privilegesChangedAt).toEqual(rt.clock.now());
  });

  it("two SSO identities with one verified email are one person; an unverified email joins nobody", async () => {
    const store = await fresh();
    const rt = runtime(store);
    const claims = (email_verified: boolean) => ({ email: "Pat@Example.com", email_verified });
    const oidc = rt.config.auth.oidc;
    if (!oidc) throw new Error("no oidc config");
    expect(personKeyOf(oidc, claims(true))).toBe("email:pat@example.com");
    expect(personKeyOf(oidc, claims(false))).toBeNull();
    await signIn(rt, { id: "p-1", name: "Pat", username: "pat", roles: ["viewer"], personKey: "email:pat@example.com" }, oidcAccount("p-1"));
    await signIn(rt, { id: "p-2", name: "Pat Two", username: "pat2", roles: ["viewer"], personKey: "email:pat@example.com" }, oidcAccount("p-2"));
    await signIn(rt, { id: "p-3", name: "Not Pat", username: "np", roles: ["viewer"], personKey: null }, oidcAccount("p-3"));
    const users = await store.db.select().from(tables.users).orderBy(tables.users.username);
    const person = Object.fromEntries(users.map((u) => [u.username, u.personId]));
    expect(person.pat).toBe(person.pat2);
    expect(person.np).not.toBe(person.pat);
  });

  it("an OIDC identity with no mapped role is refused at sign-in and nothing is stored", async () => {
    const store = await fresh();
    const rt = runtime(store);
    const refused = await authOptions(rt).callbacks?.signIn?.({ user: { id: "s", roles: [] }, account: oidcAccount("s") });
    expect(refused).toBe("/login?error=NoRole");
    expect(await store.db.select().from(tables.users)).toEqual([]);
  });
});
