/**
 * Figure: GET /api/state while one region's calls never answer — p95 latency (target < 50 ms),
 * and the other region's signal ages (target: under two cadences).
 */
import { percentile, signIn, startConsole } from "./console";

const REQUESTS = 500;

const running = await startConsole(3401);
try {
  const cookie = await signIn(running.base, "ada", "ada-demo-pass");
  const toggle = await fetch(`${running.base}/api/sim/faults`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json" },
    body: JSON.stringify({ region: "us-east-1", fault: "region-outage", active: true }),
  });
  if (!toggle.ok) throw new Error(`fault toggle failed: HTTP ${toggle.status}`);
  // Let the outage bite: the hung region's calls time out, its signals go stale.
  await new Promise((r) => setTimeout(r, 5000));

  const latencies: number[] = [];
  const westAges: number[] = [];
  let cadenceMs = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const res = await fetch(`${running.base}/api/state`, { headers: { cookie } });
    const body = (await res.json()) as { cadenceMs: number; regions: { id: string; authority: { status: string; ageMs: number | null } }[] };
    latencies.push(performance.now() - started);
    cadenceMs = body.cadenceMs;
    const west = body.regions.find((r) => r.id === "us-west-2");
    if (west?.authority.ageMs !== null && west?.authority.ageMs !== undefined) westAges.push(west.authority.ageMs);
    if (i % 50 === 0) await new Promise((r) => setTimeout(r, 20));
  }
  latencies.sort((a, b) => a - b);
  westAges.sort((a, b) => a - b);
  console.log(`/api/state with us-east-1 hung: ${REQUESTS} requests`);
  console.log(`  latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms (target p95 < 50 ms)`);
  console.log(`  us-west-2 authority age: max ${westAges.at(-1) ?? NaN} ms, p95 ${percentile(westAges, 95)} ms (target < ${2 * cadenceMs} ms = two cadences)`);
} finally {
  await running.stop();
}
