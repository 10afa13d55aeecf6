import "server-only";
import type { Queryable } from "@/server/db";

/**
 * One term of leadership: this replica held the lease with this fencing token. `signal` aborts the
 * moment the replica stops leading (lease lost, taken over, not renewed in time, shutting down),
 * so steps in flight stop at once (DESIGN invariant 11).
 */
export interface Term {
  readonly replica: string;
  readonly token: number;
  readonly signal: AbortSignal;
}

/** What a leader duty needs: its current term, and the check its writes make in their own transaction. */
export interface Fence {
  /** The live term, or null while this replica follows. */
  term(): Term | null;
  /** Inside a write's transaction: throws `Deposed` unless `term` still holds the lease (server/leader/lease.ts holdsLease). */
  check(tx: Queryable, term: Term): Promise<void>;
}

/** A write refused because its term is over: a successor leads (or the lease lapsed). Never retried by the writer. */
export class Deposed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Deposed";
  }
}

/**
 * A fence for one process alone on its store — the unit tests and tools that drive runs without a
 * lease. Always leading, never deposed. The console itself always runs with a real lease, PGlite
 * included (one code path whether one replica runs or three).
 */
export function soleDriver(replica = "only-process"): Fence {
  const term: Term = { replica, token: 0, signal: new AbortController().signal };
  return { term: () => term, check: async () => undefined };
}
