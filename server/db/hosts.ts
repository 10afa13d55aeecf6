import pg from "pg";
import { NoWritableHostError, StoreUnavailableError, storeFailure } from "./failover";
import type { DatabaseUrl, HostPort } from "./url";

/**
 * Walking DATABASE_URL's hosts the way libpq does, for node-postgres (which reads one host only).
 * Every new connection goes to the host last found writable; when that fails, or the server there
 * turns out read-only (a standby, or a primary demoted after a failover), the host is forgotten
 * and the next connection walks the list in order, keeping the first that is writable. So the
 * console follows a promotion by itself: the connections to the lost primary die, and their
 * replacements find the new one.
 */
export class HostSelector {
  private current: HostPort | null = null;
  private walking: Promise<HostPort> | null = null;
  private troubleSince: number | null = null;
  private lastTrouble = 0;
  readonly connectTimeoutMs: number;

  constructor(
    readonly url: DatabaseUrl,
    /** How long a connection waits for a writable server, from the first failure (a failover's window). */
    readonly waitMs: number,
    private readonly now: () => number = Date.now,
  ) {
    // libpq waits forever by default; a console must move on to the next host.
    this.connectTimeoutMs = url.connectTimeoutMs ?? 5000;
  }

  /** Whether each connection must be checked to be the writable server (target_session_attrs). */
  get checksWritable(): boolean {
    return this.url.targetSessionAttrs !== "any";
  }

  async pick(): Promise<HostPort> {
    if (this.current) return this.current;
    const [only] = this.url.hosts;
    if (only && this.url.hosts.length === 1 && !this.checksWritable) return only;
    this.walking ??= this.walk().finally(() => (this.walking = null));
    return this.walking;
  }

  forget(host: HostPort): void {
    if (this.current && this.current.host === host.host && this.current.port === host.port) this.current = null;
  }

  /** A connection was made: the store is back (or never left). */
  reached(host: HostPort): void {
    this.current = host;
    this.troubleSince = null;
  }

  /**
   * When connecting started to fail (now, if it just did): connections wait `waitMs` from there,
   * then fail fast. Failures further apart than `waitMs` are separate troubles, each waited out.
   */
  trouble(): number {
    const now = this.now();
    if (this.troubleSince === null || now - this.lastTrouble > this.waitMs) this.troubleSince = now;
    this.lastTrouble = now;
    return this.troubleSince;
  }

  elapsedSince(t: number): number {
    return this.now() - t;
  }

  /** libpq's checks: read-write wants transaction_read_only off; primary wants a server not in recovery. */
  async writable(client: pg.ClientBase): Promise<boolean> {
    const { rows } = await client.query<{ recovery: boolean; ro: string }>("select pg_is_in_recovery() as recovery, current_setting('transaction_read_only') as ro");
    const row = rows[0];
    if (!row) return false;
    return this.url.targetSessionAttrs === "primary" ? !row.recovery : row.ro === "off";
  }

  private async walk(): Promise<HostPort> {
    const reasons: string[] = [];
    for (const host of this.url.hosts) {
      const probe = new pg.Client({ connectionString: this.url.urlFor(host), connectionTimeoutMillis: this.connectTimeoutMs });
      // A probe lives for two round trips; a late socket error is already reported by connect or query.
      probe.on("error", (err) => reasons.push(`${show(host)}: ${err.message}`));
      try {
        await probe.connect();
        if (await this.writable(probe)) return host;
        reasons.push(`${show(host)} is read-only`);
      } catch (err) {
        reasons.push(`${show(host)}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        await probe.end().catch(() => undefined);
      }
    }
    throw new NoWritableHostError(`no writable PostgreSQL server among ${this.url.hosts.map(show).join(", ")} (${reasons.join("; ")})`);
  }
}

export function show(h: HostPort): string {
  return h.host.includes(":") ? `[${h.host}]:${h.port}` : `${h.host}:${h.port}`;
}

// SQLSTATEs after which this server is no longer the one to write to.
const GONE_SQLSTATES = new Set(["25006", "57P01", "57P02", "57P03"]);

type ConnectCallback = (err: Error | null, client?: pg.Client) => void;

/**
 * A node-postgres Client class whose connect goes to the selector's writable host and checks it
 * is writable. One Client connects once, so a failed host fails this connect (NoWritableHostError:
 * nothing was sent); the pool (below) and the LISTEN connection try again with a new Client.
 */
export function failoverClientClass(selector: HostSelector) {
  return class FailoverClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionString: selector.url.urlFor(selector.url.hosts[0] ?? { host: "localhost", port: 5432 }), connectionTimeoutMillis: selector.connectTimeoutMs, keepAlive: true });
    }

    override connect(): Promise<pg.Client>;
    override connect(callback: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): void;
    override connect(callback?: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): Promise<pg.Client> | void {
      const connected = this.connectWritable();
      if (!callback) return connected;
      // node-postgres calls back with (err) or (null, client); its typings spell that as a union.
      const done = callback as ConnectCallback;
      connected.then(
        (client) => done(null, client),
        (err: Error) => done(err),
      );
    }

    private async connectWritable(): Promise<pg.Client> {
      const host = await selector.pick();
      this.host = host.host;
      this.port = host.port;
      try {
        await super.connect();
      } catch (err) {
        selector.forget(host);
        throw new NoWritableHostError(`${show(host)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      let writable = true;
      if (selector.checksWritable) {
        writable = await selector.writable(this).catch(() => false);
      }
      if (!writable) {
        selector.forget(host);
        await this.end().catch(() => undefined);
        throw new NoWritableHostError(`${show(host)} is not writable (target_session_attrs=${selector.url.targetSessionAttrs})`);
      }
      selector.reached(host);
      // A server that refuses writes or shuts down is no longer the primary: new connections walk again.
      this.connection.on("errorMessage", (msg: unknown) => {
        const code: unknown = typeof msg === "object" && msg !== null ? Reflect.get(msg, "code") : undefined;
        if (typeof code === "string" && GONE_SQLSTATES.has(code)) selector.forget(host);
      });
      this.on("error", () => selector.forget(host));
      return this;
    }
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A pool whose connections wait out a failover: a connection that found no writable server is
 * tried again (100 ms doubling to 1 s) until `waitMs` after the trouble began — nothing was sent,
 * so waiting is always safe — then fails with StoreUnavailableError (not_sent). Once the store
 * has been gone that long (an outage, not a failover), each connection tries once and fails fast.
 */
export class FailoverPool extends pg.Pool {
  constructor(
    config: pg.PoolConfig,
    private readonly selector: HostSelector,
  ) {
    super({ ...config, Client: failoverClientClass(selector) });
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    const acquired = this.acquire();
    if (!callback) return acquired;
    acquired.then(
      (client) => callback(undefined, client, (release?: unknown) => client.release(release instanceof Error ? release : undefined)),
      (err: Error) => callback(err, undefined, () => undefined),
    );
  }

  private async acquire(): Promise<pg.PoolClient> {
    let backoff = 100;
    for (;;) {
      try {
        return await super.connect();
      } catch (err) {
        const failure = storeFailure(err);
        if (failure?.kind !== "not_sent") throw err;
        const since = this.selector.trouble();
        if (this.selector.elapsedSince(since) + backoff > this.selector.waitMs) throw new StoreUnavailableError("not_sent", failure.reason, { cause: err });
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 1000);
      }
    }
  }
}
