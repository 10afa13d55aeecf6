import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { StoreStatus } from "@/lib/snapshot";
import type { Clock } from "@/server/clock";
import { ServiceError } from "@/server/errors";
import { log } from "@/server/log";
import { databaseMessage } from "./client";

export interface StoreHealthOptions {
  /** The store's Db (anything that runs a query). */
  db: { execute(query: SQL): PromiseLike<unknown> };
  clock: Clock;
  /** Between probes (default 2 s). */
  intervalMs?: number;
  /** A probe with no answer by then counts as unreachable (default 2 s). */
  timeoutMs?: number;
}

/**
 * This replica's view of its store: `select 1` every couple of seconds, with a short timeout. The
 * snapshot carries it (the dashboard's banner), actions check it before they try, and the
 * executor asks `isReachable()` before calling AWS for a next step (DESIGN: static stability —
 * with the store gone the screens stay live from memory, actions are refused with the reason, and
 * everything resumes by itself when it returns).
 */
export class StoreHealth {
  private current: StoreStatus = { status: "reachable", checkedAt: null };
  private readonly stopper = new AbortController();
  private loop: Promise<void> | null = null;
  private readonly listeners = new Set<(status: StoreStatus) => void>();
  private readonly intervalMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: StoreHealthOptions) {
    this.intervalMs = options.intervalMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
  }

  status(): StoreStatus {
    return this.current;
  }

  isReachable(): boolean {
    return this.current.status === "reachable";
  }

  /** Hears every change between reachable and unreachable (the monitor republishes at once). */
  onChange(listener: (status: StoreStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One probe now; the loop calls it, tests too. */
  async check(): Promise<StoreStatus> {
    const { db, clock } = this.options;
    const timeout = new AbortController();
    const answered = Promise.resolve(db.execute(sql`select 1`)).then(
      () => null,
      (err: unknown) => databaseMessage(err) || String(err),
    );
    const timedOut = clock.sleep(this.timeoutMs, timeout.signal).then(
      () => `no answer to "select 1" within ${this.timeoutMs} ms`,
      () => null,
    );
    const error = await Promise.race([answered, timedOut]);
    timeout.abort();
    const at = clock.now().toISOString();
    const was = this.current;
    if (error === null) this.current = { status: "reachable", checkedAt: at };
    else this.current = { status: "unreachable", since: was.status === "unreachable" ? was.since : at, error, checkedAt: at };
    if (was.status !== this.current.status) this.changed(was);
    return this.current;
  }

  private changed(was: StoreStatus): void {
    const now = this.current;
    if (now.status === "unreachable") log.warn(`store unreachable since ${now.since}: actions paused (${now.error})`);
    else if (was.status === "unreachable") log.info(`store reachable again (unreachable since ${was.since}): actions resume`);
    for (const listener of this.listeners) {
      try {
        listener(now);
      } catch (err) {
        log.error("store health listener failed", err);
      }
    }
  }

  private async run(): Promise<void> {
    while (!this.stopper.signal.aborted) {
      await this.check().catch((err: unknown) => log.error("store health probe failed", err));
      await this.options.clock.sleep(this.intervalMs, this.stopper.signal).catch(() => undefined);
    }
  }
}

/** What actions call before they try: a 503 with the reason while this replica cannot reach its store. */
export function requireStore(health: Pick<StoreHealth, "status">): void {
  const s = health.status();
  if (s.status === "unreachable") {
    throw new ServiceError("unavailable", `store unreachable since ${s.since}: actions paused; nothing was saved; try again when the store is back`, { reason: "store-unreachable", since: s.since });
  }
}
