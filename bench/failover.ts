/**
 * `npm run bench:failover`: the console's own overhead in a planned failover, from the approval to
 * the run's "succeeded", with the sim's AWS operations taking no time (operationTimeScale 0, no
 * read delay, no safety-rule wait period, no simulated API latency). What remains is the console: the approval transaction and the run it
 * starts, the fresh preflight reads, every step stored before and after and audited, the provider
 * calls. PGlite on disk, as the embedded default runs. Alternates us-west-2 and us-east-1 so every
 * run is a real switchover. Target: under 1 s. Prints figures; asserts nothing.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { approve, propose } from "@/server/approvals";
import { formatVerify, verifyAudit } from "@/server/audit";
import { upsertIdentity } from "@/server/auth/users";
import { systemClock } from "@/server/clock";
import { SimConfig } from "@/server/config/schema";
import { migrate, openStore } from "@/server/db";
import { checkNow } from "@/server/monitor/check-now";
import { SimWorld } from "@/server/providers/sim";
import { Executor } from "@/server/runbooks/executor";
import { checklistFor } from "@/server/runbooks/preconditions";
import { planFromSnapshot } from "@/server/runbooks/start";
import { getRun } from "@/server/runbooks/store";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "fc-bench-failover-"));
  const store = await openStore({ kind: "pglite", dataDir: dir });
  try {
    await migrate(store.db);
    const db = store.db;
    const clock = systemClock;
    // AWS's waits removed: operations, RDS's read delay and the safety rule's wait period take no time.
    const config = SimConfig.parse({
      mode: "sim",
      sim: { operationTimeScale: 0, visibilityDelayMs: 0, safetyRules: [{ kind: "assertion", name: "at-least-one-region-on", waitPeriodMs: 0 }] },
    });
    const world = new SimWorld(config, clock, { operationDelayMs: 0, lagSpikes: false });
    const regions = [config.regions[0], config.regions[1]] as const;
    const lagBudgetMs = config.replication.lagBudgetMs;
    const now = () => checkNow({ provider: world, clock, regions, callTimeoutMs: config.monitor.callTimeoutMs, lagBudgetMs });
    const executor = new Executor({ db, clock, provider: world, lagBudgetMs, callTimeoutMs: config.monitor.callTimeoutMs, world: now });
    const user = async (name: string, role: "operator" | "approver") => {
      const { row } = await upsertIdentity(db, clock, { provider: "local", subject: name, username: name, displayName: name, roles: [role] });
      return { id: row.id, username: row.username, name: row.displayName, provider: row.provider, roles: [role] };
    };
    const olivia = await user("olivia", "operator");
    const adam = await user("adam", "approver");

    const totals: number[] = [];
    const steps = new Map<string, number[]>();
    for (let i = 0; i < RUNS; i++) {
      const target = i % 2 === 0 ? "us-west-2" : "us-east-1";
      const source = target === "us-west-2" ? "us-east-1" : "us-west-2";
      const view = await now();
      const readiness = checklistFor(view.readiness, "planned-failover", target);
      if (!readiness?.ready) throw new Error(`run ${i}: ${target} is not ready: ${JSON.stringify(readiness?.checks.filter((c) => c.status !== "pass"))}`);
      const p = await propose(db, clock, { user: olivia, input: { runbook: "planned-failover", targetRegion: target, reason: "bench: planned failover" }, sourceRegion: source, readiness });

      const t0 = performance.now();
      const approved = await approve(db, clock, {
        user: adam,
        proposalId: p.id,
        input: { contentHash: p.contentHash },
        reauth: { method: "password", verified: true },
        run: planFromSnapshot(view, "failover", config.runbooks.fenceDownRegionSeconds * 1000),
      });
      if (!approved.runId) throw new Error("no run started");
      executor.kick(approved.runId);
      await executor.settled(approved.runId);
      totals.push(performance.now() - t0);

      const run = await getRun(db, approved.runId);
      if (run.status !== "succeeded") throw new Error(`run ${i} ended ${run.status}: ${run.statusReason}`);
      for (const s of run.steps) {
        const ms = s.startedAt && s.finishedAt ? Date.parse(s.finishedAt) - Date.parse(s.startedAt) : 0;
        steps.set(s.id, [...(steps.get(s.id) ?? []), ms]);
      }
    }
    const verify = await verifyAudit(db);

    const sorted = [...totals].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    console.log(`planned failover, approval → succeeded, ${RUNS} runs (sim operations take no time, PGlite on disk):`);
    console.log(`  median ${ms(at(0.5))}, p95 ${ms(at(0.95))}, max ${ms(sorted.at(-1) ?? NaN)} (target < 1 s)`);
    console.log("  median per step (stored start → stored finish):");
    for (const [id, values] of steps) {
      const s = [...values].sort((a, b) => a - b);
      console.log(`    ${id.padEnd(26)} ${ms(s[Math.floor(s.length / 2)] ?? NaN)}`);
    }
    process.stdout.write(formatVerify(verify));
    if (!verify.ok) process.exitCode = 1;
    await executor.stop();
    await world.close();
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
