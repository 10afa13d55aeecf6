import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { eq } from "drizzle-orm";
import { isHttpsPublicUrl } from "@/lib/transport";
import { hashDemoPasswords, seedDemoUsers } from "@/server/auth/demo-users";
import { systemClock, type Clock } from "@/server/clock";
import { loadConfig, type ConsoleConfig } from "@/server/config";
import { openMigratedStore, StoreHealth, tables, type Db, type Store } from "@/server/db";
import { expireAccessChanges } from "@/server/access/rows";
import { expireDue } from "@/server/approvals/expire";
import { startExpirySweeper } from "@/server/approvals/sweeper";
import { startHeadPublisher } from "@/server/audit";
import { env } from "@/server/env";
import { AutoOpener } from "@/server/incidents/auto-open";
import { Monitor } from "@/server/monitor/monitor";
import { checkNow } from "@/server/monitor/check-now";
import { log } from "@/server/log";
import { ChangeRelay } from "@/server/live/relay";
import { followSharedWorld, sharedSimWorld } from "@/server/live/sim-world";
import { createProvider, type FaultControl, type RegionProvider } from "@/server/providers";
import { Leadership, otherReplicas } from "@/server/leader";
import { PlanEvaluator, runPlanChecks } from "@/server/plan";
import { Executor } from "@/server/runbooks/executor";
import { CriticalHeldRecorder, Notifier, resolveDestinations } from "@/server/notifications";
import type { DestinationView } from "@/lib/notifications";
import { listenForRunSignals, signalsThroughStore, type RunSignals } from "@/server/runbooks/signals";

