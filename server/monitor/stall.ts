import "server-only";
import { performance } from "node:perf_hooks";
import type { Clock } from "@/server/clock";

/** A span during which the console's own event loop did not run (a blocked loop, a paused process), in clock time. */
export interface Stall {
  from: Date;
  to: Date;
  /** Wall-clock length: what the process lost, whatever the clock's speed. */
  wallMs: number;
}

/** What the pollers and the snapshot ask: how much of a span the console itself was stalled. */
export interface StallLedger {
  /** Milliseconds (clock time) of `[fromMs, toMs]` during which the console was stalled. */
  stalledWithin(fromMs: number, toMs: number): number;
}

export const NO_STALLS: StallLedger = { stalledWithin: () => 0 };

// A beat every 100 ms: a stall is known to within that, and the timer costs nothing.
const BEAT_MS = 100;
// Enough to age every signal out (10 cadences at the slowest cadence is far less than this).
const KEEP = 64;

/**
 * Watches the console's own event loop. A stall is not a fact about a region: while the loop is
 * blocked no poll can run, so every signal of every region ages at once and every call in flight
 * looks slow or timed out — the issue-15 drill whose "first impact" was the console itself. The
 * pollers and the snapshot subtract the stalled time from each poll's timing and each signal's
 * age; the stall is reported once (a console event on the timeline).
 *
 * A timer-drift check rather than `monitorEventLoopDelay`: its histogram says how long the loop
 * waited, not when, and the ledger needs the span. `check()` is also called synchronously by
 * anyone about to judge time, so a stall is known before the first timer after it reports it.
 */
export class StallWatch implements StallLedger {
  private readonly stalls: Stall[] = [];
  private lastWall = performance.now();
  private lastClock: number;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly clock: Clock,
    /** A loop that did not turn for longer than this is stalled (monitor.stallThresholdMs). */
    private readonly thresholdMs: number,
    private readonly onStall: (stall: Stall) => void,
  ) {
    this.lastClock = clock.now().getTime();
  }

  start(): void {
    if (this.timer) return;
    this.check();
    this.timer = setInterval(() => this.check(), BEAT_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The loop is turning now: if it did not for longer than the threshold, that span was a stall. */
  check(): void {
    const wall = performance.now();
    const now = this.clock.now().getTime();
    const gap = wall - this.lastWall;
    if (this.timer && gap > this.thresholdMs) {
      const stall = { from: new Date(this.lastClock), to: new Date(Math.max(now, this.lastClock)), wallMs: Math.round(gap) };
      this.stalls.push(stall);
      if (this.stalls.length > KEEP) this.stalls.shift();
      this.onStall(stall);
    }
    this.lastWall = wall;
    this.lastClock = now;
  }

  stalledWithin(fromMs: number, toMs: number): number {
    this.check();
    let total = 0;
    for (const s of this.stalls) total += Math.max(0, Math.min(toMs, s.to.getTime()) - Math.max(fromMs, s.from.getTime()));
    return total;
  }
}
