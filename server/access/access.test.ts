import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Role } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { approve, propose, type Reauth } from "@/server/approvals";
import { auditActions, PLAN, PLANNED, readiness, seedUser } from "@/server/approvals/testing";
import { verifyPassword } from "@/server/auth/password";
import { findLocalUser, labelOf, upsertIdentity } from "@/server/auth/users";
import { manualClock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { approveAccessChange, decideAccessChange, proposeAccessChange } from ".";

type ManualClock = ReturnType<typeof manualClock>;
const PASSWORD_OK: Reauth = { method: "password", verified: true };
const DAY = 24 * 3_600_000;
const REASON = "a new approver joins the on-call rota";

async function team(db: Db) {
  const clock = manualClock();
  const ada = await seedUser(db, "ada", ["viewer", "operator", "approver", "admin"]);
  const avery = await seedUser(db, "avery", ["viewer", "admin"]);
  return { clock, ada, avery };
}

const proposeAccess = (db: Db, clock: ManualClock, user: SessionUser, input: Record<string, unknown>) =>
  proposeAccessChange(db, clock, { user, input: { reason: REASON, ...input }, ttlMinutes: 15 });

const approveAccess = (db: Db, clock: ManualClock, user: SessionUser, change: { id: string; contentHash: string }) =>
  approveAccessChange(db, clock, { user, changeId: change.id, input: { contentHash: change.contentHash }, reauth: PASSWORD_OK });

/** The session view of an account the store holds, as sessionUser() builds it. */
async function sessionOf(db: Db, username: string): Promise<SessionUser> {
  const row = await findLocalUser(db, username);
  if (!row) throw new Error(`no user ${username}`);
  return { id: row.id, username: row.username, name: labelOf(row), provider: row.provider, roles: row.roles as Role[] };
}

const PUPPET = { kind: "create-account", username: "puppet", name: "Pat Puppet", password: "puppet-password-123", roles: ["viewer", "approver"] };

describeStores("privilege changes are two-person acts", (fresh) => {
  it("the sock puppet: an admin cannot create an approver account and approve her own proposal with it", async () => {
    const { db } = await fresh();
    const { clock, ada } = await team(db);
    // Before: POST /api/users created the account at once, so Ada signed in as it and approved her own failover.
    const change = await proposeAccess(db, clock, ada, PUPPET);
    expect(change).toMatchObject({ status: "pending", kind: "create-account", params: { username: "puppet", roles: ["viewer", "approver"] } });
    expect(await findLocalUser(db, "puppet")).toBeUndefined();
    await expect(approveAccess(db, clock, ada, change)).rejects.toMatchObject({ code: "forbidden", details: { reason: "self-approval" } });
    expect(await findLocalUser(db, "puppet")).toBeUndefined();
    expect((await auditActions(db)).map((a) => a.action)).toEqual(["access.proposed", "access.refused"]);
    // Nor through a second account of her own person (linked by two admins earlier).
    const [adaRow] = await db.select().from(tables.users).where(eq(tables.users.id, ada.id));
    const { row: second } = await upsertIdentity(db, clock, { provider: "sso", subject: "ada-sso", username: "ada@example.com", displayName: "Ada (SSO)", roles: ["admin"] });
    await db.update(tables.users).set({ personId: adaRow?.personId }).where(eq(tables.users.id, second.id));
    const adaSso: SessionUser = { id: second.id, username: second.username, name: labelOf(second), provider: "sso", roles: ["admin"] };
    await expect(approveAccess(db, clock, adaSso, change)).rejects.toMatchObject({ code: "forbidden", details: { reason: "self-approval" } });
    expect(await findLocalUser(db, "puppet")).toBeUndefined();
  });

  it("a different admin person approves: the account exists, is audited, and cannot approve a failover until the cooling-off ends", async () => {
    const { db } = await fresh();
    const { clock, ada, avery } = await team(db);
    const change = await proposeAccess(db, clock, ada, PUPPET);
    const approved = await approveAccess(db, clock, avery, change);
    expect(approved.change).toMatchObject({ status: "approved", decidedByName: "Avery (avery)" });
    const puppetRow = await findLocalUser(db, "puppet");
    expect(puppetRow && (await verifyPassword("puppet-password-123", puppetRow.passwordHash ?? ""))).toBe(true);
    expect(puppetRow?.privilegesChangedAt).toEqual(clock.now());
    const actions = (await auditActions(db)).map((a) => a.action);
    expect(actions).toEqual(["access.proposed", "access.approved", "user.created"]);
    expect(JSON.stringify(await auditActions(db))).not.toContain("scrypt");

    const olivia = await seedUser(db, "olivia", ["operator"]);
    const p = await propose(db, clock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
    const puppet = await sessionOf(db, "puppet");
    const approveAsPuppet = () => approve(db, clock, { run: PLAN, user: puppet, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: PASSWORD_OK });
    await expect(approveAsPuppet()).rejects.toMatchObject({ code: "forbidden", details: { reason: "cooling-off" } });
    clock.advance(DAY - 60_000);
    await expect(approveAsPuppet()).rejects.toMatchObject({ details: { reason: "cooling-off" } });
    // That proposal has expired by now; a fresh one after the cooling-off is approvable.
    clock.advance(60_000);
    const later = await propose(db, clock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
    await expect(approve(db, clock, { run: PLAN, user: puppet, proposalId: later.id, input: { contentHash: later.contentHash }, reauth: PASSWORD_OK })).resolves.toMatchObject({ status: "approved" });
  });

  it("granting approver to an existing account is a two-person act that starts its cooling-off", async () => {
    const { db } = await fresh();
    const { clock, ada, avery } = await team(db);
    const olivia = await seedUser(db, "olivia", ["viewer", "operator"]);
    const change = await proposeAccess(db, clock, ada, { kind: "set-roles", userId: olivia.id, roles: ["viewer", "operator", "approver"] });
    expect(change.params).toMatchObject({ previousRoles: ["viewer", "operator"], roles: ["viewer", "operator", "approver"], targetLabel: "Olivia (olivia)" });
    let [row] = await db.select().from(tables.users).where(eq(tables.users.id, olivia.id));
    expect(row?.roles).toEqual(["viewer", "operator"]);
    await approveAccess(db, clock, avery, change);
    [row] = await db.select().from(tables.users).where(eq(tables.users.id, olivia.id));
    expect(row).toMatchObject({ roles: ["viewer", "operator", "approver"], privilegesChangedAt: clock.now() });
    expect((await auditActions(db)).at(-1)).toMatchObject({ action: "user.roles_changed", payload: { userId: olivia.id, roles: ["viewer", "operator", "approver"] } });
  });

  it("nobody approves a change to their own account, and a change whose premise moved is refused", async () => {
    const { db } = await fresh();
    const { clock, ada, avery } = await team(db);
    const raiseAvery = await proposeAccess(db, clock, ada, { kind: "set-roles", userId: avery.id, roles: ["viewer", "admin", "approver"] });
    await expect(approveAccess(db, clock, avery, raiseAvery)).rejects.toMatchObject({ code: "forbidden", details: { reason: "own-account" } });
    const olivia = await seedUser(db, "olivia", ["viewer"]);
    const first = await proposeAccess(db, clock, ada, { kind: "set-roles", userId: olivia.id, roles: ["viewer", "operator"] });
    const second = await proposeAccess(db, clock, ada, { kind: "set-roles", userId: olivia.id, roles: ["viewer", "approver"] });
    await approveAccess(db, clock, avery, first);
    await expect(approveAccess(db, clock, avery, second)).rejects.toMatchObject({ code: "conflict", details: { reason: "roles-changed" } });
  });

  it("linking a break-glass account to its person makes the two one person to the failover two-person rule", async () => {
    const { db } = await fresh();
    const { clock, ada, avery } = await team(db);
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const { row: ssoOlivia } = await upsertIdentity(db, clock, { provider: "sso", subject: "o-1", username: "olivia@example.com", displayName: "Olivia O.", roles: ["approver"] });
    const link = await proposeAccess(db, clock, ada, { kind: "link-person", userId: ssoOlivia.id, samePersonAs: olivia.id });
    await approveAccess(db, clock, avery, link);
    clock.advance(DAY);
    const p = await propose(db, clock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
    const asSso: SessionUser = { id: ssoOlivia.id, username: ssoOlivia.username, name: labelOf(ssoOlivia), provider: "sso", roles: ["approver"] };
    await expect(approve(db, clock, { run: PLAN, user: asSso, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: PASSWORD_OK })).rejects.toMatchObject({
      code: "forbidden",
      details: { reason: "self-approval" },
    });
  });

  it("resetting a password needs a second admin; only the hash is stored, never shown or audited", async () => {
    const { db } = await fresh();
    const { clock, ada, avery } = await team(db);
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const change = await proposeAccess(db, clock, ada, { kind: "reset-password", userId: olivia.id, password: "brand-new-password-1" });
    expect(JSON.stringify(change)).not.toMatch(/brand-new|scrypt/);
    await approveAccess(db, clock, avery, change);
    const row = await findLocalUser(db, "olivia");
    expect(await verifyPassword("brand-new-password-1", row?.passwordHash ?? "")).toBe(true);
    expect(JSON.stringify(await auditActions(db))).not.toMatch(/brand-new|scrypt/);
  });

  it("only admins propose or approve, anyone may say no, a tampered row or stale screen is refused", async () => {
    const { db } = await fresh();
    const { clock, ada, avery } = await team(db);
    const olivia = await seedUser(db, "olivia", ["operator", "approver"]);
    await expect(proposeAccess(db, clock, olivia, PUPPET)).rejects.toMatchObject({ code: "forbidden", details: { reason: "not-admin" } });
    const change = await proposeAccess(db, clock, ada, PUPPET);
    await expect(approveAccess(db, clock, olivia, change)).rejects.toMatchObject({ details: { reason: "not-admin" } });
    await expect(approveAccess(db, clock, avery, { id: change.id, contentHash: "0".repeat(64) })).rejects.toMatchObject({ details: { reason: "hash-mismatch" } });
    await db.update(tables.accessChanges).set({ params: { ...change.params, roles: ["admin"] } }).where(eq(tables.accessChanges.id, change.id));
    await expect(approveAccess(db, clock, avery, change)).rejects.toMatchObject({ details: { reason: "content-changed" } });
    await expect(decideAccessChange(db, clock, { user: avery, changeId: change.id, input: { reason: "not this one" }, decision: "reject" })).resolves.toMatchObject({ status: "rejected" });
    expect(await findLocalUser(db, "puppet")).toBeUndefined();
  });

  it("the database itself refuses an approval row by the proposer's person, whatever the code did", async () => {
    const { db } = await fresh();
    const { clock, ada } = await team(db);
    const change = await proposeAccess(db, clock, ada, PUPPET);
    await expect(db.update(tables.accessChanges).set({ status: "approved", decidedBy: ada.id }).where(eq(tables.accessChanges.id, change.id))).rejects.toThrow();
  });

  it("display names are unique among active accounts: nobody can take a real approver's name", async () => {
    const { db } = await fresh();
    const { clock, ada } = await team(db);
    await seedUser(db, "adam", ["approver"]);
    await expect(proposeAccess(db, clock, ada, { ...PUPPET, name: "ADAM" })).rejects.toMatchObject({ code: "conflict", details: { reason: "account-exists" } });
    // A single sign-on identity that calls itself "Adam" is told apart by its username.
    const { row } = await upsertIdentity(db, clock, { provider: "sso", subject: "x", username: "mallory@example.com", displayName: "Adam", roles: ["approver"] });
    expect(labelOf(row)).toBe("Adam (mallory@example.com) (sso:mallory@example.com)");
  });
});
