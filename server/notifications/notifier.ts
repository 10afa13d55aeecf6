import "server-only";
import type { Clock } from "@/server/clock";
import type { NotificationDelivery } from "@/server/config";
import { CHANNELS, listenJson, type Db, type Store } from "@/server/db";
import { Deposed, type Fence } from "@/server/leader";
import { log } from "@/server/log";
import { next } from "./backoff";
import type { Destination } from "./destinations";
import { requestFor } from "./formats";
import { BATCH, claim, enqueue, nextDue, settle, type Claimed } from "./outbox";
import { post } from "./send";

export interface NotifierDeps {
  db: Db;
  clock: Clock;
  /** Only the leader enqueues and sends (issue 14): every write of the worker's checks the term in its transaction. */
  fence: Fence;
  destinations: readonly Destination[];
  publicUrl: string | null;
  policy: NotificationDelivery;
  /** Woken by the database's announcement of each audit insert (migration 0013); polling is the fallback. */
  store?: Pick<Store, "listen">;
  pollMs?: number;
}

/**
 * The leader's notification worker. An action only appends its audit record, in its own
 * transaction, so sending can never delay, block or undo it; here the leader turns new records
 * into deliveries (outbox.ts) and sends them, at most `policy.concurrency` at a time, each
 * request within `policy.timeoutMs`, retrying by backoff.ts. A follower does nothing.
 */
export class Notifier {
  private readonly inFlight = new Set<Promise<void>>();
  private pumping: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = Infinity;
  private stopListening: (() => Promise<void>) | null = null;
  private readonly byName: Map<string, Destination>;
  /** Aborts the requests in flight when the console stops: they go back to pending, attempt counted. */
  private readonly stopper = new AbortController();
  /** The last claim filled every free slot: more may be due, so a finishing send looks again. */
  private saturated = false;

  constructor(private readonly deps: NotifierDeps) {
    this.byName = new Map(deps.destinations.map((d) => [d.name, d]));
  }

  async start(): Promise<void> {
    if (this.deps.destinations.length === 0) return;
    if (this.deps.store) {
      this.stopListening = await listenJson(
        this.deps.store,
        CHANNELS.changes,
        (payload) => {
          if (payload && typeof payload === "object" && "kind" in payload && payload.kind === "audit") this.wake();
        },
        () => undefined,
      );
    }
    this.wake();
  }

  /** Enqueue and send what is due now; calls arriving meanwhile fold into one more pass. */
  wake(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
    });
  }

  /** Resolves once nothing is being enqueued or sent: for tests and the benchmark. */
  async idle(): Promise<void> {
    while (this.pumping || this.inFlight.size > 0) await Promise.all([this.pumping, ...this.inFlight]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopper.abort(new Error("the console is stopping"));
    if (this.timer) clearTimeout(this.timer);
    await this.stopListening?.();
    await this.idle();
  }

  private async pump(): Promise<void> {
    // A wake that arrives at any point of a pass — the timer's read included — gets one more pass.
    do {
      this.again = false;
      try {
        await this.cycle();
      } catch (err) {
        if (err instanceof Deposed) log.info("notifications: no longer leading; the new leader sends");
        else log.error("notifications: could not enqueue or claim deliveries", err);
      }
      await this.schedule();
    } while (this.again && !this.stopped);
  }

  private async cycle(): Promise<void> {
    const { db, clock, fence, policy } = this.deps;
    const term = fence.term();
    if (!term) return;
    const free = policy.concurrency - this.inFlight.size;
    const claimed = await db.transaction(async (tx) => {
      await fence.check(tx, term);
      const options = { destinations: this.deps.destinations, publicUrl: this.deps.publicUrl, maxAgeMs: policy.maxAgeMinutes * 60_000 };
      // A long backlog is read batch by batch, all in this transaction.
      while ((await enqueue(tx, clock, options)) >= BATCH);
      return claim(tx, clock, free, policy.timeoutMs + 30_000);
    });
    this.saturated = claimed.length >= free;
    for (const c of claimed) this.launch(c);
  }

  private launch(c: Claimed): void {
    const sending = this.deliver(c)
      .catch((err: unknown) => log.error(`notifications: delivery ${c.id} to ${c.destination} could not be recorded`, err))
      .finally(() => {
        this.inFlight.delete(sending);
        // A slot is free: anything that was waiting for one goes now. (A retry is woken by its timer.)
        if (this.saturated) this.wake();
      });
    this.inFlight.add(sending);
  }

  private async deliver(c: Claimed): Promise<void> {
    const { db, clock, policy } = this.deps;
    const d = this.byName.get(c.destination);
    const request = d ? requestFor(d, c.event, { id: c.id, nowMs: clock.now().getTime() }) : null;
    if (!d || !request) {
      await settle(db, clock, c, { outcome: "gave_up", status: null, error: d ? "nothing to send to this destination" : `destination "${c.destination}" is no longer configured (or its secret is unset)` });
      return;
    }
    const attempt = await post(request, policy.timeoutMs, clock.now().getTime(), this.stopper.signal);
    const result = next(attempt, c.attempts, c.eventAt, clock.now().getTime(), policy);
    await settle(db, clock, c, result);
    if (result.outcome === "retry") this.wakeBy(result.nextAttemptAt.getTime() - clock.now().getTime());
    if (result.outcome !== "delivered") log.warn(`notifications: ${c.event.kind} #${c.event.seq} to ${d.name}: ${result.error}${result.outcome === "retry" ? `; retrying at ${result.nextAttemptAt.toISOString()}` : ""}`);
  }

  /** Wakes for the next due retry, or after the poll interval at the latest (a missed announcement, a new term). */
  private async schedule(): Promise<void> {
    if (this.stopped) return;
    const pollMs = this.deps.pollMs ?? 5_000;
    let delay = pollMs;
    // A follower, or a leader with every slot busy (a finishing send wakes it), just polls.
    const canSend = this.deps.fence.term() !== null && this.inFlight.size < this.deps.policy.concurrency;
    try {
      const due = canSend ? await nextDue(this.deps.db) : null;
      if (due) delay = Math.min(pollMs, Math.max(0, due.getTime() - this.deps.clock.now().getTime()));
    } catch (err) {
      log.warn("notifications: could not read the next due delivery", err);
    }
    this.wakeBy(delay, true);
  }

  /** Arms the timer `delay` ms from now, unless it already fires sooner (or `replace`: the pass just computed it). */
  private wakeBy(delay: number, replace = false): void {
    if (this.stopped) return;
    const at = Date.now() + Math.max(0, delay);
    if (!replace && this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, at - Date.now());
    this.timer.unref?.();
  }
}
