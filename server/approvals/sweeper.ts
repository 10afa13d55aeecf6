import "server-only";
import type { Clock } from "@/server/clock";
import type { Db } from "@/server/db";
import { log } from "@/server/log";
import { expireDue } from "./expire";

type Sweep = (db: Db, clock: Clock) => Promise<unknown>;

/**
 * Expires lapsed proposals (and, given as further sweeps, lapsed privilege changes) on a timer, so
 * the audit log and timeline show a proposal ending when it ended, not when someone next touched
 * it. Failures are logged and retried. Returns a stop function.
 */
export function startExpirySweeper(db: Db, clock: Clock, sweeps: readonly Sweep[] = [expireDue], intervalMs = 30_000): () => Promise<void> {
  const stop = new AbortController();
  const loop = (async () => {
    while (!stop.signal.aborted) {
      for (const sweep of sweeps) await sweep(db, clock).catch((err: unknown) => log.error("expiry sweep failed", err));
      await clock.sleep(intervalMs, stop.signal).catch(() => undefined);
    }
  })();
  return async () => {
    stop.abort();
    await loop;
  };
}
