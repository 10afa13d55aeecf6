/**
 * Figure (issue 14): kill -9 of the leader mid-run → the run's next step started by the new leader.
 * Goal: under the lease TTL + 2 s. Two built consoles in sim mode on one fresh PostgreSQL database
 * (BENCH_DATABASE_URL's server, else TEST_DATABASE_URL's), the replica e2e config (lease TTL 5 s,
 * the world at the wall's speed). A starts first and leads; Olivia proposes a planned
 * failover through B and Adam approves it there; when the leader is in a step after the switchover
 * (waiting for the new writer) it is killed with SIGKILL, and B's audit log is read until B records a step start for the run.
 * Several rounds, each on a fresh database.
 */
import { freshBenchDatabase, percentile, signIn, startConsole } from "./console";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DATABASE = "fc_bench_leader";
const TTL_MS = 5000;

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type State = { replica?: { replica: { id: string }; role: string } };
type Run = { status: string; steps: { id: string; status: string }[] };
type AuditPage = { records: { seq: number; actorName: string; payload: { runId?: string } }[] };

async function round(): Promise<number> {
  const env = { DATABASE_URL: await freshBenchDatabase(DATABASE, "bench:leader-failover"), CONSOLE_CONFIG: "e2e/fixtures/console.replicas.yaml" };
  const a = await startConsole(3405, env);
  const b = await startConsole(3406, env);
  try {
    const olivia = await signIn(b.base, "olivia", "olivia-demo-pass");
    const adam = await signIn(b.base, "adam", "adam-demo-pass");
    const state = await json<State>(await fetch(`${b.base}/api/state`, { headers: { cookie: olivia } }), "state");
    if (state.replica?.role !== "follower") throw new Error("B should follow: A started first");
    const bId = state.replica.replica.id;
    const post = (cookie: string, path: string, body: unknown) =>
      fetch(`${b.base}${path}`, { method: "POST", headers: { cookie, "content-type": "application/json", origin: b.base }, body: JSON.stringify(body) });
    // The monitor needs its first readings before a proposal has evidence.
    let proposal: { id: string; contentHash: string } | null = null;
    for (let i = 0; i < 100 && !proposal; i++) {
      const res = await post(olivia, "/api/proposals", { runbook: "planned-failover", targetRegion: "us-west-2", reason: "bench: kill the leader mid-run" });
      if (res.ok) proposal = ((await res.json()) as { proposal: { id: string; contentHash: string } }).proposal;
      else await new Promise((r) => setTimeout(r, 500));
    }
    if (!proposal) throw new Error("could not propose");
    const { proposal: approved } = await json<{ proposal: { runId: string | null } }>(await post(adam, `/api/proposals/${proposal.id}/approve`, { contentHash: proposal.contentHash, password: "adam-demo-pass" }), "approve");
    const runId = approved.runId;
    if (!runId) throw new Error("the approval started no run");
    for (;;) {
      const { run } = await json<{ run: Run }>(await fetch(`${b.base}/api/runs/${runId}`, { headers: { cookie: olivia } }), "run");
      // Mid-run: the switchover sent, the leader waiting on a step after it.
      const sent = run.steps.findIndex((s) => s.id === "switchover");
      if (run.steps.some((s, i) => i > sent && s.status === "running")) break;
      if (run.status !== "running") throw new Error(`the run ended (${run.status}) before the leader could be killed mid-run`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await a.kill();
    const killedAt = performance.now();
    for (;;) {
      const page = await json<AuditPage>(await fetch(`${b.base}/api/audit?action=run.step_started&limit=20`, { headers: { cookie: olivia } }), "audit");
      if (page.records.some((r) => r.payload.runId === runId && r.actorName.includes(bId))) return performance.now() - killedAt;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await Promise.all([a.kill(), b.stop()]);
  }
}

const times: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const ms = await round();
  times.push(ms);
  console.log(`round ${i + 1}: the follower started the run's next step ${ms.toFixed(0)} ms after the leader was killed`);
}
const sorted = [...times].sort((x, y) => x - y);
console.log(
  `kill -9 of the leader → next step started by the new leader (lease TTL ${TTL_MS} ms, goal < ${TTL_MS + 2000} ms): median ${percentile(sorted, 50).toFixed(0)} ms, max ${(sorted[sorted.length - 1] ?? NaN).toFixed(0)} ms (n=${sorted.length})`,
);
