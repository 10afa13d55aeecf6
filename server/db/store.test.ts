import { getTableColumns, getTableName, sql, type SQL } from "drizzle-orm";
import { expect, it } from "vitest";
import { databaseMessage, queryRows } from "./client";
import { checksum, migrate } from "./migrate";
import { MIGRATIONS } from "./migrations";
import * as schema from "./schema";
import { appendAudit } from "@/server/audit";
import { manualClock } from "@/server/clock";
import { describeStores } from "./testing";

describeStores("store", (fresh) => {
  it("migrations are idempotent: a second run applies nothing and keeps the data", async () => {
    const store = await fresh();
    await store.db.insert(schema.settings).values({ key: "k", value: "v", updatedAt: new Date() });
    expect(await migrate(store.db)).toEqual([]);
    const rows = await store.db.select().from(schema.settings);
    expect(rows.map((r) => r.value)).toEqual(["v"]);
  });

  it("refuses a released migration whose text changed", async () => {
    const store = await fresh();
    const first = MIGRATIONS[0];
    if (!first) throw new Error("no migrations");
    const edited = { ...first, statements: [...first.statements, "SELECT 1"] };
    expect(checksum(edited)).not.toBe(checksum(first));
    await expect(migrate(store.db, [edited])).rejects.toThrow(/changed after it was applied/);
  });

  it("rolls back a failing migration as a whole", async () => {
    const store = await fresh();
    const broken = { id: "9999_broken", statements: ["CREATE TABLE half_done (id int)", "SELECT no_such_column FROM half_done"] };
    await expect(migrate(store.db, [broken])).rejects.toThrow();
    const tables = await queryRows<{ n: number }>(
      store.db,
      sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'half_done'`,
    );
    expect(tables[0]?.n).toBe(0);
    const recorded = await queryRows(store.db, sql`SELECT id FROM schema_migrations WHERE id = '9999_broken'`);
    expect(recorded).toEqual([]);
  });

  it("the SQL migrations create every column the typed schema declares", async () => {
    const store = await fresh();
    // Every export of the schema module is a table; a new one is checked without touching this test.
    const tables = Object.values(schema);
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      const name = getTableName(table);
      const columns = await queryRows<{ column_name: string }>(
        store.db,
        sql`SELECT column_name FROM information_schema.columns WHERE table_name = ${name} AND table_schema = current_schema()`,
      );
      const actual = columns.map((c) => c.column_name).sort();
      const declared = Object.values(getTableColumns(table)).map((c) => c.name).sort();
      expect(actual, `columns of ${name}`).toEqual(declared);
    }
  });

  it("the audit table refuses UPDATE, DELETE and TRUNCATE", async () => {
    const store = await fresh();
    await appendAudit(store.db, manualClock(), { actor: "system", actorName: "system", action: "auth.login" });
    const db = store.db;
    const refusal = (statement: SQL) => db.execute(statement).then(() => "allowed", databaseMessage);
    expect(await refusal(sql`UPDATE audit SET action = 'edited'`)).toMatch(/append-only: UPDATE refused/);
    expect(await refusal(sql`DELETE FROM audit`)).toMatch(/append-only: DELETE refused/);
    expect(await refusal(sql`TRUNCATE audit`)).toMatch(/append-only: TRUNCATE refused/);
    const rows = await store.db.select().from(schema.audit);
    expect(rows.map((r) => r.action)).toEqual(["auth.login"]);
  });
});
