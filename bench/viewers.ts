/**
 * Figure: provider calls per minute with 1 stream viewer and with 100 (invariant 9: the ratio
 * must be 1.0). Each phase is measured over whole poll cycles, so the count per minute is the
 * calls per cycle times the cycles a minute holds at the configured cadence.
 */
import { signIn, startConsole } from "./console";

const CYCLES = 20;
type Stats = { providerCalls: number; pollCycles: number; subscribers: number; cadenceMs: number };

const running = await startConsole(3402);
let adminCookie = "";
async function stats(): Promise<Stats> {
  const res = await fetch(`${running.base}/api/monitor/stats`, { headers: { cookie: adminCookie } });
  if (!res.ok) throw new Error(`GET /api/monitor/stats: HTTP ${res.status}`);
  return (await res.json()) as Stats;
}

async function openViewers(n: number, cookie: string): Promise<AbortController> {
  const abort = new AbortController();
  await Promise.all(
    Array.from({ length: n }, async () => {
      const res = await fetch(`${running.base}/api/stream`, { headers: { cookie }, signal: abort.signal });
      const reader = res.body?.getReader();
      // Keep reading so the server keeps pushing, as a browser would.
      void (async () => {
        while (reader) if ((await reader.read().catch(() => ({ done: true }))).done) break;
      })();
    }),
  );
  return abort;
}

async function measure(viewers: number, cookie: string): Promise<{ perMinute: number; perCycle: number; wallPerMinute: number }> {
  const abort = await openViewers(viewers, cookie);
  const start = await stats();
  const t0 = performance.now();
  let now = start;
  while (now.pollCycles - start.pollCycles < CYCLES) {
    await new Promise((r) => setTimeout(r, 100));
    now = await stats();
  }
  const seconds = (performance.now() - t0) / 1000;
  abort.abort();
  const calls = now.providerCalls - start.providerCalls;
  const cycles = now.pollCycles - start.pollCycles;
  const perCycle = calls / cycles;
  // Both regions poll once per cadence: 2 cycles per cadence.
  const cyclesPerMinute = (2 * 60_000) / now.cadenceMs;
  console.log(`  ${viewers} viewer(s): ${now.subscribers} subscribed, ${calls} calls in ${cycles} cycles over ${seconds.toFixed(1)} s`);
  return { perCycle, perMinute: perCycle * cyclesPerMinute, wallPerMinute: (calls / seconds) * 60 };
}

try {
  adminCookie = await signIn(running.base, "ada", "ada-demo-pass");
  const cookie = await signIn(running.base, "vera", "vera-demo-pass");
  await new Promise((r) => setTimeout(r, 2000));
  const one = await measure(1, cookie);
  const hundred = await measure(100, cookie);
  console.log(`provider calls per minute, 1 viewer: ${one.perMinute.toFixed(0)} (wall clock ${one.wallPerMinute.toFixed(0)})`);
  console.log(`provider calls per minute, 100 viewers: ${hundred.perMinute.toFixed(0)} (wall clock ${hundred.wallPerMinute.toFixed(0)})`);
  console.log(`ratio (100 viewers / 1 viewer): ${(hundred.perMinute / one.perMinute).toFixed(3)} (target 1.0)`);
} finally {
  await running.stop();
}
