import { eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { storeFailure } from "./failover";
import * as tables from "./schema";
import { describePostgres } from "./testing";

/** The server ends the connection under a transaction (what a failover does), deterministically: it terminates its own backend. */
const cutOff = sql`select pg_terminate_backend(pg_backend_pid())`;

describePostgres("store: a transaction cut off by a failover", (fresh) => {
  it("is re-run on a new connection when COMMIT was never sent; its row is stored once", async () => {
    const { db } = await fresh();
    let tries = 0;
    await db.transaction(async (tx) => {
      tries++;
      await tx.insert(tables.settings).values({ key: "cut-off", value: `try ${tries}`, updatedAt: new Date() });
      if (tries === 1) await tx.execute(cutOff);
    });
    expect(tries).toBe(2);
    expect(await db.select({ value: tables.settings.value }).from(tables.settings).where(eq(tables.settings.key, "cut-off"))).toEqual([{ value: "try 2" }]);
  });

  it("a lone statement cut off is reported as outcome unknown (never re-sent), and the next query works", async () => {
    const { db } = await fresh();
    const err: unknown = await db.execute(cutOff).then(() => null, (e: unknown) => e);
    expect(storeFailure(err)?.kind).toBe("outcome_unknown");
    // Twenty cut-off transactions later the pool (10 connections) still has room: each broken connection was dropped, none kept.
    for (let i = 0; i < 20; i++) {
      let first = true;
      await db.transaction(async (tx) => {
        if (first) {
          first = false;
          await tx.execute(cutOff);
        }
      });
    }
    expect(await db.$count(tables.settings)).toBeGreaterThanOrEqual(0);
  });
});
