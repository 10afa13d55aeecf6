/**
 * `npm run bench:timeline`: exports an incident of 100,000 timeline events (60,000 signal and
 * finding transitions, 38,000 audit records, 2,000 notes, over a 3-hour window) in each format
 * from PGlite on disk, each in a fresh process writing its file to a temporary folder, and prints
 * the time and the peak RSS of each export. Targets: under 5 s and under 500 MB each. Prints
 * figures; asserts nothing.
 * BENCH_KEEP=1 keeps the files (their folder is printed).
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { EXPORT_FORMATS, ExportFormat, formatDuration } from "@/lib/incidents";
import { appendAuditBatch, AUDIT_ACTIONS, type AuditEntry } from "@/server/audit";
import { upsertIdentity } from "@/server/auth/users";
import { manualClock } from "@/server/clock";
import { migrate, openStore, tables, type Db } from "@/server/db";
import { closeIncident, declare, exportIncident, incidentFigures, timelinePage } from "@/server/incidents";

const OBSERVATIONS = 60_000;
const AUDITS = 38_000;
const NOTES = 2_000;
const T0 = Date.parse("2026-03-01T12:00:00.000Z");
const SPAN_MS = 3 * 3_600_000;
const REGIONS = ["us-east-1", "us-west-2"] as const;
const OPTS = { dnsTtlSeconds: 60, lagBudgetMs: 1000 };

const at = (ms: number) => new Date(T0 + ms);

async function seed(db: Db): Promise<{ id: string; closedAt: Date }> {
  const clock = manualClock(at(-5 * 60_000));
  const { row } = await upsertIdentity(db, clock, { provider: "local", subject: "olivia", username: "olivia", displayName: "Olivia", roles: ["operator"] });
  const olivia = { id: row.id, username: row.username, name: row.displayName, provider: row.provider, roles: ["operator" as const] };
  const adam = { actor: "u-adam", actorName: "Adam" };
  const system = { actor: "system", actorName: "system" };

  // The story the figures read: impact, a critical finding, the declaration, a decision, a run, a failback.
  await db.insert(tables.observations).values([
    { at: at(-90_000), region: "us-east-1", kind: "health", subject: "api us-east-1", fromValue: "healthy", toValue: "unhealthy", detail: {} },
    { at: at(-60_000), region: "us-east-1", kind: "finding", subject: "region-unreachable:us-east-1", fromValue: null, toValue: "raised", detail: { severity: "critical", title: "Region us-east-1 is down" } },
    { at: at(400_000), region: "us-west-2", kind: "routing", subject: "rc us-west-2", fromValue: "Off", toValue: "On", detail: {} },
  ]);
  await appendAuditBatch(db, clock, [{ actor: olivia.id, actorName: "Olivia", action: AUDIT_ACTIONS.faultToggled, payload: { region: "us-east-1", fault: "region-outage", active: true } }]);
  clock.advance(5 * 60_000);
  const incident = await declare(db, clock, { user: olivia, input: { title: "us-east-1 region outage (benchmark)", severity: "sev1" } });
  const story: [number, AuditEntry][] = [
    [60_000, { actor: olivia.id, actorName: "Olivia", action: AUDIT_ACTIONS.proposalCreated, payload: { proposalId: "p1", runbook: "unplanned-failover", targetRegion: "us-west-2", reason: "us-east-1 dark" } }],
    [120_000, { ...adam, action: AUDIT_ACTIONS.proposalApproved, payload: { proposalId: "p1", runbook: "unplanned-failover", targetRegion: "us-west-2" } }],
    [121_000, { ...adam, action: AUDIT_ACTIONS.runStarted, payload: { runId: "r1", proposalId: "p1", runbook: "unplanned-failover", sourceRegion: "us-east-1", targetRegion: "us-west-2", epoch: 2 } }],
    [420_000, { ...system, action: AUDIT_ACTIONS.runSucceeded, payload: { runId: "r1", runbook: "unplanned-failover", targetRegion: "us-west-2", rpoEstimateMs: 850 } }],
    [7_000_000, { ...system, action: AUDIT_ACTIONS.runStarted, payload: { runId: "r2", proposalId: "p2", runbook: "failback", sourceRegion: "us-west-2", targetRegion: "us-east-1", epoch: 3 } }],
    [8_000_000, { ...system, action: AUDIT_ACTIONS.runSucceeded, payload: { runId: "r2", runbook: "failback", targetRegion: "us-east-1" } }],
  ];

  // Filler: health and lag transitions flapping in both regions, step attempts, notes.
  const obs = Array.from({ length: OBSERVATIONS - 3 }, (_, i) => {
    const region = REGIONS[i % 2] ?? "us-east-1";
    const bad = i % 4 < 2;
    return i % 3 === 0
      ? { at: at((i * SPAN_MS) / OBSERVATIONS), region, kind: "lag-budget", subject: "replication lag", fromValue: bad ? "within budget" : "over budget", toValue: bad ? "over budget" : "within budget", detail: { lag: `${1000 + (i % 900)} ms`, budgetMs: 1000 } }
      : { at: at((i * SPAN_MS) / OBSERVATIONS), region, kind: "health", subject: `api ${region}`, fromValue: bad ? "healthy" : "unhealthy", toValue: bad ? "unhealthy" : "healthy", detail: {} };
  });
  for (let i = 0; i < obs.length; i += 5000) await db.insert(tables.observations).values(obs.slice(i, i + 5000));

  const perBatch = 1000;
  const filler = AUDITS - 1 - 1 - story.length; // the fault toggle and the declaration are audits too
  let done = 0;
  let next = 0;
  while (done < filler) {
    const t = (done * SPAN_MS) / filler;
    while (next < story.length && (story[next]?.[0] ?? Infinity) <= t) {
      const [when, entry] = story[next++] ?? [0, null];
      if (!entry) break;
      clock.advance(Math.max(0, when - (clock.now().getTime() - T0)));
      await appendAuditBatch(db, clock, [entry]);
    }
    clock.advance(Math.max(0, t - (clock.now().getTime() - T0)));
    const n = Math.min(perBatch, filler - done);
    await appendAuditBatch(
      db,
      clock,
      Array.from({ length: n }, (_, k) => ({
        ...system,
        action: k % 2 ? AUDIT_ACTIONS.runStepSucceeded : AUDIT_ACTIONS.runStepStarted,
        payload: { runId: "r1", proposalId: "p1", step: "wait-writer", index: 5, title: "Wait until us-west-2 is the Aurora writer", region: "us-west-2", attempt: done + k, detail: "writer us-west-2, no operation in flight" },
      })),
    );
    done += n;
  }
  for (const [, entry] of story.slice(next)) await appendAuditBatch(db, clock, [entry]);

  const notes = Array.from({ length: NOTES }, (_, i) => ({ incidentId: incident.id, at: at(((i + 0.5) * SPAN_MS) / NOTES), authorId: olivia.id, authorName: "Olivia", text: `Note ${i}: checked the dashboard, "lag, health" still flapping; next update in 5 min` }));
  for (let i = 0; i < notes.length; i += 1000) await db.insert(tables.incidentNotes).values(notes.slice(i, i + 1000));

  const lag = [];
  for (let t = -15 * 60_000; t <= SPAN_MS; t += 5000) {
    lag.push({ region: "us-west-2", at: at(t), replicationLagMs: t < 0 ? 150 : 400 + ((t / 5000) % 40) * 60, rpoLagMs: null });
    lag.push({ region: "us-east-1", at: at(t), replicationLagMs: t > 420_000 ? 80 + ((t / 5000) % 10) * 20 : null, rpoLagMs: null });
  }
  for (let i = 0; i < lag.length; i += 5000) await db.insert(tables.lagSamples).values(lag.slice(i, i + 5000));

  clock.advance(Math.max(0, SPAN_MS - (clock.now().getTime() - T0)));
  const closed = await closeIncident(db, clock, { user: olivia, id: incident.id, input: { resolution: "benchmark" } });
  return { id: incident.id, closedAt: new Date(closed.endedAt ?? clock.now()) };
}

/** Peak RSS while `work` runs, sampled every 5 ms and as the work reports progress (at most every 5 ms). */
async function measured<T>(work: (sample: () => void) => Promise<T>): Promise<{ result: T; ms: number; peakRss: number }> {
  let peak = process.memoryUsage().rss;
  let last = 0;
  const sample = () => {
    const now = performance.now();
    if (now - last < 5) return;
    last = now;
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 5);
  const t0 = performance.now();
  try {
    const result = await work(sample);
    last = 0;
    sample();
    return { result, ms: performance.now() - t0, peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

interface ChildResult {
  ms: number;
  peakRss: number;
  startRss: number;
  bytes: number;
}

/**
 * One export in a process of its own (`--child <dir> <format> <incident>`), so its peak RSS is the
 * export's and not the seeding's: opens the store, exports to a file, prints one JSON line.
 */
async function child(dir: string, format: ExportFormat, id: string): Promise<void> {
  const store = await openStore({ kind: "pglite", dataDir: join(dir, "db") });
  try {
    const startRss = process.memoryUsage().rss;
    const file = join(dir, `export.${format}`);
    const clock = manualClock(new Date(T0 + SPAN_MS + 60_000));
    const { ms, peakRss } = await measured(async (sample) => {
      const out = await exportIncident(store.db, clock, id, format, OPTS);
      async function* sampled(body: AsyncIterable<Uint8Array>) {
        for await (const chunk of body) {
          sample();
          yield chunk;
        }
      }
      await pipeline(Readable.from(sampled(out.body)), createWriteStream(file));
    });
    const result: ChildResult = { ms, peakRss, startRss, bytes: (await stat(file)).size };
    console.log(JSON.stringify(result));
  } finally {
    await store.close();
  }
}

function runChild(dir: string, format: ExportFormat, id: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--child", dir, format, id], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
    proc.on("error", reject);
    proc.on("exit", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !line.startsWith("{")) return reject(new Error(`${format} export exited ${code}: ${out}`));
      resolve(JSON.parse(line) as ChildResult);
    });
  });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "fc-bench-timeline-"));
  try {
    const store = await openStore({ kind: "pglite", dataDir: join(dir, "db") });
    let id: string;
    try {
      await migrate(store.db);
      const db = store.db;
      let t = performance.now();
      const seeded = await seed(db);
      id = seeded.id;
      console.log(`seeded ${(OBSERVATIONS + AUDITS + NOTES).toLocaleString("en-US")} timeline events in ${((performance.now() - t) / 1000).toFixed(1)} s (PGlite on disk)`);
      const clock = manualClock(new Date(seeded.closedAt.getTime() + 60_000));
      t = performance.now();
      const page = await timelinePage(db, { id, startedAt: new Date(T0).toISOString(), endedAt: seeded.closedAt.toISOString() }, { limit: 200 }, clock.now());
      console.log(`timeline page of ${page.events.length} events: ${(performance.now() - t).toFixed(0)} ms`);
      t = performance.now();
      const { figures } = await incidentFigures(db, clock, id, OPTS);
      console.log(`figures (one pass over the timeline): ${((performance.now() - t) / 1000).toFixed(2)} s — detect ${formatDuration(figures.timeToDetect.ms)}, decide ${formatDuration(figures.timeToDecide.ms)}, RTO ${formatDuration(figures.timeToRecover.ms)}, RPO ${formatDuration(figures.dataLoss.ms)}, failback ${formatDuration(figures.timeToFailback.ms)}`);
    } finally {
      await store.close();
    }
    console.log("each export in a fresh process (store opened first; RSS at start → peak):");
    for (const format of EXPORT_FORMATS) {
      const r = await runChild(dir, format, id);
      console.log(`  ${format.padEnd(4)} ${(r.ms / 1000).toFixed(2)} s, RSS ${mb(r.startRss)} → peak ${mb(r.peakRss)}, ${(r.bytes / 1e6).toFixed(1)} MB written (targets < 5 s, < 500 MB)`);
    }
    if (process.env.BENCH_KEEP) console.log(`files kept in ${dir}`);
  } finally {
    if (!process.env.BENCH_KEEP) await rm(dir, { recursive: true, force: true });
  }
}

const [flag, childDir, childFormat, childId] = process.argv.slice(2);
if (flag === "--child" && childDir && childId && ExportFormat.safeParse(childFormat).success) {
  void child(childDir, ExportFormat.parse(childFormat), childId);
} else {
  void main();
}
