import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { migrate, openStore } from "@/server/db";
import { runScript } from "@/scripts/testing";
import { seedAudit, tamper } from "./testing";

// Runs `npm run audit:verify` as an operator would, against a PGlite folder the test seeds and closes first.
const verifyCli = (env: Record<string, string>) => runScript("scripts/audit-verify.ts", [], { DATABASE_URL: "", ...env });

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
});
