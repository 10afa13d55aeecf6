import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { signIn } from "@/bench/console";
import { START_ARGS } from "./start-command";

// These run the compiled console as `npm start` does, so they need `npm run build` first
// (`npm test` builds before the unit tests). Without a build they are skipped, except in CI.
const built = existsSync("dist/serve.mjs") && existsSync(".next/BUILD_ID");
if (!built) {
  const msg = "no build (dist/serve.mjs, .next/BUILD_ID): the compiled-console tests are skipped (run `npm run build`).";
  if (process.env.CI) throw new Error(`${msg} CI must run them.`);
  console.warn(msg);
}

// Ports 3380–3397 are these tests' own (a base per process, one port per test).
let nextPort = 3380 + (process.pid % 6) * 3;

interface Started {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
  stdout: () => string;
}

async function startBuilt(configYaml: string): Promise<Started> {
  const dir = await mkdtemp(join(tmpdir(), "fc-built-"));
  const config = join(dir, "console.yaml");
  await writeFile(config, configYaml);
  const port = nextPort++;
  const child = spawn(process.execPath, START_ARGS, {
    env: { ...process.env, PORT: String(port), CONSOLE_CONFIG: config, CONSOLE_DATA_DIR: join(dir, "data"), NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await waitFor(() => out.includes("ready at"), 90_000, () => `the console did not start: ${out}`);
  return { child, port, exited, stdout: () => out };
}

async function waitFor(done: () => boolean, ms: number, why: () => string): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error(why());
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** CPU seconds the process has used (Linux /proc; user + system). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resolves with the exit code, or "hung" after `ms` (and kills the process so the suite moves on). */
async function exitWithin(s: Started, ms: number): Promise<number | null | "hung"> {
  const timer = new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), ms));
  const result = await Promise.race([s.exited, timer]);
  if (result === "hung") s.child.kill("SIGKILL");
  return result;
}

// Logs an audit head every second, so the console writes to its dead pipes on its own.
const CHATTY = "mode: sim\naudit:\n  headPublishIntervalSeconds: 1\n";

describe.runIf(built)("the compiled console", () => {
  it("answers /api/health/live and /api/health/ready without a session", async () => {
    const s = await startBuilt(CHATTY);
    try {
      const live = await fetch(`http://127.0.0.1:${s.port}/api/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${s.port}/api/health/ready`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { status: string; store: { reachable: boolean; latencyMs?: number } };
      expect(body.status).toBe("ready");
      expect(body.store.reachable).toBe(true);
      expect(typeof body.store.latencyMs).toBe("number");
      expect(body).toHaveProperty("leadership");
    } finally {
      s.child.kill("SIGKILL");
    }
  }, 120_000);

  it("on SIGTERM closes its event streams, stops and exits 0", async () => {
    const s = await startBuilt(CHATTY);
    const base = `http://127.0.0.1:${s.port}`;
    const cookie = await signIn(base, "vera", "vera-demo-pass");
    const res = await fetch(`${base}/api/stream`, { headers: { cookie, accept: "text/event-stream" } });
    expect(res.status).toBe(200);
    const body = res.body;
    if (!body) throw new Error("no stream body");
    const reader = body.getReader();
    await reader.read(); // the first snapshot: the stream is open
    s.child.kill("SIGTERM");
    // The server cuts the stream (an EventSource reconnects to another replica); it never just hangs.
    const ended = await Promise.race([
      (async () => {
        for (;;) {
          const chunk = await reader.read().catch(() => ({ done: true }));
          if (chunk.done) return "ended";
        }
      })(),
      new Promise((resolve) => setTimeout(() => resolve("still open"), 10_000)),
    ]);
    expect(ended).toBe("ended");
    expect(await exitWithin(s, 15_000)).toBe(0);
    expect(s.stdout()).toContain("closed 1 event streams");
    expect(s.stdout()).toContain("failover-console: stopped");
  }, 120_000);

  it("survives its log pipes dying: no busy loop, and SIGTERM still stops it", async () => {
    const s = await startBuilt(CHATTY);
    const pid = s.child.pid;
    if (pid === undefined) throw new Error("no pid");
    // The log collector dies: both pipes close under the console.
    s.child.stdout?.destroy();
    s.child.stderr?.destroy();
    // It keeps logging (an audit head every second) into the dead pipes for a while.
    await new Promise((r) => setTimeout(r, 2_000));
    const before = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 4_000));
    const used = cpuSeconds(pid) - before;
    s.child.kill("SIGTERM");
    const code = await exitWithin(s, 15_000);
    // An idle console uses a few hundredths of a CPU second in 4 s; a loop writing EPIPE errors uses seconds.
    expect({ cpuSecondsIn4s: used < 1.5 ? "idle" : used, afterSigterm: code === "hung" ? "still running after 15 s" : "exited" }).toEqual({
      cpuSecondsIn4s: "idle",
      afterSigterm: "exited",
    });
  }, 120_000);
});
