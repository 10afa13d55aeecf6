/**
 * Figure (issue 14): a change made through replica A → visible to a browser on replica B, p50/p95.
 * Two built consoles (`npm run build` first) in sim mode on one fresh PostgreSQL database (on
 * BENCH_DATABASE_URL's server, else TEST_DATABASE_URL's). Olivia adds a note to an incident through
 * A; Vera's event stream on B is read until it carries `event: change` for that incident, then B
 * is asked for the incident until the note is in it — what the browser does on that event.
 * Prints both times, over ~50 changes spaced apart so none rides along with the one before.
 */
import { freshBenchDatabase, percentile, signIn, startConsole } from "./console";

const CHANGES = Number(process.env.BENCH_CHANGES ?? 50);
const DATABASE = "fc_bench_replicas";

/** Reads B's stream and resolves the waiter for each incident id as soon as a change for it arrives. */
function followChanges(base: string, cookie: string, abort: AbortSignal): { next(id: string): Promise<number> } {
  const waiters = new Map<string, (at: number) => void>();
  void (async () => {
    const res = await fetch(`${base}/api/stream`, { headers: { cookie }, signal: abort });
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no stream body");
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!message.startsWith("event: change\n")) continue;
        const at = performance.now();
        const data = message.slice(message.indexOf("data: ") + 6);
        for (const change of (JSON.parse(data) as { changes: { kind: string; id: string }[] }).changes) {
          if (change.kind === "incident") waiters.get(change.id)?.(at);
        }
      }
    }
  })();
  return {
    next: (id) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no change event within 10 s")), 10_000);
        waiters.set(id, (at) => {
          clearTimeout(timer);
          waiters.delete(id);
          resolve(at);
        });
      }),
  };
}

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const url = await freshBenchDatabase(DATABASE, "bench:replicas");
const env = { DATABASE_URL: url, CONSOLE_CONFIG: "e2e/fixtures/console.replicas.yaml" };
const a = await startConsole(3403, env);
const b = await startConsole(3404, env);
const abort = new AbortController();
try {
  const olivia = await signIn(a.base, "olivia", "olivia-demo-pass");
  const vera = await signIn(b.base, "vera", "vera-demo-pass");
  const post = (path: string, body: unknown) =>
    fetch(`${a.base}${path}`, { method: "POST", headers: { cookie: olivia, "content-type": "application/json", origin: a.base }, body: JSON.stringify(body) });
  const { incident } = await json<{ incident: { id: string } }>(await post("/api/incidents", { title: "bench: replica live updates", severity: "sev3" }), "declare");
  const stream = followChanges(b.base, vera, abort.signal);
  await new Promise((r) => setTimeout(r, 1000));

  const carried: number[] = [];
  const visible: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    const text = `bench note ${i}`;
    const heard = stream.next(incident.id);
    const t0 = performance.now();
    await json(await post(`/api/incidents/${incident.id}/notes`, { text }), "note");
    const tCarried = await heard;
    carried.push(tCarried - t0);
    // What the browser does on that event: read the incident again, from B.
    for (;;) {
      const detail = await json<{ notes?: { text: string }[]; incident?: unknown }>(await fetch(`${b.base}/api/incidents/${incident.id}`, { headers: { cookie: vera } }), "read");
      if (JSON.stringify(detail).includes(text)) break;
    }
    visible.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 150 + Math.random() * 150));
  }
  const show = (label: string, xs: number[]) => {
    const sorted = [...xs].sort((x, y) => x - y);
    console.log(`${label}: p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, max ${(sorted[sorted.length - 1] ?? NaN).toFixed(0)} ms (n=${sorted.length})`);
  };
  console.log(`two replicas on one PostgreSQL (${new URL(url).host}), ${CHANGES} incident notes added through A:`);
  show("  note written on A → B's stream carries the change", carried);
  show("  note written on A → B serves it (the browser's re-read)   ", visible);
} finally {
  abort.abort();
  await Promise.all([a.stop(), b.stop()]);
}
