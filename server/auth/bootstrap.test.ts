import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { manualClock } from "@/server/clock";
import { tables } from "@/server/db";
import { describeStores, testPostgresUrl } from "@/server/db/testing";
import { migrate, openStore } from "@/server/db";
import { runScript } from "@/scripts/testing";
import { bootstrapAdmin } from "./bootstrap";
import { verifyPassword } from "./password";
import { findLocalUser } from "./users";

const PASSWORD = "a-founding-password";
const by = "test";

describeStores("bootstrapping the first admins", (fresh) => {
  it("creates founding admins only while fewer than two admin persons exist, and audits each", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const first = await bootstrapAdmin(db, clock, { username: "Root.One", name: "Founder One", password: PASSWORD, by });
    expect(first).toMatchObject({ username: "root.one", roles: ["viewer", "admin"], privilegesChangedAt: null });
    await bootstrapAdmin(db, clock, { username: "root.two", name: "Founder Two", password: PASSWORD, by });
    await expect(bootstrapAdmin(db, clock, { username: "root.three", name: "Founder Three", password: PASSWORD, by })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/2 admin persons already exist/),
    });
    expect(await findLocalUser(db, "root.three")).toBeUndefined();
    const audit = await db.select().from(tables.audit);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([["user.bootstrapped", "cli"], ["user.bootstrapped", "cli"]]);
  });

  it("refuses a short password or a taken display name and writes nothing", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    await expect(bootstrapAdmin(db, clock, { username: "root", name: "Root", password: "short", by })).rejects.toMatchObject({ code: "invalid" });
    await bootstrapAdmin(db, clock, { username: "root", name: "Root", password: PASSWORD, by });
    await expect(bootstrapAdmin(db, clock, { username: "other", name: "root", password: PASSWORD, by })).rejects.toMatchObject({ code: "conflict" });
    expect(await db.select().from(tables.users)).toHaveLength(1);
    expect(await db.select().from(tables.audit)).toHaveLength(1);
  });
});

const usersCli = (env: Record<string, string>, args: string[], stdin?: string) => runScript("scripts/users.ts", args, env, stdin);

describe("npm run users -- bootstrap", () => {
  it("reads the password from standard input, never an argument, and the account signs in with it (PGlite)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fc-users-"));
    const env = { DATABASE_URL: "", CONSOLE_DATA_DIR: dir };
    const run = await usersCli(env, ["bootstrap", "--username", "root", "--name", "Root Admin"], `${PASSWORD}\n`);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^created admin Root Admin \(root\) in /);
    expect(run.code).toBe(0);
    expect((await usersCli(env, ["bootstrap", "--username", "root", "--password", PASSWORD])).code).toBe(2);
    const store = await openStore({ kind: "pglite", dataDir: dir });
    const row = await findLocalUser(store.db, "root");
    expect(await verifyPassword(PASSWORD, row?.passwordHash ?? "")).toBe(true);
    await store.close();
  }, 120_000);

  // Skipped only off CI: importing server/db/testing throws under CI when TEST_DATABASE_URL is unset.
  it.skipIf(!testPostgresUrl)("works on PostgreSQL and refuses a third founding admin with exit 1", async () => {
    const adminUrl = testPostgresUrl ?? "";
    const name = `fc_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const env = { DATABASE_URL: url.toString() };
      for (const u of ["one", "two"]) expect((await usersCli(env, ["bootstrap", "--username", u], `${PASSWORD}\n`)).code).toBe(0);
      const third = await usersCli(env, ["bootstrap", "--username", "three"], `${PASSWORD}\n`);
      expect(third.stderr).toMatch(/^users: 2 admin persons already exist/);
      expect(third.code).toBe(1);
      const store = await openStore({ kind: "postgres", url: url.toString() });
      await migrate(store.db);
      expect((await store.db.select().from(tables.users)).map((u) => u.username).sort()).toEqual(["one", "two"]);
      await store.close();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});
