import "server-only";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { isHttpsPublicUrl } from "@/lib/transport";
import { hashDemoPasswords, seedDemoUsers } from "@/server/auth/demo-users";
import { scaledClock, systemClock, type Clock } from "@/server/clock";
import { loadConfig, type ConsoleConfig } from "@/server/config";
import { openMigratedStore, readSetting, tables, writeSetting, type Db, type Store } from "@/server/db";
import { expireAccessChanges } from "@/server/access/rows";
import { expireDue } from "@/server/approvals/expire";
import { startExpirySweeper } from "@/server/approvals/sweeper";
import { startHeadPublisher } from "@/server/audit";
import { env, type Env } from "@/server/env";
import { AutoOpener } from "@/server/incidents/auto-open";
import { Monitor } from "@/server/monitor/monitor";
import { checkNow } from "@/server/monitor/check-now";
import { log } from "@/server/log";
import { createProvider, type FaultControl, type RegionProvider, type SimWorldDeps } from "@/server/providers";
import { SavedWorld } from "@/server/providers/sim";
import { Executor } from "@/server/runbooks/executor";

/** Everything a request needs that lives for the whole process. */
export interface Runtime {
  config: ConsoleConfig;
  store: Store;
  db: Db;
  clock: Clock;
  /** Signs and encrypts session tokens. */
  authSecret: string;
  /** Session cookies carry `Secure` when the console is served over HTTPS. */
  secureCookies: boolean;
  provider: RegionProvider;
  /** Drill controls: the simulated world only. */
  faults: FaultControl | null;
  monitor: Monitor;
  /** Drives approved runs; resumes the ones a previous process left running. */
  executor: Executor;
  /** Stops the pollers, the runs in flight (as stored), the incident auto-opener, the audit head publisher and the proposal expiry sweeper. */
  stopBackground: () => Promise<void>;
}

// The launcher (scripts/serve.ts) and Next's compiled route bundles are separate module graphs in
// one process; a process-wide key makes them share one runtime — and one PGlite, which must
// never be opened twice on the same folder.
const KEY = Symbol.for("failover-console.runtime");
type Holder = { [KEY]?: Promise<Runtime> };

export function getRuntime(): Promise<Runtime> {
  const holder = globalThis as Holder;
  holder[KEY] ??= startRuntime().catch((err: unknown) => {
    delete holder[KEY];
    throw err;
  });
  return holder[KEY];
}

async function startRuntime(): Promise<Runtime> {
  const e = env();
  const config = await loadConfig(e.CONSOLE_CONFIG);
  if (config.mode !== "sim" && !e.NEXTAUTH_SECRET) {
    throw new Error("NEXTAUTH_SECRET is required outside sim mode (32+ random characters, e.g. `openssl rand -base64 32`)");
  }
  // A head signed with a key the database never holds is what catches a cut or rewritten audit log (issue 13 §7).
  if (config.mode !== "sim" && !e.AUDIT_HEAD_KEY) {
    throw new Error("AUDIT_HEAD_KEY is required outside sim mode: it signs the published audit heads (32+ random characters, e.g. `openssl rand -base64 32`), kept out of the database");
  }
  if (!e.AUDIT_HEAD_KEY) log.warn("AUDIT_HEAD_KEY is not set: audit heads are published unsigned (sim mode only)");
  // Hashed on the thread pool while the store opens and migrates (both take a while at start).
  const demoHashes = config.mode === "sim" ? hashDemoPasswords() : null;
  const store = await openMigratedStore(e, (message) => log.warn(message));
  try {
    // The console's own clock is the wall's in every mode (invariant 14); only the world runs faster.
    const clock = systemClock;
    if (demoHashes) await seedDemoUsers(store.db, clock, demoHashes);
    const authSecret = e.NEXTAUTH_SECRET ?? (await simAuthSecret(store.db, clock));
    const secureCookies = isHttpsPublicUrl(e.NEXTAUTH_URL);
    const { provider, faults } = await createProvider(config, clock, config.mode === "sim" ? await simWorldDeps(store.db, config.sim.speed, e, clock) : undefined);
    const monitor = new Monitor({ config, provider, faults, clock, db: store.db });
    monitor.start();
    // A critical finding opens an incident when none is open (incidents.autoOpen).
    const autoOpener = new AutoOpener({ db: store.db, clock, config: config.incidents, monitor });
    autoOpener.start();
    const stopHeadPublisher = startHeadPublisher(store.db, clock, {
      intervalMs: config.audit.headPublishIntervalSeconds * 1000,
      file: config.audit.headFile,
      webhookUrl: config.audit.headWebhookUrl,
      key: e.AUDIT_HEAD_KEY ?? null,
    });
    const stopExpirySweeper = startExpirySweeper(store.db, clock, [expireDue, expireAccessChanges]);
    const regions = [config.regions[0], config.regions[1]] as const;
    const executor = new Executor({
      db: store.db,
      clock,
      provider,
      lagBudgetMs: config.replication.lagBudgetMs,
      callTimeoutMs: config.monitor.callTimeoutMs,
      world: () => checkNow({ provider, clock, regions, callTimeoutMs: config.monitor.callTimeoutMs, lagBudgetMs: config.replication.lagBudgetMs }),
    });
    await executor.resumeAll();
    const stopBackground = async () => {
      await Promise.all([executor.stop(), monitor.stop(), autoOpener.stop(), stopHeadPublisher(), stopExpirySweeper()]);
    };
    return { config, store, db: store.db, clock, authSecret, secureCookies, provider, faults, monitor, executor, stopBackground };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** Sim mode may keep a generated secret in its own store; a real deployment supplies one (checked above). */
async function simAuthSecret(db: Db, clock: Clock): Promise<string> {
  await db
    .insert(tables.settings)
    .values({ key: "auth_secret", value: randomBytes(32).toString("base64url"), updatedAt: clock.now() })
    .onConflictDoNothing();
  const [row] = await db.select().from(tables.settings).where(eq(tables.settings.key, "auth_secret"));
  if (!row) throw new Error("could not read the stored session secret");
  return row.value;
}

const SIM_WORLD_KEY = "sim_world";

/**
 * The simulated world's clock and saved state. Its clock runs at SIM_SPEED (or sim.speed) times
 * the wall, carrying on from the world time the last process saved — as if the world had gone on
 * at the new speed while the console was down — so a switchover in flight is found where it was.
 * A saved state that no longer parses starts a fresh world, with a warning.
 */
async function simWorldDeps(db: Db, configSpeed: number, e: Env, clock: Clock): Promise<SimWorldDeps> {
  const speed = e.SIM_SPEED ?? configSpeed;
  const stored = await readSetting(db, SIM_WORLD_KEY);
  let saved: SavedWorld | null = null;
  if (stored !== null) {
    const parsed = SavedWorld.safeParse(safeJson(stored));
    if (parsed.success) saved = parsed.data;
    else log.warn(`the saved simulated world could not be read (${parsed.error.issues[0]?.message ?? "invalid"}); starting a fresh one`);
  }
  const wallNow = clock.now().getTime();
  const anchor = saved ? { worldMs: saved.worldAt + (wallNow - saved.wallAt) * speed, wallMs: wallNow } : undefined;
  return {
    worldClock: scaledClock(speed, () => clock.now().getTime(), anchor),
    saved,
    persist: (world) => writeSetting(db, SIM_WORLD_KEY, JSON.stringify(world), clock.now()),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Stops polling, releases provider clients, then closes the store — in that order. */
export async function stopRuntime(rt: Runtime): Promise<void> {
  await rt.stopBackground();
  await rt.provider.close();
  await rt.store.close();
}
