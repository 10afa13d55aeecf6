import type { ChangeBatch } from "@/lib/live";
import { authed } from "@/server/http/route";
import { getRuntime } from "@/server/runtime";

// A comment line every 15 s keeps proxies from closing an idle stream.
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events: the current snapshot at once, then each new one (`event: snapshot`); and
 * which records changed on any replica (`event: change`, ids only: the browser re-reads what it
 * shows). Every viewer shares the monitor's one serialised snapshot; viewers add no provider
 * calls (invariant 9).
 */
export const GET = authed([], async ({ req }) => {
  const { monitor, changes } = await getRuntime();
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup(); // the client went away between a publish and this write
        }
      };
      send(`retry: 2000\nevent: snapshot\ndata: ${monitor.snapshotJson()}\n\n`);
      const unsubscribe = monitor.subscribe(() => send(`event: snapshot\ndata: ${monitor.snapshotJson()}\n\n`));
      const unsubscribeChanges = changes.subscribe((batch) => {
        const body: ChangeBatch = { changes: batch };
        send(`event: change\ndata: ${JSON.stringify(body)}\n\n`);
      });
      const heartbeat = setInterval(() => send(": heartbeat\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        unsubscribe();
        unsubscribeChanges();
        clearInterval(heartbeat);
      };
      req.signal.addEventListener("abort", () => {
        cleanup();
        controller.close();
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-store, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
});
