import "server-only";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { Clock } from "@/server/clock";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { queryRows, type Db, type Queryable } from "@/server/db";
import { log } from "@/server/log";
import { Deposed, type Fence, type Term } from "./fence";
import { holdsLease, readLease, releaseLease, renewLease, takeLease, type LeaseRow } from "./lease";

export interface LeadershipDeps {
  db: Db;
  clock: Clock;
  replica: string;
  region: string | null;
  ttlMs: number;
  /** Called once per term, after the takeover committed (the executor resumes runs here). */
  onElected?: (term: Term, previous: LeaseRow | null) => void;
  /** Called after each renewal while leading (the executor's scan for runs nobody drives). */
  onRenewed?: (term: Term) => void;
}

/** A leader duty's write behind the fence: `{ value }` when it ran, null when this replica does not lead. */
export type LeaderWrite = <T>(write: (tx: Db) => Promise<T>) => Promise<{ value: T } | null>;

/** For a process alone on its store (tests, tools): every duty runs, unfenced. */
export function unfenced(db: Db): LeaderWrite {
  return async (write) => ({ value: await write(db) });
}

/** What the screens and /api/health/ready show about leadership. */
export interface LeadershipView {
  replica: { id: string; region: string | null };
  role: "leader" | "follower";
  leader: { id: string; region: string | null; token: number; since: string } | null;
  leaseTtlMs: number;
}

interface Held {
  term: Term;
  ctl: AbortController;
  /** Re-armed on every renewal: fires when the lease may have lapsed without this replica knowing. */
  deadline: AbortController;
}

const SYSTEM = (replica: string) => ({ actor: "system", actorName: `console replica ${replica}` }) as const;

/**
 * One replica's side of the leader lease (DESIGN invariant 11, issue 14 §2). It tries for the
 * lease, and renews the one it holds, three times per TTL. The term ends — its signal aborts, so
 * steps in flight stop — when a renewal finds the lease gone, when a write's fence check fails,
 * or when no renewal succeeded for TTL minus a margin measured on this process's monotonic timer
 * from *before* the last successful renewal was sent: the database can only have granted the
 * lease until later than that, so this replica always stops believing before a successor may
 * start. Wall-clock jumps and the database being unreachable cannot stretch a term.
 */
export class Leadership implements Fence {
  private held: Held | null = null;
  private leader: LeaseRow | null = null;
  private readonly stopper = new AbortController();
  private loop: Promise<void> | null = null;
  private storeTrouble = false;

  constructor(private readonly deps: LeadershipDeps) {}

  get replica(): string {
    return this.deps.replica;
  }

  start(): void {
    this.loop ??= this.run();
  }

  term(): Term | null {
    return this.held?.term ?? null;
  }

  isLeader(): boolean {
    return this.held !== null;
  }

  async check(tx: Queryable, term: Term): Promise<void> {
    if (term.signal.aborted) throw new Deposed(`replica ${term.replica}: term ${term.token} is over`);
    if (await holdsLease(tx, term.replica, term.token)) return;
    this.depose(term, "a write found the lease held by another replica (or lapsed)");
    throw new Deposed(`replica ${term.replica}: fencing token ${term.token} no longer holds the lease`);
  }

  /**
   * Runs a leader duty's `write` in one transaction behind the fence. Null — nothing written —
   * unless this replica leads for the whole transaction.
   */
  readonly asLeader: LeaderWrite = async (write) => {
    const term = this.term();
    if (!term) return null;
    try {
      return await this.deps.db.transaction(async (tx) => {
        await this.check(tx, term);
        return { value: await write(tx) };
      });
    } catch (err) {
      if (err instanceof Deposed) return null;
      throw err;
    }
  };

  view(): LeadershipView {
    const leader = this.leader?.live || this.held ? this.leader : null;
    return {
      replica: { id: this.deps.replica, region: this.deps.region },
      role: this.held ? "leader" : "follower",
      leader: leader ? { id: leader.holder, region: leader.holderRegion, token: leader.token, since: leader.acquiredAt.toISOString() } : null,
      leaseTtlMs: this.deps.ttlMs,
    };
  }

