import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, describe } from "vitest";
import { openStore, type Db, type Store } from "./client";
import { haveClusterBinaries, PG_BIN } from "./clusters";
import { migrate } from "./migrate";

/**
 * Runs a store test suite against every store the console supports: PGlite in memory, and a
 * real PostgreSQL server when TEST_DATABASE_URL is set (`.ci/run` sets it). Each call gets a
 * fresh, migrated database of its own, so tests seed their own data and never see another's.
 */
export type FreshStore = () => Promise<Store>;

const pgUrl = process.env.TEST_DATABASE_URL;

if (!pgUrl) {
  const msg = "TEST_DATABASE_URL is not set: PostgreSQL store tests are skipped (`.ci/run` sets it).";
  if (process.env.CI) throw new Error(`${msg} CI must run them.`);
  console.warn(msg);
}

async function freshPglite(): Promise<Store> {
  const store = await openStore({ kind: "pglite", dataDir: null });
  await migrate(store.db);
  return store;
}

async function freshPostgres(adminUrl: string): Promise<Store> {
  const name = `fc_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ kind: "postgres", url: url.toString() });
  await migrate(store.db);
  return {
    ...store,
    close: async () => {
      await store.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** Every store a test opens is closed (and a PostgreSQL test database dropped) after the test. */
function tracked(open: FreshStore): FreshStore {
  const opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  return async () => {
    const store = await open();
    opened.push(store);
    return store;
  };
}

export function describeStores(title: string, suite: (fresh: FreshStore) => void): void {
  describe(`${title} [PGlite]`, () => suite(tracked(freshPglite)));
  if (pgUrl) describe(`${title} [PostgreSQL]`, () => suite(tracked(() => freshPostgres(pgUrl))));
}

/** A suite that needs PostgreSQL itself (several connections racing, roles): skipped without TEST_DATABASE_URL. */
export function describePostgres(title: string, suite: (fresh: FreshStore) => void): void {
  if (pgUrl) describe(`${title} [PostgreSQL]`, () => suite(tracked(() => freshPostgres(pgUrl))));
  else describe.skip(`${title} [PostgreSQL: TEST_DATABASE_URL not set]`, () => undefined);
}

/**
 * Another console process's view of the same database: its own connections on PostgreSQL (closed
 * with the test's store by the caller), the one in-process store on PGlite.
 */
export async function anotherConnection(store: Store): Promise<Store> {
  return store.target.kind === "postgres" ? openStore(store.target) : { ...store, close: async () => undefined };
}

/**
 * A console's link to its store that a test can cut (a partition, a long GC pause, an outage):
 * while `down`, every query the console starts throws at once, as the driver does for a refused
 * (ECONNREFUSED) or lost (ECONNRESET) connection.
 */
export function cuttable(db: Db, how = "lost"): { db: Db; down: boolean } {
  const link = { db, down: false };
  link.db = new Proxy(db, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (link.down && (prop === "execute" || prop === "transaction" || prop === "select" || prop === "update")) {
        return () => {
          // As node-postgres reports it: a socket error carrying the node code.
          throw Object.assign(new Error(`connection ${how}`), { code: how === "refused" ? "ECONNREFUSED" : "ECONNRESET" });
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return link;
}

/** The PostgreSQL admin URL, for tests that must act as a superuser (e.g. tampering with the audit log). */
export const testPostgresUrl = pgUrl;

if (!haveClusterBinaries) {
  const msg = `PostgreSQL binaries not found in ${PG_BIN}: the store failover and outage tests are skipped (set PG_BIN, or install postgresql-15).`;
  if (process.env.CI) throw new Error(`${msg} CI must run them.`);
  console.warn(msg);
}

/** A suite that runs PostgreSQL clusters of its own (./clusters.ts): skipped, with the reason, without the binaries. */
export function describeClusters(title: string, suite: () => void): void {
  if (haveClusterBinaries) describe(title, suite);
  else describe.skip(`${title} [PostgreSQL binaries not found in ${PG_BIN}]`, () => undefined);
}
