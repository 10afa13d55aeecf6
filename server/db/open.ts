import { openStore, type Store } from "./client";
import { migrate } from "./migrate";
import { grantRuntime, roleFacts } from "./roles";
import { seedFromTemplate } from "./template";

export interface StoreEnv {
  /** The runtime role's connection (PostgreSQL); unset: PGlite in dataDir. */
  DATABASE_URL?: string;
  /** The owner's connection, for migrations and grants (PostgreSQL only, optional). */
  DATABASE_OWNER_URL?: string;
  CONSOLE_DATA_DIR: string;
  /** A PGlite folder `npm run build` initialised; a new data folder starts as a copy (server/db/template.ts). */
  CONSOLE_PGLITE_TEMPLATE?: string;
}

/**
 * Opens the console's store, brought up to date. PGlite, and PostgreSQL with DATABASE_URL alone,
 * migrate over the one connection, as always. With DATABASE_OWNER_URL as well, the owner
 * migrates and grants the runtime role its rights (server/db/roles.ts), then only the runtime
 * connection is kept: the console runs as a role that cannot alter or disable the audit log.
 * `warn` hears about a configuration that protects less than it seems to.
 */
export async function openMigratedStore(e: StoreEnv, warn: (message: string) => void): Promise<Store> {
  if (!e.DATABASE_URL) {
    if (e.DATABASE_OWNER_URL) throw new Error("DATABASE_OWNER_URL is set without DATABASE_URL: set DATABASE_URL to the runtime role's connection");
    await seedFromTemplate(e.CONSOLE_DATA_DIR, e.CONSOLE_PGLITE_TEMPLATE);
    return migrated(await openStore({ kind: "pglite", dataDir: e.CONSOLE_DATA_DIR }));
  }
  if (!e.DATABASE_OWNER_URL) return migrated(await openStore({ kind: "postgres", url: e.DATABASE_URL }));

  const owner = await openStore({ kind: "postgres", url: e.DATABASE_OWNER_URL, name: "DATABASE_OWNER_URL" });
  try {
    await migrate(owner.db);
    const runtime = await openStore({ kind: "postgres", url: e.DATABASE_URL });
    try {
      const facts = await roleFacts(runtime.db);
      if (facts.superuser || facts.ownsAudit) {
        warn(`the runtime role ${facts.name} (DATABASE_URL) ${facts.superuser ? "is a superuser" : "owns the audit table or is a member of its owner"}: it can still disable the audit triggers; give DATABASE_URL a role of its own (README "PostgreSQL roles")`);
      } else {
        await grantRuntime(owner.db, facts.name);
      }
      return runtime;
    } catch (err) {
      await runtime.close();
      throw err;
    }
  } finally {
    await owner.close();
  }
}

async function migrated(store: Store): Promise<Store> {
  try {
    await migrate(store.db);
    return store;
  } catch (err) {
    await store.close();
    throw err;
  }
}