/** Everything a request needs that lives for the whole process. */
export interface Runtime {
  config: ConsoleConfig;
  store: Store;
  /** This replica's probe of its store: actions check it first; the executor asks it before calling AWS. */
  storeHealth: StoreHealth;
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
  /** Drives approved runs while this replica leads; resumes the ones a previous leader left running. */
  executor: Executor;
  /** How routes tell the leader (this replica or another) about a run they changed: through the store. */
  runSignals: RunSignals;
  /** The leader lease: who leads, and this replica's side of it. */
  leadership: Leadership;
  /** The failover plan's checks: on the leader's schedule, on an admin's demand, stored for every replica (issue 15 §7). */
  plan: PlanEvaluator;
  /** What changed on any replica, for this replica's browser streams (server/live). */
  changes: ChangeRelay;
  /** Notification destinations as admins see them (whether each one's secret is set; never the secret). */
  notifications: { destinations: readonly DestinationView[] };
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
    const changes = new ChangeRelay();
    await changes.start(store);
    const sim = config.mode === "sim" ? await sharedSimWorld(store.db, e.SIM_SPEED ?? config.sim.speed, clock) : undefined;
    const { provider, faults, world } = await createProvider(config, clock, sim);
    // One leader among the replicas on this store (issue 14): it drives runs, sweeps, opens
    // incidents, records the timeline and publishes the audit head; every replica polls and shows.
    const replica = e.CONSOLE_REPLICA_ID ?? `${hostname()}-${process.pid}-${randomBytes(2).toString("hex")}`;
    const ttlMs = config.replica.leaseTtlSeconds * 1000;
    let executor: Executor | null = null;
    const leadership = new Leadership({
      db: store.db,
      clock,
      replica,
      region: e.CONSOLE_REGION ?? config.replica.region ?? null,
      ttlMs,
      onElected: (term, previous) => void executor?.takeOver(term, previous).catch((err: unknown) => log.error("could not take over the runs left running", err)),
      onRenewed: () => void executor?.resumeAll().catch((err: unknown) => log.error("could not scan for runs to drive", err)),
    });
    const asLeader = leadership.asLeader;
    const storeHealth = new StoreHealth({ db: store.db, clock });
    const plan = new PlanEvaluator({
      db: store.db,
      clock,
      replica,
      asLeader,
      intervalMinutes: config.plan.checkIntervalMinutes,
      refreshMs: config.plan.refreshSeconds * 1000,
      cooldownMs: config.plan.onDemandCooldownSeconds * 1000,
      check: () => runPlanChecks({ config, provider, clock }, () => performance.now()),
      // Called only once started (below), when the monitor exists.
      onChange: () => monitor.refresh(),
    });
    const monitor = new Monitor({ config, provider, faults, clock, db: store.db, asLeader, replica: () => leadership.view(), store: () => storeHealth.status(), plan: () => plan.status() });
    // The banner comes and goes with the next snapshot, not a cadence later.
    storeHealth.onChange(() => monitor.refresh());
    storeHealth.start();
    monitor.start();
    // Replicas in sim mode share one world: a fault toggled or a write made through another shows here.
    const stopFollowingWorld =
      sim && world
        ? await followSharedWorld(store, sim.store, world, (adopted) => {
            if (adopted) monitor.refresh();
            changes.announce({ kind: "faults", id: "world" });
          })
        : async () => undefined;
    // A critical finding opens an incident when none is open (incidents.autoOpen).
    const autoOpener = new AutoOpener({ db: store.db, clock, config: config.incidents, monitor, asLeader });
    autoOpener.start();
    const stopHeadPublisher = startHeadPublisher(store.db, clock, {
      intervalMs: config.audit.headPublishIntervalSeconds * 1000,
      file: config.audit.headFile,
      webhookUrl: config.audit.headWebhookUrl,
      key: e.AUDIT_HEAD_KEY ?? null,
      leads: () => leadership.isLeader(),
    });
    const stopExpirySweeper = startExpirySweeper(
      store.db,
      clock,
      [expireDue, expireAccessChanges].map((sweep) => (_db: Db, c: Clock) => asLeader((tx) => sweep(tx, c))),
    );
    const regions = [config.regions[0], config.regions[1]] as const;
    executor = new Executor({
      db: store.db,
      clock,
      provider,
      lagBudgetMs: config.replication.lagBudgetMs,
      callTimeoutMs: config.monitor.callTimeoutMs,
      world: () => checkNow({ provider, clock, regions, callTimeoutMs: config.monitor.callTimeoutMs, lagBudgetMs: config.replication.lagBudgetMs }),
      fence: leadership,
    });
    const driver = executor;
    // Issue 15 §5: the leader sends what the audit log reports; actions only append their record.
    const destinations = resolveDestinations(config.notifications.destinations);
    for (const d of destinations.views) if (!d.ready) log.warn(`notifications: destination "${d.name}" is not used: ${d.problem}`);
    const notifier = new Notifier({ db: store.db, clock, fence: leadership, destinations: destinations.ready, publicUrl: config.notifications.publicUrl ?? e.NEXTAUTH_URL ?? null, policy: config.notifications.delivery, store });
    const heldRecorder = new CriticalHeldRecorder({ clock, monitor, holdSeconds: config.incidents.autoOpenAfterSeconds, asLeader });
    if (destinations.ready.length > 0) heldRecorder.start();
    const stopListening = await listenForRunSignals(store, driver);
    const others = await otherReplicas(store.db, replica, 3 * ttlMs);
    if (others.length > 0) {
      log.info(`replica ${replica}: ${others.length} other console replica(s) use this database (${others.map((o) => `${o.id}${o.region ? ` in ${o.region}` : ""}`).join(", ")}); one leader drives runs, by lease`);
    }
    // Try for the lease before serving: a console alone on its store leads from its first request.
    await leadership.tick();
    leadership.start();
    await notifier.start();
    plan.start();
    const stopBackground = async () => {
      // The term ends first (steps in flight stop, nothing more is written) and the lease is handed over.
      await leadership.stop();
      await Promise.all([driver.stop(), monitor.stop(), plan.stop(), autoOpener.stop(), stopHeadPublisher(), stopExpirySweeper(), stopListening(), stopFollowingWorld(), notifier.stop(), heldRecorder.stop(), changes.stop(), storeHealth.stop()]);
    };
    const runSignals = signalsThroughStore(store.db);
    return { config, store, storeHealth, db: store.db, clock, authSecret, secureCookies, provider, faults, monitor, executor: driver, runSignals, leadership, plan, changes, notifications: { destinations: destinations.views }, stopBackground };
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

/** Stops polling, releases provider clients, then closes the store — in that order. */
export async function stopRuntime(rt: Runtime): Promise<void> {
  await rt.stopBackground();
  await rt.provider.close();
  await rt.store.close();
}
