import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

/**
 * Throwaway PostgreSQL 15 clusters for the store failover and outage tests: a primary and a
 * streaming standby (`pg_basebackup -R`) on ports of their own, in a temporary folder, removed
 * afterwards. PostgreSQL refuses to run as root, so under uid 0 (CI) every command runs as the
 * `postgres` user. Suites use `describeClusters` (./testing.ts); the store failover benchmark too.
 */
const run = promisify(execFile);
export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
export const haveClusterBinaries = existsSync(join(PG_BIN, "initdb")) && existsSync(join(PG_BIN, "pg_basebackup"));
const asRoot = process.getuid?.() === 0;
/** The superuser initdb creates; every local connection is trusted (these clusters live for one test). */
export const CLUSTER_USER = "fc";

async function pgCommand(bin: string, args: string[]): Promise<string> {
  const file = join(PG_BIN, bin);
  const { stdout } = asRoot ? await run("runuser", ["-u", "postgres", "--", file, ...args]) : await run(file, args);
  return stdout;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export class Cluster {
  constructor(
    readonly name: string,
    readonly dataDir: string,
    readonly port: number,
    private readonly socketDir: string,
    private readonly extra: string[],
  ) {}

  get hostPort(): string {
    return `127.0.0.1:${this.port}`;
  }

  url(database = "postgres"): string {
    return `postgres://${CLUSTER_USER}:secret-pw@${this.hostPort}/${database}`;
  }

  async start(): Promise<void> {
    const options = ["-p", String(this.port), "-k", this.socketDir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", ...this.extra].join(" ");
    await pgCommand("pg_ctl", ["-D", this.dataDir, "-o", options, "-l", join(this.dataDir, "server.log"), "-w", "-t", "60", "start"]);
  }

  /** `immediate`: the primary is lost — no checkpoint, connections cut. */
  async stop(mode: "fast" | "immediate" = "fast"): Promise<void> {
    await pgCommand("pg_ctl", ["-D", this.dataDir, "-m", mode, "-w", "stop"]);
  }

  async promote(): Promise<void> {
    await pgCommand("pg_ctl", ["-D", this.dataDir, "-w", "-t", "60", "promote"]);
  }

  async running(): Promise<boolean> {
    return pgCommand("pg_ctl", ["-D", this.dataDir, "status"]).then(
      () => true,
      () => false,
    );
  }

  async query<T extends pg.QueryResultRow>(text: string, database = "postgres"): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  }
}

export interface Clusters {
  root: string;
  make(name: string, extra?: string[]): Promise<Cluster>;
  /** A standby of `primary`, streaming from it (`pg_basebackup -R`), started and caught up. */
  standbyOf(primary: Cluster, name: string): Promise<Cluster>;
  /** Stops every cluster made here and deletes the folder, whatever state the test left them in. */
  cleanup(): Promise<void>;
}

export async function clusters(): Promise<Clusters> {
  const root = await mkdtemp(join(tmpdir(), "fc-clusters-"));
  if (asRoot) await run("chown", ["postgres:postgres", root]);
  const made: Cluster[] = [];

  async function make(name: string, extra: string[] = []): Promise<Cluster> {
    const dataDir = join(root, name);
    await pgCommand("initdb", ["-D", dataDir, "-U", CLUSTER_USER, "--auth=trust", "--no-sync", "-E", "UTF8"]);
    const cluster = new Cluster(name, dataDir, await freePort(), root, ["-c", "wal_level=replica", "-c", "max_wal_senders=5", ...extra]);
    made.push(cluster);
    await cluster.start();
    return cluster;
  }

  async function standbyOf(primary: Cluster, name: string): Promise<Cluster> {
    const dataDir = join(root, name);
    await pgCommand("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primary.port), "-U", CLUSTER_USER, "-D", dataDir, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"]);
    const standby = new Cluster(name, dataDir, await freePort(), root, ["-c", "hot_standby=on"]);
    made.push(standby);
    await standby.start();
    for (let i = 0; i < 200; i++) {
      const rows = await primary.query<{ n: number }>("select count(*)::int as n from pg_stat_replication where state = 'streaming'");
      if ((rows[0]?.n ?? 0) > 0) return standby;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`standby ${name} never started streaming from ${primary.name}`);
  }

  async function cleanup(): Promise<void> {
    for (const c of made) {
      if (await c.running()) await c.stop("immediate").catch((err: unknown) => console.error(`could not stop ${c.name}:`, err));
    }
    if (asRoot) await chown(root, 0, 0).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  }

  return { root, make, standbyOf, cleanup };
}
