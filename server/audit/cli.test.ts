import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { manualClock } from "@/server/clock";
import { migrate, openStore } from "@/server/db";
import { runScript } from "@/scripts/testing";
import { publishHead } from "./head";
import { seedAudit, tamper } from "./testing";

// Runs `npm run audit:verify` as an operator would, against a PGlite folder the test seeds and closes first.
const verifyCli = (env: Record<string, string>, args: string[] = []) =>
  runScript("scripts/audit-verify.ts", args, { DATABASE_URL: "", DATABASE_OWNER_URL: "", AUDIT_HEAD_KEY: "", ...env });
const KEY = "cli-test-audit-head-key-0123456789abcdef";

/** A seeded store whose head (seq n) was published to a heads file with KEY. */
async function publishedDir(n: number): Promise<{ dir: string; file: string }> {
  const dir = await seededDir(n);
  const file = join(await mkdtemp(join(tmpdir(), "fc-heads-")), "heads.jsonl");
  const store = await openStore({ kind: "pglite", dataDir: dir });
  await publishHead(store.db, manualClock(new Date("2025-03-05T00:00:00.000Z")), { file, key: KEY });
  await store.close();
  return { dir, file };
}

async function seededDir(n: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "fc-audit-"));
  const store = await openStore({ kind: "pglite", dataDir: dir });
  await migrate(store.db);
  await seedAudit(store.db, n);
  await store.close();
  return dir;
}

describe("npm run audit:verify", () => {
  it("exits 0 and prints N/M records valid for an intact log", async () => {
    const run = await verifyCli({ CONSOLE_DATA_DIR: await seededDir(5) });
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^5\/5 records valid$/m);
    expect(run.code).toBe(0);
  });

  it("exits 1 naming the first broken record", async () => {
    const dir = await seededDir(5);
    const store = await openStore({ kind: "pglite", dataDir: dir });
    await tamper(store.db, sql`UPDATE audit SET actor_name = 'Mallory' WHERE seq = 3`);
    await store.close();
    const run = await verifyCli({ CONSOLE_DATA_DIR: dir });
    expect(run.stdout).toMatch(/^2\/5 records valid\nfirst broken record: seq 3 \(hash mismatch: stored/m);
    expect(run.code).toBe(1);
  });

  it("exits 2 with a clear message when the store cannot be opened", async () => {
    const run = await verifyCli({ DATABASE_URL: "postgres://nobody:x@127.0.0.1:9/none" });
    expect(run.stderr).toMatch(/^audit:verify: cannot open the store: /);
    expect(run.code).toBe(2);
  });

  it("--head: exits 0 when the chain still reaches the published head", async () => {
    const { dir, file } = await publishedDir(4);
    const run = await verifyCli({ CONSOLE_DATA_DIR: dir, AUDIT_HEAD_KEY: KEY }, ["--head", file]);
    expect(run.stdout).toMatch(/^4\/4 records valid$/m);
    expect(run.stdout).toMatch(/^published head seq 4 \(signed, published 2025-03-05T00:00:00.000Z\) is in the chain$/m);
    expect(run.code).toBe(0);
  });

  it("--head: exits 1 naming the records deleted from the end after the head was published", async () => {
    const { dir, file } = await publishedDir(10);
    const store = await openStore({ kind: "pglite", dataDir: dir });
    await tamper(store.db, sql`DELETE FROM audit WHERE seq >= 9`);
    await store.close();
    const run = await verifyCli({ CONSOLE_DATA_DIR: dir, AUDIT_HEAD_KEY: KEY }, ["--head", file]);
    expect(run.stdout).toMatch(/^first broken record: seq 9 \(cut: records after seq 8 were removed: published head seq 10 \(hash \w+…, published 2025-03-05T00:00:00.000Z\) is past the end of the log\)$/m);
    expect(run.code).toBe(1);
  });

  it("--head: refuses a forged head file whose signature was not made with the key (exit 1)", async () => {
    const { dir, file } = await publishedDir(3);
    const forged = join(await mkdtemp(join(tmpdir(), "fc-heads-")), "forged.jsonl");
    await writeFile(forged, `${JSON.stringify({ seq: 2, hash: "a".repeat(64), at: "2025-03-05T00:00:00.000Z", sig: `hmac-sha256:${"0".repeat(64)}` })}\n`);
    const run = await verifyCli({ CONSOLE_DATA_DIR: dir, AUDIT_HEAD_KEY: KEY }, ["--head", forged]);
    expect(run.stdout).toMatch(/^first broken record: seq 2 \(head signature: .*does not match AUDIT_HEAD_KEY/m);
    expect(run.code).toBe(1);
    expect(file).not.toBe(forged);
  });

  it("--head without AUDIT_HEAD_KEY exits 2 saying so", async () => {
    const { dir, file } = await publishedDir(2);
    const run = await verifyCli({ CONSOLE_DATA_DIR: dir }, ["--head", file]);
    expect(run.stderr).toMatch(/AUDIT_HEAD_KEY/);
    expect(run.code).toBe(2);
  });
});
