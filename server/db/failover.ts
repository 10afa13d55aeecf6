/**
 * What a store failure during a failover or an outage means for the write that met it. The
 * console only retries what it can prove never committed; anything else is reported, so nothing
 * it acknowledged is lost and nothing is written twice behind anyone's back.
 *
 * - not_sent: no writable server could be reached; nothing was sent.
 * - not_committed: the connection was lost (or the server refused to write: a standby, or a
 *   primary demoted to read-only, SQLSTATE 25006) before COMMIT was sent — PostgreSQL rolls back
 *   a transaction whose connection ends, so none of it is stored.
 * - outcome_unknown: the connection was lost while COMMIT (or a statement outside a
 *   transaction) was in flight: it may or may not be stored.
 */
export type StoreFailureKind = "not_sent" | "not_committed" | "outcome_unknown";

export interface StoreFailure {
  kind: StoreFailureKind;
  /** The driver's or server's own words, for the log and the health probe. */
  reason: string;
  /** The store already waited and gave up (a StoreUnavailableError): do not wait again. */
  final?: boolean;
}

/** Thrown by the store when it gives up: the request maps it to 503 (server/errors.ts). */
export class StoreUnavailableError extends Error {
  constructor(
    readonly kind: StoreFailureKind,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(kind === "outcome_unknown" ? `the store was lost while saving (${reason}): the change may or may not be stored` : `the store is unreachable or failing over (${reason}): nothing was saved`, options);
    this.name = "StoreUnavailableError";
  }
}

/** Raised while connecting: no host accepted a connection as a writable server. Nothing was sent. */
export class NoWritableHostError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NoWritableHostError";
  }
}

// SQLSTATEs: class 08 connection exception; 57P01 admin_shutdown, 57P02 crash_shutdown,
// 57P03 cannot_connect_now (starting up, shutting down, in recovery).
const LOST_SQLSTATE = /^(08...|57P0[123])$/;
const READ_ONLY_SQLSTATE = "25006";
const LOST_NODE_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
// node-postgres' own words for a connection that died under a query or before it.
const LOST_MESSAGES = [/^Connection terminated/, /is not queryable$/, /^timeout expired$/, /^Query read timeout$/];

type Signal = "unreachable" | "read_only" | "lost";

function codeOf(err: Error): string | undefined {
  const code: unknown = Reflect.get(err, "code");
  return typeof code === "string" ? code : undefined;
}

/** The first link in an error's cause chain (drizzle wraps the driver's error) that says the store went away. */
function signalOf(err: unknown): { signal: Signal; reason: string; existing?: StoreUnavailableError } | null {
  let current: unknown = err;
  for (let depth = 0; current instanceof Error && depth < 6; depth++) {
    if (current instanceof StoreUnavailableError) return { signal: "lost", reason: current.reason, existing: current };
    if (current instanceof NoWritableHostError) return { signal: "unreachable", reason: current.message };
    const code = codeOf(current);
    if (code === READ_ONLY_SQLSTATE) return { signal: "read_only", reason: current.message };
    if ((code && (LOST_SQLSTATE.test(code) || LOST_NODE_CODES.has(code))) || LOST_MESSAGES.some((m) => m.test(current instanceof Error ? current.message : ""))) {
      return { signal: "lost", reason: current.message };
    }
    current = current.cause;
  }
  return null;
}

/**
 * Classifies an error as a store failure, or null when it is something else (a constraint, a bug).
 * `phase` is what the caller knows about where it happened: inside a transaction before COMMIT
 * was sent, while committing, or a lone statement (autocommit: its own commit).
 */
export function storeFailure(err: unknown, phase: "transaction" | "commit" | "statement" = "statement"): StoreFailure | null {
  const found = signalOf(err);
  if (!found) return null;
  if (found.existing) return { kind: found.existing.kind, reason: found.existing.reason, final: true };
  if (found.signal === "unreachable") return { kind: "not_sent", reason: found.reason };
  // A read-only server refuses the statement: nothing it was part of can commit.
  if (found.signal === "read_only") return { kind: "not_committed", reason: found.reason };
  return { kind: phase === "transaction" ? "not_committed" : "outcome_unknown", reason: found.reason };
}

/** Retried only when it provably left nothing behind (or the caller says the write is idempotent by key). */
export function retryable(failure: StoreFailure, idempotent = false): boolean {
  return failure.kind !== "outcome_unknown" || idempotent;
}

export interface RetryOptions {
  /** Give up after this long (ms from the first failure). */
  waitMs: number;
  /** The write can be repeated with the same effect (keyed upsert): retry even when the outcome is unknown. */
  idempotent?: boolean;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const wallSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, retrying a store failure that is safe to retry with backoff
 * (100 ms doubling to 1 s) until `waitMs` has passed; then, or for a failure that is not safe to
 * retry, throws a StoreUnavailableError saying which. Any other error passes through untouched.
 * `attempt` receives nothing and must start from scratch each time (a whole transaction).
 */
export async function withStoreRetry<T>(attempt: (tries: number) => Promise<T>, options: RetryOptions & { phaseOf?: () => "transaction" | "commit" | "statement" }): Promise<T> {
  const sleep = options.sleep ?? wallSleep;
  const now = options.now ?? Date.now;
  let first: number | null = null;
  let backoff = 100;
  for (let tries = 1; ; tries++) {
    try {
      return await attempt(tries);
    } catch (err) {
      const failure = storeFailure(err, options.phaseOf?.() ?? "statement");
      if (!failure) throw err;
      // Something below (the pool, waiting for a writable server) has already waited and given up.
      if (failure.final) throw err;
      first ??= now();
      if (!retryable(failure, options.idempotent) || now() - first + backoff > options.waitMs) {
        throw err instanceof StoreUnavailableError ? err : new StoreUnavailableError(failure.kind, failure.reason, { cause: err });
      }
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 1000);
    }
  }
}
