import { describe, expect, it } from "vitest";
import { NoWritableHostError, StoreUnavailableError, storeFailure, withStoreRetry } from "./failover";
import { HostSelector } from "./hosts";
import { parseDatabaseUrl } from "./url";

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
const wrapped = (cause: Error) => new Error("Failed query: insert …", { cause });

describe("what a store failure means for the write that met it", () => {
  it("no writable server: nothing was sent", () => {
    expect(storeFailure(wrapped(new NoWritableHostError("no writable PostgreSQL server among a:1, b:2")))?.kind).toBe("not_sent");
  });

  it("a read-only server refused the statement (25006): nothing of it commits, whatever the phase", () => {
    const err = wrapped(pgError("25006", "cannot execute INSERT in a read-only transaction"));
    expect(storeFailure(err, "statement")?.kind).toBe("not_committed");
    expect(storeFailure(err, "commit")?.kind).toBe("not_committed");
  });

  it("a connection lost before COMMIT was sent: not committed; during COMMIT or a lone statement: unknown", () => {
    for (const lost of [pgError("57P01", "terminating connection due to administrator command"), new Error("Connection terminated unexpectedly"), pgError("ECONNRESET", "read ECONNRESET"), new Error("Client has encountered a connection error and is not queryable")]) {
      expect(storeFailure(wrapped(lost), "transaction")?.kind).toBe("not_committed");
      expect(storeFailure(wrapped(lost), "commit")?.kind).toBe("outcome_unknown");
      expect(storeFailure(wrapped(lost), "statement")?.kind).toBe("outcome_unknown");
    }
  });

  it("anything else is not a store failure (a constraint, a bug)", () => {
    expect(storeFailure(wrapped(pgError("23505", "duplicate key value violates unique constraint")))).toBeNull();
    expect(storeFailure(new TypeError("x is undefined"))).toBeNull();
  });
});

describe("withStoreRetry", () => {
  const fast = { sleep: async () => undefined };

  it("re-runs an attempt that never committed, and returns its result", async () => {
    let tries = 0;
    const result = await withStoreRetry(async () => {
      tries++;
      if (tries < 3) throw wrapped(pgError("57P01", "terminating connection"));
      return "stored";
    }, { waitMs: 10_000, phaseOf: () => "transaction", ...fast });
    expect(result).toBe("stored");
    expect(tries).toBe(3);
  });

  it("never re-runs one whose outcome is unknown, unless the write is idempotent by key", async () => {
    let tries = 0;
    const lostInCommit = () => withStoreRetry(async () => {
      tries++;
      if (tries === 1) throw wrapped(new Error("Connection terminated unexpectedly"));
      return tries;
    }, { waitMs: 10_000, phaseOf: () => "commit", ...fast });
    const err: unknown = await lostInCommit().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect(err).toMatchObject({ kind: "outcome_unknown" });
    expect(tries).toBe(1);

    tries = 0;
    const idempotent = await withStoreRetry(async () => {
      tries++;
      if (tries === 1) throw wrapped(new Error("Connection terminated unexpectedly"));
      return tries;
    }, { waitMs: 10_000, idempotent: true, phaseOf: () => "commit", ...fast });
    expect(idempotent).toBe(2);
  });

  it("gives up after waitMs with a clear error; other errors pass through untouched", async () => {
    let now = 0;
    const err: unknown = await withStoreRetry(async () => {
      throw new NoWritableHostError("no writable PostgreSQL server among a:1");
    }, { waitMs: 2000, now: () => now, sleep: async (ms) => void (now += ms) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect(String(err)).toContain("the store is unreachable or failing over");
    expect(now).toBeLessThanOrEqual(2000);

    // The pool already waited for a writable server and gave up: no second wait on top.
    let tries = 0;
    const gaveUp = new StoreUnavailableError("not_sent", "no writable PostgreSQL server among a:1");
    await expect(withStoreRetry(async () => {
      tries++;
      throw gaveUp;
    }, { waitMs: 2000, ...fast })).rejects.toBe(gaveUp);
    expect(tries).toBe(1);

    const bug = new TypeError("boom");
    await expect(withStoreRetry(async () => Promise.reject(bug), { waitMs: 2000, ...fast })).rejects.toBe(bug);
  });
});

describe("HostSelector: how long a connection waits for a writable server", () => {
  it("waits from the first failure, fails fast once that is past, and treats a later failure as a new trouble", () => {
    let now = 0;
    const selector = new HostSelector(parseDatabaseUrl("postgres://u@h1,h2/db?target_session_attrs=read-write"), 10_000, () => now);
    expect(selector.trouble()).toBe(0);
    now = 4000;
    expect(selector.trouble()).toBe(0); // the same failover: the wait runs from its start
    now = 12_000;
    expect(selector.elapsedSince(selector.trouble())).toBe(12_000); // past waitMs: fail fast
    now = 60_000; // 48 s after the last failure (more than waitMs): a new failover gets its own wait
    expect(selector.trouble()).toBe(60_000);
  });
});
