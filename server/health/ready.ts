/**
 * Readiness: may a load balancer send this replica traffic? Yes when its store answers a trivial
 * query within a short time. Leadership is reported, never required: a follower serves reads
 * (issue 14 §1), so an unready follower would be a lost replica, not a safer one.
 *
 * Cheap by construction: one `select 1`, no AWS call (the monitor's cached view is not consulted
 * either), so a probe every few seconds from every load balancer costs nothing that matters.
 */
export interface ReadinessDeps {
  /** Resolves when the store answered; rejects with the reason it did not. */
  pingStore: () => Promise<void>;
  /** Who leads, as the leadership module reports it (null until it exists, or when unknown). */
  leadership: () => unknown;
  /** How long the store may take before the replica counts as unready. */
  timeoutMs: number;
  /** A monotonic clock in milliseconds (performance.now in production). */
  now: () => number;
}

export type StoreReach = { reachable: true; latencyMs: number } | { reachable: false; error: string };

export interface ReadinessReport {
  status: "ready" | "unready";
  store: StoreReach;
  leadership: unknown;
}

export async function checkReadiness(deps: ReadinessDeps): Promise<ReadinessReport> {
  const store = await reachStore(deps);
  return { status: store.reachable ? "ready" : "unready", store, leadership: leadershipOf(deps) };
}

async function reachStore({ pingStore, timeoutMs, now }: ReadinessDeps): Promise<StoreReach> {
  const started = now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([pingStore(), timeout]);
    return { reachable: true, latencyMs: Math.round((now() - started) * 10) / 10 };
  } catch (err) {
    return { reachable: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** A leadership view that throws must not turn a store that answers into an unready replica. */
function leadershipOf({ leadership }: ReadinessDeps): unknown {
  try {
    return leadership() ?? null;
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
