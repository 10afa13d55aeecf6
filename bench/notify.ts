/**
 * `npm run bench:notify`: notification delivery latency after the event (issue 15 §5 benchmark:
 * p95 < 2 s with a healthy receiver). A PGlite store, the notifier as the leader runs it (woken by
 * the database's announcement of each audit insert, with polling only as a 5 s fallback), two
 * destinations (Slack-style and a signed webhook) on a healthy local receiver in its own process
 * (as a real receiver would be: the console's busy event loop does not slow its answers). Each event is a
 * proposal and then its rejection, made through the real actions; latency is from the action's
 * commit to the receiver having the request. Prints figures; asserts nothing.
 */
import { propose, reject } from "@/server/approvals";
import { PLANNED, readiness, seedUser } from "@/server/approvals/testing";
import { systemClock } from "@/server/clock";
import { migrate, openStore } from "@/server/db";
import { soleDriver } from "@/server/leader";
import { Notifier } from "@/server/notifications";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const PAIRS = 60;
const GAP_MS = 25;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function main(): Promise<void> {
  const store = await openStore({ kind: "pglite", dataDir: null });
  await migrate(store.db);
  const receiver = await childReceiver();
  const notifier = new Notifier({
    db: store.db,
    clock: systemClock,
    fence: soleDriver(),
    destinations: [
      { name: "chat", type: "slack", url: receiver.url, events: ["proposal.pending", "proposal.rejected"] },
      { name: "hook", type: "webhook", url: receiver.url, secret: "s".repeat(40), events: ["proposal.pending", "proposal.rejected"] },
    ],
    publicUrl: "https://console.example.com",
    policy: { timeoutMs: 5_000, concurrency: 8, maxAttempts: 10, maxAgeMinutes: 60, backoffBaseMs: 2_000, backoffMaxMs: 300_000 },
    store,
    pollMs: 5_000,
  });
  await notifier.start();
  await notifier.idle();
  const olivia = await seedUser(store.db, "olivia", ["operator"]);
  const rita = await seedUser(store.db, "rita", ["approver"]);

  // Commit time of each event, keyed by what the receiver will see (kind and proposal id).
  const committed = new Map<string, number>();
  for (let i = 0; i < PAIRS; i++) {
    const p = await propose(store.db, systemClock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
    committed.set(`proposal.pending/${p.id}`, Date.now());
    await new Promise((r) => setTimeout(r, GAP_MS));
    await reject(store.db, systemClock, { user: rita, proposalId: p.id, input: { reason: `bench ${i}` } });
    committed.set(`proposal.rejected/${p.id}`, Date.now());
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  const expected = committed.size * 2;
  const deadline = Date.now() + 60_000;
  while (receiver.received.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

  const latencies: number[] = [];
  for (const r of receiver.received) {
    const body = r.json as { kind?: string; subject?: { id?: string }; blocks?: { elements?: { url?: string }[] }[] };
    // The webhook body names kind and subject; the Slack message's button links to the proposal.
    const id = body.subject?.id ?? body.blocks?.flatMap((b) => b.elements ?? []).find((e) => e.url)?.url?.split("proposal=")[1];
    const kind = body.kind ?? (JSON.stringify(body).includes("rejected") ? "proposal.rejected" : "proposal.pending");
    const at = committed.get(`${kind}/${id ?? ""}`);
    if (at !== undefined) latencies.push(r.at - at);
  }
  latencies.sort((a, b) => a - b);
  console.log(`events: ${committed.size}, deliveries expected: ${expected}, received: ${receiver.received.length}, matched: ${latencies.length}`);
  console.log(`event → delivery latency: p50 ${pct(latencies, 50)} ms, p95 ${pct(latencies, 95)} ms, max ${latencies.at(-1)} ms (target p95 < 2000 ms)`);
  await notifier.stop();
  await receiver.close();
  await store.close();
}

interface Got {
  at: number;
  json: unknown;
}

/** A healthy receiver (node:http, port 0) in a child process; it reports each request's arrival time and body on stdout. */
async function childReceiver(): Promise<{ url: string; received: Got[]; close(): Promise<void> }> {
  const script = `
    const http = require("node:http");
    const server = http.createServer((req, res) => {
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        process.stdout.write(JSON.stringify({ at: Date.now(), body: Buffer.concat(chunks).toString() }) + "\\n");
        res.writeHead(200).end("ok");
      });
    });
    server.listen(0, "127.0.0.1", () => process.stdout.write(JSON.stringify({ port: server.address().port }) + "\\n"));`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const received: Got[] = [];
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve) => {
    lines.on("line", (line) => {
      const msg = JSON.parse(line) as { port?: number; at?: number; body?: string };
      if (msg.port) resolve(msg.port);
      else if (msg.at && msg.body) received.push({ at: msg.at, json: JSON.parse(msg.body) });
    });
  });
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill();
      }),
  };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
