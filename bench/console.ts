/**
 * Bench harness: starts the built console (`npm run build` first) in sim mode on its own port
 * and data folder, and signs in through next-auth's standard flow. Benchmarks print figures;
 * they never assert wall-clock times.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { START_ARGS } from "@/scripts/start-command";

export interface RunningConsole {
  base: string;
  stop(): Promise<void>;
  /** kill -9: the process dies without a word (no handover, nothing flushed). */
  kill(): Promise<void>;
}

export async function startConsole(port: number, env: Record<string, string> = {}): Promise<RunningConsole> {
  const base = `http://localhost:${port}`;
  // Something already answering there (a console an earlier bench left behind) would be measured instead.
  if (await fetch(`${base}/api/health`).then(() => true, () => false)) {
    throw new Error(`port ${port} already answers: stop what runs there (an earlier bench's console?) and try again`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), "fc-bench-"));
  const child: ChildProcess = spawn(process.execPath, [...START_ARGS], {
    env: { ...process.env, PORT: String(port), CONSOLE_DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`console exited with ${child.exitCode}`);
    const up = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (up) break;
    if (i === 600) {
      child.kill("SIGKILL");
      throw new Error(`the console on port ${port} did not answer /api/health within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
    kill: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}

/** Returns the Cookie header of a signed-in session. */
export async function signIn(base: string, username: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [name, ...value] = (pair ?? "").split("=");
      if (name) jar.set(name, value.join("="));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ username, password, csrfToken, json: "true" }),
    redirect: "manual",
  });
  keep(res);
  if (!res.ok) throw new Error(`sign-in as ${username} failed: HTTP ${res.status}`);
  return cookie();
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/**
 * A fresh database `name` on the PostgreSQL server of BENCH_DATABASE_URL (else TEST_DATABASE_URL),
 * dropped and created again, for benchmarks that run several consoles on one store. Exits 2 with
 * the reason when no server is given.
 */
export async function freshBenchDatabase(name: string, bench: string): Promise<string> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) {
    console.error(`${bench} needs a PostgreSQL server: set BENCH_DATABASE_URL or TEST_DATABASE_URL (a role that may create databases)`);
    process.exit(2);
  }
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}
