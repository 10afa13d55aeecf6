import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approve, propose } from "@/server/approvals";
import { PLAN, PLANNED, readiness, seedUser } from "@/server/approvals/testing";
import { verifyAudit } from "@/server/audit";
import { seedAudit } from "@/server/audit/testing";
import { manualClock } from "@/server/clock";
import { databaseMessage, type Db, type Store } from ".";
import { openMigratedStore } from "./open";
import { testPostgresUrl } from "./testing";

/**
 * The console's two PostgreSQL roles (README "PostgreSQL roles"): an owner that migrates, and a
 * runtime role that is neither owner nor superuser. Needs a real server: roles are cluster-wide.
 */
describe.skipIf(!testPostgresUrl)("PostgreSQL roles: owner migrates, the runtime role cannot touch the audit log", () => {
  const suffix = randomBytes(5).toString("hex");
  const owner = `fc_owner_${suffix}`;
  const runtime = `fc_runtime_${suffix}`;
  const database = `fc_roles_${suffix}`;
  const password = `pw_${suffix}`;
  const urlFor = (user: string) => {
    const u = new URL(testPostgresUrl ?? "");
    u.username = user;
    u.password = password;
    u.pathname = `/${database}`;
    return u.toString();
  };
  const env = () => ({ DATABASE_URL: urlFor(runtime), DATABASE_OWNER_URL: urlFor(owner), CONSOLE_DATA_DIR: "/nonexistent" });
  const admin = async (statements: string[]) => {
    const client = new pg.Client({ connectionString: testPostgresUrl });
    await client.connect();
    try {
      for (const s of statements) await client.query(s);
    } finally {
      await client.end();
    }
  };
  const opened: Store[] = [];

  beforeAll(async () => {
    await admin([
      `CREATE ROLE ${owner} LOGIN NOSUPERUSER NOCREATEROLE PASSWORD '${password}'`,
      `CREATE ROLE ${runtime} LOGIN NOSUPERUSER NOCREATEROLE PASSWORD '${password}'`,
      `CREATE DATABASE ${database} OWNER ${owner}`,
    ]);
  });

  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await admin([`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`, `DROP ROLE IF EXISTS ${runtime}`, `DROP ROLE IF EXISTS ${owner}`]);
  });

  const refusal = (db: Db, statement: string) => db.execute(sql.raw(statement)).then(() => "allowed", databaseMessage);

  it("migrated as the owner, the console works as the runtime role, which cannot disable, change, delete or truncate the audit log", { timeout: 60_000 }, async () => {
    const warnings: string[] = [];
    const store = await openMigratedStore(env(), (m) => warnings.push(m));
    opened.push(store);
    expect(warnings).toEqual([]);
    const { db } = store;

    // The console at work: users, a proposal, its approval and run, audit records, verification.
    const clock = manualClock();
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const alice = await seedUser(db, "alice", ["approver"]);
    const p = await propose(db, clock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
    const approved = await approve(db, clock, { run: PLAN, user: alice, proposalId: p.id, input: { contentHash: p.contentHash }, reauth: { method: "password", verified: true } });
    expect(approved.status).toBe("approved");
    await seedAudit(db, 3);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, total: 5 + 1 });

    expect(await refusal(db, "ALTER TABLE audit DISABLE TRIGGER USER")).toMatch(/must be owner of table audit/);
    expect(await refusal(db, "ALTER TABLE audit DROP CONSTRAINT audit_hash_present")).toMatch(/must be owner of table audit/);
    expect(await refusal(db, "DROP TRIGGER audit_no_update_delete ON audit")).toMatch(/must be owner of (table|relation) audit/);
    expect(await refusal(db, "UPDATE audit SET actor_name = 'Mallory' WHERE seq = 2")).toMatch(/permission denied for table audit/);
    expect(await refusal(db, "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)")).toMatch(/permission denied for table audit/);
    expect(await refusal(db, "TRUNCATE audit")).toMatch(/permission denied for table audit/);
    expect(await refusal(db, "UPDATE audit_origin SET legacy_rows = 31")).toMatch(/permission denied for table audit_origin/);
    expect(await refusal(db, "DELETE FROM schema_migrations")).toMatch(/permission denied for table schema_migrations/);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, total: 6 });
  });

  it("a restart re-runs the grants harmlessly; a runtime URL that is the owner's is warned about", { timeout: 60_000 }, async () => {
    const again = await openMigratedStore(env(), () => undefined);
    opened.push(again);
    expect(await refusal(again.db, "TRUNCATE audit")).toMatch(/permission denied/);
    const warnings: string[] = [];
    const same = await openMigratedStore({ ...env(), DATABASE_URL: urlFor(owner) }, (m) => warnings.push(m));
    opened.push(same);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`runtime role ${owner} .*owns the audit table.*can still disable the audit triggers`))]);
  });
});
