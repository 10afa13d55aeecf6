/**
 * Start-up and idle memory of the BUILT console (`npm run build` first), started as `npm start`
 * starts it: the time from spawning it to the first 200 from /api/health, and its resident memory
 * after ~10 s of idling. PGlite in a fresh temporary folder, several times; PostgreSQL too when
 * TEST_DATABASE_URL or DATABASE_URL is set. Prints figures (and the machine's load, which they
 * depend on); asserts nothing.
 *
 *   npm run bench:startup                 # 3 runs each
 *   STARTUP_RUNS=5 npm run bench:startup
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { START_ARGS } from "@/scripts/start-command";

const PORT = 3340;
const IDLE_MS = 10_000;
const runs = Number(process.env.STARTUP_RUNS ?? 3);

interface Figures {
  healthMs: number;
  idleRssMb: number;
  cpuSecondsAtHealth: number;
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return Math.round(Number(line?.split(/\s+/)[1] ?? NaN) / 1024);
}

async function once(env: Record<string, string>): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), "fc-startup-"));
  const started = performance.now();
  const child = spawn(process.execPath, [...START_ARGS], {
    env: { ...process.env, PORT: String(PORT), CONSOLE_DATA_DIR: join(dataDir, "data"), ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("the console did not start");
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the console exited with ${child.exitCode}`);
      const up = await fetch(`http://127.0.0.1:${PORT}/api/health`).then((r) => r.ok, () => false);
      if (up) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const healthMs = performance.now() - started;
    const cpuSecondsAtHealth = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    return { healthMs, idleRssMb: rssMb(pid), cpuSecondsAtHealth };
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
}

async function series(label: string, env: Record<string, string>): Promise<void> {
  const all: Figures[] = [];
  for (let i = 0; i < runs; i++) all.push(await once(env));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  console.log(
    `${label.padEnd(12)} start → /api/health: median ${(median(all.map((f) => f.healthMs)) / 1000).toFixed(2)} s ` +
      `(runs: ${all.map((f) => (f.healthMs / 1000).toFixed(2)).join(", ")}); CPU used by then: median ${median(all.map((f) => f.cpuSecondsAtHealth)).toFixed(2)} s; ` +
      `idle RSS after ${IDLE_MS / 1000} s: median ${median(all.map((f) => f.idleRssMb))} MB (runs: ${all.map((f) => f.idleRssMb).join(", ")})`,
  );
}

console.log(`node ${process.version}, \`node ${START_ARGS.join(" ")}\`, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
// DATABASE_URL would otherwise reach the PGlite runs through the environment.
await series("PGlite", { DATABASE_URL: "" });
const pg = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (pg) await series("PostgreSQL", { DATABASE_URL: pg });
else console.log("PostgreSQL   skipped (set TEST_DATABASE_URL or DATABASE_URL)");
