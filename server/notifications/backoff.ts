import "server-only";
import type { NotificationDelivery } from "@/server/config";
import type { Attempt } from "./send";
import type { Result } from "./outbox";

/**
 * What to do after an attempt: the receiver's answer, the attempts made and the event's age decide.
 * Backoff is base × 2^(attempt − 1), capped, times a jitter between ½ and 1 so that deliveries
 * failing together (a receiver down) do not all come back in the same instant. A 429's
 * Retry-After is honoured as the least wait.
 */
export function next(attempt: Attempt, made: number, eventAt: Date, nowMs: number, policy: NotificationDelivery, random: () => number = Math.random): Result {
  if (attempt.outcome === "delivered") return { outcome: "delivered", status: attempt.status };
  if (attempt.outcome === "give_up") return { outcome: "gave_up", status: attempt.status, error: `${attempt.error} (not retried: the receiver refused the request)` };
  if (made >= policy.maxAttempts) return { outcome: "gave_up", status: attempt.status, error: `${attempt.error} (gave up after ${made} attempts)` };
  const backoff = Math.min(policy.backoffBaseMs * 2 ** (made - 1), policy.backoffMaxMs) * (0.5 + random() / 2);
  const wait = Math.max(backoff, attempt.retryAfterMs ?? 0);
  const at = nowMs + wait;
  if (at - eventAt.getTime() > policy.maxAgeMinutes * 60_000) {
    return { outcome: "gave_up", status: attempt.status, error: `${attempt.error} (gave up: the next try would be more than ${policy.maxAgeMinutes} min after the event)` };
  }
  return { outcome: "retry", status: attempt.status, error: attempt.error, nextAttemptAt: new Date(at) };
}