  /** Tries for the lease (or renews it) now, instead of at the next tick: for tests and a handover heard of. */
  async tick(): Promise<void> {
    const { db, replica, region, ttlMs } = this.deps;
    const sentAt = performance.now();
    try {
      const held = this.held;
      if (held) {
        const renewed = await renewLease(db, replica, held.term.token, ttlMs);
        if (this.held !== held) return;
        if (!renewed) {
          this.depose(held.term, "the lease was taken over or lapsed before it could be renewed");
          this.leader = await readLease(db);
          return;
        }
        this.leader = renewed;
        this.arm(held, sentAt);
        this.deps.onRenewed?.(held.term);
      } else {
        const taken = await db.transaction(async (tx) => {
          const result = await takeLease(tx, replica, region, ttlMs);
          if (result) {
            const { previous, lease } = result;
            const how = !previous ? "first" : previous.released ? "released" : "lost";
            await appendAudit(tx, this.deps.clock, {
              ...SYSTEM(replica),
              action: AUDIT_ACTIONS.leaderElected,
              payload: { replica, region, token: lease.token, how, previousLeader: previous?.holder ?? null, previousToken: previous?.token ?? null, previousExpiredAt: previous?.expiresAt.toISOString() ?? null },
            });
          }
          return result;
        });
        if (taken) this.elect(taken.lease, taken.previous, sentAt);
        else this.leader = await readLease(db);
      }
      await this.heartbeat();
      if (this.storeTrouble) log.info(`replica ${replica}: the store answers again`);
      this.storeTrouble = false;
    } catch (err) {
      if (!this.storeTrouble) log.warn(`replica ${replica}: could not reach the store for the leader lease${this.held ? "; this replica stops leading if it cannot renew in time" : ""}`, err);
      this.storeTrouble = true;
    }
  }

  /** Graceful shutdown: the term ends, the lease is handed over so a follower takes it at its next try, and the loop stops. */
  async stop(reason = "shutting down"): Promise<void> {
    this.stopper.abort();
    await this.loop;
    const held = this.held;
    if (held) {
      this.depose(held.term, reason);
      try {
        await this.deps.db.transaction(async (tx) => {
          if (await releaseLease(tx, this.deps.replica, held.term.token)) {
            await appendAudit(tx, this.deps.clock, { ...SYSTEM(this.deps.replica), action: AUDIT_ACTIONS.leaderReleased, payload: { replica: this.deps.replica, token: held.term.token, reason } });
          }
        });
      } catch (err) {
        log.warn(`replica ${this.deps.replica}: could not hand over the lease (a follower takes it when it lapses)`, err);
      }
    }
    await this.deps.db
      .execute(sql`UPDATE replicas SET stopped_at = clock_timestamp() WHERE id = ${this.deps.replica}`)
      .then(() => undefined, (err: unknown) => log.warn("could not mark this replica stopped", err));
  }

  private async run(): Promise<void> {
    const every = Math.max(50, Math.floor(this.deps.ttlMs / 3));
    while (!this.stopper.signal.aborted) {
      await this.tick();
      await this.deps.clock.sleep(every, this.stopper.signal).catch(() => undefined);
    }
  }

  private elect(lease: LeaseRow, previous: LeaseRow | null, sentAt: number): void {
    const ctl = new AbortController();
    const held: Held = { term: { replica: this.deps.replica, token: lease.token, signal: ctl.signal }, ctl, deadline: new AbortController() };
    this.held = held;
    this.leader = lease;
    this.arm(held, sentAt);
    const before = previous ? ` after ${previous.holder} ${previous.released ? "handed over" : "was lost"}` : "";
    log.info(`replica ${this.deps.replica}: leading with fencing token ${lease.token}${before}`);
    this.deps.onElected?.(held.term, previous);
  }

  /** The term ends at TTL minus a margin after `sentAt`, unless a later renewal re-arms it. */
  private arm(held: Held, sentAt: number): void {
    held.deadline.abort();
    const deadline = new AbortController();
    held.deadline = deadline;
    const { ttlMs } = this.deps;
    const margin = Math.max(Math.floor(ttlMs / 5), Math.min(500, Math.floor(ttlMs / 2)));
    const left = ttlMs - margin - (performance.now() - sentAt);
    const expire = () => {
      if (!deadline.signal.aborted) this.depose(held.term, `no renewal within ${ttlMs - margin} ms`);
    };
    if (left <= 0) return expire();
    const timer = setTimeout(expire, left);
    timer.unref();
    deadline.signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
  }

  private depose(term: Term, why: string): void {
    const held = this.held;
    if (!held || held.term !== term) return;
    this.held = null;
    held.deadline.abort();
    held.ctl.abort(new Deposed(`replica ${term.replica} stopped leading: ${why}`));
    log.warn(`replica ${term.replica}: no longer the leader (${why}); its steps in flight stop now`);
  }

  private async heartbeat(): Promise<void> {
    const { db, replica, region } = this.deps;
    await db.execute(
      sql`INSERT INTO replicas (id, region, started_at, seen_at) VALUES (${replica}, ${region}, clock_timestamp(), clock_timestamp())
          ON CONFLICT (id) DO UPDATE SET seen_at = clock_timestamp(), stopped_at = NULL`,
    );
  }
}

/** Other replicas that said they were alive within `withinMs` (the database's clock): for the start-up note. */
export async function otherReplicas(db: Queryable, replica: string, withinMs: number): Promise<{ id: string; region: string | null }[]> {
  return queryRows<{ id: string; region: string | null }>(
    db,
    sql`SELECT id, region FROM replicas WHERE id <> ${replica} AND stopped_at IS NULL AND seen_at > clock_timestamp() - ${withinMs} * interval '1 millisecond' ORDER BY id`,
  );
}
