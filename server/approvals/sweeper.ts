import "server-only";
import type { Clock } from "@/server/clock";
import type { Db } from "@/server/db";
import { log } from "@/server/log";
import { expireDue } from "./expire";

/**
 * Expires lapsed proposals on a timer, so the audit log and timeline show a proposal ending when
 * it ended, not when someone next touched it. Failures are logged and retried. Returns a stop function.
 */
export function startExpirySweeper(db: Db, clock: Clock, intervalMs = 30_000): () => Promise<void> {
  const stop = new AbortController();
  const loop = (async () => {
    while (!stop.signal.aborted) {
      await expireDue(db, clock).catch((err: unknown) => log.error("proposal expiry sweep failed", err));
      await clock.sleep(intervalMs, stop.signal).catch(() => undefined);
    }
  })();
  return async () => {
    stop.abort();
    await loop;
  };
}
