import "server-only";
import { Change } from "@/lib/live";
import { CHANNELS, listenJson, type Store } from "@/server/db";
import { log } from "@/server/log";

type Subscriber = (changes: Change[]) => void;

/** How long announcements are gathered before they go to the browsers: a burst (a run's steps, a proposal and its run) becomes one message. */
export const COALESCE_MS = 50;

/**
 * Hears what changed on any replica (the `fc_changes` channel, announced by the database's
 * triggers: migration 0013) and hands it, gathered and each change once, to this replica's
 * browser streams. Payloads are ids; nothing here reads the store, so the cost of a change does
 * not grow with the number of viewers beyond one small message each, and viewers never cause a
 * provider call (invariant 9).
 */
export class ChangeRelay {
  private readonly subscribers = new Set<Subscriber>();
  private readonly pending = new Map<string, Change>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopListening: (() => Promise<void>) | null = null;

  constructor(private readonly coalesceMs = COALESCE_MS) {}

  /** Starts listening on the store; resolves once LISTEN is in place. */
  async start(store: Pick<Store, "listen">): Promise<void> {
    this.stopListening = await listenJson(
      store,
      CHANNELS.changes,
      (payload) => {
        const change = Change.safeParse(payload);
        if (change.success) this.announce(change.data);
        else log.warn("live: ignored an unknown change announcement", payload);
      },
      (text) => log.warn("live: ignored a malformed change announcement", text.slice(0, 200)),
    );
  }

  /** A change this replica learnt of by other means (the shared simulated world reloaded). */
  announce(change: Change): void {
    this.pending.set(`${change.kind}\u0000${change.id}`, change);
    this.timer ??= setTimeout(() => this.flush(), this.coalesceMs);
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
    await this.stopListening?.();
    this.stopListening = null;
  }

  private flush(): void {
    this.timer = null;
    const changes = [...this.pending.values()];
    this.pending.clear();
    if (changes.length === 0) return;
    for (const subscriber of this.subscribers) {
      try {
        subscriber(changes);
      } catch (err) {
        log.error("live: a change subscriber failed", err);
      }
    }
  }
}
