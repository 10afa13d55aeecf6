/**
 * Figure (issue 14): AWS calls per minute with 3 replicas ÷ with 1 — at most 3.0: each replica
 * polls once per cadence, followers add no more than the leader, and viewers add nothing
 * (bench:viewers). Built consoles in sim mode on one fresh PostgreSQL database (BENCH_DATABASE_URL's
 * server, else TEST_DATABASE_URL's); the provider calls each console made are read from its
 * /api/monitor/stats over the same wall-clock window.
 */
import { freshBenchDatabase, signIn, startConsole, type RunningConsole } from "./console";

const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 30_000);
const DATABASE = "fc_bench_calls";

async function calls(c: RunningConsole, cookie: string): Promise<number> {
  const res = await fetch(`${c.base}/api/monitor/stats`, { headers: { cookie } });
  if (!res.ok) throw new Error(`GET /api/monitor/stats: HTTP ${res.status}`);
  return ((await res.json()) as { providerCalls: number }).providerCalls;
}

/** Calls per minute made by `count` replicas together over the window. */
async function perMinute(count: number): Promise<number> {
  const env = { DATABASE_URL: await freshBenchDatabase(DATABASE, "bench:replica-calls"), CONSOLE_CONFIG: "e2e/fixtures/console.replicas.yaml" };
  const consoles: RunningConsole[] = [];
  try {
    for (let i = 0; i < count; i++) consoles.push(await startConsole(3407 + i, env));
    const cookies = await Promise.all(consoles.map((c) => signIn(c.base, "ada", "ada-demo-pass")));
    await new Promise((r) => setTimeout(r, 3000));
    const before = await Promise.all(consoles.map((c, i) => calls(c, cookies[i] ?? "")));
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, WINDOW_MS));
    const after = await Promise.all(consoles.map((c, i) => calls(c, cookies[i] ?? "")));
    const minutes = (performance.now() - t0) / 60_000;
    const each = after.map((a, i) => (a - (before[i] ?? 0)) / minutes);
    console.log(`  ${count} replica(s): ${each.map((n) => n.toFixed(0)).join(" + ")} calls per minute`);
    return each.reduce((x, y) => x + y, 0);
  } finally {
    await Promise.all(consoles.map((c) => c.stop()));
  }
}

const one = await perMinute(1);
const three = await perMinute(3);
console.log(`AWS calls per minute: 1 replica ${one.toFixed(0)}, 3 replicas ${three.toFixed(0)} → ratio ${(three / one).toFixed(2)} (goal ≤ 3.0)`);
